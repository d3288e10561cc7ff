// Group commit when the commit itself fails (disk full, I/O error): whoever waits on durable()
// learns it, the whole batch is undone, and the store goes on. The contract suite covers the rest.
import { describe, expect, it } from 'vitest';
import { storeOver } from './backend.js';
import { MemoryBlobs } from './blobs.js';
import { MemoryBackend } from './memory.js';

class FailingCommit extends MemoryBackend {
  failNext = false;
  override commit(): void {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    super.commit();
  }
}

describe('batch whose commit fails', () => {
  it('rejects durable(), undoes every batched write, and keeps the store usable', async () => {
    const backend = new FailingCommit();
    const store = storeOver(backend, new MemoryBlobs());
    store.transaction((tx) => tx.put('t', 'before', 1));
    backend.failNext = true;
    store.batch((tx) => tx.put('t', 'one', 1));
    store.batch((tx) => tx.put('t', 'two', 1));
    await expect(store.durable()).rejects.toThrow('disk full');
    expect(store.scan('t').map((e) => e.key)).toEqual(['before']);
    store.batch((tx) => tx.put('t', 'after', 1));
    await store.durable();
    expect(store.scan('t').map((e) => e.key)).toEqual(['after', 'before']);
  });

  it('throws from a plain transaction that joined the batch and could not commit it', () => {
    const backend = new FailingCommit();
    const store = storeOver(backend, new MemoryBlobs());
    store.batch((tx) => tx.put('t', 'batched', 1));
    const durable = store.durable();
    backend.failNext = true;
    expect(() => store.transaction((tx) => tx.put('t', 'plain', 1))).toThrow('disk full');
    expect(store.count('t')).toBe(0);
    return expect(durable).rejects.toThrow('disk full');
  });
});
