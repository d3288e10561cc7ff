// Who may do what in S3 (policy-semantics.md §4.2 S3 specifics): identity and bucket policies in the
// same account and across accounts, anonymous callers, S3 condition keys, and S3's authentication errors.
import {
  CreateBucketCommand, DeletePublicAccessBlockCommand, GetBucketPolicyCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand,
  PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { rootOf, startServer } from './harness.js';
import { allow, bodyText, kmsKey, policy, s3Client, userWith } from './s3-fixtures.js';
import { anonymousS3, errorCode, rawS3 } from './s3-raw.js';

const A = '111111111111';
const B = '222222222222';
let server: RunningServer;
let ownerS3: S3Client;

beforeAll(async () => {
  server = await startServer();
  ownerS3 = s3Client(server.url, rootOf(A));
  await ownerS3.send(new CreateBucketCommand({ Bucket: 'shared-data' }));
  await ownerS3.send(new PutObjectCommand({ Bucket: 'shared-data', Key: 'report.csv', Body: 'a,b\n1,2\n' }));
  await ownerS3.send(new PutObjectCommand({ Bucket: 'shared-data', Key: 'public/readme', Body: 'public' }));
});
afterAll(() => server.close());

const denied = { name: 'AccessDenied', message: 'Access Denied', $metadata: { httpStatusCode: 403 } };
const read = (client: S3Client, Key = 'report.csv') => client.send(new GetObjectCommand({ Bucket: 'shared-data', Key }));

describe('same account', () => {
  it('an identity policy allows; so does a bucket policy that names the user; naming only the account delegates', async () => {
    const byIam = await userWith(server.url, rootOf(A), [allow('s3:GetObject', 'arn:aws:s3:::shared-data/*')]);
    expect(await bodyText((await read(s3Client(server.url, byIam))).Body)).toBe('a,b\n1,2\n');
    const named = await userWith(server.url, rootOf(A));
    await expect(read(s3Client(server.url, named))).rejects.toMatchObject(denied);
    await ownerS3.send(
      new PutBucketPolicyCommand({
        Bucket: 'shared-data',
        Policy: policy(
          { Sid: 'Named', Effect: 'Allow', Principal: { AWS: named.arn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-data/*' },
          { Sid: 'Account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::shared-data' },
        ),
      }),
    );
    expect(await bodyText((await read(s3Client(server.url, named))).Body)).toBe('a,b\n1,2\n');
    await expect(s3Client(server.url, named).send(new ListObjectsV2Command({ Bucket: 'shared-data' }))).rejects.toMatchObject(denied);
  });

  it('an explicit Deny in the bucket policy wins over an identity Allow', async () => {
    const user = await userWith(server.url, rootOf(A), [allow('s3:*')]);
    await ownerS3.send(
      new PutBucketPolicyCommand({
        Bucket: 'shared-data',
        Policy: policy({ Effect: 'Deny', Principal: { AWS: user.arn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-data/report.csv' }),
      }),
    );
    await expect(read(s3Client(server.url, user))).rejects.toMatchObject(denied);
    expect(await bodyText((await read(s3Client(server.url, user), 'public/readme')).Body)).toBe('public');
  });
});

describe('cross account', () => {
  it('needs the bucket policy (by account or by user) and the caller identity policy', async () => {
    const withIam = await userWith(server.url, rootOf(B), [allow('s3:GetObject')]);
    const withoutIam = await userWith(server.url, rootOf(B));
    await expect(read(s3Client(server.url, withIam))).rejects.toMatchObject(denied);
    await ownerS3.send(
      new PutBucketPolicyCommand({
        Bucket: 'shared-data',
        Policy: policy({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${B}:root`, withoutIam.arn] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared-data/*' }),
      }),
    );
    expect(await bodyText((await read(s3Client(server.url, withIam))).Body)).toBe('a,b\n1,2\n');
    await expect(read(s3Client(server.url, withoutIam))).rejects.toMatchObject(denied);
    // Bucket policy operations stay with the owning account: 405 even when allowed.
    const admin = await userWith(server.url, rootOf(B), [allow('s3:*')]);
    await ownerS3.send(
      new PutBucketPolicyCommand({
        Bucket: 'shared-data',
        Policy: policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: ['s3:GetBucketPolicy', 's3:GetObject'], Resource: ['arn:aws:s3:::shared-data', 'arn:aws:s3:::shared-data/*'] }),
      }),
    );
    await expect(s3Client(server.url, admin).send(new GetBucketPolicyCommand({ Bucket: 'shared-data' }))).rejects.toMatchObject({
      name: 'MethodNotAllowed',
      $metadata: { httpStatusCode: 405 },
    });
    // x-amz-expected-bucket-owner guards against writing to someone else's bucket.
    await expect(s3Client(server.url, admin).send(new GetObjectCommand({ Bucket: 'shared-data', Key: 'report.csv', ExpectedBucketOwner: B }))).rejects.toMatchObject(denied);
  });
});

describe('anonymous callers', () => {
  it('get only what a `*` grant gives, once Block Public Access allows the policy', async () => {
    await ownerS3.send(new CreateBucketCommand({ Bucket: 'website' }));
    await ownerS3.send(new PutObjectCommand({ Bucket: 'website', Key: 'index.html', Body: '<h1>hi</h1>' }));
    const get = () => anonymousS3(server.url, 'GET', '/website/index.html');
    expect([(await get()).status, errorCode(await get())]).toEqual([403, 'AccessDenied']);
    await ownerS3.send(new DeletePublicAccessBlockCommand({ Bucket: 'website' }));
    await ownerS3.send(
      new PutBucketPolicyCommand({ Bucket: 'website', Policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::website/*' }) }),
    );
    const ok = await get();
    expect([ok.status, ok.body]).toEqual([200, '<h1>hi</h1>']);
    const list = await anonymousS3(server.url, 'GET', '/website?list-type=2');
    expect([list.status, errorCode(list)]).toEqual([403, 'AccessDenied']);
    const write = await anonymousS3(server.url, 'PUT', '/website/x', {}, Buffer.from('x'));
    expect(write.status).toBe(403);
  });
});

describe('S3 condition keys', () => {
  it('s3:x-amz-server-side-encryption and s3:x-amz-server-side-encryption-aws-kms-key-id come from the request headers', async () => {
    await ownerS3.send(new CreateBucketCommand({ Bucket: 'kms-only' }));
    const key = await kmsKey(server.url, rootOf(A));
    await ownerS3.send(
      new PutBucketPolicyCommand({
        Bucket: 'kms-only',
        Policy: policy(
          { Sid: 'RequireKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::kms-only/*', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } },
          { Sid: 'RequireKey', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::kms-only/*', Condition: { StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': key.Arn } } },
        ),
      }),
    );
    await expect(ownerS3.send(new PutObjectCommand({ Bucket: 'kms-only', Key: 'k', Body: 'x' }))).rejects.toMatchObject(denied);
    await expect(ownerS3.send(new PutObjectCommand({ Bucket: 'kms-only', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.KeyId }))).rejects.toMatchObject(denied);
    await ownerS3.send(new PutObjectCommand({ Bucket: 'kms-only', Key: 'k', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.Arn }));
  });

  it('s3:prefix and s3:x-amz-acl', async () => {
    const lister = await userWith(server.url, rootOf(A), [allow('s3:ListBucket', 'arn:aws:s3:::shared-data', { Condition: { StringEquals: { 's3:prefix': 'public/' } } })]);
    const client = s3Client(server.url, lister);
    expect((await client.send(new ListObjectsV2Command({ Bucket: 'shared-data', Prefix: 'public/' }))).KeyCount).toBe(1);
    await expect(client.send(new ListObjectsV2Command({ Bucket: 'shared-data' }))).rejects.toMatchObject(denied);
    const writer = await userWith(server.url, rootOf(A), [allow('s3:PutObject', '*', { Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } })]);
    await expect(s3Client(server.url, writer).send(new PutObjectCommand({ Bucket: 'shared-data', Key: 'w', Body: 'x' }))).rejects.toMatchObject(denied);
    await s3Client(server.url, writer).send(new PutObjectCommand({ Bucket: 'shared-data', Key: 'w', Body: 'x', ACL: 'bucket-owner-full-control' }));
  });
});

describe('signature condition keys', () => {
  it('s3:authType and s3:signatureversion tell presigned URLs from header-signed requests', async () => {
    await ownerS3.send(new CreateBucketCommand({ Bucket: 'no-presign' }));
    await ownerS3.send(new PutObjectCommand({ Bucket: 'no-presign', Key: 'k', Body: 'data' }));
    await ownerS3.send(
      new PutBucketPolicyCommand({
        Bucket: 'no-presign',
        Policy: policy(
          { Sid: 'NoUrls', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::no-presign/*', Condition: { StringEquals: { 's3:authType': 'REST-QUERY-STRING' } } },
          { Sid: 'SigV4Only', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::no-presign/*', Condition: { StringNotEquals: { 's3:signatureversion': 'AWS4-HMAC-SHA256' } } },
        ),
      }),
    );
    const user = await userWith(server.url, rootOf(A), [allow('s3:GetObject')]);
    expect(await bodyText((await s3Client(server.url, user).send(new GetObjectCommand({ Bucket: 'no-presign', Key: 'k' }))).Body)).toBe('data');
    const url = await rawS3(server.url, user, { method: 'GET', path: '/no-presign/k', presign: true, payload: 'none' });
    expect([url.status, errorCode(url)]).toEqual([403, 'AccessDenied']);
  });
});

describe('authentication errors', () => {
  it('SignatureDoesNotMatch for a wrong secret; InvalidAccessKeyId for an unknown key in strict mode', async () => {
    const user = await userWith(server.url, rootOf(A), [allow('s3:*')]);
    await expect(s3Client(server.url, { ...user, secretAccessKey: 'wrong' }).send(new ListObjectsV2Command({ Bucket: 'shared-data' }))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    const strict = await startServer({ auth: 'strict' });
    try {
      await expect(s3Client(strict.url, { accessKeyId: 'AKIANOTAKEYATALL0000', secretAccessKey: 'x' }).send(new ListObjectsV2Command({ Bucket: 'b' }))).rejects.toMatchObject({
        name: 'InvalidAccessKeyId',
        message: 'The AWS Access Key Id you provided does not exist in our records.',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      await strict.close();
    }
  });

  it('RequestTimeTooSkewed beyond 15 minutes', async () => {
    const skewed = await startServer({ clock: () => new Date(Date.now() + 20 * 60_000) });
    try {
      // An unknown key is not verified in the default mode, so the clock is checked with a real user's key.
      const user = await userWith(skewed.url, rootOf(A), [allow('s3:*')]);
      await expect(s3Client(skewed.url, user).send(new ListObjectsV2Command({ Bucket: 'b' }))).rejects.toMatchObject({
        name: 'RequestTimeTooSkewed',
        message: 'The difference between the request time and the current time is too large.',
        MaxAllowedSkewMilliseconds: '900000',
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      await skewed.close();
    }
  });
});
