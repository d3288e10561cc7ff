import type { Report } from '../report.js';
import type { Severity } from '../rules.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  color: boolean;
  failOn: Severity | 'none';
  trace: boolean;
  /** The command whose report this is, for titles (`trailkey check`, `trailkey audit`); default check. */
  command?: 'check' | 'audit';
}

export function formatReport(report: Report, format: Format, o: FormatOptions): string {
  switch (format) {
    case 'json': return formatJson(report, o.trace);
    case 'sarif': return formatSarif(report);
    case 'junit': return formatJunit(report, o.failOn, o.command);
    case 'markdown': return formatMarkdown(report, o.command);
    default: return formatText(report, o.color);
  }
}
