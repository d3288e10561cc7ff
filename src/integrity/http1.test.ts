// The lean GET's HTTP/1.1 client against servers that answer in every way it must read, or refuse.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Http1Client, Http1Error } from './http1.js';

const servers: (Server | HttpServer)[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  // The client keeps its connections open: close them from the server's side.
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A node:http server. */
async function httpServer(handler: Parameters<typeof createHttpServer>[1]) {
  const server = createHttpServer(handler);
  server.on('connection', (s) => sockets.add(s));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

/** A raw TCP server that answers each request with `reply(socket)`. */
async function rawServer(reply: (socket: Socket) => void) {
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => reply(socket));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

const origin = (port: number, hostname = '127.0.0.1') => ({ protocol: 'http:', hostname, port });

describe('Http1Client', () => {
  it('reads status, headers and body, and reuses the connection', async () => {
    const seen: { path?: string; header?: string; from?: number }[] = [];
    const port = await httpServer((req, res) => {
      seen.push({ path: req.url, header: req.headers['x-test'] as string, from: req.socket.remotePort });
      res.writeHead(200, { 'x-amz-meta-signature': 'abc', 'content-type': 'application/octet-stream', 'content-length': 10 });
      res.end(Buffer.from('body bytes'));
    });
    const client = new Http1Client();
    const first = await client.get(origin(port), '/b/k%20y', [`host: 127.0.0.1:${port}`, 'x-test: 1']);
    expect(first.status).toBe(200);
    expect(first.body.toString()).toBe('body bytes');
    expect(first.headers.get('x-amz-meta-signature')).toBe('abc');
    await client.get(origin(port), '/b/other', [`host: 127.0.0.1:${port}`, 'x-test: 2']);
    expect(seen.map((s) => [s.path, s.header])).toEqual([['/b/k%20y', '1'], ['/b/other', '2']]);
    expect(seen[1].from).toBe(seen[0].from);
  });

  it('reads an error answer whole, and keeps the connection', async () => {
    const from: number[] = [];
    const port = await httpServer((req, res) => {
      from.push(req.socket.remotePort!);
      // res.end alone sets Content-Length, as S3 always sends it.
      res.statusCode = req.url === '/missing' ? 404 : 200;
      res.end(req.url === '/missing' ? '<Error><Code>NoSuchKey</Code></Error>' : 'ok');
    });
    const client = new Http1Client();
    const missing = await client.get(origin(port), '/missing', ['host: h']);
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toContain('NoSuchKey');
    expect((await client.get(origin(port), '/there', ['host: h'])).body.toString()).toBe('ok');
    expect(from[1]).toBe(from[0]);
  });

  it('reads a head and a body that arrive in pieces', async () => {
    const port = await rawServer((socket) => {
      const parts = ['HTTP/1.1 200 OK\r\nContent-Le', 'ngth: 6\r\nX-Amz-Meta-A: b\r', '\n\r\nab', 'cd', 'ef'];
      const next = () => {
        const part = parts.shift();
        if (part !== undefined) socket.write(part, () => setTimeout(next, 5));
      };
      next();
    });
    const answer = await new Http1Client().get(origin(port), '/', ['host: h']);
    expect(answer.body.toString()).toBe('abcdef');
    expect(answer.headers.get('x-amz-meta-a')).toBe('b');
  });

  it('opens a new connection after Connection: close', async () => {
    const from: number[] = [];
    const port = await httpServer((req, res) => {
      from.push(req.socket.remotePort!);
      res.setHeader('connection', 'close');
      res.end('x');
    });
    const client = new Http1Client();
    await client.get(origin(port), '/1', ['host: h']);
    await client.get(origin(port), '/2', ['host: h']);
    expect(from[1]).not.toBe(from[0]);
  });

  it('refuses what it does not read: chunked bodies, no length, stray bytes, 1xx', async () => {
    const chunked = await httpServer((_req, res) => {
      res.write('a');
      res.end('b');
    });
    await expect(new Http1Client().get(origin(chunked), '/', ['host: h'])).rejects.toBeInstanceOf(Http1Error);
    const replies = [
      'HTTP/1.1 200 OK\r\n\r\nno length',
      'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nab',
      'HTTP/1.1 100 Continue\r\n\r\n',
      'HTTP/1.1 200 OK\r\n folded: header\r\nContent-Length: 0\r\n\r\n',
      'SSH-2.0-OpenSSH\r\n\r\n',
    ];
    for (const reply of replies) {
      const port = await rawServer((socket) => socket.write(reply));
      await expect(new Http1Client().get(origin(port), '/', ['host: h']), reply).rejects.toBeInstanceOf(Http1Error);
    }
  });

  it('fails when the connection closes before the answer ends, and refuses line breaks in the head', async () => {
    const port = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'));
    await expect(new Http1Client().get(origin(port), '/', ['host: h'])).rejects.toThrow(/closed/);
    await expect(new Http1Client().get(origin(port), '/', ['host: h', 'x: a\r\nevil: 1'])).rejects.toBeInstanceOf(Http1Error);
    await expect(new Http1Client().get(origin(port), '/a\nb', ['host: h'])).rejects.toBeInstanceOf(Http1Error);
  });

  it('connects to a bracketed IPv6 host', async () => {
    const server = createHttpServer((_req, res) => res.end('six'));
    server.on('connection', (s) => sockets.add(s));
    servers.push(server);
    const listening = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(0, '::1', () => resolve(true));
    });
    if (!listening) return; // no IPv6 loopback on this machine
    const port = (server.address() as AddressInfo).port;
    expect((await new Http1Client().get(origin(port, '[::1]'), '/', [`host: [::1]:${port}`])).body.toString()).toBe('six');
  });
});
