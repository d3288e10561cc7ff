// The awsJson1_1 wire around KMS (aws-behavior.md §1, §0.1 item 14): oversized bodies, malformed
// JSON, unknown operations, model constraint violations; and the emulator's own endpoints,
// /_trailkey/health and /_trailkey/reset.
import { connect } from 'node:net';
import { CreateKeyCommand, GenerateDataKeyCommand, GenerateRandomCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY, type RunningServer } from '../../src/server/index.js';
import { rootOf, startServer } from './harness.js';
import { failure, kmsAt, rawKms, stsAt } from './kms-support.js';

const A = '111111111111';
const STRICT_ROOT = { accessKeyId: 'AKIAWIRESTRICTROOT01', secretAccessKey: 'wire-strict-secret' };
let server: RunningServer;
let strict: RunningServer;

beforeAll(async () => {
  [server, strict] = await Promise.all([
    startServer(),
    startServer({ auth: 'strict', config: { roots: [{ account: A, accessKeys: [{ id: STRICT_ROOT.accessKeyId, secret: STRICT_ROOT.secretAccessKey }] }] } }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), strict?.close()]);
});

/**
 * Writes `head` (and then `chunks`, ignoring write errors once the server hangs up) on a raw TCP
 * connection and returns what the server sent before it closed the connection.
 */
function rawHttp(url: string, head: string, chunks: Buffer[] = []): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (d) => (received += d.toString('utf8')));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      // The server may reset the connection while the client is still writing: what arrived counts.
      if (received) resolve(received);
      else if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') reject(e);
    });
    socket.on('close', () => resolve(received));
    socket.write(head);
    for (const c of chunks) socket.write(c);
  });
}

function parseResponse(text: string) {
  const [head, body] = [text.slice(0, text.indexOf('\r\n\r\n')), text.slice(text.indexOf('\r\n\r\n') + 4)];
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  return { status, head: head.toLowerCase(), body: JSON.parse(body) as unknown };
}

const TOO_LARGE = { __type: 'RequestEntityTooLargeException', message: `Request body is larger than ${MAX_BODY} bytes` };

