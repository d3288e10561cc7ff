// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
// ArnEquals and ArnLike are the same operator: both ARNs are split into six colon-separated parts
// and each part is globbed separately and case-sensitively, so a `*` cannot cross a colon in the
// first five parts. A value with fewer than six parts matches nothing.
import { compileGlob, type Glob, type GlobPiece } from '../glob.js';
import { NEVER, type ValueTest } from './operator.js';

/** Splits at the first five colons; the sixth part keeps any further colons. Null if not six parts. */
export function splitArn(value: string): string[] | null {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < 5; i++) {
    const colon = value.indexOf(':', start);
    if (colon < 0) return null;
    parts.push(value.slice(start, colon));
    start = colon + 1;
  }
  parts.push(value.slice(start));
  return parts;
}

/** Splits pattern pieces into ARN parts the same way; returns the parts found (maybe fewer than six). */
export function splitPieces(pieces: readonly GlobPiece[]): GlobPiece[][] {
  const parts: GlobPiece[][] = [[]];
  for (const piece of pieces) {
    const text = typeof piece === 'string' ? piece : piece.literal;
    const wrap = (s: string): GlobPiece => (typeof piece === 'string' ? s : { literal: s });
    let start = 0;
    while (parts.length < 6) {
      const colon = text.indexOf(':', start);
      if (colon < 0) break;
      parts[parts.length - 1].push(wrap(text.slice(start, colon)));
      parts.push([]);
      start = colon + 1;
    }
    parts[parts.length - 1].push(wrap(text.slice(start)));
  }
  return parts;
}

export function compileArnGlobs(pieces: readonly GlobPiece[]): Glob[] | null {
  const parts = splitPieces(pieces);
  return parts.length === 6 ? parts.map((p) => compileGlob(p)) : null;
}

export function arnPartsMatch(globs: readonly Glob[], parts: readonly string[]): boolean {
  for (let i = 0; i < 6; i++) if (!globs[i].matches(parts[i])) return false;
  return true;
}

export function arnLike(pieces: readonly GlobPiece[]): ValueTest {
  const globs = compileArnGlobs(pieces);
  if (!globs) return NEVER;
  return (v) => {
    const parts = splitArn(v);
    return parts !== null && arnPartsMatch(globs, parts);
  };
}
