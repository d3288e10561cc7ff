// The SQLite backend (the default): one file, `<dir>/trailkey.db`, in WAL mode, through
// better-sqlite3, which is synchronous, as the Store's transactions are.
//
// Durability: WAL with synchronous=NORMAL by default. A commit writes its pages to the WAL file
// (write(2), no fsync) before COMMIT returns, so once a transaction is acknowledged the kernel has
// it, and killing the process at any moment loses nothing acknowledged. The WAL is fsynced at
// checkpoints, so a power loss or OS crash can lose the last commits before one, but never
// corrupts the database. FULL would also fsync the WAL on every commit, which caps commits at
// the disk's fsync rate (hundreds a second on many disks, far fewer on CI's virtual ones). An
// emulator's state is test state: processes are killed all the time (Ctrl-C, CI timeouts), power
// is rarely lost, and `sync: 'full'` is there for whoever needs it.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RawEntry, RawItem } from './backend.js';
import type { VersionedBackend } from './read-cache.js';
import type { Bounds } from './keys.js';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { migrate } from './schema.js';

type Statement = Database.Statement<unknown[], unknown>;

export class SqliteBackend implements VersionedBackend {
  readonly db: Database.Database;
  private readonly s: Record<
    | 'get' | 'put' | 'delete' | 'append' | 'readBatch' | 'queueLength' | 'ack' | 'clearKv' | 'clearQueue'
    | 'begin' | 'commit' | 'rollback' | 'savepoint' | 'release' | 'rollbackTo' | 'dataVersion',
    Statement
  >;
  /** Range statements, by their SQL: there are 3 × 3 bound shapes per kind of query. */
  private readonly ranged = new Map<string, Statement>();

  /** Opens (creating if needed) the database of data directory `dir`. */
  /** With background checkpoints: the worker, started by the first commit (opening stays quick). */
  private checkpointer: Checkpointer | undefined;
  private readonly backgroundCheckpoints: boolean;
  private readonly file: string;

