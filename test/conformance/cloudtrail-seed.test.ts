// The seed documents' scenario end to end, through the SDK: a key with the documented statements,
// a bucket with the documented policy, a trail that encrypts with the key; delivered log files are
// gzip JSON under SSE-KMS that the allowed reader can read and another reader cannot.
import { CloudTrailClient, CreateTrailCommand, GetTrailStatusCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateAliasCommand, CreateKeyCommand, KMSClient, ListKeysCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { bucketPolicy, keyPolicy } from './delivery-support.js';
import { clientConfig, startServer, type Credentials } from './harness.js';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const TRAIL = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/main`;
const BUCKET = 'trail-logs-111111111111';
const root: Credentials = { accessKeyId: ACCOUNT, secretAccessKey: 'x' };
const reader: Credentials = { accessKeyId: 'AKIAREADER0000000001', secretAccessKey: 'reader-secret-0001' };
const outsider: Credentials = { accessKeyId: 'AKIAOUTSIDER00000001', secretAccessKey: 'outsider-secret-01' };
const readPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }] };

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    deliveryIntervalMs: 0,
    config: {
      users: [
        { account: ACCOUNT, name: 'reader', accessKeys: [{ id: reader.accessKeyId, secret: reader.secretAccessKey }], policies: { read: readPolicy } },
        { account: ACCOUNT, name: 'outsider', accessKeys: [{ id: outsider.accessKeyId, secret: outsider.secretAccessKey }], policies: { read: readPolicy } },
      ],
    },
  });
});
afterAll(() => server.close());

describe('the seed scenario', () => {
  it('creates the trail, delivers encrypted logs, and lets only the allowed reader decrypt them', async () => {
    const kms = new KMSClient(clientConfig(server.url, root));
    const s3 = new S3Client({ ...clientConfig(server.url, root), forcePathStyle: true });
    const ct = new CloudTrailClient(clientConfig(server.url, root));
    // The documented statements name the key by its ARN, so the policy is put once the key exists.
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
    await kms.send(new PutKeyPolicyCommand({ KeyId: key!.KeyId, Policy: JSON.stringify(keyPolicy(key!.Arn!, TRAIL)) }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/cloudtrail', TargetKeyId: key!.KeyId }));
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(bucketPolicy(BUCKET, TRAIL)) }));

    const created = await ct.send(new CreateTrailCommand({ Name: 'main', S3BucketName: BUCKET, KmsKeyId: 'alias/cloudtrail' }));
    // The trail stores and echoes the full key ARN, never the alias (§0 item 1).
    expect(created.KmsKeyId).toBe(key!.Arn);
    expect(created.TrailARN).toBe(TRAIL);
    await ct.send(new StartLoggingCommand({ Name: 'main' }));
    await kms.send(new ListKeysCommand({}));

    const round = await server.flush();
    expect(round.logFiles.filter((f) => f.error)).toEqual([]);
    expect(round.logFiles.length).toBeGreaterThan(0);
    const status = await ct.send(new GetTrailStatusCommand({ Name: 'main' }));
    expect(status.IsLogging).toBe(true);
    expect(status.LatestDeliveryTime).toBeInstanceOf(Date);

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/` }));
    const key0 = listed.Contents![0].Key!;
    expect(key0).toMatch(new RegExp(`^AWSLogs/${ACCOUNT}/CloudTrail/${REGION}/\\d{4}/\\d{2}/\\d{2}/${ACCOUNT}_CloudTrail_${REGION}_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`));

    const readerS3 = new S3Client({ ...clientConfig(server.url, reader), forcePathStyle: true });
    const got = await readerS3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key0 }));
    expect(got.ServerSideEncryption).toBe('aws:kms');
    expect(got.SSEKMSKeyId).toBe(key!.Arn);
    const records = JSON.parse(gunzipSync(Buffer.from(await got.Body!.transformToByteArray())).toString()).Records as { eventName: string; eventSource: string }[];
    // Logging starts with StartLogging: the CreateTrail before it is not in the trail's logs.
    expect(records.map((r) => r.eventName)).toEqual(expect.arrayContaining(['StartLogging', 'ListKeys']));
    expect(records.map((r) => r.eventName)).not.toContain('CreateTrail');

    const outsiderS3 = new S3Client({ ...clientConfig(server.url, outsider), forcePathStyle: true });
    await expect(outsiderS3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key0 }))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining('kms:Decrypt'),
    });
  });
});
