// Runs the one contract suite against both backends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { storeContract } from './contract.js';
import { openStore } from './index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

storeContract({ describe, it }, { name: 'memory', create: () => ({ store: openStore({ data: ':memory:' }) }) });

storeContract(
  { describe, it },
  {
    name: 'sqlite',
    create: () => {
      const dir = mkdtempSync(join(tmpdir(), 'trailkey-store-'));
      dirs.push(dir);
      // A directory that does not exist yet: openStore creates it.
      const data = join(dir, 'data');
      return { store: openStore({ data }), reopen: () => openStore({ data }) };
    },
  },
);
