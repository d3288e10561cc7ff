// GetObject and HeadObject. The reader needs s3:GetObject and, for an SSE-KMS object, kms:Decrypt
// on its key with the object's encryption context, asked of KMS as the reader: without it S3
// answers 403 AccessDenied with KMS's text [§7.9]. HEAD reads no data and so asks KMS nothing.
// A missing key is 404 NoSuchKey only to callers who may list the bucket, 403 to the rest
// (GetObject API reference, "Permissions").
import type { Call } from '../../core/call.js';
import { continueWith } from '../../core/service.js';
import { allowed, authorizeS3 } from './authorize.js';
import { bucketFor } from './bucket-lookup.js';
import { pin } from './blob-pins.js';
import { accessDenied, invalidRequest, noSuchKey, S3Error } from './errors.js';
import { bucketArn, objectArn } from './names.js';
import { applyOverrides, checkConditions, hasOverrides, objectOutput, parseRange, piecesOf, readBody, type ByteRange, type Conditions, type ResponseOverrides } from './object-read.js';
import { getObject, type BucketRecord, type ObjectRecord } from './records.js';
import { openDataKey } from './sse.js';

interface GetInput extends Conditions, ResponseOverrides {
  Bucket: string;
  Key: string;
  Range?: string;
  PartNumber?: number;
  ChecksumMode?: string;
  ExpectedBucketOwner?: string;
  SSECustomerAlgorithm?: string;
}

interface Found {
  bucket: BucketRecord;
  record: ObjectRecord;
  range: ByteRange;
  output: Record<string, unknown>;
}

/** [S3-ERR] InvalidPartNumber. */
const invalidPartNumber = () => new S3Error('InvalidPartNumber', 'The requested partnumber is not satisfiable', 416);

function find(call: Call, input: GetInput): Found {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:GetObject', objectArn(bucket.Name, input.Key));
  const record = getObject(call.tx, bucket.Name, input.Key);
  if (!record) {
    if (!allowed(call, bucket, 's3:ListBucket', bucketArn(bucket.Name), { 's3:prefix': input.Key })) throw accessDenied();
    throw noSuchKey(input.Key);
  }
  // [S3-ERR] response-* parameters are refused on anonymous requests.
  if (call.identity.type === 'Anonymous' && hasOverrides(input)) throw invalidRequest('Request specific response headers cannot be used for anonymous GET requests.');
  if (input.SSECustomerAlgorithm !== undefined) throw invalidRequest('The encryption parameters are not applicable to this object.');
  checkConditions(input, record);
  const output = objectOutput(record, input.ChecksumMode === 'ENABLED' && input.Range === undefined && input.PartNumber === undefined);
  let range: ByteRange = { start: 0, end: record.Size - 1 };
  if (input.PartNumber !== undefined) {
    // A part of a multipart object; a simple object is its own part 1.
    const count = record.multipart ? record.parts.length : 1;
    if (input.PartNumber < 1 || input.PartNumber > count) throw invalidPartNumber();
    const start = record.multipart ? record.parts.slice(0, input.PartNumber - 1).reduce((n, p) => n + p.Size, 0) : 0;
    const size = record.multipart ? record.parts[input.PartNumber - 1].Size : record.Size;
    range = { start, end: start + size - 1 };
    if (record.multipart) output.PartsCount = count;
    if (record.multipart || record.Size > 0) output.ContentRange = `bytes ${range.start}-${range.end}/${record.Size}`;
    if (record.multipart) output.$status = 206;
  } else {
    const asked = parseRange(input.Range, record.Size);
    if (asked) {
      range = asked;
      output.ContentRange = `bytes ${asked.start}-${asked.end}/${record.Size}`;
      output.$status = 206;
    }
  }
  output.ContentLength = range.end - range.start + 1;
  applyOverrides(output, input);
  return { bucket, record, range, output };
}

export function getObjectOp(call: Call, input: GetInput) {
  const { bucket, record, range, output } = find(call, input);
  const dataKey = openDataKey(call, bucket, record.sse);
  // Pinned in this transaction, so that an overwrite committed meanwhile cannot delete them first.
  const unpin = pin(piecesOf(record, range).map((p) => p.blob));
  return continueWith(
    (blobs) => readBody(blobs, dataKey, bucket.Name, record, range, unpin),
    (_call, body) => ({ ...output, Body: body }),
    { readsOnly: true },
  );
}

export function headObject(call: Call, input: GetInput) {
  return find(call, input).output;
}
