// CloudTrail's API through @aws-sdk/client-cloudtrail against a started server: every operation,
// its errors with AWS's texts (aws-behavior.md §2.3), the validation order of §2.4, the key echoed as
// its full ARN, home Regions, shadow and organization trails (§2.2), the limits, and IAM
// authorization of the caller. The key- and bucket-policy matrix is cloudtrail-policies.test.ts.
import {
  AddTagsCommand, CloudTrailClient, CreateTrailCommand, DeleteTrailCommand, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailCommand,
  GetTrailStatusCommand, ListPublicKeysCommand, ListTagsCommand, ListTrailsCommand, LookupEventsCommand, PutEventSelectorsCommand, RemoveTagsCommand,
  StartLoggingCommand, StopLoggingCommand, UpdateTrailCommand, type CreateTrailCommandInput, type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { CreateAliasCommand, CreateKeyCommand, KMSClient, ListKeysCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { clientConfig, rootOf, startServer, type Credentials } from './harness.js';
import { failure } from './kms-support.js';

const ORG = 'o-a1b2c3d4e5';
const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
const OUTSIDER = '333333333333';
const limited: Credentials = { accessKeyId: 'AKIALIMITED000000001', secretAccessKey: 'limited-secret-0001' };
const partial: Credentials = { accessKeyId: 'AKIAPARTIAL000000001', secretAccessKey: 'partial-secret-0001' };
const IAM_ACCOUNT = '100000000008';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    deliveryIntervalMs: 0,
    config: {
      organization: { id: ORG, managementAccount: MANAGEMENT, members: [MEMBER] },
      users: [
        {
          account: IAM_ACCOUNT, name: 'limited', accessKeys: [{ id: limited.accessKeyId, secret: limited.secretAccessKey }],
          policies: { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['cloudtrail:DescribeTrails', 'cloudtrail:ListTrails'], Resource: '*' }] } },
        },
        {
          account: IAM_ACCOUNT, name: 'partial', accessKeys: [{ id: partial.accessKeyId, secret: partial.secretAccessKey }],
          policies: {
            all: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: 'cloudtrail:*', Resource: '*' },
                { Effect: 'Deny', Action: 'cloudtrail:DeleteTrail', Resource: '*' },
              ],
            },
          },
        },
      ],
    },
  });
});
afterAll(() => server.close());

const ct = (c: Credentials, region = 'us-east-1') => new CloudTrailClient(clientConfig(server.url, c, region));
const kmsAt = (c: Credentials, region = 'us-east-1') => new KMSClient(clientConfig(server.url, c, region));
const s3At = (c: Credentials, region = 'us-east-1') => new S3Client({ ...clientConfig(server.url, c, region), forcePathStyle: true });
const arnOf = (account: string, name: string, region = 'us-east-1') => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
const SERVICE = { Service: 'cloudtrail.amazonaws.com' };

/** A bucket whose policy lets CloudTrail write anywhere in it, for any trail: the API tests' destination. */
async function openBucket(account: string, bucket: string, region = 'us-east-1'): Promise<string> {
  const s3 = s3At(rootOf(account), region);
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }) }));
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AclCheck', Effect: 'Allow', Principal: SERVICE, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}` },
      { Sid: 'Write', Effect: 'Allow', Principal: SERVICE, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
    ],
  };
  await s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
  return bucket;
}

/** A key whose policy lets CloudTrail use it for any trail of `account`, with an alias. */
async function openKey(account: string, alias: string, allowCloudTrail = true) {
  const kms = kmsAt(rootOf(account));
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
  const statements: object[] = [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }];
  if (allowCloudTrail) statements.push({ Sid: 'CloudTrail', Effect: 'Allow', Principal: SERVICE, Action: ['kms:GenerateDataKey*', 'kms:DescribeKey'], Resource: '*' });
  await kms.send(new PutKeyPolicyCommand({ KeyId: KeyMetadata!.KeyId!, Policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }));
  await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: KeyMetadata!.KeyId! }));
  return { id: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn!, alias, aliasArn: `arn:aws:kms:us-east-1:${account}:${alias}` };
}

const err = (name: string, message: string) => ({ name, message, status: 400 });

