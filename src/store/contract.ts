// The contract every Store backend passes (DESIGN.md principle 9): one suite, run once per
// backend by store.test.ts. It takes the test runner's `describe`/`it` and asserts with node:assert,
// so that this file, which the build compiles and other packages may reuse, depends on no test
// package (the architecture test allows those in *.test.ts files only).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Store, Tx } from './types.js';

export interface TestApi {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => unknown): void;
}

export interface ContractBackend {
  readonly name: string;
  /** A new, empty store; `reopen`, for a persistent backend, opens the same data again after `close`. */
  create(): { store: Store; reopen?: () => Store };
}

type Body = (store: Store, reopen?: () => Store) => unknown;

export function storeContract({ describe, it }: TestApi, backend: ContractBackend): void {
  const test = (name: string, body: Body) =>
    it(name, async () => {
      const { store, reopen } = backend.create();
      try {
        await body(store, reopen);
      } finally {
        store.close();
      }
    });
  const put = (s: Store, table: string, key: string, value: {} | null) => s.transaction((tx) => tx.put(table, key, value));
  const keysOf = (entries: { key: string }[]) => entries.map((e) => e.key);

  describe(`store contract: ${backend.name}`, () => {
    describe('records', () => {
      test('puts, gets, replaces and deletes', (s) => {
        assert.equal(s.get('t', 'k'), undefined);
        put(s, 't', 'k', { a: 1 });
        assert.deepEqual(s.get('t', 'k'), { a: 1 });
        put(s, 't', 'k', { a: 2 });
        assert.deepEqual(s.get('t', 'k'), { a: 2 });
        assert.equal(s.count('t'), 1);
        assert.equal(s.transaction((tx) => tx.delete('t', 'k')), true);
        assert.equal(s.transaction((tx) => tx.delete('t', 'k')), false);
        assert.equal(s.get('t', 'k'), undefined);
      });

      test('keeps tables apart, even when a table name is a prefix of another', (s) => {
        put(s, 'a', 'bc', 1);
        put(s, 'ab', 'c', 2);
        assert.deepEqual(keysOf(s.scan('a')), ['bc']);
        assert.deepEqual(s.scan('ab'), [{ key: 'c', value: 2 }]);
        assert.equal(s.get('a', 'c'), undefined);
        assert.equal(s.count('a'), 1);
      });

      test('round-trips JSON values of every kind', (s) => {
        const value = {
          s: 'text with "quotes", \\ and \n, é, 日本, \u{1F600}',
          n: [0, 1, -1, 1.5, 1e300, Number.MAX_SAFE_INTEGER],
          b: [true, false],
          nil: null,
          nested: { deeper: { list: [{}, [], [[]]] } },
          '': 'empty key',
        };
        for (const v of [value, 'a string', 42, true, null, [1, 'two']] as const) {
          put(s, 't', 'k', v);
          assert.deepEqual(s.get('t', 'k'), v);
        }
      });

      test('drops object properties that are undefined, as JSON does', (s) => {
        put(s, 't', 'k', { a: 1, b: undefined });
        assert.deepEqual(s.get('t', 'k'), { a: 1 });
        assert.equal(Object.hasOwn(s.get<object>('t', 'k')!, 'b'), false);
      });

      test('gives back copies: changing what was put or what was read changes nothing stored', (s) => {
        const v = { list: [1], inner: { x: 1 } };
        put(s, 't', 'k', v);
        v.list.push(2);
        v.inner.x = 2;
        const read = s.get<typeof v>('t', 'k')!;
        read.list.push(3);
        assert.deepEqual(s.get('t', 'k'), { list: [1], inner: { x: 1 } });
      });

      test('round-trips bytes as Buffers, wherever they are', (s) => {
        const view = new Uint8Array([9, 9, 1, 2, 3, 9]).subarray(2, 5);
        const value = {
          top: Buffer.from('key material'),
          empty: Buffer.alloc(0),
          view,
          list: [Buffer.from([0, 255]), { deep: Buffer.from([1]) }],
          // Objects of the caller's that look like the encoding of bytes must stay objects.
          $b64: 'not bytes',
          fake: { $b64: 'AAAA' },
          $$x: 1,
          $: 2,
        };
        put(s, 't', 'k', value);
        const read = s.get<Record<string, unknown>>('t', 'k')!;
        assert.deepEqual(read, { ...value, view: Buffer.from([1, 2, 3]) });
        assert.ok(Buffer.isBuffer(read.top) && Buffer.isBuffer(read.view));
        put(s, 't', 'raw', Buffer.from('only bytes'));
        assert.deepEqual(s.get('t', 'raw'), Buffer.from('only bytes'));
        put(s, 't', 'no-bytes', { $b64: 'AAAA' });
        assert.deepEqual(s.get('t', 'no-bytes'), { $b64: 'AAAA' });
      });

      test('keeps a key named __proto__ as data', (s) => {
        const value = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
        put(s, 't', 'plain', value);
        value.bytes = Buffer.from('x');
        put(s, 't', 'bytes', value);
        for (const key of ['plain', 'bytes']) {
          const read = s.get<Record<string, unknown>>('t', key)!;
          assert.ok(Object.hasOwn(read, '__proto__'));
          assert.equal(Object.getPrototypeOf(read), Object.prototype);
          assert.equal(({} as Record<string, unknown>).polluted, undefined);
        }
      });

      test('refuses values that would not read back the same, naming where', (s) => {
        class Thing {
          x = 1;
        }
        const cycle: Record<string, unknown> = {};
        cycle.self = cycle;
        const bad: [unknown, RegExp][] = [
          [undefined, /undefined/],
          [{ a: { b: [1, Number.NaN] } }, /NaN at `\.a\.b\[1\]`/],
          [{ a: Infinity }, /Infinity at `\.a`/],
          [{ when: new Date(0) }, /Date object at `\.when`/],
          [{ m: new Map() }, /Map object/],
          [new Thing(), /Thing object/],
          [{ f: () => 1 }, /function at `\.f`/],
          [{ s: Symbol('s') }, /symbol/],
          [{ n: 1n }, /bigint/],
          [[1, undefined], /undefined in an array at `\[1\]`/],
          [[1, , 3], /undefined in an array/],
          [new Float32Array(1), /Float32Array/],
          [cycle, /deeper than/],
        ];
        for (const [value, message] of bad) {
          assert.throws(() => put(s, 't', 'k', value as {}), (e: Error) => e instanceof TypeError && message.test(e.message));
        }
        assert.equal(s.count('t'), 0);
      });

      test('refuses bad table names and keys', (s) => {
        s.transaction((tx) => {
          assert.throws(() => tx.put('', 'k', 1), TypeError);
          assert.throws(() => tx.put('t', 'lone \uD800 surrogate', 1), TypeError);
          assert.throws(() => tx.put('t', 42 as unknown as string, 1), TypeError);
        });
        assert.throws(() => s.get('t', '\uDC00'), TypeError);
        assert.throws(() => s.scan('t', { prefix: '\uD800' }), TypeError);
        assert.throws(() => s.scan('t', { limit: -1 }), TypeError);
        assert.throws(() => s.scan('t', { limit: 1.5 }), TypeError);
        assert.throws(() => s.scan('t', { start: 'a' } as object), /unknown scan option `start`/);
        assert.throws(() => s.count('t', { limit: 1 } as object), /unknown range option `limit`/);
        put(s, 't', '', 'the empty key is a key');
        assert.equal(s.get('t', ''), 'the empty key is a key');
      });
    });

    describe('scans', () => {
      // Code point order (UTF-8 byte order): astral characters after U+E000–U+FFFF.
      const keys = ['', 'a', 'a/1', 'a/10', 'a/2', 'b', 'b/x', 'é', '\uE000', '\uFFFD', '\u{1F600}', '\u{10FFFF}'];
      const fill = (s: Store) =>
        s.transaction((tx) => {
          for (const k of [...keys].reverse()) tx.put('t', k, { k });
          tx.put('other', 'a/1', { k: 'other' });
        });

      test('lists keys in UTF-8 byte order', (s) => {
        fill(s);
        const utf8Sorted = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
        assert.deepEqual(keys, utf8Sorted);
        assert.deepEqual(keysOf(s.scan('t')), keys);
        assert.deepEqual(s.scan('t', { limit: 2 }), [
          { key: '', value: { k: '' } },
          { key: 'a', value: { k: 'a' } },
        ]);
        assert.deepEqual(keysOf(s.scan('t', { reverse: true })), [...keys].reverse());
        assert.deepEqual(keysOf(s.scan('t', { reverse: true, limit: 2 })), ['\u{10FFFF}', '\u{1F600}']);
        assert.deepEqual(s.scan('t', { limit: 0 }), []);
        assert.deepEqual(s.scan('missing'), []);
      });

      test('scans a prefix', (s) => {
        fill(s);
        assert.deepEqual(keysOf(s.scan('t', { prefix: 'a/' })), ['a/1', 'a/10', 'a/2']);
        assert.deepEqual(keysOf(s.scan('t', { prefix: 'a' })), ['a', 'a/1', 'a/10', 'a/2']);
        assert.deepEqual(keysOf(s.scan('t', { prefix: 'a/', reverse: true, limit: 2 })), ['a/2', 'a/10']);
        assert.deepEqual(keysOf(s.scan('t', { prefix: '' })), keys);
        assert.deepEqual(keysOf(s.scan('t', { prefix: 'zz' })), []);
        assert.equal(s.count('t', { prefix: 'a/' }), 3);
      });

      test('scans prefixes that end in the last code point or just below the surrogates', (s) => {
        s.transaction((tx) => {
          for (const k of ['x\u{10FFFF}', 'x\u{10FFFF}a', 'x\u{10FFFF}\u{10FFFF}', 'y', '\uD7FF', '\uD7FFz', '\uE000']) tx.put('t', k, 1);
        });
        assert.deepEqual(keysOf(s.scan('t', { prefix: 'x\u{10FFFF}' })), ['x\u{10FFFF}', 'x\u{10FFFF}a', 'x\u{10FFFF}\u{10FFFF}']);
        assert.deepEqual(keysOf(s.scan('t', { prefix: '\u{10FFFF}' })), []);
        assert.deepEqual(keysOf(s.scan('t', { prefix: '\uD7FF' })), ['\uD7FF', '\uD7FFz']);
      });

      test('scans between bounds, inclusive or not, with a prefix or not, both ways', (s) => {
        fill(s);
        assert.deepEqual(keysOf(s.scan('t', { gt: 'a', lt: 'b' })), ['a/1', 'a/10', 'a/2']);
        assert.deepEqual(keysOf(s.scan('t', { gte: 'a', lte: 'b' })), ['a', 'a/1', 'a/10', 'a/2', 'b']);
        assert.deepEqual(keysOf(s.scan('t', { gte: 'a/10', prefix: 'a/' })), ['a/10', 'a/2']);
        assert.deepEqual(keysOf(s.scan('t', { gt: 'a/1', lt: 'b', reverse: true })), ['a/2', 'a/10']);
        assert.deepEqual(keysOf(s.scan('t', { gt: '\uFFFD' })), ['\u{1F600}', '\u{10FFFF}']);
        // The tighter of two bounds on one side wins.
        assert.deepEqual(keysOf(s.scan('t', { gt: 'a', gte: 'a/10', lte: 'b', lt: 'b' })), ['a/10', 'a/2']);
        assert.deepEqual(keysOf(s.scan('t', { gt: 'b', lt: 'a' })), []);
        assert.equal(s.count('t', { gt: 'b', lt: 'a' }), 0);
        assert.equal(s.count('t', { gte: 'a', lte: 'b' }), 5);
      });

      test('pages forwards with gt and backwards with lt', (s) => {
        fill(s);
        const pages = (reverse: boolean) => {
          const seen: string[] = [];
          for (;;) {
            const last = seen.at(-1);
            const cursor = last === undefined ? {} : reverse ? { lt: last } : { gt: last };
            const page = s.scan('t', { ...cursor, limit: 5, reverse });
            if (page.length === 0) return seen;
            seen.push(...keysOf(page));
          }
        };
        assert.deepEqual(pages(false), keys);
        assert.deepEqual(pages(true), [...keys].reverse());
      });

      test('deletes a range', (s) => {
        fill(s);
        assert.equal(s.transaction((tx) => tx.deleteRange('t', { prefix: 'a/' })), 3);
        assert.deepEqual(keysOf(s.scan('t', { prefix: 'a' })), ['a']);
        assert.equal(s.transaction((tx) => tx.deleteRange('t', { gte: 'b', lt: 'é' })), 2);
        assert.equal(s.transaction((tx) => tx.deleteRange('t', {})), keys.length - 5);
        assert.equal(s.count('t'), 0);
        assert.equal(s.count('other'), 1);
      });
    });

    describe('transactions', () => {
      test('commit what the function wrote and return what it returned', (s) => {
        assert.equal(
          s.transaction((tx) => {
            tx.put('t', 'a', 1);
            assert.equal(tx.get('t', 'a'), 1, 'a transaction reads its own writes');
            assert.equal(s.get('t', 'a'), 1, 'so do reads on the store while it runs');
            return 'result';
          }),
          'result',
        );
        assert.equal(s.get('t', 'a'), 1);
      });

      test('roll back every kind of write when the function throws, and rethrow its error', (s) => {
        s.transaction((tx) => {
          tx.put('t', 'keep', 1);
          tx.put('t', 'gone', 1);
          tx.append('q', 'first');
        });
        const before = () => ({ t: s.scan('t'), q: s.readBatch('q', 0, 100), n: s.queueLength('q') });
        const snapshot = before();
        const boom = new Error('boom');
        const writes: ((tx: Tx) => void)[] = [
          (tx) => tx.put('t', 'keep', 2),
          (tx) => tx.put('t', 'new', 1),
          (tx) => tx.delete('t', 'gone'),
          (tx) => tx.deleteRange('t', {}),
          (tx) => tx.append('q', 'second'),
          (tx) => tx.ack('q', Number.MAX_SAFE_INTEGER),
          (tx) => tx.clear(),
        ];
        for (const write of writes) {
          assert.throws(
            () =>
              s.transaction((tx) => {
                write(tx);
                throw boom;
              }),
            (e) => e === boom,
          );
          assert.deepEqual(before(), snapshot);
        }
        assert.throws(() =>
          s.transaction((tx) => {
            for (const write of writes) write(tx);
            throw boom;
          }),
        );
        assert.deepEqual(before(), snapshot);
      });

      test('nest: an inner transaction joins the outer one and commits with it', (s) => {
        s.transaction((tx) => {
          tx.put('t', 'outer', 1);
          const inner = s.transaction((tx2) => {
            assert.equal(tx2.get('t', 'outer'), 1);
            tx2.put('t', 'inner', 1);
            return 'inner result';
          });
          assert.equal(inner, 'inner result');
          assert.equal(tx.get('t', 'inner'), 1);
        });
        assert.deepEqual(keysOf(s.scan('t')), ['inner', 'outer']);
        // The outer throwing undoes the inner one's writes too.
        assert.throws(() =>
          s.transaction(() => {
            s.transaction((tx) => tx.put('t', 'inner2', 1));
            throw new Error('outer fails');
          }),
        );
        assert.equal(s.get('t', 'inner2'), undefined);
      });

      test('nest: an inner transaction that throws undoes only its own writes', (s) => {
        s.transaction((tx) => {
          tx.put('t', 'outer', 1);
          tx.append('q', 'outer');
          assert.throws(() =>
            s.transaction((tx2) => {
              tx2.put('t', 'inner', 1);
              tx2.put('t', 'outer', 2);
              tx2.append('q', 'inner');
              tx2.ack('q', Number.MAX_SAFE_INTEGER);
              s.transaction((tx3) => tx3.put('t', 'innermost', 1));
              throw new Error('inner fails');
            }),
          );
          assert.equal(tx.get('t', 'inner'), undefined);
          assert.equal(tx.get('t', 'innermost'), undefined);
          assert.equal(tx.get('t', 'outer'), 1);
          tx.put('t', 'after', 1);
        });
        assert.deepEqual(keysOf(s.scan('t')), ['after', 'outer']);
        assert.deepEqual(
          s.readBatch('q', 0, 10).map((i) => i.value),
          ['outer'],
        );
      });

      test('refuse an async function, undoing what it wrote before its first await', async (s) => {
        let late: Promise<unknown> | undefined;
        assert.throws(
          () =>
            s.transaction((tx) => {
              tx.put('t', 'k', 1);
              late = (async () => {
                await null;
                tx.put('t', 'late', 1);
              })();
              return late;
            }),
          TypeError,
        );
        await assert.rejects(late!, /transaction that has ended/);
        assert.equal(s.count('t'), 0);
      });

      test('refuse writes through a Tx kept after its transaction', (s) => {
        let kept: Tx | undefined;
        s.transaction((tx) => {
          kept = tx;
        });
        assert.throws(() => kept!.put('t', 'k', 1), /ended/);
        assert.throws(() => kept!.get('t', 'k'), /ended/);
        assert.equal(s.count('t'), 0);
      });

      test('stay usable after a refused value inside a transaction', (s) => {
        s.transaction((tx) => {
          assert.throws(() => tx.put('t', 'bad', { d: new Date() }), TypeError);
          tx.put('t', 'good', 1);
        });
        assert.deepEqual(keysOf(s.scan('t')), ['good']);
      });
    });

    describe('batches (group commit)', () => {
      test('commit together after the turn; reads see batched writes at once; durable() says when', async (s, reopen) => {
        s.batch((tx) => tx.put('t', 'a', 1));
        s.batch((tx) => tx.append('q', 'x'));
        assert.equal(s.get('t', 'a'), 1, 'visible before the commit');
        assert.equal(s.batch((tx) => tx.get('t', 'a')), 1);
        await s.durable();
        await s.durable(); // nothing open: resolves at once
        if (reopen) {
          s.close();
          const again = reopen();
          try {
            assert.equal(again.get('t', 'a'), 1);
            assert.deepEqual(again.readBatch('q', 0, 10).map((i) => i.value), ['x']);
          } finally {
            again.close();
          }
        }
      });

      test('undo only the writes of a batched function that throws', async (s) => {
        s.batch((tx) => tx.put('t', 'kept', 1));
        assert.throws(() =>
          s.batch((tx) => {
            tx.put('t', 'gone', 1);
            tx.put('t', 'kept', 2);
            throw new Error('boom');
          }),
        );
        s.batch((tx) => tx.put('t', 'later', 1));
        await s.durable();
        assert.deepEqual(s.scan('t').map((e) => [e.key, e.value]), [['kept', 1], ['later', 1]]);
      });

      test('let a plain transaction join an open batch and commit it with everything before it', async (s, reopen) => {
        s.batch((tx) => tx.put('t', 'batched', 1));
        const pending = s.durable();
        s.transaction((tx) => tx.put('t', 'plain', 1));
        await pending;
        if (reopen) {
          s.close();
          const again = reopen();
          try {
            assert.deepEqual(again.scan('t').map((e) => e.key), ['batched', 'plain']);
          } finally {
            again.close();
          }
        }
      });

      test('nest transactions inside a batched one, and batch inside a transaction, as savepoints', async (s) => {
        s.batch((tx) => {
          tx.put('t', 'outer', 1);
          assert.throws(() =>
            s.transaction((inner) => {
              inner.put('t', 'inner', 1);
              throw new Error('inner fails');
            }),
          );
          s.batch((inner) => inner.put('t', 'nested', 1));
        });
        s.transaction(() => s.batch((tx) => tx.put('t', 'in-plain', 1)));
        await s.durable();
        assert.deepEqual(s.scan('t').map((e) => e.key), ['in-plain', 'nested', 'outer']);
      });

      test('commit an open batch on close', (s, reopen) => {
        if (!reopen) return;
        s.batch((tx) => tx.put('t', 'k', 1));
        s.close();
        const again = reopen();
        try {
          assert.equal(again.get('t', 'k'), 1);
        } finally {
          again.close();
        }
      });
    });

    describe('queues', () => {
      test('append in order, read in batches after a seq, ack up to a seq', (s) => {
        const seqs = s.transaction((tx) => ['a', 'b', 'c', 'd'].map((v) => tx.append('q', { v })));
        assert.ok(seqs.every((seq, i) => Number.isSafeInteger(seq) && (i === 0 || seq > seqs[i - 1])));
        assert.deepEqual(s.readBatch('q', 0, 10), seqs.map((seq, i) => ({ seq, value: { v: 'abcd'[i] } })));
        assert.deepEqual(s.readBatch('q', 0, 2).map((i) => i.seq), seqs.slice(0, 2));
        assert.deepEqual(s.readBatch('q', seqs[1], 10).map((i) => i.seq), seqs.slice(2));
        assert.deepEqual(s.readBatch('q', seqs[3], 10), []);
        assert.deepEqual(s.readBatch('q', 0, 0), []);
        assert.equal(s.queueLength('q'), 4);
        assert.equal(s.transaction((tx) => tx.ack('q', seqs[1])), 2);
        assert.equal(s.transaction((tx) => tx.ack('q', seqs[1])), 0);
        assert.equal(s.queueLength('q'), 2);
        assert.deepEqual(s.readBatch('q', 0, 10).map((i) => i.seq), seqs.slice(2));
        assert.equal(s.transaction((tx) => tx.ack('q', Number.MAX_SAFE_INTEGER)), 2);
        assert.equal(s.queueLength('q'), 0);
        assert.equal(s.transaction((tx) => tx.ack('missing', 10)), 0);
        assert.deepEqual(s.readBatch('missing', 0, 10), []);
      });

      test('keep topics apart', (s) => {
        const [a1, b1, a2] = s.transaction((tx) => [tx.append('a', 1), tx.append('b', 2), tx.append('a', 3)]);
        assert.deepEqual(s.readBatch('a', 0, 10), [
          { seq: a1, value: 1 },
          { seq: a2, value: 3 },
        ]);
        assert.equal(s.transaction((tx) => tx.ack('a', a2)), 2);
        assert.deepEqual(s.readBatch('b', 0, 10), [{ seq: b1, value: 2 }]);
      });

      test('never reuse a seq, even once the queue is empty', (s) => {
        const first = s.transaction((tx) => [tx.append('q', 1), tx.append('q', 2)]);
        s.transaction((tx) => tx.ack('q', first[1]));
        const next = s.transaction((tx) => tx.append('q', 3));
        assert.ok(next > first[1]);
        s.transaction((tx) => tx.clear());
        assert.ok(s.transaction((tx) => tx.append('q', 4)) > next);
      });

      test('carry bytes and refuse what records refuse', (s) => {
        s.transaction((tx) => tx.append('q', { body: Buffer.from([1, 2]) }));
        assert.deepEqual(s.readBatch('q', 0, 1)[0].value, { body: Buffer.from([1, 2]) });
        assert.throws(() => s.transaction((tx) => tx.append('q', { at: new Date() })), TypeError);
        assert.throws(() => s.transaction((tx) => tx.ack('q', -1)), TypeError);
        assert.throws(() => s.readBatch('', 0, 1), TypeError);
      });

      test('drain ten thousand items batch by batch, as a delivery worker does', (s) => {
        const n = 10_000;
        s.transaction((tx) => {
          for (let i = 0; i < n; i++) tx.append('events', { i, eventName: 'PutObject', pad: 'x'.repeat(100) });
        });
        assert.equal(s.queueLength('events'), n);
        let expected = 0;
        let cursor = 0;
        for (;;) {
          const batch = s.readBatch<{ i: number }>('events', cursor, 1000);
          if (batch.length === 0) break;
          for (const item of batch) assert.equal(item.value.i, expected++);
          cursor = batch.at(-1)!.seq;
          s.transaction((tx) => tx.ack('events', cursor));
        }
        assert.equal(expected, n);
        assert.equal(s.queueLength('events'), 0);
      });
    });

    describe('clear', () => {
      test('empties every table and queue', (s) => {
        s.transaction((tx) => {
          tx.put('a', 'k', 1);
          tx.put('b', 'k', 1);
          tx.append('q', 1);
        });
        s.transaction((tx) => tx.clear());
        assert.equal(s.count('a') + s.count('b') + s.queueLength('q'), 0);
        s.transaction((tx) => tx.put('a', 'k', 2));
        assert.equal(s.get('a', 'k'), 2);
      });
    });

    describe('blobs', () => {
      const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

      test('put returns the SHA-256 hex; get, has and delete use it', async (s) => {
        const bytes = Buffer.from('object body');
        const hash = await s.putBlob(bytes);
        assert.equal(hash, sha256(bytes));
        assert.deepEqual(await s.getBlob(hash), bytes);
        assert.equal(await s.hasBlob(hash), true);
        assert.equal(await s.putBlob(Buffer.from('object body')), hash, 'putting the same bytes again is a no-op');
        assert.equal(await s.deleteBlob(hash), true);
        assert.equal(await s.deleteBlob(hash), false);
        assert.equal(await s.hasBlob(hash), false);
        assert.equal(await s.getBlob(hash), undefined);
      });

      test('round-trip empty and large blobs and byte views', async (s) => {
        const large = Buffer.alloc(3 << 20, 7);
        const view = new Uint8Array([0, 1, 2, 3]).subarray(1, 3);
        for (const bytes of [Buffer.alloc(0), large, view]) {
          const hash = await s.putBlob(bytes);
          assert.equal(hash, sha256(bytes));
          assert.deepEqual(await s.getBlob(hash), Buffer.from(bytes));
        }
      });

      test('keep their own copy', async (s) => {
        const bytes = Buffer.from('abc');
        const hash = await s.putBlob(bytes);
        bytes[0] = 0;
        const read = (await s.getBlob(hash))!;
        read[1] = 0;
        assert.deepEqual(await s.getBlob(hash), Buffer.from('abc'));
      });

      test('refuse anything but a SHA-256 hex as a name, and anything but bytes', async (s) => {
        const good = sha256(Buffer.from('x'));
        for (const bad of ['../../../../etc/passwd', good.toUpperCase(), good.slice(1), `${good}0`, '']) {
          await assert.rejects(s.getBlob(bad), TypeError);
          await assert.rejects(s.hasBlob(bad), TypeError);
          await assert.rejects(s.deleteBlob(bad), TypeError);
        }
        await assert.rejects(s.putBlob('text' as unknown as Uint8Array), TypeError);
      });
    });

    describe('lifecycle', () => {
      test('refuses every call once closed', async (s) => {
        s.close();
        s.close(); // closing twice is harmless
        assert.throws(() => s.get('t', 'k'), /closed/);
        assert.throws(() => s.transaction(() => 1), /closed/);
        await assert.rejects(s.putBlob(Buffer.from('x')), /closed/);
      });

      test('refuses to close inside a transaction', (s) => {
        s.transaction(() => assert.throws(() => s.close(), /inside a transaction/));
        assert.equal(s.count('t'), 0);
      });

      test('keeps everything across close and reopen (persistent backends)', async (s, reopen) => {
        if (reopen === undefined) return;
        const seqs = s.transaction((tx) => {
          tx.put('t', 'k', { bytes: Buffer.from('kept'), n: 1 });
          tx.put('t', 'gone', 1);
          tx.delete('t', 'gone');
          return [tx.append('q', 'a'), tx.append('q', 'b'), tx.append('q', 'c')];
        });
        s.transaction((tx) => tx.ack('q', seqs[0]));
        const hash = await s.putBlob(Buffer.from('blob'));
        s.close();
        const again = reopen();
        try {
          assert.deepEqual(again.scan('t'), [{ key: 'k', value: { bytes: Buffer.from('kept'), n: 1 } }]);
          assert.deepEqual(again.readBatch('q', 0, 10), [
            { seq: seqs[1], value: 'b' },
            { seq: seqs[2], value: 'c' },
          ]);
          assert.deepEqual(await again.getBlob(hash), Buffer.from('blob'));
          again.transaction((tx) => tx.ack('q', seqs[2]));
          assert.ok(again.transaction((tx) => tx.append('q', 'd')) > seqs[2], 'seqs continue after a reopen');
        } finally {
          again.close();
        }
      });
    });
  });
}
