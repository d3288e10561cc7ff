// Log file integrity end to end. Trails with log file validation deliver SSE-KMS logs and signed
// digests through the emulator; the real AWS CLI v2 (`aws cloudtrail validate-logs`, Debian's
// 2.9.19 at /usr/bin/aws) accepts them, and after each kind of tampering — done through the
// emulator's S3 API as the bucket owner, never on disk — prints exactly the INVALID lines and
// exit status its source says it gives (CLI-VAL messages). `trailkey validate-logs` finds the same
// problems, and says what a missing file covered and which permission a reader lacks.
//
// The CLI's S3 client ignores --endpoint-url and, in 2.9.19, AWS_ENDPOINT_URL: the plugin in
// test/fixtures/validate-logs/trailkey_endpoint.py, loaded through the config file's [plugins]
// section, hands the endpoint to every client the CLI creates.
import { CloudTrailClient, CreateTrailCommand, DeleteTrailCommand, ListPublicKeysCommand, StartLoggingCommand, StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, KMSClient, ListKeysCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import {
  CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { devNull } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { sdkSource, validateLogs } from '../../src/integrity/index.js';
import type { Io } from '../../src/cli/io.js';
import type { RunningServer } from '../../src/server/index.js';
import { AWS_CLI, CLI, clientConfig, ensureBuilt, rootOf, startServer, tempDir, type Credentials } from './harness.js';

const REGION = 'us-east-1';
const A = '111111111111';
const B = '222222222222';
const PLUGIN_DIR = resolve(import.meta.dirname, '../fixtures/validate-logs');
const SLOW = 60_000;

const reader: Credentials = { accessKeyId: 'AKIAVALIDATEREADER01', secretAccessKey: 'validate-reader-secret-01' };
const noDecrypt: Credentials = { accessKeyId: 'AKIAVALIDATENODECRY1', secretAccessKey: 'validate-nodecrypt-secret' };
const noGet: Credentials = { accessKeyId: 'AKIAVALIDATENOGET001', secretAccessKey: 'validate-noget-secret-001' };
const noList: Credentials = { accessKeyId: 'AKIAVALIDATENOLIST01', secretAccessKey: 'validate-nolist-secret-01' };
const CLOUDTRAIL_READ = { Effect: 'Allow', Action: ['cloudtrail:DescribeTrails', 'cloudtrail:ListPublicKeys'], Resource: '*' };
const userPolicy = (...s3Actions: string[]) => ({ Version: '2012-10-17', Statement: [CLOUDTRAIL_READ, ...(s3Actions.length ? [{ Effect: 'Allow', Action: s3Actions, Resource: '*' }] : [])] });

/** A trail per scenario: each is tampered with in its own way, so the CLI runs can go in parallel. */
const SCENARIOS_A = ['intact', 'log-edited', 'log-gzip-byte', 'log-deleted', 'digest-moved'] as const;
const SCENARIOS_B = ['digest-deleted', 'signature-altered', 'signature-removed', 'restarted'] as const;
type Name = (typeof SCENARIOS_A)[number] | (typeof SCENARIOS_B)[number];
const SCENARIOS: Record<string, readonly Name[]> = { [A]: SCENARIOS_A, [B]: SCENARIOS_B };
const accountOf = (name: Name) => (SCENARIOS[A].includes(name) ? A : B);
const arnOf = (name: Name) => `arn:aws:cloudtrail:${REGION}:${accountOf(name)}:trail/${name}`;
const bucketOf = (name: Name) => `validate-${name}-${accountOf(name)}`;

/** The documented statements; in account A the readers of the access tests may decrypt (nodecrypt may not). */
const keyPolicy = (account: string, keyArn: string) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'Allow CloudTrail to encrypt logs', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: keyArn,
      Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': [`arn:aws:cloudtrail:*:${account}:trail/*`], 'aws:SourceArn': `arn:aws:cloudtrail:${REGION}:${account}:trail/*` } },
    },
    { Sid: 'Allow CloudTrail access', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: keyArn },
    ...(account === A
      ? [
          {
            Sid: 'Enable CloudTrail log decrypt permissions', Effect: 'Allow', Principal: { AWS: ['reader', 'noget', 'nolist'].map((u) => `arn:aws:iam::${A}:user/${u}`) },
            Action: 'kms:Decrypt', Resource: '*', Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
          },
        ]
      : []),
  ],
});

