// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
import { compileGlob, type GlobPiece } from '../glob.js';
import { joinPieces } from '../template.js';
import type { ValueTest } from './operator.js';

/** StringEquals: exact and case-sensitive; `*` and `?` are literal characters. */
export function stringEquals(pieces: readonly GlobPiece[]): ValueTest {
  const text = joinPieces(pieces);
  return (v) => v === text;
}

/**
 * StringEqualsIgnoreCase: per-character lower-casing with no Unicode normalisation (PMapper observed
 * `ß` ≠ `ss`); JavaScript's toLowerCase does exactly that for the cases that matter.
 */
export function stringEqualsIgnoreCase(pieces: readonly GlobPiece[]): ValueTest {
  const text = joinPieces(pieces).toLowerCase();
  return (v) => v.length === text.length && v.toLowerCase() === text;
}

/** StringLike: case-sensitive glob over the whole value, not segment-aware. */
export function stringLike(pieces: readonly GlobPiece[]): ValueTest {
  const glob = compileGlob(pieces);
  return (v) => glob.matches(v);
}
