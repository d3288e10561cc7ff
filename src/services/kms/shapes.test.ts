// Every operation's output matches the model's output shape exactly: member names, types, enums,
// required members (the JSON encoder turns Buffers into base64 and Dates into epoch seconds, so
// Buffers and Dates are what blobs and timestamps must be here). And the table serves the model.
import { describe, expect, it } from 'vitest';
import { validateInput, type Model, type Shape } from '../../core/model.js';
import { kms } from './index.js';
import { TestWorld } from './test-call.js';

const model = kms.model as Model;

function problems(shapeName: string, value: unknown, path: string, out: string[]): void {
  const shape: Shape = model.shapes[shapeName];
  switch (shape.type) {
    case 'structure': {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value) || value instanceof Date) {
        out.push(`${path}: expected a structure (${shapeName})`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const [k, v] of Object.entries(record)) {
        const member = shape.members?.[k];
        if (!member) out.push(`${path}.${k}: not a member of ${shapeName}`);
        else if (v !== undefined) problems(member.shape, v, `${path}.${k}`, out);
      }
      for (const r of shape.required ?? []) if (record[r] === undefined) out.push(`${path}.${r}: required by ${shapeName}`);
      return;
    }
    case 'string':
      if (typeof value !== 'string') out.push(`${path}: expected a string (${shapeName})`);
      else if (shape.enum && !shape.enum.includes(value)) out.push(`${path}: ${value} is not in ${shapeName}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.push(`${path}: expected a boolean`);
      return;
    case 'integer':
    case 'long':
      if (!Number.isInteger(value)) out.push(`${path}: expected an integer`);
      return;
    case 'timestamp':
      if (!(value instanceof Date)) out.push(`${path}: expected a Date`);
      return;
    case 'blob':
      if (!Buffer.isBuffer(value)) out.push(`${path}: expected a Buffer`);
      return;
    case 'list':
      if (!Array.isArray(value)) out.push(`${path}: expected a list`);
      else value.forEach((v, i) => problems(shape.member!.shape, v, `${path}[${i}]`, out));
      return;
    case 'map':
      if (value === null || typeof value !== 'object') out.push(`${path}: expected a map`);
      else for (const [k, v] of Object.entries(value)) problems(shape.value!.shape, v, `${path}.${k}`, out);
      return;
    default:
      out.push(`${path}: unexpected shape type ${shape.type}`);
  }
}

function checkOutput(operation: string, output: unknown): string[] {
  const ref = model.operations[operation].output;
  const out: string[] = [];
  if (!ref) {
    // No output shape: the operation must return an empty object (the wire answer is `{}`).
    if (JSON.stringify(output) !== '{}') out.push(`${operation}: expected {}`);
    return out;
  }
  problems(ref.shape, output, operation, out);
  return out;
}

describe('the KMS operation table', () => {
  it('serves exactly the operations of the model', () => {
    expect(Object.keys(kms.operations).sort()).toEqual(Object.keys(model.operations).sort());
    expect(kms.protocol).toBe('json');
    expect(kms.readOnly?.('Decrypt')).toBe(true);
    expect(kms.readOnly?.('ListKeys')).toBe(true);
    expect(kms.readOnly?.('CreateKey')).toBe(false);
  });

  it('every operation answers with its model output shape', () => {
    const w = new TestWorld();
    const root = w.root();
    const seen = new Map<string, unknown>();
    const run = (op: string, input: object) => {
      const output = w.run(root, kms.operations[op], input);
      seen.set(op, output);
      return output as Record<string, unknown>;
    };
    const { KeyMetadata } = run('CreateKey', { Description: 'all', Tags: [{ TagKey: 't', TagValue: 'v' }], MultiRegion: true }) as { KeyMetadata: { KeyId: string; Arn: string } };
    const KeyId = KeyMetadata.KeyId;
    const other = (run('CreateKey', { KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' }) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
    run('CreateKey', { KeySpec: 'HMAC_512', KeyUsage: 'GENERATE_VERIFY_MAC' });
    run('DescribeKey', { KeyId });
    run('GetKeyPolicy', { KeyId, PolicyName: 'default' });
    run('PutKeyPolicy', { KeyId, PolicyName: 'default', Policy: (seen.get('GetKeyPolicy') as { Policy: string }).Policy });
    run('ListKeyPolicies', { KeyId });
    run('ListKeys', { Limit: 1 });
    run('CreateAlias', { AliasName: 'alias/shape', TargetKeyId: KeyId });
    run('ListAliases', {});
    const second = (w.run(root, kms.operations.CreateKey, {}) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
    run('UpdateAlias', { AliasName: 'alias/shape', TargetKeyId: second });
    run('DeleteAlias', { AliasName: 'alias/shape' });
    run('DisableKey', { KeyId });
    run('EnableKey', { KeyId });
    run('UpdateKeyDescription', { KeyId, Description: 'x' });
    const { CiphertextBlob } = run('Encrypt', { KeyId, Plaintext: Buffer.from('p'), EncryptionContext: { a: 'b' } }) as { CiphertextBlob: Buffer };
    run('Decrypt', { CiphertextBlob, EncryptionContext: { a: 'b' } });
    run('ReEncrypt', { CiphertextBlob, SourceEncryptionContext: { a: 'b' }, DestinationKeyId: second });
    run('GenerateDataKey', { KeyId, KeySpec: 'AES_256' });
    run('GenerateDataKeyWithoutPlaintext', { KeyId, NumberOfBytes: 16 });
    run('GenerateRandom', { NumberOfBytes: 16 });
    run('TagResource', { KeyId, Tags: [{ TagKey: 'u', TagValue: 'w' }] });
    run('UntagResource', { KeyId, TagKeys: ['u'] });
    run('ListResourceTags', { KeyId, Limit: 1 });
    const grant = run('CreateGrant', {
      KeyId, GranteePrincipal: 'arn:aws:iam::111122223333:root', RetiringPrincipal: 'arn:aws:iam::111122223333:root',
      Operations: ['Decrypt'], Name: 'g', Constraints: { EncryptionContextSubset: { a: 'b' } },
    }) as { GrantId: string; GrantToken: string };
    run('ListGrants', { KeyId });
    run('RetireGrant', { GrantToken: grant.GrantToken });
    const g2 = w.run(root, kms.operations.CreateGrant, { KeyId, GranteePrincipal: 'cloudtrail.amazonaws.com', Operations: ['Encrypt'] }) as { GrantId: string };
    run('RevokeGrant', { KeyId, GrantId: g2.GrantId });
    run('ScheduleKeyDeletion', { KeyId: other, PendingWindowInDays: 7 });
    w.run(root, kms.operations.ScheduleKeyDeletion, { KeyId });
    run('DescribeKey', { KeyId });
    run('CancelKeyDeletion', { KeyId });

    expect([...seen.keys()].sort()).toEqual(Object.keys(model.operations).sort());
    const all = [...seen].flatMap(([op, output]) => checkOutput(op, output));
    expect(all).toEqual([]);
  });
});

describe('constraints the model carries (checked by the server before an operation runs, §6.5)', () => {
  it('gives the recorded ValidationException texts', () => {
    expect(validateInput(model, 'GenerateRandom', { NumberOfBytes: 1025 })?.message).toBe(
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
    expect(validateInput(model, 'GenerateRandom', { NumberOfBytes: 0 })?.message).toBe(
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    expect(validateInput(model, 'Encrypt', { KeyId: 'k', Plaintext: Buffer.alloc(4097) })?.message).toBe(
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
    expect(validateInput(model, 'ScheduleKeyDeletion', { KeyId: 'k', PendingWindowInDays: 31 })).toBeNull();
  });

  it('counts string lengths in code points: an astral character is one, a lone surrogate one too', () => {
    // Description: max 8192.
    expect(validateInput(model, 'CreateKey', { Description: '😀'.repeat(8192) })).toBeNull();
    expect(validateInput(model, 'CreateKey', { Description: '😀'.repeat(8192) + 'x' })?.message).toMatch(/length less than or equal to 8192/);
    expect(validateInput(model, 'CreateKey', { Description: '\ud800'.repeat(8193) })?.message).toMatch(/length less than or equal to 8192/);
  });
});
