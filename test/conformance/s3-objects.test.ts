// S3 objects through @aws-sdk/client-s3 with a verified IAM user key, and hand-signed requests for
// every payload-signing mode: the stored data must be exactly what the client sent.
import {
  CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { rootOf, startServer, type Credentials } from './harness.js';
import { allow, bodyBytes, bodyText, s3Client, userWith } from './s3-fixtures.js';
import { anonymousS3, errorCode, rawS3 } from './s3-raw.js';

const ACCOUNT = '111111111111';
const BUCKET = 'objects';
let server: RunningServer;
let user: Credentials;
let s3: S3Client;

const crc32b64 = (data: Buffer) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(crc32(data));
  return b.toString('base64');
};
const md5 = (data: Buffer | string) => createHash('md5').update(data).digest('hex');

beforeAll(async () => {
  server = await startServer();
  await s3Client(server.url, rootOf(ACCOUNT)).send(new CreateBucketCommand({ Bucket: BUCKET }));
  user = await userWith(server.url, rootOf(ACCOUNT), [allow('s3:*')]);
  s3 = s3Client(server.url, user);
});
afterAll(() => server.close());

async function stored(key: string): Promise<Buffer> {
  return bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body);
}

describe('PutObject, GetObject, HeadObject, DeleteObject', () => {
  it('round-trips data, metadata and headers', async () => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt', Body: 'hello world', ContentType: 'text/plain', Metadata: { colour: 'blue' }, CacheControl: 'no-cache' }),
    );
    expect(put.ETag).toBe(`"${md5('hello world')}"`);
    expect(put.ServerSideEncryption).toBe('AES256');
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt' }));
    expect(await bodyText(got.Body)).toBe('hello world');
    expect(got).toMatchObject({ ContentType: 'text/plain', Metadata: { colour: 'blue' }, CacheControl: 'no-cache', ContentLength: 11, ETag: put.ETag, AcceptRanges: 'bytes' });
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt' }));
    expect(head).toMatchObject({ ContentLength: 11, ETag: put.ETag, ServerSideEncryption: 'AES256' });
    expect(head.LastModified!.getTime() % 1000).toBe(0);
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt' }));
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
      message: 'The specified key does not exist.',
      Key: 'docs/a.txt',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt' }))).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    // Deleting what is not there succeeds.
    expect((await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'docs/a.txt' }))).$metadata.httpStatusCode).toBe(204);
  });

  it('serves ranges, and answers 416 InvalidRange past the end', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'range', Body: '0123456789' }));
    const part = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'range', Range: 'bytes=2-5' }));
    expect(part.$metadata.httpStatusCode).toBe(206);
    expect(part.ContentRange).toBe('bytes 2-5/10');
    expect(await bodyText(part.Body)).toBe('2345');
    expect(await bodyText((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'range', Range: 'bytes=-3' }))).Body)).toBe('789');
    expect(await bodyText((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'range', Range: 'bytes=8-' }))).Body)).toBe('89');
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'range', Range: 'bytes=10-20' }))).rejects.toMatchObject({
      name: 'InvalidRange',
      message: 'The requested range is not satisfiable',
      ActualObjectSize: '10',
      RangeRequested: 'bytes=10-20',
      $metadata: { httpStatusCode: 416 },
    });
    // A range S3 cannot parse is ignored.
    expect(await bodyText((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'range', Range: 'bytes=5-2' }))).Body)).toBe('0123456789');
  });

  it('answers conditional requests: 304 and 412', async () => {
    const { ETag } = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond', Body: 'x' }));
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cond', IfNoneMatch: ETag }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cond', IfMatch: '"0000"' }))).rejects.toMatchObject({
      name: 'PreconditionFailed',
      $metadata: { httpStatusCode: 412 },
    });
    expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cond', IfMatch: ETag }))).ETag).toBe(ETag);
  });

  it('verifies and returns CRC32, CRC32C, SHA1 and SHA256 checksums', async () => {
    for (const ChecksumAlgorithm of ['CRC32', 'CRC32C', 'SHA1', 'SHA256'] as const) {
      const Key = `sum-${ChecksumAlgorithm}`;
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Buffer.from(`data for ${ChecksumAlgorithm}`), ChecksumAlgorithm }));
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, ChecksumMode: 'ENABLED' }));
      expect(got[`Checksum${ChecksumAlgorithm}`], ChecksumAlgorithm).toBeDefined();
      expect(await bodyText(got.Body)).toBe(`data for ${ChecksumAlgorithm}`);
    }
    await expect(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'bad-sum', Body: 'abc', ChecksumCRC32: crc32b64(Buffer.from('xyz')) }))).rejects.toMatchObject({
      name: 'BadDigest',
      message: 'The CRC32 you specified did not match the calculated checksum.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'bad-md5', Body: 'abc', ContentMD5: createHash('md5').update('xyz').digest('base64') })),
    ).rejects.toMatchObject({ name: 'BadDigest', message: 'The Content-MD5 you specified did not match what we received.' });
  });

  it('stores a streamed body (STREAMING-UNSIGNED-PAYLOAD-TRAILER with a checksum trailer) exactly', async () => {
    const data = randomBytes(300_000);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'streamed', Body: Readable.from([data.subarray(0, 100_000), data.subarray(100_000)]), ContentLength: data.length }));
    expect((await stored('streamed')).equals(data)).toBe(true);
  });
});