const bucketPolicy = (name: Name) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AWSCloudTrailAclCheck20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucketOf(name)}`, Condition: { StringEquals: { 'aws:SourceArn': arnOf(name) } } },
    {
      Sid: 'AWSCloudTrailWrite20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${bucketOf(name)}/AWSLogs/${accountOf(name)}/*`,
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': arnOf(name) } },
    },
  ],
});

let server: RunningServer;
/** The emulator's clock runs ahead of the wall clock by this much: each digest period is 5 s later (well inside SigV4's 5-minute skew). */
let offset = 0;
const keyArns: Record<string, string> = {};
let startTime: string;
let endTime: string;

interface DigestJson {
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm: string;
  newestEventTime: string | null;
  oldestEventTime: string | null;
  previousDigestS3Bucket: string | null;
  previousDigestS3Object: string | null;
  previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: string | null;
  previousDigestSignature: string | null;
  logFiles: { s3Bucket: string; s3Object: string; hashValue: string; hashAlgorithm: string; newestEventTime: string; oldestEventTime: string }[];
}
interface StoredDigest {
  key: string;
  json: DigestJson;
  raw: Buffer;
  metadata: Record<string, string>;
}

const s3 = (c: Credentials) => new S3Client({ ...clientConfig(server.url, c), forcePathStyle: true });
const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The trail's digests, oldest first (the key's timestamp orders them). */
async function digestsOf(name: Name): Promise<StoredDigest[]> {
  const client = s3(rootOf(accountOf(name)));
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucketOf(name), Prefix: `AWSLogs/${accountOf(name)}/CloudTrail-Digest/` }));
  const out: StoredDigest[] = [];
  for (const { Key } of listed.Contents ?? []) {
    const got = await client.send(new GetObjectCommand({ Bucket: bucketOf(name), Key }));
    const raw = gunzipSync(Buffer.from(await got.Body!.transformToByteArray()));
    out.push({ key: Key!, json: JSON.parse(raw.toString()) as DigestJson, raw, metadata: got.Metadata ?? {} });
  }
  return out.sort((x, y) => x.key.slice(-24).localeCompare(y.key.slice(-24)));
}

async function generateEvents(): Promise<void> {
  for (const account of [A, B]) {
    const kms = new KMSClient(clientConfig(server.url, rootOf(account)));
    await kms.send(new ListKeysCommand({}));
    await kms.send(new ListKeysCommand({ Limit: 5 }));
  }
}

/** Five seconds later, delivers the logs and closes every open digest period. */
async function period(): Promise<void> {
  await generateEvents();
  offset += 5000;
  const round = await server.flush();
  expect(round.logFiles.filter((f) => f.error)).toEqual([]);
}

