// Shared by the delivery tests: the seed documents' key and bucket policies, a logging trail that
// encrypts with the key, and reading every delivered log file back as a reader would.
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { clientConfig, type Credentials } from './harness.js';

export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const root: Credentials = { accessKeyId: ACCOUNT, secretAccessKey: 'x' };
export const reader: Credentials = { accessKeyId: 'AKIADELIVERYREADER01', secretAccessKey: 'reader-secret-0001' };
export const outsider: Credentials = { accessKeyId: 'AKIADELIVERYOUTSIDE1', secretAccessKey: 'outsider-secret-01' };
const readPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }] };

export const trailArn = (name: string, account = ACCOUNT, region = REGION) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

/** The reader may read the logs and decrypt them (seed key policy); the outsider may read S3 only. */
export const readers = [
  { account: ACCOUNT, name: 'reader', accessKeys: [{ id: reader.accessKeyId, secret: reader.secretAccessKey }], policies: { read: readPolicy } },
  { account: ACCOUNT, name: 'outsider', accessKeys: [{ id: outsider.accessKeyId, secret: outsider.secretAccessKey }], policies: { read: readPolicy } },
];

/** The seed documents' key policy for one trail: CloudTrail encrypts, `reader` decrypts (Null condition). */
export const keyPolicy = (keyArn: string, trail: string) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'Allow CloudTrail to encrypt logs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: keyArn,
      Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': [`arn:aws:cloudtrail:*:${ACCOUNT}:trail/*`] }, StringEquals: { 'aws:SourceArn': trail } },
    },
    {
      Sid: 'Enable CloudTrail log decrypt permissions',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/reader` },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
    },
    { Sid: 'Allow CloudTrail access', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: keyArn, Condition: { StringEquals: { 'aws:SourceArn': trail } } },
  ],
});

/** The documented bucket policy for one trail; `folders` are the `AWSLogs/…` folders it may write. */
export const bucketPolicy = (bucket: string, trail: string, folders = [`AWSLogs/${ACCOUNT}`]) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AWSCloudTrailAclCheck20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}`, Condition: { StringEquals: { 'aws:SourceArn': trail } } },
    {
      Sid: 'AWSCloudTrailWrite20150319',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: folders.map((f) => `arn:aws:s3:::${bucket}/${f}/*`),
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail } },
    },
  ],
});

export interface Trail {
  keyArn: string;
  keyId: string;
  trailArn: string;
}

/** A key and a bucket with the seed policies, and a logging trail `name` that encrypts with the key. */
export async function loggingTrail(url: string, name: string, bucket: string): Promise<Trail> {
  const kms = new KMSClient(clientConfig(url, root));
  const s3 = new S3Client({ ...clientConfig(url, root), forcePathStyle: true });
  const ct = new CloudTrailClient(clientConfig(url, root));
  const arn = trailArn(name);
  const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({ Description: `logs of ${name}` }));
  await kms.send(new PutKeyPolicyCommand({ KeyId: key!.KeyId, Policy: JSON.stringify(keyPolicy(key!.Arn!, arn)) }));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(bucketPolicy(bucket, arn)) }));
  await ct.send(new CreateTrailCommand({ Name: name, S3BucketName: bucket, KmsKeyId: key!.Arn }));
  await ct.send(new StartLoggingCommand({ Name: name }));
  return { keyArn: key!.Arn!, keyId: key!.KeyId!, trailArn: arn };
}

export interface LogRecord {
  eventVersion: string;
  userIdentity: Record<string, unknown> & { type: string; arn?: string; invokedBy?: string };
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  resources?: { ARN?: string; ARNPrefix?: string; accountId?: string; type: string }[];
  eventType: string;
  managementEvent: boolean;
  recipientAccountId: string;
  sharedEventID?: string;
  eventCategory: string;
}

export interface LogFile {
  key: string;
  records: LogRecord[];
}

/** Every log file under `prefix`, read (and so decrypted) as `who`, gunzipped and parsed. */
export async function readLogFiles(url: string, who: Credentials, bucket: string, prefix = 'AWSLogs/', region = REGION): Promise<LogFile[]> {
  const s3 = new S3Client({ ...clientConfig(url, who, region), forcePathStyle: true });
  const files: LogFile[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const { Key } of page.Contents ?? []) {
      if (!Key!.endsWith('.json.gz') || Key!.includes('/CloudTrail-Digest/')) continue;
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key }));
      const body = gunzipSync(Buffer.from(await got.Body!.transformToByteArray()));
      files.push({ key: Key!, records: (JSON.parse(body.toString('utf8')) as { Records: LogRecord[] }).Records });
    }
    token = page.NextContinuationToken;
  } while (token);
  s3.destroy();
  return files;
}

export const allRecords = (files: LogFile[]) => files.flatMap((f) => f.records);
