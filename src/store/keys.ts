// Key order, key ranges and argument checks, shared by both backends so that they cannot disagree.
import type { Range } from './types.js';

/**
 * Compares keys by Unicode code point, which is UTF-8 byte order: the order of SQLite's BINARY
 * collation (the sqlite backend) and of S3 listings. JavaScript's `<` compares UTF-16 code units
 * instead, which puts astral characters (surrogate pairs, D800–DFFF) before U+E000–U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x >= 0xd800 && y >= 0xd800 ? codePointRank(x) - codePointRank(y) : x - y;
  }
  return a.length - b.length;
}

/** Moves surrogates above U+E000–U+FFFF, where the code points they encode belong. */
function codePointRank(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

export interface Bound {
  readonly key: string;
  readonly inclusive: boolean;
}

/** A range reduced to at most one lower and one upper bound. */
export interface Bounds {
  readonly lower?: Bound;
  readonly upper?: Bound;
}

/** The tightest lower and upper bound that `range` implies. */
export function toBounds(range: Range): Bounds {
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  const tightenLower = (key: string | undefined, inclusive: boolean) => {
    if (key === undefined) return;
    checkKey(key);
    const c = lower === undefined ? 1 : compareKeys(key, lower.key);
    if (c > 0 || (c === 0 && !inclusive)) lower = { key, inclusive };
  };
  const tightenUpper = (key: string | undefined, inclusive: boolean) => {
    if (key === undefined) return;
    checkKey(key);
    const c = upper === undefined ? -1 : compareKeys(key, upper.key);
    if (c < 0 || (c === 0 && !inclusive)) upper = { key, inclusive };
  };
  tightenLower(range.gte, true);
  tightenLower(range.gt, false);
  tightenUpper(range.lte, true);
  tightenUpper(range.lt, false);
  if (range.prefix !== undefined && range.prefix !== '') {
    tightenLower(range.prefix, true);
    tightenUpper(prefixEnd(range.prefix), false);
  }
  return { lower, upper };
}

/**
 * The least key greater than every key that starts with `prefix` (its last code point plus one),
 * or undefined when there is none (a prefix of only U+10FFFF). Turns a prefix into a key range,
 * which an index can serve; `LIKE`/`GLOB` could not without changing SQLite's case rules.
 */
export function prefixEnd(prefix: string): string | undefined {
  // The common case, a last character of the Basic Multilingual Plane below the surrogates.
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last < 0xd7ff) return prefix.slice(0, -1) + String.fromCharCode(last + 1);
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // Skip the surrogate block: those are not characters, and keys cannot contain them.
      points.push(String.fromCodePoint(last + 1 === 0xd800 ? 0xe000 : last + 1));
      return points.join('');
    }
  }
  return undefined;
}

/** Table and topic names: any non-empty string without lone surrogates. */
export function checkName(what: 'table' | 'topic', name: string): void {
  if (typeof name !== 'string' || name === '' || !wellFormed(name)) {
    throw new TypeError(`store: a ${what} name must be a non-empty string, not ${describe(name)}`);
  }
}

/**
 * Keys: any string without lone surrogates (the empty string too). A lone surrogate has no UTF-8
 * form: SQLite would store U+FFFD, so two different keys would collide.
 */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || !wellFormed(key)) {
    throw new TypeError(`store: a key must be a string of whole characters, not ${describe(key)}`);
  }
}

const RANGE_OPTIONS = new Set(['prefix', 'gt', 'gte', 'lt', 'lte']);
const SCAN_OPTIONS = new Set([...RANGE_OPTIONS, 'limit', 'reverse']);

/** Refuses options it does not know (a `start` meant as a bound would otherwise scan everything). */
export function checkOptions(options: object, scan: boolean): void {
  const known = scan ? SCAN_OPTIONS : RANGE_OPTIONS;
  for (const k in options) {
    if (!known.has(k)) throw new TypeError(`store: unknown ${scan ? 'scan' : 'range'} option \`${k}\` (known: ${[...known].join(', ')})`);
  }
}

/** Limits and seqs: non-negative safe integers. */
export function checkCount(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`store: ${what} must be a non-negative integer, not ${describe(n)}`);
}

// String.prototype.isWellFormed is in Node 20 (V8 11.3) but not in TypeScript's ES2023 lib.
const isWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean }).isWellFormed;
const wellFormed = (s: string): boolean => isWellFormed.call(s);

function describe(x: unknown): string {
  return typeof x === 'string' ? `\`${JSON.stringify(x).slice(1, -1)}\`` : typeof x === 'number' ? String(x) : typeof x;
}