beforeAll(async () => {
  await ensureBuilt();
  server = await startServer({
    deliveryIntervalMs: 0,
    clock: () => new Date(Date.now() + offset),
    config: {
      users: [
        { account: A, name: 'reader', accessKeys: [{ id: reader.accessKeyId, secret: reader.secretAccessKey }], policies: { read: userPolicy('s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation') } },
        { account: A, name: 'nodecrypt', accessKeys: [{ id: noDecrypt.accessKeyId, secret: noDecrypt.secretAccessKey }], policies: { read: userPolicy('s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation') } },
        { account: A, name: 'noget', accessKeys: [{ id: noGet.accessKeyId, secret: noGet.secretAccessKey }], policies: { read: userPolicy('s3:ListBucket', 's3:GetBucketLocation') } },
        { account: A, name: 'nolist', accessKeys: [{ id: noList.accessKeyId, secret: noList.secretAccessKey }], policies: { read: userPolicy('s3:GetObject') } },
      ],
    },
  });
  startTime = iso(new Date(Date.now() - 120_000));
  for (const account of [A, B]) {
    const kms = new KMSClient(clientConfig(server.url, rootOf(account)));
    const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({}));
    await kms.send(new PutKeyPolicyCommand({ KeyId: key!.KeyId, Policy: JSON.stringify(keyPolicy(account, key!.Arn!)) }));
    keyArns[account] = key!.Arn!;
    const ct = new CloudTrailClient(clientConfig(server.url, rootOf(account)));
    for (const name of SCENARIOS[account]) {
      await s3(rootOf(account)).send(new CreateBucketCommand({ Bucket: bucketOf(name) }));
      await s3(rootOf(account)).send(new PutBucketPolicyCommand({ Bucket: bucketOf(name), Policy: JSON.stringify(bucketPolicy(name)) }));
      await ct.send(new CreateTrailCommand({ Name: name, S3BucketName: bucketOf(name), KmsKeyId: key!.Arn, EnableLogFileValidation: true }));
      await ct.send(new StartLoggingCommand({ Name: name }));
    }
  }
  // D1 (a starting digest), D2, D3; `restarted` stops after D2 (D3 is its final digest) and starts
  // again, so that its D4 begins a new chain.
  await period();
  await period();
  await new CloudTrailClient(clientConfig(server.url, rootOf(B))).send(new StopLoggingCommand({ Name: 'restarted' }));
  await period();
  await new CloudTrailClient(clientConfig(server.url, rootOf(B))).send(new StartLoggingCommand({ Name: 'restarted' }));
  await period();
  endTime = iso(new Date(Date.now() + offset + 60_000));
}, SLOW);
afterAll(() => server?.close());

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `aws cloudtrail validate-logs` with the endpoint plugin, a clean home and the given credentials. */
function awsValidate(name: Name, credentials: Credentials, extra: string[] = []): Promise<CliRun> {
  const home = tempDir();
  writeFileSync(join(home, 'config'), `[default]\nregion = ${REGION}\n\n[plugins]\ncli_legacy_plugin_path = ${PLUGIN_DIR}\ntrailkey_endpoint = trailkey_endpoint\n`);
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_DEFAULT_REGION: REGION,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_ENDPOINT_URL: server.url,
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
    // No __pycache__ beside the plugin in the fixtures.
    PYTHONDONTWRITEBYTECODE: '1',
  };
  const args = ['--endpoint-url', server.url, 'cloudtrail', 'validate-logs', '--trail-arn', arnOf(name), '--start-time', startTime, '--end-time', endTime, ...extra];
  return new Promise((resolve) => {
    execFile(AWS_CLI, args, { env }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 255) : 0, stdout, stderr }));
  });
}

/**
 * vi.stubEnv sets the whole process's environment, and the SDK reads the credentials from it when
 * a client first calls: runs that overlapped (two workers below) could lose theirs to the other's
 * unstubAllEnvs. One in-process run at a time.
 */
let envInUse: Promise<unknown> = Promise.resolve();

/** `trailkey validate-logs` in-process, reading through the SDK's standard credential chain. */
function trailkeyValidate(name: Name, credentials: Credentials, extra: string[] = []): Promise<CliRun> {
  const run = envInUse.then(() => trailkeyValidateAlone(name, credentials, extra));
  envInUse = run.catch(() => undefined);
  return run;
}

async function trailkeyValidateAlone(name: Name, credentials: Credentials, extra: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => '', color: false };
  vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
  vi.stubEnv('AWS_SESSION_TOKEN', '');
  try {
    const code = await main(['validate-logs', '--endpoint-url', server.url, '--region', REGION, '--trail-arn', arnOf(name), '--start-time', startTime, '--end-time', endTime, ...extra], io);
    return { code, stdout, stderr };
  } finally {
    vi.unstubAllEnvs();
  }
}

/** The CLI's problem lines (each is followed by a blank line on stderr). */
const problemLines = (stderr: string) => stderr.split('\n').filter((l) => l !== '');
/** Our problem lines, in the CLI's form (the detail lines under them are indented). */
const ourProblemLines = (stdout: string) => stdout.split('\n').filter((l) => /^(Digest|Log) file\t.*\t(INVALID|UNREADABLE)/.test(l));

const url = (name: Name, key: string) => `s3://${bucketOf(name)}/${key}`;

