// CloudTrail's half of every call: records with the §4.2/§4.3 fields for each service and kind of
// caller, data events only when selectors ask, CloudTrail's own delivery calls recorded as AWS
// records them, multi-Region and organization folders, and deliveries that fail while the key or a
// policy is broken and catch up after the fix (aws-behavior.md §2.6, §4, §10).
import {
  CloudTrailClient, CreateTrailCommand, GetTrailStatusCommand, PutEventSelectorsCommand, StartLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  CreateKeyCommand, DescribeKeyCommand, DisableKeyCommand, EnableKeyCommand, GenerateDataKeyCommand, KMSClient, ListAliasesCommand, ListKeysCommand, PutKeyPolicyCommand,
} from '@aws-sdk/client-kms';
import {
  CreateBucketCommand, GetBucketPolicyCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import {
  ACCOUNT, REGION, allRecords, bucketPolicy, keyPolicy, loggingTrail, outsider, reader, readers, readLogFiles, root, trailArn, type LogRecord, type Trail,
} from './delivery-support.js';
import { AWS_CLI, clientConfig, startServer, tempDir, type Credentials } from './harness.js';

const alice: Credentials = { accessKeyId: 'AKIADELIVERYALICE001', secretAccessKey: 'alice-secret-00001' };
const ROLE = `arn:aws:iam::${ACCOUNT}:role/Auditor`;
const LOGS = 'logs-main-111111111111';
const DATA = 'data-111111111111';

let server: RunningServer;
let trail: Trail;
const kms = (who: Credentials, region = REGION) => new KMSClient(clientConfig(server.url, who, region));
const s3 = (who: Credentials) => new S3Client({ ...clientConfig(server.url, who), forcePathStyle: true });
const ct = () => new CloudTrailClient(clientConfig(server.url, root));

beforeAll(async () => {
  server = await startServer({
    deliveryIntervalMs: 0,
    config: {
      users: [
        ...readers,
        {
          account: ACCOUNT,
          name: 'alice',
          accessKeys: [{ id: alice.accessKeyId, secret: alice.secretAccessKey }],
          policies: { all: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:*', 's3:*', 'sts:AssumeRole'], Resource: '*' }] } },
        },
      ],
      roles: [
        {
          account: ACCOUNT,
          name: 'Auditor',
          trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` }, Action: 'sts:AssumeRole' }] },
          policies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:List*', 'kms:Describe*'], Resource: '*' }] } },
        },
      ],
    },
  });
  trail = await loggingTrail(server.url, 'main', LOGS);
  await s3(root).send(new CreateBucketCommand({ Bucket: DATA }));
  await server.flush();
});
afterAll(() => server.close());

/** Delivers now and returns the records of the files this flush wrote, read as the reader. */
async function flushAndRead(): Promise<LogRecord[]> {
  const round = await server.flush();
  expect(round.logFiles.filter((f) => f.error)).toEqual([]);
  const keys = new Set(round.logFiles.map((f) => f.key));
  return allRecords((await readLogFiles(server.url, reader, LOGS)).filter((f) => keys.has(f.key)));
}

const byRequest = (records: LogRecord[], requestId: string | undefined) => {
  const found = records.filter((r) => r.requestID === requestId);
  expect(found, `records of request ${requestId}`).toHaveLength(1);
  return found[0];
};

const aliceIdentity = { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, accessKeyId: alice.accessKeyId, userName: 'alice', principalId: expect.stringMatching(/^AIDA/) };

describe('event records', () => {
  it('records every call, by every kind of caller, with the §4.2 fields', async () => {
    const listed = await kms(alice).send(new ListKeysCommand({}));
    const created = await kms(alice).send(new CreateKeyCommand({ Description: 'data' }));
    const dataKey = await kms(alice).send(new GenerateDataKeyCommand({ KeyId: created.KeyMetadata!.KeyId, KeySpec: 'AES_256', EncryptionContext: { purpose: 'test' } }));
    const denied = await kms(outsider).send(new ListKeysCommand({})).catch((e) => e);
    const missing = await kms(alice).send(new DescribeKeyCommand({ KeyId: 'alias/missing' })).catch((e) => e);
    const invalid = await kms(alice).send(new ListKeysCommand({ Limit: 0 })).catch((e) => e);
    expect([denied.name, missing.name, invalid.name]).toEqual(['AccessDeniedException', 'NotFoundException', 'ValidationException']);
    const assumed = await new STSClient(clientConfig(server.url, alice)).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'audit' }));
    const c = assumed.Credentials!;
    const session = { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    const aliases = await kms(session).send(new ListAliasesCommand({}));
    const users = await new IAMClient(clientConfig(server.url, root)).send(new ListUsersCommand({}));
    const policy = await s3(root).send(new GetBucketPolicyCommand({ Bucket: LOGS }));

    const records = await flushAndRead();
    for (const r of records) {
      expect(r).toMatchObject({
        eventVersion: '1.11',
        eventTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
        eventID: expect.stringMatching(/^[0-9a-f-]{36}$/),
        requestID: expect.any(String),
        eventType: 'AwsApiCall',
        readOnly: expect.any(Boolean),
        managementEvent: r.eventCategory === 'Management',
        recipientAccountId: ACCOUNT,
      });
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['userIdentity', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'requestParameters', 'responseElements']));
    }

    expect(byRequest(records, listed.$metadata.requestId)).toMatchObject({
      userIdentity: aliceIdentity,
      eventSource: 'kms.amazonaws.com',
      eventName: 'ListKeys',
      awsRegion: REGION,
      sourceIPAddress: '127.0.0.1',
      userAgent: expect.stringContaining('aws-sdk-js'),
      requestParameters: null,
      responseElements: null,
      readOnly: true,
      eventCategory: 'Management',
    });
    expect(byRequest(records, created.$metadata.requestId)).toMatchObject({
      eventName: 'CreateKey',
      readOnly: false,
      requestParameters: { description: 'data' },
      responseElements: { keyMetadata: { keyId: created.KeyMetadata!.KeyId, arn: created.KeyMetadata!.Arn, keyState: 'Enabled' } },
      resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: created.KeyMetadata!.Arn }],
    });
    const generated = byRequest(records, dataKey.$metadata.requestId);
    expect(generated).toMatchObject({
      eventName: 'GenerateDataKey',
      readOnly: true,
      requestParameters: { keyId: created.KeyMetadata!.KeyId, keySpec: 'AES_256', encryptionContext: { purpose: 'test' } },
      responseElements: null,
    });
    expect(JSON.stringify(generated)).not.toContain(Buffer.from(dataKey.Plaintext!).toString('base64'));
    expect(byRequest(records, denied.$metadata.requestId)).toMatchObject({
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/outsider` },
      errorCode: 'AccessDeniedException',
      errorMessage: expect.stringContaining('is not authorized to perform: kms:ListKeys'),
      responseElements: null,
    });
    expect(byRequest(records, missing.$metadata.requestId)).toMatchObject({ errorCode: 'NotFoundException', requestParameters: { keyId: 'alias/missing' } });
    expect(byRequest(records, invalid.$metadata.requestId)).toMatchObject({ errorCode: 'ValidationException', requestParameters: { limit: 0 } });
    const assumeRecord = byRequest(records, assumed.$metadata.requestId);
    expect(assumeRecord).toMatchObject({
      eventSource: 'sts.amazonaws.com',
      eventName: 'AssumeRole',
      requestParameters: { roleArn: ROLE, roleSessionName: 'audit' },
      responseElements: { credentials: { accessKeyId: c.AccessKeyId }, assumedRoleUser: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Auditor/audit` } },
      resources: [{ accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: ROLE }],
    });
    expect(JSON.stringify(assumeRecord)).not.toContain(c.SecretAccessKey!);
    expect(JSON.stringify(assumeRecord)).not.toContain(c.SessionToken!);
    expect(byRequest(records, aliases.$metadata.requestId).userIdentity).toEqual({
      type: 'AssumedRole',
      principalId: expect.stringMatching(/^AROA[A-Z0-9]+:audit$/),
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Auditor/audit`,
      accountId: ACCOUNT,
      accessKeyId: c.AccessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: expect.stringMatching(/^AROA/), arn: ROLE, accountId: ACCOUNT, userName: 'Auditor' },
        attributes: { creationDate: expect.stringMatching(/Z$/), mfaAuthenticated: 'false' },
      },
    });
    // IAM is a global service: recorded in us-east-1 (and this trail includes global service events).
    expect(byRequest(records, users.$metadata.requestId)).toMatchObject({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers', awsRegion: 'us-east-1', userIdentity: { type: 'Root' } });
    expect(byRequest(records, policy.$metadata.requestId)).toMatchObject({
      eventSource: 's3.amazonaws.com',
      eventName: 'GetBucketPolicy',
      eventCategory: 'Management',
      userAgent: expect.stringMatching(/^\[aws-sdk-js.*\]$/),
      requestParameters: { bucketName: LOGS, Host: expect.stringContaining('127.0.0.1') },
      resources: [{ accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${LOGS}` }],
    });
  });

  it('delivers S3 object-level calls as data events only when the selectors ask for them', async () => {
    const put0 = await s3(alice).send(new PutObjectCommand({ Bucket: DATA, Key: 'before.txt', Body: 'x' }));
    let records = await flushAndRead();
    expect(records.filter((r) => r.eventCategory === 'Data')).toEqual([]);
    expect(records.map((r) => r.requestID)).not.toContain(put0.$metadata.requestId);

    await ct().send(new PutEventSelectorsCommand({
      TrailName: 'main',
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::${DATA}/`] }] }],
    }));
    const put = await s3(alice).send(new PutObjectCommand({ Bucket: DATA, Key: 'a.txt', Body: 'hello', ACL: 'bucket-owner-full-control' }));
    const get = await s3(alice).send(new GetObjectCommand({ Bucket: DATA, Key: 'a.txt' }));
    await get.Body!.transformToString();
    const head = await s3(alice).send(new HeadObjectCommand({ Bucket: DATA, Key: 'a.txt' }));
    const list = await s3(alice).send(new ListObjectsV2Command({ Bucket: DATA, Prefix: 'a' }));
    const elsewhere = await s3(root).send(new PutObjectCommand({ Bucket: LOGS, Key: 'other/x.txt', Body: 'x' }));
    records = await flushAndRead();
    const object = { type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${DATA}/a.txt` };
    const bucket = { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${DATA}` };
    expect(byRequest(records, put.$metadata.requestId)).toMatchObject({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutObject',
      userIdentity: aliceIdentity,
      eventCategory: 'Data',
      managementEvent: false,
      readOnly: false,
      requestParameters: { bucketName: DATA, key: 'a.txt', 'x-amz-acl': 'bucket-owner-full-control' },
      resources: [object, bucket],
    });
    expect(byRequest(records, get.$metadata.requestId)).toMatchObject({ eventName: 'GetObject', readOnly: true, eventCategory: 'Data', responseElements: null, resources: [object, bucket] });
    expect(byRequest(records, head.$metadata.requestId)).toMatchObject({ eventName: 'HeadObject', eventCategory: 'Data' });
    expect(byRequest(records, list.$metadata.requestId)).toMatchObject({
      eventName: 'ListObjectsV2',
      eventCategory: 'Data',
      requestParameters: { bucketName: DATA, prefix: 'a' },
      resources: [{ type: 'AWS::S3::Object', ARNPrefix: `arn:aws:s3:::${DATA}/a` }, bucket],
    });
    expect(records.map((r) => r.requestID)).not.toContain(elsewhere.$metadata.requestId);
  });

  it('records CloudTrail’s own delivery: S3’s GenerateDataKey on its behalf, and its PutObject as a data event', async () => {
    // Advanced selectors: management events, and data events on the log bucket itself.
    await ct().send(new PutEventSelectorsCommand({
      TrailName: 'main',
      AdvancedEventSelectors: [
        { Name: 'management', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
        { Name: 'log bucket', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: [`arn:aws:s3:::${LOGS}/AWSLogs/`] }] },
      ],
    }));
    await kms(alice).send(new ListKeysCommand({}));
    const first = await server.flush();
    const delivered = first.logFiles.map((f) => f.key!);
    expect(delivered).toHaveLength(1);
    // The next round delivers the events that the first delivery recorded.
    const records = await flushAndRead();
    const put = records.find((r) => r.eventName === 'PutObject' && r.requestParameters?.key === delivered[0]);
    expect(put).toMatchObject({
      userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
      eventSource: 's3.amazonaws.com',
      sourceIPAddress: 'cloudtrail.amazonaws.com',
      userAgent: 'cloudtrail.amazonaws.com',
      eventCategory: 'Data',
      readOnly: false,
      requestParameters: {
        bucketName: LOGS,
        Host: `${LOGS}.s3.${REGION}.amazonaws.com`,
        key: delivered[0],
        'x-amz-acl': 'bucket-owner-full-control',
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': trail.keyArn,
      },
      resources: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${LOGS}/${delivered[0]}` }, { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${LOGS}` }],
      recipientAccountId: ACCOUNT,
    });
    const generate = records.find((r) => r.eventName === 'GenerateDataKey' && (r.requestParameters?.encryptionContext as Record<string, string>)?.['aws:s3:arn'] === `arn:aws:s3:::${LOGS}/${delivered[0]}`);
    expect(generate).toMatchObject({
      userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
      eventSource: 'kms.amazonaws.com',
      sourceIPAddress: 'cloudtrail.amazonaws.com',
      readOnly: true,
      eventCategory: 'Management',
      requestParameters: { keyId: trail.keyArn, keySpec: 'AES_256', encryptionContext: { 'aws:cloudtrail:arn': trail.trailArn } },
      responseElements: null,
      resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: trail.keyArn }],
    });
    // Back to management events only.
    await ct().send(new PutEventSelectorsCommand({ TrailName: 'main', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }] }));
    await server.flush();
  });
});

