import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheFileOf, loadBundle, loadedBundles } from './load-bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'trailkey-bundle-'));
/** A CommonJS file that uses what Node gives a module: require, __dirname, __filename, exports. */
function bundle(name: string): string {
  const file = join(dir, name);
  writeFileSync(file, `const { join } = require('node:path'); exports.where = join(__dirname, 'x'); exports.file = __filename; exports.name = ${JSON.stringify(name)};`);
  return file;
}

describe('loadBundle', () => {
  it('runs a CommonJS file as Node would, and keeps its script for the build to write a code cache', () => {
    const file = bundle('a.cjs');
    expect(loadBundle(file)).toEqual({ where: join(dir, 'x'), file, name: 'a.cjs' });
    writeFileSync(cacheFileOf(file), loadedBundles.get(file)!.createCachedData());
    expect(loadBundle(file).name).toBe('a.cjs');
  });

  it('compiles as usual when V8 rejects the cache', () => {
    const file = bundle('b.cjs');
    writeFileSync(cacheFileOf(file), 'not a code cache');
    expect(loadBundle(file).name).toBe('b.cjs');
    expect(loadedBundles.get(file)!.cachedDataRejected).toBe(true);
  });
});
