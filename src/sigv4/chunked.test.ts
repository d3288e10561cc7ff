// aws-chunked bodies against AWS's two worked examples (test/fixtures/sigv4/s3-chunked.json): the
// seed request verifies to the documented seed signature, the body decodes, and every link of the
// chain is checked; then the ways a body can be broken.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalRequest } from './canonical.js';
import { type ChunkSigning, chunkSignature, decodeAwsChunked, trailerSignature } from './chunked.js';
import { canonicalQuery, canonicalUri } from './encode.js';
import type { SigV4Success } from './types.js';
import { verifySigV4 } from './verify.js';

interface Example {
  name: string;
  payload: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  signedHeaders: string;
  canonicalRequestSha256?: string;
  seedSignature: string;
  chunks: { size: number; signature: string }[];
  trailers?: Record<string, string>;
  trailerSha256?: string;
  trailerSignature?: string;
  bodyLength: number;
}
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/sigv4/s3-chunked.json', import.meta.url), 'utf8')) as {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  date: string;
  examples: Example[];
};
const [plain, trailed] = fixture.examples;

/** The example's body on the wire. */
function bodyOf(example: Example, signatures = example.chunks.map((c) => c.signature)): Buffer {
  const parts: Buffer[] = [];
  example.chunks.forEach((chunk, i) => {
    parts.push(Buffer.from(`${chunk.size.toString(16)};chunk-signature=${signatures[i]}\r\n`));
    if (chunk.size > 0) parts.push(Buffer.alloc(chunk.size, 'a'), Buffer.from('\r\n'));
  });
  if (example.trailers) {
    for (const [name, value] of Object.entries(example.trailers)) parts.push(Buffer.from(`${name}:${value}\r\n`));
    parts.push(Buffer.from(`x-amz-trailer-signature:${example.trailerSignature}\r\n`));
  }
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

function seed(example: Example): SigV4Success {
  const authorization = `AWS4-HMAC-SHA256 Credential=${fixture.accessKeyId}/20130524/us-east-1/s3/aws4_request,SignedHeaders=${example.signedHeaders},Signature=${example.seedSignature}`;
  const result = verifySigV4(
    { method: example.method, path: example.path, query: '', headers: { ...example.headers, authorization } },
    {
      now: new Date(fixture.date),
      region: fixture.region,
      service: 's3',
      lookup: (id) => (id === fixture.accessKeyId ? { secretAccessKey: fixture.secretAccessKey } : undefined),
    },
  );
  if (!result.ok) throw new Error(`seed request refused: ${result.reason}`);
  return result;
}

const OBJECT = Buffer.alloc(66_560, 'a');

describe('aws-chunked: AWS worked examples', () => {
  it('the seed request of sigv4-streaming verifies, canonical request as documented', () => {
    const result = seed(plain);
    expect(result).toMatchObject({ payload: 'streaming-signed', seedSignature: plain.seedSignature, scope: '20130524/us-east-1/s3/aws4_request' });
    const creq = canonicalRequest('PUT', canonicalUri(plain.path, true), canonicalQuery('', false), plain.headers, plain.signedHeaders.split(';'), plain.payload);
    expect(createHash('sha256').update(creq).digest('hex')).toBe(plain.canonicalRequestSha256);
  });

  it('computes each documented chunk signature', () => {
    const signing = seed(plain);
    let previous = signing.seedSignature;
    for (const chunk of plain.chunks) {
      previous = chunkSignature(signing, previous, Buffer.alloc(chunk.size, 'a'));
      expect(previous).toBe(chunk.signature);
    }
  });

  it('decodes the documented body (66824 bytes) to the 66560-byte object', () => {
    const body = bodyOf(plain);
    expect(body.length).toBe(plain.bodyLength);
    const result = decodeAwsChunked(body, { payload: 'streaming-signed', signing: seed(plain), decodedLength: 66_560 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.data.equals(OBJECT)).toBe(true); // Buffer.equals: toEqual compares 66560 indices slowly
    expect(result.trailers).toEqual({});
  });

  it('sigv4-streaming-trailers: seed, chunks and the trailer signature', () => {
    const signing = seed(trailed);
    expect(signing.payload).toBe('streaming-signed-trailer');
    const trailerLines = Object.entries(trailed.trailers!).map(([n, v]) => `${n}:${v}\n`).join('');
    expect(createHash('sha256').update(trailerLines).digest('hex')).toBe(trailed.trailerSha256);
    expect(trailerSignature(signing, trailed.chunks[2].signature, trailed.trailers!)).toBe(trailed.trailerSignature);
    const body = bodyOf(trailed);
    expect(body.length).toBe(trailed.bodyLength);
    const result = decodeAwsChunked(body, { payload: 'streaming-signed-trailer', signing, decodedLength: 66_560 });
    if (!result.ok) throw new Error(result.reason);
    expect(result.data.equals(OBJECT)).toBe(true);
    expect(result.trailers).toEqual({ 'x-amz-checksum-crc32c': 'sOO8/Q==' });
  });
});

describe('aws-chunked: broken bodies', () => {
  const signing: ChunkSigning = seed(plain);

  it('chunk-signature-mismatch: names the chunk and carries its string to sign', () => {
    for (let i = 0; i < 3; i++) {
      const signatures = plain.chunks.map((c) => c.signature);
      signatures[i] = '1'.repeat(64);
      const result = decodeAwsChunked(bodyOf(plain, signatures), { payload: 'streaming-signed', signing });
      expect(result).toMatchObject({ ok: false, reason: 'chunk-signature-mismatch', chunkIndex: i, signatureProvided: '1'.repeat(64) });
      if (!result.ok) expect(result.stringToSign).toMatch(/^AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n20130524\/us-east-1\/s3\/aws4_request\n/);
    }
  });

  it('chunk-signature-mismatch: changed data, and chunks in another order', () => {
    const body = bodyOf(plain);
    body[200] = 0x62; // a `b` inside the first chunk's data
    expect(decodeAwsChunked(body, { payload: 'streaming-signed', signing })).toMatchObject({ ok: false, reason: 'chunk-signature-mismatch', chunkIndex: 0 });
    const otherSeed = { ...signing, seedSignature: trailed.seedSignature };
    expect(decodeAwsChunked(bodyOf(plain), { payload: 'streaming-signed', signing: otherSeed })).toMatchObject({ reason: 'chunk-signature-mismatch' });
  });

  it('trailer-signature-mismatch: a changed trailer, or none', () => {
    const signingT = seed(trailed);
    const changed = Buffer.from(bodyOf(trailed).toString('latin1').replace('sOO8/Q==', 'sOO8/Q=='.replace('s', 't')), 'latin1');
    expect(decodeAwsChunked(changed, { payload: 'streaming-signed-trailer', signing: signingT })).toMatchObject({ ok: false, reason: 'trailer-signature-mismatch' });
    const unsignedTrailer = Buffer.from(bodyOf(trailed).toString('latin1').replace(/x-amz-trailer-signature:\w+\r\n/, ''), 'latin1');
    expect(decodeAwsChunked(unsignedTrailer, { payload: 'streaming-signed-trailer', signing: signingT })).toMatchObject({
      ok: false,
      reason: 'trailer-signature-mismatch',
      signatureProvided: undefined,
    });
  });

  it('incomplete-body: cut anywhere before the final chunk', () => {
    const body = bodyOf(plain);
    for (const cut of [0, 10, 90, 65_000, 65_640, body.length - 80]) {
      expect(decodeAwsChunked(body.subarray(0, cut), { payload: 'streaming-signed', signing })).toMatchObject({ ok: false, reason: 'incomplete-body' });
    }
  });

  it('malformed-chunk: a bad size, no chunk signature, data not followed by CRLF, bytes after the end', () => {
    const unsigned = (text: string) => decodeAwsChunked(Buffer.from(text), { payload: 'streaming-unsigned-trailer' });
    expect(unsigned('zz\r\nhello\r\n0\r\n\r\n')).toMatchObject({ reason: 'malformed-chunk', offset: 0 });
    expect(unsigned('5\r\nhelloX\r\n0\r\n\r\n')).toMatchObject({ reason: 'malformed-chunk', offset: 8 });
    expect(unsigned('5\r\nhello\r\n0\r\nx-amz-checksum-crc32:NhCmhg==\r\n\r\nextra')).toMatchObject({ reason: 'malformed-chunk' });
    // After the final chunk, text without a line end may be a cut trailer.
    expect(unsigned('5\r\nhello\r\n0\r\n\r\nx-amz-chec')).toMatchObject({ reason: 'incomplete-body' });
    expect(unsigned('5\r\nhello\r\n0\r\nno-colon\r\n\r\n')).toMatchObject({ reason: 'malformed-chunk' });
    expect(decodeAwsChunked(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), { payload: 'streaming-signed', signing })).toMatchObject({ reason: 'malformed-chunk' });
  });

  it('decoded-length-mismatch: x-amz-decoded-content-length is not the data length', () => {
    expect(decodeAwsChunked(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), { payload: 'streaming-unsigned-trailer', decodedLength: 6 })).toMatchObject({
      ok: false,
      reason: 'decoded-length-mismatch',
      expectedLength: 6,
      actualLength: 5,
    });
  });

  it('unsigned trailer bodies: several chunks, trailers, a blank line before the trailers, no final blank line', () => {
    const decode = (text: string) => decodeAwsChunked(Buffer.from(text), { payload: 'streaming-unsigned-trailer' });
    const expected = { ok: true, data: Buffer.from('hello world'), trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' } };
    expect(decode('5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n')).toEqual(expected);
    expect(decode('5\r\nhello\r\n6\r\n world\r\n0\r\n\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n')).toEqual(expected);
    expect(decode('b\r\nhello world\r\n0\r\nX-Amz-Checksum-CRC32: DUoRhQ==\r\n')).toEqual(expected);
    expect(decode('0\r\n\r\n')).toEqual({ ok: true, data: Buffer.alloc(0), trailers: {} });
  });
});
