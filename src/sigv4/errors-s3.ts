// Authentication errors as S3 returns them: `<Error><Code/><Message/>…extra elements…</Error>`.
// `fields` are the extra elements, in AWS's order. Sources, per entry:
// [§8.2] aws-behavior.md §8.2; [S3-ERR] the S3 error-code list
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html); [OBS] published responses
// (StringToSignBytes as space-separated lower-case hex bytes); [LS] LocalStack presigned_url.py,
// whose tests are snapshots of real S3; [EMU] other emulators (MinIO, …); [INF] our decision.

import type { ChunkFailure } from './chunked.js';
import { isoSeconds } from './time.js';
import type { AuthError, SigV4Failure } from './types.js';

const MALFORMED = 'The authorization header is malformed; ';
const QUERY_CREDENTIAL = 'Error parsing the X-Amz-Credential parameter; ';
const CREDENTIAL_FORMAT = 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';
const CONTENT_SHA256_VALUES =
  'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.';

/** `41 57 53 34 …`: the bytes of a text as S3 shows them in StringToSignBytes [OBS]. */
export function hexBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex').replace(/(..)(?!$)/g, '$1 ');
}

function signatureDoesNotMatch(accessKeyId: string | undefined, stringToSign: string, signature: string, canonical?: string): AuthError {
  const fields: Record<string, string> = {};
  if (accessKeyId !== undefined) fields.AWSAccessKeyId = accessKeyId;
  fields.StringToSign = stringToSign;
  fields.SignatureProvided = signature;
  fields.StringToSignBytes = hexBytes(stringToSign);
  if (canonical !== undefined) {
    fields.CanonicalRequest = canonical;
    fields.CanonicalRequestBytes = hexBytes(canonical);
  }
  return {
    code: 'SignatureDoesNotMatch',
    status: 403,
    message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    fields,
  };
}

const PRESIGN_PARAMETER_TEXT: Record<string, string> = {
  missing: // [LS]
    'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
  'expires-not-number': 'X-Amz-Expires should be a number', // [EMU]
  'expires-negative': 'X-Amz-Expires must be non-negative', // [EMU]
  'expires-too-large': // [EMU]
    'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
};

function chunkError(f: ChunkFailure): AuthError {
  switch (f.reason) {
    case 'chunk-signature-mismatch':
    case 'trailer-signature-mismatch':
      return signatureDoesNotMatch(f.accessKeyId, f.stringToSign ?? '', f.signatureProvided ?? '');
    case 'incomplete-body':
    case 'decoded-length-mismatch':
      return { code: 'IncompleteBody', status: 400, message: 'You did not provide the number of bytes specified by the Content-Length HTTP header.' }; // [S3-ERR]
    case 'malformed-chunk':
      return { code: 'InvalidRequest', status: 400, message: 'The aws-chunked body is malformed.' }; // [INF]
  }
}

