// Integrity checks on uploaded data (https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html):
// Content-MD5, and the x-amz-checksum-{crc32,crc32c,sha1,sha256} headers (or aws-chunked trailers,
// which the server merges into the headers). A value given is verified against the data received;
// the object's checksum is kept so that GetObject/HeadObject can return it with x-amz-checksum-mode.
import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { badChecksum, badDigest, invalidChecksumValue, invalidDigest, invalidRequest } from './errors.js';
import type { Checksum, ChecksumAlgorithm } from './records.js';

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), RFC 3720 appendix B.4. */
export function crc32c(data: Uint8Array, previous = 0): number {
  let c = ~previous >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC32C_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** The checksum of `data` as S3 writes it: the digest bytes in base64. */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Uint8Array): string {
  switch (algorithm) {
    case 'CRC32':
      return u32(zlibCrc32(data)).toString('base64');
    case 'CRC32C':
      return u32(crc32c(data)).toString('base64');
    case 'SHA1':
      return createHash('sha1').update(data).digest('base64');
    case 'SHA256':
      return createHash('sha256').update(data).digest('base64');
  }
}

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, SHA1: 20, SHA256: 32 };
export const CHECKSUM_MEMBERS: Record<ChecksumAlgorithm, string> = {
  CRC32: 'ChecksumCRC32',
  CRC32C: 'ChecksumCRC32C',
  SHA1: 'ChecksumSHA1',
  SHA256: 'ChecksumSHA256',
};
const ALGORITHMS = Object.keys(CHECKSUM_MEMBERS) as ChecksumAlgorithm[];

export const isChecksumAlgorithm = (v: unknown): v is ChecksumAlgorithm => typeof v === 'string' && (ALGORITHMS as string[]).includes(v);

const isBase64Of = (value: string, bytes: number) => /^[A-Za-z0-9+/]*={0,2}$/.test(value) && Buffer.from(value, 'base64').length === bytes && value.length % 4 === 0;

export interface IntegrityInput {
  ContentMD5?: string;
  ChecksumAlgorithm?: string;
  ChecksumCRC32?: string;
  ChecksumCRC32C?: string;
  ChecksumSHA1?: string;
  ChecksumSHA256?: string;
}

/**
 * Verifies what the client claimed about `data` and returns the checksum to keep: the one the
 * client sent, or the one it asked for with x-amz-sdk-checksum-algorithm (S3 computes it then).
 */
export function verifyIntegrity(input: IntegrityInput, data: Buffer): Checksum | undefined {
  if (input.ContentMD5 !== undefined) {
    if (!isBase64Of(input.ContentMD5, 16)) throw invalidDigest(input.ContentMD5);
    const md5 = createHash('md5').update(data).digest('base64');
    if (md5 !== input.ContentMD5) throw badDigest(input.ContentMD5, md5);
  }
  const given = ALGORITHMS.filter((a) => (input as Record<string, unknown>)[CHECKSUM_MEMBERS[a]] !== undefined);
  // [OBS LocalStack's recorded text]
  if (given.length > 1) throw invalidRequest('Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  if (given.length === 1) {
    const algorithm = given[0];
    const value = (input as Record<string, string>)[CHECKSUM_MEMBERS[algorithm]];
    if (!isBase64Of(value, DIGEST_BYTES[algorithm])) throw invalidChecksumValue(`x-amz-checksum-${algorithm.toLowerCase()}`);
    if (checksumOf(algorithm, data) !== value) throw badChecksum(algorithm);
    return { algorithm, value };
  }
  // An algorithm this model does not know (CRC64NVME from newer SDKs) is not an error: nothing to keep.
  if (isChecksumAlgorithm(input.ChecksumAlgorithm)) return { algorithm: input.ChecksumAlgorithm, value: checksumOf(input.ChecksumAlgorithm, data) };
  return undefined;
}

/** x-amz-checksum-* output members for a checksum. */
export function checksumOutput(checksum: Checksum | undefined): Record<string, string> {
  return checksum ? { [CHECKSUM_MEMBERS[checksum.algorithm]]: checksum.value } : {};
}

/**
 * The checksum of a multipart object: the checksum of the concatenated part checksums, `-<parts>`
 * (checking-object-integrity.html, "Using part-level checksums for multipart uploads").
 */
export function compositeChecksum(algorithm: ChecksumAlgorithm, parts: readonly string[]): string {
  const joined = Buffer.concat(parts.map((p) => Buffer.from(p, 'base64')));
  return `${checksumOf(algorithm, joined)}-${parts.length}`;
}