  constructor(dir: string, sync: 'normal' | 'full' = 'normal', checkpoints: 'inline' | 'background' = 'inline') {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'trailkey.db');
    this.db = new Database(file);
    try {
      if (this.db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
        throw new Error(`store: \`${file}\` cannot use WAL journaling (is it on a network file system?)`);
      }
      this.db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
      // 32 MiB of page cache instead of 2: the queue's index stays cached under a million events.
      this.db.pragma('cache_size = -32768');
      // Truncate the WAL back to 64 MiB after a checkpoint, so that one burst does not keep it big.
      this.db.pragma('journal_size_limit = 67108864');
      // Background checkpoints: this connection checkpoints only as a backstop, at 64 MiB of WAL.
      if (checkpoints === 'background') this.db.pragma('wal_autocheckpoint = 16384');
      migrate(this.db, file);
    } catch (e) {
      this.db.close();
      throw e;
    }
    this.file = file;
    this.backgroundCheckpoints = checkpoints === 'background';
    const p = (sql: string) => this.db.prepare(sql);
    this.s = {
      get: p('SELECT value FROM kv WHERE tbl = ? AND key = ?').pluck(),
      put: p('INSERT INTO kv (tbl, key, value) VALUES (?, ?, ?) ON CONFLICT (tbl, key) DO UPDATE SET value = excluded.value'),
      delete: p('DELETE FROM kv WHERE tbl = ? AND key = ?'),
      append: p('INSERT INTO queue (topic, value) VALUES (?, ?)'),
      readBatch: p('SELECT seq, value FROM queue WHERE topic = ? AND seq > ? ORDER BY seq LIMIT ?'),
      queueLength: p('SELECT count(*) FROM queue WHERE topic = ?').pluck(),
      ack: p('DELETE FROM queue WHERE topic = ? AND seq <= ?'),
      // No WHERE: SQLite empties the table without visiting its rows. sqlite_sequence keeps the
      // queue's last seq, so seqs are not reused.
      clearKv: p('DELETE FROM kv'),
      clearQueue: p('DELETE FROM queue'),
      // IMMEDIATE takes the write lock at BEGIN: a transaction that reads and then writes cannot
      // fail half-way with SQLITE_BUSY because another connection (a CLI, say) wrote meanwhile.
      begin: p('BEGIN IMMEDIATE'),
      commit: p('COMMIT'),
      rollback: p('ROLLBACK'),
      // One name serves every depth: ROLLBACK TO and RELEASE act on the innermost of that name.
      savepoint: p('SAVEPOINT nested'),
      release: p('RELEASE nested'),
      rollbackTo: p('ROLLBACK TO nested'),
      dataVersion: p('PRAGMA data_version').pluck(),
    };
  }

  /** Changes when another connection commits (read-cache.ts). */
  dataVersion(): number {
    return this.s.dataVersion.get() as number;
  }

  get(table: string, key: string): string | undefined {
    return this.s.get.get(table, key) as string | undefined;
  }

  scan(table: string, bounds: Bounds, limit: number | undefined, reverse: boolean): RawEntry[] {
    const [where, params] = range(bounds);
    const sql = `SELECT key, value FROM kv WHERE tbl = ?${where} ORDER BY key${reverse ? ' DESC' : ''} LIMIT ?`;
    return this.statement(sql).all(table, ...params, limit ?? -1) as RawEntry[];
  }

  count(table: string, bounds: Bounds): number {
    const [where, params] = range(bounds);
    return this.statement(`SELECT count(*) FROM kv WHERE tbl = ?${where}`).pluck().get(table, ...params) as number;
  }

  put(table: string, key: string, value: string): void {
    this.writable();
    this.s.put.run(table, key, value);
  }

  delete(table: string, key: string): boolean {
    this.writable();
    return this.s.delete.run(table, key).changes > 0;
  }

  deleteRange(table: string, bounds: Bounds): number {
    this.writable();
    const [where, params] = range(bounds);
    return this.statement(`DELETE FROM kv WHERE tbl = ?${where}`).run(table, ...params).changes;
  }

  append(topic: string, value: string): number {
    this.writable();
    return Number(this.s.append.run(topic, value).lastInsertRowid);
  }

  readBatch(topic: string, afterSeq: number, limit: number): RawItem[] {
    return this.s.readBatch.all(topic, afterSeq, limit) as RawItem[];
  }

  queueLength(topic: string): number {
    return this.s.queueLength.get(topic) as number;
  }

  ack(topic: string, uptoSeq: number): number {
    this.writable();
    return this.s.ack.run(topic, uptoSeq).changes;
  }

  clear(): void {
    this.writable();
    this.s.clearKv.run();
    this.s.clearQueue.run();
  }

  begin(): void {
    this.s.begin.run();
  }

  commit(): void {
    this.s.commit.run();
    if (this.backgroundCheckpoints && this.checkpointer === undefined) this.checkpointer = startCheckpointer(this.file);
  }

  rollback(): void {
    // SQLite ends the transaction itself after some errors (disk full, I/O error).
    if (this.db.inTransaction) this.s.rollback.run();
  }

  savepoint(): void {
    this.writable();
    this.s.savepoint.run();
  }

  release(): void {
    this.writable();
    this.s.release.run();
  }

  rollbackToSavepoint(): void {
    if (!this.db.inTransaction) return;
    this.s.rollbackTo.run(); // back to the savepoint, which stays open…
    this.s.release.run(); // …until released
  }

  close(): void {
    // No `PRAGMA optimize`: it may write, so it could wait on another connection's lock, and every
    // query here is a plain range of a primary key or index that needs no statistics.
    this.checkpointer?.stop();
    if (this.backgroundCheckpoints) {
      // Leaves an empty WAL. Otherwise the next open would rebuild the WAL's index from the file
      // (up to 64 MiB) and, not knowing what the worker had already copied, checkpoint it all
      // again: bench/validate's first runs after a restart spent up to a second on that. The
      // worker's connection may still be open; TRUNCATE waits for its checkpoint to finish.
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch {
        // Busy past the timeout (another process writing): the WAL stays, and stays correct.
      }
    }
    this.db.close();
  }

  /**
   * Refuses to write once SQLite has ended the transaction on its own (after an I/O error, disk
   * full, …): the write would otherwise commit by itself, outside the transaction it belongs to.
   */
  private writable(): void {
    if (!this.db.inTransaction) throw new Error('store: the transaction was aborted by an earlier SQLite error');
  }

  private statement(sql: string): Statement {
    let s = this.ranged.get(sql);
    if (s === undefined) this.ranged.set(sql, (s = this.db.prepare(sql)));
    return s;
  }
}

/** The SQL condition for `bounds` (after `tbl = ?`) and its parameters. */
function range({ lower, upper }: Bounds): [string, string[]] {
  let where = '';
  const params: string[] = [];
  if (lower !== undefined) {
    where += lower.inclusive ? ' AND key >= ?' : ' AND key > ?';
    params.push(lower.key);
  }
  if (upper !== undefined) {
    where += upper.inclusive ? ' AND key <= ?' : ' AND key < ?';
    params.push(upper.key);
  }
  return [where, params];
}
