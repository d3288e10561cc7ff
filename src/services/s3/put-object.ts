// PutObject: authorize, check integrity, encrypt (SSE-S3, or SSE-KMS with a data key from KMS asked
// as the caller), then store in two steps: the encrypted blob is written and fsynced first, and
// only then is the object's metadata committed (the Continuation contract in core/service.ts). An
// acknowledged PutObject therefore survives a crash, and a crash before the commit leaves at most
// an unreferenced blob. The object data stored is exactly the bytes the client sent.
import type { Call } from '../../core/call.js';
import { continueWith } from '../../core/service.js';
import type { Blobs } from '../../store/index.js';
import { authorizeS3 } from './authorize.js';
import { deleteBlobs } from './blob-pins.js';
import { bucketFor } from './bucket-lookup.js';
import { checksumOutput, verifyIntegrity, type IntegrityInput } from './checksums.js';
import { bodyAad, sealBody } from './envelope.js';
import { noSuchBucket } from './errors.js';
import { checkKey, objectArn } from './names.js';
import { checkStorageClass, checkWriteAcl, lastModified, objectHeaders, pieceEtag, writeContext, type WriteInput } from './object-write.js';
import { T, blobsOf, getBucket, getObject, objectKey, type ObjectRecord } from './records.js';
import { newDataKey, sseOutput, sseSpec, type SseInput } from './sse.js';

export interface PutObjectInput extends WriteInput, SseInput, IntegrityInput {
  Bucket: string;
  Key: string;
  Body?: Buffer;
  BucketKeyEnabled?: boolean;
  ExpectedBucketOwner?: string;
}

/** Deletes blobs after the commit that dropped their last reference. */
export function deleteBlobsThen<T>(blobs: readonly string[], value: T) {
  return continueWith(
    (store: Blobs) => deleteBlobs(store, blobs),
    () => value,
  );
}

export function putObject(call: Call, input: PutObjectInput) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  checkKey(input.Key);
  authorizeS3(call, bucket, 's3:PutObject', objectArn(bucket.Name, input.Key), writeContext(input));
  checkWriteAcl(bucket, input);
  checkStorageClass(input.StorageClass);
  const body = input.Body ?? Buffer.alloc(0);
  const checksum = verifyIntegrity(input, body);
  const spec = sseSpec(bucket, input);
  const { plaintext: dataKey, sealed } = newDataKey(call, bucket, input.Key, spec);
  const blob = sealBody(dataKey, body, bodyAad(bucket.Name, input.Key, 1), call.ids.bytes(12));
  const etag = pieceEtag(sealed.algorithm === 'aws:kms', body, blob);
  const owner = bucket.Owner;
  const now = lastModified(call.now);
  return continueWith(
    (store) => store.putBlob(blob),
    (next, hash) => {
      // The bucket may have gone while the blob was written.
      if (!getBucket(next.tx, bucket.Name)) throw noSuchBucket(bucket.Name);
      const previous = getObject(next.tx, bucket.Name, input.Key);
      const record: ObjectRecord = {
        Key: input.Key,
        Size: body.length,
        ETag: etag,
        LastModified: now,
        // BucketOwnerEnforced: the bucket owner owns every object, whoever wrote it.
        Owner: owner,
        ...objectHeaders(input),
        Checksum: checksum,
        sse: sealed,
        parts: [{ PartNumber: 1, Size: body.length, blob: hash, ETag: etag }],
      };
      next.tx.put(T.objects, objectKey(bucket.Name, input.Key), record);
      return deleteBlobsThen(blobsOf(previous), { ETag: etag, ...checksumOutput(checksum), ...sseOutput(sealed, sealed.algorithm === 'aws:kms') });
    },
  );
}
