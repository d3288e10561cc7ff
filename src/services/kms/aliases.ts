// CreateAlias, UpdateAlias, DeleteAlias, ListAliases (KMS API reference; KMSDG `alias-access.md`).
// An alias belongs to an account and Region and points at a key of the same account and Region.
// Alias operations need the permission twice: on the alias (IAM policy) and on the key (key policy).
import type { Call } from '../../core/call.js';
import { authorizeIdentity, authorizeKey } from './authorize.js';
import { alreadyExists, invalidAliasName, notAuthorized, notFound, validation } from './errors.js';
import { checkKeyState } from './key-state.js';
import {
  aliasArnOf,
  aliasStoreKey,
  getAlias,
  keyAliasPrefix,
  loadKey,
  resolveKey,
  T,
  type AliasRecord,
  type KeyRecord,
} from './keys.js';
import { page } from './paging.js';

/**
 * Checks on the name beyond the model's pattern `^[a-zA-Z0-9:/_-]+$`, in moto's order [EMU]: the
 * `alias/` prefix (§6.5 text), a bare `alias/` [INF], the reserved `alias/aws/` (errors.ts), and
 * `:`, which the pattern allows but KMS refuses (OBS terraform-provider-aws#12891).
 */
function checkAliasName(name: string): void {
  if (!name.startsWith('alias/')) throw validation.aliasPrefix();
  if (name === 'alias/') throw invalidAliasName(name);
  if (name.startsWith('alias/aws/')) throw notAuthorized();
  if (name.includes(':')) throw validation.aliasCharacters(name);
}

/** TargetKeyId is a key id or key ARN; "You cannot specify another alias" (API reference). */
function checkTarget(targetKeyId: string): void {
  if (targetKeyId.startsWith('alias/') || /^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(targetKeyId)) throw validation.aliasTarget();
}

function putAlias(call: Call, alias: AliasRecord, key: KeyRecord): void {
  call.tx.put(T.aliases, aliasStoreKey(call.account, call.region, alias.AliasName), alias);
  call.tx.put(T.keyAliases, `${keyAliasPrefix(key)}${alias.AliasName}`, {});
}

export function createAlias(call: Call, input: { AliasName: string; TargetKeyId: string }) {
  checkAliasName(input.AliasName);
  checkTarget(input.TargetKeyId);
  const aliasArn = aliasArnOf(call.region, call.account, input.AliasName);
  if (getAlias(call, call.account, call.region, input.AliasName)) throw alreadyExists(aliasArn);
  // The key must be in this Region (resolveKey refuses other Regions) and this account: CreateAlias
  // is not a cross-account operation, so the engine refuses another account's key.
  const { key } = resolveKey(call, input.TargetKeyId, { aliases: false });
  authorizeIdentity(call, 'kms:CreateAlias', aliasArn);
  authorizeKey(call, key, 'kms:CreateAlias');
  checkKeyState(key, 'CreateAlias');
  const now = call.now.toISOString();
  putAlias(call, { AliasName: input.AliasName, AliasArn: aliasArn, TargetKeyId: key.KeyId, CreationDate: now, LastUpdatedDate: now }, key);
  return {};
}

/** symmetric / asymmetric / HMAC: UpdateAlias may only move an alias between keys of one kind. */
const keyKind = (spec: string) => (spec === 'SYMMETRIC_DEFAULT' ? 'symmetric' : spec.startsWith('HMAC_') ? 'hmac' : 'asymmetric');

/**
 * Permission on the alias (IAM), on the key it leaves and on the key it moves to (key policies).
 * The new key must not be pending deletion; the old one may be in any state (§6.4).
 */
export function updateAlias(call: Call, input: { AliasName: string; TargetKeyId: string }) {
  checkAliasName(input.AliasName);
  checkTarget(input.TargetKeyId);
  const aliasArn = aliasArnOf(call.region, call.account, input.AliasName);
  const alias = getAlias(call, call.account, call.region, input.AliasName);
  if (!alias) throw notFound.alias(aliasArn);
  const { key } = resolveKey(call, input.TargetKeyId, { aliases: false });
  const old = loadKey(call, call.account, call.region, alias.TargetKeyId);
  authorizeIdentity(call, 'kms:UpdateAlias', aliasArn);
  if (old) authorizeKey(call, old, 'kms:UpdateAlias');
  authorizeKey(call, key, 'kms:UpdateAlias');
  checkKeyState(key, 'UpdateAlias');
  // "The current and new KMS key must be the same type … and they must have the same key usage" (API reference).
  if (old && (keyKind(old.KeySpec) !== keyKind(key.KeySpec) || old.KeyUsage !== key.KeyUsage)) throw validation.aliasKeyType();
  if (old) call.tx.delete(T.keyAliases, `${keyAliasPrefix(old)}${alias.AliasName}`);
  putAlias(call, { ...alias, TargetKeyId: key.KeyId, LastUpdatedDate: call.now.toISOString() }, key);
  return {};
}

export function deleteAlias(call: Call, input: { AliasName: string }) {
  if (!input.AliasName.startsWith('alias/')) throw validation.aliasPrefix();
  const aliasArn = aliasArnOf(call.region, call.account, input.AliasName);
  const alias = getAlias(call, call.account, call.region, input.AliasName);
  if (!alias) throw notFound.alias(aliasArn);
  const key = loadKey(call, call.account, call.region, alias.TargetKeyId);
  authorizeIdentity(call, 'kms:DeleteAlias', aliasArn);
  if (key) {
    authorizeKey(call, key, 'kms:DeleteAlias');
    checkKeyState(key, 'DeleteAlias');
    call.tx.delete(T.keyAliases, `${keyAliasPrefix(key)}${alias.AliasName}`);
  }
  call.tx.delete(T.aliases, aliasStoreKey(call.account, call.region, alias.AliasName));
  return {};
}

/** IAM-only permission on `*` (API reference). KeyId (key id or ARN) filters; API reference: Limit default 50. */
export function listAliases(call: Call, input: { KeyId?: string; Limit?: number; Marker?: string }) {
  authorizeIdentity(call, 'kms:ListAliases');
  let only: KeyRecord | undefined;
  if (input.KeyId !== undefined) only = resolveKey(call, input.KeyId, { aliases: false }).key;
  const all = call.tx
    .scan<AliasRecord>(T.aliases, { prefix: `${call.account}/${call.region}/` })
    .map((e) => e.value)
    .filter((a) => only === undefined || (only.AWSAccountId === call.account && a.TargetKeyId === only.KeyId));
  const { items, NextMarker, Truncated } = page(all, (a) => a.AliasName, input.Marker, input.Limit ?? 50);
  return {
    Aliases: items.map((a) => ({
      AliasName: a.AliasName,
      AliasArn: a.AliasArn,
      TargetKeyId: a.TargetKeyId,
      CreationDate: new Date(a.CreationDate),
      LastUpdatedDate: new Date(a.LastUpdatedDate),
    })),
    NextMarker,
    Truncated,
  };
}
