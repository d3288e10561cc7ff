import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode } from './codec.js';

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
});