describe('oversized bodies', () => {
  it('a declared Content-Length over the cap is refused before the body is read, and the connection closed', async () => {
    const { hostname, port } = new URL(server.url);
    const head =
      `POST / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.ListKeys\r\n` +
      `Content-Length: ${MAX_BODY + 1}\r\n\r\n`;
    const r = parseResponse(await rawHttp(server.url, head));
    expect(r.status).toBe(413);
    expect(r.head).toContain('connection: close');
    expect(r.body).toEqual(TOO_LARGE);
  });

  it('a chunked body that grows over the cap is cut off', async () => {
    const { hostname, port } = new URL(server.url);
    const head = `POST / HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.ListKeys\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const piece = Buffer.alloc(256 * 1024, 'a');
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    const r = parseResponse(await rawHttp(server.url, head, Array.from({ length: 5 }, () => chunk)));
    expect(r.status).toBe(413);
    expect(r.body).toEqual(TOO_LARGE);
    // The server is still serving.
    await kmsAt(server.url, rootOf(A)).send(new ListKeysCommand({}));
  });
});

describe('requests without a body', () => {
  it('are answered at once, in order, two on one connection (pipelined)', async () => {
    const { hostname, port } = new URL(server.url);
    const get = (close: boolean) => `GET /_trailkey/health HTTP/1.1\r\nHost: ${hostname}:${port}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`;
    const text = await rawHttp(server.url, get(false) + get(true));
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3})/g)].map((m) => m[1]);
    expect(statuses).toEqual(['200', '200']);
  });
});

describe('malformed requests', () => {
  it('a body that is not a JSON object: SerializationException', async () => {
    for (const body of ['{"Limit": ', '[1, 2]', '"text"']) {
      const r = await rawKms(server.url, { target: 'TrentService.ListKeys', body, credentials: rootOf(A) });
      expect([r.status, r.json]).toEqual([400, { __type: 'SerializationException', message: 'Start of structure or map found where not expected.' }]);
    }
    // A member of the wrong type.
    const r = await rawKms(server.url, { target: 'TrentService.Encrypt', body: '{"KeyId": "alias/x", "Plaintext": 12}', credentials: rootOf(A) });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ __type: 'SerializationException' });
  });

  it('an unknown X-Amz-Target: UnknownOperationException', async () => {
    const r = await rawKms(server.url, { target: 'TrentService.MakeCoffee', body: '{}', credentials: rootOf(A) });
    expect([r.status, r.json]).toEqual([400, { __type: 'UnknownOperationException', message: 'Unknown operation MakeCoffee' }]);
    const unknownService = await rawKms(server.url, { target: 'CoffeeService.Brew', body: '{}', credentials: rootOf(A) });
    expect(unknownService.status).toBe(400);
    expect(unknownService.json).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('a model constraint violation: ValidationException with AWS text', async () => {
    const kms = kmsAt(server.url, rootOf(A));
    expect(await failure(kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      status: 400,
    });
    expect(await failure(kms.send(new CreateKeyCommand({ KeyUsage: 'SOMETHING' as never })))).toEqual({
      name: 'ValidationException',
      message: "1 validation error detected: Value 'SOMETHING' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT, GENERATE_VERIFY_MAC]",
      status: 400,
    });
    const two = await failure(kms.send(new GenerateDataKeyCommand({ KeyId: 'alias/x', NumberOfBytes: 0, KeySpec: 'AES_512' as never })));
    expect(two.name).toBe('ValidationException');
    expect(two.message).toMatch(/^2 validation errors detected: Value '.*' at '(numberOfBytes|keySpec)' failed to satisfy constraint: .*; Value '.*' at '(numberOfBytes|keySpec)' failed to satisfy constraint: /);
    // A required member missing.
    const raw = await rawKms(server.url, { target: 'TrentService.DescribeKey', body: '{}', credentials: rootOf(A) });
    expect([raw.status, raw.json]).toEqual([400, { __type: 'ValidationException', message: "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null" }]);
  });
});

describe('/_trailkey/ endpoints', () => {
  it('health answers without credentials', async () => {
    const r = await fetch(`${server.url}/_trailkey/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${strict.url}/_trailkey/health`)).status).toBe(200);
    expect((await fetch(`${server.url}/_trailkey/nothing`)).status).toBe(404);
  });

  it('reset empties all state; GET is refused', async () => {
    const kms = kmsAt(server.url, rootOf('555555555555'));
    await kms.send(new CreateKeyCommand({}));
    expect((await kms.send(new ListKeysCommand({}))).Keys).toHaveLength(1);
    expect((await fetch(`${server.url}/_trailkey/reset`)).status).toBe(405);
    expect((await kms.send(new ListKeysCommand({}))).Keys).toHaveLength(1);
    const r = await fetch(`${server.url}/_trailkey/reset`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'reset' });
    expect((await kms.send(new ListKeysCommand({}))).Keys).toEqual([]);
  });

  // Reset applies the config file again: otherwise a config user's key would be unknown until a
  // restart, and in the default mode silently become the root of 000000000000.
  it('reset keeps the identities of the config file', async () => {
    const key = { accessKeyId: 'AKIAWIRECONFIGUSER01', secretAccessKey: 'wire-config-secret' };
    const configured = await startServer({ config: { users: [{ account: A, name: 'configured', accessKeys: [{ id: key.accessKeyId, secret: key.secretAccessKey }] }] } });
    try {
      const arn = `arn:aws:iam::${A}:user/configured`;
      expect((await stsAt(configured.url, key).send(new GetCallerIdentityCommand({}))).Arn).toBe(arn);
      expect((await fetch(`${configured.url}/_trailkey/reset`, { method: 'POST' })).status).toBe(200);
      expect((await stsAt(configured.url, key).send(new GetCallerIdentityCommand({}))).Arn).toBe(arn);
    } finally {
      await configured.close();
    }
  });

  it('reset is refused with --auth strict, and nothing is emptied', async () => {
    const kms = kmsAt(strict.url, STRICT_ROOT);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({}));
    const r = await fetch(`${strict.url}/_trailkey/reset`, { method: 'POST' });
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ __type: 'AccessDenied', message: 'reset is refused with --auth strict' });
    expect((await kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId)).toEqual([KeyMetadata!.KeyId]);
  });
});
