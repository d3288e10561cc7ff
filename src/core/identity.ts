// Who is calling: the caller as services, the policy engine and CloudTrail's userIdentity see it
// (aws-behavior.md §8.3; https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
import type { RequestPrincipal } from '../policy/index.js';

export type IdentityType = 'Root' | 'IAMUser' | 'AssumedRole' | 'FederatedUser' | 'AWSService' | 'Anonymous';

export interface SessionIssuer {
  type: 'Role';
  principalId: string;
  arn: string;
  accountId: string;
  userName: string;
}

export interface Identity {
  readonly type: IdentityType;
  /** The caller's ARN (the session ARN for roles); for AWSService, the service principal name. */
  readonly arn: string;
  /** The caller's account. For a service acting on an account's behalf, that account. */
  readonly account: string;
  /** `AIDA…` for users, `AROA…:session` for role sessions, the account id for root. */
  readonly principalId: string;
  readonly accessKeyId?: string;
  readonly userName?: string;
  readonly sessionIssuer?: SessionIssuer;
  /** For temporary credentials: when the session was issued. */
  readonly sessionIssuedAt?: Date;
}

export function rootIdentity(account: string, accessKeyId?: string): Identity {
  return { type: 'Root', arn: `arn:aws:iam::${account}:root`, account, principalId: account, accessKeyId };
}

export function serviceIdentity(service: string, onBehalfOf: string): Identity {
  return { type: 'AWSService', arn: service, account: onBehalfOf, principalId: service };
}

/** The principal the policy engine matches. */
export function principalOf(identity: Identity): RequestPrincipal {
  if (identity.type === 'AWSService') return { Service: identity.arn };
  if (identity.type === 'Anonymous') return 'anonymous';
  return { AWS: identity.arn };
}
