import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipMember } from './gzip.js';

const json = Buffer.from(JSON.stringify({ Records: [{ eventName: 'ListKeys' }] }));

describe('gunzipMember', () => {
  it('decompresses one gzip member, small or big', async () => {
    expect(await gunzipMember(gzipSync(json))).toEqual({ data: json });
    // Over 256 KiB compressed: decompressed on the thread pool.
    const big = randomBytes(300 * 1024);
    const out = await gunzipMember(gzipSync(big));
    // Buffer.equals: toEqual walks a big buffer byte by byte, slowly.
    expect('data' in out && out.data.equals(big)).toBe(true);
  });

  it('inflates whatever size the trailer claims, and holds the file to it', async () => {
    // Incompressible, so that it stays under the synchronous path's limit once compressed.
    const data = randomBytes(100 * 1024);
    const body = gzipSync(data);
    const out = await gunzipMember(body);
    expect('data' in out && out.data.equals(data)).toBe(true);
    // The size is only a hint for the output buffer: a file that claims less still inflates, then fails.
    const claimsLess = Buffer.from(body);
    claimsLess.writeUInt32LE(10, claimsLess.length - 4);
    expect(await gunzipMember(claimsLess)).toEqual({ problem: 'invalid format' });
  });

  it('reads the optional header fields (FEXTRA, FNAME, FCOMMENT, FHCRC)', async () => {
    const plain = gzipSync(json);
    const deflate = plain.subarray(10);
    const header = Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3]);
    const extra = Buffer.from([3, 0, 1, 2, 3]);
    const withFields = Buffer.concat([header, extra, Buffer.from('name\0comment\0'), Buffer.from([0, 0]), deflate]);
    expect(await gunzipMember(withFields)).toEqual({ data: json });
  });

  it('says invalid format for what is not gzip, is cut short, or fails its CRC', async () => {
    expect(await gunzipMember(json)).toEqual({ problem: 'invalid format' });
    expect(await gunzipMember(Buffer.alloc(0))).toEqual({ problem: 'invalid format' });
    const body = gzipSync(json);
    expect(await gunzipMember(body.subarray(0, body.length - 3))).toEqual({ problem: 'invalid format' });
    const badCrc = Buffer.from(body);
    badCrc[badCrc.length - 8] ^= 1;
    expect(await gunzipMember(badCrc)).toEqual({ problem: 'invalid format' });
    const badSize = Buffer.from(body);
    badSize[badSize.length - 1] ^= 1;
    expect(await gunzipMember(badSize)).toEqual({ problem: 'invalid format' });
  });

  it('reports bytes after the member, and a second member, as unexpected data', async () => {
    expect(await gunzipMember(Buffer.concat([gzipSync(json), Buffer.from('x')]))).toEqual({ problem: 'unexpected data after end of compressed stream' });
    expect(await gunzipMember(Buffer.concat([gzipSync(json), gzipSync(json)]))).toEqual({ problem: 'unexpected data after end of compressed stream' });
  });
});
