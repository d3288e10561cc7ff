// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
// Values are W3C ISO 8601 profiles (https://www.w3.org/TR/NOTE-datetime) or epoch seconds; both
// sides are normalised to milliseconds before comparing (iam-simulate mixes seconds and
// milliseconds, policy-semantics.md §5 item 5).
import type { GlobPiece } from '../glob.js';
import { joinPieces } from '../template.js';
import type { Compare } from './numeric.js';
import { NEVER, type ValueTest } from './operator.js';

const EPOCH_SECONDS = /^[+-]?\d+(?:\.\d+)?$/;
const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

/**
 * Milliseconds since the epoch, or null. Decision: a value of digits only is epoch seconds, even
 * when it could be read as a bare year (`2016`), because `aws:EpochTime` is compared with Date
 * operators and AWS documents epoch values as valid Date operands. A time without a zone is UTC.
 */
export function parseDate(text: string): number | null {
  const t = text.trim();
  if (EPOCH_SECONDS.test(t)) return Number(t) * 1000;
  const m = ISO.exec(t);
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 24 || Number(mi) > 59 || Number(s) > 60) {
    return null;
  }
  let ms = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s)) + Math.round(Number('0' + frac) * 1000);
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    ms -= sign * offset * 60_000;
  }
  return ms;
}

export function date(compare: Compare): (pieces: readonly GlobPiece[]) => ValueTest {
  return (pieces) => {
    const policy = parseDate(joinPieces(pieces));
    if (policy === null) return NEVER;
    return (v) => {
      const request = parseDate(v);
      return request !== null && compare(request, policy);
    };
  };
}
