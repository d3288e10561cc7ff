import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { prefixEnd } from '../../store/index.js';
import { listKeys } from './list-objects.js';
import { T, objectKey } from './records.js';

function bucketWith(keys: string[]) {
  const store = openStore({ data: ':memory:' });
  store.transaction((tx) => {
    for (const Key of keys) tx.put(T.objects, objectKey('b', Key), { Key });
    tx.put(T.objects, objectKey('bb', 'other-bucket'), { Key: 'other-bucket' });
  });
  return (options: Parameters<typeof listKeys>[2]) => store.transaction((tx) => listKeys(tx, 'b', options));
}

const keysOf = (l: ReturnType<typeof listKeys>) => l.contents.map((r) => r.Key);

describe('listKeys', () => {
  const list = bucketWith(['a', 'b/1', 'b/2', 'b/3/x', 'c', 'd/1', 'é', '😀']);

  it('lists one bucket in UTF-8 byte order, astral characters last', () => {
    expect(keysOf(list({ prefix: '', maxKeys: 1000 }))).toEqual(['a', 'b/1', 'b/2', 'b/3/x', 'c', 'd/1', 'é', '😀']);
  });

  it('rolls keys up to the delimiter into common prefixes that count once', () => {
    const page = list({ prefix: '', delimiter: '/', maxKeys: 3 });
    expect(keysOf(page)).toEqual(['a', 'c']);
    expect(page.commonPrefixes).toEqual(['b/']);
    expect(page.truncated).toBe(true);
    expect(page.last).toBe('c');
    const next = list({ prefix: '', delimiter: '/', maxKeys: 3, after: page.last });
    expect(next.commonPrefixes).toEqual(['d/']);
    expect(keysOf(next)).toEqual(['é', '😀']);
    expect(next.truncated).toBe(false);
  });

  it('lists under a prefix, with nested rollups, and starts after a marker inside a common prefix', () => {
    const page = list({ prefix: 'b/', delimiter: '/', maxKeys: 10 });
    expect(keysOf(page)).toEqual(['b/1', 'b/2']);
    expect(page.commonPrefixes).toEqual(['b/3/']);
    const after = list({ prefix: '', delimiter: '/', maxKeys: 10, after: 'b/' });
    expect(after.commonPrefixes).toEqual(['d/']);
    expect(keysOf(after)).toEqual(['c', 'é', '😀']);
  });

  it('pages exactly at max-keys and answers an empty page for max-keys 0', () => {
    const first = list({ prefix: '', maxKeys: 2 });
    expect(keysOf(first)).toEqual(['a', 'b/1']);
    expect(first.truncated).toBe(true);
    expect(keysOf(list({ prefix: '', maxKeys: 8 })).length).toBe(8);
    expect(list({ prefix: '', maxKeys: 8 }).truncated).toBe(false);
    expect(list({ prefix: '', maxKeys: 0 })).toEqual({ contents: [], commonPrefixes: [], truncated: false });
  });
});

it('prefixEnd is the least string above every string with the prefix', () => {
  expect(prefixEnd('ab')).toBe('ac');
  expect(prefixEnd('a\u{10FFFF}')).toBe('b');
  expect(prefixEnd('\u{10FFFF}')).toBeUndefined();
  expect(prefixEnd('a\uD7FF')).toBe('a\uE000');
});
