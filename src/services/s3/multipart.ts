// Multipart upload: CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload,
// ListParts, ListMultipartUploads (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html).
// The upload's data key is made once, at CreateMultipartUpload (kms:GenerateDataKey as the caller);
// every UploadPart opens it again as its caller, which is why SSE-KMS multipart uploads also need
// kms:Decrypt (§7.11). Parts are stored encrypted like whole objects, and on completion become the
// object's pieces without being copied.
import type { Call } from '../../core/call.js';
import { continueWith } from '../../core/service.js';
import { authorizeS3 } from './authorize.js';
import { deleteBlobs } from './blob-pins.js';
import { bucketFor } from './bucket-lookup.js';
import { CHECKSUM_MEMBERS, checksumOutput, compositeChecksum, isChecksumAlgorithm, verifyIntegrity, type IntegrityInput } from './checksums.js';
import { bodyAad, sealBody } from './envelope.js';
import { entityTooSmall, invalidArgument, invalidPart, invalidPartOrder, malformedXml, noSuchUpload } from './errors.js';
import { bucketArn, checkKey, objectArn, ownerOf } from './names.js';
import { checkStorageClass, checkWriteAcl, lastModified, multipartEtag, objectHeaders, pieceEtag, writeContext, type WriteInput } from './object-write.js';
import { deleteBlobsThen } from './put-object.js';
import { T, blobsOf, getObject, objectKey, partKey, uploadKey, type BucketRecord, type ObjectRecord, type PartRecord, type UploadRecord } from './records.js';
import { newDataKey, openDataKey, sseOutput, sseSpec, type SseInput } from './sse.js';

