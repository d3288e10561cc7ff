// Key-policy enforcement through the operations (aws-behavior.md §6.6; policy-semantics.md §4.2):
// users, roles and their sessions, the root user, other accounts, service principals, condition
// keys, and every AccessDeniedException variant.
import { describe, expect, it } from 'vitest';
import { createAlias } from './aliases.js';
import { decrypt, encrypt, generateDataKey, reEncrypt } from './crypto-operations.js';
import { createKey, describeKey, disableKey, scheduleKeyDeletion } from './key-operations.js';
import { getKeyPolicy, putKeyPolicy } from './key-policy-operations.js';
import { tagResource } from './tags.js';
import { ACCOUNT, allow, deny, keyPolicy, OTHER, REGION, rootStatement, TestWorld } from './test-call.js';
import type { Identity } from '../../core/identity.js';

type Meta = { KeyId: string; Arn: string };
type Enc = { CiphertextBlob: Buffer };

function keyWith(w: TestWorld, ...statements: object[]): Meta {
  return w.run<{ KeyMetadata: Meta }>(w.root(), createKey, { Policy: keyPolicy(...statements), BypassPolicyLockoutSafetyCheck: true }).KeyMetadata;
}

const denied = (who: Identity, action: string, resource: string, why: string) =>
  `User: ${who.arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`;
const encryptInput = (k: Meta, extra: object = {}) => ({ KeyId: k.Arn, Plaintext: Buffer.from('x'), ...extra });

