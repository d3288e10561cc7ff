// Authentication errors as IAM and STS (awsQuery) return them, inside
// `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error>…`.
// InvalidClientTokenId 403 (aws-behavior.md §8.2 [OBS]); MissingAuthenticationToken 403
// (cert-manager/aws-privateca-issuer#40, STS); SignatureDoesNotMatch 403 for signature, clock and scope
// errors (boto/boto3#756, STS "Credential should be scoped to a valid region."); IncompleteSignature 400
// (brendanhay/amazonka#316, SES). ExpiredToken's status is [INF]. Texts: coral-messages.ts.

import { type CoralKind, coralAuthError } from './coral-messages.js';
import type { AuthError, SigV4Failure } from './types.js';

const CODE: Record<CoralKind, readonly [string, number]> = {
  'missing-token': ['MissingAuthenticationToken', 403],
  incomplete: ['IncompleteSignature', 400],
  signature: ['SignatureDoesNotMatch', 403],
  'invalid-token': ['InvalidClientTokenId', 403],
  'expired-token': ['ExpiredToken', 403],
};

export function queryAuthError(failure: SigV4Failure): AuthError {
  const { kind, message } = coralAuthError(failure);
  const [code, status] = CODE[kind];
  return { code, status, message };
}
