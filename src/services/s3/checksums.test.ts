import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumOf, compositeChecksum, crc32c, verifyIntegrity } from './checksums.js';

const check = Buffer.from('123456789');
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

describe('checksum algorithms', () => {
  it('match the standard check values', () => {
    expect(crc32c(check)).toBe(0xe3069283); // RFC 3720 B.4 / CRC-32C check value
    expect(checksumOf('CRC32', check)).toBe(b64('cbf43926'));
    expect(checksumOf('CRC32C', check)).toBe(b64('e3069283'));
    expect(checksumOf('SHA1', check)).toBe(createHash('sha1').update(check).digest('base64'));
    expect(checksumOf('SHA256', check)).toBe(createHash('sha256').update(check).digest('base64'));
  });

  it('compose the checksum of a multipart object from the part checksums', () => {
    const parts = [checksumOf('CRC32', Buffer.from('a')), checksumOf('CRC32', Buffer.from('b'))];
    const joined = Buffer.concat(parts.map((p) => Buffer.from(p, 'base64')));
    expect(compositeChecksum('CRC32', parts)).toBe(`${checksumOf('CRC32', joined)}-2`);
  });
});

describe('verifyIntegrity', () => {
  const data = Buffer.from('hello');
  it('accepts correct values and returns the checksum to keep', () => {
    const md5 = createHash('md5').update(data).digest('base64');
    expect(verifyIntegrity({ ContentMD5: md5 }, data)).toBeUndefined();
    expect(verifyIntegrity({ ChecksumSHA256: checksumOf('SHA256', data) }, data)).toEqual({ algorithm: 'SHA256', value: checksumOf('SHA256', data) });
    expect(verifyIntegrity({ ChecksumAlgorithm: 'CRC32C' }, data)).toEqual({ algorithm: 'CRC32C', value: checksumOf('CRC32C', data) });
    expect(verifyIntegrity({ ChecksumAlgorithm: 'CRC64NVME' }, data)).toBeUndefined();
  });

  it('answers S3 errors for wrong or malformed values', () => {
    const wrongMd5 = createHash('md5').update('other').digest('base64');
    expect(() => verifyIntegrity({ ContentMD5: wrongMd5 }, data)).toThrow(
      expect.objectContaining({ code: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.' }),
    );
    expect(() => verifyIntegrity({ ContentMD5: 'nope' }, data)).toThrow(expect.objectContaining({ code: 'InvalidDigest' }));
    expect(() => verifyIntegrity({ ChecksumCRC32: checksumOf('CRC32', Buffer.from('x')) }, data)).toThrow(
      expect.objectContaining({ code: 'BadDigest', message: 'The CRC32 you specified did not match the calculated checksum.' }),
    );
    expect(() => verifyIntegrity({ ChecksumSHA1: 'AAAA' }, data)).toThrow(expect.objectContaining({ code: 'InvalidRequest', message: 'Value for x-amz-checksum-sha1 header is invalid.' }));
    expect(() => verifyIntegrity({ ChecksumCRC32: checksumOf('CRC32', data), ChecksumCRC32C: checksumOf('CRC32C', data) }, data)).toThrow(
      expect.objectContaining({ code: 'InvalidRequest' }),
    );
  });
});
