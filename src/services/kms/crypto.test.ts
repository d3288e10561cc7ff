// Real cryptography: round trips, encryption context as AAD, tampering, data keys, ReEncrypt, key
// usage and state refusals (aws-behavior.md §6.4, §6.5, §6.7).
import { describe, expect, it } from 'vitest';
import { canonicalContext, parseBlob } from './crypto.js';
import { decrypt, encrypt, generateDataKey, generateDataKeyWithoutPlaintext, generateRandom, reEncrypt } from './crypto-operations.js';
import { createKey, disableKey, scheduleKeyDeletion } from './key-operations.js';
import { ACCOUNT, REGION, TestWorld } from './test-call.js';

type Meta = { KeyId: string; Arn: string };
const newKey = (w: TestWorld, input: object = {}) => w.run<{ KeyMetadata: Meta }>(w.root(), createKey, input).KeyMetadata;
type Enc = { CiphertextBlob: Buffer; KeyId: string; EncryptionAlgorithm: string };
type Dec = { Plaintext: Buffer; KeyId: string; EncryptionAlgorithm: string };

const CONTEXT = { 'aws:cloudtrail:arn': `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/t`, purpose: 'logs' };

describe('canonical encryption context', () => {
  it('ignores order, keeps case, and no context equals an empty one', () => {
    expect(canonicalContext({ a: '1', b: '2' })).toEqual(canonicalContext({ b: '2', a: '1' }));
    expect(canonicalContext({ a: '1' })).not.toEqual(canonicalContext({ A: '1' }));
    expect(canonicalContext(undefined)).toEqual(canonicalContext({}));
    // Length prefixes: moving a character between key and value changes the bytes.
    expect(canonicalContext({ ab: 'c' })).not.toEqual(canonicalContext({ a: 'bc' }));
  });

  it('keeps its byte layout, which every stored ciphertext\'s tag covers', () => {
    // u32 count, then per pair sorted by the key's UTF-8 bytes: u32 length, key, u32 length, value.
    expect(canonicalContext({ é: 'x', b: 'yz' }).toString('hex')).toBe('00000002' + '00000001' + '62' + '00000002' + '797a' + '00000002' + 'c3a9' + '00000001' + '78');
    expect(canonicalContext(undefined).toString('hex')).toBe('00000000');
  });
});

