import type { GlobPiece } from '../glob.js';

/** Tests one request value against one compiled policy value (the positive comparison). */
export type ValueTest = (requestValue: string) => boolean;

export const NEVER: ValueTest = () => false;

/**
 * One condition operator. Negated operators (`StringNotEquals`, `NotIpAddress`, ...) reuse the
 * positive comparison: the condition holds when no policy value matches (NOR), and on a missing key
 * (policy-semantics.md §4.5).
 */
export interface OperatorDef {
  readonly negated: boolean;
  /** Policy variables are substituted in this operator's values (String* and Arn* only, §4.7). */
  readonly variables: boolean;
  /** Compiles one policy value. Values that can never match (junk numbers, bad CIDRs) compile to NEVER. */
  readonly compile: (pieces: readonly GlobPiece[]) => ValueTest;
}
