// Grants: CreateGrant, ListGrants, RetireGrant, RevokeGrant, and grants honoured by the other
// operations (KMSDG `grants.md`; aws-behavior.md §6.1).
import { describe, expect, it } from 'vitest';
import { decrypt, encrypt, generateDataKey } from './crypto-operations.js';
import { createGrant, listGrants, retireGrant, revokeGrant } from './grant-operations.js';
import { createKey, describeKey, disableKey } from './key-operations.js';
import { ACCOUNT, allow, deny, keyPolicy, OTHER, rootStatement, TestWorld } from './test-call.js';

type Meta = { KeyId: string; Arn: string };
type Grant = { GrantId: string; GrantToken: string };
type Listed = { Grants: Record<string, unknown>[]; NextMarker?: string; Truncated: boolean };

const newKey = (w: TestWorld, policy?: string) =>
  w.run<{ KeyMetadata: Meta }>(w.root(), createKey, policy ? { Policy: policy, BypassPolicyLockoutSafetyCheck: true } : {}).KeyMetadata;
const enc = (k: Meta, extra: object = {}) => ({ KeyId: k.Arn, Plaintext: Buffer.from('x'), ...extra });

describe('CreateGrant and grants honoured', () => {
  it('a grant lets its grantee do its operations without any policy', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const bob = w.user('bob');
    expect(w.fail(bob, encrypt, enc(k)).code).toBe('AccessDeniedException');
    const g = w.run<Grant>(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: bob.arn, Operations: ['Encrypt', 'Decrypt'] });
    expect(g.GrantId).toMatch(/^[0-9a-f]{64}$/);
    expect(g.GrantToken.length).toBeGreaterThan(100);
    const blob = w.run<{ CiphertextBlob: Buffer }>(bob, encrypt, enc(k)).CiphertextBlob;
    expect(w.run(bob, decrypt, { CiphertextBlob: blob })).toMatchObject({ Plaintext: Buffer.from('x') });
    expect(w.fail(bob, generateDataKey, { KeyId: k.KeyId, KeySpec: 'AES_256' }).message).toBe(
      `User: ${bob.arn} is not authorized to perform: kms:GenerateDataKey on resource: ${k.Arn} because no identity-based policy allows the kms:GenerateDataKey action`,
    );
  });

  it('an explicit Deny beats a grant', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const bob = w.user('bob', [deny('kms:Encrypt')]);
    w.run(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: bob.arn, Operations: ['Encrypt'] });
    expect(w.fail(bob, encrypt, enc(k)).message).toContain('with an explicit deny in an identity-based policy');
  });

  it('a role grantee covers its sessions; an account grantee needs the IAM Allow', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const role = w.role('app');
    w.run(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: role.Arn, Operations: ['Encrypt'] });
    expect(w.run(w.session(role, 's1'), encrypt, enc(k))).toMatchObject({ KeyId: k.Arn });
    const k2 = newKey(w, keyPolicy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:CreateGrant', Resource: '*' }));
    const ext = w.user('ext', [], OTHER);
    const extAllowed = w.user('ext2', [allow('kms:Encrypt')], OTHER);
    w.run(w.root(), createGrant, { KeyId: k2.KeyId, GranteePrincipal: `arn:aws:iam::${OTHER}:root`, Operations: ['Encrypt'] });
    expect(w.fail(ext, encrypt, enc(k2)).code).toBe('AccessDeniedException');
    expect(w.run(extAllowed, encrypt, enc(k2))).toMatchObject({ KeyId: k2.Arn });
  });

  it('a grant to a user of another account works across accounts by key ARN', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const ext = w.user('ext', [], OTHER);
    w.run(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: ext.arn, Operations: ['GenerateDataKey', 'DescribeKey'] });
    expect(w.run(ext, generateDataKey, { KeyId: k.Arn, KeySpec: 'AES_256' })).toMatchObject({ KeyId: k.Arn });
    expect(w.run<{ KeyMetadata: Meta }>(ext, describeKey, { KeyId: k.Arn }).KeyMetadata.Arn).toBe(k.Arn);
  });

  it('a service principal grantee (CloudTrail-style)', () => {
    const w = new TestWorld();
    const k = newKey(w);
    w.run(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: 'cloudtrail.amazonaws.com', Operations: ['GenerateDataKey'] });
    expect(w.run(w.service('cloudtrail.amazonaws.com'), generateDataKey, { KeyId: k.Arn, KeySpec: 'AES_256' })).toMatchObject({ KeyId: k.Arn });
  });

  it('EncryptionContextEquals and EncryptionContextSubset constraints', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const eq = w.user('eq');
    const sub = w.user('sub');
    w.run(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: eq.arn, Operations: ['Encrypt', 'DescribeKey'], Constraints: { EncryptionContextEquals: { a: '1' } } });
    w.run(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: sub.arn, Operations: ['Encrypt'], Constraints: { EncryptionContextSubset: { a: '1' } } });
    expect(w.run(eq, encrypt, enc(k, { EncryptionContext: { a: '1' } }))).toMatchObject({ KeyId: k.Arn });
    expect(w.fail(eq, encrypt, enc(k, { EncryptionContext: { a: '1', b: '2' } })).code).toBe('AccessDeniedException');
    expect(w.fail(eq, encrypt, enc(k)).code).toBe('AccessDeniedException');
    expect(w.fail(eq, describeKey, { KeyId: k.KeyId }).code).toBe('AccessDeniedException');
    expect(w.run(sub, encrypt, enc(k, { EncryptionContext: { a: '1', b: '2' } }))).toMatchObject({ KeyId: k.Arn });
    expect(w.fail(sub, encrypt, enc(k, { EncryptionContext: { a: '2' } })).code).toBe('AccessDeniedException');
  });

  it('grant tokens: ours are accepted, others are InvalidGrantTokenException', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const bob = w.user('bob');
    const g = w.run<Grant>(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: bob.arn, Operations: ['Encrypt'] });
    expect(w.run(bob, encrypt, enc(k, { GrantTokens: [g.GrantToken] }))).toMatchObject({ KeyId: k.Arn });
    const e = w.fail(bob, encrypt, enc(k, { GrantTokens: ['not-a-token'] }));
    expect([e.code, e.message]).toEqual(['InvalidGrantTokenException', '']);
  });

  it('a grantee with CreateGrant passes on at most its own operations', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const lead = w.user('lead');
    const dev = w.user('dev');
    w.run(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: lead.arn, Operations: ['Encrypt', 'CreateGrant'] });
    expect(w.run<Grant>(lead, createGrant, { KeyId: k.KeyId, GranteePrincipal: dev.arn, Operations: ['Encrypt'] }).GrantId).toBeTruthy();
    expect(w.fail(lead, createGrant, { KeyId: k.KeyId, GranteePrincipal: dev.arn, Operations: ['Decrypt'] }).code).toBe('AccessDeniedException');
  });

  it('kms:GrantOperations and kms:GranteePrincipal in the key policy', () => {
    const w = new TestWorld();
    const admin = w.user('admin');
    const k = newKey(w, keyPolicy(rootStatement(), {
      Effect: 'Allow', Principal: { AWS: admin.arn }, Action: 'kms:CreateGrant', Resource: '*',
      Condition: { 'ForAllValues:StringEquals': { 'kms:GrantOperations': ['Encrypt', 'Decrypt'] }, StringLike: { 'kms:GranteePrincipal': `arn:aws:iam::${ACCOUNT}:role/*` } },
    }));
    const role = w.role('svc');
    expect(w.run<Grant>(admin, createGrant, { KeyId: k.KeyId, GranteePrincipal: role.Arn, Operations: ['Decrypt'] }).GrantId).toBeTruthy();
    expect(w.fail(admin, createGrant, { KeyId: k.KeyId, GranteePrincipal: role.Arn, Operations: ['ReEncryptFrom'] }).code).toBe('AccessDeniedException');
    expect(w.fail(admin, createGrant, { KeyId: k.KeyId, GranteePrincipal: admin.arn, Operations: ['Decrypt'] }).code).toBe('AccessDeniedException');
  });

  it('Name makes CreateGrant idempotent', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const bob = w.user('bob');
    const input = { KeyId: k.KeyId, GranteePrincipal: bob.arn, Operations: ['Encrypt'], Name: 'app-grant' };
    const a = w.run<Grant>(w.root(), createGrant, input);
    const b = w.run<Grant>(w.root(), createGrant, input);
    expect(b.GrantId).toBe(a.GrantId);
    expect(b.GrantToken).not.toBe(a.GrantToken);
    expect(w.run<Grant>(w.root(), createGrant, { ...input, Operations: ['Decrypt'] }).GrantId).not.toBe(a.GrantId);
    expect(w.run<Listed>(w.root(), listGrants, { KeyId: k.KeyId }).Grants).toHaveLength(2);
  });

  it('a disabled key refuses CreateGrant (§6.4)', () => {
    const w = new TestWorld();
    const k = newKey(w);
    w.run(w.root(), disableKey, { KeyId: k.KeyId });
    const e = w.fail(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: w.user('bob').arn, Operations: ['Encrypt'] });
    expect([e.code, e.message]).toEqual(['DisabledException', `${k.Arn} is disabled.`]);
  });
});

