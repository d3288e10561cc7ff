// A minimal HTTP/1.1 client for the lean GET (lean-get.ts): one request at a time on each
// keep-alive connection, plain TCP or TLS. node:http spends about 0.2 ms of CPU on a small GET
// (ClientRequest, IncomingMessage and their streams, the Agent's bookkeeping), as much as the
// emulator spends serving it; this spends about 0.05 ms (bench/validate, 1,000 files of 2 KB).
//
// It only understands the answers it needs: a status line, headers and a body of Content-Length
// bytes, which S3 always sends for GetObject. Anything else (chunked or unbounded bodies, 1xx,
// folded headers, stray bytes) rejects with an Http1Error, and the caller asks again through the
// SDK, which understands everything.
// TLS is node:tls with its defaults: the system's CAs (and NODE_EXTRA_CA_CERTS), the host name
// checked against the certificate (SNI), as node:https does.
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

export interface Origin {
  protocol: string;
  hostname: string;
  port?: number;
}

export interface Http1Answer {
  status: number;
  /** Header names in lower case, values as node:http gives them (latin1, trimmed; repeats joined with `, `). */
  headers: Map<string, string>;
  body: Buffer;
}

/** The answer could not be read by this client (not a network error: the server said something we do not parse). */
export class Http1Error extends Error {}

/** A line break in a request's head would end a header early (node:http refuses such values too). */
const LINE_BREAK = /[\r\n]/;
/** A head bigger than this is not an S3 answer to a GET. */
const MAX_HEAD = 64 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

interface Exchange {
  resolve(answer: Http1Answer): void;
  reject(error: Error): void;
  /** The bytes of the head read so far, until its blank line arrives. */
  head?: Buffer;
  status: number;
  headers: Map<string, string>;
  /** The body's length from Content-Length, once the head is read; -1 before. */
  length: number;
  received: number;
  chunks: Buffer[];
  keepAlive: boolean;
}

/** One connection: its socket and the exchange in flight on it, if any. */
class Connection {
  private exchange?: Exchange;
  closed = false;

  constructor(
    readonly socket: Socket,
    private readonly release: (c: Connection) => void,
    private readonly forget: (c: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('the connection closed before the answer ended')));
  }

  send(request: string): Promise<Http1Answer> {
    return new Promise((resolve, reject) => {
      this.exchange = { resolve, reject, status: 0, headers: new Map(), length: -1, received: 0, chunks: [], keepAlive: true };
      // In use, the socket keeps the process alive; idle, it does not (as node:http's Agent does).
      this.socket.ref();
      this.socket.write(request, 'latin1');
    });
  }

  private fail(error: Error) {
    if (!this.closed) {
      this.closed = true;
      this.forget(this);
      this.socket.destroy();
    }
    const x = this.exchange;
    this.exchange = undefined;
    x?.reject(error);
  }

  private onData(chunk: Buffer) {
    const x = this.exchange;
    if (!x) return this.fail(new Http1Error('bytes arrived with no request in flight'));
    if (x.length < 0) {
      const head = x.head ? Buffer.concat([x.head, chunk]) : chunk;
      const end = head.indexOf(HEAD_END);
      if (end < 0) {
        if (head.length > MAX_HEAD) return this.fail(new Http1Error('the answer has no end of head'));
        x.head = head;
        return;
      }
      x.head = undefined;
      const problem = readHead(head.toString('latin1', 0, end), x);
      if (problem) return this.fail(new Http1Error(problem));
      chunk = head.subarray(end + HEAD_END.length);
    }
    if (chunk.length) {
      x.chunks.push(chunk);
      x.received += chunk.length;
    }
    if (x.received < x.length) return;
    // No pipelining: anything after the body is not ours to read.
    if (x.received > x.length) return this.fail(new Http1Error('more bytes than Content-Length'));
    this.exchange = undefined;
    if (x.keepAlive) {
      this.socket.unref();
      this.release(this);
    } else {
      this.closed = true;
      this.forget(this);
      this.socket.destroy();
    }
    x.resolve({ status: x.status, headers: x.headers, body: x.chunks.length === 1 ? x.chunks[0] : Buffer.concat(x.chunks, x.received) });
  }
}

const STATUS_LINE = /^HTTP\/1\.([01]) ([1-5]\d\d)(?: |$)/;

/** Reads the status line and headers into `x`; returns what is wrong with them, if anything. */
function readHead(text: string, x: Exchange): string | undefined {
  let end = text.indexOf('\r\n');
  if (end < 0) end = text.length;
  const status = STATUS_LINE.exec(text.slice(0, end));
  if (!status) return 'not an HTTP/1 status line';
  x.status = Number(status[2]);
  if (x.status < 200) return `a ${x.status} answer`;
  // Line by line without splitting the head into an array first: this runs for every file.
  for (let at = end + 2; at < text.length; at = end + 2) {
    end = text.indexOf('\r\n', at);
    if (end < 0) end = text.length;
    const colon = text.indexOf(':', at);
    const first = text.charCodeAt(at);
    if (colon <= at || colon >= end || first === 0x20 || first === 0x09) return 'a malformed header line';
    const name = text.slice(at, colon).toLowerCase();
    const value = text.slice(colon + 1, end).trim();
    const before = x.headers.get(name);
    x.headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  if (x.headers.has('transfer-encoding')) return 'a body with Transfer-Encoding';
  const length = x.headers.get('content-length');
  if (x.status === 204 || x.status === 304) x.length = 0;
  else if (length !== undefined && /^\d{1,15}$/.test(length)) x.length = Number(length);
  else return 'no usable Content-Length';
  const connection = x.headers.get('connection')?.toLowerCase() ?? '';
  x.keepAlive = status[1] === '1' ? !/\bclose\b/.test(connection) : /\bkeep-alive\b/.test(connection);
  return undefined;
}

/**
 * Keep-alive connections per origin. A request takes an idle connection or opens one, so there
 * are never more connections than requests in flight: the caller bounds those (validate.ts's pool).
 */
export class Http1Client {
  private readonly idle = new Map<string, Connection[]>();

  /** Sends `GET path` with the given header lines (each `name: value`) and reads the whole answer. */
  get(origin: Origin, path: string, headerLines: string[]): Promise<Http1Answer> {
    if (LINE_BREAK.test(path) || headerLines.some((l) => LINE_BREAK.test(l))) return Promise.reject(new Http1Error('a line break in the request head'));
    const https = origin.protocol === 'https:';
    const port = origin.port ?? (https ? 443 : 80);
    // A URL's IPv6 host is bracketed (`[::1]`); a socket's is not.
    const host = origin.hostname.startsWith('[') ? origin.hostname.slice(1, -1) : origin.hostname;
    const id = `${origin.protocol}//${host}:${port}`;
    const free = this.idle.get(id);
    let connection = free?.pop();
    if (!connection) {
      const socket = https
        ? tlsConnect({ host, port, servername: isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'] })
        : netConnect({ host, port });
      connection = new Connection(
        socket,
        (c) => {
          const list = this.idle.get(id);
          if (list) list.push(c);
          else this.idle.set(id, [c]);
        },
        (c) => {
          const list = this.idle.get(id);
          const at = list?.indexOf(c) ?? -1;
          if (at >= 0) list!.splice(at, 1);
        },
      );
    }
    return connection.send(`GET ${path} HTTP/1.1\r\n${headerLines.join('\r\n')}\r\n\r\n`);
  }
}
