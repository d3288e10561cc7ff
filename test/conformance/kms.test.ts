// Every KMS operation through @aws-sdk/client-kms against a started server, as the root of an
// account (an unknown key in the default auth mode), with the verbatim errors of aws-behavior.md
// §6.4–§6.6 as the SDK surfaces them: name, message and HTTP status.
import {
  CancelKeyDeletionCommand, CreateAliasCommand, CreateGrantCommand, ListGrantsCommand, RetireGrantCommand, RevokeGrantCommand, CreateKeyCommand, DecryptCommand, DeleteAliasCommand, DescribeKeyCommand, DisableKeyCommand,
  EnableKeyCommand, EncryptCommand, GenerateDataKeyCommand, GenerateDataKeyWithoutPlaintextCommand, GenerateRandomCommand, GetKeyPolicyCommand,
  ListAliasesCommand, ListKeyPoliciesCommand, ListKeysCommand, ListResourceTagsCommand, PutKeyPolicyCommand, ReEncryptCommand,
  ScheduleKeyDeletionCommand, TagResourceCommand, UntagResourceCommand, UpdateAliasCommand, UpdateKeyDescriptionCommand, type KMSClient,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { rootOf, startServer } from './harness.js';
import { accountStatement, bytes, EMPTY_MESSAGE_IN_SDK, failure, kmsAt, policy, rawKms, REGION, text } from './kms-support.js';

const ACCOUNT = '111111111111';
let server: RunningServer;
let kms: KMSClient;

beforeAll(async () => {
  server = await startServer();
  kms = kmsAt(server.url, rootOf(ACCOUNT));
});
afterAll(() => server.close());

const keyArn = (id: string, account = ACCOUNT, region = REGION) => `arn:aws:kms:${region}:${account}:key/${id}`;
const aliasArn = (name: string, account = ACCOUNT) => `arn:aws:kms:${REGION}:${account}:${name}`;

async function newKey(input: ConstructorParameters<typeof CreateKeyCommand>[0] = {}, client = kms) {
  const { KeyMetadata } = await client.send(new CreateKeyCommand(input));
  return KeyMetadata!;
}

const DEFAULT_POLICY = `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${ACCOUNT}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;

describe('CreateKey and DescribeKey', () => {
  it('creates a symmetric key with the metadata AWS returns', async () => {
    const before = Date.now();
    const m = await newKey({ Description: 'first' });
    expect(m.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(m).toMatchObject({
      AWSAccountId: ACCOUNT,
      Arn: keyArn(m.KeyId!),
      Description: 'first',
      Enabled: true,
      KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      KeyManager: 'CUSTOMER',
      Origin: 'AWS_KMS',
      MultiRegion: false,
    });
    // Timestamps travel as epoch seconds and come back as Dates.
    expect(m.CreationDate).toBeInstanceOf(Date);
    expect(m.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(m.CreationDate!.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('finds a key by id, key ARN, alias name and alias ARN', async () => {
    const m = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/by-name', TargetKeyId: m.KeyId }));
    for (const KeyId of [m.KeyId, m.Arn, 'alias/by-name', aliasArn('alias/by-name')]) {
      const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId }));
      expect(KeyMetadata!.Arn).toBe(m.Arn);
    }
  });

  it('MultiRegion: an mrk- id that resolves like any other, with a primary MultiRegionConfiguration', async () => {
    const m = await newKey({ MultiRegion: true });
    expect(m.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(m.MultiRegion).toBe(true);
    expect(m.MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: m.Arn, Region: REGION }, ReplicaKeys: [] });
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: m.KeyId }));
    expect(KeyMetadata!.Arn).toBe(keyArn(m.KeyId!));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: bytes('mrk') }));
    expect(text((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext)).toBe('mrk');
  });

  it('Tags at creation are listed; a Policy at creation is kept; the lockout check applies unless bypassed', async () => {
    const m = await newKey({ Tags: [{ TagKey: 'team', TagValue: 'blue' }, { TagKey: 'env', TagValue: '' }] });
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: m.KeyId }))).Tags).toEqual([
      { TagKey: 'env', TagValue: '' },
      { TagKey: 'team', TagValue: 'blue' },
    ]);
    const own = policy(accountStatement(ACCOUNT));
    const withPolicy = await newKey({ Policy: own });
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: withPolicy.KeyId, PolicyName: 'default' }))).Policy).toBe(own);
    // A policy that names only a service: the root could never call PutKeyPolicy again (§6.3).
    const locking = policy({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:*', Resource: '*' });
    expect(await failure(kms.send(new CreateKeyCommand({ Policy: locking })))).toEqual({
      name: 'MalformedPolicyDocumentException',
      message: 'The new key policy will not allow you to update the key policy in the future.',
      status: 400,
    });
    const locked = await newKey({ Policy: locking, BypassPolicyLockoutSafetyCheck: true });
    expect(await failure(kms.send(new GetKeyPolicyCommand({ KeyId: locked.KeyId, PolicyName: 'default' })))).toEqual({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: kms:GetKeyPolicy on resource: ${locked.Arn} because no resource-based policy allows the kms:GetKeyPolicy action`,
      status: 400,
    });
  });

  it('refuses malformed policies and tags with AWS texts', async () => {
    expect(await failure(kms.send(new CreateKeyCommand({ Policy: policy(accountStatement(ACCOUNT), { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/ghost` }, Action: 'kms:Decrypt', Resource: '*' }) })))).toEqual({
      name: 'MalformedPolicyDocumentException',
      message: 'Policy contains a statement with one or more invalid principals.',
      status: 400,
    });
    expect(await failure(kms.send(new CreateKeyCommand({ Policy: '{"Version": ' })))).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 });
    const overly = policy(accountStatement(ACCOUNT), {
      Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:purpose': 'x' } },
    });
    expect(await failure(kms.send(new CreateKeyCommand({ Policy: overly })))).toEqual({
      name: 'MalformedPolicyDocumentException',
      message:
        'OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.',
      status: 400,
    });
    // Over 32 KB: LimitExceededException (the model allows 131072 characters).
    const big = policy(accountStatement(ACCOUNT), { Sid: 'x'.repeat(33_000), Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' });
    expect(await failure(kms.send(new CreateKeyCommand({ Policy: big })))).toMatchObject({ name: 'LimitExceededException', status: 400 });
    const tagError = (message: string) => ({ name: 'TagException', message, status: 400 });
    expect(await failure(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'aws:x', TagValue: 'y' }] })))).toEqual(tagError('Tags beginning with aws: are reserved'));
    expect(await failure(kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'a', TagValue: '1' }, { TagKey: 'a', TagValue: '2' }] })))).toEqual(tagError('Duplicate tag keys'));
    const many = Array.from({ length: 51 }, (_, i) => ({ TagKey: `k${i}`, TagValue: 'v' }));
    expect(await failure(kms.send(new CreateKeyCommand({ Tags: many })))).toEqual(tagError('Too many tags'));
  });

  it('NotFoundException texts (§6.5)', async () => {
    const missing = '00000000-0000-0000-0000-000000000000';
    const notFound = (message: string) => ({ name: 'NotFoundException', message, status: 400 });
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: missing })))).toEqual(notFound(`Key '${keyArn(missing)}' does not exist`));
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: keyArn(missing) })))).toEqual(notFound(`Key '${keyArn(missing)}' does not exist`));
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: 'not-a-key' })))).toEqual(notFound(`Invalid keyId 'not-a-key'`));
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: keyArn(missing, ACCOUNT, 'eu-west-1') })))).toEqual(notFound('Invalid arn eu-west-1'));
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: 'alias/none' })))).toEqual(notFound(`Alias ${aliasArn('alias/none')} is not found.`));
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: aliasArn('alias/none') })))).toEqual(notFound(`Alias ${aliasArn('alias/none')} is not found.`));
  });

  it('a key made in another Region lives there only', async () => {
    const west = kmsAt(server.url, rootOf(ACCOUNT), 'eu-west-1');
    const m = await newKey({}, west);
    expect(m.Arn).toBe(keyArn(m.KeyId!, ACCOUNT, 'eu-west-1'));
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: m.KeyId })))).toEqual({
      name: 'NotFoundException',
      message: `Key '${keyArn(m.KeyId!)}' does not exist`,
      status: 400,
    });
  });
});

describe('key policies', () => {
  it('the default policy is AWS get-key-policy text, byte for byte', async () => {
    const m = await newKey();
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: m.KeyId, PolicyName: 'default' }))).Policy).toBe(DEFAULT_POLICY);
  });

  it('PutKeyPolicy keeps the submitted text byte for byte; ListKeyPolicies names default', async () => {
    const m = await newKey();
    const submitted = `{"Version":"2012-10-17",   "Statement":[\n\t${JSON.stringify(accountStatement(ACCOUNT))} ]}\n`;
    expect(await kms.send(new PutKeyPolicyCommand({ KeyId: m.Arn, PolicyName: 'default', Policy: submitted }))).toMatchObject({ $metadata: { httpStatusCode: 200 } });
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: m.Arn, PolicyName: 'default' }))).Policy).toBe(submitted);
    expect(await kms.send(new ListKeyPoliciesCommand({ KeyId: m.KeyId }))).toMatchObject({ PolicyNames: ['default'], Truncated: false });
    expect(await failure(kms.send(new GetKeyPolicyCommand({ KeyId: m.KeyId, PolicyName: 'other' })))).toEqual({ name: 'NotFoundException', message: 'No such policy exists', status: 400 });
  });

  it('PutKeyPolicy runs the lockout check, and BypassPolicyLockoutSafetyCheck skips it', async () => {
    const m = await newKey();
    const denyPut = policy(accountStatement(ACCOUNT), { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:PutKeyPolicy', Resource: '*' });
    expect(await failure(kms.send(new PutKeyPolicyCommand({ KeyId: m.KeyId, PolicyName: 'default', Policy: denyPut })))).toEqual({
      name: 'MalformedPolicyDocumentException',
      message: 'The new key policy will not allow you to update the key policy in the future.',
      status: 400,
    });
    await kms.send(new PutKeyPolicyCommand({ KeyId: m.KeyId, PolicyName: 'default', Policy: denyPut, BypassPolicyLockoutSafetyCheck: true }));
    expect(await failure(kms.send(new PutKeyPolicyCommand({ KeyId: m.KeyId, PolicyName: 'default', Policy: policy(accountStatement(ACCOUNT)) })))).toEqual({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: kms:PutKeyPolicy on resource: ${m.Arn} with an explicit deny in a resource-based policy`,
      status: 400,
    });
  });
});

describe('ListKeys', () => {
  it('pages with Limit and Marker over the keys of the account and Region', async () => {
    const own = kmsAt(server.url, rootOf('333333333333'));
    const made = new Set<string>();
    for (let i = 0; i < 5; i++) made.add((await newKey({}, own)).KeyId!);
    const seen: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const out = await own.send(new ListKeysCommand({ Limit: 2, Marker }));
      pages++;
      expect(out.Keys!.length).toBeLessThanOrEqual(2);
      for (const k of out.Keys!) {
        expect(k.KeyArn).toBe(keyArn(k.KeyId!, '333333333333'));
        seen.push(k.KeyId!);
      }
      expect(out.Truncated).toBe(out.NextMarker !== undefined);
      Marker = out.NextMarker;
    } while (Marker);
    expect(pages).toBe(3);
    expect(new Set(seen)).toEqual(made);
    expect(seen).toHaveLength(5);
    expect((await own.send(new ListKeysCommand({}))).Keys).toHaveLength(5);
    expect(await failure(own.send(new ListKeysCommand({ Marker: 'bogus' })))).toEqual({ name: 'InvalidMarkerException', message: EMPTY_MESSAGE_IN_SDK, status: 400 });
  });
});

describe('aliases', () => {
  it('create, list (all and by key), update, delete', async () => {
    const a = await newKey();
    const b = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: a.Arn }));
    const listed = (await kms.send(new ListAliasesCommand({ KeyId: a.KeyId }))).Aliases!;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ AliasName: 'alias/app', AliasArn: aliasArn('alias/app'), TargetKeyId: a.KeyId });
    expect(listed[0].CreationDate).toBeInstanceOf(Date);
    expect(listed[0].LastUpdatedDate).toBeInstanceOf(Date);
    expect((await kms.send(new ListAliasesCommand({}))).Aliases!.map((x) => x.AliasName)).toContain('alias/app');

    await kms.send(new UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: b.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/app' }))).KeyMetadata!.KeyId).toBe(b.KeyId);
    expect((await kms.send(new ListAliasesCommand({ KeyId: a.KeyId }))).Aliases).toEqual([]);

    await kms.send(new DeleteAliasCommand({ AliasName: 'alias/app' }));
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: 'alias/app' })))).toEqual({
      name: 'NotFoundException', message: `Alias ${aliasArn('alias/app')} is not found.`, status: 400,
    });
    expect(await failure(kms.send(new DeleteAliasCommand({ AliasName: 'alias/app' })))).toEqual({
      name: 'NotFoundException', message: `Alias ${aliasArn('alias/app')} is not found.`, status: 400,
    });
  });

  it('answers AWS errors for duplicates, the prefix, reserved names and alias targets', async () => {
    const k = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/taken', TargetKeyId: k.KeyId }));
    expect(await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/taken', TargetKeyId: k.KeyId })))).toEqual({
      name: 'AlreadyExistsException', message: `An alias with the name ${aliasArn('alias/taken')} already exists`, status: 400,
    });
    expect(await failure(kms.send(new CreateAliasCommand({ AliasName: 'noprefix', TargetKeyId: k.KeyId })))).toEqual({
      name: 'ValidationException',
      message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
      status: 400,
    });
    expect(await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/aws/mine', TargetKeyId: k.KeyId })))).toMatchObject({ name: 'NotAuthorizedException', status: 400 });
    expect(await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/other', TargetKeyId: 'alias/taken' })))).toEqual({
      name: 'ValidationException', message: 'Aliases must refer to keys. Not aliases', status: 400,
    });
    expect(await failure(kms.send(new UpdateAliasCommand({ AliasName: 'alias/none', TargetKeyId: k.KeyId })))).toEqual({
      name: 'NotFoundException', message: `Alias ${aliasArn('alias/none')} is not found.`, status: 400,
    });
    // The model's pattern, through the generic ValidationException text.
    expect(await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/has space', TargetKeyId: k.KeyId })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value 'alias/has space' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
      status: 400,
    });
  });
});

