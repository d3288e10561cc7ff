// CloudTrail through the AWS CLI v2 (`aws cloudtrail …`): a key and a bucket made with the SDK, then
// the trail's life as a user types it, and the CLI's rendering of CloudTrail's errors.
import { CreateAliasCommand, CreateKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { aws, clientConfig, rootOf, startServer } from './harness.js';

const ACCOUNT = '123456789012';
const root = rootOf(ACCOUNT);
const BUCKET = 'cli-trail-logs';
const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/cli-trail`;
const SERVICE = { Service: 'cloudtrail.amazonaws.com' };

let server: RunningServer;
let keyArn: string;
let closedKeyArn: string;
beforeAll(async () => {
  server = await startServer({ deliveryIntervalMs: 0 });
  const kms = new KMSClient(clientConfig(server.url, root));
  const s3 = new S3Client({ ...clientConfig(server.url, root), forcePathStyle: true });
  const admin = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' };
  const open = await kms.send(new CreateKeyCommand({}));
  keyArn = open.KeyMetadata!.Arn!;
  await kms.send(new PutKeyPolicyCommand({
    KeyId: keyArn,
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        admin,
        {
          Sid: 'Allow CloudTrail to encrypt logs', Effect: 'Allow', Principal: SERVICE, Action: 'kms:GenerateDataKey*', Resource: '*',
          Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` }, StringEquals: { 'aws:SourceArn': TRAIL } },
        },
        { Sid: 'Allow CloudTrail to describe key', Effect: 'Allow', Principal: SERVICE, Action: 'kms:DescribeKey', Resource: '*' },
      ],
    }),
  }));
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/cli-trail', TargetKeyId: keyArn }));
  closedKeyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutBucketPolicyCommand({
    Bucket: BUCKET,
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AWSCloudTrailAclCheck20150319', Effect: 'Allow', Principal: SERVICE, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${BUCKET}` },
        {
          Sid: 'AWSCloudTrailWrite20150319', Effect: 'Allow', Principal: SERVICE, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/*`,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
      ],
    }),
  }));
});
afterAll(() => server.close());

const cli = async (...args: string[]) => {
  const r = await aws(server.url, root, ['cloudtrail', ...args]);
  if (r.code !== 0) throw new Error(`aws cloudtrail ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout.trim() ? JSON.parse(r.stdout) : {};
};

/** stderr without the retry note the harness's AWS_MAX_ATTEMPTS=1 makes botocore add (`… operation (reached max retries: 0): …`). */
const errorText = (stderr: string) => stderr.replace(' (reached max retries: 0)', '');

// Each CLI run starts a Python interpreter (about half a second).
const CLI_TIMEOUT = 30_000;

describe('aws cloudtrail', () => {
  it('creates, describes, starts, updates, tags and deletes a trail encrypted with a key named by alias', async () => {
    const created = await cli('create-trail', '--name', 'cli-trail', '--s3-bucket-name', BUCKET, '--kms-key-id', 'alias/cli-trail', '--is-multi-region-trail');
    expect(created).toMatchObject({ Name: 'cli-trail', TrailARN: TRAIL, KmsKeyId: keyArn, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true });

    const [described, status, listed] = await Promise.all([
      cli('describe-trails', '--trail-name-list', 'cli-trail'),
      cli('get-trail-status', '--name', 'cli-trail'),
      cli('list-trails'),
    ]);
    expect(described.trailList).toEqual([expect.objectContaining({ Name: 'cli-trail', HomeRegion: 'us-east-1', KmsKeyId: keyArn, HasCustomEventSelectors: false })]);
    expect(status).toMatchObject({ IsLogging: false, TimeLoggingStarted: '' });
    expect(listed.Trails).toEqual([{ TrailARN: TRAIL, Name: 'cli-trail', HomeRegion: 'us-east-1' }]);

    await cli('start-logging', '--name', 'cli-trail');
    const started = await cli('get-trail-status', '--name', TRAIL);
    expect(started.IsLogging).toBe(true);
    // The CLI prints timestamps as ISO strings.
    expect(started.StartLoggingTime).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // `--kms-key-id ""` removes encryption: the output has no KmsKeyId.
    const plain = await cli('update-trail', '--name', 'cli-trail', '--kms-key-id', '');
    expect(plain).not.toHaveProperty('KmsKeyId');
    // Independent commands, run side by side.
    const [got, selectors, , events] = await Promise.all([
      cli('get-trail', '--name', TRAIL),
      cli('put-event-selectors', '--trail-name', 'cli-trail', '--event-selectors', '[{"ReadWriteType":"WriteOnly","IncludeManagementEvents":true}]'),
      cli('add-tags', '--resource-id', TRAIL, '--tags-list', 'Key=team,Value=audit'),
      cli('lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=CreateTrail', '--max-results', '5'),
    ]);
    expect(got.Trail).not.toHaveProperty('KmsKeyId');
    expect(selectors.EventSelectors).toEqual([{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }]);
    expect(events.Events.map((e: { EventName: string }) => e.EventName)).toEqual(['CreateTrail']);
    expect(JSON.parse(events.Events[0].CloudTrailEvent).responseElements).toMatchObject({ trailARN: TRAIL, kmsKeyId: keyArn });
    expect((await cli('list-tags', '--resource-id-list', TRAIL)).ResourceTagList).toEqual([{ ResourceId: TRAIL, TagsList: [{ Key: 'team', Value: 'audit' }] }]);

    await cli('delete-trail', '--name', 'cli-trail');
    expect((await cli('describe-trails')).trailList).toEqual([]);
  }, CLI_TIMEOUT);

  it('prints CloudTrail’s errors with their codes and AWS’s texts', async () => {
    const [encryption, missing, name] = await Promise.all([
      aws(server.url, root, ['cloudtrail', 'create-trail', '--name', 'closed', '--s3-bucket-name', BUCKET, '--kms-key-id', closedKeyArn]),
      aws(server.url, root, ['cloudtrail', 'get-trail-status', '--name', 'missing']),
      aws(server.url, root, ['cloudtrail', 'create-trail', '--name', 'my--trail', '--s3-bucket-name', BUCKET]),
    ]);
    expect(encryption.code).toBe(254);
    expect(errorText(encryption.stderr)).toContain(
      `An error occurred (InsufficientEncryptionPolicyException) when calling the CreateTrail operation: Insufficient permissions to access S3 bucket ${BUCKET} or KMS key ${closedKeyArn}.`,
    );
    expect(errorText(missing.stderr)).toContain(
      `An error occurred (TrailNotFoundException) when calling the GetTrailStatus operation: Unknown trail: arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/missing for the user: ${ACCOUNT}`,
    );
    expect(errorText(name.stderr)).toContain('An error occurred (InvalidTrailNameException) when calling the CreateTrail operation: Trail name or ARN can only contain');
  }, CLI_TIMEOUT);
});
