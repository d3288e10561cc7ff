// AWS's authentication errors for the JSON (CloudTrail, KMS) and query (IAM, STS) services. Both run
// on the same AWS service framework and share the texts; only the codes and statuses differ
// (errors-json.ts, errors-query.ts). Here each failure is sorted into one of five kinds with its text.
// Sources: aws-behavior.md §8.2; the IAM troubleshooting page
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-troubleshooting.html); and the
// DynamoDB responses recorded in mhart/dynalite index.js (missing token text, key=value, date
// format, 'Host' signed, algorithm, five-element credential, the combined scope message).

import { isoBasic } from './time.js';
import type { ScopeProblem, SigV4Failure } from './types.js';

export type CoralKind = 'missing-token' | 'incomplete' | 'signature' | 'invalid-token' | 'expired-token';

export interface CoralError {
  readonly kind: CoralKind;
  readonly message: string;
}

export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const TOKEN_INVALID = 'The security token included in the request is invalid.';
export const TOKEN_EXPIRED = 'The security token included in the request is expired';
// dynalite records "Request is missing Authentication Token" from DynamoDB, STS answers the same
// (cert-manager/aws-privateca-issuer#40); "Missing Authentication Token" (§8.2) is API Gateway's text.
export const MISSING_TOKEN = 'Request is missing Authentication Token';

const PART_TEXT: Record<string, string> = {
  Credential: "Authorization header requires 'Credential' parameter. ",
  Signature: "Authorization header requires 'Signature' parameter. ",
  SignedHeaders: "Authorization header requires 'SignedHeaders' parameter. ",
  Date: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ",
};

function minutes(ms: number): string {
  return `${ms / 60_000} min.`;
}

/** `Signature expired: <t> is now earlier than <now - skew> (<now> - 5 min.)`, and the not-yet-current twin. */
function skewMessage(f: SigV4Failure, skewMs: number, requestTime: Date): string {
  const now = f.serverTime.getTime();
  if (f.reason === 'not-yet-valid') {
    return `Signature not yet current: ${isoBasic(requestTime)} is still later than ${isoBasic(new Date(now + skewMs))} (${isoBasic(f.serverTime)} + ${minutes(skewMs)})`;
  }
  return `Signature expired: ${isoBasic(requestTime)} is now earlier than ${isoBasic(new Date(now - skewMs))} (${isoBasic(f.serverTime)} - ${minutes(skewMs)})`;
}

/**
 * All scope problems in one message, in dynalite's recorded order. The Region sentence is the current
 * form, "Credential should be scoped to a valid region. " (§8.2 [OBS]); dynalite's 2013 recording
 * still named the Region ("…, not 'x'.").
 */
function scopeMessage(problems: readonly ScopeProblem[], requestTime: Date | undefined): string {
  let message = '';
  for (const p of problems) {
    if (p.kind === 'region') message += 'Credential should be scoped to a valid region. ';
    else if (p.kind === 'service') message += `Credential should be scoped to correct service: '${p.expected}'. `;
    else if (p.kind === 'terminator') message += `Credential should be scoped with a valid terminator: 'aws4_request', not '${p.sent}'. `;
    else {
      const from = requestTime ? isoBasic(requestTime) : '';
      message += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${p.sent}' != '${p.expected}', from '${from}'. `;
    }
  }
  return message;
}

const PRESIGN_EXPIRES_TEXT: Record<string, string> = {
  'expires-not-number': 'X-Amz-Expires should be a number',
  'expires-negative': 'X-Amz-Expires must be non-negative',
  'expires-too-large':
    'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
};

export function coralAuthError(f: SigV4Failure): CoralError {
  const auth = f.authorization ?? '';
  switch (f.reason) {
    case 'missing-auth':
      return { kind: 'missing-token', message: MISSING_TOKEN };
    case 'unsupported-algorithm':
      // dynalite: a header that does not start with AWS4- counts as no authentication at all.
      if (!f.presigned && !(f.algorithm ?? '').startsWith('AWS4-')) return { kind: 'missing-token', message: MISSING_TOKEN };
      return { kind: 'incomplete', message: `Unsupported AWS 'algorithm': '${f.algorithm}' (only AWS4-HMAC-SHA256 for now). ` };
    case 'malformed-authorization':
      return { kind: 'incomplete', message: `'${f.pair}' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.` };
    case 'incomplete-signature':
      return { kind: 'incomplete', message: `${(f.missing ?? []).map((p) => PART_TEXT[p]).join('')}Authorization=${auth}` };
    case 'malformed-date':
      return { kind: 'incomplete', message: `Date must be in ISO-8601 'basic format'. Got '${f.requestTimeText}'. See http://en.wikipedia.org/wiki/ISO_8601` };
    case 'malformed-credential':
    case 'bad-presign-credential':
      return {
        kind: 'incomplete',
        message: `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${f.credential}'`,
      };
    case 'bad-presign-parameters':
      // [INF] the missing-parameter sentence as STS words it; the X-Amz-Expires texts are S3's.
      if (f.presignProblem === 'missing') {
        return {
          kind: 'incomplete',
          message: (f.missing ?? []).map((p) => `AWS query-string parameters must include '${p}'. Re-examine the query-string parameters.`).join(' '),
        };
      }
      return { kind: 'incomplete', message: PRESIGN_EXPIRES_TEXT[f.presignProblem ?? ''] ?? SIGNATURE_MISMATCH };
    case 'expired':
    case 'not-yet-valid':
      return { kind: 'signature', message: skewMessage(f, f.skewMs ?? 0, f.requestTime ?? f.serverTime) };
    case 'presign-expired': {
      // Only S3 enforces X-Amz-Expires; should another service do so, word it like the skew check [INF].
      const seconds = Number(f.expiresText ?? 0);
      return { kind: 'signature', message: skewMessage(f, seconds * 1000, f.requestTime ?? f.serverTime) };
    }
    case 'host-not-signed':
      return { kind: 'signature', message: "'Host' must be a 'SignedHeader' in the AWS Authorization." };
    case 'wrong-region':
    case 'wrong-service':
    case 'wrong-terminator':
    case 'date-mismatch':
      return { kind: 'signature', message: scopeMessage(f.scopeProblems ?? [], f.requestTime) };
    case 'unknown-key':
    case 'invalid-token':
      return { kind: 'invalid-token', message: TOKEN_INVALID };
    case 'expired-token':
      return { kind: 'expired-token', message: TOKEN_EXPIRED };
    case 'bad-signature':
    case 'payload-hash-mismatch': // the body is not what was signed: to these services, a wrong signature
    case 'headers-not-signed': // S3-only checks, not produced for these services
    case 'missing-content-sha256':
    case 'bad-content-sha256':
    case 'conflicting-auth':
      return { kind: 'signature', message: SIGNATURE_MISMATCH };
  }
}