describe('key states (§6.4)', () => {
  it('DisableKey / EnableKey: a disabled key refuses cryptography but can be described', async () => {
    const m = await newKey();
    await kms.send(new DisableKeyCommand({ KeyId: m.KeyId }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: m.KeyId }))).KeyMetadata).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    const disabled = { name: 'DisabledException', message: `${m.Arn} is disabled.`, status: 400 };
    expect(await failure(kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: bytes('x') })))).toEqual(disabled);
    expect(await failure(kms.send(new GenerateDataKeyCommand({ KeyId: m.KeyId, KeySpec: 'AES_256' })))).toEqual(disabled);
    await kms.send(new EnableKeyCommand({ KeyId: m.Arn }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: m.KeyId }))).KeyMetadata).toMatchObject({ Enabled: true, KeyState: 'Enabled' });
    await kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: bytes('x') }));
  });

  it('ScheduleKeyDeletion / CancelKeyDeletion: pending deletion, then Disabled', async () => {
    const m = await newKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: bytes('x') }));
    const now = Date.now();
    const scheduled = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId, PendingWindowInDays: 7 }));
    expect(scheduled).toMatchObject({ KeyId: m.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    const days = (scheduled.DeletionDate!.getTime() - now) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: m.KeyId }))).KeyMetadata).toMatchObject({
      Enabled: false, KeyState: 'PendingDeletion', PendingDeletionWindowInDays: 7, DeletionDate: scheduled.DeletionDate,
    });
    const pending = { name: 'KMSInvalidStateException', message: `${m.Arn} is pending deletion.`, status: 400 };
    expect(await failure(kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: bytes('x') })))).toEqual(pending);
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob })))).toEqual(pending);
    expect(await failure(kms.send(new TagResourceCommand({ KeyId: m.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] })))).toEqual(pending);
    expect(await failure(kms.send(new EnableKeyCommand({ KeyId: m.KeyId })))).toEqual(pending);
    expect(await failure(kms.send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId })))).toEqual(pending);
    // Reading the policy is fine in any state.
    await kms.send(new GetKeyPolicyCommand({ KeyId: m.KeyId, PolicyName: 'default' }));

    expect(await kms.send(new CancelKeyDeletionCommand({ KeyId: m.KeyId }))).toMatchObject({ KeyId: m.Arn });
    const after = (await kms.send(new DescribeKeyCommand({ KeyId: m.KeyId }))).KeyMetadata!;
    expect(after).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(after.DeletionDate).toBeUndefined();
    expect(await failure(kms.send(new CancelKeyDeletionCommand({ KeyId: m.KeyId })))).toEqual({
      name: 'KMSInvalidStateException', message: `${m.Arn} is not pending deletion.`, status: 400,
    });
    expect(await failure(kms.send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId, PendingWindowInDays: 5 })))).toEqual({
      name: 'ValidationException', message: 'PendingWindowInDays should be between 7 and 30, but it is 5', status: 400,
    });
    // Default window: 30 days.
    expect((await kms.send(new ScheduleKeyDeletionCommand({ KeyId: m.KeyId }))).PendingWindowInDays).toBe(30);
  });

  it('UpdateKeyDescription', async () => {
    const m = await newKey({ Description: 'old' });
    await kms.send(new UpdateKeyDescriptionCommand({ KeyId: m.KeyId, Description: 'new' }));
    expect((await kms.send(new DescribeKeyCommand({ KeyId: m.KeyId }))).KeyMetadata!.Description).toBe('new');
  });
});