const expectedSummary = (start: string, found: [string, string], digests: [number, number], logs: [number, number]) => {
  const ratio = ([valid, total]: [number, number], what: string) => `${valid}/${total} ${what} files valid${valid < total ? `, ${total - valid}/${total} ${what} files INVALID` : ''}`;
  return `Results requested for ${start} to ${endTime}\nResults found for ${found[0]} to ${found[1]}:\n\n${ratio(digests, 'digest')}\n${ratio(logs, 'log')}\n`;
};

describe('digest files as delivered', () => {
  it('are laid out, chained and signed as §5.1 says, with a key ListPublicKeys serves', async () => {
    const digests = await digestsOf('intact');
    expect(digests).toHaveLength(4);
    const [d1, d2] = digests;
    for (const d of digests) {
      // The key carries the end time to the second, and its date folders.
      const end = d.json.digestEndTime;
      const stamp = end.replace(/[-:]/g, '');
      expect(d.key).toBe(`AWSLogs/${A}/CloudTrail-Digest/${REGION}/${end.slice(0, 4)}/${end.slice(5, 7)}/${end.slice(8, 10)}/${A}_CloudTrail-Digest_${REGION}_intact_${REGION}_${stamp}.json.gz`);
      expect(d.json.digestS3Bucket).toBe(bucketOf('intact'));
      expect(d.json.digestS3Object).toBe(d.key);
      expect(d.json.digestSignatureAlgorithm).toBe('SHA256withRSA');
      expect(d.metadata['signature-algorithm']).toBe('SHA256withRSA');
      expect(d.metadata.signature).toMatch(/^[0-9a-f]{512}$/);
      expect(d.json.logFiles.length).toBeGreaterThan(0);
      expect(Object.keys(d.json)).toEqual([
        'awsAccountId', 'digestStartTime', 'digestEndTime', 'digestS3Bucket', 'digestS3Object', 'digestPublicKeyFingerprint', 'digestSignatureAlgorithm', 'newestEventTime',
        'oldestEventTime', 'previousDigestS3Bucket', 'previousDigestS3Object', 'previousDigestHashValue', 'previousDigestHashAlgorithm', 'previousDigestSignature', 'logFiles',
      ]);
    }
    // A starting digest has every previousDigest… member null; the next one chains to it.
    expect(d1.json).toMatchObject({ previousDigestS3Bucket: null, previousDigestS3Object: null, previousDigestHashValue: null, previousDigestHashAlgorithm: null, previousDigestSignature: null });
    expect(d2.json).toMatchObject({
      digestStartTime: d1.json.digestEndTime,
      previousDigestS3Bucket: bucketOf('intact'),
      previousDigestS3Object: d1.key,
      previousDigestHashValue: createHash('sha256').update(d1.raw).digest('hex'),
      previousDigestHashAlgorithm: 'SHA-256',
      previousDigestSignature: d1.metadata.signature,
    });
    // The signature verifies with the ListPublicKeys key whose fingerprint the digest names.
    const { PublicKeyList } = await new CloudTrailClient(clientConfig(server.url, rootOf(A))).send(new ListPublicKeysCommand({}));
    const key = PublicKeyList!.find((k) => k.Fingerprint === d2.json.digestPublicKeyFingerprint)!;
    expect(key.Fingerprint).toBe(createHash('md5').update(key.Value!).digest('hex'));
    const der = Buffer.from(key.Value!);
    expect(der.subarray(0, 4).toString('hex')).toBe('3082010a'); // SEQUENCE of a 2048-bit PKCS#1 RSAPublicKey
    const toSign = `${d2.json.digestEndTime}\n${d2.json.digestS3Bucket}/${d2.json.digestS3Object}\n${createHash('sha256').update(d2.raw).digest('hex')}\n${d2.json.previousDigestSignature}`;
    expect(verify('sha256', Buffer.from(toSign), createPublicKey({ key: der, format: 'der', type: 'pkcs1' }), Buffer.from(d2.metadata.signature, 'hex'))).toBe(true);
    // Digests are SSE-KMS under the trail's key, like the logs (§0.1 item 6, decided in digest-delivery.ts).
    const got = await s3(rootOf(A)).send(new GetObjectCommand({ Bucket: bucketOf('intact'), Key: d1.key }));
    expect(got.ServerSideEncryption).toBe('aws:kms');
    expect(got.SSEKMSKeyId).toBe(keyArns[A]);
  });

  it('end with a final digest on StopLogging and start a new chain on StartLogging', async () => {
    const [, d2, d3, d4] = await digestsOf('restarted');
    expect(d3.json.previousDigestS3Object).toBe(d2.key);
    expect(d4.json.previousDigestS3Bucket).toBeNull();
    expect(d4.json.previousDigestSignature).toBeNull();
    expect(d4.json.digestStartTime >= d3.json.digestEndTime).toBe(true);
  });
});

