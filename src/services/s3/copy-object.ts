// CopyObject (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html): s3:GetObject on
// the source (its bucket's policy) and s3:PutObject on the destination. The copy is encrypted as a
// new object would be (request headers, else the destination bucket's default), so the source is
// decrypted as the caller (kms:Decrypt) and re-encrypted under a new data key, piece by piece, so
// that no more than one piece is in memory at a time.
import { createHash } from 'node:crypto';
import type { Call } from '../../core/call.js';
import { continueWith } from '../../core/service.js';
import type { Blobs } from '../../store/index.js';
import { allowed, authorizeS3 } from './authorize.js';
import { bucketFor } from './bucket-lookup.js';
import { pin } from './blob-pins.js';
import { bodyAad, openBody, sealBody } from './envelope.js';
import { accessDenied, invalidArgument, invalidRequest, noSuchBucket, noSuchKey, preconditionFailed } from './errors.js';
import { bucketArn, checkKey, objectArn } from './names.js';
import { StoredDataError } from './object-read.js';
import { checkStorageClass, checkWriteAcl, lastModified, objectHeaders, quoted, writeContext, type WriteInput } from './object-write.js';
import { deleteBlobsThen } from './put-object.js';
import { T, blobsOf, getBucket, getObject, objectKey, type ObjectRecord, type StoredPart } from './records.js';
import { newDataKey, openDataKey, sseOutput, sseSpec, type SseInput } from './sse.js';

interface CopyInput extends WriteInput, SseInput {
  Bucket: string;
  Key: string;
  CopySource: string;
  CopySourceIfMatch?: string;
  CopySourceIfNoneMatch?: string;
  CopySourceIfModifiedSince?: Date;
  CopySourceIfUnmodifiedSince?: Date;
  MetadataDirective?: string;
  BucketKeyEnabled?: boolean;
  ExpectedBucketOwner?: string;
  ExpectedSourceBucketOwner?: string;
}

