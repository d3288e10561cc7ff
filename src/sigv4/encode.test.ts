// URI encoding, canonical URI and query, header values and dates.
import { describe, expect, it } from 'vitest';
import { canonicalHeaderValue } from './canonical.js';
import { canonicalQuery, canonicalUri, percentDecode, queryParameters, uriEncode } from './encode.js';
import { isoBasic, isoSeconds, parseAmzDate, parseHttpDate } from './time.js';

describe('uriEncode', () => {
  it('keeps unreserved characters, encodes the rest as upper-case %XX of the UTF-8 bytes', () => {
    expect(uriEncode('AZaz09-._~', false)).toBe('AZaz09-._~');
    expect(uriEncode(" !\"#$%&'()*+,/:;=?@[]", false)).toBe('%20%21%22%23%24%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3D%3F%40%5B%5D');
    expect(uriEncode('ሴ', false)).toBe('%E1%88%B4');
    expect(uriEncode('😀', false)).toBe('%F0%9F%98%80');
  });

  it('keeps `/` in paths only', () => {
    expect(uriEncode('a/b', true)).toBe('a/b');
    expect(uriEncode('a/b', false)).toBe('a%2Fb');
  });
});

describe('percentDecode', () => {
  it('decodes %XX in either case, leaves a stray % as it is', () => {
    expect(percentDecode('a%2fb%2Fc', false).toString()).toBe('a/b/c');
    expect(percentDecode('100%', false).toString()).toBe('100%');
    expect(percentDecode('%zz%4', false).toString()).toBe('%zz%4');
    expect(percentDecode('%E1%88%B4x', false).toString()).toBe('ሴx');
  });

  it('reads `+` as a space in query components only', () => {
    expect(percentDecode('a+b', true).toString()).toBe('a b');
    expect(percentDecode('a+b', false).toString()).toBe('a+b');
  });
});

describe('canonicalUri', () => {
  it('other services: normalises dot segments and empty segments, then encodes each segment again', () => {
    expect(canonicalUri('/', false)).toBe('/');
    expect(canonicalUri('', false)).toBe('/');
    expect(canonicalUri('/example/..', false)).toBe('/');
    expect(canonicalUri('//example//', false)).toBe('/example/');
    expect(canonicalUri('/./example', false)).toBe('/example');
    expect(canonicalUri('/a/b/../c/./d', false)).toBe('/a/c/d');
    // The wire path is already encoded once; SigV4 encodes it a second time.
    expect(canonicalUri('/2015-03-31/functions/my%3Afn/invocations', false)).toBe('/2015-03-31/functions/my%253Afn/invocations');
  });

  it('S3: no normalisation, no double encoding, canonical re-encoding of what was received', () => {
    expect(canonicalUri('/bucket//a/./b/../c', true)).toBe('/bucket//a/./b/../c');
    expect(canonicalUri('/bucket/a%20b%2Bc', true)).toBe('/bucket/a%20b%2Bc');
    expect(canonicalUri('/bucket/a%2bc%7E', true)).toBe('/bucket/a%2Bc~');
    expect(canonicalUri('/bucket/a b+c', true)).toBe('/bucket/a%20b%2Bc');
    expect(canonicalUri('/bucket/a%2Fb', true)).toBe('/bucket/a/b');
  });
});

describe('canonicalQuery', () => {
  it('sorts by name then value, encodes both, keeps empty values', () => {
    expect(canonicalQuery('Param2=value2&Param1=value1', false)).toBe('Param1=value1&Param2=value2');
    expect(canonicalQuery('Param1=value2&Param1=Value1', false)).toBe('Param1=Value1&Param1=value2');
    expect(canonicalQuery('b&a=', false)).toBe('a=&b=');
    expect(canonicalQuery('prefix=a%2Fb&delimiter=%2f', false)).toBe('delimiter=%2F&prefix=a%2Fb');
    expect(canonicalQuery('ሴ=bar', false)).toBe('%E1%88%B4=bar');
  });

  it('sorts by name before value, not by the joined text', () => {
    expect(canonicalQuery('a-b=1&a=2', false)).toBe('a=2&a-b=1');
  });

  it('reads `+` as a space, skips empty parts, drops X-Amz-Signature for presigned URLs', () => {
    expect(canonicalQuery('q=a+b&&', false)).toBe('q=a%20b');
    expect(canonicalQuery('X-Amz-Signature=abc&X-Amz-Date=1', true)).toBe('X-Amz-Date=1');
    expect(canonicalQuery('X-Amz-Signature=abc', false)).toBe('X-Amz-Signature=abc');
  });

  it('queryParameters decodes names and values, first occurrence wins', () => {
    const params = queryParameters('X-Amz-Credential=AKID%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&a=1&a=2&flag');
    expect(params.get('X-Amz-Credential')).toBe('AKID/20240501/us-east-1/s3/aws4_request');
    expect(params.get('a')).toBe('1');
    expect(params.get('flag')).toBe('');
  });
});

describe('canonicalHeaderValue', () => {
  it('trims, collapses inner whitespace, joins repeated lines with a comma', () => {
    expect(canonicalHeaderValue('  "a   b   c"  ')).toBe('"a b c"');
    expect(canonicalHeaderValue('a\tb')).toBe('a b');
    expect(canonicalHeaderValue(['value2', ' value2 ', 'value1'])).toBe('value2,value2,value1');
    expect(canonicalHeaderValue(undefined)).toBe('');
  });
});

describe('dates', () => {
  it('parses X-Amz-Date strictly', () => {
    expect(parseAmzDate('20150830T123600Z')).toEqual(new Date('2015-08-30T12:36:00Z'));
    for (const bad of ['20150830T123600', '2015-08-30T12:36:00Z', '20150230T123600Z', '20150830T246000Z', '']) expect(parseAmzDate(bad)).toBeUndefined();
  });

  it('parses the three HTTP date forms', () => {
    const t = new Date('1994-11-06T08:49:37Z');
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toEqual(t);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toEqual(t);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toEqual(t);
    expect(parseHttpDate('yesterday')).toBeUndefined();
  });

  it('formats the basic and the S3 ServerTime forms, whole seconds', () => {
    const t = new Date('2015-08-30T12:36:00.789Z');
    expect(isoBasic(t)).toBe('20150830T123600Z');
    expect(isoSeconds(t)).toBe('2015-08-30T12:36:00Z');
  });
});
