// What CloudTrail needs of the key policy and the bucket policy, one entry per requirement, and the
// decisions the public sources leave open. The emulator's CreateTrail/UpdateTrail and the doctor both
// read this table, so they always agree on what fails a trail.

/**
 * When a failure bites:
 * - `create`: CreateTrail/UpdateTrail is refused (InsufficientS3BucketPolicyException or
 *   InsufficientEncryptionPolicyException, aws-behavior.md §2.4 steps 9 and 12);
 * - `delivery`: the trail is saved but some log files are never delivered (§2.6: "cannot deliver logs");
 * - `advisory`: documented as required or recommended, but nothing is known to fail without it.
 */
export type Stage = 'create' | 'delivery' | 'advisory';

/** Which policy a requirement is evaluated against. */
export type Target = 'key' | 'bucket';

export type RequirementId =
  | 'key.generate-data-key'
  | 'key.describe-key'
  | 'key.decrypt-bucket-key'
  | 'key.generate-data-key-delivery'
  | 'bucket.get-bucket-acl'
  | 'bucket.put-object'
  | 'bucket.put-object-delivery'
  | 'bucket.put-object-digest'
  | 'bucket.put-object-management-folder'
  | 'eds.generate-data-key'
  | 'eds.decrypt'
  | 'eds.caller-generate-data-key'
  | 'eds.caller-decrypt';

export interface Requirement {
  target: Target;
  /** What CloudTrail does, as a phrase for messages. */
  what: string;
  /** Where the requirement is documented. */
  source: string;
}

export const REQUIREMENTS: Readonly<Record<RequirementId, Requirement>> = {
  'key.generate-data-key': {
    target: 'key',
    what: "CloudTrail's `kms:GenerateDataKey` test with the trail's encryption context",
    source: 'aws-behavior.md §0 items 2-3, §2.5; https://docs.aws.amazon.com/kms/latest/developerguide/services-cloudtrail.html',
  },
  'key.describe-key': {
    target: 'key',
    what: "CloudTrail's `kms:DescribeKey` on the key",
    source: 'aws-behavior.md §0 item 4, §2.5; https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
  },
  'key.decrypt-bucket-key': {
    target: 'key',
    what: "CloudTrail's `kms:Decrypt` for the bucket's S3 Bucket Key",
    source: 'aws-behavior.md §2.5; https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html',
  },
  'key.generate-data-key-delivery': {
    target: 'key',
    what: "the `kms:GenerateDataKey` that encrypts each delivered log file",
    source: 'aws-behavior.md §0 item 8, §4.5, §10',
  },
  'bucket.get-bucket-acl': {
    target: 'bucket',
    what: "CloudTrail's `s3:GetBucketAcl` on the bucket",
    source: 'aws-behavior.md §0 item 5, §3; https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
  },
  'bucket.put-object': {
    target: 'bucket',
    what: "CloudTrail's `s3:PutObject` of log files into the trail's folder",
    source: 'aws-behavior.md §0 item 5, §3',
  },
  'bucket.put-object-delivery': {
    target: 'bucket',
    what: 'the `s3:PutObject` of log files from other accounts or Regions of the trail',
    source: 'aws-behavior.md §3, §4.1',
  },
  'bucket.put-object-digest': {
    target: 'bucket',
    what: 'the `s3:PutObject` of digest files',
    source: 'aws-behavior.md §0 item 14, §5.1',
  },
  'bucket.put-object-management-folder': {
    target: 'bucket',
    what: "the `s3:PutObject` into `AWSLogs/<management account>/`, kept for organization trails",
    source: 'aws-behavior.md §3 ("Keep the AWSLogs/<mgmt-acct>/* statement too")',
  },
  'eds.generate-data-key': {
    target: 'key',
    what: "CloudTrail Lake's `kms:GenerateDataKey` for the event data store",
    source: 'aws-behavior.md §2.8; https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html',
  },
  'eds.decrypt': {
    target: 'key',
    what: "CloudTrail Lake's `kms:Decrypt` for the event data store",
    source: 'aws-behavior.md §2.8',
  },
  'eds.caller-generate-data-key': {
    target: 'key',
    what: 'the `kms:GenerateDataKey` of the principal that creates the event data store',
    source: 'aws-behavior.md §2.8 ("the calling user also needs kms:GenerateDataKey + kms:Decrypt")',
  },
  'eds.caller-decrypt': {
    target: 'key',
    what: 'the `kms:Decrypt` of the principal that creates or queries the event data store',
    source: 'aws-behavior.md §2.8',
  },
};

/**
 * Decision: does a key policy without `kms:DescribeKey` for cloudtrail.amazonaws.com fail
 * CreateTrail/UpdateTrail when the bucket has NO S3 Bucket Key? The emulator refuses the trail
 * exactly when this says so; the doctor reports the gap as a warning either way.
 *
 * No. The sources (aws-behavior.md §0.1 item 3, "not public"):
 * - [DOC] the CloudTrail guide calls the "describe key" statement required, but states the failure
 *   ("you cannot create or update a trail") only for buckets with an S3 Bucket Key (§2.5);
 * - [DOC] the KMS guide describes the configuration-time test as one `GenerateDataKey` call (§0 item 2);
 * - [DOC] the older encrypt-permission page (seed 002) names `kms:GenerateDataKey*` as the one
 *   required statement.
 * [INF] So without a Bucket Key the test is GenerateDataKey alone; with one, DescribeKey and Decrypt
 * are part of it. Refusing a trail that AWS accepts would be worse for an emulator than accepting a
 * key policy that AWS also accepts, and the doctor still flags the missing statement.
 */
export const DESCRIBE_KEY_REQUIRED_WITHOUT_BUCKET_KEY = false;

/** The stage of the DescribeKey requirement for a trail (see the decision above). */
export function describeKeyStage(bucketKeyEnabled: boolean | undefined): Stage {
  return bucketKeyEnabled || DESCRIBE_KEY_REQUIRED_WITHOUT_BUCKET_KEY ? 'create' : 'advisory';
}

/** The service principal CloudTrail calls as (aws-behavior.md §10; policy-semantics.md §4.9). */
export const CLOUDTRAIL_SERVICE = 'cloudtrail.amazonaws.com';
