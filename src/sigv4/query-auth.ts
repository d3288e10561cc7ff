// Reading a presigned request (X-Amz-* query parameters) into a Claim
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html,
//  https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#query-string-auth).
// Checks, in S3's order as far as it is known [EMU: LocalStack presigned_url.py]: all six parameters
// present, algorithm, credential, date format, X-Amz-Expires (an integer, 0 … 604800 seconds: a
// signing key is good for seven days), then time:
// - S3 enforces X-Amz-Date + X-Amz-Expires, and refuses dates further ahead than the skew [EMU];
// - other services (STS presigned GetCallerIdentity) ignore X-Amz-Expires and apply the normal
//   skew window (aws/aws-sdk-go#2167: "STS does not respect x-amz-expires").

import { parseCredential } from './authorization.js';
import { type Claim, type ReadContext, failure, skewProblem, splitSignedHeaders } from './claim.js';
import { parseAmzDate } from './time.js';
import type { SigV4Failure } from './types.js';

export const PRESIGN_PARAMETERS = [
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Signature',
  'X-Amz-Date',
  'X-Amz-SignedHeaders',
  'X-Amz-Expires',
] as const;

/** Seven days: the longest a presigned URL can live. */
export const MAX_PRESIGN_EXPIRES_SECONDS = 604_800;

export function readQueryClaim(params: ReadonlyMap<string, string>, ctx: ReadContext): Claim | SigV4Failure {
  const { now } = ctx;
  const fail = (reason: SigV4Failure['reason'], fields: Parameters<typeof failure>[3] = {}) =>
    failure(reason, true, now, fields);

  const missing = PRESIGN_PARAMETERS.filter((name) => !params.get(name));
  if (missing.length > 0) return fail('bad-presign-parameters', { presignProblem: 'missing', missing });
  const get = (name: (typeof PRESIGN_PARAMETERS)[number]) => params.get(name) as string;

  const algorithm = get('X-Amz-Algorithm');
  if (algorithm !== 'AWS4-HMAC-SHA256') return fail('unsupported-algorithm', { algorithm });
  const credential = get('X-Amz-Credential');
  const scope = parseCredential(credential);
  if (scope === undefined) return fail('bad-presign-credential', { credential });
  const accessKeyId = scope.accessKeyId;

  const dateText = get('X-Amz-Date');
  const date = parseAmzDate(dateText);
  if (date === undefined) return fail('malformed-date', { requestTimeText: dateText, accessKeyId });

  const expiresText = get('X-Amz-Expires');
  const expiresProblem = !/^-?\d+$/.test(expiresText)
    ? 'expires-not-number'
    : Number(expiresText) < 0
      ? 'expires-negative'
      : Number(expiresText) > MAX_PRESIGN_EXPIRES_SECONDS
        ? 'expires-too-large'
        : undefined;
  if (expiresProblem) return fail('bad-presign-parameters', { presignProblem: expiresProblem, expiresText, accessKeyId });
  const expiresAt = new Date(date.getTime() + Number(expiresText) * 1000);

  const time = { requestTimeText: dateText, requestTime: date, skewMs: ctx.skewMs, expiresText, expiresAt, accessKeyId };
  if (ctx.s3) {
    if (date.getTime() > now.getTime() + ctx.skewMs) return fail('not-yet-valid', time);
    if (now.getTime() > expiresAt.getTime()) return fail('presign-expired', time);
  } else {
    const late = skewProblem(date, now, ctx.skewMs);
    if (late) return fail(late, time);
  }

  const signedHeaders = splitSignedHeaders(get('X-Amz-SignedHeaders'));
  if (!signedHeaders.includes('host')) return fail('host-not-signed', { signedHeaders, accessKeyId });

  return {
    presigned: true,
    scope,
    signedHeaders,
    signature: get('X-Amz-Signature'),
    date,
    dateText,
    sessionToken: params.get('X-Amz-Security-Token') || undefined,
    expiresText,
    expiresAt,
    contentSha256Param: params.get('X-Amz-Content-Sha256') ?? params.get('x-amz-content-sha256'),
  };
}
