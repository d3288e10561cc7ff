#!/usr/bin/env node
// Build step after tsc (`npm run build`) for `trailkey validate-logs`' start-up (bench/validate):
//
// 1. Bundles the validator (src/integrity/index.ts), the AWS SDK clients and commands that
//    src/integrity/aws-sdk.ts names, and only what they need, into
//    dist/integrity/integrity.bundle.cjs. Loading the two clients' packages file by file takes
//    about 0.15 s; one file about 0.05 s; the validator's own modules in it save another 0.005 s
//    of ES module loading. The SDK is read from its ES module builds (package.json `module`),
//    which the bundler tree-shakes: the other S3 and CloudTrail commands are left out. CommonJS,
//    because vm.Script (below) runs scripts, not modules; not minified, so stack traces stay
//    readable (minifying saved under 5 ms).
// 2. Replaces tsc's dist/integrity/index.js with a stub that exports the same names from the
//    bundle, loaded by src/integrity/load-bundle.ts. validate-logs imports only that index.
// 3. Runs the validator's SDK calls once against a closed port and writes V8's code cache of the
//    bundle (scripts/sdk-code-cache.mjs): about 0.035 s less parsing and compiling per start-up.
//
// Without this step (tsc alone) everything works the same, only slower to start.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist/integrity');
const bundle = join(dist, 'integrity.bundle.cjs');

rmSync(`${bundle}.cache`, { force: true });
// What builds before this one wrote under the bundle's former name.
for (const old of ['aws-sdk.bundle.cjs', 'aws-sdk.bundle.cjs.cache']) rmSync(join(dist, old), { force: true });
const { output } = await build({
  input: join(root, 'src/integrity/index.ts'),
  platform: 'node',
  resolve: { mainFields: ['module', 'main'] },
  // One file: the credential providers the SDK imports on demand (SSO, web identity…) are in it
  // too, and cost nothing until called. import() of node builtins becomes require(): a vm.Script
  // given a code cache has no loader for import() on Node 20.
  output: { file: bundle, format: 'cjs', codeSplitting: false, dynamicImportInCjs: false },
  logLevel: 'warn',
});
if (/\bimport\(/.test(readFileSync(bundle, 'utf8'))) throw new Error(`${bundle} still has an import(): load-bundle.ts cannot run it`);
const names = output[0].exports;
if (!names?.length) throw new Error(`${bundle} exports nothing`);

writeFileSync(
  join(dist, 'index.js'),
  `// Written by scripts/bundle-sdk.mjs in place of tsc's index (src/integrity/index.ts): the
// same names, from the bundle beside this file, compiled with its code cache.
import { fileURLToPath } from 'node:url';
import { loadBundle } from './load-bundle.js';

export const { ${names.join(', ')} } = loadBundle(fileURLToPath(new URL('./integrity.bundle.cjs', import.meta.url)));
`,
);
// tsc's source map described the index; index.d.ts still describes these names.
rmSync(join(dist, 'index.js.map'), { force: true });

const warm = spawnSync(process.execPath, [join(root, 'scripts/sdk-code-cache.mjs')], { stdio: 'inherit' });
if (warm.status !== 0) throw new Error('scripts/sdk-code-cache.mjs failed');

// A fresh process must accept the cache: the Node that built it runs it, so a rejection is a
// mistake here (a V8 flag set before the bundle loads: src/cli/short-run.ts), which would cost
// every run the compile the cache saves.
const check = `const { loadedBundles } = await import(${JSON.stringify(join(dist, 'load-bundle.js'))}); await import(${JSON.stringify(join(dist, 'index.js'))});
process.exitCode = [...loadedBundles.values()].some((s) => s.cachedDataRejected !== false) ? 1 : 0;`;
const checked = spawnSync(process.execPath, ['--input-type=module', '-e', check], { stdio: 'inherit', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } });
if (checked.error || checked.signal) throw new Error(`the code cache check could not run: ${checked.error?.message ?? checked.signal}`);
if (checked.status !== 0) throw new Error(`V8 rejects the code cache of ${bundle} in a fresh process`);