export function s3AuthError(failure: SigV4Failure | ChunkFailure): AuthError {
  if (!('serverTime' in failure)) return chunkError(failure);
  const f = failure;
  const auth = f.authorization ?? '';
  const scopeProblem = f.scopeProblems?.[0];
  switch (f.reason) {
    case 'missing-auth':
      // S3 serves unauthenticated requests as anonymous; this is what a policy that allows no one answers.
      return { code: 'AccessDenied', status: 403, message: 'Access Denied' };
    case 'conflicting-auth': // [EMU]
      return {
        code: 'InvalidArgument',
        status: 400,
        message:
          'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
        fields: { ArgumentName: 'Authorization', ArgumentValue: auth },
      };
    case 'unsupported-algorithm':
      if (f.presigned) {
        return { code: 'AuthorizationQueryParametersError', status: 400, message: 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256 and AWS4-ECDSA-P256-SHA256"' }; // [EMU]
      }
      // SigV2 (`AWS key:sig`) and SigV4a: what S3 answers in Regions without SigV2 [OBS]; other schemes [EMU].
      if (f.algorithm === 'AWS' || (f.algorithm ?? '').startsWith('AWS4-')) {
        return { code: 'InvalidRequest', status: 400, message: 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.' };
      }
      return { code: 'InvalidArgument', status: 400, message: 'Unsupported Authorization Type', fields: { ArgumentName: 'Authorization', ArgumentValue: auth } };
    case 'malformed-authorization': // [EMU]
      return { code: 'AuthorizationHeaderMalformed', status: 400, message: `${MALFORMED}the authorization component "${f.pair}" is malformed.` };
    case 'incomplete-signature':
      if ((f.missing ?? []).some((p) => p !== 'Date')) {
        return { code: 'AuthorizationHeaderMalformed', status: 400, message: `${MALFORMED}the authorization header requires three components: Credential, SignedHeaders, and Signature.` }; // [OBS]
      }
      return { code: 'AccessDenied', status: 403, message: 'AWS authentication requires a valid Date or x-amz-date header' }; // [EMU]
    case 'malformed-date':
      if (f.presigned) {
        return { code: 'AuthorizationQueryParametersError', status: 400, message: 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"' }; // [EMU]
      }
      return { code: 'AccessDenied', status: 403, message: 'AWS authentication requires a valid Date or x-amz-date header' }; // [EMU]
    case 'expired':
    case 'not-yet-valid':
      if (f.presigned && f.reason === 'not-yet-valid') return { code: 'AccessDenied', status: 403, message: 'Request is not valid yet' }; // [EMU]
      return {
        code: 'RequestTimeTooSkewed',
        status: 403,
        message: 'The difference between the request time and the current time is too large.', // [§8.2]
        fields: {
          RequestTime: f.requestTimeText ?? '',
          ServerTime: isoSeconds(f.serverTime),
          MaxAllowedSkewMilliseconds: String(f.skewMs ?? 900_000),
        },
      };
    case 'presign-expired': // [§8.2], element order [OBS]
      return {
        code: 'AccessDenied',
        status: 403,
        message: 'Request has expired',
        fields: {
          'X-Amz-Expires': f.expiresText ?? '',
          Expires: f.expiresAt ? isoSeconds(f.expiresAt) : '',
          ServerTime: isoSeconds(f.serverTime),
        },
      };
    case 'host-not-signed': // [INF] S3's own text for an unsigned host is not known
      return { code: 'AccessDenied', status: 403, message: 'There were headers present in the request which were not signed', fields: { HeadersNotSigned: 'host' } };
    case 'malformed-credential': // [§8.2] wording of the query variant, header prefix [EMU]
      return { code: 'AuthorizationHeaderMalformed', status: 400, message: `${MALFORMED}${CREDENTIAL_FORMAT}` };
    case 'bad-presign-credential': // [§8.2]
      return { code: 'AuthorizationQueryParametersError', status: 400, message: `${QUERY_CREDENTIAL}${CREDENTIAL_FORMAT}` };
    case 'bad-presign-parameters':
      return { code: 'AuthorizationQueryParametersError', status: 400, message: PRESIGN_PARAMETER_TEXT[f.presignProblem ?? 'missing'] };
    case 'wrong-region': {
      // [§8.2]; presigned variant [INF after the header form]
      const expecting = f.expectedRegion ?? scopeProblem?.expected ?? '';
      const text = `the region '${f.region}' is wrong; expecting '${expecting}'`;
      return f.presigned
        ? { code: 'AuthorizationQueryParametersError', status: 400, message: `${QUERY_CREDENTIAL}${text}`, fields: { Region: expecting } }
        : { code: 'AuthorizationHeaderMalformed', status: 400, message: `${MALFORMED}${text}`, fields: { Region: expecting } };
    }
    case 'wrong-service': {
      const text = `incorrect service "${scopeProblem?.sent}". This endpoint belongs to "${scopeProblem?.expected}".`; // [EMU]
      return f.presigned
        ? { code: 'AuthorizationQueryParametersError', status: 400, message: `${QUERY_CREDENTIAL}${text}` }
        : { code: 'AuthorizationHeaderMalformed', status: 400, message: `${MALFORMED}${text}` };
    }
    case 'wrong-terminator': // [INF] the malformed-Credential text: the fifth element is wrong
      return f.presigned
        ? { code: 'AuthorizationQueryParametersError', status: 400, message: `${QUERY_CREDENTIAL}${CREDENTIAL_FORMAT}` }
        : { code: 'AuthorizationHeaderMalformed', status: 400, message: `${MALFORMED}${CREDENTIAL_FORMAT}` };
    case 'date-mismatch': // [EMU]
      return f.presigned
        ? { code: 'AuthorizationQueryParametersError', status: 400, message: 'Invalid credential date. Date is not the same as X-Amz-Date.' }
        : { code: 'AuthorizationHeaderMalformed', status: 400, message: `${MALFORMED}Invalid credential date. Date is not the same as X-Amz-Date.` };
    case 'missing-content-sha256': // [EMU]
      return { code: 'InvalidRequest', status: 400, message: 'Missing required header for this request: x-amz-content-sha256' };
    case 'bad-content-sha256': // [EMU]
      return {
        code: 'InvalidArgument',
        status: 400,
        message: CONTENT_SHA256_VALUES,
        fields: { ArgumentName: 'x-amz-content-sha256', ArgumentValue: f.contentSha256 ?? '' },
      };
    case 'unknown-key': // [§8.2]
      return {
        code: 'InvalidAccessKeyId',
        status: 403,
        message: 'The AWS Access Key Id you provided does not exist in our records.',
        fields: { AWSAccessKeyId: f.accessKeyId ?? '' },
      };
    case 'invalid-token':
      // A temporary key without its token is, to S3, a key it cannot find [INF].
      if (f.sessionToken === undefined) {
        return {
          code: 'InvalidAccessKeyId',
          status: 403,
          message: 'The AWS Access Key Id you provided does not exist in our records.',
          fields: { AWSAccessKeyId: f.accessKeyId ?? '' },
        };
      }
      return { code: 'InvalidToken', status: 400, message: 'The provided token is malformed or otherwise invalid.', fields: { 'Token-0': f.sessionToken } }; // [§8.2]
    case 'expired-token': // [§8.2]
      return { code: 'ExpiredToken', status: 400, message: 'The provided token has expired.', fields: f.sessionToken ? { 'Token-0': f.sessionToken } : undefined };
    case 'headers-not-signed': // [§8.2], [LS]
      return {
        code: 'AccessDenied',
        status: 403,
        message: 'There were headers present in the request which were not signed',
        fields: { HeadersNotSigned: (f.headersNotSigned ?? []).join(', ') },
      };
    case 'bad-signature':
      return signatureDoesNotMatch(f.accessKeyId, f.stringToSign ?? '', f.signatureProvided ?? '', f.canonicalRequest ?? '');
    case 'payload-hash-mismatch': // [§8.2], [S3-ERR]; the two hashes [OBS]
      return {
        code: 'XAmzContentSHA256Mismatch',
        status: 400,
        message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
        fields: { ClientComputedContentSHA256: f.contentSha256 ?? '', S3ComputedContentSHA256: f.computedSha256 ?? '' },
      };
  }
}
