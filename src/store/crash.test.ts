// Acknowledged means committed: a child process writes in a loop and prints each commit after
// `transaction` returns, or after `durable()` resolves for batched writes (group commit), with WAL
// checkpoints on their worker thread; it is killed with SIGKILL at a random moment; the reopened store must hold
// every commit the child printed. Three rounds on one directory, so that later rounds also start
// from a database a killed process left behind.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from './index.js';

const HERE = import.meta.dirname;
const ROOT = resolve(HERE, '../..');

// The child runs on plain Node, which cannot load TypeScript: the store's sources are compiled
// for it with tsc (emit only, ~1 s), under node_modules/.cache so that the compiled code finds
// better-sqlite3 in the project's node_modules.
//
// The child writes with fs.writeSync(1), retried until the pipe takes it: process.stdout.write may
// queue the line in memory when the pipe is full, so a line printed might not have been sent.
const CHILD = `
import { writeSync } from 'node:fs';
import { openStore } from './index.js';
const store = openStore({ data: process.argv[2], checkpoints: 'background' });
// The pipe may be non-blocking: a full one answers EAGAIN, so retry until the parent has read.
const say = (line) => {
  const bytes = Buffer.from(line);
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(1, bytes, at);
    } catch (e) {
      if (e.code !== 'EAGAIN') throw e;
    }
  }
};
const pad = 'x'.repeat(300);
let i = store.scan('rows', { reverse: true, limit: 1 })[0]?.value.i ?? 0;
const seqs = new Map();
const write = (tx, i) => {
  tx.put('rows', String(i).padStart(12, '0'), { i, pad });
  return tx.append('events', { i });
};
for (;;) {
  // A plain transaction, acknowledged once transaction() has returned…
  i++;
  seqs.set(i, store.transaction((tx) => write(tx, i)));
  say('w ' + i + ' ' + seqs.get(i) + '\\n');
  // …and four batched ones (group commit), acknowledged once durable() has resolved.
  const group = [];
  for (let k = 0; k < 4; k++) {
    i++;
    group.push([i, store.batch((tx) => write(tx, i))]);
  }
  await store.durable();
  for (const [j, seq] of group) {
    seqs.set(j, seq);
    say('w ' + j + ' ' + seq + '\\n');
  }
  if (i % 100 === 0 && seqs.has(i - 50)) {
    store.transaction((tx) => tx.ack('events', seqs.get(i - 50)));
    say('a ' + (i - 50) + '\\n');
  }
}
`;

let build: string;
const dirs: string[] = [];
const children = new Set<ChildProcess>();

beforeAll(() => {
  const cache = join(ROOT, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  build = mkdtempSync(join(cache, 'trailkey-store-crash-'));
  const sources = readdirSync(HERE)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'contract.ts')
    .map((f) => join(HERE, f));
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '--outDir', build, '--rootDir', HERE, '--module', 'nodenext',
      '--moduleResolution', 'nodenext', '--target', 'es2022', '--noCheck', '--noResolve', '--isolatedModules', ...sources],
    { cwd: build, stdio: 'pipe' },
  );
  writeFileSync(join(build, 'package.json'), '{"type": "module"}\n');
  writeFileSync(join(build, 'child.js'), CHILD);
}, 60_000);

afterAll(() => {
  // A child left running (the test failed or timed out) would write forever.
  for (const child of children) child.kill('SIGKILL');
  for (const dir of [build, ...dirs]) if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Acknowledged {
  /** i → seq of every write the child printed. */
  writes: Map<number, number>;
  /** The highest i whose event the child printed as acked. */
  ackedThrough: number;
}

/** Runs the child until it has printed `lines` lines, then SIGKILLs it. */
async function runAndKill(data: string, lines: number): Promise<Acknowledged> {
  const child = spawn(process.execPath, [join(build, 'child.js'), data], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  // The child prints thousands of lines a second; still running after 10 s means it is stuck.
  let stuck = false;
  const watchdog = setTimeout(() => {
    stuck = true;
    child.kill('SIGKILL');
  }, 10_000);
  const seen: Acknowledged = { writes: new Map(), ackedThrough: 0 };
  let stderr = '';
  let pending = '';
  let count = 0;
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    const text = pending + chunk.toString();
    const complete = text.split('\n');
    pending = complete.pop()!; // a line cut short is not an acknowledgement
    for (const line of complete) {
      const [kind, a, b] = line.split(' ');
      if (kind === 'w') seen.writes.set(Number(a), Number(b));
      else seen.ackedThrough = Number(a);
      if (++count === lines) child.kill('SIGKILL');
    }
  });
  const [code, signal] = await once(child, 'exit');
  clearTimeout(watchdog);
  children.delete(child);
  expect({ code, signal, stderr, stuck }).toEqual({ code: null, signal: 'SIGKILL', stderr: '', stuck: false });
  return seen;
}

describe('sqlite store after SIGKILL', () => {
  it('holds every write the killed process acknowledged', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'trailkey-crash-'));
    dirs.push(parent);
    const data = join(parent, 'data');
    const acknowledged = new Map<number, number>();
    let ackedThrough = 0;
    for (let round = 0; round < 3; round++) {
      const seen = await runAndKill(data, 1000 + Math.floor(Math.random() * 4000));
      for (const [i, seq] of seen.writes) acknowledged.set(i, seq);
      ackedThrough = Math.max(ackedThrough, seen.ackedThrough);

      const store = openStore({ data });
      try {
        const rows = store.scan<{ i: number }>('rows');
        const events = store.readBatch<{ i: number }>('events', 0, 1_000_000);
        const n = rows.length;
        const first = events[0]?.value.i ?? n + 1;
        const bySeq = new Map(events.map((e) => [e.seq, e.value.i]));
        // Every acknowledged write is there, its event too unless an ack has taken it…
        for (const [i, seq] of acknowledged) {
          expect(store.get('rows', String(i).padStart(12, '0'))).toEqual({ i, pad: 'x'.repeat(300) });
          if (i >= first) expect(bySeq.get(seq)).toBe(i);
        }
        // …each transaction wholly or not at all: rows 1..n, and the events not acked, up to n…
        expect(rows.map((r) => r.value.i)).toEqual(Array.from({ length: n }, (_, k) => k + 1));
        expect(n).toBeGreaterThanOrEqual(Math.max(...acknowledged.keys()));
        expect(events.map((e) => e.value.i)).toEqual(Array.from({ length: n - first + 1 }, (_, k) => first + k));
        // …and an acknowledged ack stays done.
        expect(first).toBeGreaterThan(ackedThrough);
      } finally {
        store.close();
      }
    }
  }, 60_000);
});