describe('CreateTrail, GetTrail, GetTrailStatus, DeleteTrail', () => {
  const A = '100000000001';
  const root = rootOf(A);
  let bucket: string;
  beforeAll(async () => {
    bucket = await openBucket(A, 'api-basic-logs');
  });

  it('creates a trail with the defaults, the model shapes, and no logging until StartLogging', async () => {
    const created = await ct(root).send(new CreateTrailCommand({ Name: 'basic', S3BucketName: bucket }));
    expect(created).toMatchObject({
      Name: 'basic', S3BucketName: bucket, IncludeGlobalServiceEvents: true, IsMultiRegionTrail: false, TrailARN: arnOf(A, 'basic'),
      LogFileValidationEnabled: false, IsOrganizationTrail: false,
    });
    // Create output has no HomeRegion, and unset optional members are omitted (§2.1).
    for (const absent of ['HomeRegion', 'KmsKeyId', 'S3KeyPrefix', 'SnsTopicName', 'CloudWatchLogsLogGroupArn']) expect(created).not.toHaveProperty(absent);
    const { Trail } = await ct(root).send(new GetTrailCommand({ Name: 'basic' }));
    expect(Trail).toEqual({
      Name: 'basic', S3BucketName: bucket, IncludeGlobalServiceEvents: true, IsMultiRegionTrail: false, HomeRegion: 'us-east-1', TrailARN: arnOf(A, 'basic'),
      LogFileValidationEnabled: false, HasCustomEventSelectors: false, HasInsightSelectors: false, IsOrganizationTrail: false,
    });
    const status = await ct(root).send(new GetTrailStatusCommand({ Name: arnOf(A, 'basic') }));
    expect(status).toMatchObject({ IsLogging: false, TimeLoggingStarted: '', TimeLoggingStopped: '' });
    expect(status.StartLoggingTime).toBeUndefined();
  });

  it('starts and stops logging, with the times in both forms', async () => {
    await ct(root).send(new StartLoggingCommand({ Name: 'basic' }));
    const on = await ct(root).send(new GetTrailStatusCommand({ Name: 'basic' }));
    expect(on.IsLogging).toBe(true);
    expect(on.StartLoggingTime).toBeInstanceOf(Date);
    expect(on.TimeLoggingStarted).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    await ct(root).send(new StopLoggingCommand({ Name: arnOf(A, 'basic') }));
    const off = await ct(root).send(new GetTrailStatusCommand({ Name: 'basic' }));
    expect(off.IsLogging).toBe(false);
    expect(off.StopLoggingTime).toBeInstanceOf(Date);
    expect(off.TimeLoggingStopped).toMatch(/Z$/);
  });

  it('refuses a second trail of the same name, with the observed text', async () => {
    expect(await failure(ct(root).send(new CreateTrailCommand({ Name: 'basic', S3BucketName: bucket })))).toEqual(
      err('TrailAlreadyExistsException', `Trail basic already exists for customer: ${A}`),
    );
  });

  it('checks the name before anything else, even with a bucket that does not exist (§2.4 step 2)', async () => {
    const cases: [string, string][] = [
      ['  ', 'Trail name cannot be blank!'],
      ['ab', 'Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.'],
      ['a'.repeat(129), 'Trail name too long. Maximum allowed length: 128 characters. Specified name length: 129 characters.'],
      ['-trail', 'Trail name must starts with a letter or number.'],
      ['trail_', 'Trail name must ends with a letter or number.'],
      ['my--trail', 'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).'],
      ['my-_trail', 'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).'],
      ['192.168.5.4', 'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).'],
      ['my trail', 'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).'],
    ];
    for (const [Name, message] of cases) {
      expect(await failure(ct(root).send(new CreateTrailCommand({ Name, S3BucketName: 'no-such-bucket-anywhere' }))), Name).toEqual(err('InvalidTrailNameException', message));
    }
  });

  it('checks the multi-Region/global-events combination before the bucket (§2.4 step 3)', async () => {
    const input = { Name: 'combo', S3BucketName: 'no-such-bucket-anywhere', IsMultiRegionTrail: true, IncludeGlobalServiceEvents: false };
    expect(await failure(ct(root).send(new CreateTrailCommand(input)))).toEqual(
      err('InvalidParameterCombinationException', 'Multi-Region trail must include global service events.'),
    );
  });

  it('checks the key id syntax, then the bucket name and prefix, then the bucket, then its policy, then the key (§2.4 steps 6-10)', async () => {
    const create = (input: Partial<CreateTrailCommandInput>) => failure(ct(root).send(new CreateTrailCommand({ Name: 'dest', S3BucketName: bucket, ...input })));
    // A malformed key id wins over a bucket that does not exist.
    expect(await create({ S3BucketName: 'no-such-bucket-anywhere', KmsKeyId: 'not a key' })).toEqual(err('InvalidKmsKeyIdException', 'KMS key ARN is not valid: not a key'));
    expect(await create({ KmsKeyId: 'arn:aws:kms:us-east-1:123:key/x' })).toMatchObject({ name: 'InvalidKmsKeyIdException' });
    expect(await create({ S3BucketName: 'Bad_Bucket' })).toEqual(err('InvalidS3BucketNameException', 'Invalid S3 bucket name: Bad_Bucket'));
    expect(await create({ S3KeyPrefix: 'p'.repeat(201) })).toMatchObject({ name: 'InvalidS3PrefixException' });
    expect(await create({ S3BucketName: 'no-such-bucket-anywhere', KmsKeyId: '11111111-2222-3333-4444-555555555555' })).toEqual(
      err('S3BucketDoesNotExistException', 'S3 bucket no-such-bucket-anywhere does not exist.'),
    );
    // A bucket without a policy: CloudTrail may not write to it.
    await s3At(root).send(new CreateBucketCommand({ Bucket: 'api-no-policy' }));
    expect(await create({ S3BucketName: 'api-no-policy', KmsKeyId: '11111111-2222-3333-4444-555555555555' })).toEqual(
      err('InsufficientS3BucketPolicyException', 'Incorrect S3 bucket policy is detected for bucket: api-no-policy'),
    );
    // Only then is the key looked up.
    expect(await create({ KmsKeyId: '11111111-2222-3333-4444-555555555555' })).toEqual(err('KmsKeyNotFoundException', 'KMS key not found: 11111111-2222-3333-4444-555555555555'));
    expect(await create({ KmsKeyId: 'alias/no-such-alias' })).toEqual(err('KmsKeyNotFoundException', 'KMS key not found: alias/no-such-alias'));
    // Nothing was saved by the failures.
    expect(await failure(ct(root).send(new GetTrailCommand({ Name: 'dest' })))).toMatchObject({ name: 'TrailNotFoundException' });
  });

  it('refuses what trailkey does not emulate, loudly', async () => {
    expect(await failure(ct(root).send(new CreateTrailCommand({ Name: 'sns', S3BucketName: bucket, SnsTopicName: 'topic' })))).toMatchObject({
      name: 'InvalidParameterCombinationException',
    });
  });

  it('deletes a trail: gone from every API at once', async () => {
    await ct(root).send(new CreateTrailCommand({ Name: 'doomed', S3BucketName: bucket }));
    await ct(root).send(new DeleteTrailCommand({ Name: 'doomed' }));
    expect(await failure(ct(root).send(new GetTrailCommand({ Name: 'doomed' })))).toEqual(
      err('TrailNotFoundException', `Unknown trail: ${arnOf(A, 'doomed')} for the user: ${A}`),
    );
    expect(await failure(ct(root).send(new DeleteTrailCommand({ Name: 'doomed' })))).toMatchObject({ name: 'TrailNotFoundException' });
    const { Trails } = await ct(root).send(new ListTrailsCommand({}));
    expect(Trails!.map((t) => t.Name)).not.toContain('doomed');
    // The name is free again.
    await ct(root).send(new CreateTrailCommand({ Name: 'doomed', S3BucketName: bucket }));
    await ct(root).send(new DeleteTrailCommand({ Name: arnOf(A, 'doomed') }));
  });

  it('answers CloudTrailARNInvalidException for a malformed ARN and TrailNotFoundException for an unknown one', async () => {
    expect(await failure(ct(root).send(new GetTrailCommand({ Name: `arn:aws:cloudtrail:us-east-1:${A}:channel/x` })))).toMatchObject({ name: 'CloudTrailARNInvalidException', status: 400 });
    expect(await failure(ct(root).send(new GetTrailStatusCommand({ Name: arnOf(A, 'nope') })))).toEqual(
      err('TrailNotFoundException', `Unknown trail: ${arnOf(A, 'nope')} for the user: ${A}`),
    );
    expect(await failure(ct(root).send(new StartLoggingCommand({ Name: 'x' })))).toMatchObject({ name: 'InvalidTrailNameException' });
  });
});

