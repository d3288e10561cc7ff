// The identity records every part of the emulator reads: IAM users, roles, access keys (long-term
// and STS session keys) and their policies. IAM's operations write them, STS issues sessions, the
// server resolves a request's access key to an Identity. They live in core because all three need
// them and services must not import each other (DESIGN.md).
import { compilePolicy, type CompiledPolicy } from '../policy/index.js';
import type { Reader, Tx } from '../store/index.js';
import type { Identity } from './identity.js';

export const T = {
  users: 'iam.users',
  roles: 'iam.roles',
  accessKeys: 'iam.accessKeys',
  /** Index of long-term keys by owner: `<account>/<user lower-cased or :root>/<AccessKeyId>`. */
  ownerKeys: 'iam.ownerKeys',
  inlinePolicies: 'iam.inlinePolicies',
  managedPolicies: 'iam.managedPolicies',
  attachments: 'iam.attachments',
} as const;

export interface UserRecord {
  account: string;
  UserName: string;
  UserId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  Tags?: { Key: string; Value: string }[];
}

export interface RoleRecord {
  account: string;
  RoleName: string;
  RoleId: string;
  Arn: string;
  Path: string;
  CreateDate: string;
  AssumeRolePolicyDocument: string;
  Description?: string;
  MaxSessionDuration: number;
  Tags?: { Key: string; Value: string }[];
}

export interface AccessKeyRecord {
  AccessKeyId: string;
  SecretAccessKey: string;
  Status: 'Active' | 'Inactive';
  CreateDate: string;
  account: string;
  /** `user`: an IAM user's key; `root`: the account root's key (from the config); `session`: STS credentials. */
  kind: 'user' | 'root' | 'session';
  UserName?: string;
  /** Sessions: the role (`RoleName`) and session name, token and expiry. */
  RoleName?: string;
  RoleSessionName?: string;
  SessionToken?: string;
  Expiration?: string;
  IssuedAt?: string;
}

export interface InlinePolicyRecord {
  PolicyName: string;
  PolicyDocument: string;
}

export interface ManagedPolicyRecord {
  account: string;
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  DefaultVersionId: string;
  Document: string;
  CreateDate: string;
  UpdateDate: string;
}

/** Keys: names are unique case-insensitively within an account (IAM resource page note). */
export const userKey = (account: string, name: string) => `${account}/${name.toLowerCase()}`;
export const ownerKeyPrefix = (account: string, user: string | null) => `${account}/${user === null ? ':root' : user.toLowerCase()}/`;
export const roleKey = userKey;
export const inlineKey = (account: string, kind: 'user' | 'role', owner: string, policy: string) =>
  `${account}/${kind}/${owner.toLowerCase()}/${policy}`;
export const inlinePrefix = (account: string, kind: 'user' | 'role', owner: string) => `${account}/${kind}/${owner.toLowerCase()}/`;
export const attachmentKey = (account: string, kind: 'user' | 'role', owner: string, policyArn: string) =>
  `${inlinePrefix(account, kind, owner)}${policyArn}`;

export function getUser(tx: Reader, account: string, name: string): UserRecord | undefined {
  return tx.get<UserRecord>(T.users, userKey(account, name));
}

export function getRole(tx: Reader, account: string, name: string): RoleRecord | undefined {
  return tx.get<RoleRecord>(T.roles, roleKey(account, name));
}

/** The Identity an access key stands for, or undefined when the key is not known. */
export function identityOfKey(tx: Reader, key: AccessKeyRecord): Identity | undefined {
  if (key.kind === 'root') {
    return { type: 'Root', arn: `arn:aws:iam::${key.account}:root`, account: key.account, principalId: key.account, accessKeyId: key.AccessKeyId };
  }
  if (key.kind === 'user') {
    const user = getUser(tx, key.account, key.UserName!);
    if (!user) return undefined;
    return { type: 'IAMUser', arn: user.Arn, account: user.account, principalId: user.UserId, userName: user.UserName, accessKeyId: key.AccessKeyId };
  }
  const role = getRole(tx, key.account, key.RoleName!);
  if (!role) return undefined;
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${key.account}:assumed-role/${role.RoleName}/${key.RoleSessionName}`,
    account: key.account,
    principalId: `${role.RoleId}:${key.RoleSessionName}`,
    accessKeyId: key.AccessKeyId,
    sessionIssuer: { type: 'Role', principalId: role.RoleId, arn: role.Arn, accountId: role.account, userName: role.RoleName },
    sessionIssuedAt: key.IssuedAt ? new Date(key.IssuedAt) : undefined,
  };
}

// Compiled identity policies are cached by document text: the same policy attached to many users
// compiles once, and a changed document is a new entry.
const compiled = new Map<string, CompiledPolicy>();
const CACHE_LIMIT = 10_000;

function compileCached(document: string, name: string): CompiledPolicy {
  const cacheKey = `${name}\n${document}`;
  let c = compiled.get(cacheKey);
  if (!c) {
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    c = compilePolicy(document, { name, kind: 'identity' });
    compiled.set(cacheKey, c);
  }
  return c;
}

/** Inline and attached managed policies of the caller (user, or the role behind a session). */
export function identityPolicies(tx: Tx, identity: Identity): CompiledPolicy[] {
  let kind: 'user' | 'role';
  let owner: string;
  if (identity.type === 'IAMUser') [kind, owner] = ['user', identity.userName!];
  else if (identity.type === 'AssumedRole') [kind, owner] = ['role', identity.sessionIssuer!.userName];
  else return [];
  const out: CompiledPolicy[] = [];
  const prefix = inlinePrefix(identity.account, kind, owner);
  for (const { value } of tx.scan<InlinePolicyRecord>(T.inlinePolicies, { prefix })) {
    out.push(compileCached(value.PolicyDocument, `${kind} policy ${value.PolicyName}`));
  }
  for (const { key } of tx.scan<object>(T.attachments, { prefix })) {
    const arn = key.slice(prefix.length);
    const policy = tx.get<ManagedPolicyRecord>(T.managedPolicies, arn);
    if (policy) out.push(compileCached(policy.Document, arn));
  }
  return out;
}
