// Key-policy enforcement over the wire (aws-behavior.md §6.3, §6.6): users from the config file and
// users made through IAM, role sessions from AssumeRole, another account, grants, every
// AccessDeniedException variant and the lockout safety check — each allowed and denied.
import {
  CreateGrantCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand, GenerateDataKeyCommand,
  ListGrantsCommand, ListKeysCommand, RetireGrantCommand, RevokeGrantCommand, ScheduleKeyDeletionCommand, CreateAliasCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfigFile } from '../../src/server/config.js';
import type { RunningServer } from '../../src/server/index.js';
import { rootOf, startServer, type Credentials } from './harness.js';
import {
  accountStatement, allowStatement, bytes, denied, EMPTY_MESSAGE_IN_SDK, failure, iamAt, identityPolicy, kmsAt, makeUser, noIdentityPolicy,
  noResourcePolicy, policy, REGION, stsAt, text, type User,
} from './kms-support.js';

const A = '111111111111';
const B = '222222222222';
const rootA = rootOf(A);
const rootB = rootOf(B);

const READER_KEY: Credentials = { accessKeyId: 'AKIACFGREADER0000001', secretAccessKey: 'cfg-reader-secret' };
const BARE_KEY: Credentials = { accessKeyId: 'AKIACFGBARE000000001', secretAccessKey: 'cfg-bare-secret' };
const CONFIG: ConfigFile = {
  accounts: [{ id: A, name: 'owner' }, { id: B, name: 'partner' }],
  users: [
    {
      account: A, name: 'cfg-reader', path: '/ops/', accessKeys: [{ id: READER_KEY.accessKeyId, secret: READER_KEY.secretAccessKey }],
      policies: { kms: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: '*' }] } },
    },
    { account: A, name: 'cfg-bare', accessKeys: [{ id: BARE_KEY.accessKeyId, secret: BARE_KEY.secretAccessKey }] },
  ],
};
const READER_ARN = `arn:aws:iam::${A}:user/ops/cfg-reader`;
const BARE_ARN = `arn:aws:iam::${A}:user/cfg-bare`;

let server: RunningServer;
const kmsAs = (c: Credentials) => kmsAt(server.url, c);
let kmsA: KMSClient;

beforeAll(async () => {
  server = await startServer({ config: CONFIG });
  kmsA = kmsAs(rootA);
});
afterAll(() => server?.close());

async function keyWith(...statements: object[]) {
  const { KeyMetadata } = await kmsA.send(new CreateKeyCommand(statements.length ? { Policy: policy(...statements), BypassPolicyLockoutSafetyCheck: true } : {}));
  return { KeyId: KeyMetadata!.KeyId!, Arn: KeyMetadata!.Arn! };
}
const encrypt = (c: Credentials, KeyId: string, more: Partial<ConstructorParameters<typeof EncryptCommand>[0]> = {}) =>
  kmsAs(c).send(new EncryptCommand({ KeyId, Plaintext: bytes('secret'), ...more }));
const CIPHERTEXT_LONG =
  'because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access';
const ciphertextDenied = (caller: string, why: string) => ({
  name: 'AccessDeniedException',
  message: `User: ${caller} is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext ${why}`,
  status: 400,
});

