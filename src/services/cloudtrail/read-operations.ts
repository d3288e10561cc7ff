// GetTrail, DescribeTrails, ListTrails, GetTrailStatus.
import type { Call } from '../../core/call.js';
import { authorizeCloudTrail } from './authorize.js';
import { invalidNextToken } from './errors.js';
import { resolveTrail, trailCoversRegion, trailView, visibleTrails, type TrailRecord } from './trails.js';

export function getTrail(call: Call, input: { Name: string }) {
  const { trail } = resolveTrail(call, input.Name);
  authorizeCloudTrail(call, 'GetTrail', trail.TrailARN);
  return { Trail: trailView(trail) };
}

/**
 * With no names: the trails whose home is this Region, plus the shadow trails of multi-Region trails
 * homed elsewhere unless includeShadowTrails is false (default true). Names find home-Region trails;
 * ARNs find trails anywhere (aws-behavior.md §2.2).
 */
export function describeTrails(call: Call, input: { trailNameList?: string[]; includeShadowTrails?: boolean }) {
  authorizeCloudTrail(call, 'DescribeTrails', '*');
  const shadows = input.includeShadowTrails ?? true;
  const all = visibleTrails(call);
  let trails: TrailRecord[];
  if (!input.trailNameList || input.trailNameList.length === 0) {
    trails = all.filter((t) => t.HomeRegion === call.region || (shadows && trailCoversRegion(t, call.region)));
  } else {
    trails = all.filter((t) =>
      input.trailNameList!.some((n) => (n.startsWith('arn:') ? n === t.TrailARN : n === t.Name && t.HomeRegion === call.region && t.account === call.account)),
    );
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
  const { trail } = resolveTrail(call, input.Name);
  authorizeCloudTrail(call, 'GetTrailStatus', trail.TrailARN);
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
