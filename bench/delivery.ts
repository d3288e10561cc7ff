// CloudTrail delivery: how fast recorded events become SSE-KMS log objects, end to end over HTTP,
// and how much memory the server needs while a million events wait for delivery.
//
// 1. Record to encrypted object (in process, the server's own SQLite store): N events go through
//    the real recording path (server/record.ts recordCall, one batched transaction per call, 16
//    per group commit, as 16 concurrent served calls commit) into a logging trail's queue; then
//    the delivery rounds that turn them into gzip JSON objects PutObject'ed AS CloudTrail under
//    SSE-KMS are timed. Both rates are printed.
// 2. End to end (a `trailkey serve` process): KMS DescribeKey over HTTP with SigV4 on 16
//    keep-alive connections, then POST /_trailkey/flush; events per second from the first request
//    to the last event in an encrypted object.
// 3. Memory: a data directory holding a million undelivered events is served by a `trailkey serve`
//    process; its resident set (VmRSS) and peak (VmHWM) are read from /proc while it holds them
//    and after one flush has delivered them all.
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Identity } from '../src/core/identity.js';
import { cryptoIds } from '../src/core/ids.js';
import { recordCall, type CallFacts } from '../src/server/record.js';
import { createServer } from '../src/server/index.js';
import { QUEUES, type Queue, queueTopic } from '../src/services/cloudtrail/events.js';
import { SERVICES } from '../src/services/index.js';
import { openStore, type Store } from '../src/store/index.js';
// The seed documents' key policy and the documented bucket policy, as the delivery tests use them.
import { bucketPolicy, keyPolicy } from '../test/conformance/delivery-support.js';
import { ALL_OF_KMS, configUser } from './server-process.js';

const ACCOUNT = '111111111111';
const REGION = 'us-east-1';
const TRAIL = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/bench`;
const BUCKET = 'bench-trail-logs';
const ROOT = { accessKeyId: ACCOUNT, secretAccessKey: 'x' };
const USER_KEY = { accessKeyId: 'AKIABENCHDELIVERY000', secretAccessKey: 'bench-delivery-secret-bench-delivery-0000' };
const READER_KEY = { accessKeyId: 'AKIABENCHREADER00000', secretAccessKey: 'bench-reader-secret-bench-reader-secret00' };
const CONFIG = {
  users: [
    configUser(ACCOUNT, 'bench', USER_KEY, { kms: ALL_OF_KMS }),
    configUser(ACCOUNT, 'reader', READER_KEY, { read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }] } }),
  ],
};

/** Creates the key, the bucket and a logging trail that encrypts with the key, through the SDK. */
async function setUp(url: string): Promise<string> {
  const config = { endpoint: url, region: REGION, credentials: ROOT, maxAttempts: 1 };
  const kms = new KMSClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const ct = new CloudTrailClient(config);
  const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
  await kms.send(new PutKeyPolicyCommand({ KeyId: key!.KeyId, Policy: JSON.stringify(keyPolicy(key!.Arn!, TRAIL)) }));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify(bucketPolicy(BUCKET, TRAIL)) }));
  await ct.send(new CreateTrailCommand({ Name: 'bench', S3BucketName: BUCKET, KmsKeyId: key!.Arn }));
  await ct.send(new StartLoggingCommand({ Name: 'bench' }));
  for (const c of [kms, s3, ct]) c.destroy();
  return key!.Arn!;
}

const user: Identity = {
  type: 'IAMUser',
  arn: `arn:aws:iam::${ACCOUNT}:user/bench`,
  account: ACCOUNT,
  principalId: 'AIDABENCHBENCHBENCH00',
  userName: 'bench',
  accessKeyId: USER_KEY.accessKeyId,
};

/** The facts of one KMS DescribeKey call by an IAM user, as app.ts hands them to recordCall. */
function describeKeyCall(keyArn: string, now: Date): CallFacts {
  const keyId = keyArn.split('/')[1];
  return {
    service: SERVICES.kms,
    operation: 'DescribeKey',
    identity: user,
    region: REGION,
    now,
    requestId: cryptoIds.uuid(),
    sourceIp: '127.0.0.1',
    userAgent: 'aws-sdk-js/3.1169.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#20.20.2 api/kms#3.1169.0 m/E',
    input: { KeyId: keyArn },
    output: {
      KeyMetadata: {
        AWSAccountId: ACCOUNT, KeyId: keyId, Arn: keyArn, CreationDate: now, Enabled: true, Description: '', KeyUsage: 'ENCRYPT_DECRYPT',
        KeyState: 'Enabled', Origin: 'AWS_KMS', KeyManager: 'CUSTOMER', CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT', KeySpec: 'SYMMETRIC_DEFAULT',
        EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'], MultiRegion: false,
      },
    },
  };
}

function pendingEvents(store: Store): number {
  let n = 0;
  for (const { value } of store.scan<Queue>(QUEUES)) n += store.queueLength(queueTopic(value));
  return n;
}

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en-US')} events/s`;
const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

