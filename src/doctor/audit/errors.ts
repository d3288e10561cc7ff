// How `trailkey audit` takes the SDK's errors. What stops the whole audit (no credentials, no Region,
// an endpoint that does not answer, credentials AWS refuses) is one line and exit code 2. What
// stops one read (a permission the auditor lacks, a key of another account) becomes an "unknown"
// verdict that names the permission, so the rest of the account is still checked.

import { InputError } from '../model.js';

/** The audit cannot go on: shown as one line, exit code 2 (never a stack trace). */
export class AuditError extends InputError {
  override name = 'AuditError';
}

/** The denial codes of the services read (KMS and CloudTrail: `AccessDeniedException`; S3: `AccessDenied`). */
const DENIED = new Set(['AccessDenied', 'AccessDeniedException']);

/** The caller is not who it says, or not at all: nothing else will work either. */
const REFUSED_CREDENTIALS = new Set([
  'UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidSignatureException',
  'ExpiredToken', 'ExpiredTokenException', 'IncompleteSignature', 'IncompleteSignatureException', 'MissingAuthenticationToken',
  'MissingAuthenticationTokenException', 'CloudTrailInvalidClientTokenIdException', 'RequestTimeTooSkewed', 'InvalidToken',
]);

const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ERR_INVALID_URL']);

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/** One read that failed and why, for a message. */
export interface Failure {
  /** The AWS error code (`AccessDenied`, `NoSuchBucketPolicy`, `NotFoundException`). */
  code: string;
  message: string;
  denied: boolean;
}

/** The first line of an SDK message, without its trailing period (it ends our own sentences). */
function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0].trim().replace(/\.$/, '');
}

/** The AuditError an error stops the audit with, or undefined when it concerns only this read. */
export function fatal(e: unknown, endpoint: string | undefined): AuditError | undefined {
  if (!(e instanceof Error)) return undefined;
  const err = e as Error & SdkError;
  const cause = (err as { cause?: SdkError }).cause;
  const code = err.code ?? cause?.code;
  if (err.name === 'CredentialsProviderError') {
    return new AuditError(`no AWS credentials: ${firstLine(err.message)} (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)`);
  }
  if (/Region is missing/i.test(err.message)) return new AuditError('no Region: pass --region or set AWS_REGION');
  if (code && NETWORK.has(code)) return new AuditError(`cannot reach ${endpoint ? `\`${endpoint}\`` : 'AWS'}: ${firstLine(err.message) || code}`);
  if (err.name === 'TimeoutError') return new AuditError(`no answer from ${endpoint ? `\`${endpoint}\`` : 'AWS'}: ${firstLine(err.message)}`);
  if (err.name && REFUSED_CREDENTIALS.has(err.name)) return new AuditError(`the credentials are refused: ${err.name}: ${firstLine(err.message)}`);
  return undefined;
}

/**
 * Runs one SDK call. Errors that stop the audit are thrown as AuditError; other AWS errors are
 * returned as a Failure; anything else (a bug of ours) is thrown as is.
 */
export async function attempt<T>(endpoint: string | undefined, call: () => Promise<T>): Promise<{ ok: T } | { failed: Failure }> {
  try {
    return { ok: await call() };
  } catch (e) {
    const stop = fatal(e, endpoint);
    if (stop) throw stop;
    const err = e as Error & SdkError;
    if (!(e instanceof Error) || err.$metadata === undefined) throw e;
    const code = err.name && err.name !== 'Error' ? err.name : `HTTP ${err.$metadata.httpStatusCode ?? '?'}`;
    return { failed: { code, message: firstLine(err.message), denied: DENIED.has(code) } };
  }
}
