// The validator's walk over an in-memory Source: digests signed here with a key of our own, so
// that every branch of the AWS CLI's traversal (and what we add to it) can be set up exactly.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { digestKeyPattern, markerKey, type Digest } from './digest-file.js';
import { pool } from './pool.js';
import { summarize, toText } from './report.js';
import type { Fetched, PublicKey, ReadFailure, Source, TrailInfo } from './source.js';
import { deniedBy, validateLogs, ValidationError } from './validate.js';

const ACCOUNT = '111122223333';
const ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DER = publicKey.export({ type: 'pkcs1', format: 'der' });
const FINGERPRINT = createHash('md5').update(DER).digest('hex');

interface Stored {
  body: Buffer;
  metadata: Record<string, string>;
  kmsKeyId?: string;
}

class World implements Source {
  objects = new Map<string, Stored>();
  denied = new Map<string, ReadFailure>();
  trail: TrailInfo = { TrailARN: ARN, S3BucketName: 'logs' };
  keys: PublicKey[] = [{ value: DER, fingerprint: FINGERPRINT }];
  gets: string[] = [];
  inFlight = 0;
  maxInFlight = 0;

  put(bucket: string, key: string, body: Buffer, metadata: Record<string, string> = {}) {
    this.objects.set(`${bucket}/${key}`, { body, metadata, kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k' });
  }
  async findTrail(arn: string) {
    return arn === this.trail.TrailARN ? this.trail : undefined;
  }
  async listKeys(bucket: string, prefix: string, marker: string) {
    return [...this.objects.keys()].filter((k) => k.startsWith(`${bucket}/`)).map((k) => k.slice(bucket.length + 1)).filter((k) => k.startsWith(prefix) && k > marker).sort();
  }
  async listFolders() {
    return [];
  }
  async getObject(bucket: string, key: string): Promise<Fetched> {
    this.gets.push(`${bucket}/${key}`);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, 1));
    this.inFlight--;
    const denied = this.denied.get(`${bucket}/${key}`);
    if (denied) return { failure: denied };
    const o = this.objects.get(`${bucket}/${key}`);
    return o ? { body: o.body, metadata: o.metadata } : { failure: { code: 'NoSuchKey', status: 404, message: 'The specified key does not exist.' } };
  }
  async headObject(bucket: string, key: string) {
    const o = this.objects.get(`${bucket}/${key}`);
    return o ? { kmsKeyId: o.kmsKeyId } : { failure: { code: 'NoSuchKey', message: '' } };
  }
  async listPublicKeys() {
    return this.keys;
  }
}

const stamp = (iso: string) => iso.replace(/[-:]/g, '');
const digestKey = (end: string, bucket = 'logs', name = 'main') =>
  `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/${end.slice(0, 4)}/${end.slice(5, 7)}/${end.slice(8, 10)}/${ACCOUNT}_CloudTrail-Digest_us-east-1_${name}_us-east-1_${stamp(end)}.json.gz`;

