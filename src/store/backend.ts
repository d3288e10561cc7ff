// What a backend must do, and the one Store built over any backend. The Store checks arguments,
// encodes values and runs (nested) transactions; a backend only moves strings. Putting everything
// that is not storage here means the two backends cannot differ in what they accept, how they
// encode, or how transactions nest, which leaves the contract suite to test the storage itself.
import { decode, decodeRepeated, encode } from './codec.js';
import { checkCount, checkKey, checkName, checkOptions, toBounds, type Bounds } from './keys.js';
import type { Blobs, Entry, QueueItem, Range, ScanOptions, Storable, Store, Tx } from './types.js';

/** Rows as a backend returns them; the Store decodes `value` in place. */
export interface RawEntry {
  key: string;
  value: string;
}
export interface RawItem {
  seq: number;
  value: string;
}

/** Arguments arrive checked; values arrive encoded. Writes are only called inside `begin`…`commit`. */
export interface Backend {
  get(table: string, key: string): string | undefined;
  scan(table: string, bounds: Bounds, limit: number | undefined, reverse: boolean): RawEntry[];
  count(table: string, bounds: Bounds): number;
  put(table: string, key: string, value: string): void;
  delete(table: string, key: string): boolean;
  deleteRange(table: string, bounds: Bounds): number;
  append(topic: string, value: string): number;
  readBatch(topic: string, afterSeq: number, limit: number): RawItem[];
  queueLength(topic: string): number;
  ack(topic: string, uptoSeq: number): number;
  clear(): void;
  /** The outermost transaction. */
  begin(): void;
  commit(): void;
  rollback(): void;
  /** A nested transaction: a savepoint inside the outer one. */
  savepoint(): void;
  release(): void;
  rollbackToSavepoint(): void;
  close(): void;
}

