import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { deleteBlobs, pin } from './blob-pins.js';
import { getObjectOp } from './get-object.js';
import { completeMultipartUpload, createMultipartUpload, MIN_PART_SIZE, uploadPart } from './multipart.js';
import { putObject } from './put-object.js';
import { createBucket } from './buckets.js';
import { T, type ObjectRecord } from './records.js';
import { TestWorld } from './test-world.js';

describe('blob pins', () => {
  it('defer the delete of a pinned blob to its last unpin', async () => {
    const store = openStore({ data: ':memory:' });
    const hash = await store.putBlob(Buffer.from('x'));
    const a = pin([hash]);
    const b = pin([hash]);
    await deleteBlobs(store, [hash]);
    a();
    a(); // unpinning twice counts once
    expect(await store.hasBlob(hash)).toBe(true);
    b();
    await new Promise((r) => setImmediate(r));
    expect(await store.hasBlob(hash)).toBe(false);
  });

  it('let a GetObject stream finish reading an object that was overwritten meanwhile', async () => {
    const w = new TestWorld();
    const root = w.root();
    await w.run(root, createBucket, { Bucket: 'race' });
    const { UploadId } = await w.run<{ UploadId: string }>(root, createMultipartUpload, { Bucket: 'race', Key: 'k' });
    const first = Buffer.alloc(MIN_PART_SIZE, 'a');
    const e1 = (await w.run<{ ETag: string }>(root, uploadPart, { Bucket: 'race', Key: 'k', UploadId, PartNumber: 1, Body: first })).ETag;
    const e2 = (await w.run<{ ETag: string }>(root, uploadPart, { Bucket: 'race', Key: 'k', UploadId, PartNumber: 2, Body: Buffer.from('tail') })).ETag;
    await w.run(root, completeMultipartUpload, { Bucket: 'race', Key: 'k', UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: e1 }, { PartNumber: 2, ETag: e2 }] } });
    const old = w.store.transaction((tx) => tx.get<ObjectRecord>(T.objects, 'race/k'))!.parts.map((p) => p.blob);
    // The stream has read the first piece; the second is still to come when the key is overwritten.
    const { Body } = await w.run<{ Body: AsyncIterable<Buffer> }>(root, getObjectOp, { Bucket: 'race', Key: 'k' });
    await w.run(root, putObject, { Bucket: 'race', Key: 'k', Body: Buffer.from('new') });
    expect(await w.store.hasBlob(old[1])).toBe(true);
    const chunks: Buffer[] = [];
    for await (const c of Body) chunks.push(c);
    expect(Buffer.concat(chunks).equals(Buffer.concat([first, Buffer.from('tail')]))).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(await w.store.hasBlob(old[0])).toBe(false);
    expect(await w.store.hasBlob(old[1])).toBe(false);
  });
});
