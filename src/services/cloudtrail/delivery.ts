// The delivery worker: each queue's events become gzip `{"Records":[…]}` objects, written with
// s3:PutObject AS CloudTrail (the bucket policy and, through S3's GenerateDataKey, the key policy
// decide at that moment), under the key layout of aws-behavior.md §4.1, with SSE-KMS under the
// trail's key and CloudTrail's encryption context (§4.5, §10).
//
// Exactly once: the queue is acknowledged up to the file's last event in the transaction that
// commits the object's metadata (app.ts invoke → `commit`). A crash before that commit leaves the
// events queued (and at most an unreferenced blob), so they go into a new file later; after it,
// they are acknowledged. Either way no event is lost and none is delivered twice.
//
// A failed delivery (AccessDenied from the bucket policy or the key policy, KMS.DisabledException,
// NoSuchBucket…) keeps the events for the next round and shows in GetTrailStatus (§2.6).
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { isAwsError } from '../../core/aws-error.js';
import { serviceIdentity, type Identity } from '../../core/identity.js';
import { accountFolder } from '../../policy/cloudtrail/index.js';
import type { Store, Tx } from '../../store/index.js';
import { addToDigest } from './digest-delivery.js';
import { logFileEntry } from './digest.js';
import type { EventRecord } from './event-record.js';
import { QUEUES, queuedEvent, type Queue, type QueuedEvent } from './events.js';
import { TRAILS, type TrailRecord } from './trails.js';

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

/** Runs an operation as `identity` through the operation table; `commit` joins the transaction that commits its effects. */
export type Invoke = (
  operation: string,
  input: object,
  options: { identity: Identity; region?: string; context: Record<string, string>; commit?: (tx: Tx, output: unknown) => void },
) => Promise<unknown>;

/**
 * At most this many events in one log file. AWS does not publish a limit; its files hold from one
 * event to many thousands (§4.4). 2,500 records of ~1 KB make a ~2.5 MB JSON text and a ~140 KB
 * object. bench/delivery measured 2,500, 5,000 and 10,000: the same throughput for the first two
 * and less for 10,000, and the peak memory of the server falls with the size (≈155, 195 and
 * 250 MiB when delivering 300,000 events), because each file's texts are garbage once it is put.
 */
export const MAX_EVENTS_PER_FILE = 2_500;

/**
 * gzip level 1: on CloudTrail's repetitive JSON its output is about 4% larger than the default
 * level 6's (12.6:1 against 13:1 on 10,000 KMS records) in less than half the time. Readers see
 * only a valid single-member gzip stream (§4.2).
 */
const GZIP_LEVEL = 1;
const gzipAsync = promisify(gzip);

export interface Delivered {
  trailArn: string;
  key?: string;
  events: number;
  error?: string;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 characters>.json.gz` under the delivery date's folders. */
export function logFileKey(trail: TrailRecord, q: Queue, at: Date, random: Buffer): string {
  const iso = at.toISOString();
  const day = `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
  let unique = '';
  for (let i = 0; i < 16; i++) unique += ALPHANUMERIC[random[i] % ALPHANUMERIC.length];
  const folder = accountFolder(trail.S3KeyPrefix, q.account, trail.IsOrganizationTrail ? trail.OrganizationId : undefined);
  return `${folder}CloudTrail/${q.region}/${day}/${q.account}_CloudTrail_${q.region}_${stamp}_${unique}.json.gz`;
}

export function findTrail(tx: Tx | Store, arn: string): TrailRecord | undefined {
  const m = /^arn:[^:]+:cloudtrail:([^:]+):(\d{12}):trail\/(.+)$/.exec(arn);
  return m ? tx.get<TrailRecord>(TRAILS, `${m[2]}/${m[1]}/${m[3]}`) : undefined;
}

export function setStatus(tx: Tx, arn: string, change: Partial<TrailRecord['status']>): void {
  const trail = findTrail(tx, arn);
  if (!trail) return;
  trail.status = { ...trail.status, ...change };
  tx.put(TRAILS, `${trail.account}/${trail.HomeRegion}/${trail.Name}`, trail);
}

/** One log file's worth of a queue, read and serialised, ready to be put. */
interface Batch {
  /** The last seq in the file: the queue is acknowledged up to it. */
  lastSeq: number;
  events: number;
  /** The uncompressed `{"Records":[…]}` text, hashed for the digest. */
  json: Buffer;
  body: Buffer;
  oldest: string;
  newest: string;
}

const HEAD = '{"Records":[';
const TAIL = ']}';