export function storeOver(backend: Backend, blobs: Blobs): Store {
  let depth = 0;
  let closed = false;

  const open = () => {
    if (closed) throw new Error('store: the store is closed');
  };
  const inTx = () => {
    open();
    if (depth === 0) throw new Error('store: this Tx belongs to a transaction that has ended');
  };

  const reads = {
    get<T>(table: string, key: string): T | undefined {
      open();
      checkName('table', table);
      checkKey(key);
      const text = backend.get(table, key);
      return text === undefined ? undefined : decodeRepeated<T>(text);
    },
    scan<T>(table: string, options: ScanOptions = {}): Entry<T>[] {
      open();
      checkName('table', table);
      checkOptions(options, true);
      if (options.limit !== undefined) checkCount('limit', options.limit);
      const rows = backend.scan(table, toBounds(options), options.limit, options.reverse === true);
      for (const row of rows) (row as { value: unknown }).value = decodeRepeated(row.value);
      return rows as unknown as Entry<T>[];
    },
    count(table: string, range: Range = {}): number {
      open();
      checkName('table', table);
      checkOptions(range, false);
      return backend.count(table, toBounds(range));
    },
    readBatch<T>(topic: string, afterSeq: number, limit: number): QueueItem<T>[] {
      open();
      checkName('topic', topic);
      checkCount('afterSeq', afterSeq);
      checkCount('limit', limit);
      const items = backend.readBatch(topic, afterSeq, limit);
      for (const item of items) (item as { value: unknown }).value = decode(item.value);
      return items as unknown as QueueItem<T>[];
    },
    queueLength(topic: string): number {
      open();
      checkName('topic', topic);
      return backend.queueLength(topic);
    },
  };

  // One Tx serves every transaction: a nested transaction is the same transaction.
  const tx: Tx = {
    get: (table, key) => (inTx(), reads.get(table, key)),
    scan: (table, options) => (inTx(), reads.scan(table, options)),
    count: (table, range) => (inTx(), reads.count(table, range)),
    readBatch: (topic, afterSeq, limit) => (inTx(), reads.readBatch(topic, afterSeq, limit)),
    queueLength: (topic) => (inTx(), reads.queueLength(topic)),
    put(table: string, key: string, value: Storable): void {
      inTx();
      checkName('table', table);
      checkKey(key);
      backend.put(table, key, encode(value));
    },
    delete(table: string, key: string): boolean {
      inTx();
      checkName('table', table);
      checkKey(key);
      return backend.delete(table, key);
    },
    deleteRange(table: string, range: Range): number {
      inTx();
      checkName('table', table);
      checkOptions(range, false);
      return backend.deleteRange(table, toBounds(range));
    },
    append(topic: string, value: Storable): number {
      inTx();
      checkName('topic', topic);
      return backend.append(topic, encode(value));
    },
    ack(topic: string, uptoSeq: number): number {
      inTx();
      checkName('topic', topic);
      checkCount('uptoSeq', uptoSeq);
      return backend.ack(topic, uptoSeq);
    },
    clear(): void {
      inTx();
      backend.clear();
    },
  };

  /** Runs `fn` one level deeper; if it throws, `undo` undoes its writes. */
  function within<T>(fn: (tx: Tx) => T, undo: () => void): T {
    depth++;
    try {
      const result = fn(tx);
      if (typeof (result as { then?: unknown } | null)?.then === 'function') {
        throw new TypeError('store: a transaction function must be synchronous (it returned a promise)');
      }
      return result;
    } catch (e) {
      undo();
      throw e;
    } finally {
      depth--;
    }
  }

  /** Runs `fn` as one nested transaction: a savepoint inside the open outer one. */
  function nested<T>(fn: (tx: Tx) => T): T {
    backend.savepoint();
    const result = within(fn, () => backend.rollbackToSavepoint());
    backend.release();
    return result;
  }

  function commit(): void {
    try {
      backend.commit();
    } catch (e) {
      // A failed COMMIT (disk full, I/O error) leaves nothing half-done: undo and report it.
      backend.rollback();
      throw e;
    }
  }

  // Group commit (Store.batch): one outer transaction gathers the batched transactions of one turn
  // of the event loop, each in its own savepoint, and commits them together on setImmediate.
  let batch: { done: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | null = null;

  /** Commits the open batch, if any, and settles its `durable()` promise. */
  function flush(): void {
    const b = batch;
    if (b === null || closed) return;
    batch = null;
    try {
      commit();
    } catch (e) {
      b.reject(e);
      throw e;
    }
    b.resolve();
  }

  function transaction<T>(fn: (tx: Tx) => T): T {
    open();
    if (depth > 0) return nested(fn);
    if (batch !== null) {
      // Joins the open batch and commits it now, with everything batched so far.
      const result = nested(fn);
      flush();
      return result;
    }
    backend.begin();
    const result = within(fn, () => backend.rollback());
    commit();
    return result;
  }

  function batched<T>(fn: (tx: Tx) => T): T {
    open();
    if (depth > 0) return nested(fn);
    if (batch === null) {
      backend.begin();
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      // Whoever waits sees the failure; nobody waiting is not an unhandled rejection.
      done.catch(() => {});
      batch = { done, resolve, reject };
      setImmediate(() => {
        try {
          flush();
        } catch {
          // Reported to the batch's waiters.
        }
      });
    }
    return nested(fn);
  }

  return {
    ...reads,
    transaction,
    batch: batched,
    durable: () => batch?.done ?? Promise.resolve(),
    // async, so that a closed store rejects like any other failure of these calls.
    putBlob: async (bytes) => (open(), blobs.putBlob(bytes)),
    getBlob: async (hash) => (open(), blobs.getBlob(hash)),
    hasBlob: async (hash) => (open(), blobs.hasBlob(hash)),
    deleteBlob: async (hash) => (open(), blobs.deleteBlob(hash)),
    close(): void {
      if (closed) return;
      if (depth > 0) throw new Error('store: cannot close inside a transaction');
      flush();
      closed = true;
      backend.close();
    },
  };
}
