import { accessDeniedText } from '../../core/access-denied.js';
import type { Call } from '../../core/call.js';
import { accessDenied } from './errors.js';

/** IAM has no resource policies: the caller's identity policies decide (the root user always may). */
export function authorizeIam(call: Call, action: string, resource: string): void {
  const decision = call.authorize({ action, resource, resourceKind: 'other', resourceAccount: call.account });
  if (decision.effect !== 'Allow') throw accessDenied(accessDeniedText(call.identity.arn, action, resource, decision, false));
}

export const userArn = (account: string, path: string, name: string) => `arn:aws:iam::${account}:user${path}${name}`;
export const roleArn = (account: string, path: string, name: string) => `arn:aws:iam::${account}:role${path}${name}`;
export const policyArn = (account: string, path: string, name: string) => `arn:aws:iam::${account}:policy${path}${name}`;

/** IAM returns policy documents URL-encoded (RFC 3986), as the API reference says for every *PolicyDocument. */
export const encodeDocument = (document: string) => encodeURIComponent(document);
