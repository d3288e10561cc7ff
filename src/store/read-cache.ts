// A read cache in front of the SQLite backend. Most of a request's reads are of records that
// change rarely (an access key, a user's policies, a key's aliases, the trails), and a SQLite
// range query costs ~15 µs where a Map lookup costs well under one (bench/kms: four scans per
// GenerateDataKey were a sixth of the server's time).
//
// Correctness rests on three rules:
// - This connection's writes go through the cache: a write to a table updates its cached record
//   and forgets the table's cached ranges, so reads in the same transaction see the write.
// - A rolled-back transaction (or savepoint) forgets every table it wrote, because cached reads
//   made after a write show state that never committed.
// - Another connection's commits (a second process on the same data directory) are seen through
//   SQLite's `PRAGMA data_version`, which changes exactly when another connection has committed:
//   checked at every BEGIN and before every read outside a transaction, it empties the cache.
//
// The cache holds the stored text, never decoded values: every read decodes its own copy, so a
// caller that changes what it read cannot change what the next caller reads.
import type { Backend, RawEntry, RawItem } from './backend.js';
import type { Bounds } from './keys.js';

/** A backend that can say whether another connection has committed since it last asked. */
export interface VersionedBackend extends Backend {
  /** Changes when another connection commits (SQLite's `PRAGMA data_version`). */
  dataVersion(): number;
}

const ABSENT = Symbol('absent');

/** Characters of keys and values held before the cache starts over; ~2 bytes each. */
const MAX_CHARS = 32 * 1024 * 1024;
/** A range result larger than this is not kept: big listings are rare and would crowd out the rest. */
const MAX_RANGE_CHARS = 1024 * 1024;

interface TableCache {
  records: Map<string, string | typeof ABSENT>;
  /** Scan results and counts, by rangeId. */
  ranges: Map<string, RawEntry[] | number>;
}

/** An unambiguous name for a scan or count: lengths keep any key characters from running together. */
function rangeId(kind: 's' | 'c', bounds: Bounds, limit?: number, reverse?: boolean): string {
  const { lower, upper } = bounds;
  const lo = lower ? `${lower.inclusive ? '[' : '('}${lower.key.length}:${lower.key}` : '-';
  const hi = upper ? `${upper.inclusive ? ']' : ')'}${upper.key.length}:${upper.key}` : '-';
  return `${kind}${limit ?? ''}${reverse ? 'r' : ''}|${lo}|${hi}`;
}

export class ReadCache implements Backend {
  private tables = new Map<string, TableCache>();
  /** Tables written in the open transaction. */
  private readonly dirty = new Set<string>();
  private inTransaction = false;
  private chars = 0;
  private version: number;

  constructor(private readonly inner: VersionedBackend) {
    this.version = inner.dataVersion();
  }

  get(table: string, key: string): string | undefined {
    this.checkOutside();
    const cache = this.table(table);
    const hit = cache.records.get(key);
    if (hit !== undefined) return hit === ABSENT ? undefined : hit;
    const value = this.inner.get(table, key);
    this.hold(key.length + (value?.length ?? 0));
    this.table(table).records.set(key, value ?? ABSENT);
    return value;
  }

  scan(table: string, bounds: Bounds, limit: number | undefined, reverse: boolean): RawEntry[] {
    this.checkOutside();
    const id = rangeId('s', bounds, limit, reverse);
    const hit = this.table(table).ranges.get(id) as RawEntry[] | undefined;
    // Copies: the Store decodes each row's value in place.
    if (hit !== undefined) return hit.map((r) => ({ key: r.key, value: r.value }));
    const rows = this.inner.scan(table, bounds, limit, reverse);
    let chars = id.length;
    for (const r of rows) chars += r.key.length + r.value.length;
    if (chars <= MAX_RANGE_CHARS) {
      this.hold(chars);
      this.table(table).ranges.set(id, rows.map((r) => ({ key: r.key, value: r.value })));
    }
    return rows;
  }

  count(table: string, bounds: Bounds): number {
    this.checkOutside();
    const id = rangeId('c', bounds);
    const hit = this.table(table).ranges.get(id) as number | undefined;
    if (hit !== undefined) return hit;
    const n = this.inner.count(table, bounds);
    this.hold(id.length);
    this.table(table).ranges.set(id, n);
    return n;
  }

  put(table: string, key: string, value: string): void {
    this.inner.put(table, key, value);
    const cache = this.wrote(table);
    this.hold(key.length + value.length);
    cache.records.set(key, value);
  }

  delete(table: string, key: string): boolean {
    const existed = this.inner.delete(table, key);
    this.wrote(table).records.set(key, ABSENT);
    return existed;
  }

  deleteRange(table: string, bounds: Bounds): number {
    const n = this.inner.deleteRange(table, bounds);
    this.wrote(table);
    this.tables.delete(table);
    return n;
  }

  clear(): void {
    this.inner.clear();
    this.forgetAll();
  }

  // The queue is read once per delivery round and written on every event: not worth caching.
  append(topic: string, value: string): number {
    return this.inner.append(topic, value);
  }
  readBatch(topic: string, afterSeq: number, limit: number): RawItem[] {
    return this.inner.readBatch(topic, afterSeq, limit);
  }
  queueLength(topic: string): number {
    return this.inner.queueLength(topic);
  }
  ack(topic: string, uptoSeq: number): number {
    return this.inner.ack(topic, uptoSeq);
  }

  begin(): void {
    this.inner.begin();
    this.inTransaction = true;
    // After BEGIN IMMEDIATE no other connection can commit until this transaction ends.
    this.checkVersion();
  }

  commit(): void {
    this.inner.commit();
    this.inTransaction = false;
    this.dirty.clear();
  }

  rollback(): void {
    this.inner.rollback();
    this.inTransaction = false;
    this.forgetDirty();
    this.dirty.clear();
  }

  savepoint(): void {
    this.inner.savepoint();
  }

  release(): void {
    this.inner.release();
  }

  rollbackToSavepoint(): void {
    this.inner.rollbackToSavepoint();
    // Forgets every table the outer transaction wrote, not only since the savepoint: simpler, and
    // still correct; they stay dirty in case the outer transaction rolls back too.
    this.forgetDirty();
  }

  close(): void {
    this.forgetAll();
    this.inner.close();
  }

  private table(name: string): TableCache {
    let cache = this.tables.get(name);
    if (cache === undefined) this.tables.set(name, (cache = { records: new Map(), ranges: new Map() }));
    return cache;
  }

  /** Marks `table` written: its ranges are stale. */
  private wrote(table: string): TableCache {
    this.dirty.add(table);
    const cache = this.table(table);
    cache.ranges.clear();
    return cache;
  }

  private forgetDirty(): void {
    for (const t of this.dirty) this.tables.delete(t);
  }

  private forgetAll(): void {
    this.tables = new Map();
    this.chars = 0;
  }

  /** Counts what the cache is about to hold; over the limit it starts over (simple, and rare). */
  private hold(chars: number): void {
    this.chars += chars;
    if (this.chars > MAX_CHARS) this.forgetAll();
  }

  private checkOutside(): void {
    if (!this.inTransaction) this.checkVersion();
  }

  private checkVersion(): void {
    const v = this.inner.dataVersion();
    if (v !== this.version) {
      this.version = v;
      this.forgetAll();
    }
  }
}
