// What GetObject and HeadObject share: conditional requests, byte ranges, the object's response
// headers, and reading the stored pieces back (decrypting each, streaming them in order).
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, RFC 9110 §13 and §14.
import type { Blobs } from '../../store/index.js';
import { openBody, bodyAad } from './envelope.js';
import { invalidRange, notModified, preconditionFailed } from './errors.js';
import type { ObjectRecord, StoredPart } from './records.js';
import { sseOutput } from './sse.js';
import { checksumOutput } from './checksums.js';

export interface Conditions {
  IfMatch?: string;
  IfNoneMatch?: string;
  IfModifiedSince?: Date;
  IfUnmodifiedSince?: Date;
}

const etagList = (header: string) => header.split(',').map((e) => e.trim().replace(/^W\//, '').replace(/"/g, ''));

function etagMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return etagList(header).some((e) => e === '*' || e === bare);
}

/**
 * S3's precedence (GetObject API reference): If-Match true and If-Unmodified-Since false → 200;
 * If-None-Match false and If-Modified-Since true → 304. Failing If-Match/If-Unmodified-Since is 412,
 * If-None-Match/If-Modified-Since 304.
 */
export function checkConditions(c: Conditions, record: ObjectRecord): void {
  const modified = Date.parse(record.LastModified);
  if (c.IfMatch !== undefined) {
    if (!etagMatches(c.IfMatch, record.ETag)) throw preconditionFailed('If-Match');
  } else if (c.IfUnmodifiedSince !== undefined && modified > c.IfUnmodifiedSince.getTime()) {
    throw preconditionFailed('If-Unmodified-Since');
  }
  if (c.IfNoneMatch !== undefined) {
    if (etagMatches(c.IfNoneMatch, record.ETag)) throw notModified(record.ETag, new Date(modified));
  } else if (c.IfModifiedSince !== undefined && modified <= c.IfModifiedSince.getTime()) {
    throw notModified(record.ETag, new Date(modified));
  }
}

export interface ByteRange {
  start: number;
  /** Inclusive, as in Content-Range. */
  end: number;
}

/**
 * A `Range: bytes=…` header against an object of `size` bytes. One range only: a header S3 cannot
 * parse, or one with several ranges, is ignored and the whole object sent [INF: as HTTP allows];
 * a range that starts past the end is 416 InvalidRange.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw invalidRange(header, size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) throw invalidRange(header, size);
  const end = m[2] === '' ? size - 1 : Number(m[2]);
  return { start, end: Math.min(end, size - 1) };
}

/** The stored pieces that hold bytes [start, end], with where to cut each. */
function piecesFor(parts: readonly StoredPart[], range: ByteRange): { part: StoredPart; from: number; to: number }[] {
  const out = [];
  let offset = 0;
  for (const part of parts) {
    const partEnd = offset + part.Size; // exclusive
    if (partEnd > range.start && offset <= range.end) {
      out.push({ part, from: Math.max(0, range.start - offset), to: Math.min(part.Size, range.end + 1 - offset) });
    }
    offset = partEnd;
  }
  return out;
}

/** A failure reading back stored data: the object is damaged; reported as S3's InternalError. */
export class StoredDataError extends Error {}

async function readPiece(blobs: Blobs, dataKey: Buffer, bucket: string, record: ObjectRecord, part: StoredPart): Promise<Buffer> {
  const blob = await blobs.getBlob(part.blob);
  if (!blob) throw new StoredDataError(`s3: blob ${part.blob} of ${bucket}/${record.Key} is missing`);
  try {
    return openBody(dataKey, blob, bodyAad(bucket, record.Key, part.PartNumber));
  } catch {
    throw new StoredDataError(`s3: blob ${part.blob} of ${bucket}/${record.Key} does not decrypt`);
  }
}

/**
 * Reads the first piece now (so a damaged object fails before any header is sent) and streams the
 * rest: at most one piece (≤ the request body cap) is in memory at a time, whatever the object size.
 */
export function piecesOf(record: ObjectRecord, range: ByteRange): StoredPart[] {
  return range.end < range.start ? [] : piecesFor(record.parts, range).map((p) => p.part);
}

/**
 * `unpin` releases the blobs (blob-pins.ts) once the stream is done, failed or abandoned: the
 * generator's `finally` runs when its consumer stops early too. A body of one piece is already in
 * memory whole: it is answered as a Buffer, which goes out in one write.
 */
export async function readBody(blobs: Blobs, dataKey: Buffer, bucket: string, record: ObjectRecord, range: ByteRange, unpin: () => void): Promise<Buffer | AsyncIterable<Buffer>> {
  const pieces = range.end < range.start ? [] : piecesFor(record.parts, range);
  let first: Buffer | undefined;
  try {
    first = pieces.length ? (await readPiece(blobs, dataKey, bucket, record, pieces[0].part)).subarray(pieces[0].from, pieces[0].to) : undefined;
  } catch (e) {
    unpin();
    throw e;
  }
  if (pieces.length <= 1) {
    unpin();
    return first ?? Buffer.alloc(0);
  }
  return (async function* () {
    try {
      if (first) yield first;
      for (const { part, from, to } of pieces.slice(1)) yield (await readPiece(blobs, dataKey, bucket, record, part)).subarray(from, to);
    } finally {
      unpin();
    }
  })();
}

/** The object's own response headers (GetObject/HeadObject output members). */
export function objectOutput(record: ObjectRecord, withChecksum: boolean): Record<string, unknown> {
  const expires = record.Expires !== undefined ? new Date(record.Expires) : undefined;
  return {
    AcceptRanges: 'bytes',
    LastModified: new Date(record.LastModified),
    ETag: record.ETag,
    // S3's content type for objects stored without one.
    ContentType: record.ContentType ?? 'binary/octet-stream',
    ContentEncoding: record.ContentEncoding,
    ContentDisposition: record.ContentDisposition,
    ContentLanguage: record.ContentLanguage,
    CacheControl: record.CacheControl,
    Expires: expires && !Number.isNaN(expires.getTime()) ? expires : undefined,
    WebsiteRedirectLocation: record.WebsiteRedirectLocation,
    Metadata: record.Metadata,
    StorageClass: record.StorageClass,
    ...sseOutput(record.sse),
    ...(withChecksum ? checksumOutput(record.Checksum) : {}),
  };
}

export interface ResponseOverrides {
  ResponseCacheControl?: string;
  ResponseContentDisposition?: string;
  ResponseContentEncoding?: string;
  ResponseContentLanguage?: string;
  ResponseContentType?: string;
  ResponseExpires?: Date;
}

/** response-* query parameters replace the stored headers in this response only. */
export function applyOverrides(output: Record<string, unknown>, o: ResponseOverrides): void {
  if (o.ResponseCacheControl !== undefined) output.CacheControl = o.ResponseCacheControl;
  if (o.ResponseContentDisposition !== undefined) output.ContentDisposition = o.ResponseContentDisposition;
  if (o.ResponseContentEncoding !== undefined) output.ContentEncoding = o.ResponseContentEncoding;
  if (o.ResponseContentLanguage !== undefined) output.ContentLanguage = o.ResponseContentLanguage;
  if (o.ResponseContentType !== undefined) output.ContentType = o.ResponseContentType;
  if (o.ResponseExpires !== undefined) output.Expires = o.ResponseExpires;
}

export const hasOverrides = (o: ResponseOverrides) =>
  [o.ResponseCacheControl, o.ResponseContentDisposition, o.ResponseContentEncoding, o.ResponseContentLanguage, o.ResponseContentType, o.ResponseExpires].some(
    (v) => v !== undefined,
  );
