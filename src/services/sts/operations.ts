// STS: GetCallerIdentity and AssumeRole. https://docs.aws.amazon.com/STS/latest/APIReference/
import { accessDeniedText } from '../../core/access-denied.js';
import { AwsError } from '../../core/aws-error.js';
import type { Call } from '../../core/call.js';
import { awsId, secretKey } from '../../core/ids.js';
import { T, getRole, type AccessKeyRecord } from '../../core/identities.js';
import { compilePolicy } from '../../policy/index.js';

export function getCallerIdentity(call: Call) {
  // Always allowed: no policy can deny GetCallerIdentity (API reference, "no permissions are required").
  const id = call.identity;
  return { UserId: id.principalId, Account: id.account, Arn: id.arn };
}

function accessDenied(message: string) {
  return new AwsError('AccessDenied', message, 403);
}

interface AssumeRoleInput {
  RoleArn: string;
  RoleSessionName: string;
  DurationSeconds?: number;
  ExternalId?: string;
  Policy?: string;
  PolicyArns?: unknown[];
  Tags?: unknown[];
  SerialNumber?: string;
}

export function assumeRole(call: Call, input: AssumeRoleInput) {
  // Session policies, session tags and MFA change what the session may do; trailkey does not model
  // them, so it refuses them loudly rather than ignore them (DESIGN.md principle 4).
  for (const unsupported of ['Policy', 'PolicyArns', 'Tags', 'SerialNumber'] as const) {
    if (input[unsupported] !== undefined) throw new AwsError('NotImplemented', `trailkey does not support AssumeRole with ${unsupported}`, 501);
  }
  const m = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(input.RoleArn);
  const role = m ? getRole(call.tx, m[1], m[2]) : undefined;
  const action = 'sts:AssumeRole';
  if (!role || role.Arn !== input.RoleArn) {
    throw accessDenied(`User: ${call.identity.arn} is not authorized to perform: ${action} on resource: ${input.RoleArn}`);
  }
  // The trust policy is the role's mandatory resource policy: a caller it names directly needs no
  // IAM policy; a caller whose account it names needs one too; a caller it does not name gets
  // nothing, even in the same account and even as the root user.
  const trust = compilePolicy(role.AssumeRolePolicyDocument, { name: 'trust policy', kind: 'resource' });
  const decision = call.authorize({
    action,
    resource: role.Arn,
    resourceKind: 'role-trust',
    resourceAccount: role.account,
    resourcePolicy: trust,
    context: input.ExternalId === undefined ? {} : { 'sts:ExternalId': input.ExternalId },
  });
  if (decision.effect !== 'Allow') throw accessDenied(accessDeniedText(call.identity.arn, action, role.Arn, decision));
  const duration = input.DurationSeconds ?? 3600;
  if (duration > role.MaxSessionDuration) {
    throw new AwsError('ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`, 400);
  }
  const expiration = new Date(call.now.getTime() + duration * 1000);
  const key: AccessKeyRecord = {
    AccessKeyId: awsId('ASIA', call.ids),
    SecretAccessKey: secretKey(call.ids),
    Status: 'Active',
    CreateDate: call.now.toISOString(),
    account: role.account,
    kind: 'session',
    RoleName: role.RoleName,
    RoleSessionName: input.RoleSessionName,
    SessionToken: call.ids.bytes(96).toString('base64'),
    Expiration: expiration.toISOString(),
    IssuedAt: call.now.toISOString(),
  };
  call.tx.put(T.accessKeys, key.AccessKeyId, key);
  return {
    Credentials: { AccessKeyId: key.AccessKeyId, SecretAccessKey: key.SecretAccessKey, SessionToken: key.SessionToken, Expiration: expiration },
    AssumedRoleUser: {
      AssumedRoleId: `${role.RoleId}:${input.RoleSessionName}`,
      Arn: `arn:aws:sts::${role.account}:assumed-role/${role.RoleName}/${input.RoleSessionName}`,
    },
    PackedPolicySize: 0,
  };
}
