// A live trail's status (GetTrailStatus, aws-behavior.md §2.6), read by `trailkey audit`: whether it
// is logging (TK062) and whether its last delivery failed (TK061). Setups from files, plans and
// templates have no status, and get no result here.

import type { TrailSetup } from '../model.js';
import { isUnknown } from '../values.js';
import { emit, emitUnknown, where, type Emitter } from './emit.js';

export function checkTrailStatus(e: Emitter, t: TrailSetup): void {
  const status = t.status;
  if (status === undefined) return;
  const at = where(e, t.source);
  if (isUnknown(status)) {
    emitUnknown(e, 'TK061', t.id, 'trail.delivery', status, at);
    emitUnknown(e, 'TK062', t.id, 'trail.logging', status, at);
    return;
  }
  const failures = [
    ...(status.latestDeliveryError ? [`log files (LatestDeliveryError \`${status.latestDeliveryError}\`)`] : []),
    ...(status.latestDigestDeliveryError ? [`digest files (LatestDigestDeliveryError \`${status.latestDigestDeliveryError}\`)`] : []),
  ];
  emit(e, {
    rule: 'TK061', verdict: failures.length ? 'fail' : 'pass', subject: t.id, check: 'trail.delivery', location: at,
    message: failures.length
      ? `CloudTrail's last delivery of ${failures.join(' and ')} failed, so recent events are not in the bucket.`
      : 'GetTrailStatus reports no delivery error.',
  });
  emit(e, {
    rule: 'TK062', verdict: status.isLogging ? 'pass' : 'fail', subject: t.id, check: 'trail.logging', location: at,
    message: status.isLogging ? 'the trail is logging.' : 'the trail is not logging, so it records no events.',
  });
}
