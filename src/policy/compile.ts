// Compiles a policy document once into matchers; evaluation then reuses them for every request.
// Validation (validate/) reports what AWS rejects; compile only refuses what it cannot interpret.
import { compileAction, compileResource, type ResourcePattern } from './action-resource.js';
import { compileConditions, type CompiledCondition } from './condition.js';
import type { Glob } from './glob.js';
import { PolicyError } from './policy-error.js';
import { compilePrincipals, type PrincipalSet } from './principal.js';
import type { Effect, PolicyKind, Reason } from './types.js';

export interface CompiledStatement {
  readonly index: number;
  /** The Sid, or `#<index>`. */
  readonly label: string;
  readonly effect: Effect;
  readonly actions: readonly Glob[];
  readonly notAction: boolean;
  /** null when the statement has no Resource/NotResource element. */
  readonly resources: readonly ResourcePattern[] | null;
  readonly notResource: boolean;
  /** null when the statement has no Principal/NotPrincipal element. */
  readonly principals: PrincipalSet | null;
  readonly notPrincipal: boolean;
  readonly conditions: readonly CompiledCondition[];
  /** Built once so that evaluation allocates nothing per statement. */
  readonly reasons: { readonly identity: Reason; readonly direct: Reason; readonly account: Reason };
}

export interface CompiledPolicy {
  /** How reasons and traces name this policy: `resourcePolicy`, `identityPolicies[0]`, a policy ARN… */
  readonly name: string;
  readonly kind: PolicyKind;
  readonly version: string | undefined;
  readonly statements: readonly CompiledStatement[];
  /** Short ARN patterns count as wildcards in identity policies only (see action-resource.ts). */
  readonly shortIsWildcard: boolean;
  /** Role trust policies have no Resource: their statements apply to the role they are attached to. */
  readonly resourceOptional: boolean;
}

export interface CompileOptions {
  name: string;
  kind: PolicyKind;
}

function list(value: unknown, path: string): string[] {
  const items = Array.isArray(value) ? value : [value];
  items.forEach((v, i) => {
    if (typeof v !== 'string') throw new PolicyError('expected a string or an array of strings', Array.isArray(value) ? `${path}[${i}]` : path);
  });
  return items as string[];
}

/** Accepts the document as JSON text or as a parsed value. */
export function compilePolicy(document: unknown, options: CompileOptions): CompiledPolicy {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      throw new PolicyError('the policy is not valid JSON', '$');
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new PolicyError('a policy must be a JSON object', '$');
  const { Version: version, Statement: raw } = doc as Record<string, unknown>;
  if (version !== undefined && typeof version !== 'string') throw new PolicyError('Version must be a string', '$.Version');
  // Policy variables are substituted only under 2012-10-17 (policy-semantics.md §4.7).
  const substitute = version === '2012-10-17';
  const identity = options.kind === 'identity';
  const single = raw !== null && typeof raw === 'object' && !Array.isArray(raw);
  const raws: unknown[] = raw === undefined ? [] : single ? [raw] : Array.isArray(raw) ? raw : [null];
  const statements = raws.map((s, index) =>
    compileStatement(s, index, single ? '$.Statement' : `$.Statement[${index}]`, substitute, identity, options.name),
  );
  return {
    name: options.name,
    kind: options.kind,
    version,
    statements,
    shortIsWildcard: identity,
    resourceOptional: options.kind === 'resource',
  };
}

function compileStatement(
  raw: unknown,
  index: number,
  path: string,
  substitute: boolean,
  identity: boolean,
  policy: string,
): CompiledStatement {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new PolicyError('a statement must be an object', path);
  const s = raw as Record<string, unknown>;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new PolicyError('Effect must be `Allow` or `Deny`', `${path}.Effect`);
  const effect = s.Effect;
  if (s.Sid !== undefined && typeof s.Sid !== 'string') throw new PolicyError('Sid must be a string', `${path}.Sid`);
  const label = s.Sid ? s.Sid : `#${index}`;
  const notAction = s.NotAction !== undefined;
  const notResource = s.NotResource !== undefined;
  const notPrincipal = s.NotPrincipal !== undefined;
  if (notAction && s.Action !== undefined) throw new PolicyError('a statement cannot have both Action and NotAction', path);
  if (notResource && s.Resource !== undefined) throw new PolicyError('a statement cannot have both Resource and NotResource', path);
  if (notPrincipal && s.Principal !== undefined) throw new PolicyError('a statement cannot have both Principal and NotPrincipal', path);
  const principalKey = notPrincipal ? 'NotPrincipal' : 'Principal';
  if (identity && s[principalKey] !== undefined) {
    throw new PolicyError(`an identity policy cannot have ${principalKey}`, `${path}.${principalKey}`);
  }
  const actionKey = notAction ? 'NotAction' : 'Action';
  const resourceKey = notResource ? 'NotResource' : 'Resource';
  const rawActions = s[actionKey];
  const rawResources = s[resourceKey];
  const rawPrincipals = s[principalKey];
  const reason = (via: Reason['via']): Reason => ({ policy, statement: label, index, effect, via });
  return {
    index,
    label,
    effect,
    actions: rawActions === undefined ? [] : list(rawActions, `${path}.${actionKey}`).map(compileAction),
    notAction,
    resources:
      rawResources === undefined
        ? null
        : list(rawResources, `${path}.${resourceKey}`).map((r) => compileResource(r, substitute, identity)),
    notResource,
    principals: rawPrincipals === undefined ? null : compilePrincipals(rawPrincipals, `${path}.${principalKey}`),
    notPrincipal,
    conditions: compileConditions(s.Condition, substitute, `${path}.Condition`),
    reasons: { identity: reason('identity'), direct: reason('direct'), account: reason('account') },
  };
}
