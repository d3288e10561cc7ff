// Identifier generators. Randomness travels in the Call (principle 11) so tests can make it
// deterministic; these are the real sources.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Ids } from './call.js';

export const cryptoIds: Ids = { uuid: () => randomUUID(), bytes: (n) => randomBytes(n) };

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