/** Reads up to MAX_EVENTS_PER_FILE events after `afterSeq` and builds the file, or undefined when none wait. */
async function readBatch(store: Store, topic: string, afterSeq: number): Promise<Batch | undefined> {
  const items = store.readBatch<QueuedEvent>(topic, afterSeq, MAX_EVENTS_PER_FILE);
  if (items.length === 0) return undefined;
  const texts = new Array<string>(items.length);
  let oldest = '\uffff';
  let newest = '';
  let size = HEAD.length + TAIL.length + items.length - 1;
  for (let i = 0; i < items.length; i++) {
    const e = queuedEvent(items[i].value);
    texts[i] = e.json;
    size += Buffer.byteLength(e.json, 'utf8');
    if (e.eventTime < oldest) oldest = e.eventTime;
    if (e.eventTime > newest) newest = e.eventTime;
  }
  // The texts are written straight into one buffer: no joined copy on the heap.
  const json = Buffer.allocUnsafe(size);
  let at = json.write(HEAD, 0, 'latin1');
  for (let i = 0; i < texts.length; i++) {
    if (i > 0) json[at++] = 0x2c; // ,
    at += json.write(texts[i], at, 'utf8');
  }
  json.write(TAIL, at, 'latin1');
  // zlib runs on libuv's thread pool: the event loop keeps serving requests meanwhile.
  const body = await gzipAsync(json, { level: GZIP_LEVEL });
  return { lastSeq: items[items.length - 1].seq, events: items.length, json, body, oldest, newest };
}

/**
 * Delivers every queue once: each queue's events, oldest first, in files of at most
 * MAX_EVENTS_PER_FILE, until a file comes out short. The events that delivering records itself
 * (S3's GenerateDataKey on CloudTrail's behalf, CloudTrail's PutObject) wait for the next round, so
 * a round ends. While one file is being put (encrypted, fsynced, committed), the next is read and
 * compressed. A failure stops that queue until the next round. Concurrent calls must be serialised
 * by the caller.
 */
export async function deliverAll(store: Store, invoke: Invoke, now: () => Date, random: (n: number) => Buffer): Promise<Delivered[]> {
  const results: Delivered[] = [];
  for (const { key: topic, value: q } of store.scan<Queue>(QUEUES)) {
    let next = readBatch(store, topic, 0);
    for (;;) {
      const batch = await next;
      if (!batch) break;
      const trail = findTrail(store, q.trailArn);
      if (!trail) {
        // The trail record is gone (the deleted-trail reaper removes it only once its queues are
        // empty, so only a reset does this): its undelivered events have nowhere to go.
        store.transaction((tx) => tx.ack(topic, Number.MAX_SAFE_INTEGER));
        break;
      }
      const putting = deliverBatch(trail, q, topic, batch, invoke, now(), random(16));
      // The next file is read after this one's, and acknowledged only after it (acks are "up to").
      next = batch.events < MAX_EVENTS_PER_FILE ? Promise.resolve(undefined) : readBatch(store, topic, batch.lastSeq);
      // Handled here too, so that a PutObject that throws does not leave it rejected unobserved.
      next.catch(() => undefined);
      const result = await putting;
      results.push(result);
      if (result.error) {
        store.transaction((tx) => setStatus(tx, trail.TrailARN, { LatestDeliveryError: result.error, LatestDeliveryAttemptTime: now().toISOString() }));
        break;
      }
    }
  }
  return results;
}

/**
 * How CloudTrail's PutObject encrypts: SSE-KMS with the trail's key and CloudTrail's encryption
 * context, to which S3 adds aws:s3:arn (§4.5); without a key, SSE-S3.
 */
export function trailEncryption(trail: TrailRecord): Record<string, string> {
  if (!trail.KmsKeyId) return { ServerSideEncryption: 'AES256' };
  return {
    ServerSideEncryption: 'aws:kms',
    SSEKMSKeyId: trail.KmsKeyId,
    SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ 'aws:cloudtrail:arn': trail.TrailARN })).toString('base64'),
  };
}

async function deliverBatch(trail: TrailRecord, q: Queue, topic: string, batch: Batch, invoke: Invoke, at: Date, random: Buffer): Promise<Delivered> {
  const key = logFileKey(trail, q, at, random);
  const encryption = trailEncryption(trail);
  try {
    await invoke(
      's3:PutObject',
      { Bucket: trail.S3BucketName, Key: key, Body: batch.body, ACL: 'bucket-owner-full-control', ContentType: 'application/json', ContentEncoding: 'gzip', ...encryption },
      {
        identity: serviceIdentity(CLOUDTRAIL_PRINCIPAL, trail.account),
        context: { 'aws:SourceArn': trail.TrailARN, 'aws:SourceAccount': trail.account },
        commit: (tx) => {
          tx.ack(topic, batch.lastSeq);
          const time = at.toISOString();
          setStatus(tx, trail.TrailARN, { LatestDeliveryTime: time, LatestDeliveryAttemptTime: time, LatestDeliveryError: undefined });
          if (trail.LogFileValidationEnabled) {
            // The digest needs only the file's oldest and newest event times (digest.ts logFileEntry).
            const span = [{ eventTime: batch.oldest }, { eventTime: batch.newest }] as Pick<EventRecord, 'eventTime'>[] as EventRecord[];
            addToDigest(tx, trail, q, logFileEntry(trail.S3BucketName, key, batch.json, span), at);
          }
        },
      },
    );
    return { trailArn: trail.TrailARN, key, events: batch.events };
  } catch (e) {
    if (!isAwsError(e)) throw e;
    // LatestDeliveryError carries the S3 error code of the failed delivery (§2.6).
    return { trailArn: trail.TrailARN, events: batch.events, error: e.code };
  }
}
