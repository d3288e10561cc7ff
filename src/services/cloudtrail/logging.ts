// StartLogging, StopLogging, DeleteTrail: only in the home Region and by the owner (§2.2).
import type { Call } from '../../core/call.js';
import { authorizeTrail } from './authorize.js';
import { finishDigests, startDigests } from './digest-delivery.js';
import { resolveOwnTrail, saveTrail } from './trails.js';

export function startLogging(call: Call, input: { Name: string }) {
  authorizeTrail(call, 'StartLogging', input.Name);
  const trail = resolveOwnTrail(call, input.Name);
  if (!trail.status.IsLogging) {
    trail.status = { ...trail.status, IsLogging: true, StartLoggingTime: call.now.toISOString() };
    saveTrail(call, trail);
    if (trail.LogFileValidationEnabled) startDigests(call.tx, trail, call.now);
  }
  return {};
}

export function stopLogging(call: Call, input: { Name: string }) {
  authorizeTrail(call, 'StopLogging', input.Name);
  const trail = resolveOwnTrail(call, input.Name);
  if (trail.status.IsLogging) {
    trail.status = { ...trail.status, IsLogging: false, StopLoggingTime: call.now.toISOString() };
    saveTrail(call, trail);
    finishDigests(call.tx, trail.TrailARN);
  }
  return {};
}

export function deleteTrail(call: Call, input: { Name: string }) {
  authorizeTrail(call, 'DeleteTrail', input.Name);
  const trail = resolveOwnTrail(call, input.Name);
  // Gone from the API now; the delivery worker delivers what is queued and the final digest, then removes it.
  saveTrail(call, { ...trail, deleted: true, status: { ...trail.status, IsLogging: false } });
  finishDigests(call.tx, trail.TrailARN);
  return {};
}
