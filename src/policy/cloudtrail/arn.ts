// The ARNs CloudTrail's checks are built from. Trail ARNs carry the trail's home Region and owner
// account, which become the encryption context and `aws:SourceArn`/`aws:SourceAccount` of every
// request CloudTrail makes (aws-behavior.md §2.2, §2.5, §3).

export interface TrailArn {
  partition: string;
  region: string;
  account: string;
  name: string;
}

const TRAIL_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):trail\/([A-Za-z0-9._-]+)$/;
const EVENT_DATA_STORE_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):eventdatastore\/(.+)$/;
const KMS_ARN = /^arn:(aws[a-z-]*):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

/** `arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`, or null. */
export function parseTrailArn(arn: string): TrailArn | null {
  const m = TRAIL_ARN.exec(arn);
  return m ? { partition: m[1], region: m[2], account: m[3], name: m[4] } : null;
}

export function trailArn(parts: TrailArn): string {
  return `arn:${parts.partition}:cloudtrail:${parts.region}:${parts.account}:trail/${parts.name}`;
}

/** `arn:<partition>:cloudtrail:<region>:<account>:eventdatastore/<id>`, or null. */
export function parseEventDataStoreArn(arn: string): TrailArn | null {
  const m = EVENT_DATA_STORE_ARN.exec(arn);
  return m ? { partition: m[1], region: m[2], account: m[3], name: m[4] } : null;
}

export interface KmsArn {
  partition: string;
  region: string;
  account: string;
  /** `key` for a key ARN, `alias` for an alias ARN. */
  type: 'key' | 'alias';
  id: string;
}

/** A KMS key or alias ARN, or null for anything else (a bare key id or `alias/x`). */
export function parseKmsArn(arn: string): KmsArn | null {
  const m = KMS_ARN.exec(arn);
  return m ? { partition: m[1], region: m[2], account: m[3], type: m[4] as 'key' | 'alias', id: m[5] } : null;
}

/** S3 bucket ARNs carry neither Region nor account (https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html). */
export function bucketArn(bucket: string, partition = 'aws'): string {
  return `arn:${partition}:s3:::${bucket}`;
}
