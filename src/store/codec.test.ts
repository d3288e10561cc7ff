import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, decodeRepeated, encode } from './codec.js';

describe('codec', () => {
  it('stores a value without bytes as its plain JSON', () => {
    const v = { a: [1, 'x', null], $b64: 'just a key' };
    expect(encode(v)).toBe(JSON.stringify(v));
  });

  it('round-trips any JSON value, with or without bytes beside it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.uint8Array({ maxLength: 8 }), (v, bytes) => {
        const json = JSON.parse(JSON.stringify(v)) as unknown; // what JSON itself keeps (-0 → 0)
        expect(decode(encode(json))).toEqual(json);
        const withBytes = { v: json, bytes };
        expect(decode(encode(withBytes))).toEqual({ v: json, bytes: Buffer.from(bytes) });
      }),
    );
  });

  it('round-trips objects whose keys look like the encoding', () => {
    const dollarKey = fc.string({ maxLength: 5 }).map((s) => `$${s}`);
    fc.assert(
      fc.property(fc.dictionary(dollarKey, fc.oneof(fc.string(), fc.constant('AAAA'))), (o) => {
        const v = { o, bytes: Buffer.from([1]) };
        expect(decode(encode(v))).toEqual(v);
      }),
    );
  });

  it('decodes a text read again to the same value as decode, a copy of its own every time', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.uint8Array({ maxLength: 8 }), (v, bytes) => {
        const text = encode({ v: JSON.parse(JSON.stringify(v)) as unknown, bytes });
        for (let i = 0; i < 2; i++) expect(decodeRepeated(text)).toEqual(decode(text));
      }),
    );
    const text = encode(JSON.parse('{"__proto__": {"x": 1}, "list": [{"n": 1}], "key": "k"}'));
    const first = decodeRepeated<Record<string, unknown>>(text);
    (first.list as { n: number }[])[0].n = 2;
    ((first as { __proto__: { x: number } }).__proto__).x = 2;
    const second = decodeRepeated<Record<string, unknown>>(text);
    expect(second).toEqual(decode(text));
    expect(Object.keys(second)).toEqual(['__proto__', 'list', 'key']);
    expect(Object.getPrototypeOf(second)).toBe(Object.prototype);
    const withBytes = encode({ bytes: Buffer.from([1, 2]) });
    const a = decodeRepeated<{ bytes: Buffer }>(withBytes);
    a.bytes[0] = 9;
    expect(decodeRepeated<{ bytes: Buffer }>(withBytes).bytes).toEqual(Buffer.from([1, 2]));
  });
});
