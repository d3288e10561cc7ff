// CreatePolicy, GetPolicy, Attach/Detach{User,Role}Policy, ListAttached{User,Role}Policies.
// AWS managed policies (arn:aws:iam::aws:policy/…) are not modelled: attaching one is NoSuchEntity.
import type { Call } from '../../core/call.js';
import { awsId } from '../../core/ids.js';
import { T, attachmentKey, inlinePrefix, type ManagedPolicyRecord } from '../../core/identities.js';
import { authorizeIam, policyArn } from './authorize.js';
import { entityAlreadyExists, noSuchEntity } from './errors.js';
import { checkDocument } from './policy-document.js';
import { requireRole } from './roles.js';
import { requireUser } from './users.js';

const view = (p: ManagedPolicyRecord, attachments: number) => ({
  PolicyName: p.PolicyName,
  PolicyId: p.PolicyId,
  Arn: p.Arn,
  Path: p.Path,
  DefaultVersionId: p.DefaultVersionId,
  AttachmentCount: attachments,
  PermissionsBoundaryUsageCount: 0,
  IsAttachable: true,
  CreateDate: new Date(p.CreateDate),
  UpdateDate: new Date(p.UpdateDate),
});

function attachmentCount(call: Call, arn: string): number {
  return call.tx.scan(T.attachments, { prefix: `${arn.split(':')[4]}/` }).filter((e) => e.key.endsWith(`/${arn}`)).length;
}

export function requirePolicy(call: Call, arn: string): ManagedPolicyRecord {
  const p = call.tx.get<ManagedPolicyRecord>(T.managedPolicies, arn);
  if (!p) throw noSuchEntity(`Policy ${arn} does not exist or is not attachable.`);
  return p;
}

export function createPolicy(call: Call, input: { PolicyName: string; Path?: string; PolicyDocument: string; Description?: string }) {
  const path = input.Path ?? '/';
  const arn = policyArn(call.account, path, input.PolicyName);
  authorizeIam(call, 'iam:CreatePolicy', arn);
  checkDocument(input.PolicyDocument, 'identity', 'managed');
  if (call.tx.get(T.managedPolicies, arn)) {
    throw entityAlreadyExists(`A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
  }
  const now = call.now.toISOString();
  const policy: ManagedPolicyRecord = {
    account: call.account,
    PolicyName: input.PolicyName,
    PolicyId: awsId('ANPA', call.ids, 17),
    Arn: arn,
    Path: path,
    DefaultVersionId: 'v1',
    Document: input.PolicyDocument,
    CreateDate: now,
    UpdateDate: now,
  };
  call.tx.put(T.managedPolicies, arn, policy);
  return { Policy: view(policy, 0) };
}

export function getPolicy(call: Call, input: { PolicyArn: string }) {
  authorizeIam(call, 'iam:GetPolicy', input.PolicyArn);
  const p = call.tx.get<ManagedPolicyRecord>(T.managedPolicies, input.PolicyArn);
  if (!p) throw noSuchEntity(`Policy ${input.PolicyArn} was not found.`);
  return { Policy: view(p, attachmentCount(call, p.Arn)) };
}

type Kind = 'user' | 'role';
const Op = { user: 'User', role: 'Role' } as const;

function owner(call: Call, kind: Kind, name: string) {
  const r = kind === 'user' ? requireUser(call, name) : requireRole(call, name);
  return { name: 'UserName' in r ? r.UserName : r.RoleName, arn: r.Arn };
}

function attach(kind: Kind, call: Call, name: string, arn: string) {
  const o = owner(call, kind, name);
  authorizeIam(call, `iam:Attach${Op[kind]}Policy`, o.arn);
  requirePolicy(call, arn);
  call.tx.put(T.attachments, attachmentKey(call.account, kind, o.name, arn), {});
  return {};
}

function detach(kind: Kind, call: Call, name: string, arn: string) {
  const o = owner(call, kind, name);
  authorizeIam(call, `iam:Detach${Op[kind]}Policy`, o.arn);
  const key = attachmentKey(call.account, kind, o.name, arn);
  if (!call.tx.get(T.attachments, key)) throw noSuchEntity(`Policy ${arn} was not found.`);
  call.tx.delete(T.attachments, key);
  return {};
}

function listAttached(kind: Kind, call: Call, name: string) {
  const o = owner(call, kind, name);
  authorizeIam(call, `iam:ListAttached${Op[kind]}Policies`, o.arn);
  const prefix = inlinePrefix(call.account, kind, o.name);
  const AttachedPolicies = call.tx.scan(T.attachments, { prefix }).map(({ key }) => {
    const arn = key.slice(prefix.length);
    return { PolicyArn: arn, PolicyName: arn.slice(arn.lastIndexOf('/') + 1) };
  });
  return { AttachedPolicies, IsTruncated: false };
}

type UserIn = { UserName: string; PolicyArn: string };
type RoleIn = { RoleName: string; PolicyArn: string };
export const attachUserPolicy = (call: Call, i: UserIn) => attach('user', call, i.UserName, i.PolicyArn);
export const attachRolePolicy = (call: Call, i: RoleIn) => attach('role', call, i.RoleName, i.PolicyArn);
export const detachUserPolicy = (call: Call, i: UserIn) => detach('user', call, i.UserName, i.PolicyArn);
export const detachRolePolicy = (call: Call, i: RoleIn) => detach('role', call, i.RoleName, i.PolicyArn);
export const listAttachedUserPolicies = (call: Call, i: UserIn) => listAttached('user', call, i.UserName);
export const listAttachedRolePolicies = (call: Call, i: RoleIn) => listAttached('role', call, i.RoleName);
