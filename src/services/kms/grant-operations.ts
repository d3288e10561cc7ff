// CreateGrant, ListGrants, RetireGrant, RevokeGrant (KMS API reference; KMSDG `grants.md`,
// `grant-manage.md`). All four work across accounts with the key ARN (§6.1, §4.2 of the policy notes).
import type { Call } from '../../core/call.js';
import { authorizeKey, encryptionContextKeys } from './authorize.js';
import { dryRunOperation, invalidGrantId, invalidGrantToken, validation } from './errors.js';
import { granteeMatch, grantsOf, grantStoreKey, type GrantConstraints, type GrantRecord, type GrantTokenRecord } from './grants.js';
import { checkKeyState } from './key-state.js';
import { loadKey, resolveKey, storable, T, type KeyRecord } from './keys.js';
import { page } from './paging.js';

interface CreateGrantInput {
  KeyId: string;
  GranteePrincipal: string;
  RetiringPrincipal?: string;
  Operations: string[];
  Constraints?: GrantConstraints;
  GrantTokens?: string[];
  Name?: string;
  DryRun?: boolean;
}

/** Constraints with neither member mean none. */
function constraintsOf(c: GrantConstraints | undefined): GrantConstraints | undefined {
  if (!c || (c.EncryptionContextEquals === undefined && c.EncryptionContextSubset === undefined)) return undefined;
  return c;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Condition keys of CreateGrant (KMSDG `conditions-kms.md`): kms:GrantOperations (multi-valued),
 * kms:GranteePrincipal, kms:RetiringPrincipal, kms:GrantConstraintType, and the constraint's
 * encryption context as kms:EncryptionContext:<k> / kms:EncryptionContextKeys.
 */
export function createGrant(call: Call, input: CreateGrantInput) {
  const { key } = resolveKey(call, input.KeyId, { aliases: false });
  const constraints = constraintsOf(input.Constraints);
  const context: Record<string, string | string[]> = {
    'kms:GrantOperations': input.Operations,
    'kms:GranteePrincipal': input.GranteePrincipal,
    ...(input.RetiringPrincipal !== undefined ? { 'kms:RetiringPrincipal': input.RetiringPrincipal } : {}),
    ...(constraints
      ? {
          'kms:GrantConstraintType': constraints.EncryptionContextEquals !== undefined ? 'EncryptionContextEquals' : 'EncryptionContextSubset',
          ...encryptionContextKeys(constraints.EncryptionContextEquals ?? constraints.EncryptionContextSubset),
        }
      : {}),
  };
  authorizeKey(call, key, 'kms:CreateGrant', {
    context,
    grantTokens: input.GrantTokens,
    // A grantee that may CreateGrant can pass on at most the operations its grant has (KMSDG `grants.md`).
    grantFilter: (g) => input.Operations.every((op) => g.Operations.includes(op)),
  });
  checkKeyState(key, 'CreateGrant');
  if (input.DryRun === true) throw dryRunOperation();

  // Name makes the request idempotent: the same name and parameters give the same GrantId (with a
  // new token); without a name, or with other parameters, a new grant (API reference, Name).
  const existing =
    input.Name === undefined
      ? undefined
      : grantsOf(call, key).find(
          (g) =>
            g.Name === input.Name &&
            g.GranteePrincipal === input.GranteePrincipal &&
            g.RetiringPrincipal === input.RetiringPrincipal &&
            sameSet(g.Operations, input.Operations) &&
            sameJson(g.Constraints, constraints),
        );
  const grant: GrantRecord = existing ?? {
    KeyId: key.Arn,
    // Grant ids: 64 hex digits, as AWS's look.
    GrantId: call.ids.bytes(32).toString('hex'),
    Name: input.Name,
    CreationDate: call.now.toISOString(),
    GranteePrincipal: input.GranteePrincipal,
    RetiringPrincipal: input.RetiringPrincipal,
    // "The account under which the grant was issued" (GrantListEntry): the caller's [INF].
    IssuingAccount: `arn:aws:iam::${call.account}:root`,
    Operations: [...input.Operations],
    Constraints: constraints,
  };
  if (!existing) call.tx.put(T.grants, grantStoreKey(key, grant.GrantId), grant);
  // Tokens are opaque to callers; this one is random and indexed to find its grant (RetireGrant).
  const GrantToken = call.ids.bytes(96).toString('base64');
  const token: GrantTokenRecord = { account: key.AWSAccountId, region: key.Region, keyId: key.KeyId, grantId: grant.GrantId };
  call.tx.put(T.grantTokens, GrantToken, token);
  return { GrantToken, GrantId: grant.GrantId };
}

function entry(g: GrantRecord) {
  return {
    KeyId: g.KeyId,
    GrantId: g.GrantId,
    Name: g.Name,
    CreationDate: new Date(g.CreationDate),
    GranteePrincipal: g.GranteePrincipal,
    RetiringPrincipal: g.RetiringPrincipal,
    IssuingAccount: g.IssuingAccount,
    Operations: g.Operations,
    Constraints: g.Constraints,
  };
}

/** API reference: Limit default 50; GrantId and GranteePrincipal filter. */
export function listGrants(call: Call, input: { KeyId: string; Limit?: number; Marker?: string; GrantId?: string; GranteePrincipal?: string }) {
  const { key } = resolveKey(call, input.KeyId, { aliases: false });
  authorizeKey(call, key, 'kms:ListGrants', {
    context: input.GranteePrincipal !== undefined ? { 'kms:GranteePrincipal': input.GranteePrincipal } : {},
  });
  checkKeyState(key, 'ListGrants');
  const all = grantsOf(call, key).filter(
    (g) => (input.GrantId === undefined || g.GrantId === input.GrantId) && (input.GranteePrincipal === undefined || g.GranteePrincipal === input.GranteePrincipal),
  );
  if (input.GrantId !== undefined && all.length === 0) throw invalidGrantId();
  const { items, NextMarker, Truncated } = page(all, (g) => g.GrantId, input.Marker, input.Limit ?? 50);
  return { Grants: items.map(entry), NextMarker, Truncated };
}

interface RetireGrantInput {
  GrantToken?: string;
  KeyId?: string;
  GrantId?: string;
  DryRun?: boolean;
}

/**
 * The grant is named by its token, or by KeyId and GrantId. Who may retire it (KMSDG
 * `grant-manage.md`): its retiring principal, its grantee when RetireGrant is one of its
 * operations (a grant, found by authorizeKey), or a caller the key policy and IAM allow kms:RetireGrant.
 */
export function retireGrant(call: Call, input: RetireGrantInput) {
  let key: KeyRecord | undefined;
  let grantId: string;
  if (input.GrantToken !== undefined) {
    const token = storable(input.GrantToken) ? call.tx.get<GrantTokenRecord>(T.grantTokens, input.GrantToken) : undefined;
    if (!token) throw invalidGrantToken();
    key = loadKey(call, token.account, token.region, token.keyId);
    grantId = token.grantId;
  } else {
    if (input.KeyId === undefined || input.GrantId === undefined) throw validation.retireGrantIdentifiers();
    key = resolveKey(call, input.KeyId, { aliases: false }).key;
    grantId = input.GrantId;
  }
  // A token of a grant already retired (or of a deleted key) names no grant [INF: InvalidGrantId].
  const grant = key && storable(grantId) ? call.tx.get<GrantRecord>(T.grants, grantStoreKey(key, grantId)) : undefined;
  if (!key || !grant) throw invalidGrantId();
  const retiring = grant.RetiringPrincipal !== undefined && granteeMatch(grant.RetiringPrincipal, call.identity) === 'direct';
  if (!retiring) authorizeKey(call, key, 'kms:RetireGrant');
  checkKeyState(key, 'RetireGrant');
  if (input.DryRun === true) throw dryRunOperation();
  call.tx.delete(T.grants, grantStoreKey(key, grantId));
  return {};
}

export function revokeGrant(call: Call, input: { KeyId: string; GrantId: string; DryRun?: boolean }) {
  const { key } = resolveKey(call, input.KeyId, { aliases: false });
  authorizeKey(call, key, 'kms:RevokeGrant');
  checkKeyState(key, 'RevokeGrant');
  if (!storable(input.GrantId) || !call.tx.get(T.grants, grantStoreKey(key, input.GrantId))) throw invalidGrantId();
  if (input.DryRun === true) throw dryRunOperation();
  call.tx.delete(T.grants, grantStoreKey(key, input.GrantId));
  return {};
}
