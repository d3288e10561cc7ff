// SigV4 verification: header and presigned requests, aws-chunked bodies, and AWS's error texts per
// protocol family. Imports nothing outside src/sigv4 (node:crypto only).
export type * from './types.js';
export { verifySigV4, S3_SKEW_MS, SERVICE_SKEW_MS } from './verify.js';
export { jsonAuthError } from './errors-json.js';
export { queryAuthError } from './errors-query.js';
export { s3AuthError, hexBytes } from './errors-s3.js';
export {
  decodeAwsChunked,
  chunkSignature,
  chunkStringToSign,
  trailerSignature,
  trailerStringToSign,
  type ChunkSigning,
  type ChunkFailure,
  type ChunkFailureReason,
  type DecodedChunks,
  type DecodeOptions,
} from './chunked.js';
export { canonicalRequest, canonicalHeaderValue, stringToSign } from './canonical.js';
export { canonicalUri, canonicalQuery, uriEncode } from './encode.js';
export { signingKey, sha256Hex, EMPTY_SHA256 } from './signing-key.js';
export { isoBasic, parseAmzDate } from './time.js';
export { MAX_PRESIGN_EXPIRES_SECONDS } from './query-auth.js';
