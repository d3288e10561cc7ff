// verifySigV4: the entry point. Chooses header or query (presigned) authentication, reads the
// claim, and checks it (check.ts). Pure: the clock and the key store come in through the options.

import { credentialService, parseAuthorization } from './authorization.js';
import { type ReadContext, failure, headerText } from './claim.js';
import { checkClaim } from './check.js';
import { queryParameters } from './encode.js';
import { readHeaderClaim } from './header-auth.js';
import { PRESIGN_PARAMETERS, readQueryClaim } from './query-auth.js';
import type { SigV4Request, SigV4Result, VerifyOptions } from './types.js';

/** S3 allows 15 minutes of clock skew (RequestTimeTooSkewed, MaxAllowedSkewMilliseconds 900000). */
export const S3_SKEW_MS = 15 * 60_000;
/** JSON/query services: KMS was observed with 5 minutes (aws-behavior.md §8.2; DynamoDB used 15). */
export const SERVICE_SKEW_MS = 5 * 60_000;

export function verifySigV4(request: SigV4Request, options: VerifyOptions): SigV4Result {
  const { now } = options;
  const authorization = headerText(request.headers.authorization);
  const params = request.query.includes('X-Amz-') ? queryParameters(request.query) : undefined;
  const presigned = params !== undefined && PRESIGN_PARAMETERS.some((name) => params.has(name));

  const parts = authorization !== undefined ? parseAuthorization(authorization) : undefined;
  const claimedService = credentialService(parts !== undefined ? parts.credential : params?.get('X-Amz-Credential'));
  const s3 = (options.service ?? claimedService) === 's3';
  const ctx: ReadContext = { now, s3, skewMs: options.skewMs ?? (s3 ? S3_SKEW_MS : SERVICE_SKEW_MS) };

  if (authorization !== undefined && parts !== undefined) {
    // S3 refuses two mechanisms at once; the JSON/query services read the header and ignore the query [INF].
    if (presigned && s3) return failure('conflicting-auth', false, now, { authorization });
    const claim = readHeaderClaim(request, authorization, parts, ctx);
    return 'ok' in claim ? claim : checkClaim(request, claim, ctx, options);
  }
  if (presigned) {
    const claim = readQueryClaim(params, ctx);
    return 'ok' in claim ? claim : checkClaim(request, claim, ctx, options);
  }
  return failure('missing-auth', false, now);
}
