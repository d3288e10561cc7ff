// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
import type { GlobPiece } from '../glob.js';
import { joinPieces } from '../template.js';
import { NEVER, type ValueTest } from './operator.js';

// Integers and decimals only: junk such as `10abc`, `0x10`, `1e3` or an empty string is not a
// number (policy-semantics.md §4.6); a policy value like that never matches.
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

export function parseNumber(text: string): number | null {
  const t = text.trim();
  return NUMBER.test(t) ? Number(t) : null;
}

export type Compare = (request: number, policy: number) => boolean;

export function numeric(compare: Compare): (pieces: readonly GlobPiece[]) => ValueTest {
  return (pieces) => {
    const policy = parseNumber(joinPieces(pieces));
    if (policy === null) return NEVER;
    return (v) => {
      const request = parseNumber(v);
      return request !== null && compare(request, policy);
    };
  };
}

export const eq: Compare = (a, b) => a === b;
export const lt: Compare = (a, b) => a < b;
export const le: Compare = (a, b) => a <= b;
export const gt: Compare = (a, b) => a > b;
export const ge: Compare = (a, b) => a >= b;
