// What S3 keeps in the store. Metadata lives in tables; object bodies live in the blob store by the
// SHA-256 of their ciphertext, never under a path made from the bucket or key. Every blob belongs to
// exactly one record (a part of one object, or of one multipart upload): bodies are encrypted with a
// fresh data key and IV each time, so two records never name the same blob, and a blob can be
// deleted once the commit that dropped its record is done.
import type { Tx } from '../../store/index.js';

export const T = {
  /** Bucket name → BucketRecord (names are global across accounts, as in S3). */
  buckets: 's3.buckets',
  /** `<bucket>/<key>` → ObjectRecord; bucket names have no `/`, so a prefix scan lists one bucket in key order. */
  objects: 's3.objects',
  /** `<bucket>/<key>\n<uploadId>` → UploadRecord. */
  uploads: 's3.uploads',
  /** `<uploadId>/<part number, 5 digits>` → PartRecord. */
  parts: 's3.parts',
  /** `<bucket>\n<key id as requested>\n<context>` → BucketKeyRecord (S3 Bucket Keys). */
  bucketKeys: 's3.bucketKeys',
  /** `sse-s3` → the server's SSE-S3 master key. */
  master: 's3.master',
} as const;

export interface PublicAccessBlock {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface EncryptionRule {
  ApplyServerSideEncryptionByDefault?: { SSEAlgorithm: string; KMSMasterKeyID?: string };
  BucketKeyEnabled?: boolean;
}

export interface BucketRecord {
  Name: string;
  /** The account that created the bucket: its owner. */
  Owner: string;
  Region: string;
  CreationDate: string;
  ObjectOwnership: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';
  Policy?: string;
  /** The default encryption as configured; absent means S3's default, SSE-S3. */
  Encryption?: EncryptionRule[];
  /** Absent after DeletePublicAccessBlock; new buckets get all four settings on. */
  PublicAccessBlock?: PublicAccessBlock;
}

/** How an object's data key is kept: only ever in wrapped form. */
export interface SealedKey {
  algorithm: 'AES256' | 'aws:kms';
  /** SSE-S3: the data key under the server's master key. SSE-KMS: KMS's CiphertextBlob (of the bucket key, with a Bucket Key). */
  wrapped: Buffer;
  /** SSE-KMS: the full key ARN and the encryption context KMS bound the data key to. */
  keyArn?: string;
  context?: Record<string, string>;
  /** SSE-KMS with an S3 Bucket Key: the object key is derived from the bucket key with this salt. */
  bucketKey?: boolean;
  salt?: Buffer;
}

/** One stored piece of an object: a multipart part, or the whole body of a PutObject. */
export interface StoredPart {
  PartNumber: number;
  /** Plaintext size. */
  Size: number;
  /** SHA-256 of the encrypted blob. */
  blob: string;
  ETag: string;
  Checksum?: Checksum;
}

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256';

export interface Checksum {
  algorithm: ChecksumAlgorithm;
  /** Base64; `…-<parts>` for the composite checksum of a multipart object. */
  value: string;
}

export interface ObjectRecord {
  Key: string;
  Size: number;
  /** Quoted, as S3 sends it. */
  ETag: string;
  LastModified: string;
  Owner: string;
  ContentType?: string;
  ContentEncoding?: string;
  ContentDisposition?: string;
  ContentLanguage?: string;
  CacheControl?: string;
  Expires?: string;
  WebsiteRedirectLocation?: string;
  Metadata?: Record<string, string>;
  StorageClass?: string;
  Checksum?: Checksum;
  sse: SealedKey;
  parts: StoredPart[];
  /** Set for objects made by CompleteMultipartUpload: GetObject's PartsCount. */
  multipart?: boolean;
}

/** What CreateMultipartUpload fixes for the object it will become. */
export type ObjectHeaders = Pick<
  ObjectRecord,
  'ContentType' | 'ContentEncoding' | 'ContentDisposition' | 'ContentLanguage' | 'CacheControl' | 'Expires' | 'WebsiteRedirectLocation' | 'Metadata' | 'StorageClass'
>;

export interface UploadRecord {
  UploadId: string;
  Bucket: string;
  Key: string;
  Initiated: string;
  /** The ARN of whoever started it (S3's Initiator). */
  Initiator: string;
  InitiatorAccount: string;
  headers: ObjectHeaders;
  ChecksumAlgorithm?: ChecksumAlgorithm;
  sse: SealedKey;
}

export interface PartRecord extends StoredPart {
  LastModified: string;
}

export interface BucketKeyRecord {
  keyArn: string;
  wrapped: Buffer;
  context: Record<string, string>;
  created: string;
}

export const objectKey = (bucket: string, key: string) => `${bucket}/${key}`;
export const uploadKey = (bucket: string, key: string, uploadId: string) => `${bucket}/${key}\n${uploadId}`;
export const partKey = (uploadId: string, partNumber: number) => `${uploadId}/${String(partNumber).padStart(5, '0')}`;

export function getBucket(tx: Tx, name: string): BucketRecord | undefined {
  return tx.get<BucketRecord>(T.buckets, name);
}

export function getObject(tx: Tx, bucket: string, key: string): ObjectRecord | undefined {
  return tx.get<ObjectRecord>(T.objects, objectKey(bucket, key));
}

/** The blobs a record holds: what to delete after the commit that dropped it. */
export const blobsOf = (record: { parts: StoredPart[] } | undefined): string[] => record?.parts.map((p) => p.blob) ?? [];