describe('aws cloudtrail validate-logs (AWS CLI v2) and trailkey validate-logs', () => {
  // Tamper with each trail's files through S3 as the bucket owner, then run both validators.
  const runs = new Map<Name, { aws: CliRun; ours: CliRun; digests: StoredDigest[] }>();
  beforeAll(async () => {
    const tampered: Record<Name, (d: StoredDigest[]) => Promise<void>> = {
      intact: async () => undefined,
      restarted: async () => undefined,
      'log-edited': async (d) => {
        // One byte of the uncompressed log: a letter of the first event name changes case.
        const log = d[1].json.logFiles[0];
        const client = s3(rootOf(A));
        const got = await client.send(new GetObjectCommand({ Bucket: log.s3Bucket, Key: log.s3Object }));
        const json = gunzipSync(Buffer.from(await got.Body!.transformToByteArray()));
        const at = json.indexOf('"eventName":"') + '"eventName":"'.length;
        json[at] ^= 0x20;
        await client.send(new PutObjectCommand({ Bucket: log.s3Bucket, Key: log.s3Object, Body: gzipSync(json), ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArns[A] }));
      },
      'log-gzip-byte': async (d) => {
        // One byte of the stored (compressed) object.
        const log = d[1].json.logFiles[0];
        const client = s3(rootOf(A));
        const got = await client.send(new GetObjectCommand({ Bucket: log.s3Bucket, Key: log.s3Object }));
        const body = Buffer.from(await got.Body!.transformToByteArray());
        body[Math.floor(body.length / 2)] ^= 0xff;
        await client.send(new PutObjectCommand({ Bucket: log.s3Bucket, Key: log.s3Object, Body: body, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArns[A] }));
      },
      'log-deleted': async (d) => {
        const log = d[1].json.logFiles[0];
        await s3(rootOf(A)).send(new DeleteObjectCommand({ Bucket: log.s3Bucket, Key: log.s3Object }));
      },
      'digest-moved': async (d) => {
        // D2 moves within its folder, to the name a digest ending one second earlier would have.
        await s3(rootOf(A)).send(new CopyObjectCommand({ Bucket: bucketOf('digest-moved'), Key: movedKey(d[1].key), CopySource: `${bucketOf('digest-moved')}/${d[1].key}` }));
        await s3(rootOf(A)).send(new DeleteObjectCommand({ Bucket: bucketOf('digest-moved'), Key: d[1].key }));
      },
      'digest-deleted': async (d) => {
        await s3(rootOf(B)).send(new DeleteObjectCommand({ Bucket: bucketOf('digest-deleted'), Key: d[1].key }));
      },
      'signature-altered': async (d) => {
        // One hex digit of D2's signature metadata.
        const signature = d[1].metadata.signature;
        const altered = signature.slice(0, 10) + (signature[10] === '0' ? '1' : '0') + signature.slice(11);
        await s3(rootOf(B)).send(
          new CopyObjectCommand({
            Bucket: bucketOf('signature-altered'), Key: d[1].key, CopySource: `${bucketOf('signature-altered')}/${d[1].key}`,
            MetadataDirective: 'REPLACE', Metadata: { signature: altered, 'signature-algorithm': 'SHA256withRSA' }, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArns[B],
          }),
        );
      },
      'signature-removed': async (d) => {
        await s3(rootOf(B)).send(
          new CopyObjectCommand({
            Bucket: bucketOf('signature-removed'), Key: d[1].key, CopySource: `${bucketOf('signature-removed')}/${d[1].key}`,
            MetadataDirective: 'REPLACE', Metadata: { 'signature-algorithm': 'SHA256withRSA' }, ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArns[B],
          }),
        );
      },
    };
    const names = [...SCENARIOS_A, ...SCENARIOS_B];
    const before = new Map<Name, StoredDigest[]>();
    for (const name of names) {
      before.set(name, await digestsOf(name));
      await tampered[name](before.get(name)!);
    }
    // Two AWS CLI processes at a time: the machine has two cores.
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.shift(); name; name = queue.shift()) {
        const root = rootOf(accountOf(name));
        const [awsRun, ours] = [await awsValidate(name, root, name === 'intact' || name === 'restarted' ? ['--verbose'] : []), await trailkeyValidate(name, root, ['--verbose'])];
        runs.set(name, { aws: awsRun, ours, digests: before.get(name)! });
      }
    };
    await Promise.all([worker(), worker()]);
  }, SLOW);

  const movedKey = (key: string) => {
    const stamp = key.slice(-24, -8);
    const earlier = new Date(Date.parse(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`) - 1000);
    return key.slice(0, -24) + earlier.toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z.json.gz';
  };

  /** The files each validator saw, newest digest first, each followed by its logs (the CLI's order). */
  const walk = (name: Name, ds: StoredDigest[]) => ds.slice().reverse().flatMap((d) => [`Digest file\t${url(name, d.key)}\tvalid`, ...d.json.logFiles.map((l) => `Log file\t${url(name, l.s3Object)}\tvalid`)]);
  const logCount = (ds: StoredDigest[]) => ds.reduce((n, d) => n + d.json.logFiles.length, 0);

  it('the AWS CLI finds every digest and log file of an untouched trail valid', () => {
    const { aws, digests } = runs.get('intact')!;
    expect(aws.stderr).toBe('');
    expect(aws.code).toBe(0);
    const found: [string, string] = [digests[0].json.digestStartTime, digests[3].json.digestEndTime];
    expect(aws.stdout).toBe(
      `Validating log files for trail ${arnOf('intact')} between ${startTime} and ${endTime}\n\n` +
        walk('intact', digests).join('\n') + '\n\n' +
        expectedSummary(startTime, found, [4, 4], [logCount(digests), logCount(digests)]),
    );
  });

  it('trailkey says the same of the untouched trail, line for line', () => {
    const { aws, ours } = runs.get('intact')!;
    expect(ours.code).toBe(0);
    expect(ours.stdout).toBe(aws.stdout);
    expect(ours.stderr).toBe('');
  });

  it('the built CLI, with its bundle and code cache, says the same as a process of its own', async () => {
    // ensureBuilt compiles with tsc alone, which writes the unbundled index: `npm run build` bundles.
    expect(readFileSync(join(dirname(CLI), '../integrity/index.js'), 'utf8'), 'dist/ is not bundled: run `npm run build`').toContain('integrity.bundle.cjs');
    const { aws } = runs.get('intact')!;
    const root = rootOf(accountOf('intact'));
    const env = { PATH: process.env.PATH, HOME: tempDir(), AWS_ACCESS_KEY_ID: root.accessKeyId, AWS_SECRET_ACCESS_KEY: root.secretAccessKey, AWS_CONFIG_FILE: devNull, AWS_SHARED_CREDENTIALS_FILE: devNull };
    const args = [CLI, 'validate-logs', '--endpoint-url', server.url, '--region', REGION, '--trail-arn', arnOf('intact'), '--start-time', startTime, '--end-time', endTime, '--verbose'];
    const built = await new Promise<CliRun>((resolve) => {
      execFile(process.execPath, args, { env }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 255) : 0, stdout, stderr }));
    });
    expect(built).toEqual({ code: 0, stdout: aws.stdout, stderr: '' });
  });

  it('a chain restarted by StopLogging/StartLogging is valid, with the gap reported', () => {
    const { aws, ours, digests } = runs.get('restarted')!;
    expect(aws.code).toBe(0);
    expect(problemLines(aws.stderr)).toEqual([`No log files were delivered by CloudTrail between ${digests[2].json.digestEndTime} and ${digests[3].json.digestStartTime}`]);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toContain(`No log files were delivered by CloudTrail between ${digests[2].json.digestEndTime} and ${digests[3].json.digestStartTime}\n`);
  });

  type Case = { name: Name; lines: (d: StoredDigest[]) => string[]; digests: [number, number]; logs: (d: StoredDigest[]) => [number, number] };
  const all = (d: StoredDigest[]): [number, number] => [logCount(d) - 1, logCount(d)];
  const CASES: Case[] = [
    { name: 'log-edited', lines: (d) => [`Log file\t${url('log-edited', d[1].json.logFiles[0].s3Object)}\tINVALID: hash value doesn't match`], digests: [4, 4], logs: all },
    { name: 'log-gzip-byte', lines: (d) => [`Log file\t${url('log-gzip-byte', d[1].json.logFiles[0].s3Object)}\tINVALID: invalid format`], digests: [4, 4], logs: all },
    { name: 'log-deleted', lines: (d) => [`Log file\t${url('log-deleted', d[1].json.logFiles[0].s3Object)}\tINVALID: not found`], digests: [4, 4], logs: all },
    {
      // D4 names D2's old key: not found; the walk falls back to the newest listed digest older than
      // it, the moved copy, which says it belongs elsewhere; then D1. D2's log files go unchecked.
      name: 'digest-moved',
      lines: (d) => [`Digest file\t${url('digest-moved', d[1].key)}\tINVALID: not found`, `Digest file\t${url('digest-moved', movedKey(d[1].key))}\tINVALID: has been moved from its original location`],
      digests: [3, 5],
      logs: (d) => [logCount(d) - d[1].json.logFiles.length, logCount(d) - d[1].json.logFiles.length],
    },
    {
      name: 'digest-deleted',
      lines: (d) => [`Digest file\t${url('digest-deleted', d[1].key)}\tINVALID: not found`],
      digests: [3, 4],
      logs: (d) => [logCount(d) - d[1].json.logFiles.length, logCount(d) - d[1].json.logFiles.length],
    },
    {
      name: 'signature-altered',
      lines: (d) => [`Digest file\t${url('signature-altered', d[1].key)}\tINVALID: signature verification failed`],
      digests: [3, 4],
      logs: (d) => [logCount(d) - d[1].json.logFiles.length, logCount(d) - d[1].json.logFiles.length],
    },
    {
      name: 'signature-removed',
      lines: (d) => [`Digest file\t${url('signature-removed', d[1].key)}\tINVALID: signature verification failed`],
      digests: [3, 4],
      logs: (d) => [logCount(d) - d[1].json.logFiles.length, logCount(d) - d[1].json.logFiles.length],
    },
  ];

  for (const c of CASES) {
    it(`${c.name}: the AWS CLI prints exactly its INVALID lines and exits 1; trailkey finds the same`, () => {
      const { aws, ours, digests } = runs.get(c.name)!;
      const expected = c.lines(digests);
      expect(aws.stderr).toBe(expected.map((l) => `${l}\n\n`).join(''));
      expect(aws.code).toBe(1);
      const last = digests[digests.length - 1].json.digestEndTime;
      expect(aws.stdout).toBe(`Validating log files for trail ${arnOf(c.name)} between ${startTime} and ${endTime}\n\n` + expectedSummary(startTime, [digests[0].json.digestStartTime, last], c.digests, c.logs(digests)));
      expect(ours.code).toBe(1);
      expect(ourProblemLines(ours.stdout)).toEqual(expected);
      // The same summary counts.
      expect(ours.stdout).toContain(expectedSummary(startTime, [digests[0].json.digestStartTime, last], c.digests, c.logs(digests)));
    });
  }

  it('trailkey says which events a missing log file held, and what a missing digest leaves unverified', () => {
    const log = runs.get('log-deleted')!;
    const entry = log.digests[1].json.logFiles[0];
    expect(log.ours.stdout).toContain(`\tINVALID: not found\n    the events from ${entry.oldestEventTime} to ${entry.newestEventTime} it held are gone (listed in ${url('log-deleted', log.digests[1].key)})\n`);
    const digest = runs.get('digest-deleted')!;
    const [d1, d2] = digest.digests;
    expect(digest.ours.stdout).toContain(
      `\tINVALID: not found\n    the log files delivered between ${d1.json.digestEndTime} and ${d2.json.digestEndTime} cannot be verified: their digest is missing\n`,
    );
  });
});