/** `bucket/key` or `/bucket/key`, URL-encoded, with an optional `?versionId=`. */
export function parseCopySource(source: string): { bucket: string; key: string } {
  const bad = () => invalidArgument('Invalid copy source object key', 'x-amz-copy-source', source); // [INF]
  const q = source.indexOf('?');
  const path = (q < 0 ? source : source.slice(0, q)).replace(/^\//, '');
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw bad();
  try {
    return { bucket: decodeURIComponent(path.slice(0, slash)), key: decodeURIComponent(path.slice(slash + 1)) };
  } catch {
    throw bad();
  }
}

function checkSourceConditions(input: CopyInput, source: ObjectRecord): void {
  const etag = source.ETag.replace(/"/g, '');
  const matches = (h: string) => h.split(',').some((e) => e.trim().replace(/"/g, '') === etag || e.trim() === '*');
  const modified = Date.parse(source.LastModified);
  // Same precedence as GetObject; every failure here is 412 (API reference, x-amz-copy-source-if-*).
  if (input.CopySourceIfMatch !== undefined) {
    if (!matches(input.CopySourceIfMatch)) throw preconditionFailed('x-amz-copy-source-If-Match');
  } else if (input.CopySourceIfUnmodifiedSince !== undefined && modified > input.CopySourceIfUnmodifiedSince.getTime()) {
    throw preconditionFailed('x-amz-copy-source-If-Unmodified-Since');
  }
  if (input.CopySourceIfNoneMatch !== undefined) {
    if (matches(input.CopySourceIfNoneMatch)) throw preconditionFailed('x-amz-copy-source-If-None-Match');
  } else if (input.CopySourceIfModifiedSince !== undefined && modified <= input.CopySourceIfModifiedSince.getTime()) {
    throw preconditionFailed('x-amz-copy-source-If-Modified-Since');
  }
}

/** Decrypts each stored piece of the source and encrypts it for the copy; the ETag follows §7.5. */
async function copyPieces(
  store: Blobs,
  source: ObjectRecord,
  sourceKey: Buffer,
  sourceBucket: string,
  to: { bucket: string; key: string; dataKey: Buffer; kms: boolean; ivs: Buffer[] },
): Promise<{ parts: StoredPart[]; etag: string }> {
  const parts: StoredPart[] = [];
  const md5 = createHash('md5');
  for (const [i, part] of source.parts.entries()) {
    const blob = await store.getBlob(part.blob);
    if (!blob) throw new StoredDataError(`s3: blob ${part.blob} of ${sourceBucket}/${source.Key} is missing`);
    const plaintext = openBody(sourceKey, blob, bodyAad(sourceBucket, source.Key, part.PartNumber));
    const sealedPiece = sealBody(to.dataKey, plaintext, bodyAad(to.bucket, to.key, i + 1), to.ivs[i]);
    md5.update(to.kms ? sealedPiece : plaintext);
    parts.push({ PartNumber: i + 1, Size: part.Size, blob: await store.putBlob(sealedPiece), ETag: '' });
  }
  return { parts, etag: quoted(md5.digest('hex')) };
}

export function copyObject(call: Call, input: CopyInput) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  checkKey(input.Key);
  const from = parseCopySource(input.CopySource);
  const sourceBucket = getBucket(call.tx, from.bucket);
  if (!sourceBucket) throw noSuchBucket(from.bucket);
  if (input.ExpectedSourceBucketOwner !== undefined && input.ExpectedSourceBucketOwner !== sourceBucket.Owner) throw accessDenied();
  authorizeS3(call, sourceBucket, 's3:GetObject', objectArn(from.bucket, from.key));
  const source = getObject(call.tx, from.bucket, from.key);
  if (!source) {
    if (!allowed(call, sourceBucket, 's3:ListBucket', bucketArn(from.bucket), { 's3:prefix': from.key })) throw accessDenied();
    throw noSuchKey(from.key);
  }
  const directive = input.MetadataDirective ?? 'COPY';
  if (directive !== 'COPY' && directive !== 'REPLACE') throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  const context = { ...writeContext(input), 's3:x-amz-copy-source': input.CopySource, 's3:x-amz-metadata-directive': directive };
  authorizeS3(call, bucket, 's3:PutObject', objectArn(bucket.Name, input.Key), context);
  checkWriteAcl(bucket, input);
  checkStorageClass(input.StorageClass);
  checkSourceConditions(input, source);
  const changesSomething =
    directive === 'REPLACE' || input.ServerSideEncryption !== undefined || input.SSEKMSKeyId !== undefined || input.StorageClass !== undefined || input.WebsiteRedirectLocation !== undefined;
  if (from.bucket === bucket.Name && from.key === input.Key && !changesSomething) {
    // [S3-ERR] text
    throw invalidRequest(
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const sourceKey = openDataKey(call, sourceBucket, source.sse);
  const { plaintext: dataKey, sealed } = newDataKey(call, bucket, input.Key, sseSpec(bucket, input));
  const kms = sealed.algorithm === 'aws:kms';
  const headers =
    directive === 'REPLACE'
      ? objectHeaders(input)
      : { ...objectHeaders({ ...source, Expires: undefined }), Expires: source.Expires, ...(input.StorageClass !== undefined ? objectHeaders({ StorageClass: input.StorageClass }) : {}) };
  const ivs = source.parts.map(() => call.ids.bytes(12));
  const now = lastModified(call.now);
  const unpin = pin(blobsOf(source));
  return continueWith(
    async (store) => {
      try {
        return await copyPieces(store, source, sourceKey, from.bucket, { bucket: bucket.Name, key: input.Key, dataKey, kms, ivs });
      } finally {
        unpin();
      }
    },
    (next, { parts, etag }) => {
      if (!getBucket(next.tx, bucket.Name)) throw noSuchBucket(bucket.Name);
      const previous = getObject(next.tx, bucket.Name, input.Key);
      const record: ObjectRecord = {
        Key: input.Key,
        Size: source.Size,
        ETag: etag,
        LastModified: now,
        Owner: bucket.Owner,
        ...headers,
        // A multipart checksum describes the parts, which a copy does not keep (API reference) [INF].
        Checksum: source.multipart ? undefined : source.Checksum,
        sse: sealed,
        parts: parts.map((p) => ({ ...p, ETag: etag })),
      };
      next.tx.put(T.objects, objectKey(bucket.Name, input.Key), record);
      return deleteBlobsThen(blobsOf(previous), {
        CopyObjectResult: { ETag: etag, LastModified: new Date(now) },
        ...sseOutput(sealed, kms),
      });
    },
  );
}
