// `npm run bench`: prints every benchmark's figures. Benchmarks are measurements, not tests.
import { cpus, totalmem } from 'node:os';
import { benchPolicy } from './policy.js';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
console.log('\nbench/policy — CloudTrail key-policy request (GenerateDataKey by cloudtrail.amazonaws.com)');
for (const [name, perSecond] of Object.entries(benchPolicy())) console.log(`  ${name.padEnd(58)} ${fmt(perSecond).padStart(12)} /s`);
