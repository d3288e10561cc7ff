// Key and alias records, and how a request's KeyId finds a key: key id, key ARN, alias name, alias
// ARN, multi-Region `mrk-` ids (aws-behavior.md §6.1 identifiers, §6.5 NotFound texts). Keys live
// per account and Region; a key ARN or alias ARN names the account (cross-account use), the Region
// must be the request's.
import type { Call } from '../../core/call.js';
import type { KeyState } from './key-state.js';
import { notFound } from './errors.js';

export const T = {
  /** `<account>/<region>/<KeyId>` → KeyRecord */
  keys: 'kms.keys',
  /** `<account>/<region>/<AliasName>` → AliasRecord */
  aliases: 'kms.aliases',
  /** Index of aliases by key: `<account>/<region>/<KeyId>/<AliasName>` → {} */
  keyAliases: 'kms.keyAliases',
  /** `<account>/<region>/<KeyId>/<GrantId>` → GrantRecord (grants.ts) */
  grants: 'kms.grants',
  /** `<GrantToken>` → GrantTokenRecord (grants.ts) */
  grantTokens: 'kms.grantTokens',
} as const;

export interface Tag {
  TagKey: string;
  TagValue: string;
}

/** A key as stored. Member names are AWS's where AWS has one (principle 1); dates are ISO strings. */
export interface KeyRecord {
  AWSAccountId: string;
  Region: string;
  KeyId: string;
  Arn: string;
  CreationDate: string;
  Description: string;
  KeyUsage: string;
  KeySpec: string;
  Origin: string;
  KeyState: KeyState;
  MultiRegion: boolean;
  DeletionDate?: string;
  PendingDeletionWindowInDays?: number;
  /** The key policy exactly as submitted (GetKeyPolicy returns it byte for byte, §0.1 item 12). */
  Policy: string;
  Tags: Tag[];
  /** SYMMETRIC_DEFAULT keys with Origin AWS_KMS only. */
  CurrentKeyMaterialId?: string;
  KeyMaterial: Record<string, Buffer>;
}

export interface AliasRecord {
  AliasName: string;
  AliasArn: string;
  TargetKeyId: string;
  CreationDate: string;
  LastUpdatedDate: string;
}

export const keyArnOf = (region: string, account: string, keyId: string) => `arn:aws:kms:${region}:${account}:key/${keyId}`;
/** `arn:aws:kms:<region>:<account>:alias/<name>`: the resource part is the whole alias name. */
export const aliasArnOf = (region: string, account: string, aliasName: string) => `arn:aws:kms:${region}:${account}:${aliasName}`;

export const keyStoreKey = (account: string, region: string, keyId: string) => `${account}/${region}/${keyId}`;
export const aliasStoreKey = (account: string, region: string, aliasName: string) => `${account}/${region}/${aliasName}`;
export const keyAliasPrefix = (k: KeyRecord) => `${k.AWSAccountId}/${k.Region}/${k.KeyId}/`;
export const grantPrefix = (k: KeyRecord) => `${k.AWSAccountId}/${k.Region}/${k.KeyId}/`;

// Key ids: a lower-case UUID, or `mrk-` + 32 hex digits for multi-Region keys (KMSDG `concepts.md`).
// A UUID without dashes is invalid (OBS LS-KMS-SNAP `test_get_key_invalid_uuid`). Upper-case hex
// [INF]: well formed, but no key has such an id, so it is "does not exist" rather than "Invalid keyId".
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/i;
const KMS_ARN = /^arn:aws[a-z-]*:kms:([^:]*):([^:]*):(key|alias)\/(.*)$/s;

