import { describe, expect, it } from 'vitest';
import { canonicalId, checkBucketName, checkKey, isValidBucketName } from './names.js';

describe('bucket names (bucketnamingrules.html)', () => {
  it('accepts the valid forms', () => {
    for (const name of ['abc', 'my-bucket', 'my.bucket.1', 'a'.repeat(63), '1bucket']) expect(isValidBucketName(name), name).toBe(true);
  });
  it('refuses the rest with InvalidBucketName', () => {
    for (const name of ['ab', 'a'.repeat(64), 'My-Bucket', '-abc', 'abc-', 'a..b', '192.168.1.1', 'xn--abc', 'sthree-x', 'abc-s3alias', 'abc--ol-s3', 'a_b', 'a/b', '']) {
      expect(isValidBucketName(name), name).toBe(false);
    }
    expect(() => checkBucketName('Bad')).toThrow(expect.objectContaining({ code: 'InvalidBucketName', message: 'The specified bucket is not valid.', fields: { BucketName: 'Bad' } }));
  });
});

describe('object keys', () => {
  it('allows any key of at most 1024 UTF-8 bytes, `..` included', () => {
    expect(() => checkKey('../../etc/passwd')).not.toThrow();
    expect(() => checkKey('é'.repeat(512))).not.toThrow();
  });
  it('refuses longer keys with KeyTooLongError and NUL with InvalidArgument', () => {
    expect(() => checkKey('é'.repeat(513))).toThrow(expect.objectContaining({ code: 'KeyTooLongError', status: 400, fields: { Size: '1026', MaxSizeAllowed: '1024' } }));
    expect(() => checkKey('a\u0000b')).toThrow(expect.objectContaining({ code: 'InvalidArgument' }));
  });
});

it('gives each account a stable 64-hex canonical id', () => {
  expect(canonicalId('111122223333')).toMatch(/^[0-9a-f]{64}$/);
  expect(canonicalId('111122223333')).toBe(canonicalId('111122223333'));
  expect(canonicalId('111122223333')).not.toBe(canonicalId('444455556666'));
});