describe('cryptography (§6.7)', () => {
  it('Encrypt / Decrypt with and without KeyId, by alias, with an encryption context', async () => {
    const m = await newKey();
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/crypto', TargetKeyId: m.KeyId }));
    const ctx = { purpose: 'test', Case: 'Kept' };
    const out = await kms.send(new EncryptCommand({ KeyId: 'alias/crypto', Plaintext: bytes('hello'), EncryptionContext: ctx }));
    expect(out).toMatchObject({ KeyId: m.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    const blob = out.CiphertextBlob!;
    // A fresh IV each time.
    const again = await kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: bytes('hello'), EncryptionContext: ctx }));
    expect(Buffer.from(again.CiphertextBlob!).equals(Buffer.from(blob))).toBe(false);

    const plain = await kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { Case: 'Kept', purpose: 'test' } }));
    expect(plain).toMatchObject({ KeyId: m.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(text(plain.Plaintext)).toBe('hello');
    for (const KeyId of [m.KeyId, m.Arn, 'alias/crypto', aliasArn('alias/crypto')]) {
      expect(text((await kms.send(new DecryptCommand({ CiphertextBlob: blob, KeyId, EncryptionContext: ctx }))).Plaintext)).toBe('hello');
    }
  });

  it('a wrong or missing context, or a tampered blob: InvalidCiphertextException with an empty message', async () => {
    const m = await newKey();
    const ctx = { purpose: 'test' };
    const blob = Buffer.from((await kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: bytes('hello'), EncryptionContext: ctx }))).CiphertextBlob!);
    const invalid = { name: 'InvalidCiphertextException', message: EMPTY_MESSAGE_IN_SDK, status: 400 };
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob: blob })))).toEqual(invalid);
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { purpose: 'TEST' } })))).toEqual(invalid);
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { ...ctx, extra: 'x' } })))).toEqual(invalid);
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1] ^= 1;
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob: tampered, EncryptionContext: ctx })))).toEqual(invalid);
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob: bytes('not a ciphertext') })))).toEqual(invalid);
    // On the wire the message is really empty (the SDK shows it as UnknownError).
    const raw = await rawKms(server.url, {
      target: 'TrentService.Decrypt',
      body: JSON.stringify({ CiphertextBlob: tampered.toString('base64'), EncryptionContext: ctx }),
      credentials: rootOf(ACCOUNT),
    });
    expect(raw.status).toBe(400);
    expect(raw.json).toEqual({ __type: 'InvalidCiphertextException', message: '' });
  });

  it('Decrypt with the KeyId of another key: IncorrectKeyException', async () => {
    const a = await newKey();
    const b = await newKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: bytes('x') }));
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob, KeyId: b.KeyId })))).toEqual({
      name: 'IncorrectKeyException',
      message: 'The key ID in the request does not identify a CMK that can perform this operation.',
      status: 400,
    });
  });

  it('GenerateDataKey and GenerateDataKeyWithoutPlaintext: the encrypted copy decrypts to the data key', async () => {
    const m = await newKey();
    const ctx = { 'aws:s3:arn': 'arn:aws:s3:::bucket/object' };
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: m.KeyId, KeySpec: 'AES_256', EncryptionContext: ctx }));
    expect(dk.KeyId).toBe(m.Arn);
    expect(dk.Plaintext).toHaveLength(32);
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: ctx }));
    expect(Buffer.from(opened.Plaintext!).equals(Buffer.from(dk.Plaintext!))).toBe(true);
    expect((await kms.send(new GenerateDataKeyCommand({ KeyId: m.KeyId, KeySpec: 'AES_128' }))).Plaintext).toHaveLength(16);
    expect((await kms.send(new GenerateDataKeyCommand({ KeyId: m.KeyId, NumberOfBytes: 64 }))).Plaintext).toHaveLength(64);

    const wp = await kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: m.Arn, KeySpec: 'AES_256' }));
    expect(wp.KeyId).toBe(m.Arn);
    expect(wp).not.toHaveProperty('Plaintext');
    expect((await kms.send(new DecryptCommand({ CiphertextBlob: wp.CiphertextBlob }))).Plaintext).toHaveLength(32);

    expect(await failure(kms.send(new GenerateDataKeyCommand({ KeyId: m.KeyId })))).toEqual({
      name: 'ValidationException', message: 'Please specify either number of bytes or key spec.', status: 400,
    });
    expect(await failure(kms.send(new GenerateDataKeyCommand({ KeyId: m.KeyId, NumberOfBytes: 1025 })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      status: 400,
    });
  });

  it('ReEncrypt moves a blob to another key and context', async () => {
    const a = await newKey();
    const b = await newKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: a.KeyId, Plaintext: bytes('moved'), EncryptionContext: { from: 'a' } }));
    const re = await kms.send(new ReEncryptCommand({
      CiphertextBlob, SourceEncryptionContext: { from: 'a' }, DestinationKeyId: b.KeyId, DestinationEncryptionContext: { to: 'b' },
    }));
    expect(re).toMatchObject({ SourceKeyId: a.Arn, KeyId: b.Arn, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    const opened = await kms.send(new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { to: 'b' } }));
    expect(opened.KeyId).toBe(b.Arn);
    expect(text(opened.Plaintext)).toBe('moved');
    expect(await failure(kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: b.KeyId })))).toEqual({
      name: 'InvalidCiphertextException', message: EMPTY_MESSAGE_IN_SDK, status: 400,
    });
  });

  it('a SIGN_VERIFY key cannot encrypt: InvalidKeyUsageException', async () => {
    const m = await newKey({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(m).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(await failure(kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: bytes('x') })))).toEqual({
      name: 'InvalidKeyUsageException', message: `${m.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`, status: 400,
    });
  });

  it('Encrypt plaintext over 4096 bytes: the model constraint, without the value', async () => {
    const m = await newKey();
    expect(await failure(kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: new Uint8Array(4097) })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
      status: 400,
    });
  });

  it('GenerateRandom', async () => {
    const r = await kms.send(new GenerateRandomCommand({ NumberOfBytes: 16 }));
    expect(r.Plaintext).toHaveLength(16);
    expect(await failure(kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      status: 400,
    });
    expect(await failure(kms.send(new GenerateRandomCommand({})))).toEqual({ name: 'ValidationException', message: 'NumberOfBytes is required.', status: 400 });
  });
});

