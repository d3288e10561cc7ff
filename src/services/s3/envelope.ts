// The cryptography of stored object bodies (envelope encryption, aws-behavior.md §6.7, §7): every
// object has its own 256-bit data key; each stored piece (a part, or the whole body) is
// AES-256-GCM with a random 12-byte IV, and the blob is `IV | ciphertext | 16-byte tag`. The AAD
// names the bucket, key and part number, so a blob moved under another object or part fails to
// open instead of serving someone else's data. Data keys exist on disk only wrapped: by KMS
// (SSE-KMS), or by the server's SSE-S3 master key.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DATA_KEY_BYTES = 32;

export function bodyAad(bucket: string, key: string, partNumber: number): Buffer {
  return Buffer.from(`trailkey s3 body\0${bucket}\0${key}\0${partNumber}`, 'utf8');
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer, iv: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function open(key: Buffer, blob: Buffer, aad: Buffer): Buffer {
  if (blob.length < IV_BYTES + TAG_BYTES) throw new Error('s3: stored blob too short');
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES));
  decipher.setAAD(aad);
  decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
  return Buffer.concat([decipher.update(blob.subarray(IV_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
}

/** Encrypts one piece of an object body under its data key. */
export function sealBody(dataKey: Buffer, plaintext: Buffer, aad: Buffer, iv: Buffer = randomBytes(IV_BYTES)): Buffer {
  return seal(dataKey, plaintext, aad, iv);
}

/** Decrypts a blob; throws when it was changed, or belongs to another object or part. */
export function openBody(dataKey: Buffer, blob: Buffer, aad: Buffer): Buffer {
  return open(dataKey, blob, aad);
}

const WRAP_AAD = Buffer.from('trailkey s3 sse-s3 data key', 'utf8');

/** SSE-S3: a data key under the server's master key. */
export function wrapKey(master: Buffer, dataKey: Buffer, iv: Buffer = randomBytes(IV_BYTES)): Buffer {
  return seal(master, dataKey, WRAP_AAD, iv);
}

export function unwrapKey(master: Buffer, wrapped: Buffer): Buffer {
  return open(master, wrapped, WRAP_AAD);
}

/**
 * S3 Bucket Keys: S3 derives a unique data key per object from the bucket-level key
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html); how is not public, so
 * HMAC-SHA256 over a random per-object salt [INF].
 */
export function deriveObjectKey(bucketKey: Buffer, salt: Buffer): Buffer {
  return createHmac('sha256', bucketKey).update('trailkey s3 object key\0').update(salt).digest();
}
