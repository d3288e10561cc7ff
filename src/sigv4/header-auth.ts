// Reading an `Authorization: AWS4-HMAC-SHA256 …` request into a Claim. The order of the checks is
// AWS's, as recorded against DynamoDB (a JSON service on the same framework as KMS) in
// mhart/dynalite index.js: a header not starting with `AWS4-` counts as no authentication; then
// key=value parts; then missing parts and date; then the date's format and the clock skew; then
// `host` among SignedHeaders; then the exact algorithm; then the Credential's five elements. The
// credential scope is checked afterwards, for both header and query authentication (check.ts).

import { type AuthorizationParts, parseCredential } from './authorization.js';
import { type Claim, type ReadContext, failure, headerText, skewProblem, splitSignedHeaders } from './claim.js';
import { parseAmzDate, parseHttpDate } from './time.js';
import type { MissingPart, SigV4Failure, SigV4Request } from './types.js';

export function readHeaderClaim(
  request: SigV4Request,
  authorization: string,
  parts: AuthorizationParts,
  ctx: ReadContext,
): Claim | SigV4Failure {
  const { now } = ctx;
  const fail = (reason: SigV4Failure['reason'], fields: Parameters<typeof failure>[3] = {}) =>
    failure(reason, false, now, { authorization, ...fields });

  if (!parts.algorithm.startsWith('AWS4-')) return fail('unsupported-algorithm', { algorithm: parts.algorithm });
  if (parts.badPair !== undefined) return fail('malformed-authorization', { pair: parts.badPair });

  const amzDate = headerText(request.headers['x-amz-date']);
  const httpDate = headerText(request.headers.date);
  const missing: MissingPart[] = [];
  if (!parts.credential) missing.push('Credential');
  if (!parts.signature) missing.push('Signature');
  if (parts.signedHeaders === undefined) missing.push('SignedHeaders'); // empty is allowed at this point (dynalite)
  if (amzDate === undefined && httpDate === undefined) missing.push('Date');
  if (missing.length > 0) return fail('incomplete-signature', { missing });

  const dateText = (amzDate ?? httpDate) as string;
  const date = amzDate !== undefined ? parseAmzDate(amzDate) : parseHttpDate(dateText);
  if (date === undefined) return fail('malformed-date', { requestTimeText: dateText });
  const late = skewProblem(date, now, ctx.skewMs);
  if (late) return fail(late, { requestTimeText: dateText, requestTime: date, skewMs: ctx.skewMs });

  const signedHeaders = splitSignedHeaders(parts.signedHeaders ?? '');
  if (!signedHeaders.includes('host')) return fail('host-not-signed', { signedHeaders });
  if (parts.algorithm !== 'AWS4-HMAC-SHA256') return fail('unsupported-algorithm', { algorithm: parts.algorithm });

  const credential = parts.credential as string;
  const scope = parseCredential(credential);
  if (scope === undefined) return fail('malformed-credential', { credential });

  return {
    presigned: false,
    authorization,
    scope,
    signedHeaders,
    signature: parts.signature as string,
    date,
    dateText,
    sessionToken: headerText(request.headers['x-amz-security-token']),
  };
}