/** Writes a log file and a digest listing it, chained to `previous`; returns the digest's key, signature and hash. */
function deliver(world: World, start: string, end: string, previous?: { bucket: string; key: string; signature: string; hash: string }, bucket = 'logs') {
  const logKey = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/${end.slice(0, 4)}/${end.slice(5, 7)}/${end.slice(8, 10)}/${ACCOUNT}_CloudTrail_us-east-1_${stamp(end).slice(0, 13)}Z_${end.slice(11, 13)}abcdefghijklmn.json.gz`;
  const log = Buffer.from(JSON.stringify({ Records: [{ eventTime: start }] }));
  world.put(bucket, logKey, gzipSync(log));
  const key = digestKey(end, bucket);
  const digest: Digest = {
    awsAccountId: ACCOUNT, digestStartTime: start, digestEndTime: end, digestS3Bucket: bucket, digestS3Object: key, digestPublicKeyFingerprint: FINGERPRINT,
    digestSignatureAlgorithm: 'SHA256withRSA', newestEventTime: start, oldestEventTime: start,
    previousDigestS3Bucket: previous?.bucket ?? null, previousDigestS3Object: previous?.key ?? null, previousDigestHashValue: previous?.hash ?? null,
    previousDigestHashAlgorithm: previous ? 'SHA-256' : null, previousDigestSignature: previous?.signature ?? null,
    logFiles: [{ s3Bucket: bucket, s3Object: logKey, hashValue: createHash('sha256').update(log).digest('hex'), hashAlgorithm: 'SHA-256', oldestEventTime: start, newestEventTime: start }],
  };
  const json = Buffer.from(JSON.stringify(digest));
  const hash = createHash('sha256').update(json).digest('hex');
  const signature = sign('sha256', Buffer.from(`${end}\n${bucket}/${key}\n${hash}\n${previous?.signature ?? 'null'}`), privateKey).toString('hex');
  world.put(bucket, key, gzipSync(json), { signature, 'signature-algorithm': 'SHA256withRSA' });
  return { bucket, key, signature, hash, logKey };
}

const options = { trailArn: ARN, start: new Date('2024-05-01T00:00:00Z'), end: new Date('2024-05-01T06:00:00Z') };
const problems = (r: Awaited<ReturnType<typeof validateLogs>>) =>
  [...r.digests, ...r.logs].filter((f) => f.verdict !== 'valid').map((f) => `${f.kind} ${f.key.split('/').pop()} ${f.verdict}: ${f.reason}`);

describe('validateLogs', () => {
  it('walks the chain newest first, across a change of bucket, and checks every log file', async () => {
    const world = new World();
    const d1 = deliver(world, '2024-05-01T01:00:00Z', '2024-05-01T02:00:00Z', undefined, 'old-logs');
    const d2 = deliver(world, '2024-05-01T02:00:00Z', '2024-05-01T03:00:00Z', d1);
    deliver(world, '2024-05-01T03:00:00Z', '2024-05-01T04:00:00Z', d2);
    const report = await validateLogs(world, options);
    expect(problems(report)).toEqual([]);
    expect(report.digests.map((d) => `${d.bucket} ${d.digestEndTime}`)).toEqual(['logs 2024-05-01T04:00:00Z', 'logs 2024-05-01T03:00:00Z', 'old-logs 2024-05-01T02:00:00Z']);
    expect(report.logs).toHaveLength(3);
    expect(report.found).toEqual({ start: '2024-05-01T01:00:00Z', end: '2024-05-01T04:00:00Z' });
    expect(summarize(report)).toMatchObject({ valid: true, invalid: false });
  });

  it('lists only this trail’s digests in [start, end + 1 h], from the CLI’s marker', async () => {
    const world = new World();
    deliver(world, '2024-04-30T22:00:00Z', '2024-04-30T23:00:00Z');
    const inRange = deliver(world, '2024-05-01T05:00:00Z', '2024-05-01T06:30:00Z');
    deliver(world, '2024-05-01T07:00:00Z', '2024-05-01T07:30:00Z', inRange);
    world.put('logs', digestKey('2024-05-01T03:00:00Z', 'logs', 'other'), gzipSync('{}'));
    const report = await validateLogs(world, options);
    expect(report.digests.map((d) => d.key)).toEqual([inRange.key]);
    const location = { bucket: 'logs', account: ACCOUNT, region: 'us-east-1', homeRegion: 'us-east-1', trailName: 'main' };
    expect(markerKey(location, options.start)).toBe(digestKey('2024-04-30T23:59:00Z'));
    expect(digestKeyPattern(location).test(digestKey('2024-05-01T03:00:00Z', 'logs', 'other'))).toBe(false);
  });

  it('reports a gap between chains, and a missing digest with the period it leaves unverified', async () => {
    const world = new World();
    const d1 = deliver(world, '2024-05-01T01:00:00Z', '2024-05-01T02:00:00Z');
    const d2 = deliver(world, '2024-05-01T02:00:00Z', '2024-05-01T03:00:00Z', d1);
    deliver(world, '2024-05-01T03:00:00Z', '2024-05-01T04:00:00Z', d2);
    deliver(world, '2024-05-01T04:30:00Z', '2024-05-01T05:00:00Z');
    world.objects.delete(`logs/${d2.key}`);
    const report = await validateLogs(world, options);
    expect(report.gaps).toEqual([{ from: '2024-05-01T04:00:00Z', to: '2024-05-01T04:30:00Z' }]);
    expect(problems(report)).toEqual([`digest ${d2.key.split('/').pop()} invalid: not found`]);
    expect(report.digests[2].detail).toBe('the log files delivered between 2024-05-01T02:00:00Z and 2024-05-01T03:00:00Z cannot be verified: their digest is missing');
    const text = toText(report, false);
    expect(text).toContain('No log files were delivered by CloudTrail between 2024-05-01T04:00:00Z and 2024-05-01T04:30:00Z\n');
    expect(text).toContain('\n3/4 digest files valid, 1/4 digest files INVALID\n3/3 log files valid\n');
  });

  it('gives the CLI’s reason for each broken digest', async () => {
    const world = new World();
    const cases: Record<string, (key: string) => void> = {
      'invalid format': (key) => world.put('logs', key, Buffer.from('not gzip'), { signature: '00', 'signature-algorithm': 'SHA256withRSA' }),
      'signature verification failed': (key) => (world.objects.get(`logs/${key}`)!.metadata = { 'signature-algorithm': 'SHA256withRSA' }),
      [`public key not found in region us-east-1 for fingerprint ${FINGERPRINT}`]: () => (world.keys = []),
    };
    for (const [reason, breakIt] of Object.entries(cases)) {
      world.objects.clear();
      world.keys = [{ value: DER, fingerprint: FINGERPRINT }];
      const d = deliver(world, '2024-05-01T01:00:00Z', '2024-05-01T02:00:00Z');
      breakIt(d.key);
      if (world.keys.length === 0) {
        world.keys = [{ value: DER, fingerprint: 'another' }];
      }
      const report = await validateLogs(world, options);
      expect(report.digests.map((x) => x.reason)).toEqual([reason]);
    }
    world.objects.clear();
    world.keys = [{ value: Buffer.from('not a key'), fingerprint: FINGERPRINT }];
    deliver(world, '2024-05-01T01:00:00Z', '2024-05-01T02:00:00Z');
    expect((await validateLogs(world, options)).digests[0].reason).toBe(`Unable to load PKCS #1 key with fingerprint ${FINGERPRINT}`);
    world.keys = [];
    await expect(validateLogs(world, options)).rejects.toThrow(new ValidationError('no public keys found between 2024-05-01T00:00:00Z and 2024-05-01T06:00:00Z'));
  });

  it('finds the same problems in log files as the CLI, and says which events they held', async () => {
    const world = new World();
    const d1 = deliver(world, '2024-05-01T01:00:00Z', '2024-05-01T02:00:00Z');
    const d2 = deliver(world, '2024-05-01T02:00:00Z', '2024-05-01T03:00:00Z', d1);
    world.objects.delete(`logs/${d1.logKey}`);
    world.put('logs', d2.logKey, Buffer.concat([world.objects.get(`logs/${d2.logKey}`)!.body, Buffer.from('!')]));
    const report = await validateLogs(world, options);
    expect(problems(report)).toEqual([
      `log ${d2.logKey.split('/').pop()} invalid: unexpected data after end of compressed stream`,
      `log ${d1.logKey.split('/').pop()} invalid: not found`,
    ]);
    expect(report.logs[1].detail).toBe(`the events from 2024-05-01T01:00:00Z to 2024-05-01T01:00:00Z it held are gone (listed in s3://logs/${d1.key})`);
  });

  it('names the permission a reader lacks, from the denial text or from HeadObject', async () => {
    const world = new World();
    const d1 = deliver(world, '2024-05-01T01:00:00Z', '2024-05-01T02:00:00Z');
    world.denied.set(`logs/${d1.logKey}`, {
      code: 'AccessDenied', status: 403,
      message: 'User: arn:aws:iam::111122223333:user/r is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because no resource-based policy allows the kms:Decrypt action',
    });
    const report = await validateLogs(world, options);
    expect(report.logs[0]).toMatchObject({
      verdict: 'unreadable',
      permission: { action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:111122223333:key/k', principal: 'arn:aws:iam::111122223333:user/r', because: 'no resource-based policy allows the kms:Decrypt action' },
    });
    expect(toText(report, false)).toContain(
      'cannot read 1 log file: arn:aws:iam::111122223333:user/r is not allowed kms:Decrypt on arn:aws:kms:us-east-1:111122223333:key/k (no resource-based policy allows the kms:Decrypt action)\n',
    );
    expect(summarize(report)).toMatchObject({ valid: false, invalid: false });
  });

  it('fails with a clear message when the trail is unknown or the range is backwards', async () => {
    await expect(validateLogs(new World(), { ...options, trailArn: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/nope` })).rejects.toThrow('a trail could not be found for');
    await expect(validateLogs(new World(), { ...options, start: options.end, end: options.start })).rejects.toThrow('invalid time range');
    await expect(validateLogs(new World(), { ...options, trailArn: 'nope' })).rejects.toThrow('is not a trail ARN');
    const empty = await validateLogs(new World(), options);
    expect(toText(empty, false)).toBe(
      `Validating log files for trail ${ARN} between 2024-05-01T00:00:00Z and 2024-05-01T06:00:00Z\n\nResults requested for 2024-05-01T00:00:00Z to 2024-05-01T06:00:00Z\nNo digests found\n`,
    );
  });

  it('fetches in parallel, within its concurrency, and reports progress to the end', async () => {
    const world = new World();
    let previous;
    for (let h = 0; h < 5; h++) previous = deliver(world, `2024-05-01T0${h}:00:00Z`, `2024-05-01T0${h + 1}:00:00Z`, previous);
    const seen: [number, number][] = [];
    await validateLogs(world, { ...options, concurrency: 3, onProgress: (done, total) => seen.push([done, total]) });
    expect(world.maxInFlight).toBe(3);
    expect(seen[seen.length - 1]).toEqual([10, 10]);
  });
});

describe('deniedBy', () => {
  it('reads AWS’s access-denied texts', () => {
    expect(deniedBy('User: arn:aws:iam::1:user/u is not authorized to perform: s3:ListBucket on resource: "arn:aws:s3:::b" because no identity-based policy allows the s3:ListBucket action')).toMatchObject({
      action: 's3:ListBucket', resource: 'arn:aws:s3:::b', principal: 'arn:aws:iam::1:user/u', because: 'no identity-based policy allows the s3:ListBucket action',
    });
    expect(deniedBy('User: arn:aws:sts::1:assumed-role/R/s is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:1:key/k with an explicit deny in a resource-based policy')).toMatchObject({
      action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:1:key/k', because: 'with an explicit deny in a resource-based policy',
    });
    expect(deniedBy('Access Denied')).toBeUndefined();
  });
});

describe('pool', () => {
  it('never runs more than its size at once', async () => {
    const run = pool(2);
    let active = 0;
    let most = 0;
    await Promise.all(Array.from({ length: 10 }, () => run(async () => {
      most = Math.max(most, ++active);
      await new Promise((r) => setTimeout(r, 1));
      active--;
    })));
    expect(most).toBe(2);
  });
});
