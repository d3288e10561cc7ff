// The payload hash that goes into the canonical request, and how the body is covered.
// S3 takes it from `x-amz-content-sha256` (required with header authentication): a hex SHA-256,
// UNSIGNED-PAYLOAD, or one of the aws-chunked sentinels
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html,
//  https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html). SigV4a (ECDSA) sentinels are
// not supported here. Presigned S3 URLs sign UNSIGNED-PAYLOAD unless X-Amz-Content-Sha256 says otherwise
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
// Other services sign the body's hash, computed by the server; an x-amz-content-sha256 header there
// (the JS SDK sends one to every service) is just another signed header [INF: AWS recomputes].

import type { PayloadMode } from './types.js';
import { EMPTY_SHA256 } from './signing-key.js';

const SENTINELS: ReadonlyMap<string, PayloadMode> = new Map([
  ['UNSIGNED-PAYLOAD', 'unsigned'],
  ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'streaming-signed'],
  ['STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'streaming-signed-trailer'],
  ['STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'streaming-unsigned-trailer'],
]);

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** The payload mode of an x-amz-content-sha256 value; undefined when the value is not acceptable. */
export function payloadMode(value: string): PayloadMode | undefined {
  return SENTINELS.get(value) ?? (SHA256_HEX.test(value) ? 'signed' : undefined);
}

/**
 * Non-S3: the body's hash. When the server has not computed it, the client's x-amz-content-sha256
 * stands in (the server then compares it with the body itself), else the empty body's hash.
 */
export function servicePayloadHash(header: string | undefined, bodyHash: string | undefined): string {
  return bodyHash ?? header ?? EMPTY_SHA256;
}
