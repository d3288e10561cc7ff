// The store's public vocabulary. The store is a generic, typed, transactional key-value store with
// ordered scans, an append-only queue per topic and a content-addressed blob store. It knows no
// AWS concept: services choose their own table names, keys and value shapes.

/**
 * What `put` and `append` accept: JSON values (finite numbers, strings, booleans, null, arrays,
 * plain objects) plus `Uint8Array`/`Buffer` anywhere inside, which come back as `Buffer`.
 * Object properties that are `undefined` are dropped, as JSON does. Anything that JSON would
 * silently change (a `Date`, a `Map`, `NaN`, `undefined` in an array, a class instance, a cycle) is
 * refused with a `TypeError`, because a value that reads back different from what was written is
 * a bug found late. `{}` rules out `undefined` at compile time; the rest is checked at run time.
 */
export type Storable = {} | null;

/**
 * A key range. Every given bound applies (they intersect). Keys are ordered by Unicode code point,
 * which is UTF-8 byte order: SQLite's BINARY collation, and the order S3 lists keys in.
 */
export interface Range {
  /** Only keys that start with this string. */
  readonly prefix?: string;
  readonly gt?: string;
  readonly gte?: string;
  readonly lt?: string;
  readonly lte?: string;
}

export interface ScanOptions extends Range {
  /** At most this many entries (a non-negative integer); all when absent. */
  readonly limit?: number;
  /** Descending key order. The bounds keep their meaning, so paging backwards uses `lt`. */
  readonly reverse?: boolean;
}

export interface Entry<T> {
  readonly key: string;
  readonly value: T;
}

export interface QueueItem<T> {
  /** Increases with every append in the store (across topics), never reused, not dense. */
  readonly seq: number;
  readonly value: T;
}

/**
 * Reads, available on the store (outside transactions) and on a transaction (where they see the
 * transaction's own writes). `T` is the caller's claim about the stored shape; it is not checked.
 */
export interface Reader {
  get<T = unknown>(table: string, key: string): T | undefined;
  /** Entries in key order (descending with `reverse`). */
  scan<T = unknown>(table: string, options?: ScanOptions): Entry<T>[];
  count(table: string, range?: Range): number;
  /** The oldest `limit` unacknowledged items of `topic` whose seq is greater than `afterSeq`. */
  readBatch<T = unknown>(topic: string, afterSeq: number, limit: number): QueueItem<T>[];
  /** Unacknowledged items of `topic`. Counts them: fine for health checks, not for hot paths. */
  queueLength(topic: string): number;
}

/** Writes exist only inside `Store.transaction`, so every write is part of exactly one commit. */
export interface Tx extends Reader {
  /** Inserts or replaces. `T` only lets the caller state the record type it means to write. */
  put<T extends Storable = Storable>(table: string, key: string, value: T): void;
  /** True when the key existed. */
  delete(table: string, key: string): boolean;
  /** Deletes every entry of `table` in `range` (the whole table when empty); returns how many. */
  deleteRange(table: string, range: Range): number;
  /** Adds `value` at the end of `topic`'s queue; returns its seq. */
  append<T extends Storable = Storable>(topic: string, value: T): number;
  /** Deletes every item of `topic` with seq ≤ `uptoSeq` (delivered); returns how many. */
  ack(topic: string, uptoSeq: number): number;
  /**
   * Empties every table and every queue (an emulator reset). Seqs keep increasing. Blobs are not
   * transactional and stay: the caller deletes the ones it no longer references.
   */
  clear(): void;
}

/**
 * Content-addressed bytes (S3 object bodies), named by their SHA-256 in lower-case hex. Outside
 * transactions: put the blob first, then commit the metadata that names it; delete it after the
 * commit that drops the last reference. Asynchronous, because writing one durably means an fsync,
 * which must not stall every other request on the event loop.
 */
export interface Blobs {
  /** Stores `bytes` atomically (whole or not at all) and returns their SHA-256 hex. Idempotent. */
  putBlob(bytes: Uint8Array): Promise<string>;
  getBlob(hash: string): Promise<Buffer | undefined>;
  hasBlob(hash: string): Promise<boolean>;
  /** True when the blob existed. */
  deleteBlob(hash: string): Promise<boolean>;
}

export interface Store extends Reader, Blobs {
  /**
   * Runs `fn` in a transaction and returns its result. It commits when `fn` returns and rolls back
   * when `fn` throws (the error propagates). `fn` must be synchronous: a returned promise rolls
   * back and throws a `TypeError`. A nested call joins the outer transaction (nothing commits
   * before the outermost returns); if the nested `fn` throws, only its own writes are undone.
   */
  transaction<T>(fn: (tx: Tx) => T): T;
  /**
   * Group commit: runs `fn` like `transaction`, but its writes commit together with the other
   * batched transactions of this turn of the event loop, shortly after it returns. Reads see them
   * at once; `durable()` says when they are on disk, and whoever acknowledges them (an HTTP
   * response) must wait for it. If `fn` throws, only its own writes are undone. A `transaction`
   * started while a batch is open joins it and commits it.
   */
  batch<T>(fn: (tx: Tx) => T): T;
  /** Resolves when every write made so far is committed; rejects if that commit failed (all of the batch is undone). */
  durable(): Promise<void>;
  /** Releases the store; any later call throws. Refused inside a transaction. */
  close(): void;
}

export interface OpenOptions {
  /** A data directory (created if missing), or `':memory:'` for a throw-away in-memory store. */
  readonly data: string;
  /**
   * When a commit is on disk (SQLite only). `'normal'` (default): a commit survives the process
   * being killed at any moment; a power loss or OS crash may lose the last commits but never
   * corrupts the store. `'full'`: a commit also survives power loss, at the cost of an fsync per
   * commit. See sqlite.ts for why `'normal'` is the default.
   */
  readonly sync?: 'normal' | 'full';
  /**
   * Where WAL checkpoints run (SQLite only). `'inline'` (default): SQLite's own, inside the commit
   * that fills the WAL. `'background'`: on a worker thread (checkpointer.ts), for a server, whose
   * requests must not wait on a checkpoint's fsync.
   */
  readonly checkpoints?: 'inline' | 'background';
}
