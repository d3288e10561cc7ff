// The documented key and bucket policies for one trail (aws-behavior.md §2.5, §3), parameterised by
// trail: what the tests here, and the emulator's CreateTrail tests, start from.
export const ACCOUNT = '111111111111';
export const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`;
export const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const BUCKET = 'trail-logs';

export function keyPolicy(trail = TRAIL, account = ACCOUNT) {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Allow CloudTrail to encrypt logs', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*', Resource: '*',
        Condition: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${account}:trail/*` },
          StringEquals: { 'aws:SourceArn': trail },
        },
      },
      {
        Sid: 'Allow CloudTrail to describe key', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': trail } },
      },
      {
        Sid: 'Enable CloudTrail log decrypt permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/log-reader` },
        Action: 'kms:Decrypt', Resource: '*', Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
      },
    ],
  };
}

export function bucketPolicy(bucket = BUCKET, folder = `AWSLogs/${ACCOUNT}`, trail = TRAIL) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}`, Condition: { StringEquals: { 'aws:SourceArn': trail } },
      },
      {
        Sid: 'AWSCloudTrailWrite20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/${folder}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail } },
      },
    ],
  };
}
