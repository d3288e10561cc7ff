// S3 through the AWS CLI v2: `aws s3` (multipart uploads, ranged downloads, listings, the Region
// redirect) and `aws s3api`, with an unverified root key and with a verified IAM user key.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { aws, rootOf, startServer, tempDir, type Credentials } from './harness.js';
import { allow, kmsKey, policy, userWith } from './s3-fixtures.js';

const ACCOUNT = '111111111111';
const root = rootOf(ACCOUNT);
let server: RunningServer;
let dir: string;
let lines: string[] = [];
// Each AWS CLI run starts a Python interpreter (~0.5 s): these tests need more than vitest's 5 s.
const SLOW = 60_000;

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function ok(credentials: Credentials, args: string[], region?: string): Promise<string> {
  const r = await aws(server.url, credentials, args, region);
  expect(r.code, `aws ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  server = await startServer({ log: (l) => lines.push(l) });
  dir = tempDir();
});
afterAll(() => server.close());

describe('aws s3', () => {
  it('copies a large file up with multipart and back down with ranged GETs, byte for byte', async () => {
    await ok(root, ['s3', 'mb', 's3://cli-bucket']);
    const data = randomBytes(20 * 1024 * 1024 + 123);
    writeFileSync(join(dir, 'big.bin'), data);
    lines = [];
    await ok(root, ['s3', 'cp', join(dir, 'big.bin'), 's3://cli-bucket/data/big.bin', '--only-show-errors']);
    // 8 MiB parts: the CLI's multipart threshold and chunk size.
    expect(lines.filter((l) => l.includes(' 200 s3:UploadPart ')).length).toBe(3);
    expect(lines.some((l) => l.includes(' 200 s3:CompleteMultipartUpload '))).toBe(true);
    lines = [];
    await ok(root, ['s3', 'cp', 's3://cli-bucket/data/big.bin', join(dir, 'big.out'), '--only-show-errors']);
    expect(lines.some((l) => l.includes(' 206 s3:GetObject '))).toBe(true);
    expect(sha(readFileSync(join(dir, 'big.out')))).toBe(sha(data));
    const listing = await ok(root, ['s3', 'ls', 's3://cli-bucket', '--recursive']);
    expect(listing).toContain(`${data.length} data/big.bin`);
    await ok(root, ['s3', 'rm', 's3://cli-bucket/data/big.bin', '--only-show-errors']);
    expect(await ok(root, ['s3', 'ls', 's3://cli-bucket', '--recursive'])).toBe('');
  }, SLOW);

  it('follows a bucket to its Region when the CLI is configured for another', async () => {
    await ok(root, ['s3', 'mb', 's3://cli-eu-bucket', '--region', 'eu-west-1']);
    writeFileSync(join(dir, 'small.txt'), 'hello from eu\n');
    await ok(root, ['s3', 'cp', join(dir, 'small.txt'), 's3://cli-eu-bucket/small.txt', '--only-show-errors'], 'us-east-1');
    expect(await ok(root, ['s3', 'cp', 's3://cli-eu-bucket/small.txt', '-'], 'us-east-1')).toBe('hello from eu\n');
  }, SLOW);
});

describe('aws s3api', () => {
  it('put-object with SSE-KMS, get-object, list-objects-v2, head-object as an IAM user', async () => {
    const user = await userWith(server.url, root, [allow(['s3:*', 'kms:GenerateDataKey', 'kms:Decrypt'])]);
    await ok(root, ['s3api', 'create-bucket', '--bucket', 'api-bucket']);
    const key = await kmsKey(server.url, root);
    writeFileSync(join(dir, 'doc.json'), '{"records":[1,2,3]}');
    const put = JSON.parse(
      await ok(user, ['s3api', 'put-object', '--bucket', 'api-bucket', '--key', 'logs/doc.json', '--body', join(dir, 'doc.json'), '--server-side-encryption', 'aws:kms', '--ssekms-key-id', key.KeyId]),
    );
    expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.Arn });
    const got = JSON.parse(await ok(user, ['s3api', 'get-object', '--bucket', 'api-bucket', '--key', 'logs/doc.json', join(dir, 'doc.out')]));
    expect(got).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.Arn, ContentLength: 19 });
    expect(readFileSync(join(dir, 'doc.out'), 'utf8')).toBe('{"records":[1,2,3]}');
    const list = JSON.parse(await ok(user, ['s3api', 'list-objects-v2', '--bucket', 'api-bucket', '--prefix', 'logs/']));
    expect(list.Contents.map((c: { Key: string }) => c.Key)).toEqual(['logs/doc.json']);
    const v1 = JSON.parse(await ok(user, ['s3api', 'list-objects', '--bucket', 'api-bucket']));
    expect(v1.Contents.map((c: { Key: string }) => c.Key)).toEqual(['logs/doc.json']);
    const head = JSON.parse(await ok(user, ['s3api', 'head-object', '--bucket', 'api-bucket', '--key', 'logs/doc.json']));
    expect(head.SSEKMSKeyId).toBe(key.Arn);
  }, SLOW);

  it('put-bucket-policy and get-bucket-policy; a malformed policy is MalformedPolicy', async () => {
    await ok(root, ['s3api', 'create-bucket', '--bucket', 'policy-bucket']);
    const doc = policy({
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: 'arn:aws:s3:::policy-bucket',
    });
    await ok(root, ['s3api', 'put-bucket-policy', '--bucket', 'policy-bucket', '--policy', doc]);
    expect(JSON.parse(await ok(root, ['s3api', 'get-bucket-policy', '--bucket', 'policy-bucket'])).Policy).toBe(doc);
    const bad = await aws(server.url, root, ['s3api', 'put-bucket-policy', '--bucket', 'policy-bucket', '--policy', policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' })]);
    expect(bad.code).not.toBe(0);
    // (With AWS_MAX_ATTEMPTS=1 the CLI adds "(reached max retries: 0)" to every error.)
    expect(bad.stderr).toMatch(/An error occurred \(MalformedPolicy\) when calling the PutBucketPolicy operation.*: Policy has invalid resource/);
    const missing = await aws(server.url, root, ['s3api', 'get-object', '--bucket', 'policy-bucket', '--key', 'nope', join(dir, 'x')]);
    expect(missing.stderr).toMatch(/An error occurred \(NoSuchKey\) when calling the GetObject operation.*: The specified key does not exist\./);
  }, SLOW);
});
