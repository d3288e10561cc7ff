// Property tests for the matchers: laws that must hold for every input, not just chosen examples.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileConditions, conditionHolds } from '../condition.js';
import { compileGlob } from '../glob.js';
import { OPERATOR_BASES } from '../operator-name.js';

/** Evaluates `{operator: {k: values}}` against a context holding `k` (or not, when value is undefined). */
function holds(operator: string, values: string | string[], value?: string | string[]): boolean {
  const [condition] = compileConditions({ [operator]: { k: values } }, true, '$');
  const context = new Map<string, string | string[]>(value === undefined ? [] : [['k', value]]);
  return conditionHolds(condition, context);
}

const text = fc.string({ unit: 'grapheme-ascii', maxLength: 12 });
const plain = text.filter((s) => !s.includes('*') && !s.includes('?') && !s.includes('$'));
const NEGATED: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
};
const POSITIVE = OPERATOR_BASES.filter((op) => !(op in NEGATED) && op !== 'Null');

describe('glob', () => {
  it('`*` matches everything, newlines and colons included', () => {
    fc.assert(fc.property(fc.string(), (s) => compileGlob('*').matches(s)));
  });

  it('a pattern without wildcards matches only itself', () => {
    fc.assert(fc.property(plain, plain, (a, b) => compileGlob(a).matches(b) === (a === b)));
  });

  it('replacing any slice of a string with `*` still matches it', () => {
    fc.assert(
      fc.property(plain, fc.nat(), fc.nat(), (s, i, j) => {
        const [from, to] = [i % (s.length + 1), j % (s.length + 1)].sort((a, b) => a - b);
        return compileGlob(s.slice(0, from) + '*' + s.slice(to)).matches(s);
      }),
    );
  });

  it('`?` matches exactly one character', () => {
    fc.assert(fc.property(plain, (s) => compileGlob('?'.repeat(s.length)).matches(s) && !compileGlob('?'.repeat(s.length + 1)).matches(s)));
  });

  it('agrees with a reference regular expression on random patterns', () => {
    const pattern = fc.array(fc.constantFrom('a', 'b', '*', '?', ':'), { maxLength: 8 }).map((a) => a.join(''));
    const subject = fc.array(fc.constantFrom('a', 'b', ':'), { maxLength: 10 }).map((a) => a.join(''));
    fc.assert(
      fc.property(pattern, subject, (p, s) => {
        const regex = new RegExp('^' + p.replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's');
        return compileGlob(p).matches(s) === regex.test(s);
      }),
    );
  });
});

describe('string operators', () => {
  it('StringLike without wildcards is StringEquals', () => {
    fc.assert(fc.property(plain, plain, (p, v) => holds('StringLike', p, v) === holds('StringEquals', p, v)));
  });

  it('StringEquals treats `*` and `?` literally', () => {
    fc.assert(fc.property(plain, (s) => !holds('StringEquals', '*', s || 'x') || s === '*'));
  });

  it('StringEqualsIgnoreCase ignores ASCII case', () => {
    fc.assert(fc.property(plain, (s) => holds('StringEqualsIgnoreCase', s.toUpperCase(), s.toLowerCase())));
  });
});

describe('negated operators', () => {
  const sample = fc.constantFrom('a', 'A', '10', '10.5', '2024-01-01T00:00:00Z', '1704067200', '10.0.0.1', '10.0.0.0/8', '::1', 'arn:aws:s3:::b/k', 'arn:aws:s3:::b/*', 'dHJ1ZQ==', 'true');

  it('are the complement of their positive form when the key is present', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(NEGATED)), fc.array(sample, { minLength: 1, maxLength: 3 }), sample, (op, values, v) => {
        return holds(op, values, v) === !holds(NEGATED[op], values, v);
      }),
    );
  });

  it('hold on a missing key, where positive operators do not', () => {
    for (const op of Object.keys(NEGATED)) expect(holds(op, 'x'), op).toBe(true);
    for (const op of POSITIVE) expect(holds(op, 'x'), op).toBe(false);
  });

  it('every …IfExists form holds on a missing key', () => {
    for (const op of OPERATOR_BASES.filter((o) => o !== 'Null')) expect(holds(`${op}IfExists`, 'x'), op).toBe(true);
  });
});

