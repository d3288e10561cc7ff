// The delivery worker: each queue's events become one gzip `{"Records":[…]}` object, written with
// s3:PutObject AS CloudTrail (the bucket policy and, through S3's GenerateDataKey, the key policy
// decide at that moment), under the key layout of aws-behavior.md §4.1. The queue is acknowledged
// in the same transaction that commits the object's metadata, so a crash at any point loses no
// event and delivers none twice. A failure keeps the events and shows in GetTrailStatus.
import { gzipSync } from 'node:zlib';
import { isAwsError } from '../../core/aws-error.js';
import { serviceIdentity, type Identity } from '../../core/identity.js';
import type { Store, Tx } from '../../store/index.js';
import { accountFolder } from '../../policy/cloudtrail/index.js';
import type { EventRecord } from './event-record.js';
import { addToDigest } from './digest-delivery.js';
import { logFileEntry } from './digest.js';
import { QUEUES, type Queue, type QueuedEvent } from './events.js';
import { TRAILS, type TrailRecord } from './trails.js';

export const CLOUDTRAIL_PRINCIPAL = 'cloudtrail.amazonaws.com';

/** Runs an operation as `identity` through the operation table; `commit` joins the transaction that commits its effects. */
export type Invoke = (
  operation: string,
  input: object,
  options: { identity: Identity; region?: string; context: Record<string, string>; commit?: (tx: Tx, output: unknown) => void },
) => Promise<unknown>;

/** At most this many events in one log file: CloudTrail batches "multiple times an hour" (§4.4). */
export const MAX_EVENTS_PER_FILE = 10_000;

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

/** Delivers every queue once. Concurrent calls must be serialised by the caller. */
export async function deliverAll(store: Store, invoke: Invoke, now: () => Date, random: (n: number) => Buffer): Promise<Delivered[]> {
  const results: Delivered[] = [];
  for (const { key: topic, value: q } of store.scan<Queue>(QUEUES)) {
    for (;;) {
      const batch = store.readBatch<QueuedEvent>(topic, 0, MAX_EVENTS_PER_FILE);
      if (batch.length === 0) break;
      const trail = findTrail(store, q.trailArn);
      if (!trail) {
        // The trail was deleted: its undelivered events have nowhere to go.
        store.transaction((tx) => tx.ack(topic, batch[batch.length - 1].seq));
        break;
      }
      const result = await deliverBatch(trail, q, topic, batch.map((b) => b.value.record), batch[batch.length - 1].seq, invoke, now(), random(16));
      results.push(result);
      if (result.error) {
        store.transaction((tx) => setStatus(tx, trail.TrailARN, { LatestDeliveryError: result.error, LatestDeliveryAttemptTime: now().toISOString() }));
        break;
      }
      // Delivering records events of its own (S3's GenerateDataKey as CloudTrail): they wait for
      // the next round, so a round ends once the backlog it found is delivered.
      if (batch.length < MAX_EVENTS_PER_FILE) break;
    }
  }
  return results;
}

async function deliverBatch(
  trail: TrailRecord,
  q: Queue,
  topic: string,
  records: EventRecord[],
  lastSeq: number,
  invoke: Invoke,
  at: Date,
  random: Buffer,
): Promise<Delivered> {
  const key = logFileKey(trail, q, at, random);
  const json = Buffer.from(JSON.stringify({ Records: records }), 'utf8');
  const body = gzipSync(json);
  // SSE-KMS with the trail's key and CloudTrail's encryption context, to which S3 adds aws:s3:arn
  // (§4.5); without a key, SSE-S3.
  const encryption = trail.KmsKeyId
    ? {
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: trail.KmsKeyId,
        SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ 'aws:cloudtrail:arn': trail.TrailARN })).toString('base64'),
      }
    : { ServerSideEncryption: 'AES256' };
  try {
    await invoke(
      's3:PutObject',
      { Bucket: trail.S3BucketName, Key: key, Body: body, ACL: 'bucket-owner-full-control', ContentType: 'application/json', ContentEncoding: 'gzip', ...encryption },
      {
        identity: serviceIdentity(CLOUDTRAIL_PRINCIPAL, trail.account),
        context: { 'aws:SourceArn': trail.TrailARN, 'aws:SourceAccount': trail.account },
        commit: (tx) => {
          tx.ack(topic, lastSeq);
          const time = at.toISOString();
          setStatus(tx, trail.TrailARN, { LatestDeliveryTime: time, LatestDeliveryAttemptTime: time, LatestDeliveryError: undefined });
          if (trail.LogFileValidationEnabled) addToDigest(tx, trail, q, logFileEntry(trail.S3BucketName, key, json, records), at);
        },
      },
    );
    return { trailArn: trail.TrailARN, key, events: records.length };
  } catch (e) {
    if (!isAwsError(e)) throw e;
    // LatestDeliveryError carries the S3 error code of the failed delivery (§2.6).
    return { trailArn: trail.TrailARN, events: records.length, error: e.code };
  }
}
