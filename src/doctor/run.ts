// The doctor end to end: inputs → Setup(s) → Report. With CloudFormation, every pseudo-parameter
// assignment is diagnosed and a verdict is kept only where all agree (load/variants.ts).

import { diagnose, type DiagnoseOptions } from './diagnose.js';
import { loadInputs, type DoctorOptions, type Loaded, type ReadFile } from './load/index.js';
import { symbolize } from './load/variants.js';
import { summarise, type Report, type Result } from './report.js';

const MASK = /(?<!\d)\d{12}(?!\d)|\b(?:us|eu|ap|sa|ca|me|af|il|mx|xx)(?:-gov)?-[a-z]+-\d\b/g;

function keys(results: readonly Result[]): string[] {
  const seen = new Map<string, number>();
  return results.map((r) => {
    const k = `${r.rule}|${r.subject}|${r.check.replace(MASK, '#')}`;
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

export function diagnoseLoaded(loaded: Loaded, options: DiagnoseOptions = {}): Report {
  const reports = loaded.variants.map((v) => diagnose(v.setup, options));
  const report = symbolize(reports[0], loaded.symbols);
  if (reports.length === 1) return report;
  const refKeys = keys(reports[0].results);
  const others = reports.slice(1).map((r, i) => {
    const k = keys(r.results);
    return { varies: loaded.variants[i + 1].varies, byKey: new Map(k.map((key, j) => [key, r.results[j]])) };
  });
  report.results = report.results.map((r, i) => {
    if (r.verdict === 'unknown') return r;
    const differs = others.find((o) => o.byKey.get(refKeys[i])?.verdict !== r.verdict);
    if (!differs) return r;
    const what = VARIES[differs.varies] ?? VARIES.account;
    return { ...r, verdict: 'unknown', unknown: what, message: `depends on ${what}: ${r.message}` };
  });
  report.summary = summarise(report.results);
  return report;
}

/** Reads the inputs and diagnoses them: what `trailkey check` runs, and what `audit` will run on a live account's Setup. */
export async function runDoctor(options: DoctorOptions, read: ReadFile, diagnoseOptions: DiagnoseOptions = {}): Promise<Report> {
  return diagnoseLoaded(await loadInputs(options, read), diagnoseOptions);
}
