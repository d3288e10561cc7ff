// Server-side encryption per aws-behavior.md §7: which encryption a new object gets (request
// headers, else the bucket default, else SSE-S3), its data key, and opening that key again on reads.
// SSE-KMS calls the emulator's KMS through the operation table AS THE CALLER, so the key policy
// (and the caller's IAM policies) decide, exactly as for a direct KMS call; KMS failures surface as
// S3 reports them (errors.ts fromKms).
import type { Call } from '../../core/call.js';
import { DATA_KEY_BYTES, deriveObjectKey, unwrapKey, wrapKey } from './envelope.js';
import { fromKms, invalidArgument, notImplementedHeader } from './errors.js';
import { bucketArn, objectArn } from './names.js';
import { T, type BucketKeyRecord, type BucketRecord, type SealedKey } from './records.js';

export interface SseInput {
  ServerSideEncryption?: string;
  SSEKMSKeyId?: string;
  SSEKMSEncryptionContext?: string;
  BucketKeyEnabled?: boolean;
  SSECustomerAlgorithm?: string;
}

export interface SseSpec {
  algorithm: 'AES256' | 'aws:kms';
  keyId?: string;
  /** The context the client sent (x-amz-server-side-encryption-context), decoded. */
  context?: Record<string, string>;
  bucketKey: boolean;
}

/** The AWS managed key S3 uses when SSE-KMS names no key [§7.2]. */
export const AWS_MANAGED_S3_KEY = 'alias/aws/s3';

const CONTEXT_TEXT =
  "The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map"; // [OBS LocalStack's recorded text]

function decodeContext(header: string): Record<string, string> {
  let value: unknown;
  try {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(header)) throw new Error('not base64');
    value = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
  } catch {
    throw invalidArgument(CONTEXT_TEXT, 'x-amz-server-side-encryption-context', header);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw invalidArgument(CONTEXT_TEXT, 'x-amz-server-side-encryption-context', header);
  }
  return value as Record<string, string>;
}

/** The encryption a new object gets, from its request and the bucket's default encryption (§7.2, §7.7). */
export function sseSpec(bucket: BucketRecord, input: SseInput): SseSpec {
  if (input.SSECustomerAlgorithm !== undefined) throw notImplementedHeader('x-amz-server-side-encryption-customer-algorithm');
  const requested = input.ServerSideEncryption;
  if (requested !== undefined && requested !== 'AES256' && requested !== 'aws:kms') {
    if (requested === 'aws:kms:dsse') throw notImplementedHeader('x-amz-server-side-encryption');
    throw invalidArgument('The encryption method specified is not supported', 'x-amz-server-side-encryption', requested);
  }
  const rule = bucket.Encryption?.[0];
  const defaultKms = rule?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm === 'aws:kms';
  const kms = requested === 'aws:kms' || (requested === undefined && defaultKms);
  if (!kms) {
    // S3's texts for KMS parameters without aws:kms [OBS]; the context variant follows it [INF].
    if (input.SSEKMSKeyId !== undefined) {
      throw invalidArgument(
        'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id',
        input.SSEKMSKeyId,
      );
    }
    if (input.SSEKMSEncryptionContext !== undefined) {
      throw invalidArgument(
        'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
        'x-amz-server-side-encryption-context',
        input.SSEKMSEncryptionContext,
      );
    }
    return { algorithm: 'AES256', bucketKey: false };
  }
  // The request's key, else (with aws:kms requested or defaulted) the bucket's, else aws/s3.
  const keyId = input.SSEKMSKeyId ?? (defaultKms ? rule?.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID : undefined) ?? AWS_MANAGED_S3_KEY;
  // Without the header, an object takes the bucket's Bucket Key setting (bucket-key.md).
  const bucketKey = input.BucketKeyEnabled ?? (defaultKms && rule?.BucketKeyEnabled === true);
  const context = input.SSEKMSEncryptionContext !== undefined ? decodeContext(input.SSEKMSEncryptionContext) : undefined;
  return { algorithm: 'aws:kms', keyId, context, bucketKey };
}

interface GenerateDataKeyOutput {
  CiphertextBlob: Buffer;
  Plaintext: Buffer;
  KeyId: string;
}

interface DecryptOutput {
  Plaintext: Buffer;
  KeyId: string;
}

/**
 * Calls KMS as the caller. kms:ViaService names S3 in the bucket's Region, as AWS sets it for
 * requests S3 makes on a principal's behalf (KMSDG conditions-kms.md), so `aws/s3`-style policies work.
 */
function kms<O>(call: Call, bucket: BucketRecord, operation: string, input: object): O {
  try {
    return call.call<O>(`kms:${operation}`, input, call.identity, { 'kms:ViaService': `s3.${bucket.Region}.amazonaws.com` });
  } catch (e) {
    throw fromKms(e);
  }
}

/** The server's SSE-S3 master key, created on first use (kept in the store; objects never are in the clear). */
function masterKey(call: Call): Buffer {
  const existing = call.tx.get<{ key: Buffer }>(T.master, 'sse-s3');
  if (existing) return existing.key;
  const key = call.ids.bytes(DATA_KEY_BYTES);
  call.tx.put(T.master, 'sse-s3', { key });
  return key;
}

