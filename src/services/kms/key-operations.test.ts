// CreateKey, DescribeKey, ListKeys, Enable/DisableKey, Schedule/CancelKeyDeletion, UpdateKeyDescription,
// key resolution and its NotFound texts (aws-behavior.md §6.1, §6.4, §6.5).
import { describe, expect, it } from 'vitest';
import { createAlias } from './aliases.js';
import {
  cancelKeyDeletion,
  createKey,
  describeKey,
  disableKey,
  enableKey,
  listKeys,
  scheduleKeyDeletion,
  updateKeyDescription,
} from './key-operations.js';
import { ACCOUNT, allow, OTHER, REGION, TestWorld } from './test-call.js';

type Meta = Record<string, unknown> & { KeyId: string; Arn: string };
const create = (w: TestWorld, input: object = {}) => w.run<{ KeyMetadata: Meta }>(w.root(), createKey, input).KeyMetadata;

describe('CreateKey', () => {
  it('creates a symmetric key with the metadata AWS returns (§6.1, LS-KMS-SNAP test_create_key)', () => {
    const w = new TestWorld();
    const m = create(w, { Description: 'test key 123' });
    expect(m.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(m).toEqual({
      AWSAccountId: ACCOUNT,
      Arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${m.KeyId}`,
      CreationDate: w.now,
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      Description: 'test key 123',
      Enabled: true,
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      KeyId: m.KeyId,
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
      MultiRegion: false,
      Origin: 'AWS_KMS',
    });
  });

  it('uses the request Region and the caller account in the ARN', () => {
    const w = new TestWorld();
    const m = w.run<{ KeyMetadata: Meta }>(w.root(OTHER), createKey, {}, { region: 'eu-west-1' }).KeyMetadata;
    expect(m.Arn).toBe(`arn:aws:kms:eu-west-1:${OTHER}:key/${m.KeyId}`);
    expect(m.AWSAccountId).toBe(OTHER);
  });

  it('multi-Region keys get an mrk- id and a primary MultiRegionConfiguration', () => {
    const w = new TestWorld();
    const m = create(w, { MultiRegion: true });
    expect(m.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    expect(m.MultiRegion).toBe(true);
    expect(m.MultiRegionConfiguration).toEqual({ MultiRegionKeyType: 'PRIMARY', PrimaryKey: { Arn: m.Arn, Region: REGION }, ReplicaKeys: [] });
    expect(w.run<{ KeyMetadata: Meta }>(w.root(), describeKey, { KeyId: m.KeyId }).KeyMetadata.KeyId).toBe(m.KeyId);
  });

  it('asymmetric and HMAC keys: usage, algorithms', () => {
    const w = new TestWorld();
    expect(create(w, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })).toMatchObject({
      KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_2048', EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'],
    });
    expect(create(w, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })).toMatchObject({ SigningAlgorithms: ['ECDSA_SHA_256'] });
    const hmac = create(w, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(hmac).toMatchObject({ KeyUsage: 'GENERATE_VERIFY_MAC', MacAlgorithms: ['HMAC_SHA_256'] });
    expect(hmac.EncryptionAlgorithms).toBeUndefined();
    // The deprecated CustomerMasterKeySpec alone still works.
    expect(create(w, { CustomerMasterKeySpec: 'RSA_4096', KeyUsage: 'SIGN_VERIFY' }).KeySpec).toBe('RSA_4096');
  });

  it('refuses a non-symmetric spec without KeyUsage, and incompatible pairs', () => {
    const w = new TestWorld();
    const e = w.fail(w.root(), createKey, { KeySpec: 'HMAC_256' });
    expect([e.code, e.message]).toEqual(['ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.']);
    expect(w.fail(w.root(), createKey, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'ENCRYPT_DECRYPT' }).message).toBe(
      'KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec ECC_NIST_P256',
    );
    expect(w.fail(w.root(), createKey, { KeyUsage: 'SIGN_VERIFY' }).code).toBe('ValidationException');
    expect(w.fail(w.root(), createKey, { KeySpec: 'RSA_2048', CustomerMasterKeySpec: 'RSA_3072', KeyUsage: 'SIGN_VERIFY' }).code).toBe('ValidationException');
  });

  it('Origin EXTERNAL keys wait in PendingImport, not enabled', () => {
    const w = new TestWorld();
    expect(create(w, { Origin: 'EXTERNAL' })).toMatchObject({ Origin: 'EXTERNAL', KeyState: 'PendingImport', Enabled: false });
  });

  it('custom key stores are refused loudly', () => {
    const w = new TestWorld();
    for (const input of [{ CustomKeyStoreId: 'cks-1234567890abcdef0' }, { Origin: 'AWS_CLOUDHSM' }, { Origin: 'EXTERNAL_KEY_STORE' }, { XksKeyId: 'x' }]) {
      const e = w.fail(w.root(), createKey, input);
      expect([e.code, e.status]).toEqual(['NotImplemented', 501]);
    }
  });

  it('is authorized by IAM policies alone, on resource *', () => {
    const w = new TestWorld();
    const bob = w.user('bob');
    expect(w.fail(bob, createKey, {}).message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/bob is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy allows the kms:CreateKey action`,
    );
    const alice = w.user('alice', [allow('kms:CreateKey')]);
    expect(w.run<{ KeyMetadata: Meta }>(alice, createKey, {}).KeyMetadata.KeyState).toBe('Enabled');
  });

  it('offers kms:KeySpec, kms:KeyUsage, kms:KeyOrigin and kms:MultiRegion to IAM conditions', () => {
    const w = new TestWorld();
    const carol = w.user('carol', [allow('kms:CreateKey', '*', { Condition: { StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyOrigin': 'AWS_KMS', 'kms:MultiRegion': 'false' } } })]);
    expect(w.run<{ KeyMetadata: Meta }>(carol, createKey, {}).KeyMetadata.KeySpec).toBe('SYMMETRIC_DEFAULT');
    expect(w.fail(carol, createKey, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }).code).toBe('AccessDeniedException');
    expect(w.fail(carol, createKey, { MultiRegion: true }).code).toBe('AccessDeniedException');
  });

  it('with Tags needs kms:TagResource too', () => {
    const w = new TestWorld();
    const dan = w.user('dan', [allow('kms:CreateKey')]);
    const tags = [{ TagKey: 'team', TagValue: 'a' }];
    expect(w.fail(dan, createKey, { Tags: tags }).message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/dan is not authorized to perform: kms:TagResource on resource: * because no identity-based policy allows the kms:TagResource action`,
    );
    const erin = w.user('erin', [allow(['kms:CreateKey', 'kms:TagResource'], '*', { Condition: { StringEquals: { 'aws:RequestTag/team': 'a' } } })]);
    expect(w.run<{ KeyMetadata: Meta }>(erin, createKey, { Tags: tags }).KeyMetadata.KeyState).toBe('Enabled');
    expect(w.fail(erin, createKey, { Tags: [{ TagKey: 'team', TagValue: 'b' }] }).code).toBe('AccessDeniedException');
  });
});

describe('key resolution and NotFound texts (§6.5)', () => {
  it('finds a key by id, key ARN, alias name and alias ARN', () => {
    const w = new TestWorld();
    const m = create(w);
    w.run(w.root(), createAlias, { AliasName: 'alias/logs', TargetKeyId: m.KeyId });
    for (const KeyId of [m.KeyId, m.Arn, 'alias/logs', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/logs`]) {
      expect(w.run<{ KeyMetadata: Meta }>(w.root(), describeKey, { KeyId }).KeyMetadata.Arn).toBe(m.Arn);
    }
  });

  it.each([
    ['fake-key-id', "Invalid keyId 'fake-key-id'"],
    ['134f2428cec14b25a1ae9048164dba47', "Invalid keyId '134f2428cec14b25a1ae9048164dba47'"],
    ['mrk-fake-key-id', "Invalid keyId 'mrk-fake-key-id'"],
    ['1234abcd-12ab-34cd-56ef-1234567890ab', `Key 'arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist`],
    ['mrk-d3b95762d3b95762d3b95762d3b95762', `Key 'arn:aws:kms:${REGION}:${ACCOUNT}:key/mrk-d3b95762d3b95762d3b95762d3b95762' does not exist`],
    [`arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, `Key 'arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist`],
    ['alias/missing', `Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/missing is not found.`],
    [`arn:aws:kms:${REGION}:${ACCOUNT}:alias/missing`, `Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/missing is not found.`],
  ])('DescribeKey %s → NotFoundException %s', (KeyId, message) => {
    const w = new TestWorld();
    const e = w.fail(w.root(), describeKey, { KeyId });
    expect([e.code, e.message, e.status]).toEqual(['NotFoundException', message, 400]);
  });

  it("a key ARN of another Region is `Invalid arn <region>`; a bare id is looked up in the request's Region", () => {
    const w = new TestWorld();
    const m = w.run<{ KeyMetadata: Meta }>(w.root(), createKey, {}, { region: 'ap-southeast-1' }).KeyMetadata;
    expect(w.fail(w.root(), describeKey, { KeyId: m.Arn }).message).toBe('Invalid arn ap-southeast-1');
    expect(w.fail(w.root(), describeKey, { KeyId: m.KeyId }).message).toBe(`Key 'arn:aws:kms:${REGION}:${ACCOUNT}:key/${m.KeyId}' does not exist`);
    expect(w.run<{ KeyMetadata: Meta }>(w.root(), describeKey, { KeyId: m.Arn }, { region: 'ap-southeast-1' }).KeyMetadata.Arn).toBe(m.Arn);
  });

  it('operations that take only key ids and ARNs refuse aliases', () => {
    const w = new TestWorld();
    const m = create(w);
    w.run(w.root(), createAlias, { AliasName: 'alias/x', TargetKeyId: m.KeyId });
    expect(w.fail(w.root(), disableKey, { KeyId: 'alias/x' }).message).toBe("Invalid keyId 'alias/x'");
  });
});

describe('EnableKey, DisableKey, UpdateKeyDescription', () => {
  it('toggles the state and Enabled', () => {
    const w = new TestWorld();
    const m = create(w);
    expect(w.run(w.root(), disableKey, { KeyId: m.KeyId })).toEqual({});
    expect(w.run<{ KeyMetadata: Meta }>(w.root(), describeKey, { KeyId: m.KeyId }).KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    w.run(w.root(), disableKey, { KeyId: m.KeyId }); // idempotent
    w.run(w.root(), enableKey, { KeyId: m.Arn });
    expect(w.run<{ KeyMetadata: Meta }>(w.root(), describeKey, { KeyId: m.KeyId }).KeyMetadata).toMatchObject({ KeyState: 'Enabled', Enabled: true });
    w.run(w.root(), updateKeyDescription, { KeyId: m.KeyId, Description: 'new' });
    expect(w.run<{ KeyMetadata: Meta }>(w.root(), describeKey, { KeyId: m.KeyId }).KeyMetadata.Description).toBe('new');
  });

  it('a PendingImport key can be neither enabled nor disabled', () => {
    const w = new TestWorld();
    const m = create(w, { Origin: 'EXTERNAL' });
    expect(w.fail(w.root(), enableKey, { KeyId: m.KeyId }).message).toBe(`${m.Arn} is pending import.`);
    expect(w.fail(w.root(), disableKey, { KeyId: m.KeyId }).code).toBe('KMSInvalidStateException');
  });
});

describe('ScheduleKeyDeletion and CancelKeyDeletion', () => {
  it('schedules, describes, cancels to Disabled', () => {
    const w = new TestWorld();
    const m = create(w);
    const r = w.run(w.root(), scheduleKeyDeletion, { KeyId: m.KeyId, PendingWindowInDays: 7 });
    const deletion = new Date(w.now.getTime() + 7 * 86_400_000);
    expect(r).toEqual({ KeyId: m.Arn, DeletionDate: deletion, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    expect(w.run<{ KeyMetadata: Meta }>(w.root(), describeKey, { KeyId: m.KeyId }).KeyMetadata).toMatchObject({
      KeyState: 'PendingDeletion', Enabled: false, DeletionDate: deletion, PendingDeletionWindowInDays: 7,
    });
    expect(w.fail(w.root(), scheduleKeyDeletion, { KeyId: m.KeyId }).message).toBe(`${m.Arn} is pending deletion.`);
    expect(w.run(w.root(), cancelKeyDeletion, { KeyId: m.KeyId })).toEqual({ KeyId: m.Arn });
    const after = w.run<{ KeyMetadata: Meta }>(w.root(), describeKey, { KeyId: m.KeyId }).KeyMetadata;
    expect(after).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(after.DeletionDate).toBeUndefined();
    expect(after.PendingDeletionWindowInDays).toBeUndefined();
  });

  it('defaults to 30 days and checks the 7–30 window first', () => {
    const w = new TestWorld();
    const m = create(w);
    for (const days of [6, 31, 365]) {
      const e = w.fail(w.root(), scheduleKeyDeletion, { KeyId: 'not-even-a-key', PendingWindowInDays: days });
      expect([e.code, e.message]).toEqual(['ValidationException', `PendingWindowInDays should be between 7 and 30, but it is ${days}`]);
    }
    expect(w.run<{ PendingWindowInDays: number }>(w.root(), scheduleKeyDeletion, { KeyId: m.KeyId }).PendingWindowInDays).toBe(30);
  });

  it('CancelKeyDeletion on a key that is not pending deletion', () => {
    const w = new TestWorld();
    const m = create(w);
    const e = w.fail(w.root(), cancelKeyDeletion, { KeyId: m.KeyId });
    expect([e.code, e.message]).toEqual(['KMSInvalidStateException', `${m.Arn} is not pending deletion.`]);
  });

  it('the key is gone once its waiting period ends, with its aliases', () => {
    const w = new TestWorld();
    const m = create(w);
    w.run(w.root(), createAlias, { AliasName: 'alias/doomed', TargetKeyId: m.KeyId });
    w.run(w.root(), scheduleKeyDeletion, { KeyId: m.KeyId, PendingWindowInDays: 7 });
    w.advanceDays(6);
    expect(w.run<{ KeyMetadata: Meta }>(w.root(), describeKey, { KeyId: m.KeyId }).KeyMetadata.KeyState).toBe('PendingDeletion');
    w.advanceDays(1);
    expect(w.fail(w.root(), describeKey, { KeyId: m.KeyId }).message).toBe(`Key '${m.Arn}' does not exist`);
    expect(w.fail(w.root(), describeKey, { KeyId: 'alias/doomed' }).message).toBe(`Alias arn:aws:kms:${REGION}:${ACCOUNT}:alias/doomed is not found.`);
    expect(w.run<{ Keys: unknown[] }>(w.root(), listKeys, {}).Keys).toEqual([]);
  });
});

describe('ListKeys', () => {
  it('lists the keys of the account and Region, paged by Limit/Marker', () => {
    const w = new TestWorld();
    const ids = [create(w), create(w), create(w)].map((m) => m.KeyId).sort();
    w.run(w.root(OTHER), createKey, {});
    w.run(w.root(), createKey, {}, { region: 'eu-west-1' });
    const p1 = w.run<{ Keys: { KeyId: string; KeyArn: string }[]; NextMarker?: string; Truncated: boolean }>(w.root(), listKeys, { Limit: 2 });
    expect(p1.Keys.map((k) => k.KeyId)).toEqual(ids.slice(0, 2));
    expect(p1.Keys[0].KeyArn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT}:key/${ids[0]}`);
    expect(p1.Truncated).toBe(true);
    const p2 = w.run<{ Keys: { KeyId: string }[]; NextMarker?: string; Truncated: boolean }>(w.root(), listKeys, { Limit: 2, Marker: p1.NextMarker });
    expect(p2).toEqual({ Keys: [{ KeyId: ids[2], KeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${ids[2]}` }], Truncated: false, NextMarker: undefined });
  });

  it('refuses a marker it did not issue', () => {
    const w = new TestWorld();
    const e = w.fail(w.root(), listKeys, { Marker: 'bogus!' });
    expect([e.code, e.message]).toEqual(['InvalidMarkerException', '']);
    expect(w.fail(w.root(), listKeys, { Marker: 'Zm9v' }).code).toBe('InvalidMarkerException');
  });

  it('needs kms:ListKeys in an IAM policy', () => {
    const w = new TestWorld();
    expect(w.fail(w.user('bob'), listKeys, {}).message).toContain('kms:ListKeys on resource: * because no identity-based policy allows');
    expect(w.run(w.user('ann', [allow('kms:List*')]), listKeys, {})).toMatchObject({ Keys: [], Truncated: false });
  });
});