describe('every payload-signing mode, hand-signed', () => {
  const data = randomBytes(200_000);
  const put = (key: string, extra: Partial<Parameters<typeof rawS3>[2]>) => rawS3(server.url, user, { method: 'PUT', path: `/${BUCKET}/${key}`, body: data, ...extra });

  it('accepts signed, UNSIGNED-PAYLOAD and the three aws-chunked modes, storing exactly the data', async () => {
    const modes = ['signed', 'unsigned', 'streaming-signed', 'streaming-signed-trailer', 'streaming-unsigned-trailer'] as const;
    for (const payload of modes) {
      const trailers = payload.endsWith('trailer') ? { 'x-amz-checksum-crc32': crc32b64(data) } : undefined;
      const r = await put(`mode-${payload}`, { payload, trailers, chunkSize: 65536 });
      expect(r.status, `${payload}: ${r.body}`).toBe(200);
      expect(r.headers.etag).toBe(`"${md5(data)}"`);
      if (trailers) expect(r.headers['x-amz-checksum-crc32']).toBe(trailers['x-amz-checksum-crc32']);
      expect((await stored(`mode-${payload}`)).equals(data), payload).toBe(true);
    }
  });

  it('refuses a tampered chunk, a wrong trailer checksum and a body that is not its hash', async () => {
    const flip = (b: Buffer) => {
      const c = Buffer.from(b);
      c[200] ^= 1;
      return c;
    };
    const chunk = await put('tampered', { payload: 'streaming-signed', tamper: flip });
    expect(chunk.status).toBe(403);
    expect(errorCode(chunk)).toBe('SignatureDoesNotMatch');
    const trailer = await put('bad-trailer', { payload: 'streaming-unsigned-trailer', trailers: { 'x-amz-checksum-crc32': crc32b64(Buffer.from('other')) } });
    expect(trailer.status).toBe(400);
    expect(errorCode(trailer)).toBe('BadDigest');
    const hash = await put('bad-hash', { payload: 'signed', tamper: flip });
    expect(hash.status).toBe(400);
    expect(errorCode(hash)).toBe('XAmzContentSHA256Mismatch');
  });

  it('serves presigned GET and PUT URLs', async () => {
    const up = await rawS3(server.url, user, { method: 'PUT', path: `/${BUCKET}/presigned`, body: 'via url', presign: true, payload: 'none' });
    expect(up.status, up.body).toBe(200);
    const down = await rawS3(server.url, user, { method: 'GET', path: `/${BUCKET}/presigned`, presign: true, payload: 'none' });
    expect(down.status).toBe(200);
    expect(down.body).toBe('via url');
  });
});

