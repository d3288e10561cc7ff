// The decision procedure (policy-semantics.md §4.2), pure: no I/O, no clock. Every applicable
// statement is found first; an applicable Deny anywhere wins; otherwise the grant rule of the
// resource kind decides.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
import { resourceMatches } from './action-resource.js';
import type { CompiledPolicy, CompiledStatement } from './compile.js';
import { conditionHolds, describeCondition } from './condition.js';
import { anyLinkListed, matchPrincipal, wholeChainListed, type PrincipalMatch } from './principal.js';
import type { PreparedRequest } from './request.js';
import type { Check, Decision, Missing, Reason, StatementTrace } from './types.js';

export interface PolicySet {
  /** The caller's identity policies (its own and its groups', inline and managed, already compiled). */
  readonly identity?: readonly CompiledPolicy[];
  /** The key policy, bucket policy or other resource policy, if the resource has one. */
  readonly resource?: CompiledPolicy | null;
}

export interface EvaluateOptions {
  /** Record for every statement which element matched or failed and why. Slower; off by default. */
  readonly trace?: boolean;
}

/**
 * The only KMS operations another account can ever be allowed (key policy plus its own IAM policy):
 * the cryptographic operations, the grant operations and DescribeKey/GetKeyRotationStatus/GetPublicKey.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 */
export const KMS_CROSS_ACCOUNT_ACTIONS: ReadonlySet<string> = new Set(
  [
    'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
    'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify', 'VerifyMac',
    'DeriveSharedSecret', 'CreateGrant', 'ListGrants', 'RetireGrant', 'RevokeGrant', 'DescribeKey',
    'GetKeyRotationStatus', 'GetPublicKey',
  ].map((a) => `kms:${a.toLowerCase()}`),
);

const NO_POLICIES: readonly CompiledPolicy[] = [];

/** How a statement applies: 'identity' for identity-policy statements, else how its principal matched; null if it does not. */
type Applies = 'identity' | 'direct' | 'account' | null;

