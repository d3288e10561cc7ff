// The served model has the members today's SDKs send (api-updates.ts): DryRun, and an optional
// PolicyName; and the operations honour them.
import { describe, expect, it } from 'vitest';
import { validateInput, type Model } from '../../core/model.js';
import { DRY_RUN_REQUESTS, withCurrentApi } from './api-updates.js';
import { encrypt } from './crypto-operations.js';
import { createGrant, listGrants } from './grant-operations.js';
import { kms } from './index.js';
import { createKey } from './key-operations.js';
import { getKeyPolicy, putKeyPolicy } from './key-policy-operations.js';
import modelJson from './model.json' with { type: 'json' };
import { ACCOUNT, keyPolicy, rootStatement, TestWorld } from './test-call.js';

const served = kms.model as Model;
type Meta = { KeyId: string; Arn: string };

describe('the served KMS model', () => {
  it('has DryRun on every request that takes it in the current API', () => {
    for (const name of DRY_RUN_REQUESTS) expect(served.shapes[name].members?.DryRun, name).toEqual({ shape: 'NullableBooleanType' });
    expect(served.shapes.NullableBooleanType).toEqual({ type: 'boolean' });
  });

  it('does not require PolicyName in GetKeyPolicy and PutKeyPolicy', () => {
    expect(validateInput(served, 'GetKeyPolicy', { KeyId: 'k' }, 'ValidationException')).toBeNull();
    expect(validateInput(served, 'PutKeyPolicy', { KeyId: 'k', Policy: '{}' }, 'ValidationException')).toBeNull();
    expect(validateInput(served, 'PutKeyPolicy', { KeyId: 'k' }, 'ValidationException')?.message).toBe(
      "1 validation error detected: Value null at 'policy' failed to satisfy constraint: Member must not be null",
    );
  });

  it('leaves the generated model as it is', () => {
    const generated = modelJson as unknown as Model;
    const before = JSON.stringify(generated);
    withCurrentApi(generated);
    expect(JSON.stringify(generated)).toBe(before);
    expect(generated.shapes.GetKeyPolicyRequest.required).toContain('PolicyName');
  });
});

describe('the operations with those members', () => {
  it('DryRun answers DryRunOperationException and does nothing', () => {
    const w = new TestWorld();
    const k = w.run<{ KeyMetadata: Meta }>(w.root(), createKey, {}).KeyMetadata;
    const e = w.fail(w.root(), createGrant, { KeyId: k.KeyId, GranteePrincipal: `arn:aws:iam::${ACCOUNT}:root`, Operations: ['Decrypt'], DryRun: true });
    expect([e.code, e.message]).toEqual(['DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.']);
    expect(w.run<{ Grants: unknown[] }>(w.root(), listGrants, { KeyId: k.KeyId }).Grants).toEqual([]);
    expect(w.fail(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x'), DryRun: true }).code).toBe('DryRunOperationException');
  });

  it('without PolicyName, the policy named default', () => {
    const w = new TestWorld();
    const k = w.run<{ KeyMetadata: Meta }>(w.root(), createKey, {}).KeyMetadata;
    const text = keyPolicy(rootStatement());
    expect(w.run(w.root(), putKeyPolicy, { KeyId: k.KeyId, Policy: text })).toEqual({});
    expect(w.run(w.root(), getKeyPolicy, { KeyId: k.KeyId })).toEqual({ Policy: text });
  });
});