describe('ListGrants', () => {
  it('lists entries with the key ARN, filters by GrantId and GranteePrincipal, pages', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const bob = w.user('bob');
    const g1 = w.run<Grant>(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: bob.arn, Operations: ['Encrypt'], RetiringPrincipal: `arn:aws:iam::${ACCOUNT}:root`, Name: 'one' });
    w.run<Grant>(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: 'cloudtrail.amazonaws.com', Operations: ['GenerateDataKey'], Constraints: { EncryptionContextSubset: { a: 'b' } } });
    const all = w.run<Listed>(w.root(), listGrants, { KeyId: k.Arn });
    expect(all.Grants).toHaveLength(2);
    expect(all.Truncated).toBe(false);
    const one = w.run<Listed>(w.root(), listGrants, { KeyId: k.KeyId, GrantId: g1.GrantId }).Grants;
    expect(one).toEqual([{
      KeyId: k.Arn, GrantId: g1.GrantId, Name: 'one', CreationDate: w.now, GranteePrincipal: bob.arn,
      RetiringPrincipal: `arn:aws:iam::${ACCOUNT}:root`, IssuingAccount: `arn:aws:iam::${ACCOUNT}:root`, Operations: ['Encrypt'], Constraints: undefined,
    }]);
    expect(w.run<Listed>(w.root(), listGrants, { KeyId: k.KeyId, GranteePrincipal: 'cloudtrail.amazonaws.com' }).Grants[0].Constraints).toEqual({ EncryptionContextSubset: { a: 'b' } });
    const p1 = w.run<Listed>(w.root(), listGrants, { KeyId: k.KeyId, Limit: 1 });
    const p2 = w.run<Listed>(w.root(), listGrants, { KeyId: k.KeyId, Limit: 1, Marker: p1.NextMarker });
    expect([p1.Truncated, p2.Truncated]).toEqual([true, false]);
    expect(p1.Grants[0].GrantId).not.toBe(p2.Grants[0].GrantId);
    expect(w.fail(w.root(), listGrants, { KeyId: k.KeyId, GrantId: 'nope' }).code).toBe('InvalidGrantIdException');
  });
});