export function evaluate(request: PreparedRequest, policies: PolicySet, options: EvaluateOptions = {}): Decision {
  const caller = request.caller;
  // Service principals and anonymous callers have no identity policies: only the resource policy grants.
  const identityApplies = caller.kind !== 'service' && caller.kind !== 'anonymous';
  const identity = identityApplies ? (policies.identity ?? NO_POLICIES) : NO_POLICIES;
  const resource = policies.resource ?? null;
  const trace: StatementTrace[] = [];
  const sink = options.trace ? trace : null;

  let denies: Reason[] | null = null;
  let identityAllows: Reason[] | null = null;
  let direct: Reason[] | null = null;
  let delegated: Reason[] | null = null;

  for (const policy of identity) {
    for (const st of policy.statements) {
      const applies = statementApplies(st, policy, request, sink);
      if (applies === null) continue;
      if (st.effect === 'Deny') (denies ??= []).push(st.reasons.identity);
      else (identityAllows ??= []).push(st.reasons.identity);
    }
  }
  if (resource) {
    for (const st of resource.statements) {
      const applies = statementApplies(st, resource, request, sink);
      if (applies === null) continue;
      if (st.effect === 'Deny') (denies ??= []).push(applies === 'account' ? st.reasons.account : st.reasons.direct);
      else if (applies === 'account') (delegated ??= []).push(st.reasons.account);
      else (direct ??= []).push(st.reasons.direct);
    }
  }
  if (sink && !identityApplies && policies.identity?.length) {
    sink.push(...policies.identity.flatMap((p) => p.statements.map((st) => skipped(p, st))));
  }

  if (denies) return { effect: 'ExplicitDeny', reasons: denies, trace };

  const allow = (reasons: Reason[]): Decision => ({ effect: 'Allow', reasons, trace });
  const deny = (missing: Missing): Decision => ({ effect: 'ImplicitDeny', reasons: [], missing, trace });

  if (!identityApplies) return direct ? allow(direct) : deny('service-needs-resource-policy');

  // The root user is implicitly allowed on the identity side (evaluation-logic page).
  const identityOk = caller.kind === 'root' || identityAllows !== null;
  const idReasons = identityAllows ?? [];
  const sameAccount = request.resourceAccount === caller.account;

  if (request.resourceKind === 'kms-key' || request.resourceKind === 'role-trust') {
    if (request.resourceKind === 'kms-key' && !sameAccount && !KMS_CROSS_ACCOUNT_ACTIONS.has(request.actionLower)) {
      return deny('cross-account-unsupported');
    }
    if (sameAccount) {
      // No implicit account trust: the key policy (or trust policy) must allow the caller directly,
      // or delegate this action (with this statement's own conditions) to the account and IAM must allow it.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_compare-resource-policies.html
      const viaDelegation = delegated !== null && identityOk;
      if (!direct && !viaDelegation) return deny(delegated ? 'identity' : 'resource');
      return allow([...(direct ?? []), ...(viaDelegation ? [...delegated!, ...idReasons] : [])]);
    }
  } else if (sameAccount) {
    // Same account, ordinary services: the identity policy OR a direct resource-policy grant.
    // An account principal in the resource policy is delegation and grants nothing by itself.
    // `identity` when the resource policy delegates to the caller's account; otherwise neither side allows.
    if (!identityOk && !direct) return deny(delegated ? 'identity' : 'both');
    return allow([...(direct ?? []), ...idReasons]);
  }

  // Cross account: the resource policy must allow (directly or through the account) and so must IAM.
  const resourceSide = direct !== null || delegated !== null;
  if (!resourceSide || !identityOk) return deny(!resourceSide ? (identityOk ? 'resource' : 'both') : 'identity');
  return allow([...(direct ?? []), ...(delegated ?? []), ...idReasons]);
}

function skipped(policy: CompiledPolicy, st: CompiledStatement): StatementTrace {
  return {
    policy: policy.name,
    statement: st.label,
    index: st.index,
    effect: st.effect,
    applies: false,
    checks: [{ element: 'Principal', ok: false, text: 'identity policies do not apply to service principals or anonymous callers' }],
  };
}

/**
 * Whether one statement applies. Without a trace it stops at the first element that fails and
 * allocates nothing; with a trace it checks every element and records each.
 */
function statementApplies(
  st: CompiledStatement,
  policy: CompiledPolicy,
  request: PreparedRequest,
  sink: StatementTrace[] | null,
): Applies {
  const checks: Check[] | null = sink ? [] : null;
  let ok = actionApplies(st, request, checks);
  if (!ok && !checks) return null;
  ok = resourceApplies(st, policy, request, checks) && ok;
  if (!ok && !checks) return null;
  let via: PrincipalMatch | 'identity' = 'identity';
  if (policy.kind !== 'identity') {
    via = principalApplies(st, request, checks);
    ok = via !== null && ok;
    if (!ok && !checks) return null;
  }
  for (const condition of st.conditions) {
    const holds = conditionHolds(condition, request.context);
    if (checks) checks.push({ element: 'Condition', ok: holds, text: describeCondition(condition, request.context, holds) });
    else if (!holds) return null;
    ok = holds && ok;
  }
  if (sink) {
    sink.push({ policy: policy.name, statement: st.label, index: st.index, effect: st.effect, applies: ok, checks: checks! });
  }
  return ok ? via : null;
}