describe('KmsKeyId: echoed as the key ARN, removed with "", re-checked on UpdateTrail', () => {
  const A = '100000000002';
  const root = rootOf(A);
  let bucket: string;
  let key: Awaited<ReturnType<typeof openKey>>;
  let denyingKey: Awaited<ReturnType<typeof openKey>>;
  beforeAll(async () => {
    bucket = await openBucket(A, 'api-keys-logs');
    key = await openKey(A, 'alias/trail-key');
    denyingKey = await openKey(A, 'alias/denying', false);
  });

  it('stores and returns the full key ARN whether given by id, ARN, alias name or alias ARN (§0 item 1)', async () => {
    const forms = { id: key.id, arn: key.arn, alias: key.alias, aliasArn: key.aliasArn };
    for (const [form, KmsKeyId] of Object.entries(forms)) {
      const Name = `echo-${form}`;
      const created = await ct(root).send(new CreateTrailCommand({ Name, S3BucketName: bucket, KmsKeyId }));
      expect(created.KmsKeyId, form).toBe(key.arn);
      expect((await ct(root).send(new GetTrailCommand({ Name }))).Trail!.KmsKeyId, form).toBe(key.arn);
      const { trailList } = await ct(root).send(new DescribeTrailsCommand({ trailNameList: [Name] }));
      expect(trailList![0].KmsKeyId, form).toBe(key.arn);
      await ct(root).send(new DeleteTrailCommand({ Name }));
    }
  });

  it('UpdateTrail KmsKeyId "" removes encryption; the output has no KmsKeyId', async () => {
    await ct(root).send(new CreateTrailCommand({ Name: 'remove-key', S3BucketName: bucket, KmsKeyId: key.alias }));
    const updated = await ct(root).send(new UpdateTrailCommand({ Name: 'remove-key', KmsKeyId: '' }));
    expect(updated).not.toHaveProperty('KmsKeyId');
    expect((await ct(root).send(new GetTrailCommand({ Name: 'remove-key' }))).Trail).not.toHaveProperty('KmsKeyId');
    // And back: by alias, echoed as the ARN.
    expect((await ct(root).send(new UpdateTrailCommand({ Name: 'remove-key', KmsKeyId: key.aliasArn }))).KmsKeyId).toBe(key.arn);
    await ct(root).send(new DeleteTrailCommand({ Name: 'remove-key' }));
  });

  it('UpdateTrail runs the bucket and key tests on the resulting configuration and saves nothing when they fail (§2.4)', async () => {
    await ct(root).send(new CreateTrailCommand({ Name: 'recheck', S3BucketName: bucket }));
    expect(await failure(ct(root).send(new UpdateTrailCommand({ Name: 'recheck', KmsKeyId: denyingKey.alias })))).toEqual(
      err('InsufficientEncryptionPolicyException', `Insufficient permissions to access S3 bucket ${bucket} or KMS key ${denyingKey.arn}.`),
    );
    expect((await ct(root).send(new GetTrailCommand({ Name: 'recheck' }))).Trail).not.toHaveProperty('KmsKeyId');
    // A bucket whose policy has only the account folder: a prefix puts the logs outside it.
    const strict = 'api-keys-strict';
    await s3At(root).send(new CreateBucketCommand({ Bucket: strict }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: SERVICE, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${strict}` },
        { Effect: 'Allow', Principal: SERVICE, Action: 's3:PutObject', Resource: `arn:aws:s3:::${strict}/AWSLogs/${A}/*` },
      ],
    };
    await s3At(root).send(new PutBucketPolicyCommand({ Bucket: strict, Policy: JSON.stringify(policy) }));
    await ct(root).send(new UpdateTrailCommand({ Name: 'recheck', S3BucketName: strict }));
    expect(await failure(ct(root).send(new UpdateTrailCommand({ Name: 'recheck', S3KeyPrefix: 'logs' })))).toEqual(
      err('InsufficientS3BucketPolicyException', `Incorrect S3 bucket policy is detected for bucket: ${strict}`),
    );
    expect((await ct(root).send(new GetTrailCommand({ Name: 'recheck' }))).Trail).toMatchObject({ S3BucketName: strict });
    expect((await ct(root).send(new GetTrailCommand({ Name: 'recheck' }))).Trail).not.toHaveProperty('S3KeyPrefix');
    // Members that do not touch the destination are saved without a test.
    expect((await ct(root).send(new UpdateTrailCommand({ Name: 'recheck', EnableLogFileValidation: true }))).LogFileValidationEnabled).toBe(true);
    await ct(root).send(new DeleteTrailCommand({ Name: 'recheck' }));
  });
});

describe('home Regions, multi-Region trails and shadow trails (§2.2)', () => {
  const A = '100000000003';
  const root = rootOf(A);
  const east = () => ct(root, 'us-east-1');
  const west = () => ct(root, 'us-west-2');
  beforeAll(async () => {
    const bucket = await openBucket(A, 'api-regions-logs');
    await east().send(new CreateTrailCommand({ Name: 'local', S3BucketName: bucket }));
    await east().send(new CreateTrailCommand({ Name: 'everywhere', S3BucketName: bucket, IsMultiRegionTrail: true }));
    await west().send(new CreateTrailCommand({ Name: 'western', S3BucketName: bucket }));
  });

  it('finds trails by name only in their home Region, naming the ARN of the current Region', async () => {
    expect(await failure(west().send(new GetTrailCommand({ Name: 'local' })))).toEqual(
      err('TrailNotFoundException', `Unknown trail: ${arnOf(A, 'local', 'us-west-2')} for the user: ${A}`),
    );
    expect(await failure(west().send(new UpdateTrailCommand({ Name: 'everywhere', EnableLogFileValidation: true })))).toEqual(
      err('TrailNotFoundException', `Unknown trail: ${arnOf(A, 'everywhere', 'us-west-2')} for the user: ${A}`),
    );
    // By ARN, reads work from any Region.
    expect((await west().send(new GetTrailCommand({ Name: arnOf(A, 'local') }))).Trail!.HomeRegion).toBe('us-east-1');
    expect((await west().send(new GetTrailStatusCommand({ Name: arnOf(A, 'everywhere') }))).IsLogging).toBe(false);
  });

  it('refuses changes by ARN outside the home Region with InvalidHomeRegionException', async () => {
    const ARN = arnOf(A, 'everywhere');
    const home = err('InvalidHomeRegionException', `The trail ${ARN} must be managed from its home Region us-east-1.`);
    expect(await failure(west().send(new UpdateTrailCommand({ Name: ARN, EnableLogFileValidation: true })))).toEqual(home);
    expect(await failure(west().send(new DeleteTrailCommand({ Name: ARN })))).toEqual(home);
    expect(await failure(west().send(new StartLoggingCommand({ Name: ARN })))).toEqual(home);
    expect(await failure(west().send(new StopLoggingCommand({ Name: ARN })))).toEqual(home);
    expect(await failure(west().send(new PutEventSelectorsCommand({ TrailName: ARN, EventSelectors: [{ ReadWriteType: 'All' }] })))).toEqual(home);
    expect(await failure(west().send(new AddTagsCommand({ ResourceId: ARN, TagsList: [{ Key: 'k', Value: 'v' }] })))).toEqual(home);
  });

  it('DescribeTrails: home trails, plus shadow trails unless includeShadowTrails is false; names are Region-local, ARNs are not', async () => {
    const names = async (input: object, client = west()) => (await client.send(new DescribeTrailsCommand(input))).trailList!.map((t) => t.Name).sort();
    expect(await names({})).toEqual(['everywhere', 'western']);
    expect(await names({ includeShadowTrails: true })).toEqual(['everywhere', 'western']);
    expect(await names({ includeShadowTrails: false })).toEqual(['western']);
    expect(await names({}, east())).toEqual(['everywhere', 'local']);
    expect(await names({ trailNameList: ['everywhere', 'local', 'western'] })).toEqual(['western']);
    expect(await names({ trailNameList: [arnOf(A, 'everywhere'), arnOf(A, 'local'), 'missing-trail'] })).toEqual(['everywhere', 'local']);
    const shadow = (await west().send(new DescribeTrailsCommand({}))).trailList!.find((t) => t.Name === 'everywhere')!;
    expect(shadow).toMatchObject({ HomeRegion: 'us-east-1', TrailARN: arnOf(A, 'everywhere'), IsMultiRegionTrail: true });
    expect(await failure(west().send(new DescribeTrailsCommand({ trailNameList: ['a'] })))).toMatchObject({ name: 'InvalidTrailNameException' });
    expect(await failure(west().send(new DescribeTrailsCommand({ trailNameList: ['arn:aws:s3:::bucket'] })))).toMatchObject({ name: 'InvalidTrailNameException' });
  });

  it('ListTrails lists every trail of the account once, with its home Region', async () => {
    const { Trails } = await west().send(new ListTrailsCommand({}));
    expect(Trails!.map((t) => [t.Name, t.HomeRegion, t.TrailARN]).sort()).toEqual([
      ['everywhere', 'us-east-1', arnOf(A, 'everywhere')],
      ['local', 'us-east-1', arnOf(A, 'local')],
      ['western', 'us-west-2', arnOf(A, 'western', 'us-west-2')],
    ]);
  });

  it('turning a trail multi-Region makes it a shadow elsewhere; turning it back removes it', async () => {
    await east().send(new UpdateTrailCommand({ Name: 'local', IsMultiRegionTrail: true }));
    expect((await west().send(new DescribeTrailsCommand({}))).trailList!.map((t) => t.Name).sort()).toEqual(['everywhere', 'local', 'western']);
    await east().send(new UpdateTrailCommand({ Name: 'local', IsMultiRegionTrail: false }));
    expect((await west().send(new DescribeTrailsCommand({}))).trailList!.map((t) => t.Name).sort()).toEqual(['everywhere', 'western']);
  });
});

describe('organization trails (§2.2, config file `organization`)', () => {
  const management = rootOf(MANAGEMENT);
  const member = rootOf(MEMBER);
  const ARN = arnOf(MANAGEMENT, 'org-trail');
  beforeAll(async () => {
    const bucket = await openBucket(MANAGEMENT, 'api-org-logs');
    const created = await ct(management).send(new CreateTrailCommand({ Name: 'org-trail', S3BucketName: bucket, IsOrganizationTrail: true, IsMultiRegionTrail: true }));
    expect(created.IsOrganizationTrail).toBe(true);
  });

  it('member accounts see the management account’s ARN, as a shadow trail', async () => {
    const { trailList } = await ct(member).send(new DescribeTrailsCommand({}));
    expect(trailList!.map((t) => [t.TrailARN, t.IsOrganizationTrail, t.HomeRegion])).toEqual([[ARN, true, 'us-east-1']]);
    expect((await ct(member).send(new DescribeTrailsCommand({ includeShadowTrails: false }))).trailList).toEqual([]);
    expect((await ct(member).send(new DescribeTrailsCommand({ trailNameList: [ARN] }))).trailList!.map((t) => t.TrailARN)).toEqual([ARN]);
    expect((await ct(member).send(new GetTrailCommand({ Name: ARN }))).Trail!.TrailARN).toBe(ARN);
    // Members must use the ARN (CT-MODEL GetTrailStatus).
    expect((await ct(member).send(new GetTrailStatusCommand({ Name: ARN }))).IsLogging).toBe(false);
    expect(await failure(ct(member).send(new GetTrailStatusCommand({ Name: 'org-trail' })))).toEqual(
      err('TrailNotFoundException', `Unknown trail: ${arnOf(MEMBER, 'org-trail')} for the user: ${MEMBER}`),
    );
  });

  it('member accounts cannot change it', async () => {
    const denied = err('NotOrganizationMasterAccountException', `The organization trail ${ARN} can only be changed by the organization's management account.`);
    expect(await failure(ct(member).send(new UpdateTrailCommand({ Name: ARN, EnableLogFileValidation: true })))).toEqual(denied);
    expect(await failure(ct(member).send(new DeleteTrailCommand({ Name: ARN })))).toEqual(denied);
    expect(await failure(ct(member).send(new StartLoggingCommand({ Name: ARN })))).toEqual(denied);
    expect(await failure(ct(member).send(new StopLoggingCommand({ Name: ARN })))).toEqual(denied);
    expect(await failure(ct(member).send(new PutEventSelectorsCommand({ TrailName: ARN, EventSelectors: [{ ReadWriteType: 'All' }] })))).toEqual(denied);
    expect(await failure(ct(member).send(new AddTagsCommand({ ResourceId: ARN, TagsList: [{ Key: 'k', Value: 'v' }] })))).toEqual(denied);
  });

  it('only the management account of an organization creates organization trails', async () => {
    await openBucket(MEMBER, 'api-member-logs');
    expect(await failure(ct(member).send(new CreateTrailCommand({ Name: 'mine', S3BucketName: 'api-member-logs', IsOrganizationTrail: true })))).toEqual(
      err('NotOrganizationMasterAccountException', `The organization trail ${arnOf(MEMBER, 'mine')} can only be changed by the organization's management account.`),
    );
    await openBucket(OUTSIDER, 'api-outsider-logs');
    expect(await failure(ct(rootOf(OUTSIDER)).send(new CreateTrailCommand({ Name: 'mine', S3BucketName: 'api-outsider-logs', IsOrganizationTrail: true })))).toEqual(
      err('OrganizationsNotInUseException', 'This account is not a member of an organization.'),
    );
    // Without the flag the member makes its own trail, which the management account does not see.
    await ct(member).send(new CreateTrailCommand({ Name: 'mine', S3BucketName: 'api-member-logs' }));
    expect((await ct(management).send(new DescribeTrailsCommand({}))).trailList!.map((t) => t.TrailARN)).toEqual([ARN]);
  });

  it('the management account turns it into an ordinary trail, which members then no longer see', async () => {
    await ct(management).send(new UpdateTrailCommand({ Name: 'org-trail', IsOrganizationTrail: false }));
    expect((await ct(member).send(new DescribeTrailsCommand({}))).trailList!.map((t) => t.Name)).toEqual(['mine']);
    expect(await failure(ct(member).send(new GetTrailCommand({ Name: ARN })))).toMatchObject({ name: 'TrailNotFoundException' });
  });
});

describe('limits', () => {
  it('allows 5 trails per Region; a multi-Region trail counts in every Region', async () => {
    const A = '100000000004';
    const root = rootOf(A);
    const bucket = await openBucket(A, 'api-limit-logs');
    await ct(root, 'us-east-1').send(new CreateTrailCommand({ Name: 'all-regions', S3BucketName: bucket, IsMultiRegionTrail: true }));
    for (let i = 1; i <= 4; i++) await ct(root, 'us-west-2').send(new CreateTrailCommand({ Name: `west-${i}`, S3BucketName: bucket }));
    expect(await failure(ct(root, 'us-west-2').send(new CreateTrailCommand({ Name: 'west-5', S3BucketName: bucket })))).toEqual(
      err('MaximumNumberOfTrailsExceededException', `User: ${A} already has 5 trails in us-west-2.`),
    );
    // A new multi-Region trail would be the sixth in us-west-2, wherever it is created.
    expect(await failure(ct(root, 'eu-west-1').send(new CreateTrailCommand({ Name: 'all-again', S3BucketName: bucket, IsMultiRegionTrail: true })))).toEqual(
      err('MaximumNumberOfTrailsExceededException', `User: ${A} already has 5 trails in us-west-2.`),
    );
    // A single-Region trail elsewhere is fine (1 shadow + 1 there).
    await ct(root, 'eu-west-1').send(new CreateTrailCommand({ Name: 'europe', S3BucketName: bucket }));
    // A deleted trail frees its place.
    await ct(root, 'us-east-1').send(new DeleteTrailCommand({ Name: 'all-regions' }));
    await ct(root, 'us-west-2').send(new CreateTrailCommand({ Name: 'west-5', S3BucketName: bucket }));
  });

  it('ListTrails pages through more trails than one page holds, and refuses a forged token', async () => {
    const A = '100000000005';
    const root = rootOf(A);
    const bucket = await openBucket(A, 'api-paging-logs');
    const regions = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'ap-south-1', 'ap-northeast-1', 'ap-southeast-1'];
    await Promise.all(regions.map(async (region) => {
      for (let i = 0; i < 5; i++) await ct(root, region).send(new CreateTrailCommand({ Name: `trail-${i}`, S3BucketName: bucket }));
    }));
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ct(root, 'eu-west-1').send(new ListTrailsCommand({ NextToken }));
      seen.push(...page.Trails!.map((t) => t.TrailARN!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(55);
    expect(seen).toContain(arnOf(A, 'trail-4', 'ap-southeast-1'));
    expect(await failure(ct(root).send(new ListTrailsCommand({ NextToken: 'forged' })))).toMatchObject({ name: 'InvalidNextTokenException', status: 400 });
  });
});

describe('PutEventSelectors / GetEventSelectors', () => {
  const A = '100000000006';
  const root = rootOf(A);
  beforeAll(async () => {
    await ct(root).send(new CreateTrailCommand({ Name: 'selective', S3BucketName: await openBucket(A, 'api-selectors-logs') }));
  });

  it('answers the default selectors for a new trail', async () => {
    expect(await ct(root).send(new GetEventSelectorsCommand({ TrailName: 'selective' }))).toMatchObject({
      TrailARN: arnOf(A, 'selective'),
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }],
    });
  });

  it('stores basic selectors with their defaults filled in', async () => {
    const put = await ct(root).send(new PutEventSelectorsCommand({
      TrailName: 'selective',
      EventSelectors: [{ ReadWriteType: 'WriteOnly', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::some-bucket/'] }] }],
    }));
    const expected = [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::some-bucket/'] }], ExcludeManagementEventSources: [] }];
    expect(put).toMatchObject({ TrailARN: arnOf(A, 'selective'), EventSelectors: expected });
    expect((await ct(root).send(new GetEventSelectorsCommand({ TrailName: arnOf(A, 'selective') }))).EventSelectors).toEqual(expected);
    expect((await ct(root).send(new GetTrailCommand({ Name: 'selective' }))).Trail!.HasCustomEventSelectors).toBe(true);
  });

  it('advanced selectors replace basic ones', async () => {
    const AdvancedEventSelectors = [
      { Name: 'writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['false'] }] },
      { Name: 'objects', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] },
    ];
    await ct(root).send(new PutEventSelectorsCommand({ TrailName: 'selective', AdvancedEventSelectors }));
    const got = await ct(root).send(new GetEventSelectorsCommand({ TrailName: 'selective' }));
    expect(got.AdvancedEventSelectors).toEqual(AdvancedEventSelectors);
    expect(got.EventSelectors).toBeUndefined();
  });

  it('refuses invalid selectors with InvalidEventSelectorsException', async () => {
    const bad: [string, object][] = [
      ['both kinds', { EventSelectors: [{}], AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] }],
      ['neither', {}],
      ['no selector', { EventSelectors: [] }],
      ['six selectors', { EventSelectors: Array.from({ length: 6 }, () => ({})) }],
      ['unknown data type', { EventSelectors: [{ DataResources: [{ Type: 'AWS::EC2::Instance', Values: ['arn:aws:ec2'] }] }] }],
      ['data type missing', { EventSelectors: [{ DataResources: [{ Values: ['arn:aws:s3'] }] }] }],
      ['value of another service', { EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:lambda:us-east-1:1:function:f'] }] }] }],
      ['251 data resources', { EventSelectors: [{ DataResources: [{ Type: 'AWS::S3::Object', Values: Array.from({ length: 251 }, (_, i) => `arn:aws:s3:::b${i}/`) }] }] }],
      ['excluding a source that cannot be', { EventSelectors: [{ ExcludeManagementEventSources: ['s3.amazonaws.com'] }] }],
      ['no eventCategory', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'readOnly', Equals: ['true'] }] }] }],
      ['unknown category', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Everything'] }] }] }],
      ['data without resources.type', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] }],
      ['unknown field', { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'color', Equals: ['blue'] }] }] }],
      [
        '501 values',
        { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventName', Equals: Array.from({ length: 500 }, (_, i) => `E${i}`) }] }] },
      ],
    ];
    for (const [what, input] of bad) {
      expect(await failure(ct(root).send(new PutEventSelectorsCommand({ TrailName: 'selective', ...input }))), what).toMatchObject({
        name: 'InvalidEventSelectorsException', status: 400,
      });
    }
    // Lambda's and DynamoDB's "every resource" values are valid.
    await ct(root).send(new PutEventSelectorsCommand({
      TrailName: 'selective',
      EventSelectors: [{ DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }, { Type: 'AWS::DynamoDB::Table', Values: ['arn:aws:dynamodb'] }] }],
    }));
  });

  it('needs the trail in its home Region', async () => {
    expect(await failure(ct(root).send(new GetEventSelectorsCommand({ TrailName: 'missing' })))).toMatchObject({ name: 'TrailNotFoundException' });
    expect((await ct(root, 'eu-west-1').send(new GetEventSelectorsCommand({ TrailName: arnOf(A, 'selective') }))).TrailARN).toBe(arnOf(A, 'selective'));
  });
});

describe('AddTags, RemoveTags, ListTags', () => {
  const A = '100000000007';
  const root = rootOf(A);
  const ARN = arnOf(A, 'tagged');
  let bucket: string;
  beforeAll(async () => {
    bucket = await openBucket(A, 'api-tags-logs');
    await ct(root).send(new CreateTrailCommand({ Name: 'tagged', S3BucketName: bucket, TagsList: [{ Key: 'team', Value: 'audit' }, { Key: 'flag' }] }));
  });
  const tags = async (client = ct(root)) => (await client.send(new ListTagsCommand({ ResourceIdList: [ARN] }))).ResourceTagList![0].TagsList;

  it('keeps the CreateTrail tags, overwrites by key, removes by key', async () => {
    expect(await tags()).toEqual([{ Key: 'team', Value: 'audit' }, { Key: 'flag' }]);
    await ct(root).send(new AddTagsCommand({ ResourceId: ARN, TagsList: [{ Key: 'team', Value: 'security' }, { Key: 'env', Value: 'prod' }] }));
    expect(await tags()).toEqual([{ Key: 'team', Value: 'security' }, { Key: 'flag' }, { Key: 'env', Value: 'prod' }]);
    await ct(root).send(new RemoveTagsCommand({ ResourceId: ARN, TagsList: [{ Key: 'flag' }, { Key: 'not-there' }] }));
    expect(await tags()).toEqual([{ Key: 'team', Value: 'security' }, { Key: 'env', Value: 'prod' }]);
  });

  it('allows 50 tags per trail', async () => {
    const many = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
    await ct(root).send(new AddTagsCommand({ ResourceId: ARN, TagsList: many(48) }));
    expect(await failure(ct(root).send(new AddTagsCommand({ ResourceId: ARN, TagsList: many(1, 48) })))).toEqual(
      err('TagsLimitExceededException', 'The number of tags exceeds the limit of 50 tags per resource.'),
    );
    expect((await tags())!.length).toBe(50);
    // Overwriting existing keys is not adding.
    await ct(root).send(new AddTagsCommand({ ResourceId: ARN, TagsList: [{ Key: 'k0', Value: 'w' }] }));
    expect(await failure(ct(root).send(new CreateTrailCommand({ Name: 'too-many', S3BucketName: bucket, TagsList: many(51) })))).toMatchObject({
      name: 'TagsLimitExceededException',
    });
  });

  it('refuses duplicate and reserved keys, names that are not ARNs, and unknown trails', async () => {
    expect(await failure(ct(root).send(new AddTagsCommand({ ResourceId: ARN, TagsList: [{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }] })))).toMatchObject({
      name: 'InvalidTagParameterException',
    });
    expect(await failure(ct(root).send(new AddTagsCommand({ ResourceId: ARN, TagsList: [{ Key: 'aws:x', Value: '1' }] })))).toMatchObject({ name: 'InvalidTagParameterException' });
    expect(await failure(ct(root).send(new AddTagsCommand({ ResourceId: 'tagged', TagsList: [{ Key: 'a', Value: '1' }] })))).toEqual(
      err('CloudTrailARNInvalidException', 'Invalid trail ARN: tagged'),
    );
    expect(await failure(ct(root).send(new ListTagsCommand({ ResourceIdList: [arnOf(A, 'missing')] })))).toEqual(
      err('ResourceNotFoundException', `Resource not found: ${arnOf(A, 'missing')}`),
    );
    expect(await failure(ct(root).send(new ListTagsCommand({ ResourceIdList: Array.from({ length: 21 }, () => ARN) })))).toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('lists tags in the Regions where the trail records', async () => {
    expect(await failure(ct(root, 'eu-west-1').send(new ListTagsCommand({ ResourceIdList: [ARN] })))).toMatchObject({ name: 'ResourceNotFoundException' });
    await ct(root).send(new UpdateTrailCommand({ Name: 'tagged', IsMultiRegionTrail: true }));
    expect((await tags(ct(root, "eu-west-1")))!.length).toBe(50);
  });
});

describe('LookupEvents, ListPublicKeys', () => {
  // A server of its own whose clock moves one second per request, so that every event has its own
  // second: AWS's event times have one-second resolution, and events of the same second have no
  // defined order. It starts two minutes back so that signatures stay within the clock-skew window.
  const A = '100000000009';
  const root = rootOf(A);
  let timed: RunningServer;
  beforeAll(async () => {
    let t = Math.floor(Date.now() / 1000) * 1000 - 120_000;
    timed = await startServer({ deliveryIntervalMs: 0, clock: () => new Date((t += 1000)) });
  });
  afterAll(() => timed.close());
  const trailAt = (c: Credentials, region = 'us-east-1') => new CloudTrailClient(clientConfig(timed.url, c, region));
  const kmsOn = (c: Credentials, region = 'us-east-1') => new KMSClient(clientConfig(timed.url, c, region));
  const lookup = (input: LookupEventsCommandInput, c = root) => trailAt(c).send(new LookupEventsCommand(input));
  const attr = (AttributeKey: string, AttributeValue: string) => ({ LookupAttributes: [{ AttributeKey: AttributeKey as 'EventName', AttributeValue }] });

  it('finds the account’s management events of this Region, newest first, one attribute at a time', async () => {
    await kmsOn(root).send(new CreateKeyCommand({ Description: 'lookup' }));
    await kmsOn(root).send(new ListKeysCommand({}));
    await trailAt(root).send(new DescribeTrailsCommand({}));
    await kmsOn(root, 'eu-west-1').send(new ListKeysCommand({}));
    await kmsOn(rootOf('100000000010')).send(new ListKeysCommand({}));
    const { Events } = await lookup({});
    expect(Events!.map((e) => e.EventName)).toEqual(['DescribeTrails', 'ListKeys', 'CreateKey']);
    const times = Events!.map((e) => e.EventTime!.getTime());
    expect(times[0]).toBeGreaterThan(times[1]);
    expect(times[1]).toBeGreaterThan(times[2]);
    const createKey = Events![2];
    expect(createKey).toMatchObject({ EventSource: 'kms.amazonaws.com', ReadOnly: 'false', Username: 'root', AccessKeyId: A });
    expect(JSON.parse(createKey.CloudTrailEvent!)).toMatchObject({ eventName: 'CreateKey', eventID: createKey.EventId, recipientAccountId: A, awsRegion: 'us-east-1' });

    const only = async (key: string, value: string) => (await lookup(attr(key, value))).Events!.map((e) => e.EventName);
    // LookupEvents calls are read-only management events too, newer than the rest.
    expect(await only('EventName', 'ListKeys')).toEqual(['ListKeys']);
    expect(await only('ReadOnly', 'false')).toEqual(['CreateKey']);
    expect(await only('EventSource', 'kms.amazonaws.com')).toEqual(['ListKeys', 'CreateKey']);
    expect(await only('EventId', createKey.EventId!)).toEqual(['CreateKey']);
    expect(await only('Username', 'someone-else')).toEqual([]);
    expect(await only('AccessKeyId', A)).toEqual([...Array(6).fill('LookupEvents'), 'DescribeTrails', 'ListKeys', 'CreateKey']);
  });

  it('pages with MaxResults and a NextToken bound to the parameters, also when no times are given', async () => {
    const all = (await lookup({})).Events!.map((e) => e.EventId!);
    const paged: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await lookup({ MaxResults: 2, NextToken });
      expect(page.Events!.length).toBeLessThanOrEqual(2);
      paged.push(...page.Events!.map((e) => e.EventId!));
      NextToken = page.NextToken;
    } while (NextToken);
    // The first page also shows the LookupEvents call that made `all`; later pages walk below it.
    expect(paged.slice(1)).toEqual(all);
    const first = await lookup({ MaxResults: 1 });
    const invalid = { name: 'InvalidNextTokenException', status: 400 };
    expect(await failure(lookup({ MaxResults: 1, NextToken: first.NextToken, ...attr('EventName', 'ListKeys') }))).toMatchObject(invalid);
    expect(await failure(lookup({ NextToken: first.NextToken, StartTime: new Date(0) }))).toMatchObject(invalid);
    expect(await failure(lookup({ NextToken: first.NextToken }, rootOf('100000000010')))).toMatchObject(invalid);
    expect(await failure(lookup({ NextToken: 'garbage' }))).toMatchObject(invalid);
    // MaxResults may change between pages.
    expect((await lookup({ MaxResults: 3, NextToken: first.NextToken })).Events!.length).toBe(3);
  });

  it('limits the time range, inclusively, and checks it', async () => {
    const { Events } = await lookup(attr('EventName', 'CreateKey'));
    const at = Events![0].EventTime!;
    expect((await lookup({ StartTime: at, EndTime: at })).Events!.map((e) => e.EventName)).toEqual(['CreateKey']);
    expect((await lookup({ EndTime: new Date(at.getTime() - 1000) })).Events).toEqual([]);
    expect((await lookup({ StartTime: new Date(at.getTime() + 1000), EndTime: new Date(at.getTime() + 2000) })).Events!.map((e) => e.EventName)).toEqual([
      'DescribeTrails', 'ListKeys',
    ]);
    expect(await failure(lookup({ StartTime: new Date(at.getTime() + 1000), EndTime: at }))).toEqual(err('InvalidTimeRangeException', 'Start time must be before end time.'));
  });

  it('takes one lookup attribute at most', async () => {
    const two = [{ AttributeKey: 'EventName' as const, AttributeValue: 'ListKeys' }, { AttributeKey: 'ReadOnly' as const, AttributeValue: 'true' }];
    expect(await failure(lookup({ LookupAttributes: two }))).toEqual(err('InvalidLookupAttributesException', 'You cannot have more than one lookup attribute.'));
    expect((await lookup({ EventCategory: 'insight' })).Events).toEqual([]);
  });

  it('forgets events once they are 90 days old: a delivery round removes them from the history', async () => {
    // A server of its own whose clock the test moves. Its callers use keys it does not know,
    // which in the default auth mode act as their account's root without signature checks, so
    // that the clock may run ahead of the signing time.
    let now = Date.now();
    const aged = await startServer({ deliveryIntervalMs: 0, clock: () => new Date(now) });
    try {
      const B = rootOf('100000000011');
      const when = new Date(Math.floor(now / 1000) * 1000);
      await new KMSClient(clientConfig(aged.url, B)).send(new ListKeysCommand({}));
      const look = () => new CloudTrailClient(clientConfig(aged.url, B)).send(new LookupEventsCommand({ StartTime: new Date(when.getTime() - 1000), EndTime: new Date(when.getTime() + 1000), ...attr('EventName', 'ListKeys') }));
      now += 89 * 24 * 3600 * 1000;
      await aged.flush();
      expect((await look()).Events!.map((e) => e.EventName)).toEqual(['ListKeys']);
      now += 2 * 24 * 3600 * 1000;
      await aged.flush();
      expect((await look()).Events).toEqual([]);
    } finally {
      await aged.close();
    }
  });

  it('ListPublicKeys answers this Region’s current digest-signing key', async () => {
    const { PublicKeyList } = await trailAt(root).send(new ListPublicKeysCommand({}));
    expect(PublicKeyList!.length).toBeGreaterThanOrEqual(1);
    expect(PublicKeyList![0].Fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(PublicKeyList![0].Value!.length).toBeGreaterThan(200);
    expect(await failure(trailAt(root).send(new ListPublicKeysCommand({ StartTime: new Date(), EndTime: new Date(Date.now() - 3600_000) })))).toMatchObject({
      name: 'InvalidTimeRangeException',
    });
  });
});

describe('IAM authorization of the caller (§2.3)', () => {
  const ARN = (name: string) => arnOf(IAM_ACCOUNT, name);
  const deniedText = (user: string, action: string, resource: string) =>
    `User: arn:aws:iam::${IAM_ACCOUNT}:user/${user} is not authorized to perform: cloudtrail:${action} on resource: ${resource} because no identity-based policy allows the cloudtrail:${action} action`;
  beforeAll(async () => {
    await ct(rootOf(IAM_ACCOUNT)).send(new CreateTrailCommand({ Name: 'guarded', S3BucketName: await openBucket(IAM_ACCOUNT, 'api-iam-logs') }));
  });

  it('answers AccessDeniedException, HTTP 400, with IAM’s text, before looking at the request', async () => {
    expect(await failure(ct(limited).send(new CreateTrailCommand({ Name: 'mine', S3BucketName: 'no-such-bucket-anywhere' })))).toEqual(
      err('AccessDeniedException', deniedText('limited', 'CreateTrail', ARN('mine'))),
    );
    // Even for a trail that does not exist, and with the ARN the name has in this Region.
    expect(await failure(ct(limited).send(new GetTrailCommand({ Name: 'no-such-trail' })))).toEqual(
      err('AccessDeniedException', deniedText('limited', 'GetTrail', ARN('no-such-trail'))),
    );
    expect(await failure(ct(limited).send(new LookupEventsCommand({})))).toEqual(err('AccessDeniedException', deniedText('limited', 'LookupEvents', '*')));
    expect(await failure(ct(limited).send(new AddTagsCommand({ ResourceId: ARN('guarded'), TagsList: [{ Key: 'a', Value: 'b' }] })))).toEqual(
      err('AccessDeniedException', deniedText('limited', 'AddTags', ARN('guarded'))),
    );
    // What the policy allows works.
    expect((await ct(limited).send(new DescribeTrailsCommand({}))).trailList!.map((t) => t.Name)).toEqual(['guarded']);
  });

  it('names an explicit deny', async () => {
    expect(await failure(ct(partial).send(new DeleteTrailCommand({ Name: 'guarded' })))).toEqual(
      err(
        'AccessDeniedException',
        `User: arn:aws:iam::${IAM_ACCOUNT}:user/partial is not authorized to perform: cloudtrail:DeleteTrail on resource: ${ARN('guarded')} with an explicit deny in an identity-based policy`,
      ),
    );
    expect((await ct(partial).send(new GetTrailStatusCommand({ Name: 'guarded' }))).IsLogging).toBe(false);
  });
});
