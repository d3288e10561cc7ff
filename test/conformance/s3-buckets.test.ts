// S3 bucket operations through @aws-sdk/client-s3, path-style and virtual-hosted.
import {
  CreateBucketCommand, DeleteBucketCommand, DeleteBucketEncryptionCommand, DeleteBucketPolicyCommand, DeletePublicAccessBlockCommand,
  GetBucketAclCommand, GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketOwnershipControlsCommand, GetBucketPolicyCommand,
  GetBucketTaggingCommand, GetPublicAccessBlockCommand, HeadBucketCommand, ListBucketsCommand, PutBucketEncryptionCommand, PutBucketPolicyCommand,
  PutObjectCommand, PutPublicAccessBlockCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { rootOf, startServer } from './harness.js';
import { policy, s3Client } from './s3-fixtures.js';

const ACCOUNT = '111111111111';
const OTHER = '222222222222';
let server: RunningServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startServer();
  s3 = s3Client(server.url, rootOf(ACCOUNT));
});
afterAll(() => server.close());

describe('buckets', () => {
  it('creates, heads, lists and deletes a bucket (path style)', async () => {
    const created = await s3.send(new CreateBucketCommand({ Bucket: 'path-bucket' }));
    expect(created.Location).toBe('/path-bucket');
    const head = await s3.send(new HeadBucketCommand({ Bucket: 'path-bucket' }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    expect((head as { BucketRegion?: string }).BucketRegion).toBe('us-east-1');
    const { Buckets, Owner } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets!.map((b) => b.Name)).toContain('path-bucket');
    expect(Owner!.ID).toMatch(/^[0-9a-f]{64}$/);
    await s3.send(new DeleteBucketCommand({ Bucket: 'path-bucket' }));
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'path-bucket' }))).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  it('serves virtual-hosted style on <bucket>.localhost and <bucket>.s3.localhost', async () => {
    for (const host of ['localhost', 's3.localhost']) {
      const client = s3Client(server.url, rootOf(ACCOUNT), { virtualHost: host });
      const Bucket = `virtual-${host.replace('.', '-')}`;
      await client.send(new CreateBucketCommand({ Bucket }));
      await client.send(new PutObjectCommand({ Bucket, Key: 'dir/file.txt', Body: 'x' }));
      expect((await client.send(new HeadBucketCommand({ Bucket }))).$metadata.httpStatusCode).toBe(200);
      // Seen through the path-style client too: one endpoint, two addressing styles.
      expect((await s3.send(new GetBucketLocationCommand({ Bucket }))).LocationConstraint).toBeUndefined();
    }
  });

  it('keeps the Region of LocationConstraint and answers GetBucketLocation from any Region', async () => {
    const eu = s3Client(server.url, rootOf(ACCOUNT), { region: 'eu-west-1' });
    await eu.send(new CreateBucketCommand({ Bucket: 'eu-bucket', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'eu-bucket' }))).LocationConstraint).toBe('eu-west-1');
    // A request signed for another Region is refused, naming the bucket's (the AWS CLI follows it).
    await expect(s3.send(new GetBucketAclCommand({ Bucket: 'eu-bucket' }))).rejects.toMatchObject({
      name: 'AuthorizationHeaderMalformed',
      message: "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
      Region: 'eu-west-1',
      $metadata: { httpStatusCode: 400 },
    });
    // (The SDK adds the client's Region as LocationConstraint itself; a different one is refused.)
    await expect(eu.send(new CreateBucketCommand({ Bucket: 'eu-bucket-2', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }))).rejects.toMatchObject({
      name: 'IllegalLocationConstraintException',
      message: 'The us-west-2 location constraint is incompatible for the region specific endpoint this request was sent to.',
    });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'bad-lc', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never } }))).rejects.toMatchObject({
      name: 'InvalidLocationConstraint',
      message: 'The specified location-constraint is not valid',
    });
  });

  it("answers S3's errors for existing, missing, non-empty and invalid buckets", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'taken' }));
    await expect(s3Client(server.url, rootOf(OTHER)).send(new CreateBucketCommand({ Bucket: 'taken' }))).rejects.toMatchObject({
      name: 'BucketAlreadyExists',
      $metadata: { httpStatusCode: 409 },
    });
    const eu = s3Client(server.url, rootOf(ACCOUNT), { region: 'eu-west-1' });
    await eu.send(new CreateBucketCommand({ Bucket: 'eu-owned', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    await expect(eu.send(new CreateBucketCommand({ Bucket: 'eu-owned', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }))).rejects.toMatchObject({
      name: 'BucketAlreadyOwnedByYou',
      message: 'Your previous request to create the named bucket succeeded and you already own it.',
      BucketName: 'eu-owned',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(s3.send(new GetBucketAclCommand({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
      message: 'The specified bucket does not exist',
      BucketName: 'no-such-bucket',
      $metadata: { httpStatusCode: 404 },
    });
    await s3.send(new PutObjectCommand({ Bucket: 'taken', Key: 'k', Body: 'x' }));
    await expect(s3.send(new DeleteBucketCommand({ Bucket: 'taken' }))).rejects.toMatchObject({
      name: 'BucketNotEmpty',
      message: 'The bucket you tried to delete is not empty',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'Not_Valid' }))).rejects.toMatchObject({
      name: 'InvalidBucketName',
      message: 'The specified bucket is not valid.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers NotImplemented for S3 operations trailkey does not serve', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'untagged' }));
    await expect(s3.send(new GetBucketTaggingCommand({ Bucket: 'untagged' }))).rejects.toMatchObject({
      name: 'NotImplemented',
      message: 'trailkey does not implement GetBucketTagging',
      $metadata: { httpStatusCode: 501 },
    });
  });
});

