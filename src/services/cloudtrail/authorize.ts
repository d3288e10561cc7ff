import { accessDeniedText } from '../../core/access-denied.js';
import type { Call } from '../../core/call.js';
import { accessDenied } from './errors.js';
import { paramArn } from './trails.js';

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

/**
 * Authorizes an operation on the trail a `Name`/`TrailName`/`ResourceId` parameter names, before the
 * trail is looked up (aws-behavior.md §2.4 step 1: IAM first): the resource is the ARN as given, or
 * the ARN the name has in the caller's account and Region.
 */
export function authorizeTrail(call: Call, operation: string, nameOrArn: string): void {
  authorizeCloudTrail(call, operation, paramArn(call, nameOrArn));
}
