// S3 operations through a real Call over an in-memory store (test-world.ts): bucket rules,
// authorization (same account, cross account, service principal, anonymous), SSE glue against a
// fake KMS, and the lifecycle of stored blobs.
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsError } from '../../core/aws-error.js';
import { deleteBucketPolicy, getBucketPolicy, putBucketPolicy } from './bucket-policy.js';
import { deleteBucketEncryption, deletePublicAccessBlock, getBucketEncryption, putBucketEncryption } from './bucket-settings.js';
import { createBucket, deleteBucket, getBucketAcl, getBucketLocation, listBuckets } from './buckets.js';
import { deleteObject } from './delete-object.js';
import { getObjectOp, headObject } from './get-object.js';
import { abortMultipartUpload, createMultipartUpload, uploadPart } from './multipart.js';
import { putObject } from './put-object.js';
import { T, getObject, type ObjectRecord } from './records.js';
import { ACCOUNT, OTHER, TestWorld, allow, bucketPolicy } from './test-world.js';

let w: TestWorld;
beforeEach(() => {
  w = new TestWorld();
});

/** A GetObject body: a Buffer (one stored piece) or a stream of pieces. */
const text = async (body: Buffer | AsyncIterable<Buffer>) => {
  if (Buffer.isBuffer(body)) return body.toString();
  const parts: Buffer[] = [];
  for await (const p of body) parts.push(p);
  return Buffer.concat(parts).toString();
};

async function bucket(name = 'logs', account = ACCOUNT, region?: string) {
  await w.run(w.root(account), createBucket, { Bucket: name, CreateBucketConfiguration: region ? { LocationConstraint: region } : undefined }, { region: region ?? 'us-east-1' });
}

describe('CreateBucket', () => {
  it('takes the Region from LocationConstraint, and refuses constraints the endpoint cannot serve', async () => {
    await bucket('eu-logs', ACCOUNT, 'eu-west-1');
    await w.run(w.root(), createBucket, { Bucket: 'old-eu', CreateBucketConfiguration: { LocationConstraint: 'EU' } });
    expect(await w.run(w.root(), getBucketLocation, { Bucket: 'eu-logs' })).toEqual({ LocationConstraint: 'eu-west-1' });
    expect(await w.run(w.root(), getBucketLocation, { Bucket: 'old-eu' })).toEqual({ LocationConstraint: 'eu-west-1' });
    expect(await w.fail(w.root(), createBucket, { Bucket: 'x-one' }, { region: 'eu-west-1' })).toMatchObject({
      code: 'IllegalLocationConstraintException',
      message: 'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
    });
    expect(await w.fail(w.root(), createBucket, { Bucket: 'x-two', CreateBucketConfiguration: { LocationConstraint: 'us-west-2' } }, { region: 'eu-west-1' })).toMatchObject({
      code: 'IllegalLocationConstraintException',
      message: 'The us-west-2 location constraint is incompatible for the region specific endpoint this request was sent to.',
    });
    expect(await w.fail(w.root(), createBucket, { Bucket: 'x-three', CreateBucketConfiguration: { LocationConstraint: 'us-east-1' } })).toMatchObject({
      code: 'InvalidLocationConstraint',
      status: 400,
    });
  });

  it('answers BucketAlreadyExists to other accounts and BucketAlreadyOwnedByYou outside us-east-1', async () => {
    await bucket('shared');
    await bucket('eu-only', ACCOUNT, 'eu-west-1');
    expect(await w.fail(w.root(OTHER), createBucket, { Bucket: 'shared' })).toMatchObject({ code: 'BucketAlreadyExists', status: 409 });
    expect(await w.fail(w.root(), createBucket, { Bucket: 'eu-only', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }, { region: 'eu-west-1' })).toMatchObject({
      code: 'BucketAlreadyOwnedByYou',
      status: 409,
      fields: { BucketName: 'eu-only' },
    });
    // us-east-1 answers the owner 200 (S3 error-code list).
    expect(await w.run(w.root(), createBucket, { Bucket: 'shared' })).toEqual({ Location: '/shared' });
  });

  it('needs s3:CreateBucket from an identity policy; services and anonymous callers never have one', async () => {
    expect(await w.fail(w.user('nobody'), createBucket, { Bucket: 'a-bucket' })).toMatchObject({ code: 'AccessDenied', status: 403, message: 'Access Denied' });
    await w.run(w.user('maker', [allow('s3:CreateBucket', 'arn:aws:s3:::team-*')]), createBucket, { Bucket: 'team-a' });
    expect(await w.fail(w.service('cloudtrail.amazonaws.com'), createBucket, { Bucket: 'svc-bucket' })).toMatchObject({ code: 'AccessDenied' });
    expect(await w.fail(w.anonymous(), createBucket, { Bucket: 'anon-bucket' })).toMatchObject({ code: 'AccessDenied' });
  });

  it('refuses ACLs with BucketOwnerEnforced, and lists only the caller account buckets', async () => {
    expect(await w.fail(w.root(), createBucket, { Bucket: 'acl-bucket', ACL: 'public-read' })).toMatchObject({ code: 'InvalidArgument' });
    await bucket('mine');
    await bucket('theirs', OTHER);
    const out = await w.run<{ Buckets: { Name: string }[] }>(w.root(), listBuckets, {});
    expect(out.Buckets.map((b) => b.Name)).toEqual(['mine']);
  });
});