describe('same account: the key policy is mandatory (§6.6)', () => {
  it('default policy: the user needs an IAM Allow; with it, allowed', () => {
    const w = new TestWorld();
    const k = keyWith(w, rootStatement());
    const bob = w.user('bob');
    const e = w.fail(bob, encrypt, encryptInput(k));
    expect([e.code, e.status]).toEqual(['AccessDeniedException', 400]);
    expect(e.message).toBe(denied(bob, 'kms:Encrypt', k.Arn, 'because no identity-based policy allows the kms:Encrypt action'));
    const alice = w.user('alice', [allow('kms:Encrypt', k.Arn)]);
    expect(w.run(alice, encrypt, encryptInput(k))).toMatchObject({ KeyId: k.Arn });
  });

  it('without the account statement an IAM Allow is ineffective', () => {
    const w = new TestWorld();
    const alice = w.user('alice', [allow('kms:*')]);
    const k = keyWith(w, { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:DescribeKey', Resource: '*' });
    expect(w.fail(alice, encrypt, encryptInput(k)).message).toBe(denied(alice, 'kms:Encrypt', k.Arn, 'because no resource-based policy allows the kms:Encrypt action'));
    expect(w.run(alice, describeKey, { KeyId: k.KeyId })).toBeTruthy();
  });

  it('a user named in the key policy needs no IAM policy', () => {
    const w = new TestWorld();
    const carol = w.user('carol');
    const k = keyWith(w, rootStatement(), { Effect: 'Allow', Principal: { AWS: carol.arn }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' });
    const blob = w.run<Enc>(carol, encrypt, encryptInput(k)).CiphertextBlob;
    expect(w.run(carol, decrypt, { CiphertextBlob: blob })).toMatchObject({ KeyId: k.Arn });
    expect(w.fail(carol, disableKey, { KeyId: k.KeyId }).message).toBe(
      denied(carol, 'kms:DisableKey', k.Arn, 'because no identity-based policy allows the kms:DisableKey action'),
    );
  });

  it('explicit denies: in an IAM policy, in the key policy', () => {
    const w = new TestWorld();
    const dave = w.user('dave', [allow('kms:*'), deny('kms:Encrypt')]);
    const k = keyWith(w, rootStatement());
    expect(w.fail(dave, encrypt, encryptInput(k)).message).toBe(denied(dave, 'kms:Encrypt', k.Arn, 'with an explicit deny in an identity-based policy'));
    const erin = w.user('erin', [allow('kms:*')]);
    const k2 = keyWith(w, rootStatement(), { Effect: 'Deny', Principal: { AWS: erin.arn }, Action: 'kms:Encrypt', Resource: '*' });
    expect(w.fail(erin, encrypt, encryptInput(k2)).message).toBe(denied(erin, 'kms:Encrypt', k2.Arn, 'with an explicit deny in a resource-based policy'));
  });

  it('the root user gets nothing the key policy does not give the account', () => {
    const w = new TestWorld();
    const alice = w.user('alice');
    const k = keyWith(w, { Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'kms:*', Resource: '*' });
    expect(w.fail(w.root(), encrypt, encryptInput(k)).message).toBe(
      denied(w.root(), 'kms:Encrypt', k.Arn, 'because no resource-based policy allows the kms:Encrypt action'),
    );
    const k2 = keyWith(w, rootStatement());
    expect(w.run(w.root(), encrypt, encryptInput(k2))).toMatchObject({ KeyId: k2.Arn });
  });

  it('a "*" principal is a direct grant, narrowed by kms:CallerAccount', () => {
    const w = new TestWorld();
    const k = keyWith(w, rootStatement(), {
      Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Encrypt', Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT } },
    });
    expect(w.run(w.user('anyone'), encrypt, encryptInput(k))).toMatchObject({ KeyId: k.Arn });
    expect(w.fail(w.user('outsider', [allow('kms:*')], OTHER), encrypt, encryptInput(k)).code).toBe('AccessDeniedException');
  });
});

describe('roles and sessions', () => {
  it('a role ARN in the key policy covers every session of the role, with or without a path', () => {
    const w = new TestWorld();
    const role = w.role('reader', [], ACCOUNT, '/apps/');
    const k = keyWith(w, rootStatement(), { Effect: 'Allow', Principal: { AWS: role.Arn }, Action: 'kms:Encrypt', Resource: '*' });
    for (const s of ['one', 'two']) expect(w.run(w.session(role, s), encrypt, encryptInput(k))).toMatchObject({ KeyId: k.Arn });
    const other = w.role('other');
    const e = w.fail(w.session(other, 'x'), encrypt, encryptInput(k));
    expect(e.message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/other/x is not authorized to perform: kms:Encrypt on resource: ${k.Arn} because no identity-based policy allows the kms:Encrypt action`,
    );
  });

  it('a session ARN covers only that session', () => {
    const w = new TestWorld();
    const role = w.role('worker');
    const k = keyWith(w, rootStatement(), { Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/worker/alpha` }, Action: 'kms:Encrypt', Resource: '*' });
    expect(w.run(w.session(role, 'alpha'), encrypt, encryptInput(k))).toMatchObject({ KeyId: k.Arn });
    expect(w.fail(w.session(role, 'beta'), encrypt, encryptInput(k)).code).toBe('AccessDeniedException');
  });

  it("a session gets its role's IAM policies through delegation", () => {
    const w = new TestWorld();
    const role = w.role('app', [allow('kms:GenerateDataKey*')]);
    const k = keyWith(w, rootStatement());
    expect(w.run(w.session(role), generateDataKey, { KeyId: k.KeyId, KeySpec: 'AES_256' })).toMatchObject({ KeyId: k.Arn });
  });
});

describe('other accounts (§6.6, policy-semantics.md §4.2 "KMS cross account")', () => {
  const crossKey = (w: TestWorld) => keyWith(w, rootStatement(), { Sid: 'other account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey', 'kms:PutKeyPolicy', 'kms:DisableKey', 'kms:TagResource', 'kms:GetKeyPolicy'], Resource: '*' });

  it('the key policy delegates to the other account and its IAM policy allows: cryptography works by ARN', () => {
    const w = new TestWorld();
    const k = crossKey(w);
    const ext = w.user('ext', [allow(['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], k.Arn)], OTHER);
    const blob = w.run<Enc>(ext, encrypt, encryptInput(k)).CiphertextBlob;
    expect(w.run(ext, decrypt, { CiphertextBlob: blob })).toMatchObject({ KeyId: k.Arn, Plaintext: Buffer.from('x') });
    expect(w.run<{ KeyMetadata: Meta }>(ext, describeKey, { KeyId: k.Arn }).KeyMetadata.Arn).toBe(k.Arn);
  });

  it('a bare key id is looked up in the caller account', () => {
    const w = new TestWorld();
    const k = crossKey(w);
    const ext = w.user('ext', [allow('kms:*')], OTHER);
    expect(w.fail(ext, encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x') }).message).toBe(`Key 'arn:aws:kms:${REGION}:${OTHER}:key/${k.KeyId}' does not exist`);
  });

  it('without its IAM Allow: no identity-based policy; without the key policy: no resource-based policy', () => {
    const w = new TestWorld();
    const k = crossKey(w);
    const bare = w.user('bare', [], OTHER);
    expect(w.fail(bare, encrypt, encryptInput(k)).message).toBe(denied(bare, 'kms:Encrypt', k.Arn, 'because no identity-based policy allows the kms:Encrypt action'));
    const k2 = keyWith(w, rootStatement());
    const ext = w.user('ext', [allow('kms:*')], OTHER);
    expect(w.fail(ext, encrypt, encryptInput(k2)).message).toBe(denied(ext, 'kms:Encrypt', k2.Arn, 'because no resource-based policy allows the kms:Encrypt action'));
  });

  it('a user named in the key policy still needs its own IAM Allow', () => {
    const w = new TestWorld();
    const ext = w.user('ext', [], OTHER);
    const k = keyWith(w, rootStatement(), { Effect: 'Allow', Principal: { AWS: ext.arn }, Action: 'kms:Encrypt', Resource: '*' });
    expect(w.fail(ext, encrypt, encryptInput(k)).message).toContain('because no identity-based policy allows');
  });

  it('operations that are not cross-account fail whatever the policies say', () => {
    const w = new TestWorld();
    const k = crossKey(w);
    const ext = w.user('ext', [allow('kms:*')], OTHER);
    for (const [op, action, input] of [
      [putKeyPolicy, 'kms:PutKeyPolicy', { KeyId: k.Arn, PolicyName: 'default', Policy: keyPolicy(rootStatement()) }],
      [getKeyPolicy, 'kms:GetKeyPolicy', { KeyId: k.Arn, PolicyName: 'default' }],
      [disableKey, 'kms:DisableKey', { KeyId: k.Arn }],
      [tagResource, 'kms:TagResource', { KeyId: k.Arn, Tags: [{ TagKey: 'a', TagValue: 'b' }] }],
      [scheduleKeyDeletion, 'kms:ScheduleKeyDeletion', { KeyId: k.Arn }],
    ] as const) {
      expect(w.fail(ext, op, input).message).toBe(denied(ext, action, k.Arn, `because no resource-based policy allows the ${action} action`));
    }
  });

  it('an alias of another account is named by its alias ARN', () => {
    const w = new TestWorld();
    const k = crossKey(w);
    w.run(w.root(), createAlias, { AliasName: 'alias/shared', TargetKeyId: k.KeyId });
    const ext = w.user('ext', [allow('kms:Encrypt')], OTHER);
    expect(w.run(ext, encrypt, { KeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:alias/shared`, Plaintext: Buffer.from('x') })).toMatchObject({ KeyId: k.Arn });
    expect(w.fail(ext, encrypt, { KeyId: 'alias/shared', Plaintext: Buffer.from('x') }).message).toBe(`Alias arn:aws:kms:${REGION}:${OTHER}:alias/shared is not found.`);
  });
});

describe('Decrypt identified only by its ciphertext (§6.6)', () => {
  const LONG = 'because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access';

  it('a key policy that does not allow: the long ciphertext text', () => {
    const w = new TestWorld();
    const k = keyWith(w, rootStatement());
    const blob = w.run<Enc>(w.root(), encrypt, encryptInput(k)).CiphertextBlob;
    const ext = w.user('ext', [allow('kms:Decrypt')], OTHER);
    expect(w.fail(ext, decrypt, { CiphertextBlob: blob }).message).toBe(
      `User: ${ext.arn} is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext ${LONG}`,
    );
  });

  it('same account without an IAM Allow: the identity-based variant', () => {
    const w = new TestWorld();
    const k = keyWith(w, rootStatement());
    const blob = w.run<Enc>(w.root(), encrypt, encryptInput(k)).CiphertextBlob;
    const bob = w.user('bob');
    expect(w.fail(bob, decrypt, { CiphertextBlob: blob }).message).toBe(
      `User: ${bob.arn} is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because no identity-based policy allows the kms:Decrypt action`,
    );
    // With KeyId the key ARN is the resource, as usual.
    expect(w.fail(bob, decrypt, { CiphertextBlob: blob, KeyId: k.KeyId }).message).toBe(
      denied(bob, 'kms:Decrypt', k.Arn, 'because no identity-based policy allows the kms:Decrypt action'),
    );
  });

  it('a blob of a key in another Region, or of a deleted key: the long text', () => {
    const w = new TestWorld();
    const k = w.run<{ KeyMetadata: Meta }>(w.root(), createKey, {}, { region: 'eu-west-1' }).KeyMetadata;
    const blob = w.run<Enc>(w.root(), encrypt, encryptInput(k), { region: 'eu-west-1' }).CiphertextBlob;
    expect(w.fail(w.root(), decrypt, { CiphertextBlob: blob }).message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext ${LONG}`,
    );
    w.run(w.root(), scheduleKeyDeletion, { KeyId: k.KeyId, PendingWindowInDays: 7 }, { region: 'eu-west-1' });
    w.advanceDays(8);
    expect(w.fail(w.root(), decrypt, { CiphertextBlob: blob }, { region: 'eu-west-1' }).message).toContain(LONG);
  });

  it('an explicit deny in IAM', () => {
    const w = new TestWorld();
    const k = keyWith(w, rootStatement());
    const blob = w.run<Enc>(w.root(), encrypt, encryptInput(k)).CiphertextBlob;
    const dee = w.user('dee', [allow('kms:*'), deny('kms:Decrypt')]);
    expect(w.fail(dee, decrypt, { CiphertextBlob: blob }).message).toBe(
      `User: ${dee.arn} is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext with an explicit deny in an identity-based policy`,
    );
  });
});

describe('KMS condition keys', () => {
  it('kms:EncryptionContext:<k>, matched with a case-insensitive key name', () => {
    const w = new TestWorld();
    const reader = w.user('reader');
    const k = keyWith(w, rootStatement(), {
      Effect: 'Allow', Principal: { AWS: reader.arn }, Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:Purpose': 'logs' } },
    });
    const blob = w.run<Enc>(reader, encrypt, encryptInput(k, { EncryptionContext: { purpose: 'logs' } })).CiphertextBlob;
    expect(w.run(reader, decrypt, { CiphertextBlob: blob, EncryptionContext: { purpose: 'logs' } })).toMatchObject({ KeyId: k.Arn });
    expect(w.fail(reader, encrypt, encryptInput(k)).code).toBe('AccessDeniedException');
    expect(w.fail(reader, encrypt, encryptInput(k, { EncryptionContext: { purpose: 'other' } })).code).toBe('AccessDeniedException');
  });

  it('Null on kms:EncryptionContext:<k> (the CloudTrail reader statement) and kms:EncryptionContextKeys', () => {
    const w = new TestWorld();
    const reader = w.user('reader');
    const k = keyWith(w, rootStatement(),
      { Effect: 'Allow', Principal: { AWS: reader.arn }, Action: 'kms:Decrypt', Resource: '*', Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } } },
      { Effect: 'Allow', Principal: { AWS: reader.arn }, Action: 'kms:Encrypt', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['a', 'b'] } } },
    );
    const ctx = { 'aws:cloudtrail:arn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' };
    const withCtx = w.run<Enc>(w.root(), encrypt, encryptInput(k, { EncryptionContext: ctx })).CiphertextBlob;
    const without = w.run<Enc>(w.root(), encrypt, encryptInput(k)).CiphertextBlob;
    expect(w.run(reader, decrypt, { CiphertextBlob: withCtx, EncryptionContext: ctx })).toMatchObject({ KeyId: k.Arn });
    expect(w.fail(reader, decrypt, { CiphertextBlob: without }).code).toBe('AccessDeniedException');
    expect(w.run(reader, encrypt, encryptInput(k, { EncryptionContext: { a: '1' } }))).toMatchObject({ KeyId: k.Arn });
    expect(w.fail(reader, encrypt, encryptInput(k, { EncryptionContext: { a: '1', c: '2' } })).code).toBe('AccessDeniedException');
  });

  it('kms:RequestAlias and kms:ResourceAliases', () => {
    const w = new TestWorld();
    const user = w.user('user');
    const k = keyWith(w, rootStatement(),
      { Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'kms:Encrypt', Resource: '*', Condition: { StringEquals: { 'kms:RequestAlias': 'alias/app' } } },
      { Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'kms:DescribeKey', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/app' } } },
    );
    expect(w.fail(user, describeKey, { KeyId: k.KeyId }).code).toBe('AccessDeniedException');
    w.run(w.root(), createAlias, { AliasName: 'alias/app', TargetKeyId: k.KeyId });
    expect(w.run(user, encrypt, { KeyId: 'alias/app', Plaintext: Buffer.from('x') })).toMatchObject({ KeyId: k.Arn });
    expect(w.fail(user, encrypt, encryptInput(k)).code).toBe('AccessDeniedException');
    expect(w.run(user, describeKey, { KeyId: k.KeyId })).toBeTruthy();
  });

  it('aws:ResourceTag/<k> for ABAC', () => {
    const w = new TestWorld();
    const k = keyWith(w, rootStatement());
    const user = w.user('user', [allow('kms:Encrypt', '*', { Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } })]);
    expect(w.fail(user, encrypt, encryptInput(k)).code).toBe('AccessDeniedException');
    w.run(w.root(), tagResource, { KeyId: k.KeyId, Tags: [{ TagKey: 'team', TagValue: 'blue' }] });
    expect(w.run(user, encrypt, encryptInput(k))).toMatchObject({ KeyId: k.Arn });
  });

  it('kms:ReEncryptOnSameKey and the two halves of ReEncrypt', () => {
    const w = new TestWorld();
    const user = w.user('user', [allow('kms:ReEncrypt*', '*', { Condition: { Bool: { 'kms:ReEncryptOnSameKey': 'true' } } })]);
    const a = keyWith(w, rootStatement());
    const b = keyWith(w, rootStatement());
    const blob = w.run<Enc>(w.root(), encrypt, encryptInput(a)).CiphertextBlob;
    expect(w.run(user, reEncrypt, { CiphertextBlob: blob, DestinationKeyId: a.KeyId })).toMatchObject({ KeyId: a.Arn, SourceKeyId: a.Arn });
    expect(w.fail(user, reEncrypt, { CiphertextBlob: blob, DestinationKeyId: b.KeyId }).message).toContain('kms:ReEncryptFrom on the resource associated with this ciphertext');
  });

  it('a service principal with aws:SourceArn from the request context (CloudTrail, §2.5)', () => {
    const w = new TestWorld();
    const trail = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/t`;
    const k = keyWith(w, rootStatement(), {
      Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*',
      Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` }, StringEquals: { 'aws:SourceArn': trail } },
    });
    const ct = w.service('cloudtrail.amazonaws.com');
    const input = { KeyId: k.Arn, KeySpec: 'AES_256', EncryptionContext: { 'aws:cloudtrail:arn': trail } };
    expect(w.run(ct, generateDataKey, input, { context: { 'aws:SourceArn': trail, 'aws:SourceAccount': ACCOUNT } })).toMatchObject({ KeyId: k.Arn });
    const e = w.fail(ct, generateDataKey, input, { context: { 'aws:SourceArn': `${trail}2` } });
    expect(e.message).toBe(denied(ct, 'kms:GenerateDataKey', k.Arn, 'because no resource-based policy allows the kms:GenerateDataKey action'));
  });
});