describe('users declared in the config file', () => {
  it('are identified by their keys, and the default key policy lets their IAM policies decide', async () => {
    expect((await stsAt(server.url, READER_KEY).send(new GetCallerIdentityCommand({}))).Arn).toBe(READER_ARN);
    const k = await keyWith();
    const { CiphertextBlob } = await encrypt(READER_KEY, k.KeyId);
    expect(text((await kmsAs(READER_KEY).send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('secret');
    expect((await kmsAs(READER_KEY).send(new DescribeKeyCommand({ KeyId: k.Arn }))).KeyMetadata!.Arn).toBe(k.Arn);
    // What their IAM policy does not allow, they may not do.
    expect(await failure(kmsAs(READER_KEY).send(new GenerateDataKeyCommand({ KeyId: k.KeyId, KeySpec: 'AES_256' })))).toEqual(
      denied(READER_ARN, 'kms:GenerateDataKey', k.Arn, noIdentityPolicy('kms:GenerateDataKey')),
    );
    // A user without policies may do nothing.
    expect(await failure(encrypt(BARE_KEY, k.KeyId))).toEqual(denied(BARE_ARN, 'kms:Encrypt', k.Arn, noIdentityPolicy('kms:Encrypt')));
    // Decrypt by ciphertext alone names "the resource associated with this ciphertext".
    expect(await failure(kmsAs(BARE_KEY).send(new DecryptCommand({ CiphertextBlob })))).toEqual(
      ciphertextDenied(BARE_ARN, noIdentityPolicy('kms:Decrypt')),
    );
  });

  it('a key policy that names the user needs no IAM policy; what it does not name still needs one', async () => {
    const k = await keyWith(accountStatement(A), allowStatement(BARE_ARN, ['kms:Encrypt', 'kms:Decrypt']));
    const { CiphertextBlob } = await encrypt(BARE_KEY, k.Arn);
    expect(text((await kmsAs(BARE_KEY).send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('secret');
    expect(await failure(kmsAs(BARE_KEY).send(new DisableKeyCommand({ KeyId: k.KeyId })))).toEqual(
      denied(BARE_ARN, 'kms:DisableKey', k.Arn, noIdentityPolicy('kms:DisableKey')),
    );
  });
});

describe('users made through IAM', () => {
  let admin: User;
  let plain: User;
  let denier: User;
  beforeAll(async () => {
    admin = await makeUser(server.url, rootA, 'kms-admin', { all: identityPolicy('Allow', 'kms:*') });
    plain = await makeUser(server.url, rootA, 'kms-plain');
    denier = await makeUser(server.url, rootA, 'kms-denier', { all: identityPolicy('Allow', 'kms:*'), no: identityPolicy('Deny', ['kms:Encrypt', 'kms:Decrypt']) });
  });

  it('CreateKey and ListKeys are decided by IAM alone, on resource *', async () => {
    expect(await failure(kmsAs(plain.credentials).send(new CreateKeyCommand({})))).toEqual(
      denied(plain.arn, 'kms:CreateKey', '*', noIdentityPolicy('kms:CreateKey')),
    );
    expect(await failure(kmsAs(plain.credentials).send(new ListKeysCommand({})))).toEqual(denied(plain.arn, 'kms:ListKeys', '*', noIdentityPolicy('kms:ListKeys')));
    const { KeyMetadata } = await kmsAs(admin.credentials).send(new CreateKeyCommand({}));
    expect(KeyMetadata!.AWSAccountId).toBe(A);
    expect((await kmsAs(admin.credentials).send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId)).toContain(KeyMetadata!.KeyId);
  });

  it('without the account statement an IAM Allow is ineffective: no resource-based policy allows', async () => {
    const k = await keyWith({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:DescribeKey', Resource: '*' });
    expect(await failure(encrypt(admin.credentials, k.KeyId))).toEqual(denied(admin.arn, 'kms:Encrypt', k.Arn, noResourcePolicy('kms:Encrypt')));
    expect((await kmsAs(admin.credentials).send(new DescribeKeyCommand({ KeyId: k.KeyId }))).KeyMetadata!.Arn).toBe(k.Arn);
  });

  it('explicit denies: in an identity-based policy, in the key policy', async () => {
    const k = await keyWith(accountStatement(A));
    expect(await failure(encrypt(denier.credentials, k.KeyId))).toEqual(denied(denier.arn, 'kms:Encrypt', k.Arn, 'with an explicit deny in an identity-based policy'));
    const { CiphertextBlob } = await encrypt(admin.credentials, k.KeyId);
    expect(await failure(kmsAs(denier.credentials).send(new DecryptCommand({ CiphertextBlob })))).toEqual(
      ciphertextDenied(denier.arn, 'with an explicit deny in an identity-based policy'),
    );
    const k2 = await keyWith(accountStatement(A), { Effect: 'Deny', Principal: { AWS: admin.arn }, Action: 'kms:Encrypt', Resource: '*' });
    expect(await failure(encrypt(admin.credentials, k2.KeyId))).toEqual(denied(admin.arn, 'kms:Encrypt', k2.Arn, 'with an explicit deny in a resource-based policy'));
  });

  it('the lockout check counts the caller IAM policies when the new policy delegates to the account', async () => {
    const creator = await makeUser(server.url, rootA, 'kms-creator', { c: identityPolicy('Allow', 'kms:CreateKey') });
    const delegating = policy(accountStatement(A));
    expect(await failure(kmsAs(creator.credentials).send(new CreateKeyCommand({ Policy: delegating })))).toEqual({
      name: 'MalformedPolicyDocumentException',
      message: 'The new key policy will not allow you to update the key policy in the future.',
      status: 400,
    });
    // Naming the caller directly passes; so does an admin whose IAM policy allows PutKeyPolicy.
    const direct = policy(accountStatement(A), allowStatement(creator.arn, 'kms:PutKeyPolicy'));
    expect((await kmsAs(creator.credentials).send(new CreateKeyCommand({ Policy: direct }))).KeyMetadata!.KeyState).toBe('Enabled');
    expect((await kmsAs(admin.credentials).send(new CreateKeyCommand({ Policy: delegating }))).KeyMetadata!.KeyState).toBe('Enabled');
  });
});

describe('roles and their sessions (AssumeRole)', () => {
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] });
  async function session(roleArn: string, name: string): Promise<Credentials> {
    const { Credentials: c } = await stsAt(server.url, rootA).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: name }));
    return { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
  }

  it('a role ARN in the key policy covers every session of the role; another role is denied with its session ARN', async () => {
    const iam = iamAt(server.url, rootA);
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'kms-app', Path: '/apps/', AssumeRolePolicyDocument: trust }));
    const { Role: other } = await iam.send(new CreateRoleCommand({ RoleName: 'kms-other', AssumeRolePolicyDocument: trust }));
    const k = await keyWith(accountStatement(A), allowStatement(Role!.Arn!, ['kms:Encrypt', 'kms:Decrypt']));
    for (const name of ['one', 'two']) {
      const s = await session(Role!.Arn!, name);
      const { CiphertextBlob, KeyId } = await encrypt(s, k.KeyId);
      expect(KeyId).toBe(k.Arn);
      expect(text((await kmsAs(s).send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('secret');
    }
    const o = await session(other!.Arn!, 'xx');
    expect(await failure(encrypt(o, k.KeyId))).toEqual(denied(`arn:aws:sts::${A}:assumed-role/kms-other/xx`, 'kms:Encrypt', k.Arn, noIdentityPolicy('kms:Encrypt')));
  });

  it("a session gets its role's IAM policies through the account statement", async () => {
    const iam = iamAt(server.url, rootA);
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: 'kms-dk', AssumeRolePolicyDocument: trust }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'kms-dk', PolicyName: 'dk', PolicyDocument: identityPolicy('Allow', 'kms:GenerateDataKey*') }));
    const k = await keyWith();
    const s = await session(Role!.Arn!, 'worker');
    expect((await kmsAs(s).send(new GenerateDataKeyCommand({ KeyId: k.KeyId, KeySpec: 'AES_256' }))).KeyId).toBe(k.Arn);
    expect(await failure(encrypt(s, k.KeyId))).toEqual(denied(`arn:aws:sts::${A}:assumed-role/kms-dk/worker`, 'kms:Encrypt', k.Arn, noIdentityPolicy('kms:Encrypt')));
  });

  it('a session ARN in the key policy covers only that session', async () => {
    const { Role } = await iamAt(server.url, rootA).send(new CreateRoleCommand({ RoleName: 'kms-worker', AssumeRolePolicyDocument: trust }));
    const k = await keyWith(accountStatement(A), allowStatement(`arn:aws:sts::${A}:assumed-role/kms-worker/alpha`, 'kms:Encrypt'));
    await encrypt(await session(Role!.Arn!, 'alpha'), k.KeyId);
    expect(await failure(encrypt(await session(Role!.Arn!, 'beta'), k.KeyId))).toEqual(
      denied(`arn:aws:sts::${A}:assumed-role/kms-worker/beta`, 'kms:Encrypt', k.Arn, noIdentityPolicy('kms:Encrypt')),
    );
  });
});

