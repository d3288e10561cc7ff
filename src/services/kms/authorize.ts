// Who may do what to a key (aws-behavior.md §6.6, policy-semantics.md §4.2 "Same account, KMS key",
// "KMS cross account"). The policy engine decides from the key policy and the caller's IAM policies;
// KMS adds grants, which allow what the engine left implicitly denied but never override an
// explicit Deny. Operations on no key (CreateKey, ListKeys, ListAliases, GenerateRandom) and the
// alias half of the alias operations are decided by IAM policies alone.
import { accessDeniedText } from '../../core/access-denied.js';
import type { Call } from '../../core/call.js';
import { compilePolicy, type CompiledPolicy, type ContextValue, type Decision } from '../../policy/index.js';
import type { EncryptionContext } from './crypto.js';
import { accessDenied } from './errors.js';
import { checkGrantTokens, grantFor, type GrantRecord } from './grants.js';
import { aliasNamesOf, type KeyRecord, type Tag } from './keys.js';

// Compiled key policies, cached by text: every Decrypt under the same policy reuses one compilation,
// and a changed policy is a new entry.
const compiled = new Map<string, CompiledPolicy>();
const CACHE_LIMIT = 1000;

export function compiledKeyPolicy(text: string): CompiledPolicy {
  let policy = compiled.get(text);
  if (!policy) {
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    policy = compilePolicy(text, { name: 'key policy', kind: 'kms-key' });
    compiled.set(text, policy);
  }
  return policy;
}

type Context = Record<string, ContextValue>;

/**
 * Condition keys that describe the key itself (KMSDG `conditions-kms.md`, `abac.md`): kms:KeySpec,
 * kms:KeyUsage, kms:KeyOrigin, kms:MultiRegion, kms:MultiRegionKeyType, kms:ResourceAliases and
 * aws:ResourceTag/<k>. kms:CallerAccount is derived by the engine.
 */
export function keyContext(call: Call, key: KeyRecord): Context {
  const ctx: Context = {
    'kms:KeySpec': key.KeySpec,
    'kms:KeyUsage': key.KeyUsage,
    'kms:KeyOrigin': key.Origin,
    'kms:MultiRegion': String(key.MultiRegion),
  };
  if (key.MultiRegion) ctx['kms:MultiRegionKeyType'] = 'PRIMARY';
  const aliases = aliasNamesOf(call, key);
  if (aliases.length > 0) ctx['kms:ResourceAliases'] = aliases;
  for (const t of key.Tags) ctx[`aws:ResourceTag/${t.TagKey}`] = t.TagValue;
  return ctx;
}

/** kms:EncryptionContext:<k> per pair and kms:EncryptionContextKeys (multi-valued), §6.6. */
export function encryptionContextKeys(context: EncryptionContext | undefined): Context {
  const ctx: Context = {};
  if (!context) return ctx;
  const keys = Object.keys(context);
  for (const k of keys) ctx[`kms:EncryptionContext:${k}`] = context[k];
  if (keys.length > 0) ctx['kms:EncryptionContextKeys'] = keys;
  return ctx;
}

/** aws:RequestTag/<k> per tag and aws:TagKeys (IAM UG condition keys; KMSDG `abac.md`). */
export function requestTagKeys(tags: readonly Tag[] | undefined): Context {
  const ctx: Context = {};
  if (!tags || tags.length === 0) return ctx;
  for (const t of tags) ctx[`aws:RequestTag/${t.TagKey}`] = t.TagValue;
  ctx['aws:TagKeys'] = tags.map((t) => t.TagKey);
  return ctx;
}

export interface KeyRequest {
  /** Condition keys of this request beyond the key's own (encryption context, grant keys, …). */
  context?: Context;
  /** The encryption context, for grant constraints. */
  encryptionContext?: EncryptionContext;
  /** The alias the request named the key by (`kms:RequestAlias`). */
  alias?: string;
  grantTokens?: readonly string[];
  /** How to word a denial; default: IAM's sentence with the key ARN as resource. */
  denial?: (decision: Decision) => string;
  /** Only grants that pass this may allow (CreateGrant through a grant: no more operations than it has). */
  grantFilter?: (grant: GrantRecord) => boolean;
}

/**
 * Authorizes `action` (`kms:Decrypt`) on the key: key policy + IAM policies through the engine,
 * then grants. Throws AccessDeniedException (HTTP 400) with the variant the decision calls for.
 * A key of another account is reachable only for the cross-account operations; the engine refuses
 * the rest (missing `cross-account-unsupported`, worded "because no resource-based policy allows").
 */
export function authorizeKey(call: Call, key: KeyRecord, action: string, request: KeyRequest = {}): void {
  checkGrantTokens(call, request.grantTokens);
  const context: Context = { ...keyContext(call, key), ...request.context };
  if (request.alias !== undefined) context['kms:RequestAlias'] = request.alias;
  const decision = call.authorize({
    action,
    resource: key.Arn,
    resourceKind: 'kms-key',
    resourceAccount: key.AWSAccountId,
    resourcePolicy: compiledKeyPolicy(key.Policy),
    context,
  });
  if (decision.effect === 'Allow') return;
  if (decision.effect === 'ImplicitDeny' && grantFor(call, key, action.slice('kms:'.length), request.encryptionContext, context, request.grantFilter)) {
    return;
  }
  throw accessDenied(request.denial ? request.denial(decision) : accessDeniedText(call.identity.arn, action, key.Arn, decision));
}

/**
 * Operations that name no key, or the alias half of an alias operation: IAM policies alone decide
 * (the root user always may). Resource `*` for CreateKey, ListKeys, ListAliases, GenerateRandom
 * (policy-semantics.md §4.3: actions without resource-level permissions).
 */
export function authorizeIdentity(call: Call, action: string, resource = '*', context: Context = {}): void {
  const decision = call.authorize({ action, resource, resourceKind: 'other', resourceAccount: call.account, resourcePolicy: null, context });
  if (decision.effect !== 'Allow') throw accessDenied(accessDeniedText(call.identity.arn, action, resource, decision, false));
}

/**
 * Decrypt (and ReEncrypt's source side) when the key is known only from the ciphertext (§6.6, OBS):
 * the resource is "the resource associated with this ciphertext". The IAM-side variants follow the
 * usual sentence; every resource-side reason (no key in this Region, no allowing key policy, a
 * denying key policy, another account's key for a non-cross-account action) gets the long text.
 * The explicit-deny-in-IAM variant is [INF].
 */
export function ciphertextDenial(callerArn: string, action: string) {
  return (decision: Decision | null): string => {
    const head = `User: ${callerArn} is not authorized to perform: ${action} on the resource associated with this ciphertext`;
    if (decision?.effect === 'ExplicitDeny' && decision.reasons.every((r) => r.via === 'identity')) {
      return `${head} with an explicit deny in an identity-based policy`;
    }
    if (decision?.effect === 'ImplicitDeny' && decision.missing === 'identity') {
      return `${head} because no identity-based policy allows the ${action} action`;
    }
    return `${head} because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access`;
  };
}
