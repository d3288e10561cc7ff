// The first steps of every bucket or object operation, in S3's order: the bucket exists
// (NoSuchBucket, whoever asks), the request was signed for its Region, its owner is the expected one.
import type { Call } from '../../core/call.js';
import { checkExpectedOwner, checkRegion } from './authorize.js';
import { noSuchBucket } from './errors.js';
import { getBucket, type BucketRecord } from './records.js';

export function bucketFor(call: Call, name: string, expectedOwner?: string): BucketRecord {
  const bucket = getBucket(call.tx, name);
  if (!bucket) throw noSuchBucket(name);
  checkRegion(call, bucket);
  checkExpectedOwner(bucket, expectedOwner);
  return bucket;
}
