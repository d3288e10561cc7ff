// IAM and STS through the real @aws-sdk v3 clients and the AWS CLI v2.
import {
  AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, DeleteAccessKeyCommand,
  DeleteRoleCommand, DeleteUserCommand, DeleteUserPolicyCommand, GetRoleCommand, GetUserCommand, GetUserPolicyCommand, IAMClient,
  ListAccessKeysCommand, ListAttachedUserPoliciesCommand, ListRolesCommand, ListUserPoliciesCommand, ListUsersCommand, PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { aws, clientConfig, rootOf, startServer, type Credentials } from './harness.js';

const ACCOUNT = '111111111111';
let server: RunningServer;
const iamAs = (c: Credentials) => new IAMClient(clientConfig(server.url, c));
const stsAs = (c: Credentials) => new STSClient(clientConfig(server.url, c));
const root = rootOf(ACCOUNT);

const allow = (action: string, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('STS GetCallerIdentity', () => {
  it('identifies an unknown key as the root of the account it names, and of 000000000000 otherwise', async () => {
    expect(await stsAs(root).send(new GetCallerIdentityCommand({}))).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root`, UserId: ACCOUNT });
    const other = await stsAs({ accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({}));
    expect(other.Account).toBe('000000000000');
  });

  it('answers the AWS CLI v2', async () => {
    const r = await aws(server.url, root, ['sts', 'get-caller-identity']);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:root` });
  });
});

