// The three protocol families' error mappings, with exact codes, statuses, texts and S3 elements.
import { describe, expect, it } from 'vitest';
import type { ChunkFailure } from './chunked.js';
import { jsonAuthError } from './errors-json.js';
import { queryAuthError } from './errors-query.js';
import { hexBytes, s3AuthError } from './errors-s3.js';
import type { SigV4Failure } from './types.js';
import { verifySigV4 } from './verify.js';

const NOW = new Date('2024-05-01T12:10:00Z');
const REQUEST_TIME = new Date('2024-05-01T12:00:00Z');
const AUTH = 'AWS4-HMAC-SHA256 Credential=ABCDEF';
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

function f(reason: SigV4Failure['reason'], fields: Partial<SigV4Failure> = {}): SigV4Failure {
  return { ok: false, reason, presigned: false, serverTime: NOW, authorization: AUTH, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', ...fields };
}

const skew = { requestTime: REQUEST_TIME, requestTimeText: '20240501T120000Z', skewMs: 300_000 };

/** [failure, JSON code, query code, message] — the texts are shared by both families. */
const CORAL_CASES: [string, SigV4Failure, string, string, string][] = [
  ['no authentication', f('missing-auth', { authorization: undefined }), 'MissingAuthenticationTokenException', 'MissingAuthenticationToken', 'Request is missing Authentication Token'],
  ['not an AWS4 scheme', f('unsupported-algorithm', { algorithm: 'Bearer' }), 'MissingAuthenticationTokenException', 'MissingAuthenticationToken', 'Request is missing Authentication Token'],
  [
    'another AWS4 algorithm',
    f('unsupported-algorithm', { algorithm: 'AWS4-HMAC-SHA25' }),
    'IncompleteSignatureException',
    'IncompleteSignature',
    "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). ",
  ],
  [
    'a part without =',
    f('malformed-authorization', { pair: '/20240501/us-east-1/kms/aws4_request', authorization: 'AWS4-HMAC-SHA256 Credential=AKID /20240501/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=ab' }),
    'IncompleteSignatureException',
    'IncompleteSignature',
    "'/20240501/us-east-1/kms/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=AKID /20240501/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=ab'.",
  ],
  [
    'missing parts (SES wording, brendanhay/amazonka#316)',
    f('incomplete-signature', { missing: ['Signature', 'SignedHeaders'] }),
    'IncompleteSignatureException',
    'IncompleteSignature',
    "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF",
  ],
  [
    'every part missing',
    f('incomplete-signature', { missing: ['Credential', 'Signature', 'SignedHeaders', 'Date'], authorization: 'AWS4-HMAC-SHA256' }),
    'IncompleteSignatureException',
    'IncompleteSignature',
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256",
  ],
  [
    'a bad date',
    f('malformed-date', { requestTimeText: '201' }),
    'IncompleteSignatureException',
    'IncompleteSignature',
    "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601",
  ],
  [
    'too old',
    f('expired', skew),
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    'Signature expired: 20240501T120000Z is now earlier than 20240501T120500Z (20240501T121000Z - 5 min.)',
  ],
  [
    'too new',
    f('not-yet-valid', { ...skew, requestTime: new Date('2024-05-01T12:20:00Z') }),
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    'Signature not yet current: 20240501T122000Z is still later than 20240501T121500Z (20240501T121000Z + 5 min.)',
  ],
  ['host not signed', f('host-not-signed'), 'InvalidSignatureException', 'SignatureDoesNotMatch', "'Host' must be a 'SignedHeader' in the AWS Authorization."],
  [
    'a four-element credential',
    f('malformed-credential', { credential: 'a/b/c/d' }),
    'IncompleteSignatureException',
    'IncompleteSignature',
    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'",
  ],
  [
    'wrong Region',
    f('wrong-region', { scopeProblems: [{ kind: 'region', sent: 'eu-west-1', expected: 'us-east-1' }] }),
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    'Credential should be scoped to a valid region. ',
  ],
  [
    'wrong service',
    f('wrong-service', { scopeProblems: [{ kind: 'service', sent: 'sts', expected: 'kms' }] }),
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    "Credential should be scoped to correct service: 'kms'. ",
  ],
  [
    'every scope problem at once (dynalite order)',
    f('wrong-region', {
      requestTime: REQUEST_TIME,
      scopeProblems: [
        { kind: 'region', sent: 'c', expected: 'us-east-1' },
        { kind: 'service', sent: 'd', expected: 'kms' },
        { kind: 'terminator', sent: 'e', expected: 'aws4_request' },
        { kind: 'date', sent: 'b', expected: '20240501' },
      ],
    }),
    'InvalidSignatureException',
    'SignatureDoesNotMatch',
    "Credential should be scoped to a valid region. Credential should be scoped to correct service: 'kms'. Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'b' != '20240501', from '20240501T120000Z'. ",
  ],
  ['unknown key', f('unknown-key'), 'UnrecognizedClientException', 'InvalidClientTokenId', 'The security token included in the request is invalid.'],
  ['bad token', f('invalid-token', { sessionToken: 'x' }), 'UnrecognizedClientException', 'InvalidClientTokenId', 'The security token included in the request is invalid.'],
  ['expired token', f('expired-token'), 'ExpiredTokenException', 'ExpiredToken', 'The security token included in the request is expired'],
  ['bad signature', f('bad-signature', { canonicalRequest: 'x', stringToSign: 'y', signatureProvided: 'z' }), 'InvalidSignatureException', 'SignatureDoesNotMatch', SIGNATURE_MISMATCH],
  ['body not what was signed', f('payload-hash-mismatch'), 'InvalidSignatureException', 'SignatureDoesNotMatch', SIGNATURE_MISMATCH],
  [
    'presigned STS without X-Amz-Date',
    f('bad-presign-parameters', { presigned: true, presignProblem: 'missing', missing: ['X-Amz-Date'] }),
    'IncompleteSignatureException',
    'IncompleteSignature',
    "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
  ],
];

const QUERY_STATUS: Record<string, number> = {
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  SignatureDoesNotMatch: 403,
  InvalidClientTokenId: 403,
  ExpiredToken: 403,
};

describe('jsonAuthError (CloudTrail, KMS)', () => {
  for (const [name, failure, code, , message] of CORAL_CASES) {
    it(name, () => expect(jsonAuthError(failure)).toEqual({ code, status: 400, message }));
  }
});

describe('queryAuthError (IAM, STS)', () => {
  for (const [name, failure, , code, message] of CORAL_CASES) {
    it(name, () => expect(queryAuthError(failure)).toEqual({ code, status: QUERY_STATUS[code], message }));
  }
});

describe('s3AuthError', () => {
  const MALFORMED = 'The authorization header is malformed; ';

  it('SignatureDoesNotMatch with the strings, their bytes, in AWS order', () => {
    const e = s3AuthError(f('bad-signature', { canonicalRequest: 'GET\n/', stringToSign: 'AWS4', signatureProvided: 'abc' }));
    expect(e).toEqual({
      code: 'SignatureDoesNotMatch',
      status: 403,
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      fields: {
        AWSAccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        StringToSign: 'AWS4',
        SignatureProvided: 'abc',
        StringToSignBytes: '41 57 53 34',
        CanonicalRequest: 'GET\n/',
        CanonicalRequestBytes: '47 45 54 0a 2f',
      },
    });
    expect(Object.keys(e.fields!)).toEqual(['AWSAccessKeyId', 'StringToSign', 'SignatureProvided', 'StringToSignBytes', 'CanonicalRequest', 'CanonicalRequestBytes']);
    expect(hexBytes('')).toBe('');
  });

  it('InvalidAccessKeyId names the key', () => {
    expect(s3AuthError(f('unknown-key'))).toEqual({
      code: 'InvalidAccessKeyId',
      status: 403,
      message: 'The AWS Access Key Id you provided does not exist in our records.',
      fields: { AWSAccessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    });
  });

  it('RequestTimeTooSkewed, both directions', () => {
    for (const reason of ['expired', 'not-yet-valid'] as const) {
      expect(s3AuthError(f(reason, { ...skew, skewMs: 900_000 }))).toEqual({
        code: 'RequestTimeTooSkewed',
        status: 403,
        message: 'The difference between the request time and the current time is too large.',
        fields: { RequestTime: '20240501T120000Z', ServerTime: '2024-05-01T12:10:00Z', MaxAllowedSkewMilliseconds: '900000' },
      });
    }
  });

  it('AuthorizationHeaderMalformed for the Region, header and presigned', () => {
    const region = { region: 'eu-west-1', expectedRegion: 'us-east-1', scopeProblems: [{ kind: 'region' as const, sent: 'eu-west-1', expected: 'us-east-1' }] };
    expect(s3AuthError(f('wrong-region', region))).toEqual({
      code: 'AuthorizationHeaderMalformed',
      status: 400,
      message: "The authorization header is malformed; the region 'eu-west-1' is wrong; expecting 'us-east-1'",
      fields: { Region: 'us-east-1' },
    });
    expect(s3AuthError(f('wrong-region', { ...region, presigned: true }))).toEqual({
      code: 'AuthorizationQueryParametersError',
      status: 400,
      message: "Error parsing the X-Amz-Credential parameter; the region 'eu-west-1' is wrong; expecting 'us-east-1'",
      fields: { Region: 'us-east-1' },
    });
  });

  it('AccessDenied for unsigned headers, listed', () => {
    expect(s3AuthError(f('headers-not-signed', { headersNotSigned: ['x-amz-acl', 'x-amz-meta-b'] }))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: 'There were headers present in the request which were not signed',
      fields: { HeadersNotSigned: 'x-amz-acl, x-amz-meta-b' },
    });
  });

  it('XAmzContentSHA256Mismatch with both hashes', () => {
    expect(s3AuthError(f('payload-hash-mismatch', { contentSha256: 'aa', computedSha256: 'bb' }))).toEqual({
      code: 'XAmzContentSHA256Mismatch',
      status: 400,
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
      fields: { ClientComputedContentSHA256: 'aa', S3ComputedContentSHA256: 'bb' },
    });
  });

  it('ExpiredToken and InvalidToken quote the token; a temporary key without one is an unknown key', () => {
    expect(s3AuthError(f('expired-token', { sessionToken: 'tok' }))).toEqual({
      code: 'ExpiredToken',
      status: 400,
      message: 'The provided token has expired.',
      fields: { 'Token-0': 'tok' },
    });
    expect(s3AuthError(f('invalid-token', { sessionToken: 'tok' }))).toEqual({
      code: 'InvalidToken',
      status: 400,
      message: 'The provided token is malformed or otherwise invalid.',
      fields: { 'Token-0': 'tok' },
    });
    expect(s3AuthError(f('invalid-token')).code).toBe('InvalidAccessKeyId');
  });

  it('presigned: Request has expired, with X-Amz-Expires, Expires and ServerTime', () => {
    const e = s3AuthError(f('presign-expired', { presigned: true, expiresText: '60', expiresAt: new Date('2024-05-01T12:01:00Z'), ...skew }));
    expect(e).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: 'Request has expired',
      fields: { 'X-Amz-Expires': '60', Expires: '2024-05-01T12:01:00Z', ServerTime: '2024-05-01T12:10:00Z' },
    });
  });

  it('presigned: AuthorizationQueryParametersError texts', () => {
    const q = (fields: Partial<SigV4Failure>, reason: SigV4Failure['reason'] = 'bad-presign-parameters') =>
      s3AuthError(f(reason, { presigned: true, authorization: undefined, ...fields }));
    expect(q({ credential: 'AKID/x' }, 'bad-presign-credential')).toEqual({
      code: 'AuthorizationQueryParametersError',
      status: 400,
      message: 'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    });
    expect(q({ presignProblem: 'missing', missing: ['X-Amz-Date'] }).message).toBe(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
    expect(q({ presignProblem: 'expires-too-large' }).message).toBe(
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    );
    expect(q({ presignProblem: 'expires-negative' }).message).toBe('X-Amz-Expires must be non-negative');
    expect(q({ presignProblem: 'expires-not-number' }).message).toBe('X-Amz-Expires should be a number');
    expect(q({ requestTimeText: 'x' }, 'malformed-date').message).toBe('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  });

  it('header problems', () => {
    expect(s3AuthError(f('incomplete-signature', { missing: ['Signature'] }))).toEqual({
      code: 'AuthorizationHeaderMalformed',
      status: 400,
      message: `${MALFORMED}the authorization header requires three components: Credential, SignedHeaders, and Signature.`,
    });
    expect(s3AuthError(f('incomplete-signature', { missing: ['Date'] }))).toEqual({
      code: 'AccessDenied',
      status: 403,
      message: 'AWS authentication requires a valid Date or x-amz-date header',
    });
    expect(s3AuthError(f('malformed-credential', { credential: 'x' })).message).toBe(
      `${MALFORMED}the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`,
    );
    expect(s3AuthError(f('date-mismatch')).message).toBe(`${MALFORMED}Invalid credential date. Date is not the same as X-Amz-Date.`);
    expect(s3AuthError(f('wrong-service', { scopeProblems: [{ kind: 'service', sent: 'kms', expected: 's3' }] })).message).toBe(
      `${MALFORMED}incorrect service "kms". This endpoint belongs to "s3".`,
    );
    expect(s3AuthError(f('unsupported-algorithm', { algorithm: 'AWS' }))).toEqual({
      code: 'InvalidRequest',
      status: 400,
      message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    });
  });

  it('x-amz-content-sha256 missing or not acceptable', () => {
    expect(s3AuthError(f('missing-content-sha256'))).toEqual({
      code: 'InvalidRequest',
      status: 400,
      message: 'Missing required header for this request: x-amz-content-sha256',
    });
    expect(s3AuthError(f('bad-content-sha256', { contentSha256: 'nope' }))).toEqual({
      code: 'InvalidArgument',
      status: 400,
      message:
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
      fields: { ArgumentName: 'x-amz-content-sha256', ArgumentValue: 'nope' },
    });
  });

  it('aws-chunked failures', () => {
    const chunk = (reason: ChunkFailure['reason'], more: Partial<ChunkFailure> = {}): ChunkFailure => ({ ok: false, reason, offset: 0, ...more });
    expect(s3AuthError(chunk('chunk-signature-mismatch', { accessKeyId: 'AKID', stringToSign: 'S', signatureProvided: 'x' }))).toEqual({
      code: 'SignatureDoesNotMatch',
      status: 403,
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      fields: { AWSAccessKeyId: 'AKID', StringToSign: 'S', SignatureProvided: 'x', StringToSignBytes: '53' },
    });
    expect(s3AuthError(chunk('incomplete-body'))).toEqual({
      code: 'IncompleteBody',
      status: 400,
      message: 'You did not provide the number of bytes specified by the Content-Length HTTP header.',
    });
  });

  it('end to end: a skewed S3 request', () => {
    const result = verifySigV4(
      {
        method: 'GET',
        path: '/b',
        query: '',
        headers: {
          host: 'h',
          'x-amz-date': '20240501T120000Z',
          'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
          authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
        },
      },
      { now: new Date('2024-05-01T12:20:00Z'), region: 'us-east-1', service: 's3', lookup: () => undefined },
    );
    if (result.ok) throw new Error('expected a failure');
    expect(s3AuthError(result).fields).toEqual({
      RequestTime: '20240501T120000Z',
      ServerTime: '2024-05-01T12:20:00Z',
      MaxAllowedSkewMilliseconds: '900000',
    });
  });
});
