// An acknowledged PutObject survives SIGKILL: a server in a child process takes uploads in a loop,
// is killed at a random moment, and is started again on the same data directory. Every object whose
// PutObject was answered 200 must read back byte for byte, and no object may name a missing blob
// (the blob is fsynced before the metadata that names it is committed).
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rootOf, tempDir } from './harness.js';
import { bodyBytes, s3Client } from './s3-fixtures.js';

const ROOT = resolve(import.meta.dirname, '../..');
let build: string;
const children: ChildProcess[] = [];

// The child runs on plain Node: the sources are compiled for it (emit only), under
// node_modules/.cache so that the compiled code finds the project's node_modules.
beforeAll(() => {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  build = mkdtempSync(join(cache, 'trailkey-s3-crash-'));
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', build, '--noCheck', '--sourceMap', 'false', '--declaration', 'false'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  writeFileSync(
    join(build, 'child.js'),
    `import { createServer } from './server/index.js';
const server = await createServer({ port: 0, data: process.argv[2] });
process.stdout.write('url ' + server.url + '\\n');`,
  );
}, 120_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(build, { recursive: true, force: true });
});

async function startChild(data: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [join(build, 'child.js'), data], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  for await (const chunk of child.stdout!) {
    out += chunk;
    const m = /url (\S+)\n/.exec(out);
    if (m) return { child, url: m[1] };
  }
  throw new Error('child server did not start');
}

it('every acknowledged PutObject is there after SIGKILL and restart', async () => {
  const data = tempDir();
  const acknowledged = new Map<string, string>();
  for (let round = 0; round < 3; round++) {
    const { child, url } = await startChild(data);
    const s3 = s3Client(url, rootOf('111111111111'));
    if (round === 0) await s3.send(new CreateBucketCommand({ Bucket: 'crash' }));
    // Everything acknowledged so far reads back exactly.
    for (const [Key, digest] of acknowledged) {
      const body = await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: 'crash', Key }))).Body);
      expect(createHash('sha256').update(body).digest('hex'), Key).toBe(digest);
    }
    // Whatever is listed, acknowledged or not, has its data.
    const listed = (await s3.send(new ListObjectsV2Command({ Bucket: 'crash' }))).Contents ?? [];
    for (const { Key, Size } of listed) expect((await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: 'crash', Key }))).Body)).length).toBe(Size);
    // Upload in parallel streams until the child is killed at a random moment.
    const deadline = Date.now() + 300 + Math.random() * 700;
    const killer = (async () => {
      while (Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
    })();
    let i = 0;
    const writer = async (w: number) => {
      for (;;) {
        const Key = `r${round}/w${w}/${i++}`;
        const body = randomBytes(1000 + Math.floor(Math.random() * 200_000));
        try {
          await s3.send(new PutObjectCommand({ Bucket: 'crash', Key, Body: body }));
        } catch {
          return; // the connection died with the server
        }
        acknowledged.set(Key, createHash('sha256').update(body).digest('hex'));
      }
    };
    await Promise.all([writer(0), writer(1), writer(2), killer]);
    // A killed child has no exit code, only a signal.
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  }
  expect(acknowledged.size).toBeGreaterThan(10);
  // The last round's child is gone too: start one more to check what it acknowledged.
  const { child, url } = await startChild(data);
  const s3 = s3Client(url, rootOf('111111111111'));
  for (const [Key, digest] of acknowledged) {
    const body = await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: 'crash', Key }))).Body);
    expect(createHash('sha256').update(body).digest('hex'), Key).toBe(digest);
  }
  child.kill('SIGKILL');
}, 120_000);
