// CreateRole, GetRole, ListRoles, DeleteRole. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
import type { Call } from '../../core/call.js';
import { awsId } from '../../core/ids.js';
import { T, getRole, inlinePrefix, roleKey, type RoleRecord } from '../../core/identities.js';
import { authorizeIam, encodeDocument, roleArn } from './authorize.js';
import { deleteConflict, entityAlreadyExists, noSuchEntity } from './errors.js';
import { page } from './paging.js';
import { checkDocument } from './policy-document.js';

type Tags = { Key: string; Value: string }[];

export function requireRole(call: Call, name: string): RoleRecord {
  const role = getRole(call.tx, call.account, name);
  if (!role) throw noSuchEntity(`The role with name ${name} cannot be found.`);
  return role;
}

const view = (r: RoleRecord) => ({
  Path: r.Path,
  RoleName: r.RoleName,
  RoleId: r.RoleId,
  Arn: r.Arn,
  CreateDate: new Date(r.CreateDate),
  AssumeRolePolicyDocument: encodeDocument(r.AssumeRolePolicyDocument),
  Description: r.Description,
  MaxSessionDuration: r.MaxSessionDuration,
  Tags: r.Tags,
});

export function createRole(
  call: Call,
  input: { RoleName: string; Path?: string; AssumeRolePolicyDocument: string; Description?: string; MaxSessionDuration?: number; Tags?: Tags },
) {
  const path = input.Path ?? '/';
  const arn = roleArn(call.account, path, input.RoleName);
  authorizeIam(call, 'iam:CreateRole', arn);
  // A trust policy is a resource policy: Principal required, no Resource.
  checkDocument(input.AssumeRolePolicyDocument, 'resource');
  if (getRole(call.tx, call.account, input.RoleName)) throw entityAlreadyExists(`Role with name ${input.RoleName} already exists.`);
  const role: RoleRecord = {
    account: call.account,
    RoleName: input.RoleName,
    RoleId: awsId('AROA', call.ids, 17),
    Arn: arn,
    Path: path,
    CreateDate: call.now.toISOString(),
    AssumeRolePolicyDocument: input.AssumeRolePolicyDocument,
    Description: input.Description,
    MaxSessionDuration: input.MaxSessionDuration ?? 3600,
    Tags: input.Tags,
  };
  call.tx.put(T.roles, roleKey(call.account, input.RoleName), role);
  return { Role: view(role) };
}

export function getRoleOp(call: Call, input: { RoleName: string }) {
  const role = getRole(call.tx, call.account, input.RoleName);
  authorizeIam(call, 'iam:GetRole', role?.Arn ?? roleArn(call.account, '/', input.RoleName));
  if (!role) throw noSuchEntity(`The role with name ${input.RoleName} cannot be found.`);
  return { Role: view(role) };
}

export function listRoles(call: Call, input: { PathPrefix?: string; Marker?: string; MaxItems?: number }) {
  authorizeIam(call, 'iam:ListRoles', `arn:aws:iam::${call.account}:role/`);
  const all = call.tx
    .scan<RoleRecord>(T.roles, { prefix: `${call.account}/` })
    .map((e) => e.value)
    .filter((r) => r.Path.startsWith(input.PathPrefix ?? '/'));
  const { items, Marker, IsTruncated } = page(all, input.Marker, input.MaxItems);
  return { Roles: items.map(view), IsTruncated, Marker };
}

export function deleteRole(call: Call, input: { RoleName: string }) {
  const role = getRole(call.tx, call.account, input.RoleName);
  authorizeIam(call, 'iam:DeleteRole', role?.Arn ?? roleArn(call.account, '/', input.RoleName));
  if (!role) throw noSuchEntity(`The role with name ${input.RoleName} cannot be found.`);
  const prefix = inlinePrefix(call.account, 'role', role.RoleName);
  if (call.tx.scan(T.inlinePolicies, { prefix, limit: 1 }).length) throw deleteConflict('Cannot delete entity, must delete policies first.');
  if (call.tx.scan(T.attachments, { prefix, limit: 1 }).length) throw deleteConflict('Cannot delete entity, must detach all policies first.');
  call.tx.delete(T.roles, roleKey(call.account, role.RoleName));
  return {};
}
