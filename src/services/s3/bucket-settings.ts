// Put/Get/DeleteBucketEncryption and Put/Get/DeletePublicAccessBlock.
// Default encryption (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html):
// since January 2023 every bucket has one, SSE-S3 unless configured otherwise, so
// GetBucketEncryption answers the SSE-S3 default where it once answered
// ServerSideEncryptionConfigurationNotFoundError, and DeleteBucketEncryption goes back to it.
import type { Call } from '../../core/call.js';
import { authorizeS3 } from './authorize.js';
import { bucketFor } from './bucket-lookup.js';
import { invalidArgument, malformedXml, noSuchPublicAccessBlock, notImplementedHeader } from './errors.js';
import { bucketArn } from './names.js';
import { T, type EncryptionRule, type PublicAccessBlock } from './records.js';

const SSE_S3_DEFAULT: EncryptionRule[] = [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }];

interface BucketInput {
  Bucket: string;
  ExpectedBucketOwner?: string;
}

export function putBucketEncryption(call: Call, input: BucketInput & { ServerSideEncryptionConfiguration?: { Rules?: EncryptionRule[] } }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:PutEncryptionConfiguration', bucketArn(bucket.Name));
  const rules = input.ServerSideEncryptionConfiguration?.Rules;
  // One rule with one default: anything else does not match S3's schema.
  if (!rules || rules.length !== 1 || !rules[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm) throw malformedXml();
  const { SSEAlgorithm, KMSMasterKeyID } = rules[0].ApplyServerSideEncryptionByDefault;
  if (SSEAlgorithm === 'aws:kms:dsse') throw notImplementedHeader('SSEAlgorithm');
  if (SSEAlgorithm !== 'AES256' && SSEAlgorithm !== 'aws:kms') throw malformedXml();
  // [OBS LocalStack's recorded text]
  if (KMSMasterKeyID !== undefined && SSEAlgorithm !== 'aws:kms') {
    throw invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 'ApplyServerSideEncryptionByDefault', 'null');
  }
  // The key is not checked here: S3 stores it as given and KMS answers at PutObject (§7.8).
  const rule: EncryptionRule = { ApplyServerSideEncryptionByDefault: { SSEAlgorithm, ...(KMSMasterKeyID !== undefined ? { KMSMasterKeyID } : {}) } };
  if (rules[0].BucketKeyEnabled !== undefined) rule.BucketKeyEnabled = rules[0].BucketKeyEnabled;
  call.tx.put(T.buckets, bucket.Name, { ...bucket, Encryption: [rule] });
  return {};
}

export function getBucketEncryption(call: Call, input: BucketInput) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:GetEncryptionConfiguration', bucketArn(bucket.Name));
  const rules = (bucket.Encryption ?? SSE_S3_DEFAULT).map((r) => ({ BucketKeyEnabled: false, ...r }));
  return { ServerSideEncryptionConfiguration: { Rules: rules } };
}

export function deleteBucketEncryption(call: Call, input: BucketInput) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  // DeleteBucketEncryption is authorized as s3:PutEncryptionConfiguration (API reference).
  authorizeS3(call, bucket, 's3:PutEncryptionConfiguration', bucketArn(bucket.Name));
  const { Encryption: _dropped, ...rest } = bucket;
  call.tx.put(T.buckets, bucket.Name, rest);
  return {};
}

export function putPublicAccessBlock(call: Call, input: BucketInput & { PublicAccessBlockConfiguration?: Partial<PublicAccessBlock> }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:PutBucketPublicAccessBlock', bucketArn(bucket.Name));
  const c = input.PublicAccessBlockConfiguration;
  if (!c) throw malformedXml();
  // Settings left out are false (API reference, PublicAccessBlockConfiguration).
  const block: PublicAccessBlock = {
    BlockPublicAcls: c.BlockPublicAcls === true,
    IgnorePublicAcls: c.IgnorePublicAcls === true,
    BlockPublicPolicy: c.BlockPublicPolicy === true,
    RestrictPublicBuckets: c.RestrictPublicBuckets === true,
  };
  call.tx.put(T.buckets, bucket.Name, { ...bucket, PublicAccessBlock: block });
  return {};
}

export function getPublicAccessBlock(call: Call, input: BucketInput) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:GetBucketPublicAccessBlock', bucketArn(bucket.Name));
  if (!bucket.PublicAccessBlock) throw noSuchPublicAccessBlock(bucket.Name);
  return { PublicAccessBlockConfiguration: bucket.PublicAccessBlock };
}

export function deletePublicAccessBlock(call: Call, input: BucketInput) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:PutBucketPublicAccessBlock', bucketArn(bucket.Name));
  const { PublicAccessBlock: _dropped, ...rest } = bucket;
  call.tx.put(T.buckets, bucket.Name, rest);
  return {};
}
