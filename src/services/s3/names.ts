// Bucket names, object keys, ARNs and owner ids.
import { createHash } from 'node:crypto';
import { invalidBucketName, invalidArgument, keyTooLong } from './errors.js';

/**
 * General-purpose bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html):
 * 3–63 characters of lower-case letters, digits, dots and hyphens, starting and ending with a letter
 * or digit, no two adjacent dots, not an IPv4 address, none of the reserved prefixes and suffixes.
 */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return false;
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return false;
  return true;
}

export function checkBucketName(name: string): void {
  if (!isValidBucketName(name)) throw invalidBucketName(name);
}

/** Object keys: at most 1024 bytes of UTF-8 (KeyTooLongError). */
export const MAX_KEY_BYTES = 1024;

export function checkKey(key: string): void {
  const size = Buffer.byteLength(key, 'utf8');
  if (size > MAX_KEY_BYTES) throw keyTooLong(size);
  // Decision [INF]: U+0000 cannot appear in any XML document S3 would list the key in, so a key
  // holding one is refused outright rather than stored unlistable.
  if (key.includes('\u0000')) throw invalidArgument('Object key contains a NUL character', 'key', key.replace(/\u0000/g, '\\0'));
}

/** Region names as the SDKs form them (`us-east-1`, `eu-central-2`, `us-gov-west-1`). */
export const isRegionName = (region: string) => /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region);

export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

/**
 * The canonical user id S3 shows for an account (Owner/ID, 64 hex digits). AWS's derivation is not
 * public; ours is a stable hash of the account id [INF].
 */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`trailkey canonical user\0${account}`).digest('hex');
}

export const ownerOf = (account: string) => ({ ID: canonicalId(account) });