describe('Encrypt and Decrypt', () => {
  it('round-trip; Decrypt finds the key from the blob', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const plaintext = Buffer.from('the quick brown fox');
    const e = w.run<Enc>(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: plaintext, EncryptionContext: CONTEXT });
    expect(e.KeyId).toBe(k.Arn);
    expect(e.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(e.CiphertextBlob.includes(plaintext)).toBe(false);
    expect(parseBlob(e.CiphertextBlob)?.keyArn).toBe(k.Arn);
    const reordered = { purpose: 'logs', 'aws:cloudtrail:arn': CONTEXT['aws:cloudtrail:arn'] };
    expect(w.run<Dec>(w.root(), decrypt, { CiphertextBlob: e.CiphertextBlob, EncryptionContext: reordered })).toEqual({
      KeyId: k.Arn, Plaintext: plaintext, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    });
  });

  it('the same plaintext encrypts differently each time (fresh IV)', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const a = w.run<Enc>(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x') });
    const b = w.run<Enc>(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x') });
    expect(a.CiphertextBlob.equals(b.CiphertextBlob)).toBe(false);
    expect(w.run<Dec>(w.root(), decrypt, { CiphertextBlob: a.CiphertextBlob }).Plaintext.toString()).toBe('x');
  });

  it.each([
    ['missing', undefined],
    ['empty', {}],
    ['a different value', { ...CONTEXT, purpose: 'Logs' }],
    ['a key in another case', { 'AWS:cloudtrail:arn': CONTEXT['aws:cloudtrail:arn'], purpose: 'logs' }],
    ['an extra pair', { ...CONTEXT, extra: '1' }],
    ['a missing pair', { purpose: 'logs' }],
  ])('encryption context %s at Decrypt → InvalidCiphertextException with an empty message', (_what, EncryptionContext) => {
    const w = new TestWorld();
    const k = newKey(w);
    const e = w.run<Enc>(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('secret'), EncryptionContext: CONTEXT });
    const err = w.fail(w.root(), decrypt, { CiphertextBlob: e.CiphertextBlob, EncryptionContext });
    expect([err.code, err.message, err.status]).toEqual(['InvalidCiphertextException', '', 400]);
  });

  it('a context given at Decrypt but not at Encrypt also fails', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const e = w.run<Enc>(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('secret') });
    expect(w.fail(w.root(), decrypt, { CiphertextBlob: e.CiphertextBlob, EncryptionContext: { a: 'b' } }).code).toBe('InvalidCiphertextException');
  });

  it('any tampered byte → InvalidCiphertextException with an empty message', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const blob = w.run<Enc>(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('0123456789'), EncryptionContext: CONTEXT }).CiphertextBlob;
    const env = parseBlob(blob)!;
    const ivAt = env.header.length;
    // The version byte, a length byte, the key-material id, the IV, the body and the tag.
    for (const at of [0, 2, ivAt - 1, ivAt, ivAt + 12, blob.length - 1]) {
      const bad = Buffer.from(blob);
      bad[at] ^= 0x01;
      const err = w.fail(w.root(), decrypt, { CiphertextBlob: bad, EncryptionContext: CONTEXT });
      expect([at, err.code, err.message]).toEqual([at, 'InvalidCiphertextException', '']);
    }
    expect(w.fail(w.root(), decrypt, { CiphertextBlob: blob.subarray(0, blob.length - 1), EncryptionContext: CONTEXT }).code).toBe('InvalidCiphertextException');
    expect(w.fail(w.root(), decrypt, { CiphertextBlob: Buffer.from('not a kms blob at all') }).message).toBe('');
  });

  it('a blob naming another key of the caller (header swapped) fails the tag check', () => {
    const w = new TestWorld();
    const a = newKey(w);
    const b = newKey(w);
    const blob = w.run<Enc>(w.root(), encrypt, { KeyId: a.KeyId, Plaintext: Buffer.from('x') }).CiphertextBlob;
    const swapped = Buffer.from(blob.toString('latin1').replace(a.KeyId, b.KeyId), 'latin1');
    expect(parseBlob(swapped)?.keyArn).toBe(b.Arn);
    expect(w.fail(w.root(), decrypt, { CiphertextBlob: swapped }).code).toBe('InvalidCiphertextException');
  });

  it('KeyId at Decrypt: the right key (by id, ARN or alias) passes, another key is IncorrectKeyException', () => {
    const w = new TestWorld();
    const a = newKey(w);
    const b = newKey(w);
    const blob = w.run<Enc>(w.root(), encrypt, { KeyId: a.Arn, Plaintext: Buffer.from('x') }).CiphertextBlob;
    expect(w.run<Dec>(w.root(), decrypt, { CiphertextBlob: blob, KeyId: a.KeyId }).KeyId).toBe(a.Arn);
    const e = w.fail(w.root(), decrypt, { CiphertextBlob: blob, KeyId: b.KeyId });
    expect([e.code, e.message]).toEqual(['IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.']);
    expect(w.fail(w.root(), decrypt, { CiphertextBlob: blob, KeyId: 'nonsense' }).message).toBe("Invalid keyId 'nonsense'");
  });

  it('EncryptionAlgorithm other than SYMMETRIC_DEFAULT is refused for a symmetric key', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const e = w.fail(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    expect([e.code, e.message]).toEqual(['InvalidKeyUsageException', 'Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.']);
    expect(w.run<Enc>(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' }).KeyId).toBe(k.Arn);
  });
});

