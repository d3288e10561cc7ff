// Text output: short, one block per failure with its cause and its fix; colour only on a terminal.

import type { Report } from '../report.js';
import { at, counts, fixOf, readerText, shown, title } from './shared.js';

const COLOR = { error: 31, warning: 33, note: 36, unknown: 35, dim: 2, bold: 1, ok: 32 } as const;

const KINDS = [['trail', 'trail'], ['event-data-store', 'event data store'], ['key', 'key'], ['bucket', 'bucket']] as const;

/** `1 trail, 1 key, 1 bucket`. */
function checked(report: Report): string {
  const parts = KINDS.map(([kind, word]) => {
    const n = report.subjects.filter((s) => s.kind === kind).length;
    return n ? `${n} ${word}${n === 1 ? '' : 's'}` : '';
  }).filter(Boolean);
  return parts.join(', ') || 'nothing';
}

export function formatText(report: Report, color: boolean): string {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  // `trailkey audit` says where it read: `in eu-west-1`, `in us-east-1 at http://127.0.0.1:4566`.
  const where = report.inputs.find((i) => i.kind === 'account');
  const lines: string[] = [`checked ${checked(report)}${where ? ` in ${where.file}` : ''}`];
  let subject: string | undefined;
  for (const r of shown(report)) {
    if (r.subject !== subject) {
      subject = r.subject;
      const arn = report.subjects.find((s) => s.id === subject)?.arn;
      lines.push('', paint(COLOR.bold, subject) + (arn && arn !== subject ? paint(COLOR.dim, `  ${arn}`) : ''));
    }
    const label = r.verdict === 'unknown' ? 'unknown' : r.severity;
    const code = r.verdict === 'unknown' ? COLOR.unknown : COLOR[r.severity];
    lines.push(`  ${paint(code, label.padEnd(7))} ${r.rule}  ${title(r)}`);
    lines.push(`          ${r.message}`);
    if (r.verdict === 'fail') lines.push(`          ${paint(COLOR.dim, 'fix:')} ${fixOf(r)}`);
    if (r.location?.line) lines.push(`          ${paint(COLOR.dim, `at ${at(r.location)}`)}`);
  }
  const byKey = new Map<string, Report['readers']>();
  for (const r of report.readers) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
  for (const [key, readers] of byKey) {
    const effective = readers.filter((r) => r.forTheseLogs);
    const other = readers.filter((r) => !r.forTheseLogs);
    lines.push('', paint(COLOR.bold, `who can decrypt logs encrypted with ${key}:`));
    if (effective.length === 0) lines.push('  nobody');
    for (const r of effective) lines.push(`  - ${readerText(r)}  ${paint(COLOR.dim, `statement \`${r.statement}\``)}`);
    for (const r of other) lines.push(`  - ${readerText(r)}  ${paint(COLOR.dim, `statement \`${r.statement}\`, only under other conditions: ${r.conditions ?? ''}`)}`);
  }
  const s = report.summary;
  const verdict = s.error > 0 ? paint(COLOR.error, 'failed') : s.warning > 0 ? paint(COLOR.warning, 'passed with warnings') : paint(COLOR.ok, 'passed');
  lines.push('', `${verdict}: ${counts(report)}`);
  return lines.join('\n') + '\n';
}
