import { describe, expect, it } from 'vitest';
import { compactJson, iamPolicySize } from './size.js';

describe('size measures', () => {
  it('compactJson drops whitespace between tokens only', () => {
    expect(compactJson('{ "a b" : [ 1 ,\n\t"c\\" d" ] }')).toBe('{"a b":[1,"c\\" d"]}');
    expect(compactJson('"x\\\\" ')).toBe('"x\\\\"');
  });
  it('iamPolicySize counts code points other than whitespace, inside strings too', () => {
    expect(iamPolicySize('{ "a b": "\u2603" }')).toBe(10); // {"ab":"☃"}
  });
});