describe('key usage', () => {
  it('a SIGN_VERIFY key → InvalidKeyUsageException with AWS text (§6.5)', () => {
    const w = new TestWorld();
    const k = newKey(w, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const e = w.fail(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x') });
    expect([e.code, e.message]).toEqual(['InvalidKeyUsageException', `${k.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`]);
    const h = newKey(w, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    expect(w.fail(w.root(), generateDataKey, { KeyId: h.KeyId, KeySpec: 'AES_256' }).message).toBe(
      `${h.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.`,
    );
  });

  it('an RSA ENCRYPT_DECRYPT key: no data keys; RSA encryption itself is not implemented', () => {
    const w = new TestWorld();
    const k = newKey(w, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
    const e = w.fail(w.root(), generateDataKey, { KeyId: k.KeyId, KeySpec: 'AES_256' });
    expect([e.code, e.message]).toEqual(['InvalidKeyUsageException', `${k.Arn} key spec is RSA_2048 which is not valid for GenerateDataKey.`]);
    expect(w.fail(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x') }).code).toBe('NotImplemented');
  });
});

describe('key states (§6.4)', () => {
  it('disabled → DisabledException; pending deletion → KMSInvalidStateException; pending import', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const blob = w.run<Enc>(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x') }).CiphertextBlob;
    w.run(w.root(), disableKey, { KeyId: k.KeyId });
    for (const [op, input] of [
      [encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x') }],
      [decrypt, { CiphertextBlob: blob }],
      [generateDataKey, { KeyId: k.KeyId, KeySpec: 'AES_256' }],
    ] as const) {
      const e = w.fail(w.root(), op, input);
      expect([e.code, e.message]).toEqual(['DisabledException', `${k.Arn} is disabled.`]);
    }
    w.run(w.root(), scheduleKeyDeletion, { KeyId: k.KeyId });
    const e = w.fail(w.root(), decrypt, { CiphertextBlob: blob });
    expect([e.code, e.message]).toEqual(['KMSInvalidStateException', `${k.Arn} is pending deletion.`]);
    const ext = newKey(w, { Origin: 'EXTERNAL' });
    expect(w.fail(w.root(), encrypt, { KeyId: ext.KeyId, Plaintext: Buffer.from('x') }).message).toBe(`${ext.Arn} is pending import.`);
  });
});

describe('GenerateDataKey and GenerateDataKeyWithoutPlaintext', () => {
  it('returns a data key and its encrypted copy, which Decrypt opens with the same context', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const d = w.run<{ Plaintext: Buffer; CiphertextBlob: Buffer; KeyId: string }>(w.root(), generateDataKey, {
      KeyId: k.KeyId, KeySpec: 'AES_256', EncryptionContext: CONTEXT,
    });
    expect(Object.keys(d).sort()).toEqual(['CiphertextBlob', 'KeyId', 'Plaintext']);
    expect(d.Plaintext.length).toBe(32);
    expect(d.KeyId).toBe(k.Arn);
    expect(w.run<Dec>(w.root(), decrypt, { CiphertextBlob: d.CiphertextBlob, EncryptionContext: CONTEXT }).Plaintext).toEqual(d.Plaintext);
    expect(w.fail(w.root(), decrypt, { CiphertextBlob: d.CiphertextBlob }).code).toBe('InvalidCiphertextException');
  });

  it('sizes: AES_128, NumberOfBytes; exactly one of them', () => {
    const w = new TestWorld();
    const k = newKey(w);
    expect(w.run<{ Plaintext: Buffer }>(w.root(), generateDataKey, { KeyId: k.KeyId, KeySpec: 'AES_128' }).Plaintext.length).toBe(16);
    expect(w.run<{ Plaintext: Buffer }>(w.root(), generateDataKey, { KeyId: k.KeyId, NumberOfBytes: 1024 }).Plaintext.length).toBe(1024);
    for (const input of [{ KeyId: k.KeyId }, { KeyId: k.KeyId, KeySpec: 'AES_256', NumberOfBytes: 32 }]) {
      const e = w.fail(w.root(), generateDataKey, input);
      expect([e.code, e.message]).toEqual(['ValidationException', 'Please specify either number of bytes or key spec.']);
    }
  });

  it('WithoutPlaintext returns only the encrypted copy and the key ARN', () => {
    const w = new TestWorld();
    const k = newKey(w);
    w.run(w.root(), createKey, {});
    const d = w.run<{ CiphertextBlob: Buffer; KeyId: string }>(w.root(), generateDataKeyWithoutPlaintext, { KeyId: k.Arn, NumberOfBytes: 64 });
    expect(Object.keys(d).sort()).toEqual(['CiphertextBlob', 'KeyId']);
    expect(w.run<Dec>(w.root(), decrypt, { CiphertextBlob: d.CiphertextBlob }).Plaintext.length).toBe(64);
  });
});

describe('ReEncrypt', () => {
  it('moves a blob to another key and context without exposing the plaintext', () => {
    const w = new TestWorld();
    const a = newKey(w);
    const b = newKey(w);
    const blob = w.run<Enc>(w.root(), encrypt, { KeyId: a.KeyId, Plaintext: Buffer.from('payload'), EncryptionContext: { v: '1' } }).CiphertextBlob;
    const r = w.run<{ CiphertextBlob: Buffer; SourceKeyId: string; KeyId: string }>(w.root(), reEncrypt, {
      CiphertextBlob: blob, SourceEncryptionContext: { v: '1' }, DestinationKeyId: b.KeyId, DestinationEncryptionContext: { v: '2' },
    });
    expect(r).toMatchObject({ SourceKeyId: a.Arn, KeyId: b.Arn, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    expect(w.run<Dec>(w.root(), decrypt, { CiphertextBlob: r.CiphertextBlob, EncryptionContext: { v: '2' } })).toMatchObject({ KeyId: b.Arn, Plaintext: Buffer.from('payload') });
    expect(w.fail(w.root(), reEncrypt, { CiphertextBlob: blob, DestinationKeyId: b.KeyId }).code).toBe('InvalidCiphertextException');
    expect(w.fail(w.root(), reEncrypt, { CiphertextBlob: blob, SourceKeyId: b.KeyId, SourceEncryptionContext: { v: '1' }, DestinationKeyId: a.KeyId }).code).toBe('IncorrectKeyException');
  });
});

describe('GenerateRandom', () => {
  it('returns NumberOfBytes random bytes; NumberOfBytes is required', () => {
    const w = new TestWorld();
    expect(w.run<{ Plaintext: Buffer }>(w.root(), generateRandom, { NumberOfBytes: 44 }).Plaintext.length).toBe(44);
    const e = w.fail(w.root(), generateRandom, {});
    expect([e.code, e.message]).toEqual(['ValidationException', 'NumberOfBytes is required.']);
    expect(w.fail(w.root(), generateRandom, { NumberOfBytes: 8, CustomKeyStoreId: 'cks-1' }).code).toBe('NotImplemented');
  });

  it('is authorized by IAM policies alone', () => {
    const w = new TestWorld();
    expect(w.fail(w.user('bob'), generateRandom, { NumberOfBytes: 8 }).message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/bob is not authorized to perform: kms:GenerateRandom on resource: * because no identity-based policy allows the kms:GenerateRandom action`,
    );
  });
});

describe('DryRun (newer models carry it; the served model does not, so the decoder drops it today)', () => {
  it('answers DryRunOperationException after the checks, without doing the work', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const e = w.fail(w.root(), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x'), DryRun: true });
    expect([e.code, e.message]).toEqual(['DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.']);
    expect(w.fail(w.user('bob'), encrypt, { KeyId: k.KeyId, Plaintext: Buffer.from('x'), DryRun: true }).code).toBe('AccessDeniedException');
  });
});
