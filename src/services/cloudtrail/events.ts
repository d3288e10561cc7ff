// Recording: every API call the emulator serves becomes an event record, committed in the same
// transaction as the call (or, for a failed call, in its own), kept for LookupEvents, and queued
// for each logging trail that selects it — one queue per trail and Region, delivered in order.
import type { Tx } from '../../store/index.js';
import type { EventRecord } from './event-record.js';
import { selectorsSelect } from './selector-match.js';
import { TRAILS, trailCoversRegion, type Organization, type TrailRecord } from './trails.js';

/** Management events for LookupEvents: `<account>/<region>/<eventTime>/<eventId>`. */
export const HISTORY = 'cloudtrail.history';
/**
 * The delivery queues that have had events: one per trail, Region and account, because each
 * becomes its own log files (`AWSLogs/[<o-id>/]<account>/CloudTrail/<region>/…`). Key and topic:
 * `<trailArn>|<region>|<account>`.
 */
export const QUEUES = 'cloudtrail.queues';

export interface Queue {
  trailArn: string;
  region: string;
  account: string;
}

export const queueTopic = (q: Queue) => `cloudtrail|${q.trailArn}|${q.region}|${q.account}`;

/** IAM and STS's global endpoint record in us-east-1 as global service events. */
const GLOBAL_SOURCES = new Set(['iam.amazonaws.com']);

export interface QueuedEvent {
  record: EventRecord;
}

function trailSelects(trail: TrailRecord, e: EventRecord, org: Organization | undefined): boolean {
  if (!trail.status.IsLogging) return false;
  const sameAccount = trail.account === e.recipientAccountId;
  const inOrg = trail.IsOrganizationTrail && org !== undefined && org.MasterAccountId === trail.account && org.Members.includes(e.recipientAccountId);
  if (!sameAccount && !inOrg) return false;
  if (GLOBAL_SOURCES.has(e.eventSource) && !trail.IncludeGlobalServiceEvents) return false;
  if (!trailCoversRegion(trail, e.awsRegion)) return false;
  return selectorsSelect(trail, e);
}

export function recordEvent(tx: Tx, e: EventRecord): void {
  if (e.eventCategory === 'Management') tx.put(HISTORY, `${e.recipientAccountId}/${e.awsRegion}/${e.eventTime}/${e.eventID}`, e);
  const org = tx.get<Organization>('org.organization', 'organization');
  for (const { value: trail } of tx.scan<TrailRecord>(TRAILS)) {
    if (!trailSelects(trail, e, org)) continue;
    const queue: Queue = { trailArn: trail.TrailARN, region: e.awsRegion, account: e.recipientAccountId };
    const topic = queueTopic(queue);
    tx.append(topic, { record: e } satisfies QueuedEvent);
    tx.put(QUEUES, topic, queue);
  }
}
