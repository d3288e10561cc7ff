import { describe, expect, it } from 'vitest';
import { findDuplicateKeys } from './duplicate-keys.js';

describe('findDuplicateKeys', () => {
  it('finds a repeated key with its path, at any depth', () => {
    expect(findDuplicateKeys('{"a":1,"b":{"c":[1,{"d":1,"d":2}],"c":3},"a":"x"}')).toEqual([
      { path: '$.b.c[1].d', key: 'd' },
      { path: '$.b.c', key: 'c' },
      { path: '$.a', key: 'a' },
    ]);
  });
  it('compares decoded keys and survives escapes, whitespace and empty containers', () => {
    expect(findDuplicateKeys(' { "a\\"b" : [ ] , "a\\u0022b" : { } , "s" : "x\\\\\\"}" , "t": true } ')).toEqual([{ path: '$["a\\"b"]', key: 'a"b' }]);
  });
  it('finds nothing in ordinary JSON', () => {
    expect(findDuplicateKeys('{"Version":"2012-10-17","Statement":[{"Sid":"a"},{"Sid":"a"}]}')).toEqual([]);
    expect(findDuplicateKeys('[1, "a", null, -2.5e3]')).toEqual([]);
  });
});
