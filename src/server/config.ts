// The config file: accounts, an optional organization, and IAM identities with their keys and
// policies. Applied at start-up, idempotently (a restart with the same file changes nothing; keys
// and users made through the API are kept). Every problem names its JSON path.
import { readFileSync } from 'node:fs';
import {
  T, attachmentKey, inlineKey, ownerKeyPrefix, roleKey, userKey,
  type AccessKeyRecord, type InlinePolicyRecord, type ManagedPolicyRecord, type RoleRecord, type UserRecord,
} from '../core/identities.js';
import { policyError } from '../core/policy-document.js';
import type { Tx } from '../store/index.js';

export interface ConfigKey { id: string; secret: string }
export interface ConfigFile {
  accounts?: { id: string; name?: string }[];
  organization?: { id: string; managementAccount: string; members?: string[] };
  roots?: { account: string; accessKeys: ConfigKey[] }[];
  users?: { account: string; name: string; path?: string; id?: string; accessKeys?: ConfigKey[]; policies?: Record<string, unknown>; managedPolicies?: string[] }[];
  roles?: { account: string; name: string; path?: string; id?: string; trustPolicy: unknown; policies?: Record<string, unknown>; managedPolicies?: string[]; maxSessionDuration?: number }[];
  policies?: { account: string; name: string; path?: string; document: unknown }[];
}

export class ConfigError extends Error {}

const ACCOUNT = /^\d{12}$/;
const fail = (path: string, message: string): never => {
  throw new ConfigError(`config ${path}: ${message}`);
};

function text(doc: unknown): string {
  return typeof doc === 'string' ? doc : JSON.stringify(doc);
}

function checkPolicy(doc: unknown, kind: 'identity' | 'resource', path: string): string {
  const error = policyError(doc, kind);
  if (error) fail(`${path}${error.path.slice(1)}`, error.message);
  return text(doc);
}

function checkKeys(keys: unknown, path: string): ConfigKey[] {
  if (keys === undefined) return [];
  if (!Array.isArray(keys)) return fail(path, 'must be an array of {"id", "secret"}');
  return keys.map((k, i) => {
    if (typeof k?.id !== 'string' || !/^[A-Z0-9]{16,128}$/.test(k.id)) fail(`${path}[${i}].id`, 'must be an access key id such as AKIA…');
    if (typeof k?.secret !== 'string' || k.secret.length < 8) fail(`${path}[${i}].secret`, 'must be a secret of at least 8 characters');
    return k as ConfigKey;
  });
}

