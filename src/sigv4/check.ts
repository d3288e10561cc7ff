// Checking a Claim against the endpoint, the key store and the request, in this order:
// 1. credential scope — Region, service, terminator, date — all problems collected, as AWS's
//    JSON/query services quote them together (dynalite's recorded DynamoDB response);
// 2. S3: x-amz-content-sha256 present and acceptable [INF: placed before the key lookup];
// 3. the access key (UnrecognizedClientException / InvalidAccessKeyId come after scope errors: dynalite);
// 4. temporary credentials: the token must be the key's own and not expired — AWS reads the secret
//    out of the token, so this necessarily comes before the signature;
// 5. S3: every x-amz-* header signed (LocalStack presigned_url.py; x-amz-content-sha256 is exempt on
//    presigned URLs there);
// 6. the signature;
// 7. a token sent with a permanent key (dynalite: X-Amz-Security-Token is checked after the signature);
// 8. S3: x-amz-content-sha256 against the body's hash, when the server supplied it.

import type { Claim, ReadContext } from './claim.js';
import { failure, headerText } from './claim.js';
import { canonicalRequest, stringToSign } from './canonical.js';
import { canonicalQuery, canonicalUri } from './encode.js';
import { payloadMode, servicePayloadHash } from './payload.js';
import { hmacHex, signingKey } from './signing-key.js';
import { isoBasic } from './time.js';
import type {
  PayloadMode,
  RegionMatcher,
  ScopeProblem,
  SigV4FailureReason,
  SigV4Request,
  SigV4Result,
  VerifyOptions,
} from './types.js';

const SCOPE_REASON: Record<ScopeProblem['kind'], SigV4FailureReason> = {
  region: 'wrong-region',
  service: 'wrong-service',
  terminator: 'wrong-terminator',
  date: 'date-mismatch',
};

function regionAccepted(matcher: RegionMatcher, region: string): boolean {
  if (typeof matcher === 'string') return matcher === region;
  if (typeof matcher === 'function') return matcher(region);
  return matcher.has(region);
}

/** The Region to name in messages: the endpoint's, when it has a single obvious one. */
function expectedRegion(matcher: RegionMatcher): string | undefined {
  if (typeof matcher === 'string') return matcher;
  if (typeof matcher === 'function') return undefined;
  for (const region of matcher) return region;
  return undefined;
}

function scopeProblems(claim: Claim, amzDate: string, options: VerifyOptions): ScopeProblem[] {
  const { scope } = claim;
  const problems: ScopeProblem[] = [];
  if (!regionAccepted(options.region, scope.region)) {
    problems.push({ kind: 'region', sent: scope.region, expected: expectedRegion(options.region) });
  }
  if (options.service !== undefined && scope.service !== options.service) {
    problems.push({ kind: 'service', sent: scope.service, expected: options.service });
  }
  if (scope.terminator !== 'aws4_request') problems.push({ kind: 'terminator', sent: scope.terminator, expected: 'aws4_request' });
  const requestDay = amzDate.slice(0, 8);
  if (scope.date !== requestDay) problems.push({ kind: 'date', sent: scope.date, expected: requestDay });
  return problems;
}

/** x-amz-* headers the request carries but did not sign (S3 refuses those). */
function unsignedAmzHeaders(request: SigV4Request, claim: Claim): string[] {
  const unsigned: string[] = [];
  for (const name of Object.keys(request.headers)) {
    if (!name.startsWith('x-amz-') || request.headers[name] === undefined) continue;
    if (claim.signedHeaders.includes(name)) continue;
    if (claim.presigned && name === 'x-amz-content-sha256') continue;
    unsigned.push(name);
  }
  return unsigned.sort();
}

