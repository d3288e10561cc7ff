// Helpers every output format shares: ordering, locations, counts.

import type { Location, Report, Result } from '../report.js';
import { ruleById, SEVERITY_RANK, type Severity } from '../rules.js';

/** What the user must see: failures and unknowns, worst first within each subject, subjects in input order. */
export function shown(report: Report): Result[] {
  const order = new Map(report.subjects.map((s, i) => [s.id, i]));
  const rank = (r: Result) => (r.verdict === 'unknown' ? 0 : SEVERITY_RANK[r.severity]);
  return report.results
    .filter((r) => r.verdict !== 'pass')
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (order.get(a.r.subject) ?? 1e9) - (order.get(b.r.subject) ?? 1e9) || rank(b.r) - rank(a.r) || a.i - b.i)
    .map(({ r }) => r);
}

export function at(l: Location | undefined): string {
  if (!l) return '';
  return `${l.file}${l.line ? `:${l.line}${l.column ? `:${l.column}` : ''}` : ''}`;
}

export function title(r: Result): string {
  return ruleById(r.rule).title;
}

export function fixOf(r: Result): string {
  return r.fix ?? ruleById(r.rule).fix;
}

export function fails(r: Result, failOn: Severity | 'none'): boolean {
  return r.verdict === 'fail' && failOn !== 'none' && SEVERITY_RANK[r.severity] >= SEVERITY_RANK[failOn];
}

export function counts(report: Report): string {
  const s = report.summary;
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${n(s.error, 'error')}, ${n(s.warning, 'warning')}, ${n(s.note, 'note')}, ${s.unknown} unknown; ${s.pass} check${s.pass === 1 ? '' : 's'} passed`;
}

/** Short principal text for reader lists. */
export function readerText(r: Report['readers'][number]): string {
  if (r.kind === 'anyone') return r.accounts.length ? `any principal of ${r.accounts.map((a) => `${a.startsWith('o-') ? 'organization' : 'account'} \`${a}\``).join(', ')} (no IAM policy needed)` : 'any principal of any account';
  if (r.kind === 'account') return `account \`${r.accounts[0] ?? r.principal}\` (its IAM policies decide)`;
  if (r.kind === 'service') return `the service \`${r.principal}\``;
  return `\`${r.principal}\`${r.needsIamPolicy ? ' (also needs its own IAM policy)' : ''}`;
}
