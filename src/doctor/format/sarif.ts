// `--format sarif`: SARIF 2.1.0 for GitHub code scanning. Rule ids are the stable TKnnn ids; results
// point into the policy file, plan or template with line numbers where they are known.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning

import { createHash } from 'node:crypto';
import type { Report } from '../report.js';
import { RULES } from '../rules.js';
import { fixOf } from './shared.js';

const LEVEL = { error: 'error', warning: 'warning', note: 'note' } as const;

export function formatSarif(report: Report): string {
  const rules = RULES.map((r) => ({
    id: r.id,
    name: r.name,
    shortDescription: { text: r.title },
    fullDescription: { text: r.explanation },
    help: { text: r.fix, markdown: `${r.fix}\n\n[AWS documentation](${r.help})` },
    helpUri: r.help,
    defaultConfiguration: { level: LEVEL[r.severity] },
  }));
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const results = report.results
    .filter((r) => r.verdict !== 'pass')
    .map((r) => ({
      ruleId: r.rule,
      ruleIndex: index.get(r.rule),
      // SARIF §3.27.9: a kind other than `fail` requires level `none`.
      ...(r.verdict === 'unknown' ? { kind: 'review', level: 'none' } : { kind: 'fail', level: LEVEL[r.severity] }),
      message: { text: r.verdict === 'fail' ? `${r.message} Fix: ${fixOf(r)}` : r.message },
      ...(r.location
        ? {
            locations: [{
              physicalLocation: {
                artifactLocation: { uri: r.location.file.replace(/\\/g, '/').replace(/^\.\//, '') },
                ...(r.location.line ? { region: { startLine: r.location.line, ...(r.location.column ? { startColumn: r.location.column } : {}) } } : {}),
              },
              ...(r.location.policyPath ? { logicalLocations: [{ fullyQualifiedName: `${r.subject}:${r.location.policyPath}` }] } : {}),
            }],
          }
        : {}),
      partialFingerprints: { 'trailkeyResult/v1': createHash('sha256').update(`${r.rule}|${r.subject}|${r.check}`).digest('hex').slice(0, 32) },
      properties: { subject: r.subject, check: r.check, verdict: r.verdict, ...(r.unknown ? { unknown: r.unknown } : {}) },
    }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'trailkey', version: report.tool.version, rules } },
      // Files only: what `trailkey audit` read from an account is no artifact.
      artifacts: report.inputs.filter((i) => i.kind !== 'account').map((i) => ({ location: { uri: i.file.replace(/\\/g, '/').replace(/^\.\//, '') } })),
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
