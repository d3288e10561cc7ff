// The read cache: hits skip the backend; writes, rollbacks and other connections' commits are
// never hidden by it. The contract suite (store.test.ts) runs the whole Store over it too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeOver } from './backend.js';
import { MemoryBlobs } from './blobs.js';
import { openStore } from './index.js';
import { MemoryBackend } from './memory.js';
import { ReadCache } from './read-cache.js';

/** A memory backend that counts the reads reaching it and whose data version the test moves. */
class CountingBackend extends MemoryBackend {
  reads = 0;
  version = 0;
  dataVersion(): number {
    return this.version;
  }
  override get(table: string, key: string) {
    this.reads++;
    return super.get(table, key);
  }
  override scan(...args: Parameters<MemoryBackend['scan']>) {
    this.reads++;
    return super.scan(...args);
  }
  override count(...args: Parameters<MemoryBackend['count']>) {
    this.reads++;
    return super.count(...args);
  }
}

function cached() {
  const backend = new CountingBackend();
  const store = storeOver(new ReadCache(backend), new MemoryBlobs());
  store.transaction((tx) => {
    tx.put('t', 'a', { n: 1 });
    tx.put('t', 'b', { n: 2 });
  });
  backend.reads = 0;
  return { backend, store };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('read cache', () => {
  it('answers repeated gets, scans and counts without the backend, absent keys included', () => {
    const { backend, store } = cached();
    for (let i = 0; i < 3; i++) {
      expect(store.get('t', 'a')).toEqual({ n: 1 });
      expect(store.get('t', 'missing')).toBeUndefined();
      expect(store.scan('t', { prefix: 'a' })).toEqual([{ key: 'a', value: { n: 1 } }]);
      expect(store.scan('t', { reverse: true, limit: 1 })).toEqual([{ key: 'b', value: { n: 2 } }]);
      expect(store.count('t')).toBe(2);
    }
    // 'a' was cached when it was written; the absent key, two scans and the count were read once.
    expect(backend.reads).toBe(4);
  });

  it('tells scans with different bounds apart, whatever characters their keys hold', () => {
    const { store } = cached();
    store.transaction((tx) => {
      tx.put('t', 'a|b', 1);
      tx.put('t', 'a', 2);
    });
    expect(store.scan('t', { gte: 'a|', lt: 'b' }).map((e) => e.key)).toEqual(['a|b']);
    expect(store.scan('t', { gte: 'a', lt: '|b' }).map((e) => e.key)).toEqual(['a', 'a|b', 'b']);
    expect(store.scan('t', { gt: 'a', lt: 'b' }).map((e) => e.key)).toEqual(['a|b']);
    expect(store.scan('t', { gte: 'a', lt: 'b' }).map((e) => e.key)).toEqual(['a', 'a|b']);
  });

  it('gives every reader its own copy: changing a value read does not change the next read', () => {
    const { store } = cached();
    (store.get<{ n: number }>('t', 'a')!).n = 99;
    (store.scan<{ n: number }>('t')[0].value as { n: number }).n = 99;
    expect(store.get('t', 'a')).toEqual({ n: 1 });
    expect(store.scan('t')[0].value).toEqual({ n: 1 });
  });

  it('shows a transaction its own writes in gets, scans and counts', () => {
    const { store } = cached();
    store.scan('t');
    store.count('t');
    store.transaction((tx) => {
      tx.put('t', 'c', 3);
      expect(tx.get('t', 'c')).toBe(3);
      expect(tx.count('t')).toBe(3);
      tx.delete('t', 'a');
      expect(tx.get('t', 'a')).toBeUndefined();
      expect(tx.scan('t').map((e) => e.key)).toEqual(['b', 'c']);
      tx.deleteRange('t', { prefix: 'b' });
      expect(tx.get('t', 'b')).toBeUndefined();
      tx.clear();
      expect(tx.get('t', 'c')).toBeUndefined();
    });
  });

  it('forgets what a rolled-back transaction or savepoint wrote, after reading it', () => {
    const { store } = cached();
    const boom = new Error('boom');
    expect(() =>
      store.transaction((tx) => {
        tx.put('t', 'a', 'uncommitted');
        tx.put('u', 'x', 1);
        expect(tx.get('t', 'a')).toBe('uncommitted');
        expect(tx.scan('u')).toHaveLength(1);
        throw boom;
      }),
    ).toThrow(boom);
    expect(store.get('t', 'a')).toEqual({ n: 1 });
    expect(store.scan('u')).toEqual([]);

    store.transaction((tx) => {
      expect(() =>
        store.transaction((inner) => {
          inner.put('t', 'b', 'uncommitted');
          expect(inner.get('t', 'b')).toBe('uncommitted');
          throw boom;
        }),
      ).toThrow(boom);
      expect(tx.get('t', 'b')).toEqual({ n: 2 });
    });
    expect(store.get('t', 'b')).toEqual({ n: 2 });
  });

  it('starts over when another connection has committed (data_version), inside and outside transactions', () => {
    const { backend, store } = cached();
    expect(store.get('t', 'a')).toEqual({ n: 1 });
    expect(backend.reads).toBe(0); // the setup's own write is cached
    backend.version++;
    store.get('t', 'a');
    expect(backend.reads).toBe(1);
    backend.version++;
    store.transaction((tx) => tx.get('t', 'a'));
    expect(backend.reads).toBe(2);
  });

  it('over SQLite: a second process-like connection on the same data directory is never hidden', () => {
    const data = join(mkdtempSync(join(tmpdir(), 'trailkey-cache-')), 'data');
    dirs.push(data);
    const one = openStore({ data });
    const two = openStore({ data });
    one.transaction((tx) => tx.put('t', 'k', 'first'));
    expect(two.get('t', 'k')).toBe('first');
    expect(two.scan('t')).toHaveLength(1);
    one.transaction((tx) => {
      tx.put('t', 'k', 'second');
      tx.put('t', 'l', 'new');
    });
    expect(two.get('t', 'k')).toBe('second');
    expect(two.scan('t')).toHaveLength(2);
    two.transaction((tx) => tx.put('t', 'k', 'third'));
    expect(one.transaction((tx) => tx.get('t', 'k'))).toBe('third');
    one.close();
    two.close();
  });
});
