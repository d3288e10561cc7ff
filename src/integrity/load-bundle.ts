// Loads a CommonJS bundle with the V8 code cache written beside it at build time
// (scripts/bundle-sdk.mjs), so that a start-up does not parse and compile the AWS SDK again: about
// 0.035 s of a validation's 0.3 s against a fast server (bench/validate). Node 20 has no compile
// cache of its own for modules (module.enableCompileCache is Node 22), but vm.Script takes one.
//
// A cache that V8 rejects (another Node version built it, or it is missing) costs nothing but the
// saving: the source is compiled as usual.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/** Every bundle loaded in this process, by file: the build writes their code caches after a warm-up. */
export const loadedBundles = new Map<string, Script>();

/** The code cache of `file`: `<file>.cache`. */
export const cacheFileOf = (file: string) => `${file}.cache`;

/** Runs `file` as a CommonJS module whose requires resolve from where it lies, and returns its exports. */
export function loadBundle(file: string): Record<string, unknown> {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFileOf(file));
  } catch {
    // No cache: compile.
  }
  // The same wrapper as Node's own for CommonJS; the cache is only valid for this exact source.
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
  const script = new Script(source, { filename: file, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, dirname(file));
  loadedBundles.set(file, script);
  return module.exports;
}
