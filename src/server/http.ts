// node:http with raw URL and body bytes. Every body is bounded: a larger one is refused before it
// is read in full, and the connection is closed so the client cannot keep streaming.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

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
  body: string | Buffer;
}

export interface HttpOptions {
  host: string;
  port: number;
  /** Largest body accepted, in bytes. */
  maxBody: number;
  tooLarge: () => WireResponse;
  handle: (request: WireRequest) => Promise<WireResponse>;
}

function headersOf(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(',') : v;
  return out;
}

function send(res: ServerResponse, response: WireResponse, close = false): void {
  const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length), ...(close ? { connection: 'close' } : {}) });
  res.end(body);
}

export function listen(options: HttpOptions): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > options.maxBody) {
      send(res, options.tooLarge(), true);
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxBody && !refused) {
        refused = true;
        send(res, options.tooLarge(), true);
        req.destroy();
      } else if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      const request: WireRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: headersOf(req),
        body: Buffer.concat(chunks, size),
        remoteAddress: req.socket.remoteAddress ?? '127.0.0.1',
      };
      options.handle(request).then(
        (response) => send(res, response),
        () => send(res, { status: 500, headers: {}, body: '' }),
      );
    });
    req.on('error', () => res.destroy());
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
