import type { GlobPiece } from '../glob.js';
import { joinPieces } from '../template.js';
import { NEVER, type ValueTest } from './operator.js';

/**
 * Bool. Decision (policy-semantics.md §4.11 item 7 leaves it open): `true`/`false` compare without
 * regard to case on both sides, so `"True"` works as the JSON boolean `true` does; any other
 * policy value never matches.
 */
export function bool(pieces: readonly GlobPiece[]): ValueTest {
  const want = joinPieces(pieces).trim().toLowerCase();
  if (want !== 'true' && want !== 'false') return NEVER;
  return (v) => v.trim().toLowerCase() === want;
}

/**
 * BinaryEquals: the policy value is base64 and comparison is byte-for-byte. The request value is
 * base64 too (that is how binary context values travel in a request file).
 */
export function binaryEquals(pieces: readonly GlobPiece[]): ValueTest {
  const text = joinPieces(pieces).trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return NEVER;
  const want = Buffer.from(text, 'base64');
  return (v) => Buffer.from(v.trim(), 'base64').equals(want);
}
