// Steps 6–12 of CreateTrail/UpdateTrail (aws-behavior.md §2.4): the key id's syntax, the bucket
// name and prefix, the bucket's existence, then the bucket policy, the key and the key policy —
// decided by createTrailOutcome, the same pure function `trailkey check` runs, so the emulator and
// the doctor agree on every input.
import type { Call } from '../../core/call.js';
import { createTrailOutcome, type TrailFacts } from '../../policy/cloudtrail/index.js';
import {
  insufficientEncryptionPolicy, insufficientS3BucketPolicy, invalidKmsKeyId, invalidS3BucketName, invalidS3Prefix, kms,
  kmsKeyNotFound, s3BucketDoesNotExist,
} from './errors.js';
import { validBucketName } from './names.js';
import type { Organization } from './trails.js';

/** What S3 tells CloudTrail about a bucket (Call.fact('s3', 'bucket')). */
export interface BucketFacts {
  Name: string;
  Region: string;
  Owner: string;
  Policy?: string;
  Encryption?: { BucketKeyEnabled?: boolean }[];
}

/** What KMS tells CloudTrail about a key (Call.fact('kms', 'key'); null when no such key). */
export interface KeyFacts {
  Arn: string;
  Region: string;
  AWSAccountId: string;
  KeySpec: string;
  KeyUsage: string;
  KeyState: string;
  MultiRegion: boolean;
  Policy: string;
}

// A key id, `mrk-` id, alias name, key ARN or alias ARN (KMS-MODEL KeyIdType; §2.4 step 6).
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32}|alias\/[a-zA-Z0-9:/_-]+)$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(?:key\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})|alias\/[a-zA-Z0-9:/_-]+)$/;

export interface Destination {
  trailArn: string;
  bucket: string;
  prefix?: string;
  kmsKeyId?: string;
  isOrganizationTrail: boolean;
  organization?: Organization;
  isMultiRegionTrail: boolean;
}

/** Runs the checks and returns the resolved key ARN (undefined without a key). */
export function checkDestination(call: Call, d: Destination): string | undefined {
  if (d.kmsKeyId !== undefined && !KEY_ID.test(d.kmsKeyId) && !KEY_ARN.test(d.kmsKeyId)) throw invalidKmsKeyId(d.kmsKeyId);
  if (!validBucketName(d.bucket)) throw invalidS3BucketName(d.bucket);
  // S3KeyPrefix is at most 200 characters (CT-MODEL CreateTrail doc).
  if (d.prefix !== undefined && (d.prefix.length > 200 || d.prefix.startsWith('/'))) throw invalidS3Prefix(d.prefix);
  const bucket = call.fact<BucketFacts | undefined>('s3', 'bucket', { Bucket: d.bucket });
  if (!bucket) throw s3BucketDoesNotExist(d.bucket);
  let key: KeyFacts | undefined;
  if (d.kmsKeyId !== undefined) {
    // Aliases and bare ids resolve in the trail's account and Region; other accounts need the ARN.
    key = call.fact<KeyFacts | null>('kms', 'key', { KeyId: d.kmsKeyId }) ?? undefined;
    if (!key) throw kmsKeyNotFound(d.kmsKeyId);
  }
  const facts: TrailFacts = {
    trailArn: d.trailArn,
    bucket: d.bucket,
    prefix: d.prefix || undefined,
    bucketAccount: bucket.Owner,
    bucketRegion: bucket.Region,
    bucketKeyEnabled: bucket.Encryption?.some((rule) => rule.BucketKeyEnabled === true) ?? false,
    isMultiRegionTrail: d.isMultiRegionTrail,
    isOrganizationTrail: d.isOrganizationTrail,
    organizationId: d.organization?.Id,
    managementAccount: d.organization?.MasterAccountId,
    memberAccounts: d.organization?.Members.filter((m) => m !== d.organization!.MasterAccountId),
    ...(key && {
      keyArn: key.Arn,
      keyRegion: key.Region,
      keySpec: key.KeySpec,
      keyUsage: key.KeyUsage,
      keyState: key.KeyState,
      multiRegion: key.MultiRegion,
      keyIdAsGiven: d.kmsKeyId,
    }),
  };
  const outcome = createTrailOutcome(facts, { keyPolicy: key?.Policy ?? null, bucketPolicy: bucket.Policy ?? null });
  if (!outcome.ok) {
    switch (outcome.error) {
      case 'InsufficientS3BucketPolicyException':
        throw insufficientS3BucketPolicy(d.bucket);
      case 'KmsKeyNotFoundException':
        throw kmsKeyNotFound(d.kmsKeyId ?? '');
      case 'KmsException':
        throw kms(`The KMS key ${key!.Arn} cannot encrypt CloudTrail logs: ${outcome.failed.cause}`);
      case 'InsufficientEncryptionPolicyException':
        throw insufficientEncryptionPolicy(d.bucket, key!.Arn);
    }
  }
  return key?.Arn;
}