export function isKeyIdShape(id: string): boolean {
  return KEY_ID.test(id);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a request string can be part of a store key (the store refuses lone surrogates). */
export function storable(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** The key, or undefined. A key whose deletion date has passed is deleted now (lazily, in this transaction). */
export function loadKey(call: Call, account: string, region: string, keyId: string): KeyRecord | undefined {
  const key = call.tx.get<KeyRecord>(T.keys, keyStoreKey(account, region, keyId));
  if (key && key.KeyState === 'PendingDeletion' && key.DeletionDate && Date.parse(key.DeletionDate) <= call.now.getTime()) {
    purgeKey(call, key);
    return undefined;
  }
  return key;
}

export function saveKey(call: Call, key: KeyRecord): void {
  call.tx.put(T.keys, keyStoreKey(key.AWSAccountId, key.Region, key.KeyId), key);
}

/** Deletes a key whose waiting period ended, with its aliases and grants (KMSDG `deleting-keys.md`). */
function purgeKey(call: Call, key: KeyRecord): void {
  for (const { key: indexKey } of call.tx.scan(T.keyAliases, { prefix: keyAliasPrefix(key) })) {
    const aliasName = indexKey.slice(keyAliasPrefix(key).length);
    call.tx.delete(T.aliases, aliasStoreKey(key.AWSAccountId, key.Region, aliasName));
  }
  call.tx.deleteRange(T.keyAliases, { prefix: keyAliasPrefix(key) });
  call.tx.deleteRange(T.grants, { prefix: grantPrefix(key) });
  call.tx.delete(T.keys, keyStoreKey(key.AWSAccountId, key.Region, key.KeyId));
}

/** The keys of one account and Region, in key-id order, without those whose deletion date has passed. */
export function keysOf(call: Call, account: string, region: string): KeyRecord[] {
  const out: KeyRecord[] = [];
  for (const { value } of call.tx.scan<KeyRecord>(T.keys, { prefix: `${account}/${region}/` })) {
    const key = loadKey(call, account, region, value.KeyId);
    if (key) out.push(key);
  }
  return out;
}

export function getAlias(call: Call, account: string, region: string, aliasName: string): AliasRecord | undefined {
  return call.tx.get<AliasRecord>(T.aliases, aliasStoreKey(account, region, aliasName));
}

/** Alias names of a key, for the `kms:ResourceAliases` condition key and ListAliases. */
export function aliasNamesOf(call: Call, key: KeyRecord): string[] {
  const prefix = keyAliasPrefix(key);
  return call.tx.scan(T.keyAliases, { prefix }).map((e) => e.key.slice(prefix.length));
}

export interface Resolved {
  key: KeyRecord;
  /** The alias name when the request named the key through an alias (`kms:RequestAlias`). */
  alias?: string;
}

export interface ResolveOptions {
  /** Whether the operation accepts alias names and alias ARNs (DescribeKey and the cryptographic operations do). */
  aliases: boolean;
}

/**
 * Finds the key a request names. Texts (§6.5): `Invalid keyId '<v>'` for a malformed id (the id
 * part of an ARN, as LocalStack's recorded answers show); `Invalid arn <region>` for an ARN of
 * another Region; `Key '<ARN>' does not exist` (the ARN built from the request's Region and
 * account when a bare id was given); `Alias <alias ARN> is not found.`. An operation that takes
 * only key ids and key ARNs answers `Invalid keyId` for an alias [INF].
 */
export function resolveKey(call: Call, id: string, options: ResolveOptions): Resolved {
  if (!storable(id)) throw notFound.invalidKeyId(id);
  if (id.startsWith('arn:')) {
    const m = KMS_ARN.exec(id);
    if (!m) throw notFound.invalidKeyId(id);
    const [, region, account, type, rest] = m;
    if (type === 'alias') {
      if (!options.aliases) throw notFound.invalidKeyId(id);
      if (region !== call.region) throw notFound.invalidArn(region);
      return viaAlias(call, account, region, `alias/${rest}`, id);
    }
    if (!KEY_ID.test(rest)) throw notFound.invalidKeyId(rest);
    if (region !== call.region) throw notFound.invalidArn(region);
    const key = loadKey(call, account, region, rest);
    if (!key) throw notFound.key(id);
    return { key };
  }
  if (id.startsWith('alias/')) {
    if (!options.aliases) throw notFound.invalidKeyId(id);
    return viaAlias(call, call.account, call.region, id, aliasArnOf(call.region, call.account, id));
  }
  if (!KEY_ID.test(id)) throw notFound.invalidKeyId(id);
  const key = loadKey(call, call.account, call.region, id);
  if (!key) throw notFound.key(keyArnOf(call.region, call.account, id));
  return { key };
}

function viaAlias(call: Call, account: string, region: string, aliasName: string, aliasArn: string): Resolved {
  const alias = getAlias(call, account, region, aliasName);
  const key = alias && loadKey(call, account, region, alias.TargetKeyId);
  if (!key) throw notFound.alias(aliasArn);
  return { key, alias: aliasName };
}