describe('tags', () => {
  it('TagResource adds and overwrites, UntagResource removes, ListResourceTags pages', async () => {
    const m = await newKey({ Tags: [{ TagKey: 'a', TagValue: '1' }] });
    await kms.send(new TagResourceCommand({ KeyId: m.KeyId, Tags: [{ TagKey: 'a', TagValue: '2' }, { TagKey: 'b', TagValue: '3' }, { TagKey: 'c', TagValue: '4' }] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: m.Arn }))).Tags).toEqual([
      { TagKey: 'a', TagValue: '2' }, { TagKey: 'b', TagValue: '3' }, { TagKey: 'c', TagValue: '4' },
    ]);
    const first = await kms.send(new ListResourceTagsCommand({ KeyId: m.KeyId, Limit: 2 }));
    expect(first).toMatchObject({ Tags: [{ TagKey: 'a', TagValue: '2' }, { TagKey: 'b', TagValue: '3' }], Truncated: true });
    const second = await kms.send(new ListResourceTagsCommand({ KeyId: m.KeyId, Limit: 2, Marker: first.NextMarker }));
    expect(second).toMatchObject({ Tags: [{ TagKey: 'c', TagValue: '4' }], Truncated: false });
    await kms.send(new UntagResourceCommand({ KeyId: m.KeyId, TagKeys: ['a', 'c', 'absent'] }));
    expect((await kms.send(new ListResourceTagsCommand({ KeyId: m.KeyId }))).Tags).toEqual([{ TagKey: 'b', TagValue: '3' }]);
    expect(await failure(kms.send(new TagResourceCommand({ KeyId: m.KeyId, Tags: [{ TagKey: 'AWS:x', TagValue: '1' }] })))).toEqual({
      name: 'TagException', message: 'Tags beginning with aws: are reserved', status: 400,
    });
  });
});

