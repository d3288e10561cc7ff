// Identifier generators. Randomness travels in the Call (principle 11) so tests can make it
// deterministic; these are the real sources.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Ids } from './call.js';

// Random bytes are drawn 16 KiB at a time: each randomBytes call costs a round trip into OpenSSL
// whatever its size, and a GenerateDataKey needs several small draws (data key, IV, ids), which
// showed up as an eighth of the server's time in bench/kms. Callers get copies they own.
const POOL_SIZE = 16 * 1024;
let pool = Buffer.alloc(0);
let used = 0;

function pooledBytes(n: number): Buffer {
  if (n > POOL_SIZE / 4) return randomBytes(n);
  if (used + n > pool.length) {
    pool = randomBytes(POOL_SIZE);
    used = 0;
  }
  const out = Buffer.from(pool.subarray(used, used + n));
  // Spent bytes are zeroed, so the pool never holds a key it has handed out.
  pool.fill(0, used, used + n);
  used += n;
  return out;
}

export const cryptoIds: Ids = { uuid: () => randomUUID(), bytes: pooledBytes };

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `AKIA…`/`ASIA…` (4 + 16 characters) and `AIDA…`/`AROA…` (4 + 17) ids, in AWS's alphabet. */
export function awsId(prefix: string, ids: Ids, length = 16): string {
  const bytes = ids.bytes(length);
  let s = prefix;
  for (let i = 0; i < length; i++) s += ALPHANUMERIC[bytes[i] & 31];
  return s;
}

/** A 40-character secret access key. */
export function secretKey(ids: Ids): string {
  return ids.bytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}
