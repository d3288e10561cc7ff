// A lean S3 GetObject for the many small log files a validation reads. The AWS SDK spends about a
// millisecond of CPU on each request (its middleware stack, schema serde, retries), which on a
// 2-core machine is more than the emulator spends serving it (bench/validate). This path signs a
// plain GET with SigV4 (node:crypto) and sends it on the SDK client's own keep-alive agents.
//
// It decides nothing on its own: the URL is the one the SDK itself sent for an earlier GetObject
// to the same bucket (its endpoint resolution: custom endpoint, profile endpoint_url, FIPS,
// dual-stack, path or virtual-hosted style), the credentials are the SDK's (its standard chain,
// refreshed by it), the signing Region is the bucket's. Anything but a 200 answer — an error, a
// redirect, a network failure — is asked again through the SDK's GetObject, so that errors,
// retries and messages are the SDK's. https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
import { createHash, createHmac } from 'node:crypto';
import { request as httpRequest, type Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';

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

const EMPTY_SHA256 = createHash('sha256').digest('hex');

/** SigV4's URI encoding of one path segment (RFC 3986 unreserved kept); S3 encodes the key once. */
export const encodeSegment = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
export const encodeKey = (key: string) => key.split('/').map(encodeSegment).join('/');

/** The template behind a path the SDK sent for `key`, or undefined when the path is not `<prefix><encoded key>`. */
export function templateOf(request: { protocol: string; hostname: string; port?: number; path: string }, key: string): ObjectUrlTemplate | undefined {
  const encoded = encodeKey(key);
  if (!request.path.endsWith(encoded)) return undefined;
  return { protocol: request.protocol.replace(/:?$/, ':'), hostname: request.hostname, port: request.port, prefix: request.path.slice(0, -encoded.length) };
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/** SigV4 headers for a GET of `path` on `host` (no query, empty payload). */
export function signGet(host: string, path: string, region: string, credentials: LeanCredentials, now: Date, keys = new Map<string, Buffer>()): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const headers: Record<string, string> = { host, 'x-amz-content-sha256': EMPTY_SHA256, 'x-amz-date': amzDate };
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = `GET\n${path}\n\n${names.map((n) => `${n}:${headers[n]}\n`).join('')}\n${names.join(';')}\n${EMPTY_SHA256}`;
  const scope = `${day}/${region}/s3/aws4_request`;
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical, 'utf8').digest('hex')}`;
  const cacheKey = `${credentials.secretAccessKey}|${scope}`;
  let signingKey = keys.get(cacheKey);
  if (!signingKey) {
    signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), 's3'), 'aws4_request');
    keys.clear();
    keys.set(cacheKey, signingKey);
  }
  const { host: _host, ...rest } = headers;
  return {
    ...rest,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${hmac(signingKey, toSign).toString('hex')}`,
  };
}

export interface LeanAnswer {
  status: number;
  body: Buffer;
  metadata: Record<string, string>;
}

/** A GET client over the given agents; one signing key is cached per day, Region and secret. */
export function leanGetter(agents: { http: HttpAgent; https: HttpsAgent }) {
  const keys = new Map<string, Buffer>();
  return (template: ObjectUrlTemplate, key: string, region: string, credentials: LeanCredentials): Promise<LeanAnswer> => {
    const path = template.prefix + encodeKey(key);
    const https = template.protocol === 'https:';
    const host = template.port && template.port !== (https ? 443 : 80) ? `${template.hostname}:${template.port}` : template.hostname;
    const headers = { host, ...signGet(host, path, region, credentials, new Date(), keys) };
    return new Promise((resolve, reject) => {
      const req = (https ? httpsRequest : httpRequest)(
        { hostname: template.hostname, port: template.port, path, method: 'GET', headers, agent: https ? agents.https : agents.http },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const metadata: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers)) {
              if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice('x-amz-meta-'.length)] = value;
            }
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), metadata });
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  };
}
