// CreateUser, GetUser, ListUsers, DeleteUser. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
import type { Call } from '../../core/call.js';
import { awsId } from '../../core/ids.js';
import { T, getUser, inlinePrefix, ownerKeyPrefix, userKey, type UserRecord } from '../../core/identities.js';
import { authorizeIam, userArn } from './authorize.js';
import { deleteConflict, entityAlreadyExists, noSuchEntity } from './errors.js';
import { page } from './paging.js';

type Tags = { Key: string; Value: string }[];

export function userNotFound(name: string) {
  return noSuchEntity(`The user with name ${name} cannot be found.`);
}

/** The user record, or NoSuchEntity. GetUser without a name means the caller itself. */
export function requireUser(call: Call, name: string): UserRecord {
  const user = getUser(call.tx, call.account, name);
  if (!user) throw userNotFound(name);
  return user;
}

const view = (u: UserRecord) => ({ Path: u.Path, UserName: u.UserName, UserId: u.UserId, Arn: u.Arn, CreateDate: new Date(u.CreateDate), Tags: u.Tags });

export function createUser(call: Call, input: { UserName: string; Path?: string; Tags?: Tags }) {
  const path = input.Path ?? '/';
  authorizeIam(call, 'iam:CreateUser', userArn(call.account, path, input.UserName));
  if (getUser(call.tx, call.account, input.UserName)) throw entityAlreadyExists(`User with name ${input.UserName} already exists.`);
  const user: UserRecord = {
    account: call.account,
    UserName: input.UserName,
    UserId: awsId('AIDA', call.ids, 17),
    Arn: userArn(call.account, path, input.UserName),
    Path: path,
    CreateDate: call.now.toISOString(),
    Tags: input.Tags,
  };
  call.tx.put(T.users, userKey(call.account, input.UserName), user);
  return { User: view(user) };
}

export function getUserOp(call: Call, input: { UserName?: string }) {
  if (input.UserName === undefined) {
    // Without UserName, GetUser describes the calling user (the root has no user record).
    const self = call.identity;
    if (self.type === 'Root') return { User: { UserId: self.account, Arn: self.arn, CreateDate: new Date(0), Path: '/', UserName: undefined } };
    authorizeIam(call, 'iam:GetUser', self.arn);
    return { User: view(requireUser(call, self.userName ?? '')) };
  }
  const user = getUser(call.tx, call.account, input.UserName);
  authorizeIam(call, 'iam:GetUser', user?.Arn ?? userArn(call.account, '/', input.UserName));
  if (!user) throw userNotFound(input.UserName);
  return { User: view(user) };
}

export function listUsers(call: Call, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
  authorizeIam(call, 'iam:ListUsers', `arn:aws:iam::${call.account}:user/`);
  const all = [...call.tx.scan<UserRecord>(T.users, { prefix: `${call.account}/` })]
    .map((e) => e.value)
    .filter((u) => u.Path.startsWith(input.PathPrefix ?? '/'));
  const { items, Marker, IsTruncated } = page(all, input.Marker, input.MaxItems);
  return { Users: items.map(view), IsTruncated, Marker };
}

export function deleteUser(call: Call, input: { UserName: string }) {
  const user = getUser(call.tx, call.account, input.UserName);
  authorizeIam(call, 'iam:DeleteUser', user?.Arn ?? userArn(call.account, '/', input.UserName));
  if (!user) throw userNotFound(input.UserName);
  const prefix = inlinePrefix(call.account, 'user', user.UserName);
  // IAM refuses to delete a user that still has keys or policies (DeleteConflict).
  if (call.tx.scan(T.ownerKeys, { prefix: ownerKeyPrefix(call.account, user.UserName), limit: 1 }).length) {
    throw deleteConflict('Cannot delete entity, must delete access keys first.');
  }
  if (call.tx.scan(T.inlinePolicies, { prefix, limit: 1 }).length) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (call.tx.scan(T.attachments, { prefix, limit: 1 }).length) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  call.tx.delete(T.users, userKey(call.account, user.UserName));
  return {};
}
