// Put/Get/List/Delete{User,Role}Policy: one implementation for both owners.
import type { Call } from '../../core/call.js';
import { T, inlineKey, inlinePrefix, type InlinePolicyRecord } from '../../core/identities.js';
import { authorizeIam, encodeDocument } from './authorize.js';
import { noSuchEntity } from './errors.js';
import { checkDocument } from './policy-document.js';
import { requireRole } from './roles.js';
import { requireUser } from './users.js';

type Kind = 'user' | 'role';
const Op = { user: 'User', role: 'Role' } as const;

function ownerOf(call: Call, kind: Kind, name: string): { name: string; arn: string } {
  const record = kind === 'user' ? requireUser(call, name) : requireRole(call, name);
  return { name: kind === 'user' ? (record as { UserName: string }).UserName : (record as { RoleName: string }).RoleName, arn: record.Arn };
}

function put(kind: Kind, call: Call, owner: string, PolicyName: string, PolicyDocument: string) {
  const o = ownerOf(call, kind, owner);
  authorizeIam(call, `iam:Put${Op[kind]}Policy`, o.arn);
  checkDocument(PolicyDocument, 'identity', kind === 'user' ? 'user-inline' : 'role-inline', o.name);
  call.tx.put<InlinePolicyRecord>(T.inlinePolicies, inlineKey(call.account, kind, o.name, PolicyName), { PolicyName, PolicyDocument });
  return {};
}

function get(kind: Kind, call: Call, owner: string, PolicyName: string) {
  const o = ownerOf(call, kind, owner);
  authorizeIam(call, `iam:Get${Op[kind]}Policy`, o.arn);
  const p = call.tx.get<InlinePolicyRecord>(T.inlinePolicies, inlineKey(call.account, kind, o.name, PolicyName));
  if (!p) throw noSuchEntity(`The ${kind} policy with name ${PolicyName} cannot be found.`);
  return { [`${Op[kind]}Name`]: o.name, PolicyName: p.PolicyName, PolicyDocument: encodeDocument(p.PolicyDocument) };
}

function list(kind: Kind, call: Call, owner: string) {
  const o = ownerOf(call, kind, owner);
  authorizeIam(call, `iam:List${Op[kind]}Policies`, o.arn);
  const PolicyNames = call.tx.scan<InlinePolicyRecord>(T.inlinePolicies, { prefix: inlinePrefix(call.account, kind, o.name) }).map((e) => e.value.PolicyName);
  return { PolicyNames, IsTruncated: false };
}

function remove(kind: Kind, call: Call, owner: string, PolicyName: string) {
  const o = ownerOf(call, kind, owner);
  authorizeIam(call, `iam:Delete${Op[kind]}Policy`, o.arn);
  const key = inlineKey(call.account, kind, o.name, PolicyName);
  if (!call.tx.get(T.inlinePolicies, key)) throw noSuchEntity(`The ${kind} policy with name ${PolicyName} cannot be found.`);
  call.tx.delete(T.inlinePolicies, key);
  return {};
}

type UserIn = { UserName: string; PolicyName: string; PolicyDocument: string };
type RoleIn = { RoleName: string; PolicyName: string; PolicyDocument: string };

export const putUserPolicy = (call: Call, i: UserIn) => put('user', call, i.UserName, i.PolicyName, i.PolicyDocument);
export const getUserPolicy = (call: Call, i: UserIn) => get('user', call, i.UserName, i.PolicyName);
export const listUserPolicies = (call: Call, i: UserIn) => list('user', call, i.UserName);
export const deleteUserPolicy = (call: Call, i: UserIn) => remove('user', call, i.UserName, i.PolicyName);
export const putRolePolicy = (call: Call, i: RoleIn) => put('role', call, i.RoleName, i.PolicyName, i.PolicyDocument);
export const getRolePolicy = (call: Call, i: RoleIn) => get('role', call, i.RoleName, i.PolicyName);
export const listRolePolicies = (call: Call, i: RoleIn) => list('role', call, i.RoleName);
export const deleteRolePolicy = (call: Call, i: RoleIn) => remove('role', call, i.RoleName, i.PolicyName);
