// LookupEvents: management events of the last 90 days in this Region, newest first, at most one
// lookup attribute, MaxResults 1–50 (aws-behavior.md §2.7).
import type { Call } from '../../core/call.js';
import { authorizeCloudTrail } from './authorize.js';
import type { EventRecord } from './event-record.js';
import { HISTORY, HISTORY_RETENTION_MS, historyRecord, type HistoryEntry } from './events.js';
import { invalidEventCategory, invalidLookupAttributes, invalidMaxResults, invalidNextToken, invalidTimeRange } from './errors.js';

type Attribute = { AttributeKey: string; AttributeValue: string };

/**
 * The event history's user name: the IAM user's name, `root`, or for an assumed role the role
 * session name (the last part of `arn:aws:sts::<acct>:assumed-role/<role>/<session>`), as the
 * console's Event history shows it [INF for the assumed-role form].
 */
function userName(e: EventRecord): string {
  const id = e.userIdentity;
  if (typeof id.userName === 'string') return id.userName;
  if (id.type === 'Root') return 'root';
  if (id.type === 'AssumedRole' && typeof id.arn === 'string') return id.arn.slice(id.arn.lastIndexOf('/') + 1);
  return '';
}

const ATTRIBUTES: Readonly<Record<string, (e: EventRecord) => string[]>> = {
  EventId: (e) => [e.eventID],
  EventName: (e) => [e.eventName],
  ReadOnly: (e) => [String(e.readOnly)],
  Username: (e) => [userName(e)],
  ResourceType: (e) => (e.resources ?? []).map((r) => r.type),
  ResourceName: (e) => (e.resources ?? []).map((r) => r.ARN),
  EventSource: (e) => [e.eventSource],
  AccessKeyId: (e) => [String(e.userIdentity.accessKeyId ?? '')],
};

export function lookupEvents(
  call: Call,
  input: { LookupAttributes?: Attribute[]; StartTime?: Date; EndTime?: Date; EventCategory?: string; MaxResults?: number; NextToken?: string },
) {
  authorizeCloudTrail(call, 'LookupEvents', '*');
  if (input.EventCategory !== undefined && input.EventCategory !== 'insight') throw invalidEventCategory(`Invalid EventCategory: ${input.EventCategory}`);
  const attributes = input.LookupAttributes ?? [];
  if (attributes.length > 1) throw invalidLookupAttributes('You cannot have more than one lookup attribute.');
  const attribute = attributes[0];
  if (attribute && !ATTRIBUTES[attribute.AttributeKey]) throw invalidLookupAttributes(`Invalid lookup attribute key: ${attribute.AttributeKey}`);
  const max = input.MaxResults ?? 50;
  if (max < 1 || max > 50) throw invalidMaxResults('MaxResults must be between 1 and 50.');
  const start = input.StartTime ?? new Date(call.now.getTime() - HISTORY_RETENTION_MS);
  const end = input.EndTime ?? call.now;
  if (start > end) throw invalidTimeRange('Start time must be before end time.');
  // NextToken: the history key to continue below, bound to the parameters as the caller gave them
  // (CT-MODEL: "must be passed in with the same parameters that were specified in the original
  // call") and to the account and Region. Not to the defaults: a window computed from `now` moves
  // between pages, and a caller who leaves the times out must still be able to page. MaxResults may
  // change between pages [INF: it is not a filter].
  const prefix = `${call.account}/${call.region}/`;
  const fingerprint = JSON.stringify([
    prefix, attribute?.AttributeKey, attribute?.AttributeValue, input.StartTime?.getTime(), input.EndTime?.getTime(), input.EventCategory,
  ]);
  let below: string | undefined;
  if (input.NextToken !== undefined) {
    try {
      const t = JSON.parse(Buffer.from(input.NextToken, 'base64').toString('utf8'));
      if (t.f !== fingerprint || typeof t.k !== 'string') throw new Error();
      below = t.k;
    } catch {
      throw invalidNextToken('Invalid NextToken. It must be used with the same parameters as the request that returned it.');
    }
  }
  if (input.EventCategory === 'insight') return { Events: [] };
  const Events = [];
  let last: string | undefined;
  let more = false;
  const startIso = start.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const endIso = end.toISOString().replace(/\.\d{3}Z$/, 'Z');
  // Keys are `<account>/<region>/<eventTime>/<eventId>`: the time window is a key range ('0'
  // follows '/', so `lt` keeps every event of the end second). Read a page at a time, since an
  // attribute filter may skip any number of events.
  let upper = `${prefix}${endIso}0`;
  if (below !== undefined && below < upper) upper = below;
  const lower = `${prefix}${startIso}`;
  const PAGE = 256;
  scanning: for (;;) {
    const page = call.tx.scan<HistoryEntry>(HISTORY, { gte: lower, lt: upper, reverse: true, limit: PAGE });
    for (const { key, value } of page) {
      const e = historyRecord(value) as EventRecord;
      if (attribute && !ATTRIBUTES[attribute.AttributeKey](e).includes(attribute.AttributeValue)) continue;
      if (Events.length === max) {
        more = true;
        break scanning;
      }
      Events.push({
        EventId: e.eventID,
        EventName: e.eventName,
        ReadOnly: String(e.readOnly),
        AccessKeyId: e.userIdentity.accessKeyId as string | undefined,
        EventTime: new Date(e.eventTime),
        EventSource: e.eventSource,
        Username: ATTRIBUTES.Username(e)[0] || undefined,
        Resources: (e.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
        CloudTrailEvent: typeof value === 'string' ? value : JSON.stringify(value),
      });
      last = key;
    }
    if (page.length < PAGE) break;
    upper = page[page.length - 1].key;
  }
  return { Events, NextToken: more ? Buffer.from(JSON.stringify({ f: fingerprint, k: last })).toString('base64') : undefined };
}