export function checkClaim(
  request: SigV4Request,
  claim: Claim,
  ctx: ReadContext,
  options: VerifyOptions,
): SigV4Result {
  const { now, s3 } = ctx;
  const { scope, presigned } = claim;
  const fail = (reason: SigV4FailureReason, fields: Parameters<typeof failure>[3] = {}) =>
    failure(reason, presigned, now, { authorization: claim.authorization, accessKeyId: scope.accessKeyId, ...fields });
  const amzDate = isoBasic(claim.date);

  const problems = scopeProblems(claim, amzDate, options);
  if (problems.length > 0) {
    return fail(SCOPE_REASON[problems[0].kind], {
      scopeProblems: problems,
      region: scope.region,
      expectedRegion: expectedRegion(options.region),
      requestTime: claim.date,
      requestTimeText: claim.dateText,
    });
  }

  let payloadHash: string;
  let payload: PayloadMode;
  const contentSha256 = headerText(request.headers['x-amz-content-sha256']);
  if (s3) {
    const value = presigned ? (claim.contentSha256Param ?? 'UNSIGNED-PAYLOAD') : contentSha256;
    if (value === undefined) return fail('missing-content-sha256');
    const mode = payloadMode(value);
    if (mode === undefined) return fail('bad-content-sha256', { contentSha256: value });
    payloadHash = value;
    payload = mode;
  } else {
    payloadHash = servicePayloadHash(contentSha256, request.bodyHash);
    payload = request.bodyHash === undefined && contentSha256 !== undefined ? (payloadMode(contentSha256) ?? 'signed') : 'signed';
  }

  const credentials = options.lookup(scope.accessKeyId);
  if (credentials === undefined) return fail('unknown-key');
  if (credentials.sessionToken !== undefined && claim.sessionToken !== credentials.sessionToken) {
    return fail('invalid-token', { sessionToken: claim.sessionToken });
  }
  if (credentials.expiration !== undefined && now.getTime() >= credentials.expiration.getTime()) {
    return fail('expired-token', { sessionToken: claim.sessionToken });
  }

  if (s3) {
    const unsigned = unsignedAmzHeaders(request, claim);
    if (unsigned.length > 0) return fail('headers-not-signed', { headersNotSigned: unsigned, signedHeaders: claim.signedHeaders });
  }

  const scopeText = `${scope.date}/${scope.region}/${scope.service}/${scope.terminator}`;
  const key = signingKey(credentials.secretAccessKey, scope.date, scope.region, scope.service);
  const canonical = canonicalRequest(
    request.method,
    canonicalUri(request.path, s3),
    canonicalQuery(request.query, presigned),
    request.headers,
    claim.signedHeaders,
    payloadHash,
  );
  const toSign = stringToSign(amzDate, scopeText, canonical);
  if (hmacHex(key, toSign) !== claim.signature) {
    return fail('bad-signature', { canonicalRequest: canonical, stringToSign: toSign, signatureProvided: claim.signature });
  }

  if (credentials.sessionToken === undefined && claim.sessionToken !== undefined) {
    return fail('invalid-token', { sessionToken: claim.sessionToken });
  }

  // S3 signs the hash the client claims; whether the body has that hash is known here only when the
  // server computed it up front — otherwise the server compares `payloadHash` once it has the body.
  // (Other services sign the server's own hash: a different body is already a bad signature.)
  if (s3 && payload === 'signed' && request.bodyHash !== undefined && payloadHash.toLowerCase() !== request.bodyHash.toLowerCase()) {
    return fail('payload-hash-mismatch', { contentSha256: payloadHash, computedSha256: request.bodyHash });
  }

  return {
    ok: true,
    accessKeyId: scope.accessKeyId,
    region: scope.region,
    service: scope.service,
    signedHeaders: claim.signedHeaders,
    date: claim.date,
    amzDate,
    scope: scopeText,
    sessionToken: claim.sessionToken,
    presigned,
    expiresAt: claim.expiresAt,
    payload,
    payloadHash,
    seedSignature: claim.signature,
    signingKey: key,
  };
}
