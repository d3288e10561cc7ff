// DeleteObject and DeleteObjects (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html).
// Deleting a key that does not exist succeeds, as in an unversioned bucket. DeleteObjects authorizes
// each key on its own and reports a refused key in <Error> without failing the others.
import type { Call } from '../../core/call.js';
import { allowed, authorizeS3 } from './authorize.js';
import { bucketFor } from './bucket-lookup.js';
import { malformedXml } from './errors.js';
import { objectArn } from './names.js';
import { deleteBlobsThen } from './put-object.js';
import { T, blobsOf, getObject, objectKey } from './records.js';

export function deleteObject(call: Call, input: { Bucket: string; Key: string; ExpectedBucketOwner?: string }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:DeleteObject', objectArn(bucket.Name, input.Key));
  const previous = getObject(call.tx, bucket.Name, input.Key);
  if (previous) call.tx.delete(T.objects, objectKey(bucket.Name, input.Key));
  return deleteBlobsThen(blobsOf(previous), {});
}

/** At most 1000 keys per request (API reference); more does not match the schema. */
const MAX_KEYS = 1000;

interface DeleteObjectsInput {
  Bucket: string;
  Delete?: { Objects?: { Key?: string; VersionId?: string }[]; Quiet?: boolean };
  ExpectedBucketOwner?: string;
}

export function deleteObjects(call: Call, input: DeleteObjectsInput) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  const objects = input.Delete?.Objects;
  if (!objects || objects.length === 0 || objects.length > MAX_KEYS || objects.some((o) => o.Key === undefined)) throw malformedXml();
  const Deleted: { Key: string }[] = [];
  const Errors: { Key: string; Code: string; Message: string }[] = [];
  const blobs: string[] = [];
  for (const { Key } of objects as { Key: string }[]) {
    if (!allowed(call, bucket, 's3:DeleteObject', objectArn(bucket.Name, Key))) {
      Errors.push({ Key, Code: 'AccessDenied', Message: 'Access Denied' });
      continue;
    }
    const previous = getObject(call.tx, bucket.Name, Key);
    if (previous) {
      call.tx.delete(T.objects, objectKey(bucket.Name, Key));
      blobs.push(...blobsOf(previous));
    }
    Deleted.push({ Key });
  }
  // Quiet mode reports only the errors.
  return deleteBlobsThen(blobs, { Deleted: input.Delete?.Quiet ? undefined : Deleted, Errors: Errors.length ? Errors : undefined });
}
