import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, prefixEnd, toBounds } from './keys.js';

const utf8Order = (a: string, b: string) => Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b)));
// Whole code points of every plane, astral ones included.
const key = fc.string({ unit: 'binary', maxLength: 6 });

describe('compareKeys', () => {
  it('orders as UTF-8 bytes do (SQLite BINARY, S3 listings)', () => {
    fc.assert(fc.property(key, key, (a, b) => Math.sign(compareKeys(a, b)) === utf8Order(a, b)));
    expect(compareKeys('\u{1F600}', '\uFFFD')).toBeGreaterThan(0); // where JavaScript's < disagrees
    expect('\u{1F600}' < '\uFFFD').toBe(true);
  });
});

describe('prefixEnd', () => {
  it('bounds exactly the keys that start with the prefix', () => {
    fc.assert(
      fc.property(key, key, fc.boolean(), (prefix, rest, extend) => {
        const k = extend ? prefix + rest : rest;
        const end = prefixEnd(prefix);
        const inRange = compareKeys(k, prefix) >= 0 && (end === undefined || compareKeys(k, end) < 0);
        return inRange === k.startsWith(prefix);
      }),
    );
  });

  it('carries past U+10FFFF and skips the surrogate block', () => {
    expect(prefixEnd('ab')).toBe('ac');
    expect(prefixEnd('a\u{10FFFF}')).toBe('b');
    expect(prefixEnd('\u{10FFFF}\u{10FFFF}')).toBeUndefined();
    expect(prefixEnd('\uD7FF')).toBe('\uE000');
    expect(prefixEnd('\uFFFF')).toBe('\u{10000}');
  });
});

describe('toBounds', () => {
  it('keeps the tighter bound on each side', () => {
    expect(toBounds({})).toEqual({ lower: undefined, upper: undefined });
    expect(toBounds({ gte: 'a', gt: 'a', lte: 'c', lt: 'c' })).toEqual({
      lower: { key: 'a', inclusive: false },
      upper: { key: 'c', inclusive: false },
    });
    expect(toBounds({ prefix: 'b/', gt: 'a', lt: 'z' })).toEqual({
      lower: { key: 'b/', inclusive: true },
      upper: { key: 'b0', inclusive: false },
    });
    expect(toBounds({ prefix: '', gte: 'q' })).toEqual({ lower: { key: 'q', inclusive: true }, upper: undefined });
  });
});