describe('bucket settings', () => {
  beforeAll(() => s3.send(new CreateBucketCommand({ Bucket: 'settings' })));

  it('GetBucketAcl: the owner has full control; ownership is BucketOwnerEnforced', async () => {
    const acl = await s3.send(new GetBucketAclCommand({ Bucket: 'settings' }));
    expect(acl.Grants).toEqual([{ Grantee: { ID: acl.Owner!.ID, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }]);
    const own = await s3.send(new GetBucketOwnershipControlsCommand({ Bucket: 'settings' }));
    expect(own.OwnershipControls!.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
  });

  it('default encryption: SSE-S3 until configured; SSE-KMS with a key and Bucket Keys; back to SSE-S3 when deleted', async () => {
    const get = async () => (await s3.send(new GetBucketEncryptionCommand({ Bucket: 'settings' }))).ServerSideEncryptionConfiguration!.Rules;
    expect(await get()).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }]);
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'settings',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/logs' }, BucketKeyEnabled: true }] },
      }),
    );
    expect(await get()).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/logs' }, BucketKeyEnabled: true }]);
    await expect(
      s3.send(new PutBucketEncryptionCommand({ Bucket: 'settings', ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256', KMSMasterKeyID: 'k' } }] } })),
    ).rejects.toMatchObject({ name: 'InvalidArgument', $metadata: { httpStatusCode: 400 } });
    await s3.send(new DeleteBucketEncryptionCommand({ Bucket: 'settings' }));
    expect(await get()).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }]);
  });

  it('bucket policy: put, get back verbatim, validation texts, delete, NoSuchBucketPolicy', async () => {
    const doc = policy({ Sid: 'Read', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::settings/*' });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'settings', Policy: doc }));
    expect((await s3.send(new GetBucketPolicyCommand({ Bucket: 'settings' }))).Policy).toBe(doc);
    await expect(
      s3.send(new PutBucketPolicyCommand({ Bucket: 'settings', Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::elsewhere/*' }) })),
    ).rejects.toMatchObject({ name: 'MalformedPolicy', message: 'Policy has invalid resource', $metadata: { httpStatusCode: 400 } });
    await expect(
      s3.send(new PutBucketPolicyCommand({ Bucket: 'settings', Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::settings/*' }) })),
    ).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await s3.send(new DeleteBucketPolicyCommand({ Bucket: 'settings' }));
    await expect(s3.send(new GetBucketPolicyCommand({ Bucket: 'settings' }))).rejects.toMatchObject({
      name: 'NoSuchBucketPolicy',
      message: 'The bucket policy does not exist',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('Block Public Access: on by default, can be changed and removed', async () => {
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'settings' }))).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'settings', PublicAccessBlockConfiguration: { BlockPublicPolicy: false } }));
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'settings' }))).PublicAccessBlockConfiguration).toMatchObject({ BlockPublicPolicy: false, BlockPublicAcls: false });
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: 'settings' }));
    await expect(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'settings' }))).rejects.toMatchObject({
      name: 'NoSuchPublicAccessBlockConfiguration',
      $metadata: { httpStatusCode: 404 },
    });
  });
});