describe(`another account (${B})`, () => {
  let ext: User;
  let extBare: User;
  let shared: { KeyId: string; Arn: string };
  beforeAll(async () => {
    shared = await keyWith(accountStatement(A), {
      Sid: 'partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:ScheduleKeyDeletion'], Resource: '*',
    });
    ext = await makeUser(server.url, rootB, 'partner-app', { kms: identityPolicy('Allow', 'kms:*', shared.Arn) });
    extBare = await makeUser(server.url, rootB, 'partner-bare');
  });

  it('its user with an IAM Allow can Encrypt, Decrypt and DescribeKey by key ARN', async () => {
    expect(ext.arn).toBe(`arn:aws:iam::${B}:user/partner-app`);
    const { CiphertextBlob, KeyId } = await encrypt(ext.credentials, shared.Arn);
    expect(KeyId).toBe(shared.Arn);
    expect(text((await kmsAs(ext.credentials).send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('secret');
    expect(text((await kmsAs(ext.credentials).send(new DecryptCommand({ CiphertextBlob, KeyId: shared.Arn }))).Plaintext)).toBe('secret');
    expect((await kmsAs(ext.credentials).send(new DescribeKeyCommand({ KeyId: shared.Arn }))).KeyMetadata!.AWSAccountId).toBe(A);
    // The owner decrypts what the partner encrypted.
    expect(text((await kmsA.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('secret');
  });

  it('cannot ScheduleKeyDeletion: not a cross-account operation, whatever the policies say', async () => {
    expect(await failure(kmsAs(ext.credentials).send(new ScheduleKeyDeletionCommand({ KeyId: shared.Arn, PendingWindowInDays: 7 })))).toEqual(
      denied(ext.arn, 'kms:ScheduleKeyDeletion', shared.Arn, noResourcePolicy('kms:ScheduleKeyDeletion')),
    );
    expect((await kmsA.send(new DescribeKeyCommand({ KeyId: shared.KeyId }))).KeyMetadata!.KeyState).toBe('Enabled');
  });

  it('a bare key id is looked up in the caller account', async () => {
    expect(await failure(encrypt(ext.credentials, shared.KeyId))).toEqual({
      name: 'NotFoundException', message: `Key 'arn:aws:kms:${REGION}:${B}:key/${shared.KeyId}' does not exist`, status: 400,
    });
  });

  it('without its IAM Allow it is denied: no identity-based policy allows', async () => {
    expect(await failure(encrypt(extBare.credentials, shared.Arn))).toEqual(denied(extBare.arn, 'kms:Encrypt', shared.Arn, noIdentityPolicy('kms:Encrypt')));
    expect(await failure(kmsAs(extBare.credentials).send(new DescribeKeyCommand({ KeyId: shared.Arn })))).toEqual(
      denied(extBare.arn, 'kms:DescribeKey', shared.Arn, noIdentityPolicy('kms:DescribeKey')),
    );
  });

  it("the account's root needs no IAM policy; a key that does not name the account refuses it", async () => {
    await encrypt(rootB, shared.Arn);
    const own = await keyWith();
    expect(await failure(encrypt(rootB, own.Arn))).toEqual(denied(`arn:aws:iam::${B}:root`, 'kms:Encrypt', own.Arn, noResourcePolicy('kms:Encrypt')));
    const { CiphertextBlob } = await encrypt(rootA, own.Arn);
    expect(await failure(kmsAs(rootB).send(new DecryptCommand({ CiphertextBlob })))).toEqual(ciphertextDenied(`arn:aws:iam::${B}:root`, CIPHERTEXT_LONG));
  });

  it('an alias of the other account is usable by its alias ARN', async () => {
    await kmsA.send(new CreateAliasCommand({ AliasName: 'alias/partner', TargetKeyId: shared.KeyId }));
    expect((await encrypt(ext.credentials, `arn:aws:kms:${REGION}:${A}:alias/partner`)).KeyId).toBe(shared.Arn);
  });
});

describe('grants', () => {
  it('a grantee with no policy uses the key only through its grant, until the grant is retired or revoked', async () => {
    const k = await keyWith();
    const grantee = await makeUser(server.url, rootA, 'grantee');
    const second = await makeUser(server.url, rootA, 'grantee-two');
    expect(await failure(encrypt(grantee.credentials, k.KeyId))).toEqual(denied(grantee.arn, 'kms:Encrypt', k.Arn, noIdentityPolicy('kms:Encrypt')));

    const g = await kmsA.send(new CreateGrantCommand({
      KeyId: k.KeyId, GranteePrincipal: grantee.arn, RetiringPrincipal: grantee.arn, Operations: ['Encrypt', 'Decrypt'], Name: 'app',
    }));
    expect(g.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(g.GrantToken!.length).toBeGreaterThan(20);
    const { CiphertextBlob } = await encrypt(grantee.credentials, k.KeyId);
    expect(text((await kmsAs(grantee.credentials).send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('secret');
    await encrypt(grantee.credentials, k.Arn, { GrantTokens: [g.GrantToken!] });
    // Only the granted operations.
    expect(await failure(kmsAs(grantee.credentials).send(new GenerateDataKeyCommand({ KeyId: k.KeyId, KeySpec: 'AES_256' })))).toEqual(
      denied(grantee.arn, 'kms:GenerateDataKey', k.Arn, noIdentityPolicy('kms:GenerateDataKey')),
    );
    expect(await failure(encrypt(grantee.credentials, k.KeyId, { GrantTokens: ['not-a-token'] }))).toEqual({
      name: 'InvalidGrantTokenException', message: EMPTY_MESSAGE_IN_SDK, status: 400,
    });

    // A constrained grant: only with exactly this encryption context.
    const g2 = await kmsA.send(new CreateGrantCommand({
      KeyId: k.Arn, GranteePrincipal: second.arn, Operations: ['Encrypt'], Constraints: { EncryptionContextEquals: { app: 'two' } },
    }));
    await encrypt(second.credentials, k.KeyId, { EncryptionContext: { app: 'two' } });
    expect(await failure(encrypt(second.credentials, k.KeyId))).toMatchObject({ name: 'AccessDeniedException' });
    expect(await failure(encrypt(second.credentials, k.KeyId, { EncryptionContext: { app: 'two', more: 'x' } }))).toMatchObject({ name: 'AccessDeniedException' });

    const listed = await kmsA.send(new ListGrantsCommand({ KeyId: k.KeyId }));
    expect(listed.Truncated).toBe(false);
    expect(listed.Grants).toHaveLength(2);
    const entry = listed.Grants!.find((x) => x.GrantId === g.GrantId)!;
    expect(entry).toMatchObject({
      KeyId: k.Arn, GrantId: g.GrantId, Name: 'app', GranteePrincipal: grantee.arn, RetiringPrincipal: grantee.arn,
      IssuingAccount: `arn:aws:iam::${A}:root`, Operations: ['Encrypt', 'Decrypt'],
    });
    expect(entry.CreationDate).toBeInstanceOf(Date);
    expect(listed.Grants!.find((x) => x.GrantId === g2.GrantId)!.Constraints).toEqual({ EncryptionContextEquals: { app: 'two' } });
    expect((await kmsA.send(new ListGrantsCommand({ KeyId: k.KeyId, GranteePrincipal: second.arn }))).Grants!.map((x) => x.GrantId)).toEqual([g2.GrantId]);

    // The retiring principal retires the grant with its token: the grantee is back to nothing.
    await kmsAs(grantee.credentials).send(new RetireGrantCommand({ GrantToken: g.GrantToken }));
    expect(await failure(encrypt(grantee.credentials, k.KeyId))).toEqual(denied(grantee.arn, 'kms:Encrypt', k.Arn, noIdentityPolicy('kms:Encrypt')));
    // The key's administrator revokes the other one.
    await kmsA.send(new RevokeGrantCommand({ KeyId: k.KeyId, GrantId: g2.GrantId }));
    expect(await failure(encrypt(second.credentials, k.KeyId, { EncryptionContext: { app: 'two' } }))).toMatchObject({ name: 'AccessDeniedException' });
    expect(await failure(kmsA.send(new RevokeGrantCommand({ KeyId: k.KeyId, GrantId: g2.GrantId })))).toEqual({
      name: 'InvalidGrantIdException', message: EMPTY_MESSAGE_IN_SDK, status: 400,
    });
    expect((await kmsA.send(new ListGrantsCommand({ KeyId: k.KeyId }))).Grants).toEqual([]);
  });

  it('the grantee may not retire or revoke what it is not the retiring principal of', async () => {
    const k = await keyWith();
    const grantee = await makeUser(server.url, rootA, 'grantee-three');
    const g = await kmsA.send(new CreateGrantCommand({ KeyId: k.KeyId, GranteePrincipal: grantee.arn, Operations: ['Encrypt'] }));
    expect(await failure(kmsAs(grantee.credentials).send(new RetireGrantCommand({ GrantToken: g.GrantToken })))).toEqual(
      denied(grantee.arn, 'kms:RetireGrant', k.Arn, noIdentityPolicy('kms:RetireGrant')),
    );
    expect(await failure(kmsAs(grantee.credentials).send(new RevokeGrantCommand({ KeyId: k.KeyId, GrantId: g.GrantId })))).toEqual(
      denied(grantee.arn, 'kms:RevokeGrant', k.Arn, noIdentityPolicy('kms:RevokeGrant')),
    );
    // The key's account retires it by key id and grant id.
    await kmsA.send(new RetireGrantCommand({ KeyId: k.Arn, GrantId: g.GrantId }));
    expect((await kmsA.send(new ListGrantsCommand({ KeyId: k.KeyId }))).Grants).toEqual([]);
  });

  it('a grant to a user of another account works by key ARN without any policy', async () => {
    const k = await keyWith();
    const partner = await makeUser(server.url, rootB, 'grant-partner');
    expect(await failure(encrypt(partner.credentials, k.Arn))).toMatchObject({ name: 'AccessDeniedException' });
    await kmsA.send(new CreateGrantCommand({ KeyId: k.KeyId, GranteePrincipal: partner.arn, Operations: ['Encrypt', 'DescribeKey'] }));
    expect((await encrypt(partner.credentials, k.Arn)).KeyId).toBe(k.Arn);
    expect((await kmsAs(partner.credentials).send(new DescribeKeyCommand({ KeyId: k.Arn }))).KeyMetadata!.Arn).toBe(k.Arn);
  });
});
