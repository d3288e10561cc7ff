// Whether a trail's event selectors select an event record.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
// A trail without selectors logs every management event and no data event.
import type { CloudTrailEvent } from './event-record.js';
import type { AdvancedEventSelector, EventSelector, TrailRecord } from './trails.js';

function readWriteMatches(type: EventSelector['ReadWriteType'], readOnly: boolean): boolean {
  return type === undefined || type === 'All' || (type === 'ReadOnly') === readOnly;
}

/** The ARNs (or ARN prefixes) of an event's resources, of one type or of all. */
function resourceArns(e: CloudTrailEvent, type?: string): string[] {
  const out: string[] = [];
  for (const r of e.resources ?? []) if (type === undefined || r.type === type) out.push('ARN' in r ? r.ARN : r.ARNPrefix);
  return out;
}

function basicMatches(s: EventSelector, e: CloudTrailEvent): boolean {
  if (!readWriteMatches(s.ReadWriteType, e.readOnly)) return false;
  if (e.eventCategory === 'Management') {
    return s.IncludeManagementEvents !== false && !(s.ExcludeManagementEventSources ?? []).includes(e.eventSource);
  }
  return (s.DataResources ?? []).some((d) => {
    // A value is an ARN prefix: `arn:aws:s3:::bucket/` selects the bucket's objects, and
    // `arn:aws:s3` or `arn:aws:s3:::` every bucket. A list call's prefix resource is selected as if
    // its prefix were an object key [INF].
    const arns = resourceArns(e, d.Type);
    return d.Values.some((v) => arns.some((a) => a.startsWith(v)));
  });
}

function fieldValues(e: CloudTrailEvent, field: string): string[] {
  switch (field) {
    case 'eventCategory':
      return [e.eventCategory];
    case 'eventSource':
      return [e.eventSource];
    case 'eventName':
      return [e.eventName];
    case 'readOnly':
      return [String(e.readOnly)];
    case 'eventType':
      return [e.eventType];
    case 'errorCode':
      return e.errorCode ? [e.errorCode] : [];
    case 'userIdentity.arn':
      return typeof e.userIdentity.arn === 'string' ? [e.userIdentity.arn] : [];
    case 'resources.type':
      return (e.resources ?? []).map((r) => r.type);
    case 'resources.ARN':
      return resourceArns(e);
    default:
      return [];
  }
}

function advancedMatches(s: AdvancedEventSelector, e: CloudTrailEvent): boolean {
  return s.FieldSelectors.every((f) => {
    const values = fieldValues(e, f.Field);
    const any = (list: string[] | undefined, test: (v: string, p: string) => boolean) => !list || values.some((v) => list.some((p) => test(v, p)));
    const none = (list: string[] | undefined, test: (v: string, p: string) => boolean) => !list || !values.some((v) => list.some((p) => test(v, p)));
    return (
      any(f.Equals, (v, p) => v === p) &&
      any(f.StartsWith, (v, p) => v.startsWith(p)) &&
      any(f.EndsWith, (v, p) => v.endsWith(p)) &&
      none(f.NotEquals, (v, p) => v === p) &&
      none(f.NotStartsWith, (v, p) => v.startsWith(p)) &&
      none(f.NotEndsWith, (v, p) => v.endsWith(p))
    );
  });
}

export function selectorsSelect(trail: TrailRecord, e: CloudTrailEvent): boolean {
  if (trail.AdvancedEventSelectors) return trail.AdvancedEventSelectors.some((s) => advancedMatches(s, e));
  if (trail.EventSelectors) return trail.EventSelectors.some((s) => basicMatches(s, e));
  return e.eventCategory === 'Management';
}

/**
 * Whether the trail's selectors could select some data event: a cheap test that lets the recorder
 * skip building a data event's record when no trail can log it. When in doubt, true.
 */
export function mayLogDataEvents(trail: TrailRecord): boolean {
  if (trail.AdvancedEventSelectors) {
    return trail.AdvancedEventSelectors.some(
      (s) => !s.FieldSelectors.some((f) => f.Field === 'eventCategory' && ((f.Equals !== undefined && !f.Equals.includes('Data')) || f.NotEquals?.includes('Data'))),
    );
  }
  return (trail.EventSelectors ?? []).some((s) => (s.DataResources ?? []).length > 0);
}
