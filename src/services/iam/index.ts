import type { Model } from '../../core/model.js';
import type { ServiceDef } from '../../core/service.js';
import { createAccessKey, deleteAccessKey, listAccessKeys } from './access-keys.js';
import * as inline from './inline-policies.js';
import * as managed from './managed-policies.js';
import modelJson from './model.json' with { type: 'json' };
import { createRole, deleteRole, getRoleOp, listRoles } from './roles.js';
import { createUser, deleteUser, getUserOp, listUsers } from './users.js';

export const iam: ServiceDef = {
  name: 'iam',
  protocol: 'query',
  model: modelJson as unknown as Model,
  operations: {
    CreateUser: createUser,
    GetUser: getUserOp,
    ListUsers: listUsers,
    DeleteUser: deleteUser,
    CreateAccessKey: createAccessKey,
    ListAccessKeys: listAccessKeys,
    DeleteAccessKey: deleteAccessKey,
    PutUserPolicy: inline.putUserPolicy,
    GetUserPolicy: inline.getUserPolicy,
    ListUserPolicies: inline.listUserPolicies,
    DeleteUserPolicy: inline.deleteUserPolicy,
    CreateRole: createRole,
    GetRole: getRoleOp,
    ListRoles: listRoles,
    DeleteRole: deleteRole,
    PutRolePolicy: inline.putRolePolicy,
    GetRolePolicy: inline.getRolePolicy,
    ListRolePolicies: inline.listRolePolicies,
    DeleteRolePolicy: inline.deleteRolePolicy,
    CreatePolicy: managed.createPolicy,
    GetPolicy: managed.getPolicy,
    AttachUserPolicy: managed.attachUserPolicy,
    AttachRolePolicy: managed.attachRolePolicy,
    DetachUserPolicy: managed.detachUserPolicy,
    DetachRolePolicy: managed.detachRolePolicy,
    ListAttachedUserPolicies: managed.listAttachedUserPolicies,
    ListAttachedRolePolicies: managed.listAttachedRolePolicies,
  },
  readOnly: (op) => /^(Get|List)/.test(op),
};
