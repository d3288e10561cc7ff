// `--format junit`: one test suite per subject, one test case per check. Failures at or above
// --fail-on are <failure>; lower ones pass with the finding in <system-out>; unknowns are <skipped>.

import type { Report, Result } from '../report.js';
import type { Severity } from '../rules.js';
import { at, fails, fixOf, title } from './shared.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function testcase(r: Result, failOn: Severity | 'none'): string {
  const open = `    <testcase classname="${esc(r.subject)}" name="${esc(`${r.rule} ${title(r)} [${r.check}]`)}">`;
  if (r.verdict === 'unknown') return `${open}<skipped message="${esc(`unknown: ${r.unknown ?? r.message}`)}"/></testcase>`;
  if (r.verdict === 'pass') return `${open}</testcase>`;
  const body = esc(`${r.message}\nfix: ${fixOf(r)}${r.location ? `\nat ${at(r.location)}` : ''}`);
  if (fails(r, failOn)) return `${open}<failure type="${r.severity}" message="${esc(r.message)}">${body}</failure></testcase>`;
  return `${open}<system-out>${esc(`${r.severity}: `)}${body}</system-out></testcase>`;
}

export function formatJunit(report: Report, failOn: Severity | 'none', command = 'check'): string {
  const suites = new Map<string, Result[]>();
  for (const r of report.results) suites.set(r.subject, [...(suites.get(r.subject) ?? []), r]);
  const count = (rs: Result[]) => ({
    tests: rs.length,
    failures: rs.filter((r) => fails(r, failOn)).length,
    skipped: rs.filter((r) => r.verdict === 'unknown').length,
  });
  const all = count(report.results);
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="trailkey ${command}" tests="${all.tests}" failures="${all.failures}" skipped="${all.skipped}">`];
  for (const [subject, rs] of suites) {
    const c = count(rs);
    out.push(`  <testsuite name="${esc(subject)}" tests="${c.tests}" failures="${c.failures}" skipped="${c.skipped}">`);
    out.push(...rs.map((r) => testcase(r, failOn)));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