describe('members of the current KMS API that the SDK sends', () => {
  const DRY_RUN = { name: 'DryRunOperationException', message: 'The request would have succeeded, but the DryRun option is set.', status: 400 };

  it('DryRun: DryRunOperationException, and nothing is done', async () => {
    const m = await newKey();
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: bytes('x') }));
    expect(await failure(kms.send(new EncryptCommand({ KeyId: m.KeyId, Plaintext: bytes('x'), DryRun: true })))).toEqual(DRY_RUN);
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob, DryRun: true })))).toEqual(DRY_RUN);
    expect(await failure(kms.send(new ReEncryptCommand({ CiphertextBlob, DestinationKeyId: m.KeyId, DryRun: true })))).toEqual(DRY_RUN);
    expect(await failure(kms.send(new GenerateDataKeyCommand({ KeyId: m.KeyId, KeySpec: 'AES_256', DryRun: true })))).toEqual(DRY_RUN);
    expect(await failure(kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: m.KeyId, KeySpec: 'AES_256', DryRun: true })))).toEqual(DRY_RUN);
    const grantee = `arn:aws:iam::${ACCOUNT}:root`;
    expect(await failure(kms.send(new CreateGrantCommand({ KeyId: m.KeyId, GranteePrincipal: grantee, Operations: ['Decrypt'], DryRun: true })))).toEqual(DRY_RUN);
    expect((await kms.send(new ListGrantsCommand({ KeyId: m.KeyId }))).Grants).toEqual([]);
    const { GrantId, GrantToken } = await kms.send(new CreateGrantCommand({ KeyId: m.KeyId, GranteePrincipal: grantee, Operations: ['Decrypt'] }));
    expect(await failure(kms.send(new RevokeGrantCommand({ KeyId: m.KeyId, GrantId, DryRun: true })))).toEqual(DRY_RUN);
    expect(await failure(kms.send(new RetireGrantCommand({ GrantToken, DryRun: true })))).toEqual(DRY_RUN);
    expect((await kms.send(new ListGrantsCommand({ KeyId: m.KeyId }))).Grants!.map((g) => g.GrantId)).toEqual([GrantId]);
  });

  it('GetKeyPolicy and PutKeyPolicy without PolicyName use the policy named default', async () => {
    const m = await newKey();
    expect((await kms.send(new GetKeyPolicyCommand({ KeyId: m.KeyId }))).Policy).toBe(DEFAULT_POLICY);
    const submitted = policy(accountStatement(ACCOUNT));
    await kms.send(new PutKeyPolicyCommand({ KeyId: m.KeyId, Policy: submitted }));
    expect(await kms.send(new GetKeyPolicyCommand({ KeyId: m.KeyId }))).toMatchObject({ Policy: submitted });
  });
});
