// `--format json`: the Report itself, schema version 1. Traces are large, so only with --trace.

import type { Report } from '../report.js';

export function formatJson(report: Report, trace = false): string {
  const results = report.results.map(({ trace: t, ...rest }) => (trace && t ? { ...rest, trace: t } : rest));
  return JSON.stringify({ ...report, results }, null, 2) + '\n';
}