describe('IAM users, keys and policies', () => {
  it('creates a user whose key is verified and identifies the user', async () => {
    const iam = iamAs(root);
    const { User } = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/team/' }));
    expect(User).toMatchObject({ UserName: 'alice', Path: '/team/', Arn: `arn:aws:iam::${ACCOUNT}:user/team/alice` });
    expect(User!.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    expect(AccessKey!.AccessKeyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    const alice = { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! };
    expect(await stsAs(alice).send(new GetCallerIdentityCommand({}))).toMatchObject({
      Arn: User!.Arn,
      UserId: User!.UserId,
      Account: ACCOUNT,
    });
    // A known key with a wrong secret is refused, with the query protocol's texts.
    await expect(stsAs({ ...alice, secretAccessKey: 'wrong' }).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    // Without a policy the user may do nothing in IAM.
    await expect(iamAs(alice).send(new ListUsersCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${User!.Arn} is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${ACCOUNT}:user/ because no identity-based policy allows the iam:ListUsers action`,
    });
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'list', PolicyDocument: allow('iam:ListUsers') }));
    const { Users } = await iamAs(alice).send(new ListUsersCommand({}));
    expect(Users!.map((u) => u.UserName)).toContain('alice');
    const got = await iam.send(new GetUserPolicyCommand({ UserName: 'alice', PolicyName: 'list' }));
    expect(JSON.parse(decodeURIComponent(got.PolicyDocument!))).toEqual(JSON.parse(allow('iam:ListUsers')));
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'alice' }))).PolicyNames).toEqual(['list']);
    expect((await iam.send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata).toHaveLength(1);
  });

  it('answers AWS errors for missing and duplicate users, conflicts and malformed policies', async () => {
    const iam = iamAs(root);
    await expect(iam.send(new GetUserCommand({ UserName: 'nobody' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The user with name nobody cannot be found.',
      $metadata: { httpStatusCode: 404 },
    });
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    await expect(iam.send(new CreateUserCommand({ UserName: 'BOB' }))).rejects.toMatchObject({ name: 'EntityAlreadyExistsException', message: 'User with name BOB already exists.' });
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    await expect(iam.send(new DeleteUserCommand({ UserName: 'bob' }))).rejects.toMatchObject({ name: 'DeleteConflictException' });
    await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    await expect(iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }))).rejects.toMatchObject({ name: 'LimitExceededException', message: 'Cannot exceed quota for AccessKeysPerUser: 2' });
    await expect(iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'p', PolicyDocument: '{"Statement": [}' }))).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'Syntax errors in policy.',
    });
    await expect(iam.send(new PutUserPolicyCommand({ UserName: 'bob', PolicyName: 'p', PolicyDocument: '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}' }))).rejects.toMatchObject({
      message: 'Policy document must be version 2012-10-17 or greater.',
    });
    await expect(iam.send(new CreateUserCommand({ UserName: 'has space' }))).rejects.toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/^1 validation error detected: Value 'has space' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern/) });
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'bob', AccessKeyId: AccessKey!.AccessKeyId }));
    await expect(iam.send(new DeleteUserPolicyCommand({ UserName: 'bob', PolicyName: 'none' }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('attaches managed policies', async () => {
    const iam = iamAs(root);
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    const { Policy } = await iam.send(new CreatePolicyCommand({ PolicyName: 'readers', PolicyDocument: allow('iam:GetUser') }));
    expect(Policy!.Arn).toBe(`arn:aws:iam::${ACCOUNT}:policy/readers`);
    await iam.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: Policy!.Arn }));
    const { AttachedPolicies } = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'carol' }));
    expect(AttachedPolicies).toEqual([{ PolicyName: 'readers', PolicyArn: Policy!.Arn }]);
  });
});

describe('roles and AssumeRole', () => {
  it('issues expiring session credentials that identify the role session', async () => {
    const iam = iamAs(root);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'reader', Path: '/svc/', AssumeRolePolicyDocument: trust }));
    expect(Role!.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/svc/reader`);
    expect(JSON.parse(decodeURIComponent((await iam.send(new GetRoleCommand({ RoleName: 'reader' }))).Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(trust));
    expect((await iam.send(new ListRolesCommand({}))).Roles!.map((r) => r.RoleName)).toContain('reader');
    await iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'p', PolicyDocument: allow('iam:ListRoles') }));

    const { Credentials: c, AssumedRoleUser } = await stsAs(root).send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 's1', DurationSeconds: 900 }));
    expect(c!.AccessKeyId).toMatch(/^ASIA/);
    expect(c!.Expiration!.getTime()).toBeGreaterThan(Date.now() + 800_000);
    expect(AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/reader/s1`);
    const session = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    expect(await stsAs(session).send(new GetCallerIdentityCommand({}))).toMatchObject({ Arn: AssumedRoleUser!.Arn, UserId: `${Role!.RoleId}:s1` });
    await iamAs(session).send(new ListRolesCommand({}));
    await expect(iamAs(session).send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied' });
    // The session token is part of the credentials: without it the key is refused.
    await expect(stsAs({ ...session, sessionToken: undefined }).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
  });

  it('refuses a caller the trust policy does not name, and a role that does not exist', async () => {
    const iam = iamAs(root);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'sts:AssumeRole' }] });
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'partner', AssumeRolePolicyDocument: trust }));
    await expect(stsAs(root).send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'xx' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
    // Account 222222222222's root may: the trust policy names its account and the root needs no IAM policy.
    await stsAs(rootOf('222222222222')).send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'xx' }));
    await expect(stsAs(root).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/none`, RoleSessionName: 'xx' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await iam.send(new DeleteRoleCommand({ RoleName: 'partner' }));
  });
});

describe('the AWS CLI v2 against IAM', () => {
  it('creates and lists users and decodes policy documents', async () => {
    expect((await aws(server.url, root, ['iam', 'create-user', '--user-name', 'cli-user'])).code).toBe(0);
    const list = await aws(server.url, root, ['iam', 'list-users']);
    expect(JSON.parse(list.stdout).Users.map((u: { UserName: string }) => u.UserName)).toContain('cli-user');
    const missing = await aws(server.url, root, ['iam', 'get-user', '--user-name', 'nobody']);
    expect(missing.code).toBe(254);
    expect(missing.stderr).toMatch(/An error occurred \(NoSuchEntity\) when calling the GetUser operation.*: The user with name nobody cannot be found\./);
  });
});
