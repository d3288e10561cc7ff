// Requests signed by the AWS SDK for JavaScript v3's signer (@smithy/signature-v4), generated into
// test/fixtures/sigv4/smithy-signed.json: each verifies, and changing any one byte of the path, the
// query, a signed header or the signature makes it fail.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAwsChunked } from './chunked.js';
import type { SigV4Request, VerifyOptions } from './types.js';
import { verifySigV4 } from './verify.js';

interface SignedCase {
  name: string;
  service: string;
  region: string;
  presigned: boolean;
  now: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  request: { method: string; path: string; query: string; headers: Record<string, string>; body: string };
}
const fixture = JSON.parse(readFileSync(new URL('../../test/fixtures/sigv4/smithy-signed.json', import.meta.url), 'utf8')) as {
  cases: SignedCase[];
};

function requestOf(c: SignedCase, change: Partial<SigV4Request> = {}): SigV4Request {
  return {
    method: c.request.method,
    path: c.request.path,
    query: c.request.query,
    headers: c.request.headers,
    bodyHash: createHash('sha256').update(c.request.body).digest('hex'),
    ...change,
  };
}

function optionsOf(c: SignedCase): VerifyOptions {
  return {
    now: new Date(c.now),
    region: c.region,
    service: c.service,
    lookup: (id) => (id === c.credentials.accessKeyId ? c.credentials : undefined),
  };
}

/** `text` with its i-th character changed to another one (low bit flipped, as a corrupted byte would be). */
function flip(text: string, i: number): string {
  return text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ 1) + text.slice(i + 1);
}

function signedHeaderNames(c: SignedCase): string[] {
  const authorization = c.request.headers.authorization;
  if (authorization) return /SignedHeaders=([^,]+)/.exec(authorization)![1].split(';');
  return decodeURIComponent(/X-Amz-SignedHeaders=([^&]+)/.exec(c.request.query)![1]).split(';');
}

describe('requests signed by @smithy/signature-v4', () => {
  it('covers header and presigned, session tokens, JSON, query and S3', () => {
    const cases = fixture.cases;
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(cases.some((c) => c.presigned && c.service === 's3' && c.credentials.sessionToken)).toBe(true);
    expect(cases.some((c) => c.presigned && c.service === 'sts')).toBe(true);
    expect(cases.some((c) => c.request.headers['x-amz-content-sha256'] === 'UNSIGNED-PAYLOAD')).toBe(true);
  });

  for (const c of fixture.cases) {
    describe(c.name, () => {
      it('verifies', () => {
        const result = verifySigV4(requestOf(c), optionsOf(c));
        expect(result).toMatchObject({
          ok: true,
          accessKeyId: c.credentials.accessKeyId,
          service: c.service,
          region: c.region,
          presigned: c.presigned,
          sessionToken: c.credentials.sessionToken,
        });
      });

      it('fails when any byte of the path changes', () => {
        for (let i = 0; i < c.request.path.length; i++) {
          const result = verifySigV4(requestOf(c, { path: flip(c.request.path, i) }), optionsOf(c));
          expect(result.ok, `path ${flip(c.request.path, i)}`).toBe(false);
        }
      });

      it('fails when any byte of the query changes', () => {
        for (let i = 0; i < c.request.query.length; i++) {
          const query = flip(c.request.query, i);
          expect(verifySigV4(requestOf(c, { query }), optionsOf(c)).ok, `query ${query}`).toBe(false);
        }
      });

      it('fails when any byte of a signed header changes', () => {
        for (const name of signedHeaderNames(c)) {
          const value = c.request.headers[name];
          for (let i = 0; i < value.length; i++) {
            const headers = { ...c.request.headers, [name]: flip(value, i) };
            expect(verifySigV4(requestOf(c, { headers }), optionsOf(c)).ok, `${name}: ${headers[name]}`).toBe(false);
          }
        }
      });

      it('fails when any character of the signature changes', () => {
        const authorization = c.request.headers.authorization;
        const text = authorization ?? c.request.query;
        const start = text.search(/Signature=[0-9a-f]{64}/) + 'Signature='.length;
        for (let i = start; i < start + 64; i++) {
          const changed = authorization
            ? requestOf(c, { headers: { ...c.request.headers, authorization: flip(authorization, i) } })
            : requestOf(c, { query: flip(c.request.query, i) });
          expect(verifySigV4(changed, optionsOf(c))).toMatchObject({ ok: false, reason: 'bad-signature' });
        }
      });

      it('fails with another secret', () => {
        const other = { ...optionsOf(c), lookup: () => ({ ...c.credentials, secretAccessKey: 'x' + c.credentials.secretAccessKey }) };
        expect(verifySigV4(requestOf(c), other)).toMatchObject({ ok: false, reason: 'bad-signature' });
      });
    });
  }

  it('decodes the flexible-checksum aws-chunked body it signed', () => {
    const c = fixture.cases.find((x) => x.request.headers['x-amz-content-sha256'] === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER')!;
    const result = verifySigV4(requestOf(c, { bodyHash: undefined }), optionsOf(c));
    if (!result.ok) throw new Error(result.reason);
    expect(result.payload).toBe('streaming-unsigned-trailer');
    const decoded = decodeAwsChunked(Buffer.from(c.request.body), { payload: result.payload, decodedLength: 11 });
    expect(decoded).toEqual({ ok: true, data: Buffer.from('hello world'), trailers: { 'x-amz-checksum-crc32': 'DUoRhQ==' } });
  });
});