/**
 * The encryption context of an SSE-KMS object [§7.3, §10]: the client's pairs plus `aws:s3:arn`,
 * the object ARN, or the bucket ARN with a Bucket Key. A client-supplied `aws:s3:arn` must be that
 * value [INF: the text is ours].
 */
function kmsContext(spec: SseSpec, bucket: string, key: string): Record<string, string> {
  const arn = spec.bucketKey ? bucketArn(bucket) : objectArn(bucket, key);
  const given = spec.context?.['aws:s3:arn'];
  if (given !== undefined && given !== arn) {
    throw invalidArgument(`The value of aws:s3:arn in the encryption context must be ${arn}`, 'x-amz-server-side-encryption-context', given);
  }
  return { ...spec.context, 'aws:s3:arn': arn };
}

/**
 * The bucket key for this bucket, KMS key and context: a cached one, else a new one from
 * GenerateDataKey as the caller. Either way the caller then opens it with kms:Decrypt, which is why
 * uploads to a bucket with Bucket Keys need kms:Decrypt besides kms:GenerateDataKey (§7.11; CTUG:
 * CloudTrail needs Decrypt on buckets with a Bucket Key).
 */
function bucketKeyFor(call: Call, bucket: BucketRecord, spec: SseSpec, context: Record<string, string>): { keyArn: string; wrapped: Buffer; plaintext: Buffer } {
  const cacheKey = `${bucket.Name}\n${spec.keyId}\n${JSON.stringify(Object.entries(context).sort())}`;
  let cached = call.tx.get<BucketKeyRecord>(T.bucketKeys, cacheKey);
  if (!cached || call.now.getTime() - Date.parse(cached.created) > BUCKET_KEY_LIFETIME_MS) {
    const out = kms<GenerateDataKeyOutput>(call, bucket, 'GenerateDataKey', { KeyId: spec.keyId, KeySpec: 'AES_256', EncryptionContext: context });
    cached = { keyArn: out.KeyId, wrapped: out.CiphertextBlob, context, created: call.now.toISOString() };
    call.tx.put(T.bucketKeys, cacheKey, cached);
  }
  const opened = kms<DecryptOutput>(call, bucket, 'Decrypt', { CiphertextBlob: cached.wrapped, EncryptionContext: context });
  return { keyArn: opened.KeyId, wrapped: cached.wrapped, plaintext: opened.Plaintext };
}

/** How long S3 reuses a bucket key: "time-limited" (bucket-key.md); the period is ours [INF]. */
export const BUCKET_KEY_LIFETIME_MS = 60 * 60 * 1000;

/** A fresh data key for object `key`: its plaintext (for this request only) and its sealed form (stored). */
export function newDataKey(call: Call, bucket: BucketRecord, key: string, spec: SseSpec): { plaintext: Buffer; sealed: SealedKey } {
  if (spec.algorithm === 'AES256') {
    const plaintext = call.ids.bytes(DATA_KEY_BYTES);
    return { plaintext, sealed: { algorithm: 'AES256', wrapped: wrapKey(masterKey(call), plaintext, call.ids.bytes(12)) } };
  }
  const context = kmsContext(spec, bucket.Name, key);
  if (spec.bucketKey) {
    const bk = bucketKeyFor(call, bucket, spec, context);
    const salt = call.ids.bytes(16);
    return {
      plaintext: deriveObjectKey(bk.plaintext, salt),
      sealed: { algorithm: 'aws:kms', wrapped: bk.wrapped, keyArn: bk.keyArn, context, bucketKey: true, salt },
    };
  }
  const out = kms<GenerateDataKeyOutput>(call, bucket, 'GenerateDataKey', { KeyId: spec.keyId, KeySpec: 'AES_256', EncryptionContext: context });
  return { plaintext: out.Plaintext, sealed: { algorithm: 'aws:kms', wrapped: out.CiphertextBlob, keyArn: out.KeyId, context } };
}

/** The data key of a stored object or upload, opened as the caller (kms:Decrypt for SSE-KMS, §7.9). */
export function openDataKey(call: Call, bucket: BucketRecord, sealed: SealedKey): Buffer {
  if (sealed.algorithm === 'AES256') return unwrapKey(masterKey(call), sealed.wrapped);
  const out = kms<DecryptOutput>(call, bucket, 'Decrypt', { CiphertextBlob: sealed.wrapped, EncryptionContext: sealed.context ?? {} });
  return sealed.bucketKey ? deriveObjectKey(out.Plaintext, sealed.salt!) : out.Plaintext;
}

/** The SSE response headers of an object [§7.4]: the full key ARN, Bucket Key only when in use. */
export function sseOutput(sealed: SealedKey, withContext = false): Record<string, unknown> {
  if (sealed.algorithm === 'AES256') return { ServerSideEncryption: 'AES256' };
  return {
    ServerSideEncryption: 'aws:kms',
    SSEKMSKeyId: sealed.keyArn,
    ...(sealed.bucketKey ? { BucketKeyEnabled: true } : {}),
    ...(withContext ? { SSEKMSEncryptionContext: Buffer.from(JSON.stringify(sealed.context ?? {})).toString('base64') } : {}),
  };
}
