// The SQLite schema as a list of migrations: migration i takes schema version i to i + 1. The
// version lives in the `meta` table. Append to the list; never edit a migration that has shipped.
import type { Database } from 'better-sqlite3';

export const MIGRATIONS: readonly string[] = [
  // 1. Every table of every service shares `kv`: the store knows no tables, and one composite
  //    primary key keeps each table's keys in order for scans. A rowid table rather than WITHOUT
  //    ROWID, because values (key policies, up to 32 KB) can be far bigger than the 1/20 of a page
  //    that WITHOUT ROWID tables are good at.
  //    The queue's seq is the rowid: appending is one insert, and the index on `topic` holds
  //    (topic, rowid), so reading a topic in seq order is one range of that index. AUTOINCREMENT
  //    keeps a seq from being reused after the queue has been emptied, which would make a new item
  //    look already delivered to a reader that remembers the last seq it saw.
  `CREATE TABLE kv (
     tbl TEXT NOT NULL,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     PRIMARY KEY (tbl, key)
   );
   CREATE TABLE queue (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     topic TEXT NOT NULL,
     value TEXT NOT NULL
   );
   CREATE INDEX queue_topic ON queue (topic);`,
];

/** Brings `db` to the newest schema in one transaction; refuses a schema newer than this code. */
export function migrate(db: Database, file: string, migrations: readonly string[] = MIGRATIONS): void {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const version = (): number => {
    const v = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get() as string | undefined;
    return v === undefined ? 0 : Number(v);
  };
  if (version() === migrations.length) return; // the usual case: nothing to do, nothing locked
  db.transaction(() => {
    // Read again inside the write lock: another process may have migrated meanwhile.
    const from = version();
    if (from > migrations.length) {
      throw new Error(
        `store: \`${file}\` has schema version ${from}, newer than this trailkey knows (${migrations.length}); upgrade trailkey`,
      );
    }
    for (let v = from; v < migrations.length; v++) db.exec(migrations[v]);
    db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
      String(migrations.length),
    );
  }).immediate();
}