describe('delivery failures', () => {
  const status = () => ct().send(new GetTrailStatusCommand({ Name: 'main' }));

  /** Breaks delivery, makes a call, checks the failed round and status, repairs, and checks the call is delivered once. */
  async function failsThenCatchesUp(breakIt: () => Promise<unknown>, code: string, repair: () => Promise<unknown>): Promise<LogRecord[]> {
    await breakIt();
    const during = await kms(alice).send(new ListKeysCommand({}));
    const failed = await server.flush();
    expect(failed.logFiles.map((f) => f.error)).toEqual([code]);
    const s = await status();
    expect(s.IsLogging).toBe(true);
    expect(s.LatestDeliveryError).toBe(code);
    expect(s.LatestDeliveryAttemptTime).toMatch(/Z$/);
    // Still failing: the events stay queued, nothing is written.
    expect((await server.flush()).logFiles.map((f) => f.error)).toEqual([code]);
    await repair();
    const records = await flushAndRead();
    expect(records.filter((r) => r.requestID === during.$metadata.requestId)).toHaveLength(1);
    const after = await status();
    expect(after.LatestDeliveryError).toBeUndefined();
    expect(after.LatestDeliveryTime!.getTime()).toBeGreaterThanOrEqual(s.LatestDeliveryTime!.getTime());
    return records;
  }

  it('a disabled key: KMS.DisabledException, and S3’s refused GenerateDataKey is recorded', async () => {
    const records = await failsThenCatchesUp(
      () => kms(root).send(new DisableKeyCommand({ KeyId: trail.keyId })),
      'KMS.DisabledException',
      () => kms(root).send(new EnableKeyCommand({ KeyId: trail.keyId })),
    );
    expect(records.find((r) => r.eventName === 'GenerateDataKey' && r.errorCode === 'DisabledException')).toMatchObject({
      userIdentity: { type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' },
      errorMessage: `${trail.keyArn} is disabled.`,
      resources: [{ ARN: trail.keyArn, type: 'AWS::KMS::Key' }],
    });
  });

  it('a key policy that no longer lets CloudTrail encrypt: AccessDenied', async () => {
    const policy = keyPolicy(trail.keyArn, trail.trailArn);
    const broken = { ...policy, Statement: policy.Statement.filter((s) => s.Sid !== 'Allow CloudTrail to encrypt logs') };
    await failsThenCatchesUp(
      () => kms(root).send(new PutKeyPolicyCommand({ KeyId: trail.keyId, Policy: JSON.stringify(broken) })),
      'AccessDenied',
      () => kms(root).send(new PutKeyPolicyCommand({ KeyId: trail.keyId, Policy: JSON.stringify(policy) })),
    );
  });

  it('a bucket policy that no longer lets CloudTrail write: AccessDenied', async () => {
    const policy = bucketPolicy(LOGS, trail.trailArn);
    await failsThenCatchesUp(
      () => s3(root).send(new PutBucketPolicyCommand({ Bucket: LOGS, Policy: JSON.stringify({ ...policy, Statement: [policy.Statement[0]] }) })),
      'AccessDenied',
      () => s3(root).send(new PutBucketPolicyCommand({ Bucket: LOGS, Policy: JSON.stringify(policy) })),
    );
  });
});

describe('readers', () => {
  it('an allowed reader gets the gunzipped records with `aws s3 cp`; a reader without kms:Decrypt gets AccessDenied', async () => {
    const listed = await kms(alice).send(new ListKeysCommand({}));
    const { logFiles } = await server.flush();
    const key = logFiles[0].key!;
    const cp = (who: Credentials) =>
      new Promise<{ code: number; stdout: Buffer; stderr: string }>((resolve) => {
        const home = tempDir();
        execFile(
          AWS_CLI,
          ['--endpoint-url', server.url, 's3', 'cp', `s3://${LOGS}/${key}`, '-'],
          {
            encoding: 'buffer',
            env: {
              PATH: process.env.PATH, HOME: home, AWS_ACCESS_KEY_ID: who.accessKeyId, AWS_SECRET_ACCESS_KEY: who.secretAccessKey, AWS_DEFAULT_REGION: REGION,
              AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_MAX_ATTEMPTS: '1',
            },
          },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr: stderr.toString() }),
        );
      });
    const allowed = await cp(reader);
    expect(allowed.stderr).toBe('');
    const records = (JSON.parse(gunzipSync(allowed.stdout).toString()) as { Records: LogRecord[] }).Records;
    expect(records.map((r) => r.requestID)).toContain(listed.$metadata.requestId);
    const refused = await cp(outsider);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/AccessDenied/);
    expect(refused.stderr).toMatch(/kms:Decrypt/);
  });
});

