// What `trailkey check` and `trailkey audit` share: the report's options, their checks, and how a
// report becomes output and an exit code.
import { FORMATS, formatReport, SEVERITY_RANK, type Format, type Report, type Severity } from '../../doctor/index.js';
import { EXIT, UsageError, type Io } from '../io.js';

export const REPORT_OPTIONS = {
  format: { type: 'string', default: 'text' },
  'fail-on': { type: 'string', default: 'error' },
  'fail-on-unknown': { type: 'boolean' },
  trace: { type: 'boolean' },
} as const;

export const REPORT_USAGE = '[--format text|json|sarif|junit|markdown] [--fail-on error|warning|note|none] [--fail-on-unknown] [--trace]';

export interface ReportSettings {
  format: Format;
  failOn: Severity | 'none';
  failOnUnknown: boolean;
  trace: boolean;
}

/** The report options as parsed, checked; a bad value is a UsageError. */
export function reportSettings(values: { format: string; 'fail-on': string; 'fail-on-unknown'?: boolean; trace?: boolean }): ReportSettings {
  const format = values.format;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format \`${format}\`: use ${FORMATS.join(', ')}`);
  const failOn = values['fail-on'];
  if (failOn !== 'none' && !(failOn in SEVERITY_RANK)) throw new UsageError(`unknown severity \`${failOn}\` for --fail-on: use error, warning, note or none`);
  return { format: format as Format, failOn: failOn as Severity | 'none', failOnUnknown: Boolean(values['fail-on-unknown']), trace: Boolean(values.trace) };
}

/** Writes the report and answers the exit code: denied when a failure reaches --fail-on, or an unknown with --fail-on-unknown. */
export function printReport(io: Io, report: Report, s: ReportSettings, command?: 'audit'): number {
  io.stdout(formatReport(report, s.format, { color: io.color, failOn: s.failOn, trace: s.trace, ...(command ? { command } : {}) }));
  const threshold = s.failOn === 'none' ? Infinity : SEVERITY_RANK[s.failOn];
  const failed = report.results.some((r) => r.verdict === 'fail' && SEVERITY_RANK[r.severity] >= threshold);
  const unknown = s.failOnUnknown && report.summary.unknown > 0;
  return failed || unknown ? EXIT.denied : EXIT.ok;
}
