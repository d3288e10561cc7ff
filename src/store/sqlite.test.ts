// What only the sqlite backend has: its files, its pragmas, its schema versions, its blob layout.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileBlobs } from './blobs.js';
import { openStore } from './index.js';
import { MIGRATIONS, migrate } from './schema.js';
import { SqliteBackend } from './sqlite.js';

const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'trailkey-sqlite-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('sqlite store files and settings', () => {
  it('creates the data directory with trailkey.db in WAL mode, synchronous NORMAL unless told FULL', () => {
    const data = join(fresh(), 'a', 'b');
    const normal = new SqliteBackend(data);
    expect(readdirSync(data)).toContain('trailkey.db');
    expect(normal.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(normal.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    normal.close();
    const full = new SqliteBackend(data, 'full');
    expect(full.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    full.close();
  });

  it('does not create the blob directories until the first blob', async () => {
    const data = fresh();
    const store = openStore({ data });
    expect(existsSync(join(data, 'blobs'))).toBe(false);
    await store.putBlob(Buffer.from('x'));
    expect(existsSync(join(data, 'blobs'))).toBe(true);
    store.close();
  });

  it('opens a directory while another connection holds the write lock', () => {
    const data = fresh();
    openStore({ data }).close();
    const other = new Database(join(data, 'trailkey.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const store = openStore({ data });
      expect(store.count('t')).toBe(0);
      store.close();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('sqlite background checkpoints', () => {
  it('keep the WAL from growing past what the worker has copied, and leave it empty on close', async () => {
    const data = fresh();
    const wal = join(data, 'trailkey.db-wal');
    const store = openStore({ data, checkpoints: 'background' });
    const pad = 'x'.repeat(2000);
    for (let i = 0; i < 2000; i++) store.transaction((tx) => tx.put('t', String(i), { pad }));
    // The worker starts with the first commit and checkpoints every 100 ms.
    await new Promise((r) => setTimeout(r, 400));
    // The rows are in the database file itself, not only in the WAL (whose own backstop is 64 MiB).
    expect(statSync(join(data, 'trailkey.db')).size).toBeGreaterThan(2000 * 2000);
    store.close();
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);
    const again = openStore({ data });
    expect(again.count('t')).toBe(2000);
    again.close();
  });
});

describe('sqlite schema versions', () => {
  it('records the newest version in the meta table', () => {
    const data = fresh();
    openStore({ data }).close();
    const db = new Database(join(data, 'trailkey.db'), { readonly: true });
    expect(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe(String(MIGRATIONS.length));
    db.close();
  });

  it('runs only the migrations a database has not had, in order', () => {
    const db = new Database(':memory:');
    migrate(db, 'test.db', ['CREATE TABLE one (x)']);
    migrate(db, 'test.db', ['CREATE TABLE one (x)', 'CREATE TABLE two (x)', 'INSERT INTO two VALUES (1)']);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name IN ('one', 'two') ORDER BY name").pluck().all()).toEqual(['one', 'two']);
    expect(db.prepare('SELECT count(*) FROM two').pluck().get()).toBe(1);
    db.close();
  });

  it('undoes a migration that fails, version included', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, 'test.db', ['CREATE TABLE one (x)', 'this is not sql'])).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'one'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM meta').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a database written by a newer trailkey', () => {
    const data = fresh();
    openStore({ data }).close();
    const db = new Database(join(data, 'trailkey.db'));
    db.prepare("UPDATE meta SET value = '99' WHERE key = 'schema_version'").run();
    db.close();
    expect(() => openStore({ data })).toThrow(/schema version 99, newer than this trailkey knows/);
  });
});

describe('sqlite blob files', () => {
  it('keeps recent small blobs in memory, least recently used out first, and forgets deleted ones', async () => {
    const root = join(fresh(), 'blobs');
    const blobs = new FileBlobs(root, 2500);
    const bytes = (c: string) => Buffer.alloc(1000, c);
    const file = (hash: string) => join(root, hash.slice(0, 2), hash.slice(2, 4), hash);
    const [a, b, c] = [await blobs.putBlob(bytes('a')), await blobs.putBlob(bytes('b')), await blobs.putBlob(bytes('c'))];
    // The files go; what is still cached still reads, each time as a copy of its own.
    for (const hash of [a, b, c]) rmSync(file(hash));
    expect(await blobs.getBlob(a)).toBeUndefined(); // the oldest, pushed out by c
    const read = (await blobs.getBlob(b))!;
    read.fill(0);
    expect(await blobs.getBlob(b)).toEqual(bytes('b'));
    expect(await blobs.getBlob(c)).toEqual(bytes('c'));
    // Deleting a cached blob forgets it (its file is put back so that the delete finds one).
    writeFileSync(file(c), bytes('c'));
    expect(await blobs.deleteBlob(c)).toBe(true);
    expect(await blobs.getBlob(c)).toBeUndefined();
    // A blob read from disk is kept too.
    const e = await new FileBlobs(root, 2500).putBlob(bytes('e'));
    const fromDisk = (await blobs.getBlob(e))!;
    rmSync(file(e));
    expect(await blobs.getBlob(e)).toEqual(fromDisk);
  });


  it('stores a blob at blobs/ab/cd/<sha256> and leaves no temporary file', async () => {
    const data = fresh();
    const store = openStore({ data });
    const bytes = Buffer.from('log file body');
    const hash = await store.putBlob(bytes);
    expect(hash).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(readFileSync(join(data, 'blobs', hash.slice(0, 2), hash.slice(2, 4), hash))).toEqual(bytes);
    expect(readdirSync(join(data, 'blobs', 'tmp'))).toEqual([]);
    store.close();
  });

  it('removes temporary files a killed process left more than a day ago, and only those', async () => {
    const data = fresh();
    const tmp = join(data, 'blobs', 'tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'old'), 'partial');
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(join(tmp, 'old'), twoDaysAgo, twoDaysAgo);
    writeFileSync(join(tmp, 'recent'), 'another process is writing this');
    const store = openStore({ data });
    await store.putBlob(Buffer.from('x'));
    expect(readdirSync(tmp)).toEqual(['recent']);
    store.close();
  });
});
