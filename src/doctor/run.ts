// The doctor end to end: inputs → Setup(s) → Report. With CloudFormation, every pseudo-parameter
// assignment is diagnosed and a verdict is kept only where all agree (load/variants.ts).

import { diagnose, type DiagnoseOptions } from './diagnose.js';
import { loadInputs, type DoctorOptions, type Loaded, type ReadFile } from './load/index.js';
import { symbolize } from './load/variants.js';
import { summarise, type Report, type Result } from './report.js';

const MASK = /(?<!\d)\d{12}(?!\d)|\b(?:us|eu|ap|sa|ca|me|af|il|mx|xx)(?:-gov)?-[a-z]+-\d\b/g;

function masked(r: Result): string {
  return `${r.subject}|${r.check.replace(MASK, '#')}`;
}

function keys(results: readonly Result[]): string[] {
  const seen = new Map<string, number>();
  return results.map((r) => {
    const k = `${r.rule}|${masked(r)}`;
    const n = seen.get(k) ?? 0;
    seen.set(k, n + 1);
    return `${k}|${n}`;
  });
}

const VARIES: Readonly<Record<string, string>> = {
  account: 'the account the stacks are deployed to (AWS::AccountId; pass --parameter AWS::AccountId=…, or FILE:AWS::AccountId=… per template)',
  region: 'the Region the stacks are deployed to (AWS::Region; pass --parameter AWS::Region=…)',
  both: 'the account and Region the stacks are deployed to (AWS::AccountId, AWS::Region; pass --parameter [FILE:]AWS::AccountId=… and --parameter AWS::Region=…)',
};

/**
 * Keeps a verdict only where every variant agrees: results of `report` (one per result of
 * `reference`, the variant it was made from) that another variant decides otherwise become
 * "unknown", naming what the variants differ in.
 */
export function mergeVariants(report: Report, reference: readonly Result[], others: readonly { results: readonly Result[]; what: string }[]): Report {
  if (others.length === 0) return report;
  const refKeys = keys(reference);
  const indexed = others.map((o) => {
    const k = keys(o.results);
    const byCheck = new Map<string, Result>();
    for (const r of o.results) if (!byCheck.has(masked(r))) byCheck.set(masked(r), r);
    return { what: o.what, byKey: new Map(k.map((key, j) => [key, o.results[j]])), byCheck };
  });
  report.results = report.results.map((r, i) => {
    if (r.verdict === 'unknown') return r;
    // The same check may be reported under another rule in another variant (DescribeKey is TK002
    // without an S3 Bucket Key, TK003 with one): passes agree, failures of different rules do not.
    const differs = indexed.find((o) => {
      const other = o.byKey.get(refKeys[i]) ?? o.byCheck.get(masked(reference[i]));
      return !other || other.verdict !== r.verdict || (r.verdict === 'fail' && other.rule !== r.rule);
    });
    if (!differs) return r;
    return { ...r, verdict: 'unknown', unknown: differs.what, message: `depends on ${differs.what}: ${r.message}` };
  });
  report.summary = summarise(report.results);
  return report;
}

export function diagnoseLoaded(loaded: Loaded, options: DiagnoseOptions = {}): Report {
  const reports = loaded.variants.map((v) => diagnose(v.setup, options));
  const others = reports.slice(1).map((r, i) => ({ results: r.results, what: VARIES[loaded.variants[i + 1].varies] ?? VARIES.account }));
  return mergeVariants(symbolize(reports[0], loaded.symbols), reports[0].results, others);
}

/** Reads the inputs and diagnoses them: what `trailkey check` runs (`trailkey audit` runs audit/ instead). */
export async function runDoctor(options: DoctorOptions, read: ReadFile, diagnoseOptions: DiagnoseOptions = {}): Promise<Report> {
  return diagnoseLoaded(await loadInputs(options, read), diagnoseOptions);
}
