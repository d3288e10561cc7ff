// Grants as records, and whether a grant lets the caller do an operation
// (KMSDG `grants.md`, `grant-manage.md`; KMS API reference CreateGrant, GrantConstraints).
//
// A grant allows its operations on its key to its grantee principal, narrowed by its encryption-context
// constraints; an explicit Deny in the key policy or an IAM policy still wins (authorize.ts asks
// the grants only after the engine answered ImplicitDeny). Grants take effect at once here, so a
// grant token adds no permission; it is accepted when trailkey issued it (else InvalidGrantToken).
import type { Call } from '../../core/call.js';
import type { Identity } from '../../core/identity.js';
import type { ContextValue } from '../../policy/index.js';
import type { EncryptionContext } from './crypto.js';
import { invalidGrantToken } from './errors.js';
import { grantPrefix, storable, T, type KeyRecord } from './keys.js';

export interface GrantConstraints {
  EncryptionContextSubset?: Record<string, string>;
  EncryptionContextEquals?: Record<string, string>;
}

export interface GrantRecord {
  /** The key ARN: ListGrants shows the key ARN in KeyId. */
  KeyId: string;
  GrantId: string;
  Name?: string;
  CreationDate: string;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  IssuingAccount: string;
  Operations: string[];
  Constraints?: GrantConstraints;
}

/** Where a grant token points; kept after the grant is retired, so an old token is still a token. */
export interface GrantTokenRecord {
  account: string;
  region: string;
  keyId: string;
  grantId: string;
}

export const grantStoreKey = (key: KeyRecord, grantId: string) => `${grantPrefix(key)}${grantId}`;

export function grantsOf(call: Call, key: KeyRecord): GrantRecord[] {
  return call.tx.scan<GrantRecord>(T.grants, { prefix: grantPrefix(key) }).map((e) => e.value);
}

/** Every token in the request must be one trailkey issued (API reference: InvalidGrantTokenException). */
export function checkGrantTokens(call: Call, tokens: readonly string[] | undefined): void {
  for (const token of tokens ?? []) {
    if (!storable(token) || !call.tx.get(T.grantTokens, token)) throw invalidGrantToken();
  }
}

/**
 * Whether a grantee principal names the caller: `direct` (its user ARN, its role's ARN — which
 * covers every session of the role —, its session ARN, its service principal), `account` (the
 * account as `arn:aws:iam::<acct>:root` or a bare id: the account's IAM policies must then allow,
 * KMSDG `grants.md` "grantee principal"), or null.
 */
export function granteeMatch(principal: string, identity: Identity): 'direct' | 'account' | null {
  if (identity.type === 'AWSService') return principal === identity.arn ? 'direct' : null;
  if (identity.type === 'Anonymous') return null;
  if (principal === identity.arn) return 'direct';
  if (identity.sessionIssuer && principal === identity.sessionIssuer.arn) return 'direct';
  if (principal === identity.account || principal === `arn:aws:iam::${identity.account}:root`) return 'account';
  return null;
}

/** Operations with an encryption context, to which a grant's constraints apply. */
const WITH_CONTEXT: ReadonlySet<string> = new Set([
  'Encrypt', 'Decrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
]);

/**
 * Constraints (API reference, GrantConstraints): EncryptionContextEquals — the request's context is
 * exactly these pairs; EncryptionContextSubset — it includes these pairs. A constrained grant does
 * not apply to operations without an encryption context (DescribeKey, CreateGrant, RetireGrant)
 * [INF: AWS documents the constraints only for the cryptographic operations].
 */
function constraintsHold(grant: GrantRecord, operation: string, context: EncryptionContext | undefined): boolean {
  const c = grant.Constraints;
  if (!c || (c.EncryptionContextEquals === undefined && c.EncryptionContextSubset === undefined)) return true;
  if (!WITH_CONTEXT.has(operation)) return false;
  const request = context ?? {};
  if (c.EncryptionContextEquals !== undefined) {
    const want = Object.entries(c.EncryptionContextEquals);
    if (want.length !== Object.keys(request).length) return false;
    if (!want.every(([k, v]) => Object.hasOwn(request, k) && request[k] === v)) return false;
  }
  if (c.EncryptionContextSubset !== undefined) {
    if (!Object.entries(c.EncryptionContextSubset).every(([k, v]) => Object.hasOwn(request, k) && request[k] === v)) return false;
  }
  return true;
}

/**
 * The grant that lets the caller do `operation` (the API name, `Decrypt`, `ReEncryptFrom`) on `key`
 * with this encryption context, or undefined. A grant to the caller's account counts only when the
 * caller's IAM policies allow the action on the key.
 */
export function grantFor(
  call: Call,
  key: KeyRecord,
  operation: string,
  context: EncryptionContext | undefined,
  conditionContext: Readonly<Record<string, ContextValue>>,
  accept: (grant: GrantRecord) => boolean = () => true,
): GrantRecord | undefined {
  for (const grant of grantsOf(call, key)) {
    if (!grant.Operations.includes(operation) || !accept(grant)) continue;
    const match = granteeMatch(grant.GranteePrincipal, call.identity);
    if (match === null || !constraintsHold(grant, operation, context)) continue;
    if (match === 'account') {
      const iam = call.authorize({
        action: `kms:${operation}`,
        resource: key.Arn,
        resourceKind: 'other',
        resourceAccount: call.account,
        resourcePolicy: null,
        context: conditionContext,
      });
      if (iam.effect !== 'Allow') continue;
    }
    return grant;
  }
  return undefined;
}
