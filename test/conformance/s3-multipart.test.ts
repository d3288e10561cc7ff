// Multipart upload through @aws-sdk/client-s3 and @aws-sdk/lib-storage.
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand,
  ListMultipartUploadsCommand, ListPartsCommand, UploadPartCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { rootOf, startServer } from './harness.js';
import { allow, bodyBytes, s3Client, userWith } from './s3-fixtures.js';

const BUCKET = 'multi';
const MiB = 1024 * 1024;
let server: RunningServer;
let s3: S3Client;

const md5 = (b: Buffer) => createHash('md5').update(b).digest();

beforeAll(async () => {
  server = await startServer();
  await s3Client(server.url, rootOf('111111111111')).send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3 = s3Client(server.url, await userWith(server.url, rootOf('111111111111'), [allow('s3:*')]));
});
afterAll(() => server.close());

describe('multipart upload', () => {
  it('assembles the parts in order, with the multipart ETag, and serves parts and ranges across them', async () => {
    const parts = [randomBytes(5 * MiB), randomBytes(5 * MiB), randomBytes(123)];
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'big.bin', ContentType: 'application/x-test', Metadata: { m: '1' } }));
    const etags: string[] = [];
    for (const [i, Body] of parts.entries()) etags.push((await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'big.bin', UploadId, PartNumber: i + 1, Body }))).ETag!);
    expect(etags[0]).toBe(`"${md5(parts[0]).toString('hex')}"`);
    const listed = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'big.bin', UploadId }));
    expect(listed.Parts!.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual(parts.map((p, i) => [i + 1, p.length, etags[i]]));
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect(uploads.Uploads!.map((u) => [u.Key, u.UploadId])).toEqual([['big.bin', UploadId]]);
    const done = await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'big.bin', UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }),
    );
    const expected = `"${createHash('md5').update(Buffer.concat(parts.map(md5))).digest('hex')}-3"`;
    expect(done).toMatchObject({ Bucket: BUCKET, Key: 'big.bin', ETag: expected, ServerSideEncryption: 'AES256' });
    const all = Buffer.concat(parts);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.bin' }));
    expect(got).toMatchObject({ ContentLength: all.length, ETag: expected, ContentType: 'application/x-test', Metadata: { m: '1' } });
    expect((await bodyBytes(got.Body)).equals(all)).toBe(true);
    const across = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.bin', Range: `bytes=${5 * MiB - 10}-${10 * MiB + 9}` }));
    expect((await bodyBytes(across.Body)).equals(all.subarray(5 * MiB - 10, 10 * MiB + 10))).toBe(true);
    const second = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.bin', PartNumber: 2 }));
    expect(second).toMatchObject({ PartsCount: 3, ContentLength: 5 * MiB, ContentRange: `bytes ${5 * MiB}-${10 * MiB - 1}/${all.length}` });
    expect((await bodyBytes(second.Body)).equals(parts[1])).toBe(true);
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads).toBeUndefined();
  }, 30_000);

  it("answers S3's multipart errors", async () => {
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'errs' }));
    const small = (await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'errs', UploadId, PartNumber: 1, Body: 'tiny' }))).ETag!;
    const last = (await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'errs', UploadId, PartNumber: 2, Body: 'end' }))).ETag!;
    const complete = (Parts: { ETag: string; PartNumber: number }[]) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'errs', UploadId, MultipartUpload: { Parts } }));
    await expect(complete([{ ETag: last, PartNumber: 2 }, { ETag: small, PartNumber: 1 }])).rejects.toMatchObject({
      name: 'InvalidPartOrder',
      message: 'The list of parts was not in ascending order. Parts must be ordered by part number.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(complete([{ ETag: '"00000000000000000000000000000000"', PartNumber: 1 }])).rejects.toMatchObject({
      name: 'InvalidPart',
      PartNumber: '1',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(complete([{ ETag: small, PartNumber: 1 }, { ETag: last, PartNumber: 2 }])).rejects.toMatchObject({
      name: 'EntityTooSmall',
      message: 'Your proposed upload is smaller than the minimum allowed object size.',
    });
    await expect(s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'errs', UploadId, PartNumber: 10001, Body: 'x' }))).rejects.toMatchObject({
      name: 'InvalidArgument',
      message: 'Part number must be an integer between 1 and 10000, inclusive',
    });
    await s3.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'errs', UploadId }));
    await expect(s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'errs', UploadId }))).rejects.toMatchObject({
      name: 'NoSuchUpload',
      message: 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(complete([{ ETag: small, PartNumber: 1 }])).rejects.toMatchObject({ name: 'NoSuchUpload' });
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'errs' }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  }, 30_000);

  it('lib-storage Upload: a streamed 12 MiB body in 5 MiB parts with CRC32 checksums', async () => {
    const data = randomBytes(12 * MiB);
    const upload = new Upload({ client: s3, params: { Bucket: BUCKET, Key: 'lib/storage.bin', Body: Readable.from([data]), ChecksumAlgorithm: 'CRC32' }, partSize: 5 * MiB, queueSize: 2 });
    const out = await upload.done();
    expect(out.ETag).toMatch(/-3"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'lib/storage.bin', ChecksumMode: 'ENABLED' }));
    expect(got.ChecksumCRC32).toMatch(/-3$/);
    expect((await bodyBytes(got.Body)).equals(data)).toBe(true);
  }, 30_000);
});