describe('trailkey validate-logs reads', () => {
  it('most objects with the lean signed GET once the SDK has shown the URL, with the same results as through the SDK alone', async () => {
    const options = { trailArn: arnOf('log-edited'), start: new Date(startTime), end: new Date(endTime) };
    const lean = sdkSource({ region: REGION, endpoint: server.url, credentials: rootOf(A) });
    const sdk = sdkSource({ region: REGION, endpoint: server.url, credentials: rootOf(A), lean: false });
    const [viaLean, viaSdk] = [await validateLogs(lean, options), await validateLogs(sdk, options)];
    expect(viaLean).toEqual(viaSdk);
    expect(viaLean.logs.some((l) => l.verdict === 'invalid')).toBe(true);
    expect(lean.gets.lean).toBeGreaterThanOrEqual(viaLean.logs.length);
    expect(sdk.gets).toEqual({ lean: 0, sdk: viaSdk.digests.length + viaSdk.logs.length });
  });
});

describe('trailkey validate-logs for readers with too little access', () => {
  it('names kms:Decrypt on the trail key for a reader the key policy leaves out, with no stack trace', async () => {
    const r = await trailkeyValidate('intact', noDecrypt);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`cannot read 4 digest files: arn:aws:iam::${A}:user/nodecrypt is not allowed kms:Decrypt on ${keyArns[A]} (no identity-based policy allows the kms:Decrypt action)\n`);
    expect(r.stdout).toContain('0/4 digest files valid, 4/4 digest files UNREADABLE');
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('names s3:GetObject for a reader who may list the bucket but not read it', async () => {
    const r = await trailkeyValidate('intact', noGet);
    expect(r.code).toBe(1);
    // S3's own denial does not name the caller.
    expect(r.stdout).toContain(`cannot read 4 digest files: you are not allowed s3:GetObject on arn:aws:s3:::${bucketOf('intact')}/*\n`);
  });

  it('names s3:ListBucket when the digests cannot be listed', async () => {
    const r = await trailkeyValidate('intact', noList);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^trailkey validate-logs: (arn:aws:iam::${A}:user/nolist is|you are) not allowed s3:ListBucket on arn:aws:s3:::${bucketOf('intact')}\\n$`));
  });

  it('validates as a reader the key policy allows', async () => {
    const r = await trailkeyValidate('intact', reader, ['--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { summary: { valid: boolean; digests: { valid: number } }; logs: unknown[] };
    expect(report.summary).toMatchObject({ valid: true, digests: { valid: 4, invalid: 0, unreadable: 0 } });
  });

  it('answers usage errors with exit 2', async () => {
    expect((await trailkeyValidate('intact', reader, ['--format', 'xml'])).code).toBe(2);
    const bad = await trailkeyValidate('intact', reader, ['--start-time', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('`--start-time yesterday` is not a time');
  });
});

describe('DeleteTrail', () => {
  it('writes a final digest that both validators accept, given the bucket of the trail that is gone', async () => {
    const before = await digestsOf('restarted');
    await new CloudTrailClient(clientConfig(server.url, rootOf(B))).send(new DeleteTrailCommand({ Name: 'restarted' }));
    await period();
    const after = await digestsOf('restarted');
    expect(after).toHaveLength(before.length + 1);
    const final = after[after.length - 1];
    expect(final.json.previousDigestS3Object).toBe(before[before.length - 1].key);
    const end = iso(new Date(Date.now() + offset + 60_000));
    const bucket = ['--s3-bucket', bucketOf('restarted'), '--end-time', end];
    const [awsRun, ours] = [await awsValidate('restarted', rootOf(B), bucket), await trailkeyValidate('restarted', rootOf(B), bucket)];
    expect(awsRun.code).toBe(0);
    expect(awsRun.stdout).toContain(`${after.length}/${after.length} digest files valid\n`);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toContain(`${after.length}/${after.length} digest files valid\n`);
  }, SLOW);
});
