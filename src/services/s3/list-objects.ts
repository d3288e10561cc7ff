// ListObjects (v1, marker paging) and ListObjectsV2 (continuation tokens, start-after, fetch-owner).
// Keys are listed in UTF-8 byte order (the store's order); with a delimiter, keys that share a
// prefix up to the delimiter roll up into one CommonPrefixes entry, which counts once against
// max-keys and is skipped over in the store rather than read key by key.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html
import type { Call } from '../../core/call.js';
import { compareKeys, prefixEnd } from '../../store/index.js';
import type { ContextValue } from '../../policy/index.js';
import { authorizeS3 } from './authorize.js';
import { bucketFor } from './bucket-lookup.js';
import { invalidArgument } from './errors.js';
import { bucketArn, ownerOf } from './names.js';
import { T, type BucketRecord, type ObjectRecord } from './records.js';
import type { Tx } from '../../store/index.js';

const DEFAULT_MAX_KEYS = 1000;
const BATCH = 1000;

export interface Listing {
  contents: ObjectRecord[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned: where the next page starts. */
  last?: string;
}

export function listKeys(tx: Tx, bucket: string, options: { prefix: string; delimiter?: string; after?: string; maxKeys: number }): Listing {
  const { prefix, delimiter, after, maxKeys } = options;
  const base = `${bucket}/`;
  const out: Listing = { contents: [], commonPrefixes: [], truncated: false };
  if (maxKeys === 0) return out; // [INF] S3 answers an empty, untruncated page
  let cursor: { gt?: string; gte?: string } = after !== undefined ? { gt: base + after } : {};
  let count = 0;
  const add = (item: string) => {
    count++;
    out.last = item;
  };
  outer: for (;;) {
    const batch = tx.scan<ObjectRecord>(T.objects, { prefix: base + prefix, ...cursor, limit: BATCH });
    for (const entry of batch) {
      const key = entry.key.slice(base.length);
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) {
        const common = key.slice(0, cut + delimiter!.length);
        // A marker inside a common prefix does not bring that prefix back (it sorts before the marker).
        if (after === undefined || compareKeys(common, after) > 0) {
          if (count === maxKeys) {
            out.truncated = true;
            break outer;
          }
          out.commonPrefixes.push(common);
          add(common);
        }
        const end = prefixEnd(base + common);
        if (end === undefined) break outer;
        cursor = { gte: end };
        continue outer;
      }
      if (count === maxKeys) {
        out.truncated = true;
        break outer;
      }
      out.contents.push(entry.value);
      add(key);
      cursor = { gt: entry.key };
    }
    if (batch.length < BATCH) break;
  }
  return out;
}

/**
 * encoding-type=url: S3 URL-encodes keys and prefixes in the response (spaces as `+`), which the AWS
 * CLI decodes with unquote_plus. `/` is left as is.
 */
const urlEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+').replace(/%2F/g, '/');

interface ListInput {
  Bucket: string;
  Prefix?: string;
  Delimiter?: string;
  MaxKeys?: number;
  EncodingType?: string;
  ExpectedBucketOwner?: string;
}

function prepare(call: Call, input: ListInput): { bucket: BucketRecord; maxKeys: number; enc: (s: string | undefined) => string | undefined } {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  const context: Record<string, ContextValue> = {};
  if (input.Prefix !== undefined) context['s3:prefix'] = input.Prefix;
  if (input.Delimiter !== undefined) context['s3:delimiter'] = input.Delimiter;
  if (input.MaxKeys !== undefined) context['s3:max-keys'] = String(input.MaxKeys);
  authorizeS3(call, bucket, 's3:ListBucket', bucketArn(bucket.Name), context);
  if (input.MaxKeys !== undefined && (input.MaxKeys < 0 || input.MaxKeys > 2147483647)) {
    throw invalidArgument('Argument maxKeys must be an integer between 0 and 2147483647', 'maxKeys', String(input.MaxKeys));
  }
  if (input.EncodingType !== undefined && input.EncodingType !== 'url') {
    throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', input.EncodingType);
  }
  // Up to 1,000 keys per page, whatever larger max-keys asks for (API reference).
  const maxKeys = Math.min(input.MaxKeys ?? DEFAULT_MAX_KEYS, DEFAULT_MAX_KEYS);
  const enc = (s: string | undefined) => (s === undefined || input.EncodingType !== 'url' ? s : urlEncode(s));
  return { bucket, maxKeys, enc };
}

function contentsOf(records: ObjectRecord[], enc: (s: string) => string | undefined, withOwner: boolean) {
  return records.map((r) => ({
    Key: enc(r.Key),
    LastModified: new Date(r.LastModified),
    ETag: r.ETag,
    ChecksumAlgorithm: r.Checksum ? [r.Checksum.algorithm] : undefined,
    Size: r.Size,
    StorageClass: r.StorageClass ?? 'STANDARD',
    Owner: withOwner ? ownerOf(r.Owner) : undefined,
  }));
}

export function listObjects(call: Call, input: ListInput & { Marker?: string }) {
  const { bucket, maxKeys, enc } = prepare(call, input);
  const prefix = input.Prefix ?? '';
  const page = listKeys(call.tx, bucket.Name, { prefix, delimiter: input.Delimiter || undefined, after: input.Marker || undefined, maxKeys });
  return {
    IsTruncated: page.truncated,
    Marker: enc(input.Marker ?? ''),
    // NextMarker only with a delimiter; without one the client uses the last key (API reference).
    NextMarker: page.truncated && input.Delimiter ? enc(page.last) : undefined,
    Contents: contentsOf(page.contents, enc, true),
    Name: bucket.Name,
    Prefix: enc(prefix),
    Delimiter: enc(input.Delimiter),
    MaxKeys: input.MaxKeys ?? DEFAULT_MAX_KEYS,
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
    EncodingType: input.EncodingType,
  };
}

const TOKEN_PREFIX = 'trailkey-list-v2\0';

const encodeToken = (key: string) => Buffer.from(TOKEN_PREFIX + key, 'utf8').toString('base64');

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64').toString('utf8');
  // [OBS] S3's answer to a token it did not issue.
  if (!text.startsWith(TOKEN_PREFIX)) throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  return text.slice(TOKEN_PREFIX.length);
}

export function listObjectsV2(call: Call, input: ListInput & { ContinuationToken?: string; StartAfter?: string; FetchOwner?: boolean }) {
  const { bucket, maxKeys, enc } = prepare(call, input);
  const prefix = input.Prefix ?? '';
  const after = input.ContinuationToken !== undefined ? decodeToken(input.ContinuationToken) : input.StartAfter || undefined;
  const page = listKeys(call.tx, bucket.Name, { prefix, delimiter: input.Delimiter || undefined, after, maxKeys });
  return {
    IsTruncated: page.truncated,
    Contents: contentsOf(page.contents, enc, input.FetchOwner === true),
    Name: bucket.Name,
    Prefix: enc(prefix),
    Delimiter: enc(input.Delimiter),
    MaxKeys: input.MaxKeys ?? DEFAULT_MAX_KEYS,
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
    EncodingType: input.EncodingType,
    KeyCount: page.contents.length + page.commonPrefixes.length,
    ContinuationToken: input.ContinuationToken,
    NextContinuationToken: page.truncated && page.last !== undefined ? encodeToken(page.last) : undefined,
    StartAfter: enc(input.StartAfter),
  };
}