/** Parts are 5 MiB at least, except the last (S3 quotas, mpuoverview). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
const MAX_PARTS = 10000;

function uploadFor(call: Call, bucket: BucketRecord, key: string, uploadId: string): UploadRecord {
  const upload = call.tx.get<UploadRecord>(T.uploads, uploadKey(bucket.Name, key, uploadId));
  if (!upload) throw noSuchUpload(uploadId);
  return upload;
}

interface CreateInput extends WriteInput, SseInput {
  Bucket: string;
  Key: string;
  ChecksumAlgorithm?: string;
  BucketKeyEnabled?: boolean;
  ExpectedBucketOwner?: string;
}

export function createMultipartUpload(call: Call, input: CreateInput) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  checkKey(input.Key);
  authorizeS3(call, bucket, 's3:PutObject', objectArn(bucket.Name, input.Key), writeContext(input));
  checkWriteAcl(bucket, input);
  checkStorageClass(input.StorageClass);
  const { sealed } = newDataKey(call, bucket, input.Key, sseSpec(bucket, input));
  // Upload ids are opaque; S3's are long URL-safe strings.
  const UploadId = call.ids.bytes(48).toString('base64url');
  const upload: UploadRecord = {
    UploadId,
    Bucket: bucket.Name,
    Key: input.Key,
    Initiated: call.now.toISOString(),
    Initiator: call.identity.arn,
    InitiatorAccount: call.identity.account,
    headers: objectHeaders(input),
    ChecksumAlgorithm: isChecksumAlgorithm(input.ChecksumAlgorithm) ? input.ChecksumAlgorithm : undefined,
    sse: sealed,
  };
  call.tx.put(T.uploads, uploadKey(bucket.Name, input.Key, UploadId), upload);
  return { Bucket: bucket.Name, Key: input.Key, UploadId, ChecksumAlgorithm: upload.ChecksumAlgorithm, ...sseOutput(sealed) };
}

interface UploadPartInput extends IntegrityInput {
  Bucket: string;
  Key: string;
  UploadId: string;
  PartNumber: number;
  Body?: Buffer;
  ExpectedBucketOwner?: string;
  SSECustomerAlgorithm?: string;
}

export function uploadPart(call: Call, input: UploadPartInput) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  if (!Number.isInteger(input.PartNumber) || input.PartNumber < 1 || input.PartNumber > MAX_PARTS) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', String(input.PartNumber));
  }
  const upload = uploadFor(call, bucket, input.Key, input.UploadId);
  authorizeS3(call, bucket, 's3:PutObject', objectArn(bucket.Name, input.Key));
  const body = input.Body ?? Buffer.alloc(0);
  const checksum = verifyIntegrity({ ...input, ChecksumAlgorithm: input.ChecksumAlgorithm ?? upload.ChecksumAlgorithm }, body);
  const dataKey = openDataKey(call, bucket, upload.sse);
  const blob = sealBody(dataKey, body, bodyAad(bucket.Name, input.Key, input.PartNumber), call.ids.bytes(12));
  const etag = pieceEtag(upload.sse.algorithm === 'aws:kms', body, blob);
  const now = lastModified(call.now);
  return continueWith(
    (store) => store.putBlob(blob),
    (next, hash) => {
      const key = uploadKey(bucket.Name, input.Key, input.UploadId);
      // Completed or aborted while the part was written: the part goes, its blob with it.
      if (!next.tx.get(T.uploads, key)) return continueWith((store) => deleteBlobs(store, [hash]), () => { throw noSuchUpload(input.UploadId); });
      const previous = next.tx.get<PartRecord>(T.parts, partKey(input.UploadId, input.PartNumber));
      const part: PartRecord = { PartNumber: input.PartNumber, Size: body.length, blob: hash, ETag: etag, Checksum: checksum, LastModified: now };
      next.tx.put(T.parts, partKey(input.UploadId, input.PartNumber), part);
      return deleteBlobsThen(blobsOf(previous && { parts: [previous] }), { ETag: etag, ...checksumOutput(checksum), ...sseOutput(upload.sse) });
    },
  );
}

type CompletedPart = { PartNumber?: number; ETag?: string } & Record<string, unknown>;

export function completeMultipartUpload(
  call: Call,
  input: { Bucket: string; Key: string; UploadId: string; MultipartUpload?: { Parts?: CompletedPart[] }; ExpectedBucketOwner?: string },
) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  const upload = uploadFor(call, bucket, input.Key, input.UploadId);
  authorizeS3(call, bucket, 's3:PutObject', objectArn(bucket.Name, input.Key));
  const requested = input.MultipartUpload?.Parts;
  if (!requested || requested.length === 0 || requested.some((p) => p.PartNumber === undefined || p.ETag === undefined)) throw malformedXml();
  const stored = new Map(call.tx.scan<PartRecord>(T.parts, { prefix: `${input.UploadId}/` }).map((e) => [e.value.PartNumber, e.value]));
  const chosen: PartRecord[] = [];
  let previousNumber = 0;
  for (const p of requested as { PartNumber: number; ETag: string }[]) {
    if (p.PartNumber <= previousNumber) throw invalidPartOrder(input.UploadId);
    previousNumber = p.PartNumber;
    const part = stored.get(p.PartNumber);
    if (!part || part.ETag.replace(/"/g, '') !== p.ETag.replace(/"/g, '')) throw invalidPart(input.UploadId, p.PartNumber, p.ETag);
    chosen.push(part);
  }
  chosen.slice(0, -1).forEach((p) => {
    if (p.Size < MIN_PART_SIZE) throw entityTooSmall(p.Size, p.PartNumber, p.ETag);
  });
  const etag = multipartEtag(chosen.map((p) => p.ETag));
  const algorithm = upload.ChecksumAlgorithm;
  const checksum =
    algorithm && chosen.every((p) => p.Checksum?.algorithm === algorithm)
      ? { algorithm, value: compositeChecksum(algorithm, chosen.map((p) => p.Checksum!.value)) }
      : undefined;
  const record: ObjectRecord = {
    Key: input.Key,
    Size: chosen.reduce((n, p) => n + p.Size, 0),
    ETag: etag,
    LastModified: lastModified(call.now),
    Owner: bucket.Owner,
    ...upload.headers,
    Checksum: checksum,
    sse: upload.sse,
    parts: chosen.map(({ PartNumber, Size, blob, ETag, Checksum }) => ({ PartNumber, Size, blob, ETag, Checksum })),
    multipart: true,
  };
  const previous = getObject(call.tx, bucket.Name, input.Key);
  const kept = new Set(chosen.map((p) => p.blob));
  const dropped = [...stored.values()].filter((p) => !kept.has(p.blob)).map((p) => p.blob);
  call.tx.put(T.objects, objectKey(bucket.Name, input.Key), record);
  call.tx.deleteRange(T.parts, { prefix: `${input.UploadId}/` });
  call.tx.delete(T.uploads, uploadKey(bucket.Name, input.Key, input.UploadId));
  return deleteBlobsThen([...dropped, ...blobsOf(previous)], {
    // [INF] AWS answers an https URL of the object; the path names it on any endpoint.
    Location: `/${bucket.Name}/${encodeURIComponent(input.Key).replace(/%2F/g, '/')}`,
    Bucket: bucket.Name,
    Key: input.Key,
    ETag: etag,
    ...(checksum ? { [CHECKSUM_MEMBERS[checksum.algorithm]]: checksum.value } : {}),
    ...sseOutput(upload.sse),
  });
}

export function abortMultipartUpload(call: Call, input: { Bucket: string; Key: string; UploadId: string; ExpectedBucketOwner?: string }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:AbortMultipartUpload', objectArn(bucket.Name, input.Key));
  uploadFor(call, bucket, input.Key, input.UploadId);
  const parts = call.tx.scan<PartRecord>(T.parts, { prefix: `${input.UploadId}/` }).map((e) => e.value.blob);
  call.tx.deleteRange(T.parts, { prefix: `${input.UploadId}/` });
  call.tx.delete(T.uploads, uploadKey(bucket.Name, input.Key, input.UploadId));
  return deleteBlobsThen(parts, {});
}

const pageSize = (asked: number | undefined) => Math.max(0, Math.min(asked ?? 1000, 1000));

export function listParts(
  call: Call,
  input: { Bucket: string; Key: string; UploadId: string; MaxParts?: number; PartNumberMarker?: number; ExpectedBucketOwner?: string },
) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:ListMultipartUploadParts', objectArn(bucket.Name, input.Key));
  const upload = uploadFor(call, bucket, input.Key, input.UploadId);
  const max = pageSize(input.MaxParts);
  const marker = input.PartNumberMarker ?? 0;
  const all = call.tx.scan<PartRecord>(T.parts, { prefix: `${input.UploadId}/`, gt: partKey(input.UploadId, marker), limit: max + 1 }).map((e) => e.value);
  const page = all.slice(0, max);
  const truncated = all.length > max;
  return {
    Bucket: bucket.Name,
    Key: input.Key,
    UploadId: input.UploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length ? page[page.length - 1].PartNumber : undefined,
    MaxParts: input.MaxParts ?? 1000,
    IsTruncated: truncated,
    Parts: page.map((p) => ({ PartNumber: p.PartNumber, LastModified: new Date(p.LastModified), ETag: p.ETag, Size: p.Size, ...checksumOutput(p.Checksum) })),
    Initiator: { ID: upload.Initiator, DisplayName: undefined },
    Owner: ownerOf(bucket.Owner),
    StorageClass: upload.headers.StorageClass ?? 'STANDARD',
    ChecksumAlgorithm: upload.ChecksumAlgorithm,
  };
}

export function listMultipartUploads(
  call: Call,
  input: { Bucket: string; Prefix?: string; KeyMarker?: string; UploadIdMarker?: string; MaxUploads?: number; Delimiter?: string; ExpectedBucketOwner?: string },
) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:ListBucketMultipartUploads', bucketArn(bucket.Name));
  const max = pageSize(input.MaxUploads);
  const prefix = `${bucket.Name}/${input.Prefix ?? ''}`;
  // Decision [INF]: no Delimiter rollup for uploads; uploads are listed by key, then upload id.
  const after = input.KeyMarker !== undefined ? uploadKey(bucket.Name, input.KeyMarker, input.UploadIdMarker ?? '\uffff') : undefined;
  const all = call.tx.scan<UploadRecord>(T.uploads, { prefix, ...(after ? { gt: after } : {}), limit: max + 1 }).map((e) => e.value);
  const page = all.slice(0, max);
  const last = page[page.length - 1];
  return {
    Bucket: bucket.Name,
    KeyMarker: input.KeyMarker ?? '',
    UploadIdMarker: input.UploadIdMarker ?? '',
    NextKeyMarker: all.length > max ? last?.Key : undefined,
    NextUploadIdMarker: all.length > max ? last?.UploadId : undefined,
    Prefix: input.Prefix,
    MaxUploads: input.MaxUploads ?? 1000,
    IsTruncated: all.length > max,
    Uploads: page.map((u) => ({
      UploadId: u.UploadId,
      Key: u.Key,
      Initiated: new Date(u.Initiated),
      StorageClass: u.headers.StorageClass ?? 'STANDARD',
      Owner: ownerOf(bucket.Owner),
      Initiator: { ID: u.Initiator },
      ChecksumAlgorithm: u.ChecksumAlgorithm,
    })),
  };
}
