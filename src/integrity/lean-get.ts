// A lean S3 GetObject for the many small log files a validation reads. The AWS SDK spends about a
// millisecond of CPU on each request (its middleware stack, schema serde, retries), which on a
// 2-core machine is more than the emulator spends serving it (bench/validate). This path signs a
// plain GET with SigV4 (node:crypto) and sends it with a minimal keep-alive HTTP/1.1 client
// (http1.ts).
//
// It decides nothing on its own: the URL is the one the SDK itself sent for an earlier GetObject
// to the same bucket (its endpoint resolution: custom endpoint, profile endpoint_url, FIPS,
// dual-stack, path or virtual-hosted style), the credentials are the SDK's (its standard chain,
// refreshed by it), the signing Region is the bucket's. Anything but a 200 answer — an error, a
// redirect, a network failure, an answer http1.ts does not parse — is asked again through the
// SDK's GetObject, so that errors, retries and messages are the SDK's.
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
import { createHmac, hash } from 'node:crypto';
import { Http1Client } from './http1.js';

export interface LeanCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Where the SDK sent a GetObject: everything of the URL but the key. */
export interface ObjectUrlTemplate {
  protocol: string;
  hostname: string;
  port?: number;
  /** The path before the encoded key: `/<bucket>/` (path style) or `/` (virtual-hosted). */
  prefix: string;
}

// crypto.hash (Node 20.12; gzip.ts's zlib.crc32 already needs 20.15) is one call where createHash is an object and three.
const EMPTY_SHA256 = hash('sha256', '', 'hex');

const escapeMore = (c: string) => (c === '%2F' ? '/' : `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
/**
 * SigV4's URI encoding of an S3 key (RFC 3986 unreserved characters kept; S3 encodes once): each
 * segment encoded, the slashes kept. encodeURIComponent leaves `!'()*` alone, so they are done
 * here; its `%2F` goes back to `/` (a `%` of the key is `%25` by then, so none of the key's own
 * `%2F` is undone).
 */
export const encodeKey = (key: string) => (UNRESERVED_PATH.test(key) ? key : encodeURIComponent(key).replace(/%2F|[!'()*]/g, escapeMore));
/** A key of these characters only, as CloudTrail's are, is its own encoding. */
const UNRESERVED_PATH = /^[A-Za-z0-9\-._~/]*$/;

/** The template behind a path the SDK sent for `key`, or undefined when the path is not `<prefix><encoded key>`. */
export function templateOf(request: { protocol: string; hostname: string; port?: number; path: string }, key: string): ObjectUrlTemplate | undefined {
  const encoded = encodeKey(key);
  if (!request.path.endsWith(encoded)) return undefined;
  return { protocol: request.protocol.replace(/:?$/, ':'), hostname: request.hostname, port: request.port, prefix: request.path.slice(0, -encoded.length) };
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** SigV4 headers for a GET of `path` on `host` (no query, empty payload). */
export function signGet(host: string, path: string, region: string, credentials: LeanCredentials, now: Date, keys = new Map<string, Buffer>()): Record<string, string> {
  const iso = now.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const day = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
  const amzDate = `${day}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  const token = credentials.sessionToken;
  // The signed headers, in the sorted order SigV4 wants them.
  const signedHeaders = token ? 'host;x-amz-content-sha256;x-amz-date;x-amz-security-token' : 'host;x-amz-content-sha256;x-amz-date';
  const canonical =
    `GET\n${path}\n\nhost:${host}\nx-amz-content-sha256:${EMPTY_SHA256}\nx-amz-date:${amzDate}\n` +
    (token ? `x-amz-security-token:${token}\n` : '') +
    `\n${signedHeaders}\n${EMPTY_SHA256}`;
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hash('sha256', canonical, 'hex')}`;
  const cacheKey = `${credentials.secretAccessKey}|${scope}`;
  let signingKey = keys.get(cacheKey);
  if (!signingKey) {
    signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), 's3'), 'aws4_request');
    keys.clear();
    keys.set(cacheKey, signingKey);
  }
  const headers: Record<string, string> = { 'x-amz-content-sha256': EMPTY_SHA256, 'x-amz-date': amzDate };
  if (token) headers['x-amz-security-token'] = token;
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${hmac(signingKey, toSign).toString('hex')}`;
  return headers;
}

export interface LeanAnswer {
  status: number;
  body: Buffer;
  metadata: Record<string, string>;
}

/** A GET client with its own connections; one signing key is cached per day, Region and secret. */
export function leanGetter(client = new Http1Client()) {
  const keys = new Map<string, Buffer>();
  /** `now`: the signing time, corrected by the SDK's estimate of the clock's skew. */
  return async (template: ObjectUrlTemplate, key: string, region: string, credentials: LeanCredentials, now: Date): Promise<LeanAnswer> => {
    const path = template.prefix + encodeKey(key);
    const https = template.protocol === 'https:';
    const host = template.port && template.port !== (https ? 443 : 80) ? `${template.hostname}:${template.port}` : template.hostname;
    const signed = signGet(host, path, region, credentials, now, keys);
    const lines = [`host: ${host}`];
    for (const name in signed) lines.push(`${name}: ${signed[name]}`);
    const answer = await client.get(template, path, lines);
    const metadata: Record<string, string> = {};
    for (const [name, value] of answer.headers) {
      if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
    }
    return { status: answer.status, body: answer.body, metadata };
  };
}
