// `trailkey check`: the doctor's verdict on a trail's key policy, bucket policy and key.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { doctorOptions, formatReport, FORMATS, INPUT_OPTIONS, INPUT_USAGE, InputError, runDoctor, SEVERITY_RANK, type Format, type Severity } from '../../doctor/index.js';
import { EXIT, toolVersion, UsageError, type Io } from '../io.js';

export const usage = `trailkey check ${INPUT_USAGE} [--format text|json|sarif|junit|markdown] [--fail-on error|warning|note|none] [--fail-on-unknown] [--trace]`;
export const summary = 'check that CloudTrail can use a key and a bucket, who can decrypt the logs, and lint the policies';

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...INPUT_OPTIONS,
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      'fail-on-unknown': { type: 'boolean' },
      trace: { type: 'boolean' },
    },
  });
  const format = values.format;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format \`${format}\`: use ${FORMATS.join(', ')}`);
  const failOn = values['fail-on'];
  if (failOn !== 'none' && !(failOn in SEVERITY_RANK)) throw new UsageError(`unknown severity \`${failOn}\` for --fail-on: use error, warning, note or none`);
  let report;
  try {
    report = await runDoctor(doctorOptions(values), (p) => readFile(p, 'utf8'), { version: toolVersion() });
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
  io.stdout(formatReport(report, format as Format, { color: io.color, failOn: failOn as Severity | 'none', trace: Boolean(values.trace) }));
  const threshold = failOn === 'none' ? Infinity : SEVERITY_RANK[failOn as Severity];
  const failed = report.results.some((r) => r.verdict === 'fail' && SEVERITY_RANK[r.severity] >= threshold);
  const unknown = Boolean(values['fail-on-unknown']) && report.summary.unknown > 0;
  return failed || unknown ? EXIT.denied : EXIT.ok;
}
