// Digest files and their signing keys (aws-behavior.md §5.1), over an in-memory store, with a
// stand-in for S3 PutObject that commits as the real one does.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store, type Tx } from '../../store/index.js';
import type { Invoke } from './delivery.js';
import { addToDigest, deliverDigests, finishDigests, startDigests } from './digest-delivery.js';
import { buildDigest, DIGEST_STATE, digestEnd, digestKey, digestStateKey, type DigestState } from './digest.js';
import { currentSigningKey, KEY_VALIDITY_MS, publicKeysIn, SIGNING_KEYS, type SigningKey } from './signing-keys.js';
import { queueTopic } from './events.js';
import { TRAILS, type TrailRecord } from './trails.js';

const ACCOUNT = '111122223333';
const ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const HOUR = 3600_000;

const trailRecord = (over: Partial<TrailRecord> = {}): TrailRecord => ({
  Name: 'main',
  TrailARN: ARN,
  HomeRegion: 'us-east-1',
  account: ACCOUNT,
  S3BucketName: 'logs',
  IncludeGlobalServiceEvents: true,
  IsMultiRegionTrail: false,
  LogFileValidationEnabled: true,
  KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
  IsOrganizationTrail: false,
  Tags: [],
  status: { IsLogging: true },
  CreatedTime: '2024-05-01T11:00:00.000Z',
  ...over,
});

interface Put {
  input: Record<string, unknown>;
  json: Record<string, unknown>;
  raw: Buffer;
}

let store: Store;
let puts: Put[];
/** Set to make the next PutObject run this inside its write, before it commits. */
let during: (() => void) | undefined;
const invoke: Invoke = async (operation, input, options) => {
  expect(operation).toBe('s3:PutObject');
  during?.();
  during = undefined;
  const body = (input as { Body: Buffer }).Body;
  const raw = gunzipSync(body);
  puts.push({ input: input as Record<string, unknown>, json: JSON.parse(raw.toString()) as Record<string, unknown>, raw });
  store.transaction((tx) => options.commit?.(tx, {}));
  return {};
};
const save = (trail: TrailRecord) => store.transaction((tx) => tx.put(TRAILS, `${trail.account}/${trail.HomeRegion}/${trail.Name}`, trail));
const tx = <T>(f: (tx: Tx) => T) => store.transaction(f);
const entry = (key: string, oldest: string, newest: string) => ({ s3Bucket: 'logs', s3Object: key, hashValue: 'ab'.repeat(32), hashAlgorithm: 'SHA-256' as const, oldestEventTime: oldest, newestEventTime: newest });
const queue = { trailArn: ARN, region: 'us-east-1', account: ACCOUNT };
const t = (iso: string) => new Date(iso);

beforeEach(() => {
  store = openStore({ data: ':memory:' });
  puts = [];
  during = undefined;
});

