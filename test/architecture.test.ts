// Enforces DESIGN.md's import table: which module of src/ may import which, and which packages.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** Module of a file: the first folder under src/ (`services/<name>` for services), or `index`. */
export function moduleOf(file: string): string {
  const parts = relative(SRC, file).split(/[\\/]/);
  if (parts.length === 1) return 'index';
  if (parts[0] === 'services' && parts.length > 2) return `services/${parts[1]}`;
  return parts[0] === 'services' ? 'services/index' : parts[0];
}

/** Our modules each module may import (besides itself). */
const ALLOWED: Record<string, (target: string) => boolean> = {
  policy: () => false,
  sigv4: () => false,
  store: () => false,
  core: (t) => t === 'policy' || t === 'store',
  protocol: (t) => t === 'core',
  // The doctor reads policies and trail settings offline: the engine is all it needs.
  doctor: (t) => t === 'policy',
  // The log validator reads an account through the AWS SDK, never the emulator's insides, so it
  // validates a real account the same way; from policy it takes only CloudTrail's ARN and paths.
  integrity: (t) => t === 'policy',
  server: (t) => ['protocol', 'services/index', 'sigv4', 'core', 'store'].includes(t) || t.startsWith('services/'),
  'services/index': (t) => t.startsWith('services/') || ['core', 'policy', 'store'].includes(t),
  cli: (t) => t !== 'cli',
  index: (t) => t !== 'cli',
};

function allowed(from: string, to: string): boolean {
  if (from === to) return true;
  if (to === 'cli') return false; // nothing imports cli/
  if (from.startsWith('services/') && from !== 'services/index') return ['core', 'policy', 'store'].includes(to);
  return (ALLOWED[from] ?? (() => false))(to);
}

/** Packages (not node builtins) a module may use at run time; tests may also use the test tools. */
const PACKAGES: Record<string, readonly string[]> = {
  store: ['better-sqlite3'],
  // yaml reads CloudFormation templates; the SDK clients are how `trailkey audit` (doctor/audit/)
  // reads a live account's trails, keys and buckets with the standard credential chain.
  doctor: ['yaml', '@aws-sdk/client-cloudtrail', '@aws-sdk/client-kms', '@aws-sdk/client-s3'],
  // validate-logs reads digests, log files and public keys through the SDK (src/integrity/source.ts).
  integrity: ['@aws-sdk/client-cloudtrail', '@aws-sdk/client-s3'],
};
const TEST_PACKAGES = ['vitest', 'fast-check'];
const BUILTIN_ONLY = new Set(['policy', 'sigv4']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

describe('architecture (DESIGN.md import table)', () => {
  const files = sourceFiles(SRC);

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('parses every import form it must police', () => {
    const sample = `import a from './a.js';\nimport type { B } from "../b.js";\nexport * from './c.js';\nconst d = await import('./d.js');`;
    expect([...sample.matchAll(IMPORT)].map((m) => m[1] ?? m[2])).toEqual(['./a.js', '../b.js', './c.js', './d.js']);
  });

  it('keeps every import inside what its module may use', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = moduleOf(file);
      const isTest = file.endsWith('.test.ts');
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const to = moduleOf(resolve(dirname(file), spec));
          if (!allowed(from, to)) violations.push(`${relative(SRC, file)} (${from}) imports ${spec} (${to})`);
        } else if (!spec.startsWith('node:')) {
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          const ok =
            (isTest && TEST_PACKAGES.includes(pkg)) ||
            (!BUILTIN_ONLY.has(from) && (PACKAGES[from]?.includes(pkg) || !['store', 'core', 'doctor', 'integrity'].includes(from)));
          if (!ok) violations.push(`${relative(SRC, file)} (${from}) imports package ${pkg}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('rejects what the table forbids', () => {
    expect(allowed('policy', 'core')).toBe(false);
    expect(allowed('services/kms', 'services/s3')).toBe(false);
    expect(allowed('protocol', 'services/kms')).toBe(false);
    expect(allowed('server', 'cli')).toBe(false);
    expect(allowed('services/index', 'services/kms')).toBe(true);
    expect(allowed('cli', 'server')).toBe(true);
  });
});
