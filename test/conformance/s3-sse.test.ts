// SSE-KMS and SSE-S3 end to end against the emulator's own KMS (aws-behavior.md §7, §10): keys made
// through KMS, the key policy deciding every data-key request made as the caller, KMS failures as
// S3 reports them, Bucket Keys, multipart, copies, a service principal writing like CloudTrail, and
// object data that is never plaintext on disk.
import {
  CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, PutBucketEncryptionCommand,
  PutBucketPolicyCommand, PutObjectCommand, UploadPartCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { CreateAliasCommand, DisableKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Call } from '../../src/core/call.js';
import { identityPolicies } from '../../src/core/identities.js';
import { serviceIdentity, type Identity } from '../../src/core/identity.js';
import { cryptoIds } from '../../src/core/ids.js';
import { isContinuation } from '../../src/core/service.js';
import type { RunningServer } from '../../src/server/index.js';
import { SERVICES } from '../../src/services/index.js';
import type { Store, Tx } from '../../src/store/index.js';
import { clientConfig, rootOf, startServer, tempDir } from './harness.js';
import { allow, bodyText, kmsKey, policy, s3Client, userWith } from './s3-fixtures.js';

const ACCOUNT = '111111111111';
const root = rootOf(ACCOUNT);
const BUCKET = 'secure';
const SECRET = 'TOP-SECRET-PLAINTEXT-MARKER-0123456789';
let server: RunningServer;
let dataDir: string;
let s3: S3Client;
let kms: KMSClient;
let key: { KeyId: string; Arn: string };

const keyPolicy = (...statements: object[]) =>
  policy({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }, ...statements);

beforeAll(async () => {
  dataDir = tempDir();
  server = await startServer({ data: dataDir });
  s3 = s3Client(server.url, root);
  kms = new KMSClient(clientConfig(server.url, root));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  key = await kmsKey(server.url, root);
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/s3-logs', TargetKeyId: key.KeyId }));
});
afterAll(() => server.close());

describe('SSE-KMS', () => {
  it('encrypts under the named key and answers its full ARN, however the key was named', async () => {
    for (const [i, SSEKMSKeyId] of [key.KeyId, key.Arn, 'alias/s3-logs', `arn:aws:kms:us-east-1:${ACCOUNT}:alias/s3-logs`].entries()) {
      const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `named/${i}`, Body: SECRET, ServerSideEncryption: 'aws:kms', SSEKMSKeyId }));
      expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.Arn });
      // Not the MD5 of the data (§7.5).
      expect(put.ETag).not.toBe('"' + (await import('node:crypto')).createHash('md5').update(SECRET).digest('hex') + '"');
      expect(JSON.parse(Buffer.from(put.SSEKMSEncryptionContext!, 'base64').toString())).toEqual({ 'aws:s3:arn': `arn:aws:s3:::${BUCKET}/named/${i}` });
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `named/${i}` }));
      expect(got).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.Arn });
      expect(await bodyText(got.Body)).toBe(SECRET);
    }
  });

  it('a reader without kms:Decrypt gets 403 AccessDenied with the KMS text; with it, the data', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'read-me', Body: SECRET, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.Arn }));
    const s3Only = await userWith(server.url, root, [allow('s3:GetObject')]);
    await expect(s3Client(server.url, s3Only).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'read-me' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${s3Only.arn} is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because no identity-based policy allows the kms:Decrypt action`,
      $metadata: { httpStatusCode: 403 },
    });
    // HEAD reads no data: no KMS permission needed.
    expect((await s3Client(server.url, s3Only).send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'read-me' }))).SSEKMSKeyId).toBe(key.Arn);
    const reader = await userWith(server.url, root, [allow('s3:GetObject'), allow('kms:Decrypt', key.Arn)]);
    expect(await bodyText((await s3Client(server.url, reader).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'read-me' }))).Body)).toBe(SECRET);
  });

  it('the key policy sees the encryption context: Decrypt granted only with the Null condition', async () => {
    const reader = await userWith(server.url, root, [allow('s3:GetObject')]);
    const restricted = await kmsKey(
      server.url,
      root,
      keyPolicy({
        Sid: 'Decrypt CloudTrail logs only',
        Effect: 'Allow',
        Principal: { AWS: reader.arn },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
      }),
    );
    const ctContext = Buffer.from(JSON.stringify({ 'aws:cloudtrail:arn': `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t` })).toString('base64');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ct.json.gz', Body: SECRET, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: restricted.Arn, SSEKMSEncryptionContext: ctContext }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'plain.json', Body: SECRET, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: restricted.Arn }));
    const asReader = s3Client(server.url, reader);
    expect(await bodyText((await asReader.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ct.json.gz' }))).Body)).toBe(SECRET);
    await expect(asReader.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'plain.json' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  });

  it('maps KMS failures to KMS.<code> 400', async () => {
    await expect(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'fake-key-id' }))).rejects.toMatchObject({
      name: 'KMS.NotFoundException',
      message: "Invalid keyId 'fake-key-id'",
      $metadata: { httpStatusCode: 400 },
    });
    const missing = `arn:aws:kms:us-east-1:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000`;
    await expect(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: missing }))).rejects.toMatchObject({
      name: 'KMS.NotFoundException',
      message: `Key '${missing}' does not exist`,
    });
    const doomed = await kmsKey(server.url, root);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'doomed', Body: SECRET, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: doomed.Arn }));
    await kms.send(new DisableKeyCommand({ KeyId: doomed.KeyId }));
    const disabled = { name: 'KMS.DisabledException', message: `${doomed.Arn} is disabled.`, $metadata: { httpStatusCode: 400 } };
    await expect(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'x', Body: 'x', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: doomed.Arn }))).rejects.toMatchObject(disabled);
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'doomed' }))).rejects.toMatchObject(disabled);
  });

  it('bucket default encryption with a Bucket Key: the bucket ARN as context, and the flag on every response', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'bucket-key' }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'bucket-key',
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'alias/s3-logs' }, BucketKeyEnabled: true }] },
      }),
    );
    const put = await s3.send(new PutObjectCommand({ Bucket: 'bucket-key', Key: 'k', Body: SECRET }));
    expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.Arn, BucketKeyEnabled: true });
    expect(JSON.parse(Buffer.from(put.SSEKMSEncryptionContext!, 'base64').toString())).toEqual({ 'aws:s3:arn': 'arn:aws:s3:::bucket-key' });
    const got = await s3.send(new GetObjectCommand({ Bucket: 'bucket-key', Key: 'k' }));
    expect(got).toMatchObject({ BucketKeyEnabled: true, SSEKMSKeyId: key.Arn });
    expect(await bodyText(got.Body)).toBe(SECRET);
  });

  it('multipart with SSE-KMS: parts need kms:Decrypt besides kms:GenerateDataKey (§7.11)', async () => {
    const uploader = await userWith(server.url, root, [allow('s3:PutObject'), allow('kms:GenerateDataKey', key.Arn)]);
    const client = s3Client(server.url, uploader);
    const { UploadId, SSEKMSKeyId } = await client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.KeyId }));
    expect(SSEKMSKeyId).toBe(key.Arn);
    await expect(client.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'mp', UploadId, PartNumber: 1, Body: 'part' }))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('copies decrypt the source as the caller and encrypt the copy as a new object', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'kms-src', Body: SECRET, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.Arn }));
    const copy = await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'sse-s3-copy', CopySource: `${BUCKET}/kms-src` }));
    expect(copy.ServerSideEncryption).toBe('AES256');
    expect(await bodyText((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'sse-s3-copy' }))).Body)).toBe(SECRET);
    const noDecrypt = await userWith(server.url, root, [allow(['s3:GetObject', 's3:PutObject'])]);
    await expect(s3Client(server.url, noDecrypt).send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'c2', CopySource: `${BUCKET}/kms-src` }))).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });
});

describe('a service principal writing like CloudTrail, through the operation table', () => {
  const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/audit`;

  /** Runs an operation as `identity`, as the server does: one transaction per step, continuations settled. */
  async function runAs(store: Store, identity: Identity, operation: string, input: object, context: Record<string, string>): Promise<Record<string, unknown>> {
    const newCall = (tx: Tx): Call =>
      new Call({
        identity,
        region: 'us-east-1',
        requestId: 'internal',
        now: new Date(),
        tx,
        ids: cryptoIds,
        requestContext: context,
        identityPolicies: (id) => identityPolicies(tx, id),
        invoke: (parent, target, childInput, as, ctx) => {
          const [svc, op] = target.split(':');
          return SERVICES[svc].operations[op](parent.as(as, ctx), childInput);
        },
        fact: (parent, svc, name, factInput) => SERVICES[svc].facts![name](parent, factInput),
      });
    const [svc, op] = operation.split(':');
    let output = store.transaction((tx) => SERVICES[svc].operations[op](newCall(tx), input));
    while (isContinuation(output)) {
      const step = output;
      const value = await step.io(store);
      output = store.transaction((tx) => step.finish(newCall(tx), value));
    }
    return output as Record<string, unknown>;
  }

  it('is authorized by the bucket policy and the key policy alone, and its object reads back', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'trail-logs' }));
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: 'trail-logs',
        Policy: policy({
          Sid: 'AWSCloudTrailWrite',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::trail-logs/AWSLogs/${ACCOUNT}/*`,
          Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
        }),
      }),
    );
    const trailKey = await kmsKey(
      server.url,
      root,
      keyPolicy({
        Sid: 'Allow CloudTrail to encrypt logs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceArn': trailArn }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` } },
      }),
    );
    const ct = serviceIdentity('cloudtrail.amazonaws.com', ACCOUNT);
    const context = { 'aws:SourceArn': trailArn, 'aws:SourceAccount': ACCOUNT };
    const Key = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2024/05/01/${ACCOUNT}_CloudTrail_us-east-1_20240501T1200Z_abc.json.gz`;
    const write = (extra: object) =>
      runAs(server.store, ct, 's3:PutObject', {
        Bucket: 'trail-logs',
        Key,
        Body: Buffer.from(SECRET),
        ACL: 'bucket-owner-full-control',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: trailKey.Arn,
        SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ 'aws:cloudtrail:arn': trailArn })).toString('base64'),
        ...extra,
      }, context);
    expect(await write({})).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: trailKey.Arn });
    // Without bucket-owner-full-control the bucket policy does not allow it.
    await expect(write({ ACL: undefined })).rejects.toMatchObject({ code: 'AccessDenied' });
    // Without the trail's context the key policy does not allow the data key.
    await expect(write({ SSEKMSEncryptionContext: undefined })).rejects.toMatchObject({ code: 'AccessDenied' });
    // The bucket owner reads it back (its key policy delegates to IAM; the root may).
    const got = await s3.send(new GetObjectCommand({ Bucket: 'trail-logs', Key }));
    expect(await bodyText(got.Body)).toBe(SECRET);
  });
});

describe('data at rest', () => {
  function allFiles(dir: string): string[] {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((f) => join(dir, f))
      .filter((f) => statSync(f).isFile());
  }

  it('no file of the data directory holds an object body in the clear, SSE-S3 objects included', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'sse-s3', Body: SECRET }));
    const files = allFiles(dataDir);
    expect(files.some((f) => f.includes(`${join('blobs', '')}`))).toBe(true);
    for (const file of files) expect(readFileSync(file).includes(Buffer.from(SECRET)), file).toBe(false);
  });
});
