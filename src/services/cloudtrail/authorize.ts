import { accessDeniedText } from '../../core/access-denied.js';
import type { Call } from '../../core/call.js';
import { accessDenied } from './errors.js';

/**
 * CloudTrail has no resource policies for trails: the caller's identity policies decide, with the
 * trail ARN as the resource (`*` for ListTrails/LookupEvents/ListPublicKeys). AccessDeniedException
 * is HTTP 400 with IAM's text (aws-behavior.md §2.3).
 */
export function authorizeCloudTrail(call: Call, operation: string, resource: string): void {
  const action = `cloudtrail:${operation}`;
  const decision = call.authorize({ action, resource, resourceKind: 'other', resourceAccount: call.account });
  if (decision.effect !== 'Allow') throw accessDenied(accessDeniedText(call.identity.arn, action, resource, decision, false));
}
