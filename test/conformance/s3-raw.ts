// Hand-made S3 requests, signed by @smithy/signature-v4 (the SDK's signer), for what the SDK client
// will not send on demand: each payload-signing mode, aws-chunked bodies with chunk signatures and
// trailers, tampered chunks, malformed XML, oversized bodies.
import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { chunkSignature, signingKey, trailerSignature } from '../../src/sigv4/index.js';
import type { Credentials } from './harness.js';

/** The SDK's Checksum interface over node:crypto. */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (d: SourceData) => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d));

class Sha256 {
  private hash!: { update(d: string | Buffer): unknown; digest(): Buffer };
  constructor(private readonly secret?: SourceData) {
    this.reset();
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.secret !== undefined ? createHmac('sha256', bytesOf(this.secret)) : createHash('sha256');
  }
}

export type PayloadMode = 'signed' | 'unsigned' | 'streaming-signed' | 'streaming-signed-trailer' | 'streaming-unsigned-trailer' | 'none';

const SENTINEL: Record<string, string> = {
  unsigned: 'UNSIGNED-PAYLOAD',
  'streaming-signed': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'streaming-signed-trailer': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'streaming-unsigned-trailer': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
};

export interface RawRequest {
  method: string;
  /** Raw, already percent-encoded path. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Buffer | string;
  payload?: PayloadMode;
  /** aws-chunked: data bytes per chunk. */
  chunkSize?: number;
  trailers?: Record<string, string>;
  /** Changes the body after signing (a tampered chunk). */
  tamper?: (body: Buffer) => Buffer;
  region?: string;
  /** Presign instead of signing the header. */
  presign?: boolean;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, method: string, pathAndQuery: string, headers: Record<string, string>, body: Buffer): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, method, path: pathAndQuery, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function chunked(data: Buffer, size: number, sign: ((chunk: Buffer) => string) | undefined, trailers: string): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; ; at += size) {
    const chunk = data.subarray(at, Math.min(at + size, data.length));
    const ext = sign ? `;chunk-signature=${sign(chunk)}` : '';
    parts.push(Buffer.from(`${chunk.length.toString(16)}${ext}\r\n`), chunk);
    if (chunk.length === 0) break;
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(trailers), Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

export async function rawS3(url: string, credentials: Credentials, r: RawRequest): Promise<RawResponse> {
  const u = new URL(url);
  const region = r.region ?? 'us-east-1';
  const data = typeof r.body === 'string' ? Buffer.from(r.body) : (r.body ?? Buffer.alloc(0));
  const mode = r.payload ?? 'signed';
  const headers: Record<string, string> = { host: u.host, ...r.headers };
  const streaming = mode.startsWith('streaming');
  if (mode !== 'none' && !r.presign) headers['x-amz-content-sha256'] = mode === 'signed' ? createHash('sha256').update(data).digest('hex') : SENTINEL[mode];
  // A presigned URL signs UNSIGNED-PAYLOAD, as @aws-sdk/s3-request-presigner does (it ends up as X-Amz-Content-Sha256).
  if (r.presign) headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  if (streaming) {
    headers['content-encoding'] = 'aws-chunked';
    headers['x-amz-decoded-content-length'] = String(data.length);
    if (r.trailers) headers['x-amz-trailer'] = Object.keys(r.trailers).join(',');
  }
  const signer = new SignatureV4({ credentials, region, service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const request = new HttpRequest({ method: r.method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: r.path, query: r.query, headers });
  const signed = r.presign ? await signer.presign(request, { expiresIn: 300 }) : await signer.sign(request);
  let body = data;
  if (streaming) {
    const auth = String(signed.headers.authorization ?? '');
    const seed = /Signature=([0-9a-f]{64})/.exec(auth)![1];
    const amzDate = String(signed.headers['x-amz-date']);
    const scope = `${amzDate.slice(0, 8)}/${region}/s3/aws4_request`;
    const signing = { signingKey: signingKey(credentials.secretAccessKey, amzDate.slice(0, 8), region, 's3'), amzDate, scope, seedSignature: seed };
    let previous = seed;
    const sign = mode === 'streaming-unsigned-trailer' ? undefined : (chunk: Buffer) => (previous = chunkSignature(signing, previous, chunk));
    let trailerText = '';
    if (r.trailers) {
      for (const [k, v] of Object.entries(r.trailers)) trailerText += `${k}:${v}\r\n`;
    }
    // The trailer signature chains on the final (empty) chunk's signature, so it is computed after the chunks.
    const encoded = chunked(data, r.chunkSize ?? 64 * 1024, sign, '');
    if (mode === 'streaming-signed-trailer' && r.trailers) trailerText += `x-amz-trailer-signature:${trailerSignature(signing, previous, r.trailers)}\r\n`;
    body = Buffer.concat([encoded.subarray(0, encoded.length - 2), Buffer.from(trailerText), Buffer.from('\r\n')]);
  }
  if (r.tamper) body = r.tamper(body);
  const finalHeaders: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) finalHeaders[k] = String(v);
  finalHeaders['content-length'] = String(body.length);
  const query = new URLSearchParams(signed.query as Record<string, string>).toString().replace(/\+/g, '%20');
  return send(url, r.method, `${r.path}${query ? `?${query}` : ''}`, finalHeaders, body);
}

/** A request with no authentication at all (anonymous). */
export function anonymousS3(url: string, method: string, path: string, headers: Record<string, string> = {}, body: Buffer = Buffer.alloc(0)): Promise<RawResponse> {
  return send(url, method, path, { host: new URL(url).host, 'content-length': String(body.length), ...headers }, body);
}

/** `<Code>` of an S3 error body. */
export const errorCode = (r: RawResponse) => /<Code>([^<]*)<\/Code>/.exec(r.body)?.[1];
