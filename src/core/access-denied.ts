// IAM's access-denied sentence, which KMS and CloudTrail return as AccessDeniedException:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
//   User: <arn> is not authorized to perform: <action> on resource: <arn> because no
//   resource-based policy allows the <action> action
// The variant follows the engine's Decision (aws-behavior.md §6.6).
import type { Decision } from '../policy/index.js';

export function accessDeniedText(
  callerArn: string,
  action: string,
  resource: string,
  decision: Decision,
  /** Whether the resource has a resource-based policy at all (IAM, for one, never does). */
  hasResourcePolicy = true,
): string {
  const head = `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`;
  if (decision.effect === 'ExplicitDeny') {
    const inResource = decision.reasons.some((r) => r.via !== 'identity');
    return `${head} with an explicit deny in ${inResource ? 'a resource-based' : 'an identity-based'} policy`;
  }
  // The identity side is missing when the resource side delegates or grants across accounts, or
  // when there is no resource policy that could have allowed.
  const identitySide = decision.missing === 'identity' || (!hasResourcePolicy && decision.missing === 'both');
  const side = identitySide ? 'identity-based' : 'resource-based';
  return `${head} because no ${side} policy allows the ${action} action`;
}
