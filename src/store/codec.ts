// Values to text and back. Both backends store this text, so both give back the same values: a
// fresh copy on every read, `Buffer` for bytes, nothing JSON cannot say.
//
// Most values hold no bytes and are stored as plain JSON, read back with a plain JSON.parse (the
// fast path: CloudTrail events are appended by the hundred thousand). A value that holds bytes is
// stored as `~` + JSON in which each byte array is `{"$b64": "<base64>"}` and every object key that
// starts with `$` gets one more `$`, so no object of the caller's can pass for a byte array. JSON
// never starts with `~`, so the first character tells the two forms apart. Base64 costs a third more
// space; the bytes kept in records (key material, digests) are small, and bodies go to the blobs.

const BYTES = '$b64';
const TAGGED = '~';
const MAX_DEPTH = 256;

/** Text for `value`; throws a TypeError naming the path of anything it cannot store faithfully. */
export function encode(value: unknown): string {
  let hasBytes: boolean;
  try {
    if (value === undefined) throw new Unstorable('undefined');
    hasBytes = inspect(value, 0);
  } catch (e) {
    if (e instanceof Unstorable) {
      const at = e.path.length === 0 ? '' : ` at \`${e.path.reverse().join('')}\``;
      throw new TypeError(`store: cannot store ${e.what}${at}`);
    }
    throw e;
  }
  return hasBytes ? TAGGED + JSON.stringify(tag(value)) : JSON.stringify(value);
}

export function decode<T>(text: string): T {
  return (text.charCodeAt(0) === 0x7e ? untag(JSON.parse(text.slice(1))) : JSON.parse(text)) as T;
}

// Records read again and again (a key, a bucket, a user, the trails) are decoded once: the value
// is kept by its text, and each read gets a copy, which costs a quarter of parsing the text again
// (bench/kms, bench/validate). The text is the key, so a changed record is simply another entry.
// Bounded by the texts' total length; emptied when full. Only for point reads and scans, not for
// queue items read once.
const decoded = new Map<string, unknown>();
let decodedChars = 0;
const MAX_DECODED_CHARS = 4 * 1024 * 1024;
const MAX_DECODED_LENGTH = 16 * 1024;

/** `decode`, remembering the value of a text read before. Every call gets its own copy. */
export function decodeRepeated<T>(text: string): T {
  if (text.length > MAX_DECODED_LENGTH) return decode<T>(text);
  let value = decoded.get(text);
  if (value === undefined) {
    if (decodedChars + text.length > MAX_DECODED_CHARS) {
      decoded.clear();
      decodedChars = 0;
    }
    value = decode(text);
    decoded.set(text, value);
    decodedChars += text.length;
  }
  return copy(value) as T;
}

/** A deep copy of a decoded value: plain objects, arrays, Buffers and JSON primitives. */
function copy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copy(v[i]);
    return out;
  }
  if (v instanceof Uint8Array) return Buffer.from(v);
  const out: Record<string, unknown> = {};
  for (const k in v) setOwn(out, k, copy((v as Record<string, unknown>)[k]));
  return out;
}

class Unstorable extends Error {
  readonly path: string[] = [];
  constructor(readonly what: string) {
    super(what);
  }
}

/** Checks that JSON can carry `v` unchanged (bytes aside); true when it holds bytes. */
function inspect(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return false;
    case 'number':
      if (Number.isFinite(v)) return false;
      throw new Unstorable(String(v));
    case 'object': {
      if (v === null) return false;
      if (depth >= MAX_DEPTH) throw new Unstorable(`values nested deeper than ${MAX_DEPTH} levels (a cycle?)`);
      if (Array.isArray(v)) {
        let hasBytes = false;
        for (let i = 0; i < v.length; i++) {
          try {
            if (v[i] === undefined) throw new Unstorable('undefined in an array');
            if (inspect(v[i], depth + 1)) hasBytes = true;
          } catch (e) {
            if (e instanceof Unstorable) e.path.push(`[${i}]`);
            throw e;
          }
        }
        return hasBytes;
      }
      if (v instanceof Uint8Array) return true;
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new Unstorable(`a ${(v as object).constructor?.name ?? 'non-plain'} object`);
      }
      let hasBytes = false;
      for (const k in v) {
        const item = (v as Record<string, unknown>)[k];
        if (item === undefined) continue;
        try {
          if (inspect(item, depth + 1)) hasBytes = true;
        } catch (e) {
          if (e instanceof Unstorable) e.path.push(`.${k}`);
          throw e;
        }
      }
      return hasBytes;
    }
    default:
      throw new Unstorable(`a ${typeof v}`);
  }
}

/** A JSON-ready copy of an inspected value: bytes wrapped, `$` keys escaped. */
function tag(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) return v.map(tag);
  if (v instanceof Uint8Array) return { [BYTES]: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const item = (v as Record<string, unknown>)[k];
    if (item !== undefined) setOwn(out, k.startsWith('$') ? `$${k}` : k, tag(item));
  }
  return out;
}

/**
 * The inverse of `tag`, on freshly parsed JSON, which it reuses: arrays, and objects without an
 * escaped (`$`) key, are changed in place rather than copied.
 */
function untag(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = untag(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0] === BYTES) return Buffer.from(o[BYTES] as string, 'base64');
  if (!keys.some((k) => k.charCodeAt(0) === 0x24)) {
    for (const k of keys) setOwn(o, k, untag(o[k]));
    return o;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) setOwn(out, k.startsWith('$') ? k.slice(1) : k, untag(o[k]));
  return out;
}

/** Assignment that also works for a key named `__proto__` (JSON.parse makes it an own property). */
function setOwn(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