describe('bucket policy operations', () => {
  const denyAll = bucketPolicy({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'] });

  it('are always open to the owning account root, even against a Deny', async () => {
    await bucket();
    await w.run(w.root(), putBucketPolicy, { Bucket: 'logs', Policy: denyAll });
    expect(await w.run(w.root(), getBucketPolicy, { Bucket: 'logs' })).toEqual({ Policy: denyAll });
    expect(await w.fail(w.root(), getBucketAcl, { Bucket: 'logs' })).toMatchObject({ code: 'AccessDenied' });
    await w.run(w.root(), deleteBucketPolicy, { Bucket: 'logs' });
    expect(await w.fail(w.root(), getBucketPolicy, { Bucket: 'logs' })).toMatchObject({ code: 'NoSuchBucketPolicy', status: 404, message: 'The bucket policy does not exist' });
  });

  it('answer 405 MethodNotAllowed to another account even when a policy allows it', async () => {
    await bucket();
    const open = bucketPolicy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 's3:GetBucketPolicy', Resource: 'arn:aws:s3:::logs' });
    await w.run(w.root(), putBucketPolicy, { Bucket: 'logs', Policy: open });
    expect(await w.fail(w.user('peer', [allow('s3:*')], OTHER), getBucketPolicy, { Bucket: 'logs' })).toMatchObject({ code: 'MethodNotAllowed', status: 405 });
    expect(await w.fail(w.user('stranger', [], OTHER), putBucketPolicy, { Bucket: 'logs', Policy: open })).toMatchObject({ code: 'AccessDenied', status: 403 });
  });

  it("validate with S3's MalformedPolicy texts", async () => {
    await bucket();
    const bad = (Policy: string) => w.fail(w.root(), putBucketPolicy, { Bucket: 'logs', Policy });
    expect(await bad('not json')).toMatchObject({ code: 'MalformedPolicy', status: 400, message: "Policies must be valid JSON and the first byte must be '{'" });
    expect(await bad('{ "Version": ')).toMatchObject({ code: 'MalformedPolicy', status: 400, message: 'This policy contains invalid Json' });
    expect(await bad(bucketPolicy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }))).toMatchObject({
      code: 'MalformedPolicy',
      message: 'Policy has invalid resource',
    });
  });

  it('refuse public policies while BlockPublicPolicy is on; without it, anonymous callers get what `*` grants', async () => {
    await bucket();
    await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'public.txt', Body: Buffer.from('hi') });
    const pub = bucketPolicy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' });
    expect(await w.fail(w.root(), putBucketPolicy, { Bucket: 'logs', Policy: pub })).toMatchObject({
      code: 'AccessDenied',
      message: `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: s3:PutBucketPolicy on resource: "arn:aws:s3:::logs" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
    });
    expect(await w.fail(w.anonymous(), getObjectOp, { Bucket: 'logs', Key: 'public.txt' })).toMatchObject({ code: 'AccessDenied' });
    await w.run(w.root(), deletePublicAccessBlock, { Bucket: 'logs' });
    await w.run(w.root(), putBucketPolicy, { Bucket: 'logs', Policy: pub });
    const got = await w.run<{ Body: AsyncIterable<Buffer> }>(w.anonymous(), getObjectOp, { Bucket: 'logs', Key: 'public.txt' });
    expect(await text(got.Body)).toBe('hi');
    // Only what `*` was granted: no listing, no writes.
    expect(await w.fail(w.anonymous(), putObject, { Bucket: 'logs', Key: 'x', Body: Buffer.from('x') })).toMatchObject({ code: 'AccessDenied' });
  });
});

describe('authorization of object operations', () => {
  const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t`;
  // The bucket policy CloudTrail's guide gives (create-s3-bucket-policy-for-cloudtrail.html).
  const cloudTrailPolicy = bucketPolicy(
    {
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: 'arn:aws:s3:::logs',
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    },
    {
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::logs/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
    },
  );
  const asCloudTrail = { context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': ACCOUNT } };

  it('let a service principal in by the bucket policy alone, with bucket-owner-full-control', async () => {
    await bucket();
    await w.run(w.root(), putBucketPolicy, { Bucket: 'logs', Policy: cloudTrailPolicy });
    const ct = w.service('cloudtrail.amazonaws.com');
    await w.run(ct, getBucketAcl, { Bucket: 'logs' }, asCloudTrail);
    const key = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2024/05/01/log.json.gz`;
    await w.run(ct, putObject, { Bucket: 'logs', Key: key, Body: Buffer.from('{}'), ACL: 'bucket-owner-full-control' }, asCloudTrail);
    // The object belongs to the bucket owner (BucketOwnerEnforced).
    expect(w.store.transaction((tx) => getObject(tx, 'logs', key))?.Owner).toBe(ACCOUNT);
    expect(await w.fail(ct, putObject, { Bucket: 'logs', Key: key, Body: Buffer.from('{}') }, asCloudTrail)).toMatchObject({ code: 'AccessDenied' });
    expect(await w.fail(ct, putObject, { Bucket: 'logs', Key: 'elsewhere/x', Body: Buffer.from('{}'), ACL: 'bucket-owner-full-control' }, asCloudTrail)).toMatchObject({
      code: 'AccessDenied',
    });
    const otherTrail = { context: { 'aws:SourceArn': `${trailArn}-2`, 'aws:SourceAccount': ACCOUNT } };
    expect(await w.fail(ct, getBucketAcl, { Bucket: 'logs' }, otherTrail)).toMatchObject({ code: 'AccessDenied' });
    expect(await w.fail(w.service('config.amazonaws.com'), getBucketAcl, { Bucket: 'logs' }, asCloudTrail)).toMatchObject({ code: 'AccessDenied' });
  });

  it('refuse ACLs other than bucket-owner-full-control (ACLs disabled)', async () => {
    await bucket();
    expect(await w.fail(w.root(), putObject, { Bucket: 'logs', Key: 'k', Body: Buffer.from('x'), ACL: 'public-read' })).toMatchObject({
      code: 'AccessControlListNotSupported',
      message: 'The bucket does not allow ACLs',
    });
  });

  it('in the owning account: an identity policy or a bucket policy naming the caller is enough', async () => {
    await bucket();
    await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'k', Body: Buffer.from('x') });
    const byIdentity = w.user('reader', [allow('s3:GetObject', 'arn:aws:s3:::logs/*')]);
    await w.run(byIdentity, headObject, { Bucket: 'logs', Key: 'k' });
    const named = w.user('named');
    expect(await w.fail(named, headObject, { Bucket: 'logs', Key: 'k' })).toMatchObject({ code: 'AccessDenied' });
    await w.run(w.root(), putBucketPolicy, {
      Bucket: 'logs',
      Policy: bucketPolicy({ Effect: 'Allow', Principal: { AWS: named.arn }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }),
    });
    await w.run(named, headObject, { Bucket: 'logs', Key: 'k' });
  });

  it('across accounts: the bucket policy and the caller identity policy must both allow', async () => {
    await bucket();
    await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'k', Body: Buffer.from('x') });
    const withIam = w.user('peer', [allow('s3:GetObject')], OTHER);
    const withoutIam = w.user('bare', [], OTHER);
    expect(await w.fail(withIam, headObject, { Bucket: 'logs', Key: 'k' })).toMatchObject({ code: 'AccessDenied' });
    await w.run(w.root(), putBucketPolicy, {
      Bucket: 'logs',
      Policy: bucketPolicy({ Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${OTHER}:root`, withoutIam.arn] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' }),
    });
    await w.run(withIam, headObject, { Bucket: 'logs', Key: 'k' });
    expect(await w.fail(withoutIam, headObject, { Bucket: 'logs', Key: 'k' })).toMatchObject({ code: 'AccessDenied' });
  });

  it('answer 404 NoSuchKey only to callers who may list the bucket', async () => {
    await bucket();
    expect(await w.fail(w.user('getter', [allow('s3:GetObject')]), headObject, { Bucket: 'logs', Key: 'missing' })).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(await w.fail(w.user('lister', [allow(['s3:GetObject', 's3:ListBucket'])]), getObjectOp, { Bucket: 'logs', Key: 'missing' })).toMatchObject({
      code: 'NoSuchKey',
      status: 404,
      message: 'The specified key does not exist.',
    });
  });

  it('refuse a request signed for another Region than the bucket, naming the right one', async () => {
    await bucket('eu-logs', ACCOUNT, 'eu-west-1');
    const e = await w.fail(w.root(), headObject, { Bucket: 'eu-logs', Key: 'k' }, { context: { 's3:authType': 'REST-HEADER' } });
    expect(e).toMatchObject({
      code: 'AuthorizationHeaderMalformed',
      status: 400,
      message: "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
      fields: { Region: 'eu-west-1' },
      headers: { 'x-amz-bucket-region': 'eu-west-1' },
    });
  });
});

