// awsJson1_1 bodies: blobs and timestamps both ways, members the model does not know, and map keys
// that are also JavaScript's special names.
import { describe, expect, it } from 'vitest';
import type { Model } from '../core/model.js';
import { decodeJson, encodeJson } from './json.js';

/** A slice of the KMS model: protocol/ may not import services/ (DESIGN.md). */
const kms: Model = {
  metadata: {},
  operations: {
    Encrypt: { name: 'Encrypt', input: { shape: 'EncryptRequest' } },
    DescribeKey: { name: 'DescribeKey', input: { shape: 'DescribeKeyRequest' } },
    ListKeys: { name: 'ListKeys', input: { shape: 'ListKeysRequest' } },
  },
  shapes: {
    EncryptRequest: {
      type: 'structure',
      members: { KeyId: { shape: 'KeyIdType' }, Plaintext: { shape: 'PlaintextType' }, EncryptionContext: { shape: 'EncryptionContextType' } },
    },
    DescribeKeyRequest: { type: 'structure', members: { KeyId: { shape: 'KeyIdType' } } },
    ListKeysRequest: { type: 'structure', members: { Limit: { shape: 'LimitType' } } },
    KeyIdType: { type: 'string' },
    PlaintextType: { type: 'blob' },
    LimitType: { type: 'integer' },
    EncryptionContextType: { type: 'map', key: { shape: 'KeyIdType' }, value: { shape: 'KeyIdType' } },
  },
};

describe('awsJson1_1', () => {
  it('encodes Buffers as base64 and Dates as epoch seconds, at any depth, dropping undefined', () => {
    const out = encodeJson({
      CiphertextBlob: Buffer.from('hi'),
      KeyMetadata: { CreationDate: new Date(1_700_000_000_500), Missing: undefined, Nested: [{ Blob: new Uint8Array([1, 2]) }] },
    });
    expect(JSON.parse(out)).toEqual({ CiphertextBlob: 'aGk=', KeyMetadata: { CreationDate: 1_700_000_000.5, Nested: [{ Blob: 'AQI=' }] } });
    expect(encodeJson(undefined)).toBe('{}');
  });

  it('keeps a map key named __proto__ as data, in and out', () => {
    const input = decodeJson(Buffer.from('{"KeyId":"k","Plaintext":"aGk=","EncryptionContext":{"__proto__":"x","a":"b"}}'), kms, 'Encrypt');
    const context = input.EncryptionContext as Record<string, string>;
    expect(Object.keys(context)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
    expect(input.Plaintext).toEqual(Buffer.from('hi'));
    expect(encodeJson({ EncryptionContext: context })).toBe('{"EncryptionContext":{"__proto__":"x","a":"b"}}');
  });

  it('ignores members the model does not know and refuses what is not a structure', () => {
    expect(decodeJson(Buffer.from('{"KeyId":"k","Unknown":1}'), kms, 'DescribeKey')).toEqual({ KeyId: 'k' });
    expect(decodeJson(Buffer.from(''), kms, 'ListKeys')).toEqual({});
    expect(() => decodeJson(Buffer.from('[1]'), kms, 'ListKeys')).toThrow(/Start of structure/);
    expect(() => decodeJson(Buffer.from('{"KeyId":'), kms, 'ListKeys')).toThrow(/Start of structure/);
  });
});