describe('set operators', () => {
  const values = fc.array(plain, { maxLength: 4 });

  it('ForAllValues is true on a missing or empty key, ForAnyValue false', () => {
    fc.assert(
      fc.property(values, (policy) => {
        const p = policy.length ? policy : ['x'];
        return holds('ForAllValues:StringEquals', p) && holds('ForAllValues:StringEquals', p, []) && !holds('ForAnyValue:StringEquals', p) && !holds('ForAnyValue:StringEquals', p, []);
      }),
    );
  });

  it('ForAllValues:Op holds iff every request value satisfies Op, negation applied per value', () => {
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 3 }), values, (policy, request) => {
        const all = request.every((v) => policy.includes(v));
        const none = request.every((v) => !policy.includes(v));
        return holds('ForAllValues:StringEquals', policy, request) === all && holds('ForAllValues:StringNotEquals', policy, request) === none;
      }),
    );
  });

  it('ForAnyValue:Op holds iff some request value satisfies Op', () => {
    fc.assert(
      fc.property(fc.array(plain, { minLength: 1, maxLength: 3 }), values, (policy, request) => {
        return holds('ForAnyValue:StringEquals', policy, request) === request.some((v) => policy.includes(v)) &&
          holds('ForAnyValue:StringNotEquals', policy, request) === request.some((v) => !policy.includes(v));
      }),
    );
  });
});

describe('numeric, date and IP operators', () => {
  it('NumericLessThan orders integers and decimals as numbers', () => {
    fc.assert(fc.property(fc.integer(), fc.integer(), (a, b) => holds('NumericLessThan', String(b), String(a)) === a < b));
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), (a) => holds('NumericEquals', a.toFixed(3), a.toFixed(3))));
  });

  it('rejects junk numbers on either side', () => {
    fc.assert(fc.property(fc.integer(), (n) => !holds('NumericEquals', `${n}abc`, String(n)) && !holds('NumericEquals', String(n), `${n}abc`)));
  });

  it('compares epoch seconds and ISO instants as the same instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (seconds) => {
        const iso = new Date(seconds * 1000).toISOString();
        return holds('DateEquals', String(seconds), iso) && holds('DateEquals', iso, String(seconds)) && holds('DateLessThan', iso, String(seconds - 1));
      }),
    );
  });

  const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((t) => t.join('.'));

  it('0.0.0.0/0 contains every IPv4 address and no IPv6 address', () => {
    fc.assert(fc.property(ipv4, (ip) => holds('IpAddress', '0.0.0.0/0', ip) && !holds('IpAddress', '::/0', ip)));
    fc.assert(fc.property(fc.ipV6(), (ip) => holds('IpAddress', '::/0', ip) && !holds('IpAddress', '0.0.0.0/0', ip)));
  });

  it('a bare address is a /32 that contains only itself', () => {
    fc.assert(fc.property(ipv4, ipv4, (a, b) => holds('IpAddress', a, b) === (a === b) && holds('IpAddress', `${a}/32`, b) === (a === b)));
  });

  it('a /n range contains the addresses that share the first n bits', () => {
    fc.assert(
      fc.property(fc.nat(0xffffffff), fc.nat(0xffffffff), fc.integer({ min: 0, max: 32 }), (x, y, n) => {
        const dotted = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
        const same = n === 0 || x >>> (32 - n) === y >>> (32 - n);
        return holds('IpAddress', `${dotted(x)}/${n}`, dotted(y)) === same;
      }),
    );
  });
});

describe('ARN operators', () => {
  const segment = fc.string({ unit: fc.constantFrom('a', 'b', '1', '/', '-'), maxLength: 6 });
  const arn = fc.tuple(segment, segment, segment, segment, fc.string({ unit: fc.constantFrom('a', ':', '/'), maxLength: 8 })).map(
    ([p, s, r, a, res]) => `arn:${p}:${s}:${r}:${a}:${res}`,
  );

  it('ArnEquals and ArnLike are the same operator', () => {
    fc.assert(fc.property(arn, arn, (p, v) => holds('ArnEquals', p, v) === holds('ArnLike', p, v)));
  });

  it('`arn:*:*:*:*:*` matches every ARN and a `*` per part never crosses a colon', () => {
    fc.assert(fc.property(arn, (v) => holds('ArnLike', 'arn:*:*:*:*:*', v)));
    expect(holds('ArnLike', 'arn:aws:someservice:*:111122223333:finance/*', 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt')).toBe(false);
    expect(holds('StringLike', 'arn:aws:someservice:*:111122223333:finance/*', 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt')).toBe(true);
  });

  it('a value with fewer than six parts matches nothing', () => {
    fc.assert(fc.property(segment, (s) => !holds('ArnLike', 'arn:*:*:*:*:*', `arn:aws:${s}`) && !holds('ArnLike', `arn:aws:${s}`, `arn:aws:${s}`)));
  });
});
