// node:http with raw URL and body bytes. Every body is bounded: a larger one is refused before it
// is read in full, and the connection is closed so the client cannot keep streaming.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';

export interface WireRequest {
  method: string;
  /** The raw request target: path and query exactly as sent (SigV4 signs the raw form). */
  url: string;
  /** Lower-cased header names; repeated headers joined with `,` as Node does. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  remoteAddress: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /**
   * A stream (S3 object bodies, read piece by piece) is sent with backpressure; its length must be
   * in the `content-length` header. A HEAD response also takes its content-length from the headers.
   */
  body: string | Buffer | AsyncIterable<Uint8Array>;
}

/** The body cap of one request, decided from its method, URL and headers before the body is read. */
export interface BodyLimit {
  /** Largest body accepted, in bytes. */
  max: number;
  /** The protocol's answer to a larger body (`size`: the declared or received length so far). */
  tooLarge: (size: number) => WireResponse;
}

export interface HttpOptions {
  host: string;
  port: number;
  limit: (request: Pick<WireRequest, 'method' | 'url' | 'headers'>) => BodyLimit;
  handle: (request: WireRequest) => Promise<WireResponse>;
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  const h = req.headers;
  for (const k in h) {
    const v = h[k];
    out[k] = Array.isArray(v) ? v.join(',') : v;
  }
  return out;
}

const isStream = (body: WireResponse['body']): body is AsyncIterable<Uint8Array> => typeof body !== 'string' && !Buffer.isBuffer(body);

async function sendStream(res: ServerResponse, body: AsyncIterable<Uint8Array>): Promise<void> {
  try {
    for await (const chunk of body) {
      if (res.destroyed) return;
      // A client that goes away never drains: stop waiting when the response closes.
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch {
    // The status line is gone already: all that is left is to cut the connection, so that the
    // client sees a short body instead of a complete-looking one.
    res.destroy();
  }
}

/** Sends `response`; its headers object is the response's own, so it is completed in place. */
function send(res: ServerResponse, response: WireResponse, close = false, method = 'GET'): void {
  try {
    if (isStream(response.body)) {
      res.writeHead(response.status, close ? { ...response.headers, connection: 'close' } : response.headers);
      void sendStream(res, response.body);
      return;
    }
    const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
    const headers = response.headers;
    if (method !== 'HEAD' || headers['content-length'] === undefined) headers['content-length'] = String(body.length);
    if (close) headers.connection = 'close';
    res.writeHead(response.status, headers);
    res.end(method === 'HEAD' ? undefined : body);
  } catch {
    // A header value Node refuses (a character it cannot send): answer 500 rather than crash.
    if (!res.headersSent) {
      res.writeHead(500, { 'content-length': '0' });
      res.end();
    } else res.destroy();
  }
}

const EMPTY = Buffer.alloc(0);

export function listen(options: HttpOptions): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const headers = headersOf(req);
    const limit = options.limit({ method: req.method ?? 'GET', url: req.url ?? '/', headers });
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit.max) {
      send(res, limit.tooLarge(declared), true);
      req.destroy();
      return;
    }
    req.on('error', () => res.destroy());
    const answer = (body: Buffer) => {
      const request: WireRequest = { method: req.method ?? 'GET', url: req.url ?? '/', headers, body, remoteAddress: req.socket.remoteAddress ?? '127.0.0.1' };
      options.handle(request).then(
        (response) => send(res, response, false, request.method),
        () => send(res, { status: 500, headers: {}, body: '' }),
      );
    };
    // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 §6.3): it is
    // answered at once, without the stream events that reading an empty body costs (most GETs).
    // Node reads what is left of the request (nothing) when the response ends.
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      answer(EMPTY);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit.max && !refused) {
        refused = true;
        send(res, limit.tooLarge(size), true);
        req.destroy();
      } else if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) answer(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const address = server.address() as AddressInfo;
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ server, url: `http://${host}:${address.port}` });
    });
  });
}
