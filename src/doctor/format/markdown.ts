// `--format markdown`: a CI summary (e.g. $GITHUB_STEP_SUMMARY).

import type { Report } from '../report.js';
import { at, counts, fixOf, readerText, shown, title } from './shared.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ICON = { error: '❌', warning: '⚠️', note: 'ℹ️', unknown: '❔' } as const;

export function formatMarkdown(report: Report, command = 'check'): string {
  const lines = [`## trailkey ${command}`, '', counts(report), ''];
  const rows = shown(report);
  if (rows.length) {
    lines.push('| | Rule | Subject | Finding | Fix | Location |', '|---|---|---|---|---|---|');
    for (const r of rows) {
      const label = r.verdict === 'unknown' ? 'unknown' : r.severity;
      lines.push(`| ${ICON[label]} ${label} | ${r.rule} ${cell(title(r))} | \`${cell(r.subject)}\` | ${cell(r.message)} | ${r.verdict === 'fail' ? cell(fixOf(r)) : ''} | ${r.location ? `\`${cell(at(r.location))}\`` : ''} |`);
    }
    lines.push('');
  }
  if (report.readers.length) {
    lines.push('### Who can decrypt the logs', '', '| Key | Reader | Statement | For these logs |', '|---|---|---|---|');
    for (const r of report.readers) lines.push(`| \`${cell(r.key)}\` | ${cell(readerText(r))} | \`${cell(r.statement)}\` | ${r.forTheseLogs ? 'yes' : `only if ${cell(r.conditions ?? '')}`} |`);
    lines.push('');
  }
  return lines.join('\n');
}
