// Recording: every API call the emulator serves becomes an event record, committed in the same
// transaction as the call (or, for a failed call, in its own), kept for LookupEvents, and queued
// for each logging trail that selects it — one queue per trail, Region and account, delivered in order.
import type { Tx } from '../../store/index.js';
import { recordTime, type CloudTrailEvent } from './event-record.js';
import { mayLogDataEvents, selectorsSelect } from './selector-match.js';
import { TRAILS, trailCoversRegion, type Organization, type TrailRecord } from './trails.js';

/**
 * Management events for LookupEvents: `<account>/<region>/<eventTime>/<recorded>/<eventId>`, where
 * `recorded` (recordedAt) orders the events of one second as they were recorded. Keys that grow
 * also keep each commit's inserts on the last pages of the index: random ones (the eventId alone)
 * touched a page per event, which made commits two to three times dearer. Data directories of
 * trailkey 0.1 hold `<account>/<region>/<eventTime>/<eventId>` keys, which sort among these.
 */
export const HISTORY = 'cloudtrail.history';
/**
 * The delivery queues that have had events: one per trail, Region and account, because each
 * becomes its own log files (`AWSLogs/[<o-id>/]<account>/CloudTrail/<region>/…`). Key: the topic.
 */
export const QUEUES = 'cloudtrail.queues';

export interface Queue {
  trailArn: string;
  region: string;
  account: string;
}

export const queueTopic = (q: Queue) => `cloudtrail|${q.trailArn}|${q.region}|${q.account}`;

/**
 * A queued event: the record as the JSON text that goes into the log file, serialised once when the
 * call is recorded, so that delivery joins texts instead of parsing and serialising every record
 * again (bench/delivery); its eventTime for the digest's oldest and newest event times.
 */
export interface QueuedEvent {
  eventTime: string;
  json: string;
}

/** How queued events were stored before they were kept as text (data directories of trailkey 0.1). */
interface ObjectQueuedEvent {
  record: CloudTrailEvent;
}

/** Reads a queued event in either form. */
export function queuedEvent(item: QueuedEvent | ObjectQueuedEvent): QueuedEvent {
  if ('json' in item) return item;
  return { eventTime: item.record.eventTime, json: JSON.stringify(item.record) };
}

/** Global services record in us-east-1 as global service events (CTUG cloudtrail-concepts, global service events). */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com']);

/**
 * The Region folder a trail files an event under, or undefined when the trail does not log it.
 *
 * A global service event (IAM, recorded in us-east-1) goes to every logging trail that includes
 * global service events. A multi-Region trail files it under us-east-1; a single-Region trail
 * homed elsewhere that includes them files it under its own Region, the only folder it writes
 * [INF: CTUG says such trails receive global service events but shows no key for them].
 */
function folderFor(trail: TrailRecord, e: CloudTrailEvent, org: () => Organization | undefined): string | undefined {
  if (!trail.status.IsLogging || trail.deleted) return undefined;
  if (trail.account !== e.recipientAccountId) {
    // An organization trail logs its member accounts' events (CTUG creating-trail-organization).
    if (!trail.IsOrganizationTrail) return undefined;
    const o = org();
    if (!o || o.MasterAccountId !== trail.account || !o.Members.includes(e.recipientAccountId)) return undefined;
  }
  let region: string;
  if (GLOBAL_SOURCES.has(e.eventSource)) {
    if (!trail.IncludeGlobalServiceEvents) return undefined;
    region = trailCoversRegion(trail, e.awsRegion) ? e.awsRegion : trail.HomeRegion;
  } else {
    if (!trailCoversRegion(trail, e.awsRegion)) return undefined;
    region = e.awsRegion;
  }
  return selectorsSelect(trail, e) ? region : undefined;
}

/**
 * A history entry: the record as its JSON text, serialised once for the history and every queue
 * (LookupEvents answers with that text as CloudTrailEvent). Data directories of trailkey 0.1 hold
 * the record as an object.
 */
export type HistoryEntry = string | CloudTrailEvent;

/** Microseconds since the epoch on the monotonic clock, 16 digits: increases with every call. */
function recordedAt(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  if (micros > lastRecorded) lastRecorded = micros;
  else lastRecorded++;
  return String(lastRecorded).padStart(16, '0');
}

let lastRecorded = 0;

export const historyRecord = (h: HistoryEntry): CloudTrailEvent => (typeof h === 'string' ? JSON.parse(h) : h);

/** How long the event history keeps an event: 90 days (CTUG view-cloudtrail-events: "the last 90 days"). */
export const HISTORY_RETENTION_MS = 90 * 24 * 3600 * 1000;

/**
 * Deletes the history's events older than the retention period, which LookupEvents no longer
 * shows, so that a long-lived data directory does not grow without end. Keys begin
 * `<account>/<region>/<eventTime>/`: per account and Region (found by skipping from one to the
 * next), the old events are one key range.
 */
export function expireHistory(tx: Tx, now: Date): number {
  const cutoff = recordTime(new Date(now.getTime() - HISTORY_RETENTION_MS));
  let deleted = 0;
  let from = '';
  for (;;) {
    const [first] = tx.scan(HISTORY, { gte: from, limit: 1 });
    if (first === undefined) return deleted;
    const parts = first.key.split('/');
    const prefix = `${parts[0]}/${parts[1]}/`;
    deleted += tx.deleteRange(HISTORY, { gte: prefix, lt: prefix + cutoff });
    // The next account or Region: '0' follows '/'.
    from = `${parts[0]}/${parts[1]}0`;
  }
}

/** Whether any logging trail could log a data event; if none can, data events need no record. */
export function dataEventsLogged(tx: Tx): boolean {
  return tx.scan<TrailRecord>(TRAILS).some(({ value: t }) => t.status.IsLogging && !t.deleted && mayLogDataEvents(t));
}

export function recordEvent(tx: Tx, e: CloudTrailEvent): void {
  // Serialised once, and only when kept: a data event that no trail selects is not.
  let json: string | undefined;
  if (e.eventCategory === 'Management') tx.put(HISTORY, `${e.recipientAccountId}/${e.awsRegion}/${e.eventTime}/${recordedAt()}/${e.eventID}`, (json = JSON.stringify(e)));
  let org: Organization | undefined | null = null;
  const organization = () => (org === null ? (org = tx.get<Organization>('org.organization', 'organization')) : org);
  let item: QueuedEvent | undefined;
  for (const { value: trail } of tx.scan<TrailRecord>(TRAILS)) {
    const region = folderFor(trail, e, organization);
    if (region === undefined) continue;
    const queue: Queue = { trailArn: trail.TrailARN, region, account: e.recipientAccountId };
    const topic = queueTopic(queue);
    tx.append(topic, (item ??= { eventTime: e.eventTime, json: json ?? JSON.stringify(e) }) satisfies QueuedEvent);
    // A read is cheaper than rewriting the same row on every event.
    if (tx.get(QUEUES, topic) === undefined) tx.put(QUEUES, topic, queue);
  }
}