/** How many served calls commit together in part 1 (bench/kms's connections). */
const CONCURRENT_CALLS = 16;

/** Part 1: record N events, then time the delivery rounds that make them SSE-KMS objects. */
async function recordThenDeliver(events: number): Promise<Record<string, string>> {
  const data = mkdtempSync(join(tmpdir(), 'trailkey-bench-delivery-'));
  const server = await createServer({ port: 0, data, deliveryIntervalMs: 0, config: CONFIG });
  try {
    const keyArn = await setUp(server.url);
    await server.flush();
    const now = new Date();
    const recordStarted = performance.now();
    // As 16 concurrent served calls are recorded: each in its own batched transaction, committed
    // together (group commit), acknowledged once durable.
    for (let i = 0; i < events; i += CONCURRENT_CALLS) {
      for (let j = i; j < Math.min(events, i + CONCURRENT_CALLS); j++) {
        const facts = describeKeyCall(keyArn, now);
        server.store.batch((tx) => recordCall(tx, facts, cryptoIds));
      }
      await server.store.durable();
    }
    const recordMs = performance.now() - recordStarted;
    const queued = pendingEvents(server.store);
    if (queued < events) throw new Error(`only ${queued} of ${events} events were queued`);
    const deliverStarted = performance.now();
    const round = await server.flush();
    const deliverMs = performance.now() - deliverStarted;
    const failed = round.logFiles.filter((f) => f.error);
    if (failed.length) throw new Error(`delivery failed: ${failed[0].error}`);
    const delivered = round.logFiles.reduce((n, f) => n + f.events, 0);
    if (delivered < events) throw new Error(`only ${delivered} of ${events} events were delivered`);
    // The objects are what a reader gets: decrypt and count one.
    const s3 = new S3Client({ endpoint: server.url, region: REGION, credentials: READER_KEY, forcePathStyle: true, maxAttempts: 1 });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `AWSLogs/${ACCOUNT}/CloudTrail/` }));
    const largest = listed.Contents!.reduce((a, b) => ((b.Size ?? 0) > (a.Size ?? 0) ? b : a));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: largest.Key! }));
    if (got.ServerSideEncryption !== 'aws:kms') throw new Error('a log file is not SSE-KMS');
    const body = gunzipSync(Buffer.from(await got.Body!.transformToByteArray()));
    JSON.parse(body.toString('utf8'));
    s3.destroy();
    return {
      [`record ${events.toLocaleString('en-US')} events (recordCall, ${CONCURRENT_CALLS} calls per group commit)`]: rate(events, recordMs),
      [`deliver them: gzip JSON + PutObject as CloudTrail + SSE-KMS (${round.logFiles.length} objects)`]: rate(delivered, deliverMs),
      'record + deliver': rate(events, recordMs + deliverMs),
      'a full log file: records, JSON bytes per record, gzip ratio': `${JSON.parse(body.toString('utf8')).Records.length}, ${Math.round(body.length / JSON.parse(body.toString('utf8')).Records.length)} B, ${(body.length / largest.Size!).toFixed(1)}:1`,
    };
  } finally {
    await server.close();
    rmSync(data, { recursive: true, force: true });
  }
}

const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
  typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** SHA-256 (or HMAC-SHA-256 with a secret) from node:crypto, in the shape @smithy/signature-v4 wants. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

const signer = new SignatureV4({ service: 'kms', region: REGION, credentials: USER_KEY, sha256: Sha256 });