describe('DeleteObjects and CopyObject', () => {
  it('deletes many keys, reporting refused ones in <Error>', async () => {
    for (const k of ['m/1', 'm/2', 'keep/3']) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: k, Body: k }));
    const limited = s3Client(
      server.url,
      await userWith(server.url, rootOf(ACCOUNT), [
        allow(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::objects/m/*', 'arn:aws:s3:::objects']),
      ]),
    );
    const out = await limited.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'm/1' }, { Key: 'm/2' }, { Key: 'keep/3' }, { Key: 'm/none' }] } }));
    expect(out.Deleted!.map((d) => d.Key)).toEqual(['m/1', 'm/2', 'm/none']);
    expect(out.Errors).toEqual([{ Key: 'keep/3', Code: 'AccessDenied', Message: 'Access Denied' }]);
    expect(await bodyText((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'keep/3' }))).Body)).toBe('keep/3');
    const quiet = await s3.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'keep/3' }], Quiet: true } }));
    expect(quiet.Deleted).toBeUndefined();
  });

  it('copies with metadata (COPY or REPLACE) and refuses a copy onto itself that changes nothing', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'src', Body: 'copy me', ContentType: 'text/plain', Metadata: { a: '1' } }));
    const copied = await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'dst', CopySource: `${BUCKET}/src` }));
    expect(copied.CopyObjectResult!.ETag).toBe(`"${md5('copy me')}"`);
    const dst = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'dst' }));
    expect(await bodyText(dst.Body)).toBe('copy me');
    expect(dst).toMatchObject({ ContentType: 'text/plain', Metadata: { a: '1' } });
    await s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'dst', CopySource: `/${BUCKET}/src`, MetadataDirective: 'REPLACE', Metadata: { b: '2' }, ContentType: 'text/csv' }));
    expect(await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'dst' }))).toMatchObject({ ContentType: 'text/csv', Metadata: { b: '2' } });
    await expect(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'src', CopySource: `${BUCKET}/src` }))).rejects.toMatchObject({
      name: 'InvalidRequest',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'x', CopySource: `${BUCKET}/missing` }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});

describe('hostile input', () => {
  it('stores keys with dots, slashes, spaces and unicode by name only', async () => {
    for (const Key of ['..', '../../etc/passwd', 'a//b', ' spaced key +plus', 'ünïcødé/😀', 'x'.repeat(1024)]) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
      expect(await bodyText((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body), Key).toBe(Key);
    }
  });

  it('answers KeyTooLongError, InvalidURI, MalformedXML and EntityTooLarge, never a 500', async () => {
    await expect(s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'x'.repeat(1025), Body: 'x' }))).rejects.toMatchObject({
      name: 'KeyTooLongError',
      $metadata: { httpStatusCode: 400 },
    });
    const badPath = await rawS3(server.url, user, { method: 'GET', path: `/${BUCKET}/%E0%A4%A` });
    expect([badPath.status, errorCode(badPath)]).toEqual([400, 'InvalidURI']);
    const nul = await rawS3(server.url, user, { method: 'PUT', path: `/${BUCKET}/a%00b`, body: 'x' });
    expect([nul.status, errorCode(nul)]).toEqual([400, 'InvalidArgument']);
    const xml = await rawS3(server.url, user, { method: 'POST', path: `/${BUCKET}`, query: { delete: '' }, body: '<Delete><Object><Key>a</Key></Delete>' });
    expect([xml.status, errorCode(xml)]).toEqual([400, 'MalformedXML']);
    const big = await rawS3(server.url, user, { method: 'PUT', path: `/${BUCKET}/big`, body: Buffer.alloc(64 * 1024 * 1024 + 1), payload: 'unsigned' }).catch((e: Error) => e);
    // The server answers before reading the body and closes the connection; the client may see either.
    if (!(big instanceof Error)) expect([big.status, errorCode(big)]).toEqual([400, 'EntityTooLarge']);
    // A declared length over the cap is refused before any body is read.
    const declared = await anonymousS3(server.url, 'PUT', `/${BUCKET}/huge`, { 'content-length': String(100 * 1024 * 1024) });
    expect([declared.status, errorCode(declared)]).toEqual([400, 'EntityTooLarge']);
    expect(declared.body).toContain(`<ProposedSize>${100 * 1024 * 1024}</ProposedSize><MaxSizeAllowed>${64 * 1024 * 1024}</MaxSizeAllowed>`);
    // The server is still up.
    expect(await stored('..')).toEqual(Buffer.from('..'));
  });
});