describe('multi-Region and organization trails', () => {
  const MEMBER = '222222222222';
  const ORG = 'o-a1b2c3d4e5';
  let org: RunningServer;
  beforeAll(async () => {
    org = await startServer({ deliveryIntervalMs: 0, config: { organization: { id: ORG, managementAccount: ACCOUNT, members: [MEMBER] } } });
  });
  afterAll(() => org.close());

  it('files each account’s events under AWSLogs/<o-id>/<account>/ and each Region’s under its own folder', async () => {
    const bucket = 'org-logs-111111111111';
    const arn = trailArn('org');
    const mgmtS3 = new S3Client({ ...clientConfig(org.url, root), forcePathStyle: true });
    await mgmtS3.send(new CreateBucketCommand({ Bucket: bucket }));
    await mgmtS3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(bucketPolicy(bucket, arn, [`AWSLogs/${ACCOUNT}`, `AWSLogs/${ORG}`])) }));
    const orgCt = new CloudTrailClient(clientConfig(org.url, root));
    await orgCt.send(new CreateTrailCommand({ Name: 'org', S3BucketName: bucket, IsMultiRegionTrail: true, IsOrganizationTrail: true }));
    await orgCt.send(new StartLoggingCommand({ Name: 'org' }));
    const member: Credentials = { accessKeyId: MEMBER, secretAccessKey: 'x' };
    const west = await new KMSClient(clientConfig(org.url, member, 'us-west-2')).send(new ListKeysCommand({}));
    const east = await new KMSClient(clientConfig(org.url, member, 'us-east-1')).send(new ListKeysCommand({}));
    const mgmt = await new KMSClient(clientConfig(org.url, root, 'eu-west-1')).send(new ListKeysCommand({}));
    const iam = await new IAMClient(clientConfig(org.url, member, 'eu-west-1')).send(new ListUsersCommand({}));
    const round = await org.flush();
    expect(round.logFiles.filter((f) => f.error)).toEqual([]);

    // Organization trails' files are SSE-S3 here: readable by the bucket owner.
    const files = await readLogFiles(org.url, root, bucket);
    const where = (requestId: string | undefined) => files.filter((f) => f.records.some((r) => r.requestID === requestId)).map((f) => f.key.split('/').slice(0, 5).join('/'));
    expect(where(west.$metadata.requestId)).toEqual([`AWSLogs/${ORG}/${MEMBER}/CloudTrail/us-west-2`]);
    expect(where(east.$metadata.requestId)).toEqual([`AWSLogs/${ORG}/${MEMBER}/CloudTrail/us-east-1`]);
    expect(where(mgmt.$metadata.requestId)).toEqual([`AWSLogs/${ORG}/${ACCOUNT}/CloudTrail/eu-west-1`]);
    expect(where(iam.$metadata.requestId)).toEqual([`AWSLogs/${ORG}/${MEMBER}/CloudTrail/us-east-1`]);
    for (const f of files) {
      const [, , account, , region, , , , name] = f.key.split('/');
      expect(name).toMatch(new RegExp(`^${account}_CloudTrail_${region}_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz$`));
      for (const r of f.records) expect([r.recipientAccountId, r.awsRegion]).toEqual([account, region]);
    }
  });
});
