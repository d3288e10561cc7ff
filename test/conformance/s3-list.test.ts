// ListObjects (v1, marker) and ListObjectsV2 (continuation tokens, start-after, fetch-owner) through
// @aws-sdk/client-s3, with prefixes, delimiters and URL encoding.
import { CreateBucketCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { rootOf, startServer } from './harness.js';
import { s3Client } from './s3-fixtures.js';
import { errorCode, rawS3 } from './s3-raw.js';

const BUCKET = 'listing';
const KEYS = ['a.txt', 'logs/2024/01/x.gz', 'logs/2024/02/y.gz', 'logs/2025/01/z.gz', 'notes/n1', 'notes/n2', 'space key', 'z+plus'];
let server: RunningServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startServer();
  s3 = s3Client(server.url, rootOf('111111111111'));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  for (const Key of KEYS) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));
});
afterAll(() => server.close());

describe('ListObjectsV2', () => {
  it('lists everything in key order with sizes and ETags', async () => {
    const out = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(out.Contents!.map((c) => c.Key)).toEqual(KEYS);
    expect(out).toMatchObject({ KeyCount: KEYS.length, IsTruncated: false, Name: BUCKET, MaxKeys: 1000 });
    expect(out.Contents![0]).toMatchObject({ Size: 5, StorageClass: 'STANDARD' });
    expect(out.Contents![0].Owner).toBeUndefined();
  });

  it('rolls up common prefixes under a delimiter and a prefix', async () => {
    const top = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }));
    expect(top.Contents!.map((c) => c.Key)).toEqual(['a.txt', 'space key', 'z+plus']);
    expect(top.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['logs/', 'notes/']);
    const years = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'logs/', Delimiter: '/' }));
    expect(years.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['logs/2024/', 'logs/2025/']);
    expect(years.Contents).toBeUndefined();
    expect(years.KeyCount).toBe(2);
  });

  it('pages with continuation tokens, start-after and fetch-owner', async () => {
    const keys: string[] = [];
    let pages = 0;
    for await (const page of paginateListObjectsV2({ client: s3, pageSize: 3 }, { Bucket: BUCKET })) {
      pages++;
      keys.push(...(page.Contents ?? []).map((c) => c.Key!));
    }
    expect(keys).toEqual(KEYS);
    expect(pages).toBe(3);
    const after = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: 'notes/n1', FetchOwner: true }));
    expect(after.Contents!.map((c) => c.Key)).toEqual(['notes/n2', 'space key', 'z+plus']);
    expect(after.Contents![0].Owner!.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(after.StartAfter).toBe('notes/n1');
    await expect(s3.send(new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: 'bm90LWEtdG9rZW4=' }))).rejects.toMatchObject({
      name: 'InvalidArgument',
      message: 'The continuation token provided is incorrect',
    });
  });

  it('URL-encodes keys with encoding-type=url', async () => {
    const r = await rawS3(server.url, rootOf('111111111111'), { method: 'GET', path: `/${BUCKET}`, query: { 'list-type': '2', 'encoding-type': 'url', prefix: 's' } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<Key>space+key</Key>');
    expect(r.body).toContain('<EncodingType>url</EncodingType>');
  });

  it('refuses a negative max-keys', async () => {
    const r = await rawS3(server.url, rootOf('111111111111'), { method: 'GET', path: `/${BUCKET}`, query: { 'list-type': '2', 'max-keys': '-1' } });
    expect([r.status, errorCode(r)]).toEqual([400, 'InvalidArgument']);
  });
});

describe('ListObjects (v1)', () => {
  it('pages with marker and NextMarker (with a delimiter), echoing the request', async () => {
    const first = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2 }));
    expect(first.Contents!.map((c) => c.Key)).toEqual(['a.txt']);
    expect(first.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['logs/']);
    expect(first).toMatchObject({ IsTruncated: true, NextMarker: 'logs/', Delimiter: '/', MaxKeys: 2 });
    expect(first.Contents![0].Owner!.ID).toMatch(/^[0-9a-f]{64}$/);
    const second = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2, Marker: first.NextMarker }));
    expect(second.CommonPrefixes!.map((p) => p.Prefix)).toEqual(['notes/']);
    expect(second.Contents!.map((c) => c.Key)).toEqual(['space key']);
    expect(second.Marker).toBe('logs/');
    const noDelimiter = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'logs/', MaxKeys: 2 }));
    expect(noDelimiter.Contents!.map((c) => c.Key)).toEqual(['logs/2024/01/x.gz', 'logs/2024/02/y.gz']);
    expect(noDelimiter.IsTruncated).toBe(true);
    expect(noDelimiter.NextMarker).toBeUndefined();
    const rest = await s3.send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'logs/', Marker: 'logs/2024/02/y.gz' }));
    expect(rest.Contents!.map((c) => c.Key)).toEqual(['logs/2025/01/z.gz']);
  });
});
