// S3 actions and the resource type each one is authorized against, for the bucket-policy check
// "Action does not apply to any resource(s) in statement" (policy-semantics.md §4.10).
// Source: Service Authorization Reference, Amazon S3, "Actions defined by Amazon S3" (Resource
// types column): https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
//
// `none` = the action is authorized against something a bucket policy cannot name (the account,
// access points, batch jobs, Storage Lens), so it applies to no resource of a bucket policy.
// The list is not complete (AWS adds actions); a name missing here is only a warning.

export type S3ResourceType = 'bucket' | 'object' | 'none';

const OBJECT = [
  'AbortMultipartUpload', 'BypassGovernanceRetention', 'DeleteObject', 'DeleteObjectTagging',
  'DeleteObjectVersion', 'DeleteObjectVersionTagging', 'GetObject', 'GetObjectAcl',
  'GetObjectAttributes', 'GetObjectLegalHold', 'GetObjectRetention', 'GetObjectTagging',
  'GetObjectTorrent', 'GetObjectVersion', 'GetObjectVersionAcl', 'GetObjectVersionAttributes',
  'GetObjectVersionForReplication', 'GetObjectVersionTagging', 'GetObjectVersionTorrent',
  'InitiateReplication', 'ListMultipartUploadParts', 'ObjectOwnerOverrideToBucketOwner', 'PutObject',
  'PutObjectAcl', 'PutObjectLegalHold', 'PutObjectRetention', 'PutObjectTagging',
  'PutObjectVersionAcl', 'PutObjectVersionTagging', 'ReplicateDelete', 'ReplicateObject',
  'ReplicateTags', 'RestoreObject',
];

const BUCKET = [
  'CreateBucket', 'DeleteBucket', 'DeleteBucketOwnershipControls', 'DeleteBucketPolicy',
  'DeleteBucketWebsite', 'GetAccelerateConfiguration', 'GetAnalyticsConfiguration', 'GetBucketAcl',
  'GetBucketCORS', 'GetBucketLocation', 'GetBucketLogging', 'GetBucketNotification',
  'GetBucketObjectLockConfiguration', 'GetBucketOwnershipControls', 'GetBucketPolicy',
  'GetBucketPolicyStatus', 'GetBucketPublicAccessBlock', 'GetBucketRequestPayment',
  'GetBucketTagging', 'GetBucketVersioning', 'GetBucketWebsite', 'GetEncryptionConfiguration',
  'GetIntelligentTieringConfiguration', 'GetInventoryConfiguration', 'GetLifecycleConfiguration',
  'GetMetricsConfiguration', 'GetReplicationConfiguration', 'ListBucket',
  'ListBucketMultipartUploads', 'ListBucketVersions', 'PutAccelerateConfiguration',
  'PutAnalyticsConfiguration', 'PutBucketAcl', 'PutBucketCORS', 'PutBucketLogging',
  'PutBucketNotification', 'PutBucketObjectLockConfiguration', 'PutBucketOwnershipControls',
  'PutBucketPolicy', 'PutBucketPublicAccessBlock', 'PutBucketRequestPayment', 'PutBucketTagging',
  'PutBucketVersioning', 'PutBucketWebsite', 'PutEncryptionConfiguration',
  'PutIntelligentTieringConfiguration', 'PutInventoryConfiguration', 'PutLifecycleConfiguration',
  'PutMetricsConfiguration', 'PutReplicationConfiguration',
];

const NONE = [
  'CreateAccessPoint', 'CreateJob', 'DeleteAccessPoint', 'GetAccessPoint',
  'GetAccountPublicAccessBlock', 'ListAccessPoints', 'ListAllMyBuckets', 'ListJobs',
  'PutAccountPublicAccessBlock', 'PutStorageLensConfiguration', 'GetStorageLensConfiguration',
];

/** Lower-cased `s3:name` → resource type (action names are case-insensitive, §4.3). */
export const S3_ACTIONS: ReadonlyMap<string, S3ResourceType> = new Map<string, S3ResourceType>([
  ...OBJECT.map((a) => [`s3:${a.toLowerCase()}`, 'object'] as const),
  ...BUCKET.map((a) => [`s3:${a.toLowerCase()}`, 'bucket'] as const),
  ...NONE.map((a) => [`s3:${a.toLowerCase()}`, 'none'] as const),
]);

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

/** The resource types of every known S3 action `pattern` (with `*`/`?`) matches; empty if none. */
export function s3ActionTypes(pattern: string): Set<S3ResourceType> {
  const re = globToRegExp(pattern);
  const types = new Set<S3ResourceType>();
  for (const [name, type] of S3_ACTIONS) if (re.test(name)) types.add(type);
  return types;
}