describe('RetireGrant and RevokeGrant', () => {
  it('the retiring principal retires by token; the grant stops working', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const bob = w.user('bob');
    const janitor = w.user('janitor');
    const g = w.run<Grant>(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: bob.arn, RetiringPrincipal: janitor.arn, Operations: ['Encrypt'] });
    expect(w.run(janitor, retireGrant, { GrantToken: g.GrantToken })).toEqual({});
    expect(w.fail(bob, encrypt, enc(k)).code).toBe('AccessDeniedException');
    expect(w.fail(janitor, retireGrant, { GrantToken: g.GrantToken }).code).toBe('InvalidGrantIdException');
  });

  it('the grantee retires when RetireGrant is one of its operations; others need a policy', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const bob = w.user('bob');
    const eve = w.user('eve');
    const g = w.run<Grant>(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: bob.arn, Operations: ['Encrypt', 'RetireGrant'] });
    expect(w.fail(eve, retireGrant, { KeyId: k.KeyId, GrantId: g.GrantId }).message).toBe(
      `User: ${eve.arn} is not authorized to perform: kms:RetireGrant on resource: ${k.Arn} because no identity-based policy allows the kms:RetireGrant action`,
    );
    expect(w.run(bob, retireGrant, { KeyId: k.Arn, GrantId: g.GrantId })).toEqual({});
    expect(w.run<Listed>(w.root(), listGrants, { KeyId: k.KeyId }).Grants).toEqual([]);
  });

  it('RetireGrant needs a token or a key and grant id; bad tokens and ids', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const e = w.fail(w.root(), retireGrant, { KeyId: k.KeyId });
    expect([e.code, e.message]).toEqual(['ValidationException', 'Grant token OR (grant ID, key ID) must be specified']);
    expect(w.fail(w.root(), retireGrant, { GrantToken: 'forged' }).code).toBe('InvalidGrantTokenException');
    expect(w.fail(w.root(), retireGrant, { KeyId: k.KeyId, GrantId: 'f'.repeat(64) }).code).toBe('InvalidGrantIdException');
  });

  it('RevokeGrant needs kms:RevokeGrant on the key', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const bob = w.user('bob');
    const g = w.run<Grant>(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: bob.arn, Operations: ['Encrypt'] });
    expect(w.fail(bob, revokeGrant, { KeyId: k.KeyId, GrantId: g.GrantId }).code).toBe('AccessDeniedException');
    expect(w.run(w.root(), revokeGrant, { KeyId: k.KeyId, GrantId: g.GrantId })).toEqual({});
    expect(w.fail(bob, encrypt, enc(k)).code).toBe('AccessDeniedException');
    const e = w.fail(w.root(), revokeGrant, { KeyId: k.KeyId, GrantId: g.GrantId });
    expect([e.code, e.message]).toEqual(['InvalidGrantIdException', '']);
  });
});