describe('server-side encryption (against a fake KMS)', () => {
  it('SSE-S3 by default: AES256 and an MD5 ETag', async () => {
    await bucket();
    const out = await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'k', Body: Buffer.from('hello') });
    expect(out).toMatchObject({ ETag: '"5d41402abc4b2a76b9719d911017c592"', ServerSideEncryption: 'AES256' });
    expect(w.kmsCalls).toEqual([]);
  });

  it('SSE-KMS asks KMS as the caller, with aws:s3:arn and kms:ViaService, and answers the full key ARN', async () => {
    await bucket();
    const user = w.user('writer', [allow('s3:*')]);
    const context = Buffer.from(JSON.stringify({ team: 'blue' })).toString('base64');
    const out = await w.run<Record<string, string>>(user, putObject, {
      Bucket: 'logs',
      Key: 'secret',
      Body: Buffer.from('hello'),
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'alias/logs',
      SSEKMSEncryptionContext: context,
    });
    expect(w.kmsCalls[0]).toMatchObject({
      operation: 'GenerateDataKey',
      identity: user,
      input: { KeyId: 'alias/logs', KeySpec: 'AES_256', EncryptionContext: { team: 'blue', 'aws:s3:arn': 'arn:aws:s3:::logs/secret' } },
      context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
    });
    expect(out.SSEKMSKeyId).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
    expect(out.ETag).not.toBe('"5d41402abc4b2a76b9719d911017c592"');
    expect(JSON.parse(Buffer.from(out.SSEKMSEncryptionContext, 'base64').toString())).toEqual({ team: 'blue', 'aws:s3:arn': 'arn:aws:s3:::logs/secret' });
    const reader = w.user('reader', [allow('s3:GetObject')]);
    const got = await w.run<{ Body: AsyncIterable<Buffer> }>(reader, getObjectOp, { Bucket: 'logs', Key: 'secret' });
    expect(await text(got.Body)).toBe('hello');
    expect(w.kmsCalls[1]).toMatchObject({ operation: 'Decrypt', identity: reader, input: { EncryptionContext: { team: 'blue', 'aws:s3:arn': 'arn:aws:s3:::logs/secret' } } });
  });

  it('maps KMS failures: access denied is 403 AccessDenied with the KMS text, the rest KMS.<code> 400', async () => {
    await bucket();
    await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'k', Body: Buffer.from('x'), ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'k1' });
    const text403 = 'User: arn:aws:iam::111122223333:user/reader is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access';
    w.kmsFailure = new AwsError('AccessDeniedException', text403);
    expect(await w.fail(w.user('reader', [allow('s3:GetObject')]), getObjectOp, { Bucket: 'logs', Key: 'k' })).toMatchObject({ code: 'AccessDenied', status: 403, message: text403 });
    w.kmsFailure = new AwsError('DisabledException', 'arn:aws:kms:us-east-1:111122223333:key/x is disabled.');
    expect(await w.fail(w.root(), putObject, { Bucket: 'logs', Key: 'k2', Body: Buffer.from('x'), ServerSideEncryption: 'aws:kms' })).toMatchObject({
      code: 'KMS.DisabledException',
      status: 400,
      message: 'arn:aws:kms:us-east-1:111122223333:key/x is disabled.',
    });
    // HEAD reads no data and asks KMS nothing.
    await w.run(w.root(), headObject, { Bucket: 'logs', Key: 'k' });
  });

  it('applies the bucket default; Bucket Keys use the bucket ARN, are reused, and opened with kms:Decrypt each time', async () => {
    await bucket();
    await w.run(w.root(), putBucketEncryption, {
      Bucket: 'logs',
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/logs' }, BucketKeyEnabled: true }] },
    });
    const a = await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'a', Body: Buffer.from('a') });
    const b = await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'b', Body: Buffer.from('b') });
    expect(a).toMatchObject({ ServerSideEncryption: 'aws:kms', BucketKeyEnabled: true });
    expect(b).toMatchObject({ BucketKeyEnabled: true });
    expect(w.kmsCalls.map((c) => c.operation)).toEqual(['GenerateDataKey', 'Decrypt', 'Decrypt']);
    expect(w.kmsCalls[0].input).toMatchObject({ KeyId: 'alias/logs', EncryptionContext: { 'aws:s3:arn': 'arn:aws:s3:::logs' } });
    const got = await w.run<{ Body: AsyncIterable<Buffer> }>(w.root(), getObjectOp, { Bucket: 'logs', Key: 'b' });
    expect(await text(got.Body)).toBe('b');
    await w.run(w.root(), deleteBucketEncryption, { Bucket: 'logs' });
    expect(await w.run(w.root(), getBucketEncryption, { Bucket: 'logs' })).toEqual({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: false }] },
    });
    expect(await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'c', Body: Buffer.from('c') })).toMatchObject({ ServerSideEncryption: 'AES256' });
  });

  it('validates the SSE request headers', async () => {
    await bucket();
    const put = (extra: object) => w.fail(w.root(), putObject, { Bucket: 'logs', Key: 'k', Body: Buffer.from('x'), ...extra });
    expect(await put({ ServerSideEncryption: 'rot13' })).toMatchObject({ code: 'InvalidArgument', message: 'The encryption method specified is not supported' });
    expect(await put({ SSEKMSKeyId: 'alias/x' })).toMatchObject({
      code: 'InvalidArgument',
      message: 'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
    });
    expect(await put({ ServerSideEncryption: 'aws:kms', SSEKMSEncryptionContext: 'not base64 json!' })).toMatchObject({ code: 'InvalidArgument' });
    const wrongArn = Buffer.from(JSON.stringify({ 'aws:s3:arn': 'arn:aws:s3:::logs/other' })).toString('base64');
    expect(await put({ ServerSideEncryption: 'aws:kms', SSEKMSEncryptionContext: wrongArn })).toMatchObject({ code: 'InvalidArgument' });
    expect(await put({ SSECustomerAlgorithm: 'AES256' })).toMatchObject({ code: 'NotImplemented', status: 501 });
  });
});

