// `npm run bench`: prints every benchmark's figures. Benchmarks are measurements, not tests.
import { cpus, totalmem } from 'node:os';
import { benchKms } from './kms.js';
import { benchPolicy } from './policy.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const only = process.argv[2];
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
if (!only || only === 'policy') {
  console.log('\nbench/policy — CloudTrail key-policy request (GenerateDataKey by cloudtrail.amazonaws.com)');
  for (const [name, perSecond] of Object.entries(benchPolicy())) console.log(`  ${name.padEnd(58)} ${fmt(perSecond).padStart(12)} /s`);
}
if (!only || only === 'kms') {
  console.log('\nbench/kms — the emulator over HTTP');
  for (const [name, value] of Object.entries(await benchKms())) console.log(`  ${name.padEnd(70)} ${value.padStart(10)}`);
}
if (!only || only === 'delivery') await (await import('./delivery.js')).printDelivery();
if (!only || only === 'validate') await (await import('./validate.js')).main();
