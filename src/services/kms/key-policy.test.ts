// GetKeyPolicy, PutKeyPolicy, ListKeyPolicies, and the checks on a new policy: the default policy
// text (§6.2), validation, invalid principals and the lockout safety check (§6.3).
import { describe, expect, it } from 'vitest';
import { createKey } from './key-operations.js';
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from './key-policy-operations.js';
import { ACCOUNT, allow, keyPolicy, OTHER, rootStatement, TestWorld } from './test-call.js';

type Meta = { KeyId: string; Arn: string };
const newKey = (w: TestWorld, input: object = {}) => w.run<{ KeyMetadata: Meta }>(w.root(), createKey, input).KeyMetadata;

const DEFAULT_TEXT = `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::111122223333:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;

const LOCKOUT = 'The new key policy will not allow you to update the key policy in the future.';
const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';

describe('the default key policy (§6.2)', () => {
  it('is AWS get-key-policy text, byte for byte', () => {
    const w = new TestWorld();
    const k = newKey(w);
    expect(w.run(w.root(), getKeyPolicy, { KeyId: k.KeyId, PolicyName: 'default' })).toEqual({ Policy: DEFAULT_TEXT });
  });

  it('names the creating account', () => {
    const w = new TestWorld();
    const k = w.run<{ KeyMetadata: Meta }>(w.root(OTHER), createKey, {}).KeyMetadata;
    expect(w.run<{ Policy: string }>(w.root(OTHER), getKeyPolicy, { KeyId: k.KeyId, PolicyName: 'default' }).Policy).toContain(
      `"AWS" : "arn:aws:iam::${OTHER}:root"`,
    );
  });
});

describe('GetKeyPolicy / PutKeyPolicy / ListKeyPolicies', () => {
  it('returns the submitted text byte for byte', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const text = `{"Version":"2012-10-17",  "Statement":[ ${JSON.stringify(rootStatement())} ]}\n`;
    expect(w.run(w.root(), putKeyPolicy, { KeyId: k.KeyId, PolicyName: 'default', Policy: text })).toEqual({});
    expect(w.run(w.root(), getKeyPolicy, { KeyId: k.Arn, PolicyName: 'default' })).toEqual({ Policy: text });
  });

  it('only the policy named default exists', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const e = w.fail(w.root(), getKeyPolicy, { KeyId: k.KeyId, PolicyName: 'other' });
    expect([e.code, e.message]).toEqual(['NotFoundException', 'No such policy exists']);
    expect(w.fail(w.root(), putKeyPolicy, { KeyId: k.KeyId, PolicyName: 'other', Policy: keyPolicy(rootStatement()) }).code).toBe('NotFoundException');
    expect(w.run(w.root(), listKeyPolicies, { KeyId: k.KeyId })).toEqual({ PolicyNames: ['default'], Truncated: false });
  });

  it('each needs its own permission in the key policy', () => {
    const w = new TestWorld();
    const reader = w.user('reader');
    const k = newKey(w, {
      Policy: keyPolicy(rootStatement(), { Effect: 'Allow', Principal: { AWS: reader.arn }, Action: 'kms:GetKeyPolicy', Resource: '*' }),
    });
    expect(w.run<{ Policy: string }>(reader, getKeyPolicy, { KeyId: k.KeyId, PolicyName: 'default' }).Policy).toContain('kms:GetKeyPolicy');
    expect(w.fail(reader, listKeyPolicies, { KeyId: k.KeyId }).message).toBe(
      `User: ${reader.arn} is not authorized to perform: kms:ListKeyPolicies on resource: ${k.Arn} because no identity-based policy allows the kms:ListKeyPolicies action`,
    );
  });
});

describe('validation of a new policy', () => {
  it('not JSON → MalformedPolicyDocumentException (AWS text not public: empty)', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const e = w.fail(w.root(), putKeyPolicy, { KeyId: k.KeyId, PolicyName: 'default', Policy: '{"Version": ' });
    expect([e.code, e.message, e.status]).toEqual(['MalformedPolicyDocumentException', '', 400]);
    expect(w.fail(w.root(), createKey, { Policy: 'nope' }).code).toBe('MalformedPolicyDocumentException');
  });

  it('ForAllValues with kms:EncryptionContext:<k> → OverlyPermissiveCondition (§6.3)', () => {
    const w = new TestWorld();
    const policy = keyPolicy(rootStatement(), {
      Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:purpose': 'x' } },
    });
    expect(w.fail(w.root(), createKey, { Policy: policy }).message).toBe(
      'OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.',
    );
  });

  it('a policy over 32 KB → LimitExceededException', () => {
    const w = new TestWorld();
    const big = keyPolicy(rootStatement(), { Sid: 'x'.repeat(33_000), Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' });
    expect(w.fail(w.root(), createKey, { Policy: big }).code).toBe('LimitExceededException');
  });

  it('a malformed principal → invalid principals', () => {
    const w = new TestWorld();
    const policy = keyPolicy(rootStatement(), { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::1234:user/x' }, Action: 'kms:*', Resource: '*' });
    const e = w.fail(w.root(), createKey, { Policy: policy });
    expect([e.code, e.message]).toEqual(['MalformedPolicyDocumentException', INVALID_PRINCIPALS]);
  });

  it('users and roles must exist in IAM; accounts, services, * need not', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const put = (principal: object) =>
      w.run(w.root(), putKeyPolicy, {
        KeyId: k.KeyId, PolicyName: 'default',
        Policy: keyPolicy(rootStatement(), { Effect: 'Allow', Principal: principal, Action: 'kms:Decrypt', Resource: '*' }),
      });
    const putFails = (principal: object) =>
      w.fail(w.root(), putKeyPolicy, {
        KeyId: k.KeyId, PolicyName: 'default',
        Policy: keyPolicy(rootStatement(), { Effect: 'Allow', Principal: principal, Action: 'kms:Decrypt', Resource: '*' }),
      }).message;
    expect(putFails({ AWS: `arn:aws:iam::${ACCOUNT}:user/ghost` })).toBe(INVALID_PRINCIPALS);
    expect(putFails({ AWS: `arn:aws:iam::${ACCOUNT}:role/ghost` })).toBe(INVALID_PRINCIPALS);
    expect(putFails({ AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/ghost/s` })).toBe(INVALID_PRINCIPALS);
    expect(putFails({ AWS: [`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${OTHER}:user/ghost`] })).toBe(INVALID_PRINCIPALS);
    w.user('alice');
    w.user('deep', [], ACCOUNT, '/team/');
    const role = w.role('reader', [], OTHER);
    expect(put({ AWS: `arn:aws:iam::${ACCOUNT}:user/alice` })).toEqual({});
    expect(put({ AWS: `arn:aws:iam::${ACCOUNT}:user/team/deep` })).toEqual({});
    expect(putFails({ AWS: `arn:aws:iam::${ACCOUNT}:user/deep` })).toBe(INVALID_PRINCIPALS);
    expect(put({ AWS: role.Arn })).toEqual({});
    expect(put({ AWS: `arn:aws:sts::${OTHER}:assumed-role/reader/anyone` })).toEqual({});
    expect(put({ AWS: '999999999999' })).toEqual({});
    expect(put({ AWS: 'arn:aws:iam::999999999999:root' })).toEqual({});
    expect(put({ Service: 'cloudtrail.amazonaws.com' })).toEqual({});
    expect(put({ AWS: '*' })).toEqual({});
    expect(put('*' as unknown as object)).toEqual({});
  });
});

