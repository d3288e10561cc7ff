// The operator table: every base operator is a small object (principle 8). `Null` has no value
// comparison; the condition evaluator handles it as a presence test.
import type { OperatorBase } from '../operator-name.js';
import { arnLike } from './arn.js';
import { binaryEquals, bool } from './bool-binary.js';
import { date } from './date.js';
import { ipAddress } from './ip.js';
import { eq, ge, gt, le, lt, numeric } from './numeric.js';
import { NEVER, type OperatorDef } from './operator.js';
import { stringEquals, stringEqualsIgnoreCase, stringLike } from './string.js';

const op = (compile: OperatorDef['compile'], negated = false, variables = false): OperatorDef => ({
  compile,
  negated,
  variables,
});

export const OPERATORS: Readonly<Record<OperatorBase, OperatorDef>> = {
  StringEquals: op(stringEquals, false, true),
  StringNotEquals: op(stringEquals, true, true),
  StringEqualsIgnoreCase: op(stringEqualsIgnoreCase, false, true),
  StringNotEqualsIgnoreCase: op(stringEqualsIgnoreCase, true, true),
  StringLike: op(stringLike, false, true),
  StringNotLike: op(stringLike, true, true),
  NumericEquals: op(numeric(eq)),
  NumericNotEquals: op(numeric(eq), true),
  NumericLessThan: op(numeric(lt)),
  NumericLessThanEquals: op(numeric(le)),
  NumericGreaterThan: op(numeric(gt)),
  NumericGreaterThanEquals: op(numeric(ge)),
  DateEquals: op(date(eq)),
  DateNotEquals: op(date(eq), true),
  DateLessThan: op(date(lt)),
  DateLessThanEquals: op(date(le)),
  DateGreaterThan: op(date(gt)),
  DateGreaterThanEquals: op(date(ge)),
  // Decision: variables are not substituted in Bool values. The operators page and the variables
  // page disagree (§4.11 item 3); the variables page is the one that lists where they work.
  Bool: op(bool),
  BinaryEquals: op(binaryEquals),
  IpAddress: op(ipAddress),
  NotIpAddress: op(ipAddress, true),
  ArnEquals: op(arnLike, false, true),
  ArnLike: op(arnLike, false, true),
  ArnNotEquals: op(arnLike, true, true),
  ArnNotLike: op(arnLike, true, true),
  Null: op(() => NEVER),
};

export type { OperatorDef, ValueTest } from './operator.js';