describe('stored blobs', () => {
  const blobOf = (key: string) => w.store.transaction((tx) => tx.get<ObjectRecord>(T.objects, `logs/${key}`))!.parts[0].blob;

  it('are deleted once no object names them: overwrite, delete, abort', async () => {
    await bucket();
    await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'k', Body: Buffer.from('one') });
    const first = blobOf('k');
    await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'k', Body: Buffer.from('two') });
    const second = blobOf('k');
    expect(await w.hasBlob(first)).toBe(false);
    expect(await w.hasBlob(second)).toBe(true);
    await w.run(w.root(), deleteObject, { Bucket: 'logs', Key: 'k' });
    expect(await w.hasBlob(second)).toBe(false);
    const { UploadId } = await w.run<{ UploadId: string }>(w.root(), createMultipartUpload, { Bucket: 'logs', Key: 'm' });
    await w.run(w.root(), uploadPart, { Bucket: 'logs', Key: 'm', UploadId, PartNumber: 1, Body: Buffer.from('part') });
    const part = w.store.transaction((tx) => tx.scan<{ blob: string }>(T.parts))[0].value.blob;
    expect(await w.hasBlob(part)).toBe(true);
    await w.run(w.root(), abortMultipartUpload, { Bucket: 'logs', Key: 'm', UploadId });
    expect(await w.hasBlob(part)).toBe(false);
    expect(await w.fail(w.root(), uploadPart, { Bucket: 'logs', Key: 'm', UploadId, PartNumber: 1, Body: Buffer.from('x') })).toMatchObject({ code: 'NoSuchUpload', status: 404 });
  });

  it('never hold the plaintext', async () => {
    await bucket();
    const secret = Buffer.from('a very recognisable plaintext');
    await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'k', Body: secret });
    expect((await w.store.getBlob(blobOf('k')))!.includes(secret)).toBe(false);
  });

  it('go with their bucket; a bucket with objects is not deleted', async () => {
    await bucket();
    await w.run(w.root(), putObject, { Bucket: 'logs', Key: 'k', Body: Buffer.from('x') });
    expect(await w.fail(w.root(), deleteBucket, { Bucket: 'logs' })).toMatchObject({ code: 'BucketNotEmpty', status: 409 });
    await w.run(w.root(), deleteObject, { Bucket: 'logs', Key: 'k' });
    await w.run(w.root(), deleteBucket, { Bucket: 'logs' });
    expect(await w.fail(w.root(), getBucketAcl, { Bucket: 'logs' })).toMatchObject({ code: 'NoSuchBucket', status: 404 });
  });
});
