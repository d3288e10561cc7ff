// Hashing and key derivation for SigV4. The signing key is
//   HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html#derive-signing-key).
// Four HMACs per request would be most of the verifier's crypto, and the inputs change once a day
// per key, so keys are cached per (secret, date, region, service).

import { createHmac, hash } from 'node:crypto';

/** Hex SHA-256 of the empty string: the payload hash of a request without a body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Uint8Array): string {
  // crypto.hash (Node ≥ 20.12) is a one-shot digest without a Hash object.
  return hash('sha256', data, 'hex');
}

export function hmac(key: string | Uint8Array, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function hmacHex(key: Uint8Array, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

// Bounded: a key per access key per day per Region/service. When full the map is emptied rather than
// kept in LRU order — re-deriving costs four HMACs, and a full map only happens with many keys.
const MAX_CACHED_KEYS = 4096;
const cache = new Map<string, Buffer>();

/** The SigV4 signing key; cached, so callers must not modify the buffer. */
export function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const id = `${date}\n${region}\n${service}\n${secretAccessKey}`;
  let key = cache.get(id);
  if (key === undefined) {
    key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
    if (cache.size >= MAX_CACHED_KEYS) cache.clear();
    cache.set(id, key);
  }
  return key;
}