function actionApplies(st: CompiledStatement, request: PreparedRequest, checks: Check[] | null): boolean {
  let matched: string | null = null;
  for (const glob of st.actions) {
    if (glob.matches(request.actionLower)) {
      matched = glob.source;
      break;
    }
  }
  const ok = st.notAction ? matched === null : matched !== null;
  if (checks) {
    const element = st.notAction ? 'NotAction' : 'Action';
    const list = st.actions.map((g) => '`' + g.source + '`').join(', ') || 'nothing';
    const text =
      st.actions.length === 0
        ? 'the statement has no Action, so it applies to no action'
        : matched !== null
          ? `action \`${request.action}\` matches \`${matched}\`${st.notAction ? ', which NotAction excludes' : ''}`
          : `action \`${request.action}\` matches none of ${list}${st.notAction ? ', so NotAction includes it' : ''}`;
    checks.push({ element, ok, text });
  }
  return ok;
}

function resourceApplies(
  st: CompiledStatement,
  policy: CompiledPolicy,
  request: PreparedRequest,
  checks: Check[] | null,
): boolean {
  if (st.resources === null) {
    // A statement without Resource is ineffective (KMS accepts it, §6.3), except in a role trust
    // policy, whose resource is the role itself.
    if (checks) {
      checks.push({
        element: 'Resource',
        ok: policy.resourceOptional,
        text: policy.resourceOptional ? 'no Resource: the statement applies to the resource it is attached to' : 'the statement has no Resource, so it applies to nothing',
      });
    }
    return policy.resourceOptional;
  }
  let matched: string | null = null;
  for (const pattern of st.resources) {
    if (resourceMatches(pattern, request.resource, request.resourceParts, request.context, policy.shortIsWildcard)) {
      matched = pattern.text;
      break;
    }
  }
  const ok = st.notResource ? matched === null : matched !== null;
  if (checks) {
    const element = st.notResource ? 'NotResource' : 'Resource';
    const list = st.resources.map((r) => '`' + r.text + '`').join(', ');
    const text =
      matched !== null
        ? `resource \`${request.resource}\` matches \`${matched}\`${st.notResource ? ', which NotResource excludes' : ''}`
        : `resource \`${request.resource}\` matches none of ${list}${st.notResource ? ', so NotResource includes it' : ''}`;
    checks.push({ element, ok, text });
  }
  return ok;
}

function principalApplies(st: CompiledStatement, request: PreparedRequest, checks: Check[] | null): PrincipalMatch {
  const set = st.principals;
  const caller = request.caller;
  let via: PrincipalMatch;
  let text = '';
  if (set === null) {
    via = null;
    if (checks) text = 'the statement has no Principal, so it applies to no caller';
  } else if (!st.notPrincipal) {
    via = matchPrincipal(set, caller);
    if (checks) {
      const who = describeCaller(request);
      text =
        via === 'direct'
          ? `principal ${set.text} names ${who}`
          : via === 'account'
            ? `principal ${set.text} names the account \`${caller.account}\` of ${who}: delegation to its IAM policies`
            : `principal ${set.text} does not name ${who}`;
    }
  } else {
    // Deny+NotPrincipal exempts only a caller whose whole identity chain is listed; Allow+NotPrincipal
    // excludes a caller when any link is listed (see principal.ts). Either way it is a direct match.
    const exempt = st.effect === 'Deny' ? wholeChainListed(set, caller) : anyLinkListed(set, caller);
    via = exempt ? null : 'direct';
    if (checks) {
      text = exempt
        ? `NotPrincipal ${set.text} lists ${describeCaller(request)}${st.effect === 'Deny' ? ' and every link of its identity chain' : ''}`
        : `NotPrincipal ${set.text} does not list ${st.effect === 'Deny' ? 'every link of the identity chain of ' : ''}${describeCaller(request)}`;
    }
  }
  if (checks) checks.push({ element: st.notPrincipal ? 'NotPrincipal' : 'Principal', ok: via !== null, text });
  return via;
}

export function describeCaller(request: PreparedRequest): string {
  const caller = request.caller;
  if (caller.kind === 'anonymous') return 'an anonymous caller';
  if (caller.kind === 'service') return `the service \`${caller.arn}\``;
  return '`' + caller.arn + '`';
}