async function kmsCall(url: string, agent: Agent, target: string, body: object): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  const payload = JSON.stringify(body);
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: u.hostname,
      port: Number(u.port),
      path: '/',
      headers: { host: u.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${target}` },
      body: payload,
    }),
  );
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: signed.headers, agent }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');

interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `trailkey serve` in its own process on a free port, delivering only on flush. */
async function serve(data: string): Promise<Served> {
  const config = join(data, '..', 'config.json');
  writeFileSync(config, JSON.stringify(CONFIG));
  const child = spawn(process.execPath, [CLI, 'serve', '--quiet', '--port', '0', '--data', data, '--config', config, '--delivery-interval', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let url: string | undefined;
  for await (const chunk of child.stderr!) {
    stderr += chunk;
    url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
    if (url) break;
  }
  if (!url) throw new Error(`server exited: ${stderr}`);
  return {
    url,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function flush(url: string): Promise<{ logFiles: { events: number }[]; errors: { error: string }[] }> {
  const r = await fetch(`${url}/_trailkey/flush`, { method: 'POST' });
  if (!r.ok) throw new Error(`flush answered ${r.status}`);
  return (await r.json()) as { logFiles: { events: number }[]; errors: { error: string }[] };
}

/** VmRSS and VmHWM (peak resident set) of a process, in KiB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** Part 2: DescribeKey over HTTP on 16 connections, then flush; events per second overall. */
async function endToEnd(calls: number): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'trailkey-bench-delivery-'));
  const server = await serve(join(dir, 'data'));
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  try {
    const keyArn = await setUp(server.url);
    await flush(server.url);
    let next = 0;
    let errors = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < calls) {
        next++;
        const r = await kmsCall(server.url, agent, 'DescribeKey', { KeyId: keyArn });
        if (r.status !== 200) errors++;
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    const callsMs = performance.now() - started;
    const round = await flush(server.url);
    const totalMs = performance.now() - started;
    if (errors) throw new Error(`${errors} DescribeKey calls failed`);
    if (round.errors.length) throw new Error(`delivery failed: ${round.errors[0].error}`);
    const delivered = round.logFiles.reduce((n, f) => n + f.events, 0);
    if (delivered < calls) throw new Error(`only ${delivered} of ${calls} events were delivered`);
    return {
      [`${calls.toLocaleString('en-US')} DescribeKey calls over HTTP (16 connections, SigV4)`]: rate(calls, callsMs),
      'end to end, first call to last event in an SSE-KMS object': rate(calls, totalMs),
    };
  } finally {
    agent.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Part 3: a server process holding a million undelivered events; its memory, then one flush. */
async function millionWaiting(events: number): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'trailkey-bench-delivery-'));
  const data = join(dir, 'data');
  try {
    // Set up through a server process, then fill its queue offline through the recording path.
    let server = await serve(data);
    const keyArn = await setUp(server.url);
    await flush(server.url);
    await server.stop();
    const store = openStore({ data });
    const now = new Date();
    const perTransaction = 10_000;
    for (let i = 0; i < events; i += perTransaction) {
      store.transaction((tx) => {
        for (let j = i; j < Math.min(events, i + perTransaction); j++) recordCall(tx, describeKeyCall(keyArn, now), cryptoIds);
      });
    }
    const queued = pendingEvents(store);
    store.close();
    if (queued < events) throw new Error(`only ${queued} of ${events} events were queued`);

    server = await serve(data);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    // Serve some calls while holding them.
    for (let i = 0; i < 1000; i++) {
      const r = await kmsCall(server.url, agent, 'DescribeKey', { KeyId: keyArn });
      if (r.status !== 200) throw new Error(`DescribeKey answered ${r.status}`);
    }
    agent.destroy();
    const holding = memory(server.child.pid!);
    const started = performance.now();
    const round = await flush(server.url);
    const ms = performance.now() - started;
    const after = memory(server.child.pid!);
    await server.stop();
    if (round.errors.length) throw new Error(`delivery failed: ${round.errors[0].error}`);
    const delivered = round.logFiles.reduce((n, f) => n + f.events, 0);
    if (delivered < events) throw new Error(`only ${delivered} of ${events} events were delivered`);
    const n = events.toLocaleString('en-US');
    return {
      [`server RSS holding ${n} undelivered events (peak so far)`]: `${mib(holding.rss)} (${mib(holding.peak)})`,
      [`server peak RSS through delivering all ${n}`]: mib(after.peak),
      [`one flush of ${n} events in the server process`]: `${(ms / 1000).toFixed(1)} s, ${rate(delivered, ms)}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchDelivery(): Promise<Record<string, string>> {
  const events = Number(process.env.BENCH_DELIVERY_EVENTS ?? 200_000);
  const waiting = Number(process.env.BENCH_DELIVERY_WAITING ?? 1_000_000);
  // BENCH_DELIVERY_PARTS=rate,http,memory (all by default) runs some parts only.
  const parts = (process.env.BENCH_DELIVERY_PARTS ?? 'rate,http,memory').split(',');
  return {
    ...(parts.includes('rate') ? await recordThenDeliver(events) : {}),
    ...(parts.includes('http') ? await endToEnd(Number(process.env.BENCH_DELIVERY_CALLS ?? 20_000)) : {}),
    ...(parts.includes('memory') ? await millionWaiting(waiting) : {}),
  };
}

/** Prints bench/delivery's figures under its heading (`npm run bench [delivery]`). */
export async function printDelivery(): Promise<void> {
  console.log('\nbench/delivery — CloudTrail events from record to SSE-KMS log object');
  for (const [name, value] of Object.entries(await benchDelivery())) console.log(`  ${name.padEnd(78)} ${value.padStart(24)}`);
}
