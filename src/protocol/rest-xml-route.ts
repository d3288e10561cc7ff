// Which bucket, key and operation an S3 request is for.
//
// Addressing (https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html): on one
// endpoint, a Host of `<bucket>.s3.localhost[:port]` or `<bucket>.localhost[:port]` names the
// bucket (virtual-hosted style, the path is the key); any other Host (`127.0.0.1`, `localhost`,
// `s3.localhost`) is path style, `/<bucket>/<key>`. The SDKs build `<bucket>.<endpoint host>` from
// an endpoint of `http://localhost:4566` or `http://s3.localhost:4566`, which is why those two.
//
// Operation: the model's http traits (method, `/{Bucket}/{Key+}?uploads`) plus the required query
// and header members that tell apart operations sharing one URI (UploadPart needs `partNumber` and
// `uploadId`, CopyObject `x-amz-copy-source`). The most specific route wins: most query markers,
// then most qualifiers. That is how S3 itself dispatches, and it keeps routing generic over the model.
import { AwsError } from '../core/aws-error.js';
import type { Route, XmlModel } from './rest-xml-model.js';

export interface S3Address {
  bucket?: string;
  key?: string;
  style: 'path' | 'virtual';
}

/** S3's answer to a path it cannot decode (S3 error-code list: InvalidURI). */
const invalidUri = () => new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400);

function decodePart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalidUri();
  }
}

/** The bucket named by a virtual-hosted Host header, or undefined for path style. */
export function hostBucket(host: string | undefined): string | undefined {
  if (!host) return undefined;
  // Strip the port (an IPv6 literal is in brackets and never names a bucket).
  const name = host.startsWith('[') ? '' : host.replace(/:\d+$/, '').toLowerCase();
  for (const suffix of ['.s3.localhost', '.localhost']) {
    if (name.endsWith(suffix) && name.length > suffix.length) {
      const bucket = name.slice(0, -suffix.length);
      // `s3.localhost` is the path-style endpoint itself, not a bucket called `s3`.
      if (suffix === '.localhost' && bucket === 's3') return undefined;
      return bucket;
    }
  }
  return undefined;
}

/** Bucket and key of a request from its Host header and raw (still percent-encoded) path. */
export function s3Address(host: string | undefined, rawPath: string): S3Address {
  const virtual = hostBucket(host);
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (virtual !== undefined) {
    const key = decodePart(path);
    return { bucket: virtual, key: key === '' ? undefined : key, style: 'virtual' };
  }
  if (path === '') return { style: 'path' };
  const slash = path.indexOf('/');
  const bucket = decodePart(slash < 0 ? path : path.slice(0, slash));
  const key = slash < 0 ? '' : decodePart(path.slice(slash + 1));
  return { bucket, key: key === '' ? undefined : key, style: 'path' };
}

interface CompiledRoute {
  operation: string;
  method: string;
  shape: 'service' | 'bucket' | 'object' | 'other';
  markers: [string, string | null][];
  qualifiers: string[];
}

const compiled = new WeakMap<XmlModel, CompiledRoute[]>();

function compile(model: XmlModel): CompiledRoute[] {
  let routes = compiled.get(model);
  if (routes) return routes;
  routes = Object.entries(model.routes).map(([operation, r]: [string, Route]) => {
    const q = r.requestUri.indexOf('?');
    const path = q < 0 ? r.requestUri : r.requestUri.slice(0, q);
    const markers = (q < 0 ? [] : r.requestUri.slice(q + 1).split('&')).map((m): [string, string | null] => {
      const eq = m.indexOf('=');
      return eq < 0 ? [m, null] : [m.slice(0, eq), m.slice(eq + 1)];
    });
    const shape = path === '/' ? 'service' : path === '/{Bucket}' ? 'bucket' : path === '/{Bucket}/{Key+}' ? 'object' : 'other';
    return { operation, method: r.method, shape, markers, qualifiers: r.qualifiers };
  });
  compiled.set(model, routes);
  return routes;
}

/** The operation a request is for, or undefined when no operation of the model matches. */
export function findOperation(
  model: XmlModel,
  request: { method: string; address: S3Address; query: URLSearchParams; headers: Readonly<Record<string, string | undefined>> },
): string | undefined {
  const { address, query, headers } = request;
  const shape = address.bucket === undefined ? 'service' : address.key === undefined ? 'bucket' : 'object';
  let best: CompiledRoute | undefined;
  let bestScore = -1;
  for (const r of compile(model)) {
    if (r.method !== request.method || r.shape !== shape) continue;
    if (!r.markers.every(([name, value]) => query.has(name) && (value === null || query.get(name) === value))) continue;
    if (!r.qualifiers.every((qualifier) => (qualifier.startsWith('q:') ? query.has(qualifier.slice(2)) : headers[qualifier.slice(2)] !== undefined))) continue;
    const score = r.markers.length * 100 + r.qualifiers.length;
    if (score > bestScore) [best, bestScore] = [r, score];
  }
  return best?.operation;
}
