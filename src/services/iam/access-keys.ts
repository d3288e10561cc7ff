// CreateAccessKey, ListAccessKeys, DeleteAccessKey. A user may hold two keys
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html).
import type { Call } from '../../core/call.js';
import { awsId, secretKey } from '../../core/ids.js';
import { T, ownerKeyPrefix, type AccessKeyRecord } from '../../core/identities.js';
import { authorizeIam, userArn } from './authorize.js';
import { limitExceeded, noSuchEntity } from './errors.js';
import { requireUser } from './users.js';

/** The user a key operation is about: the named one, else the calling user, else (root) the root. */
function owner(call: Call, name: string | undefined): { user: string | null; arn: string } {
  if (name !== undefined) return { user: requireUser(call, name).UserName, arn: requireUser(call, name).Arn };
  if (call.identity.type === 'IAMUser') return { user: call.identity.userName!, arn: call.identity.arn };
  return { user: null, arn: `arn:aws:iam::${call.account}:root` };
}

export function createAccessKey(call: Call, input: { UserName?: string }) {
  authorizeIam(call, 'iam:CreateAccessKey', input.UserName ? userArn(call.account, '/', input.UserName) : call.identity.arn);
  const { user } = owner(call, input.UserName);
  const prefix = ownerKeyPrefix(call.account, user);
  if (call.tx.scan(T.ownerKeys, { prefix }).length >= 2) throw limitExceeded('Cannot exceed quota for AccessKeysPerUser: 2');
  const key: AccessKeyRecord = {
    AccessKeyId: awsId('AKIA', call.ids),
    SecretAccessKey: secretKey(call.ids),
    Status: 'Active',
    CreateDate: call.now.toISOString(),
    account: call.account,
    kind: user === null ? 'root' : 'user',
    UserName: user ?? undefined,
  };
  call.tx.put(T.accessKeys, key.AccessKeyId, key);
  call.tx.put(T.ownerKeys, prefix + key.AccessKeyId, {});
  return {
    AccessKey: { UserName: user ?? undefined, AccessKeyId: key.AccessKeyId, Status: key.Status, SecretAccessKey: key.SecretAccessKey, CreateDate: call.now },
  };
}

export function listAccessKeys(call: Call, input: { UserName?: string }) {
  const { user, arn } = owner(call, input.UserName);
  authorizeIam(call, 'iam:ListAccessKeys', arn);
  const prefix = ownerKeyPrefix(call.account, user);
  const AccessKeyMetadata = call.tx.scan(T.ownerKeys, { prefix }).map(({ key }) => {
    const k = call.tx.get<AccessKeyRecord>(T.accessKeys, key.slice(prefix.length))!;
    return { UserName: k.UserName, AccessKeyId: k.AccessKeyId, Status: k.Status, CreateDate: new Date(k.CreateDate) };
  });
  return { AccessKeyMetadata, IsTruncated: false };
}

export function deleteAccessKey(call: Call, input: { UserName?: string; AccessKeyId: string }) {
  const { user, arn } = owner(call, input.UserName);
  authorizeIam(call, 'iam:DeleteAccessKey', arn);
  const prefix = ownerKeyPrefix(call.account, user);
  if (!call.tx.get(T.ownerKeys, prefix + input.AccessKeyId)) throw noSuchEntity(`The Access Key with id ${input.AccessKeyId} cannot be found.`);
  call.tx.delete(T.ownerKeys, prefix + input.AccessKeyId);
  call.tx.delete(T.accessKeys, input.AccessKeyId);
  return {};
}
