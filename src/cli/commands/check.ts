// `trailkey check`: the doctor's verdict on a trail's key policy, bucket policy and key.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { doctorOptions, INPUT_OPTIONS, INPUT_USAGE, InputError, runDoctor } from '../../doctor/index.js';
import { toolVersion, UsageError, type Io } from '../io.js';
import { printReport, REPORT_OPTIONS, REPORT_USAGE, reportSettings } from './report-options.js';

export const usage = `trailkey check ${INPUT_USAGE} ${REPORT_USAGE}`;
export const summary = 'check that CloudTrail can use a key and a bucket, who can decrypt the logs, and lint the policies';

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { ...INPUT_OPTIONS, ...REPORT_OPTIONS },
  });
  const settings = reportSettings(values);
  let report;
  try {
    report = await runDoctor(doctorOptions(values), (p) => readFile(p, 'utf8'), { version: toolVersion() });
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
  return printReport(io, report, settings);
}
