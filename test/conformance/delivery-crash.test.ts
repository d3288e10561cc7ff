// Exactly-once delivery across crashes: `trailkey serve --delivery-interval 50ms` runs as a child
// process (the built CLI, dist/, as `npm test` builds it) while thousands of KMS calls are made; it
// is killed with SIGKILL during delivery — while a flush it was asked for is under way, at a
// different moment each time — and started again on the same data directory. In the end every
// acknowledged call's event is in exactly one delivered log file, no event is in two, and the
// files on disk are encrypted: no request id in the clear, not even gzip.
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { ACCOUNT, allRecords, loggingTrail, outsider, readers, readLogFiles, reader, root } from './delivery-support.js';
import { clientConfig, tempDir } from './harness.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/main.js');
const BUCKET = 'crash-logs-111111111111';
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

async function serve(data: string, config: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--quiet', '--port', '0', '--data', data, '--config', config, '--delivery-interval', '50ms'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  // stderr is read to the end (not just to the first line), so that the server never writes into a closed pipe.
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      err += chunk;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', () => reject(new Error(`trailkey serve exited: ${err}`)));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

/**
 * POST /_trailkey/flush; true when the server died before it answered. Plain node:http, whose
 * request settles on a reset connection whatever state it is in.
 */
function flush(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/_trailkey/flush`, { method: 'POST', agent: false }, (res) => {
      res.on('error', () => resolve(true));
      res.on('end', () => resolve(false));
      res.resume();
    });
    req.on('error', () => resolve(true));
    req.end();
  });
}

/** Every file under `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

it('delivers every event exactly once across SIGKILLs during delivery', async () => {
  expect(existsSync(CLI), 'dist/cli/main.js: run `npm run build` first').toBe(true);
  const dir = tempDir();
  const data = join(dir, 'data');
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ users: readers }));

  let { child, url } = await serve(data, config);
  const trail = await loggingTrail(url, 'crash', BUCKET);
  /** Request ids of the DescribeKey calls that were answered: each must be delivered exactly once. */
  const acknowledged = new Set<string>();
  let interrupted = 0;
  const cycles = 4;
  for (let cycle = 0; cycle < cycles; cycle++) {
    if (cycle > 0) ({ child, url } = await serve(data, config));
    const kms = new KMSClient(clientConfig(url, root));
    let stop = false;
    const caller = async () => {
      while (!stop) {
        try {
          const out = await kms.send(new DescribeKeyCommand({ KeyId: trail.keyArn }));
          acknowledged.add(out.$metadata.requestId!);
        } catch {
          return; // the server is gone
        }
      }
    };
    const callers = Array.from({ length: 8 }, caller);
    // Let calls and 50 ms delivery rounds run (at least 400 answered calls and half a second),
    // then ask for a flush and kill the server while it delivers: at a different offset each
    // cycle, from before the first file is put to mid-way.
    const before = acknowledged.size;
    const started = Date.now();
    while (acknowledged.size - before < 400 || Date.now() - started < 500 + cycle * 100) await new Promise((r) => setTimeout(r, 20));
    const flushing = flush(url);
    await new Promise((r) => setTimeout(r, [0, 3, 8, 15][cycle]));
    await kill(child);
    stop = true;
    if (await flushing) interrupted++;
    await Promise.all(callers);
    kms.destroy();
  }
  // Every kill interrupted a flush, or a timer round (rounds never overlap, so a flush waits for one).
  expect(interrupted).toBeGreaterThan(0);
  expect(acknowledged.size).toBeGreaterThan(1000);

  // Start again and deliver what is left, with `trailkey flush`.
  ({ child, url } = await serve(data, config));
  for (let i = 0; i < 3; i++) {
    // Exit code 0: every delivery of the round succeeded (execFile rejects otherwise).
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'flush', '--endpoint-url', url]);
    expect(stdout).not.toMatch(/delivery failed/);
  }

  const delivered = await readLogFiles(url, reader, BUCKET, `AWSLogs/${ACCOUNT}/CloudTrail/`);
  const records = allRecords(delivered);
  // No event is in two files (or twice in one).
  const eventIds = records.map((r) => r.eventID);
  expect(new Set(eventIds).size).toBe(eventIds.length);
  // Every acknowledged call's event is there exactly once.
  const describeKeys = new Map<string, number>();
  for (const r of records) if (r.eventName === 'DescribeKey' && r.userIdentity.type === 'Root') describeKeys.set(r.requestID, (describeKeys.get(r.requestID) ?? 0) + 1);
  const missing = [...acknowledged].filter((id) => !describeKeys.has(id));
  expect(missing).toEqual([]);
  expect([...describeKeys.values()].every((n) => n === 1)).toBe(true);
  // Calls cut off by a kill may have been recorded (committed, then the answer was lost): at most once.
  expect(describeKeys.size).toBeGreaterThanOrEqual(acknowledged.size);

  // A reader without kms:Decrypt gets AccessDenied.
  const s3 = new S3Client({ ...clientConfig(url, outsider), forcePathStyle: true });
  await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: delivered[0].key }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  s3.destroy();
  // Stopped before its files are read: its delivery rounds go on (the reads above are events too),
  // and a file being written is renamed out of blobs/tmp under a listing.
  await kill(child);

  // Object bodies on disk, including the partial ones the kills left in blobs/tmp, are ciphertext:
  // no request id, not even gzip. (The records themselves are in trailkey.db, as CloudTrail keeps
  // its event history: that is the service's store, not the delivered objects.)
  const sample = [...acknowledged].slice(0, 20);
  const blobs = files(join(data, 'blobs'));
  expect(blobs.length).toBeGreaterThanOrEqual(delivered.length);
  for (const f of blobs) {
    const bytes = readFileSync(f);
    for (const id of sample) expect(bytes.includes(id), f).toBe(false);
    expect(() => gunzipSync(bytes)).toThrow();
  }
}, 90_000);
