// `trailkey fix`: prints the corrected key and bucket policies (every statement kept, least-privilege
// statements added or repaired); `--write` rewrites the policy JSON files in place.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { doctorOptions, fixSetup, INPUT_OPTIONS, INPUT_USAGE, InputError, loadInputs, ruleById, symbolize, type FixedPolicy } from '../../doctor/index.js';
import { EXIT, UsageError, type Io } from '../io.js';

export const usage = `trailkey fix ${INPUT_USAGE} [--write] [--only key|bucket] [--format text|json]`;
export const summary = 'print the key and bucket policies with the statements CloudTrail needs added or repaired';

const show = (p: FixedPolicy) => JSON.stringify(p.after, null, 2);

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...INPUT_OPTIONS, write: { type: 'boolean' }, only: { type: 'string' }, format: { type: 'string', default: 'text' } },
  });
  if (values.only !== undefined && values.only !== 'key' && values.only !== 'bucket') throw new UsageError(`--only takes \`key\` or \`bucket\`, not \`${values.only}\``);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown format \`${values.format}\`: use text or json`);
  let outcome;
  let symbols: [string, string][];
  try {
    const loaded = await loadInputs(doctorOptions(values), (p) => readFile(p, 'utf8'));
    outcome = fixSetup(loaded.variants[0].setup);
    symbols = loaded.symbols;
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
  // CloudFormation placeholders print as ${AWS::AccountId}/${AWS::Region}, ready for !Sub.
  const policies = symbolize(outcome.policies, symbols).filter((p) => !values.only || p.target === values.only);
  const remaining = symbolize(outcome.remaining, symbols);
  if (values.only && policies.length === 0) throw new UsageError(`there is no ${values.only} policy to fix in the inputs`);

  const written: string[] = [];
  if (values.write) {
    for (const p of policies) {
      if (!p.file || p.changes.length === 0) continue;
      await writeFile(p.file, show(p) + '\n');
      written.push(p.file);
    }
  }
  if (values.format === 'json') {
    io.stdout(JSON.stringify({ schemaVersion: 1, policies: policies.map(({ source: _s, ...p }) => ({ ...p, written: written.includes(p.file ?? '') })), remaining, skipped: outcome.skipped }, null, 2) + '\n');
  } else if (values.only && !values.write) {
    io.stdout(show(policies[0]) + '\n');
  } else {
    const out: string[] = [];
    for (const p of policies) {
      const what = `${p.target} policy ${p.label}`;
      if (written.includes(p.file ?? '')) out.push(`wrote ${p.file}: ${p.changes.length} change${p.changes.length === 1 ? '' : 's'}`, ...p.changes.map((c) => `  - ${c}`), '');
      else if (p.changes.length === 0) out.push(`${what}: nothing to change`, '');
      else out.push(`${what}: ${p.changes.length} change${p.changes.length === 1 ? '' : 's'}`, ...p.changes.map((c) => `  - ${c}`), show(p), '');
    }
    for (const s of outcome.skipped) out.push(`not fixed: ${s}`);
    if (remaining.length) {
      out.push('still failing after the fix:');
      for (const r of remaining) out.push(`  ${r.rule} ${ruleById(r.rule).title} (${r.subject}): ${r.message}`);
    }
    io.stdout(out.join('\n').replace(/\n+$/, '') + '\n');
  }
  return remaining.length ? EXIT.denied : EXIT.ok;
}