describe('the lockout safety check (§6.3)', () => {
  it('refuses a policy that would not let the caller PutKeyPolicy again', () => {
    const w = new TestWorld();
    const alice = w.user('alice');
    const policy = keyPolicy({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'kms:Decrypt', Resource: '*' });
    const e = w.fail(w.root(), createKey, { Policy: policy });
    expect([e.code, e.message]).toEqual(['MalformedPolicyDocumentException', LOCKOUT]);
    const k = newKey(w);
    expect(w.fail(w.root(), putKeyPolicy, { KeyId: k.KeyId, PolicyName: 'default', Policy: policy }).message).toBe(LOCKOUT);
  });

  it('BypassPolicyLockoutSafetyCheck skips it, and the key is then locked for the caller', () => {
    const w = new TestWorld();
    const alice = w.user('alice');
    const policy = keyPolicy({ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'kms:Decrypt', Resource: '*' });
    const k = w.run<{ KeyMetadata: Meta }>(w.root(), createKey, { Policy: policy, BypassPolicyLockoutSafetyCheck: true }).KeyMetadata;
    expect(w.fail(w.root(), getKeyPolicy, { KeyId: k.KeyId, PolicyName: 'default' }).message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: kms:GetKeyPolicy on resource: ${k.Arn} because no resource-based policy allows the kms:GetKeyPolicy action`,
    );
  });

  it('counts the caller IAM policies when the new policy delegates to the account', () => {
    const w = new TestWorld();
    const admin = w.user('admin', [allow(['kms:CreateKey', 'kms:PutKeyPolicy'])]);
    const clerk = w.user('clerk', [allow('kms:CreateKey')]);
    const delegating = keyPolicy(rootStatement());
    expect(w.run<{ KeyMetadata: Meta }>(admin, createKey, { Policy: delegating }).KeyMetadata.KeyId).toBeTruthy();
    expect(w.fail(clerk, createKey, { Policy: delegating }).message).toBe(LOCKOUT);
    // Naming the caller directly passes without any IAM policy.
    const direct = keyPolicy(rootStatement(), { Effect: 'Allow', Principal: { AWS: clerk.arn }, Action: 'kms:PutKeyPolicy', Resource: '*' });
    expect(w.run<{ KeyMetadata: Meta }>(clerk, createKey, { Policy: direct }).KeyMetadata.KeyId).toBeTruthy();
  });

  it('an explicit Deny of PutKeyPolicy for the caller locks out too', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const policy = keyPolicy(rootStatement(), { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:PutKeyPolicy', Resource: '*' });
    expect(w.fail(w.root(), putKeyPolicy, { KeyId: k.KeyId, PolicyName: 'default', Policy: policy }).message).toBe(LOCKOUT);
  });

  it('kms:BypassPolicyLockoutSafetyCheck is a condition key of PutKeyPolicy', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const admin = w.user('admin', [
      allow('kms:PutKeyPolicy'),
      { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:PutKeyPolicy', Resource: '*', Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': 'true' } } }] },
    ]);
    const input = { KeyId: k.KeyId, PolicyName: 'default', Policy: keyPolicy(rootStatement()) };
    expect(w.run(admin, putKeyPolicy, input)).toEqual({});
    expect(w.fail(admin, putKeyPolicy, { ...input, BypassPolicyLockoutSafetyCheck: true }).message).toContain('with an explicit deny in an identity-based policy');
  });
});