describe('digest keys and contents', () => {
  it('name the end time to the second, under the date folders, the account folder and the prefix', () => {
    const state: DigestState = { trailArn: ARN, region: 'eu-west-1', account: ACCOUNT, periodStart: '2024-05-01T11:59:59Z', logFiles: [] };
    expect(digestKey(trailRecord({ S3KeyPrefix: 'p/q' }), state, t('2024-05-01T12:34:56.789Z'))).toBe(
      `p/q/AWSLogs/${ACCOUNT}/CloudTrail-Digest/eu-west-1/2024/05/01/${ACCOUNT}_CloudTrail-Digest_eu-west-1_main_us-east-1_20240501T123456Z.json.gz`,
    );
    expect(digestKey(trailRecord({ IsOrganizationTrail: true, OrganizationId: 'o-abcdefghij' }), state, t('2024-05-01T12:34:56Z'))).toMatch(/^AWSLogs\/o-abcdefghij\/111122223333\/CloudTrail-Digest\//);
  });

  it('sign the documented string with the key they name; a starting digest has null previous members', () => {
    const key = tx((x) => currentSigningKey(x, 'us-east-1', t('2024-05-01T12:00:00Z')));
    const state: DigestState = { trailArn: ARN, region: 'us-east-1', account: ACCOUNT, periodStart: '2024-05-01T11:00:00Z', logFiles: [entry('a', '2024-05-01T11:01:00Z', '2024-05-01T11:02:00Z')] };
    const d = buildDigest(trailRecord(), state, t('2024-05-01T12:00:00.500Z'), key);
    const json = JSON.parse(d.json.toString()) as Record<string, unknown>;
    expect(json).toMatchObject({
      awsAccountId: ACCOUNT, digestStartTime: '2024-05-01T11:00:00Z', digestEndTime: '2024-05-01T12:00:00Z', digestS3Bucket: 'logs', digestS3Object: d.key,
      digestPublicKeyFingerprint: key.Fingerprint, digestSignatureAlgorithm: 'SHA256withRSA', oldestEventTime: '2024-05-01T11:01:00Z', newestEventTime: '2024-05-01T11:02:00Z',
      previousDigestS3Bucket: null, previousDigestS3Object: null, previousDigestHashValue: null, previousDigestHashAlgorithm: null, previousDigestSignature: null,
    });
    const hash = createHash('sha256').update(d.json).digest('hex');
    const der = Buffer.from(key.PublicKey, 'base64');
    expect(key.Fingerprint).toBe(createHash('md5').update(der).digest('hex'));
    const toSign = `2024-05-01T12:00:00Z\nlogs/${d.key}\n${hash}\nnull`;
    expect(verify('sha256', Buffer.from(toSign), createPublicKey({ key: der, format: 'der', type: 'pkcs1' }), Buffer.from(d.signature, 'hex'))).toBe(true);
    expect(gunzipSync(d.body)).toEqual(d.json);
    // The next period starts where this one ended and chains to it.
    expect(d.next).toMatchObject({ periodStart: '2024-05-01T12:00:00Z', logFiles: [], previous: { bucket: 'logs', key: d.key, hash, signature: d.signature } });
  });

  it('end at least a second after the digest before them, so no two share a key', () => {
    const chained: DigestState = { trailArn: ARN, region: 'us-east-1', account: ACCOUNT, periodStart: '2024-05-01T12:00:00Z', logFiles: [], previous: { bucket: 'b', key: 'k', hash: 'h', signature: 's' } };
    expect(digestEnd(chained, '2024-05-01T12:00:00Z', t('2024-05-01T12:00:00.900Z')).toISOString()).toBe('2024-05-01T12:00:01.000Z');
    expect(digestEnd(chained, '2024-05-01T12:00:00Z', t('2024-05-01T12:10:00.900Z')).toISOString()).toBe('2024-05-01T12:10:00.000Z');
    // A new chain (logging restarted) in the second the last one ended.
    const starting: DigestState = { ...chained, previous: undefined };
    expect(digestEnd(starting, '2024-05-01T12:00:00Z', t('2024-05-01T12:00:00.100Z')).toISOString()).toBe('2024-05-01T12:00:01.000Z');
    expect(digestEnd(starting, undefined, t('2024-05-01T12:00:00.100Z')).toISOString()).toBe('2024-05-01T12:00:00.000Z');
  });
});

describe('digest periods', () => {
  beforeEach(() => {
    save(trailRecord());
    tx((x) => startDigests(x, trailRecord(), t('2024-05-01T12:00:00Z')));
  });

  it('close when the interval has passed — with an empty digest when no log file came — or on flush', async () => {
    expect(await deliverDigests(store, invoke, t('2024-05-01T12:59:59Z'), HOUR, false)).toBe(0);
    expect(await deliverDigests(store, invoke, t('2024-05-01T13:00:00Z'), HOUR, false)).toBe(1);
    expect(puts[0].json).toMatchObject({ digestStartTime: '2024-05-01T12:00:00Z', digestEndTime: '2024-05-01T13:00:00Z', logFiles: [], newestEventTime: null, oldestEventTime: null });
    // A configurable interval: one minute.
    expect(await deliverDigests(store, invoke, t('2024-05-01T13:00:59Z'), 60_000, false)).toBe(0);
    expect(await deliverDigests(store, invoke, t('2024-05-01T13:01:00Z'), 60_000, false)).toBe(1);
    // Flush closes the open period at once.
    tx((x) => addToDigest(x, trailRecord(), queue, entry('l1', '2024-05-01T13:01:10Z', '2024-05-01T13:01:20Z'), t('2024-05-01T13:01:30Z')));
    expect(await deliverDigests(store, invoke, t('2024-05-01T13:01:30Z'), HOUR, true)).toBe(1);
    expect(puts.map((p) => p.json.digestEndTime)).toEqual(['2024-05-01T13:00:00Z', '2024-05-01T13:01:00Z', '2024-05-01T13:01:30Z']);
    expect(puts[2].json).toMatchObject({ previousDigestS3Object: puts[1].input.Key, logFiles: [{ s3Object: 'l1' }], oldestEventTime: '2024-05-01T13:01:10Z' });
  });

  it('are written as CloudTrail would: SSE-KMS with the trail key and context, the signature in user metadata', async () => {
    await deliverDigests(store, invoke, t('2024-05-01T13:00:00Z'), HOUR, true);
    const input = puts[0].input;
    expect(input).toMatchObject({
      Bucket: 'logs', ACL: 'bucket-owner-full-control', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: trailRecord().KmsKeyId,
      Metadata: { signature: expect.stringMatching(/^[0-9a-f]{512}$/), 'signature-algorithm': 'SHA256withRSA' },
    });
    expect(JSON.parse(Buffer.from(input.SSEKMSEncryptionContext as string, 'base64').toString())).toEqual({ 'aws:cloudtrail:arn': ARN });
    expect(store.get<TrailRecord>(TRAILS, `${ACCOUNT}/us-east-1/main`)!.status.LatestDigestDeliveryTime).toBe('2024-05-01T13:00:00.000Z');
  });

  it('end with a final digest on StopLogging or DeleteTrail, and a restart begins a new chain', async () => {
    await deliverDigests(store, invoke, t('2024-05-01T12:30:00Z'), HOUR, true);
    tx((x) => finishDigests(x, ARN));
    expect(await deliverDigests(store, invoke, t('2024-05-01T12:30:00.200Z'), HOUR, false)).toBe(1);
    expect(store.scan(DIGEST_STATE)).toEqual([]);
    tx((x) => startDigests(x, trailRecord(), t('2024-05-01T12:30:00.300Z')));
    await deliverDigests(store, invoke, t('2024-05-01T12:30:00.400Z'), HOUR, true);
    const [first, final, restarted] = puts.map((p) => p.json);
    expect(final).toMatchObject({ previousDigestS3Object: puts[0].input.Key, digestEndTime: '2024-05-01T12:30:01Z' });
    // Three digests within one second: each a second after the one before, three distinct keys.
    expect(restarted).toMatchObject({ previousDigestS3Bucket: null, previousDigestSignature: null, digestEndTime: '2024-05-01T12:30:02Z' });
    expect(new Set(puts.map((p) => p.input.Key)).size).toBe(3);
    expect(first.digestEndTime).toBe('2024-05-01T12:30:00Z');
  });

  it('keep a StopLogging that lands while a digest is being written, and the log files delivered meanwhile', async () => {
    during = () =>
      tx((x) => {
        addToDigest(x, trailRecord(), queue, entry('late', '2024-05-01T12:59:00Z', '2024-05-01T12:59:30Z'), t('2024-05-01T13:00:00Z'));
        finishDigests(x, ARN);
      });
    await deliverDigests(store, invoke, t('2024-05-01T13:00:00Z'), HOUR, false);
    const state = store.get<DigestState>(DIGEST_STATE, digestStateKey(ARN, 'us-east-1', ACCOUNT))!;
    expect(state).toMatchObject({ final: true, logFiles: [{ s3Object: 'late' }], previous: { key: puts[0].input.Key } });
    await deliverDigests(store, invoke, t('2024-05-01T13:00:05Z'), HOUR, false);
    expect(puts[1].json).toMatchObject({ logFiles: [{ s3Object: 'late' }] });
    expect(store.scan(DIGEST_STATE)).toEqual([]);
  });

  it('write the final digest only once the events queued before StopLogging are delivered', async () => {
    const seq = tx((x) => x.append(queueTopic(queue), { record: { eventTime: '2024-05-01T12:09:59Z' } }));
    tx((x) => finishDigests(x, ARN));
    expect(await deliverDigests(store, invoke, t('2024-05-01T12:10:00Z'), HOUR, true)).toBe(0);
    tx((x) => {
      x.ack(queueTopic(queue), seq);
      addToDigest(x, trailRecord({ status: { IsLogging: false } }), queue, entry('last', '2024-05-01T12:09:59Z', '2024-05-01T12:09:59Z'), t('2024-05-01T12:10:01Z'));
    });
    expect(await deliverDigests(store, invoke, t('2024-05-01T12:10:01Z'), HOUR, false)).toBe(1);
    expect(puts[0].json).toMatchObject({ logFiles: [{ s3Object: 'last' }] });
    expect(store.scan(DIGEST_STATE)).toEqual([]);
  });

  it('digest a log file delivered after logging stopped, in a period that closes at once', async () => {
    tx((x) => finishDigests(x, ARN));
    await deliverDigests(store, invoke, t('2024-05-01T12:10:00Z'), HOUR, false);
    const stopped = trailRecord({ status: { IsLogging: false } });
    tx((x) => addToDigest(x, stopped, queue, entry('after', '2024-05-01T12:09:00Z', '2024-05-01T12:09:10Z'), t('2024-05-01T12:10:30Z')));
    expect(await deliverDigests(store, invoke, t('2024-05-01T12:10:31Z'), HOUR, false)).toBe(1);
    expect(puts[1].json).toMatchObject({ logFiles: [{ s3Object: 'after' }] });
    expect(store.scan(DIGEST_STATE)).toEqual([]);
  });

  it('stop when log file validation is turned off', async () => {
    save(trailRecord({ LogFileValidationEnabled: false }));
    expect(await deliverDigests(store, invoke, t('2024-05-01T14:00:00Z'), HOUR, true)).toBe(0);
    expect(store.scan(DIGEST_STATE)).toEqual([]);
  });
});

describe('signing keys', () => {
  it('are RSA-2048 per Region, kept in the store, rotated when their window ends, and listed by window', () => {
    const first = tx((x) => currentSigningKey(x, 'us-east-1', t('2024-05-01T00:00:00Z')));
    expect(tx((x) => currentSigningKey(x, 'us-east-1', t('2024-05-20T00:00:00Z'))).Fingerprint).toBe(first.Fingerprint);
    const other = tx((x) => currentSigningKey(x, 'eu-west-1', t('2024-05-20T00:00:00Z')));
    expect(other.Fingerprint).not.toBe(first.Fingerprint);
    const rotated = tx((x) => currentSigningKey(x, 'us-east-1', new Date(Date.parse(first.ValidityEndTime) + 1000)));
    expect(rotated.Fingerprint).not.toBe(first.Fingerprint);
    expect(Date.parse(rotated.ValidityEndTime) - Date.parse(rotated.ValidityStartTime)).toBe(KEY_VALIDITY_MS);
    expect(createPublicKey({ key: Buffer.from(first.PublicKey, 'base64'), format: 'der', type: 'pkcs1' }).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(store.scan<SigningKey>(SIGNING_KEYS).map((e) => e.value.Region)).toEqual(['eu-west-1', 'us-east-1', 'us-east-1']);
    const fingerprints = (start: string, end: string) => tx((x) => publicKeysIn(x, 'us-east-1', t(start), t(end))).map((k) => k.Fingerprint);
    expect(fingerprints('2024-05-02T00:00:00Z', '2024-05-03T00:00:00Z')).toEqual([first.Fingerprint]);
    expect(fingerprints('2024-05-02T00:00:00Z', '2024-07-01T00:00:00Z')).toEqual([first.Fingerprint, rotated.Fingerprint]);
    expect(fingerprints('2024-04-01T00:00:00Z', '2024-04-02T00:00:00Z')).toEqual([]);
  });
});
