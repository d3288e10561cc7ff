// The in-memory backend (`--data :memory:`): sorted arrays and an undo log. Rollback replays the
// undo log backwards; a savepoint is a position in it. An undo log costs nothing on commit, which
// is the common case, where copy-on-write would copy on every first write.
import type { Backend, RawEntry, RawItem } from './backend.js';
import { compareKeys, type Bounds } from './keys.js';

interface Table {
  /** Keys in code point order, for scans; `values` answers point reads. */
  keys: string[];
  values: Map<string, string>;
}

interface Queue {
  seqs: number[];
  values: string[];
  /** Items before `head` are acknowledged; they are cut off after the commit that acked them. */
  head: number;
}

type Undo =
  | { kind: 'set'; table: string; key: string; previous: string | undefined }
  | { kind: 'append'; topic: string; lastSeq: number }
  | { kind: 'ack'; topic: string; head: number }
  | { kind: 'clear'; tables: Map<string, Table>; queues: Map<string, Queue> };

export class MemoryBackend implements Backend {
  private tables = new Map<string, Table>();
  private queues = new Map<string, Queue>();
  private lastSeq = 0;
  private undo: Undo[] = [];
  private readonly savepoints: number[] = [];

  get(table: string, key: string): string | undefined {
    return this.tables.get(table)?.values.get(key);
  }

  scan(table: string, bounds: Bounds, limit: number | undefined, reverse: boolean): RawEntry[] {
    const t = this.tables.get(table);
    if (t === undefined) return [];
    const [from, to] = span(t.keys, bounds);
    const n = Math.min(to - from, limit ?? Infinity);
    const out: RawEntry[] = [];
    for (let i = 0; i < n; i++) {
      const key = t.keys[reverse ? to - 1 - i : from + i];
      out.push({ key, value: t.values.get(key)! });
    }
    return out;
  }

  count(table: string, bounds: Bounds): number {
    const t = this.tables.get(table);
    if (t === undefined) return 0;
    const [from, to] = span(t.keys, bounds);
    return Math.max(0, to - from);
  }

  put(table: string, key: string, value: string): void {
    this.undo.push({ kind: 'set', table, key, previous: this.get(table, key) });
    this.set(table, key, value);
  }

  delete(table: string, key: string): boolean {
    const previous = this.get(table, key);
    if (previous === undefined) return false;
    this.undo.push({ kind: 'set', table, key, previous });
    this.set(table, key, undefined);
    return true;
  }

  deleteRange(table: string, bounds: Bounds): number {
    const t = this.tables.get(table);
    if (t === undefined) return 0;
    const [from, to] = span(t.keys, bounds);
    if (to <= from) return 0;
    for (const key of t.keys.splice(from, to - from)) {
      this.undo.push({ kind: 'set', table, key, previous: t.values.get(key) });
      t.values.delete(key);
    }
    return to - from;
  }

  append(topic: string, value: string): number {
    let q = this.queues.get(topic);
    if (q === undefined) this.queues.set(topic, (q = { seqs: [], values: [], head: 0 }));
    this.undo.push({ kind: 'append', topic, lastSeq: this.lastSeq });
    q.seqs.push(++this.lastSeq);
    q.values.push(value);
    return this.lastSeq;
  }

  readBatch(topic: string, afterSeq: number, limit: number): RawItem[] {
    const q = this.queues.get(topic);
    if (q === undefined) return [];
    const from = Math.max(q.head, upperBound(q.seqs, afterSeq));
    const to = Math.min(q.seqs.length, from + limit);
    const out: RawItem[] = [];
    for (let i = from; i < to; i++) out.push({ seq: q.seqs[i], value: q.values[i] });
    return out;
  }

  queueLength(topic: string): number {
    const q = this.queues.get(topic);
    return q === undefined ? 0 : q.seqs.length - q.head;
  }

  ack(topic: string, uptoSeq: number): number {
    const q = this.queues.get(topic);
    if (q === undefined) return 0;
    const head = Math.max(q.head, upperBound(q.seqs, uptoSeq));
    if (head === q.head) return 0;
    this.undo.push({ kind: 'ack', topic, head: q.head });
    const acked = head - q.head;
    q.head = head;
    return acked;
  }

  clear(): void {
    // The old maps are the undo: nothing is copied.
    this.undo.push({ kind: 'clear', tables: this.tables, queues: this.queues });
    this.tables = new Map();
    this.queues = new Map();
  }

  begin(): void {
    this.undo = [];
  }

  commit(): void {
    // Cut acknowledged items off only after a commit (a rollback may still need them), and only
    // once they are half the array, so that acking a long queue batch by batch stays linear.
    for (const u of this.undo) {
      if (u.kind !== 'ack') continue;
      const q = this.queues.get(u.topic);
      if (q === undefined || q.head < 1024 || q.head * 2 < q.seqs.length) continue; // cleared since
      q.seqs.splice(0, q.head);
      q.values.splice(0, q.head);
      q.head = 0;
    }
    this.undo = [];
  }

  rollback(): void {
    this.undoTo(0);
    this.savepoints.length = 0;
  }

  savepoint(): void {
    this.savepoints.push(this.undo.length);
  }

  release(): void {
    this.savepoints.pop();
  }

  rollbackToSavepoint(): void {
    this.undoTo(this.savepoints.pop()!);
  }

  close(): void {
    this.tables.clear();
    this.queues.clear();
  }

  private undoTo(mark: number): void {
    while (this.undo.length > mark) {
      const u = this.undo.pop()!;
      if (u.kind === 'set') this.set(u.table, u.key, u.previous);
      else if (u.kind === 'ack') this.queues.get(u.topic)!.head = u.head;
      else if (u.kind === 'clear') {
        this.tables = u.tables;
        this.queues = u.queues;
      }
      else {
        const q = this.queues.get(u.topic)!;
        q.seqs.pop();
        q.values.pop();
        this.lastSeq = u.lastSeq;
      }
    }
  }

  /** Sets or (with undefined) deletes, keeping `keys` sorted. Appending in key order is O(1). */
  private set(table: string, key: string, value: string | undefined): void {
    let t = this.tables.get(table);
    if (t === undefined) {
      if (value === undefined) return;
      this.tables.set(table, (t = { keys: [], values: new Map() }));
    }
    const existed = t.values.has(key);
    if (value === undefined) {
      if (!existed) return;
      t.values.delete(key);
      t.keys.splice(lowerBound(t.keys, key), 1);
      return;
    }
    t.values.set(key, value);
    if (existed) return;
    const last = t.keys.length === 0 ? undefined : t.keys[t.keys.length - 1];
    if (last === undefined || compareKeys(key, last) > 0) t.keys.push(key);
    else t.keys.splice(lowerBound(t.keys, key), 0, key);
  }
}

/** Index range [from, to) of the sorted `keys` inside `bounds`; empty when from ≥ to. */
function span(keys: string[], { lower, upper }: Bounds): [number, number] {
  const from = lower === undefined ? 0 : lower.inclusive ? lowerBound(keys, lower.key) : upperKeyBound(keys, lower.key);
  const to = upper === undefined ? keys.length : upper.inclusive ? upperKeyBound(keys, upper.key) : lowerBound(keys, upper.key);
  return [from, to];
}

/** First index whose key is ≥ `key`. */
function lowerBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose key is > `key`. */
function upperKeyBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid], key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose seq is > `seq` (seqs ascend). */
function upperBound(seqs: number[], seq: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seqs[mid] <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
