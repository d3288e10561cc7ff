// GetTrail, DescribeTrails, ListTrails, GetTrailStatus.
import type { Call } from '../../core/call.js';
import { authorizeCloudTrail, authorizeTrail } from './authorize.js';
import { invalidNextToken, invalidTrailName } from './errors.js';
import { checkTrailName, INVALID_CHARACTERS, TRAIL_ARN } from './names.js';
import { isShadow, resolveTrail, trailCoversRegion, trailView, visibleTrails, type TrailRecord } from './trails.js';

export function getTrail(call: Call, input: { Name: string }) {
  authorizeTrail(call, 'GetTrail', input.Name);
  const { trail } = resolveTrail(call, input.Name);
  return { Trail: trailView(trail) };
}

/**
 * With no names: the trails whose home is this Region, plus the shadow trails unless
 * includeShadowTrails is false (default true). Shadow trails are multi-Region trails homed in
 * another Region and, in a member account, the organization's organization trails (CT-MODEL
 * `includeShadowTrails`). Names find only the caller's own trails homed in this Region; ARNs find
 * any trail the caller can see, in any Region (aws-behavior.md §2.2). Names that match nothing are
 * left out, not errors; a malformed name or ARN is InvalidTrailNameException, the only name error
 * CT-MODEL lists for DescribeTrails.
 */
export function describeTrails(call: Call, input: { trailNameList?: string[]; includeShadowTrails?: boolean }) {
  authorizeCloudTrail(call, 'DescribeTrails', '*');
  const shadows = input.includeShadowTrails ?? true;
  const all = visibleTrails(call);
  const names = input.trailNameList ?? [];
  for (const n of names) {
    if (!n.startsWith('arn:')) checkTrailName(n);
    else if (!TRAIL_ARN.test(n)) throw invalidTrailName(INVALID_CHARACTERS);
  }
  let trails: TrailRecord[];
  if (names.length === 0) {
    trails = all.filter((t) => (isShadow(call, t) ? shadows && trailCoversRegion(t, call.region) : true));
  } else {
    trails = all.filter((t) => names.some((n) => (n.startsWith('arn:') ? n === t.TrailARN : n === t.Name && !isShadow(call, t))));
  }
  return { trailList: trails.map(trailView) };
}

const PAGE = 50;

export function listTrails(call: Call, input: { NextToken?: string }) {
  authorizeCloudTrail(call, 'ListTrails', '*');
  const all = visibleTrails(call).sort((a, b) => a.TrailARN.localeCompare(b.TrailARN));
  const start = input.NextToken === undefined ? 0 : Number(Buffer.from(input.NextToken, 'base64').toString());
  if (!Number.isInteger(start) || start < 0 || start > all.length) throw invalidNextToken('The NextToken is not valid.');
  const page = all.slice(start, start + PAGE);
  const next = start + page.length;
  return {
    Trails: page.map((t) => ({ TrailARN: t.TrailARN, Name: t.Name, HomeRegion: t.HomeRegion })),
    NextToken: next < all.length ? Buffer.from(String(next)).toString('base64') : undefined,
  };
}

const date = (iso: string | undefined) => (iso ? new Date(iso) : undefined);
// The deprecated string members carry ISO seconds or "" (aws-behavior.md §2.6, CLI example).
const text = (iso: string | undefined) => (iso ? iso.replace(/\.\d{3}Z$/, 'Z') : '');

export function getTrailStatus(call: Call, input: { Name: string }) {
  authorizeTrail(call, 'GetTrailStatus', input.Name);
  const { trail } = resolveTrail(call, input.Name);
  const s = trail.status;
  return {
    IsLogging: s.IsLogging,
    LatestDeliveryError: s.LatestDeliveryError,
    LatestDeliveryTime: date(s.LatestDeliveryTime),
    StartLoggingTime: date(s.StartLoggingTime),
    StopLoggingTime: date(s.StopLoggingTime),
    LatestDigestDeliveryTime: date(s.LatestDigestDeliveryTime),
    LatestDigestDeliveryError: s.LatestDigestDeliveryError,
    LatestDeliveryAttemptTime: text(s.LatestDeliveryAttemptTime),
    LatestNotificationAttemptTime: '',
    LatestNotificationAttemptSucceeded: '',
    LatestDeliveryAttemptSucceeded: text(s.LatestDeliveryTime),
    TimeLoggingStarted: text(s.StartLoggingTime),
    TimeLoggingStopped: text(s.StopLoggingTime),
  };
}
