// WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the COMMIT
// that crosses the WAL's size threshold: it copies the WAL into the database and fsyncs it, which
// stalls the event loop for milliseconds a few times a second under load (bench/kms: p99 11 ms with
// it, 7 ms without). A worker thread with its own connection runs PASSIVE checkpoints instead,
// which never block the server's connection: WAL mode lets a checkpoint run beside a writer.
// The server's connection keeps a far larger automatic threshold (sqlite.ts) as a backstop in case
// the worker falls behind or dies, so the WAL stays bounded either way.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// CommonJS run by the worker (eval), so that it needs no file of its own: the same code then runs
// from dist/ and from the TypeScript sources under vitest.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  try { checkpoint.run(); } catch { /* busy or closing: the next round tries again */ }
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /** Asks the worker to close its connection and end; returns at once. */
  stop(): void;
}

/** Checkpoints `file` every `intervalMs` from a worker thread that does not keep the process alive. */
export function startCheckpointer(file: string, intervalMs = 100): Checkpointer {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, module, intervalMs } });
  worker.unref();
  // A worker that fails (the file went away) only means the backstop threshold applies.
  worker.on('error', () => {});
  return { stop: () => worker.postMessage('stop') };
}