export function readConfig(file: string): ConfigFile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`config: cannot read \`${file}\`: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('$', 'must be a JSON object');
  return value as ConfigFile;
}

/** Writes the config's identities into the store. `ids` makes unique ids where the file gives none. */
export function applyConfig(tx: Tx, config: ConfigFile, now: Date, newId: (prefix: string) => string): void {
  const created = now.toISOString();
  for (const [i, a] of (config.accounts ?? []).entries()) if (!ACCOUNT.test(a?.id)) fail(`$.accounts[${i}].id`, 'must be a 12-digit account id');
  if (config.organization) {
    const o = config.organization;
    if (!/^o-[a-z0-9]{10,32}$/.test(o.id)) fail('$.organization.id', 'must look like o-a1b2c3d4e5');
    if (!ACCOUNT.test(o.managementAccount)) fail('$.organization.managementAccount', 'must be a 12-digit account id');
    tx.put('org.organization', 'organization', { Id: o.id, MasterAccountId: o.managementAccount, Members: [o.managementAccount, ...(o.members ?? [])] });
  }
  const putKey = (key: ConfigKey, account: string, kind: 'root' | 'user', user: string | null) => {
    const existing = tx.get<AccessKeyRecord>(T.accessKeys, key.id);
    if (existing && (existing.account !== account || existing.UserName !== (user ?? undefined))) {
      fail('$', `access key ${key.id} is already used by another identity`);
    }
    tx.put(T.accessKeys, key.id, {
      AccessKeyId: key.id, SecretAccessKey: key.secret, Status: 'Active', CreateDate: existing?.CreateDate ?? created,
      account, kind, UserName: user ?? undefined,
    } satisfies AccessKeyRecord);
    tx.put(T.ownerKeys, ownerKeyPrefix(account, user) + key.id, {});
  };
  for (const [i, r] of (config.roots ?? []).entries()) {
    if (!ACCOUNT.test(r?.account)) fail(`$.roots[${i}].account`, 'must be a 12-digit account id');
    for (const k of checkKeys(r.accessKeys, `$.roots[${i}].accessKeys`)) putKey(k, r.account, 'root', null);
  }
  for (const [i, p] of (config.policies ?? []).entries()) {
    const path = p.path ?? '/';
    const arn = `arn:aws:iam::${p.account}:policy${path}${p.name}`;
    const old = tx.get<ManagedPolicyRecord>(T.managedPolicies, arn);
    tx.put(T.managedPolicies, arn, {
      account: p.account, PolicyName: p.name, PolicyId: old?.PolicyId ?? newId('ANPA'), Arn: arn, Path: path, DefaultVersionId: 'v1',
      Document: checkPolicy(p.document, 'identity', `$.policies[${i}].document`), CreateDate: old?.CreateDate ?? created, UpdateDate: created,
    } satisfies ManagedPolicyRecord);
  }
  const attach = (kind: 'user' | 'role', account: string, owner: string, policies: Record<string, unknown> | undefined, managed: string[] | undefined, path: string) => {
    for (const [name, doc] of Object.entries(policies ?? {})) {
      tx.put(T.inlinePolicies, inlineKey(account, kind, owner, name), {
        PolicyName: name, PolicyDocument: checkPolicy(doc, 'identity', `${path}.policies["${name}"]`),
      } satisfies InlinePolicyRecord);
    }
    for (const [j, arn] of (managed ?? []).entries()) {
      if (!tx.get(T.managedPolicies, arn)) fail(`${path}.managedPolicies[${j}]`, `no policy \`${arn}\` in the config's policies`);
      tx.put(T.attachments, attachmentKey(account, kind, owner, arn), {});
    }
  };
  for (const [i, u] of (config.users ?? []).entries()) {
    const path = `$.users[${i}]`;
    if (!ACCOUNT.test(u?.account)) fail(`${path}.account`, 'must be a 12-digit account id');
    if (typeof u.name !== 'string' || !/^[\w+=,.@-]{1,64}$/.test(u.name)) fail(`${path}.name`, 'must be an IAM user name');
    const p = u.path ?? '/';
    const old = tx.get<UserRecord>(T.users, userKey(u.account, u.name));
    tx.put(T.users, userKey(u.account, u.name), {
      account: u.account, UserName: u.name, UserId: u.id ?? old?.UserId ?? newId('AIDA'), Arn: `arn:aws:iam::${u.account}:user${p}${u.name}`,
      Path: p, CreateDate: old?.CreateDate ?? created,
    } satisfies UserRecord);
    for (const k of checkKeys(u.accessKeys, `${path}.accessKeys`)) putKey(k, u.account, 'user', u.name);
    attach('user', u.account, u.name, u.policies, u.managedPolicies, path);
  }
  for (const [i, r] of (config.roles ?? []).entries()) {
    const path = `$.roles[${i}]`;
    if (!ACCOUNT.test(r?.account)) fail(`${path}.account`, 'must be a 12-digit account id');
    if (typeof r.name !== 'string' || !/^[\w+=,.@-]{1,64}$/.test(r.name)) fail(`${path}.name`, 'must be an IAM role name');
    const p = r.path ?? '/';
    const old = tx.get<RoleRecord>(T.roles, roleKey(r.account, r.name));
    tx.put(T.roles, roleKey(r.account, r.name), {
      account: r.account, RoleName: r.name, RoleId: r.id ?? old?.RoleId ?? newId('AROA'), Arn: `arn:aws:iam::${r.account}:role${p}${r.name}`,
      Path: p, CreateDate: old?.CreateDate ?? created, AssumeRolePolicyDocument: checkPolicy(r.trustPolicy, 'resource', `${path}.trustPolicy`),
      MaxSessionDuration: r.maxSessionDuration ?? 3600,
    } satisfies RoleRecord);
    attach('role', r.account, r.name, r.policies, r.managedPolicies, path);
  }
}
