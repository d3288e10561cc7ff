// What PutObject, CopyObject and CreateMultipartUpload share: the condition keys a write puts in
// the request context, the ACL rule of BucketOwnerEnforced buckets, the stored object headers, ETags.
import { createHash } from 'node:crypto';
import type { ContextValue } from '../../policy/index.js';
import { accessControlListNotSupported, invalidArgument, invalidStorageClass } from './errors.js';
import type { BucketRecord, ObjectHeaders } from './records.js';

export interface WriteInput {
  ACL?: string;
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  StorageClass?: string;
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWriteACP?: string;
  CacheControl?: string;
  ContentDisposition?: string;
  ContentEncoding?: string;
  ContentLanguage?: string;
  ContentType?: string;
  Expires?: Date;
  WebsiteRedirectLocation?: string;
  Metadata?: Record<string, string>;
}

/**
 * S3 condition keys of a write (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html):
 * present only when the request sends the header, which is why a policy requiring
 * s3:x-amz-server-side-encryption refuses uploads that rely on the bucket default (S3 UG).
 */
export function writeContext(input: WriteInput): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = {};
  if (input.ACL !== undefined) ctx['s3:x-amz-acl'] = input.ACL;
  if (input.ServerSideEncryption !== undefined) ctx['s3:x-amz-server-side-encryption'] = input.ServerSideEncryption;
  if (input.SSEKMSKeyId !== undefined) ctx['s3:x-amz-server-side-encryption-aws-kms-key-id'] = input.SSEKMSKeyId;
  if (input.StorageClass !== undefined) ctx['s3:x-amz-storage-class'] = input.StorageClass;
  if (input.WebsiteRedirectLocation !== undefined) ctx['s3:x-amz-website-redirect-location'] = input.WebsiteRedirectLocation;
  return ctx;
}

const CANNED_ACLS = new Set(['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control']);
const STORAGE_CLASSES = new Set(['STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'GLACIER_IR']);

/**
 * ACLs on a write. With BucketOwnerEnforced (ACLs disabled) S3 accepts only writes without an ACL
 * or with bucket-owner-full-control, the ACL CloudTrail sends (S3 UG about-object-ownership;
 * `AccessControlListNotSupported: The bucket does not allow ACLs` [OBS]). With ACLs enabled the ACL
 * is accepted and, as trailkey evaluates policies only, grants nothing [INF].
 */
export function checkWriteAcl(bucket: BucketRecord, input: WriteInput): void {
  // [EMU LocalStack: InvalidArgument without a message]
  if (input.ACL !== undefined && !CANNED_ACLS.has(input.ACL)) throw invalidArgument('', 'x-amz-acl', input.ACL);
  if (bucket.ObjectOwnership !== 'BucketOwnerEnforced') return;
  const grants = input.GrantFullControl ?? input.GrantRead ?? input.GrantReadACP ?? input.GrantWriteACP;
  if ((input.ACL !== undefined && input.ACL !== 'bucket-owner-full-control') || grants !== undefined) throw accessControlListNotSupported();
}

export function checkStorageClass(storageClass: string | undefined): void {
  // [S3-ERR] InvalidStorageClass
  if (storageClass !== undefined && !STORAGE_CLASSES.has(storageClass)) throw invalidStorageClass(storageClass);
}

/** `aws-chunked` describes the upload's framing, not the object: S3 does not store it (sigv4-streaming.html). */
function storedEncoding(encoding: string | undefined): string | undefined {
  if (encoding === undefined) return undefined;
  const rest = encoding
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e.toLowerCase() !== 'aws-chunked');
  return rest.length ? rest.join(',') : undefined;
}

export function objectHeaders(input: WriteInput): ObjectHeaders {
  const h: ObjectHeaders = {};
  if (input.ContentType !== undefined) h.ContentType = input.ContentType;
  const encoding = storedEncoding(input.ContentEncoding);
  if (encoding !== undefined) h.ContentEncoding = encoding;
  if (input.ContentDisposition !== undefined) h.ContentDisposition = input.ContentDisposition;
  if (input.ContentLanguage !== undefined) h.ContentLanguage = input.ContentLanguage;
  if (input.CacheControl !== undefined) h.CacheControl = input.CacheControl;
  if (input.Expires !== undefined) h.Expires = input.Expires.toISOString();
  if (input.WebsiteRedirectLocation !== undefined) h.WebsiteRedirectLocation = input.WebsiteRedirectLocation;
  if (input.Metadata !== undefined) h.Metadata = input.Metadata;
  if (input.StorageClass !== undefined && input.StorageClass !== 'STANDARD') h.StorageClass = input.StorageClass;
  return h;
}

export const md5Hex = (data: Uint8Array) => createHash('md5').update(data).digest('hex');
export const quoted = (hex: string) => `"${hex}"`;

/**
 * A stored piece's ETag: the MD5 of the data for SSE-S3, not for SSE-KMS (§7.5): there it is the
 * MD5 of the ciphertext, which no one can compute from the data [INF: AWS's derivation is not public].
 */
export function pieceEtag(kms: boolean, plaintext: Uint8Array, blob: Uint8Array): string {
  return quoted(md5Hex(kms ? blob : plaintext));
}

/** The ETag of a multipart object: MD5 of the parts' binary MD5s, then `-<count>` (widely documented). */
export function multipartEtag(partEtags: readonly string[]): string {
  const digests = Buffer.concat(partEtags.map((e) => Buffer.from(e.replace(/"/g, ''), 'hex')));
  return quoted(`${md5Hex(digests)}-${partEtags.length}`);
}

/** Seconds precision: S3 keeps LastModified to the second (listings show `.000Z`). */
export const lastModified = (now: Date) => new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString();
