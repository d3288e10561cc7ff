// Authentication errors as CloudTrail and KMS (awsJson1_1) return them: HTTP 400 with a JSON
// `__type` code (aws-behavior.md §8.2; statuses there are [INF] — no CloudTrail/KMS error shape
// declares another). Texts: coral-messages.ts.

import { type CoralKind, coralAuthError } from './coral-messages.js';
import type { AuthError, SigV4Failure } from './types.js';

const CODE: Record<CoralKind, string> = {
  'missing-token': 'MissingAuthenticationTokenException',
  incomplete: 'IncompleteSignatureException',
  signature: 'InvalidSignatureException',
  'invalid-token': 'UnrecognizedClientException',
  'expired-token': 'ExpiredTokenException',
};

export function jsonAuthError(failure: SigV4Failure): AuthError {
  const { kind, message } = coralAuthError(failure);
  return { code: CODE[kind], status: 400, message };
}
