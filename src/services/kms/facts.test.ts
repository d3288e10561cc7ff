// The `key` fact other services read through Call.fact (no authorization, no event).
import { describe, expect, it } from 'vitest';
import { createAlias } from './aliases.js';
import { keyFact } from './facts.js';
import { createKey } from './key-operations.js';
import { ACCOUNT, REGION, TestWorld } from './test-call.js';

describe('facts.key', () => {
  it('resolves ids, ARNs and aliases to the key, or null', () => {
    const w = new TestWorld();
    const { KeyId, Arn } = w.run<{ KeyMetadata: { KeyId: string; Arn: string } }>(w.root(), createKey, {}).KeyMetadata;
    w.run(w.root(), createAlias, { AliasName: 'alias/trail', TargetKeyId: KeyId });
    const expected = { KeyId, Arn, AWSAccountId: ACCOUNT, Region: REGION, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'AWS_KMS', MultiRegion: false, Policy: expect.stringContaining('Enable IAM User Permissions') };
    // A user without any permission: facts are not authorized.
    const nobody = w.user('nobody');
    for (const id of [KeyId, Arn, 'alias/trail', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/trail`]) {
      expect(w.run(nobody, (call, input) => keyFact(call, input), { KeyId: id })).toEqual(expected);
    }
    expect(w.run(nobody, (call, input) => keyFact(call, input), { KeyId: 'alias/none' })).toBeNull();
    expect(w.run(nobody, (call, input) => keyFact(call, input), { KeyId: 'garbage' })).toBeNull();
  });
});
