// Steps 6–12 of CreateTrail/UpdateTrail (aws-behavior.md §2.4): the key id's syntax, the bucket
// name and prefix, the bucket's existence, then the bucket policy, the key and the key policy —
// decided by createTrailOutcome, the same pure function `trailkey check` runs, so the emulator and
// the doctor agree on every input.
import type { Call } from '../../core/call.js';
import { createTrailOutcome, parseKmsArn, type TrailFacts } from '../../policy/cloudtrail/index.js';
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

/**
 * The key a `KmsKeyId` names. Aliases and bare ids resolve in the trail's account and Region (the
 * Region the request was sent to, as any KMS key id does); other accounts' keys need an ARN. A key
 * ARN or alias ARN is looked up in the Region it names: the key must be in the bucket's Region, which
 * need not be the trail's (aws-behavior.md §0 item 6), so `arn:aws:kms:eu-west-1:…` from a trail in
 * us-east-1 is a valid key for a bucket in eu-west-1. KMS's key fact resolves in the Call's Region,
 * so it is asked through a view of this Call in the ARN's Region.
 */
function lookUpKey(call: Call, kmsKeyId: string): KeyFacts | undefined {
  const region = parseKmsArn(kmsKeyId)?.region ?? call.region;
  return call.inRegion(region).fact<KeyFacts | null>('kms', 'key', { KeyId: kmsKeyId }) ?? undefined;
}

const STATE_TEXT: Readonly<Record<string, string>> = {
  Disabled: 'disabled',
  PendingDeletion: 'pending deletion',
  PendingReplicaDeletion: 'pending replica deletion',
  PendingImport: 'pending import',
  Unavailable: 'unavailable',
  Creating: 'creating',
};

/**
 * The KmsException text for a key CloudTrail cannot use. AWS's text is not public (§0.1 items 4-5).
 * Decision [INF]: CloudTrail's configuration-time GenerateDataKey meets the key's state or spec first,
 * so the message is KMS's own text for that failure (§0 item 11, §6.5): `<key ARN> is disabled.`,
 * `<key ARN> is pending deletion.`, `<key ARN> key spec is RSA_2048 which is not valid for GenerateDataKey.`
 */
function kmsProblem(key: KeyFacts): string {
  if (key.KeyUsage !== 'ENCRYPT_DECRYPT') return `${key.Arn} key usage is ${key.KeyUsage} which is not valid for GenerateDataKey.`;
  if (key.KeySpec !== 'SYMMETRIC_DEFAULT') return `${key.Arn} key spec is ${key.KeySpec} which is not valid for GenerateDataKey.`;
  return `${key.Arn} is ${STATE_TEXT[key.KeyState] ?? key.KeyState}.`;
}

/** Runs the checks and returns the resolved key ARN (undefined without a key). */
export function checkDestination(call: Call, d: Destination): string | undefined {
  if (d.kmsKeyId !== undefined && !KEY_ID.test(d.kmsKeyId) && !KEY_ARN.test(d.kmsKeyId)) throw invalidKmsKeyId(d.kmsKeyId);
  if (!validBucketName(d.bucket)) throw invalidS3BucketName(d.bucket);
  // S3KeyPrefix is at most 200 characters (CT-MODEL CreateTrail doc).
  if (d.prefix !== undefined && (d.prefix.length > 200 || d.prefix.startsWith('/'))) throw invalidS3Prefix(d.prefix);
  const bucket = call.fact<BucketFacts | undefined>('s3', 'bucket', { Bucket: d.bucket });
  if (!bucket) throw s3BucketDoesNotExist(d.bucket);
  const key = d.kmsKeyId === undefined ? undefined : lookUpKey(call, d.kmsKeyId);
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
  // A key that does not exist is step 10, after the bucket policy (step 9): the bucket is judged
  // without the key's SSE-KMS headers, which CloudTrail could not name.
  if (d.kmsKeyId !== undefined && !key) {
    if (!createTrailOutcome(facts, { keyPolicy: null, bucketPolicy: bucket.Policy ?? null }).ok) throw insufficientS3BucketPolicy(d.bucket);
    throw kmsKeyNotFound(d.kmsKeyId);
  }
  const outcome = createTrailOutcome(facts, { keyPolicy: key?.Policy ?? null, bucketPolicy: bucket.Policy ?? null });
  if (!outcome.ok) {
    switch (outcome.error) {
      case 'InsufficientS3BucketPolicyException':
        throw insufficientS3BucketPolicy(d.bucket);
      case 'KmsKeyNotFoundException':
        throw kmsKeyNotFound(d.kmsKeyId ?? '');
      case 'KmsException':
        throw kms(kmsProblem(key!));
      case 'InsufficientEncryptionPolicyException':
        throw insufficientEncryptionPolicy(d.bucket, key!.Arn);
    }
  }
  return key?.Arn;
}
