// How a validation report reads: text laid out like `aws cloudtrail validate-logs` (the same
// `Digest file\ts3://…\tINVALID: …` lines and summary, so that scripts written for one read the
// other), with what the CLI does not say on an indented line under each problem; or JSON.
import type { FileResult, Report } from './validate.js';

export interface Counts {
  valid: number;
  invalid: number;
  unreadable: number;
}

export interface Summary {
  digests: Counts;
  logs: Counts;
  /** Every file checked is valid. */
  valid: boolean;
  /** Some file was tampered with or is missing (not merely unreadable). */
  invalid: boolean;
}

const count = (files: FileResult[]): Counts => ({
  valid: files.filter((f) => f.verdict === 'valid').length,
  invalid: files.filter((f) => f.verdict === 'invalid').length,
  unreadable: files.filter((f) => f.verdict === 'unreadable').length,
});

export function summarize(report: Report): Summary {
  const digests = count(report.digests);
  const logs = count(report.logs);
  const invalid = digests.invalid + logs.invalid > 0;
  return { digests, logs, invalid, valid: !invalid && digests.unreadable + logs.unreadable === 0 };
}

export function toJson(report: Report): string {
  return JSON.stringify({ ...report, summary: summarize(report) }, null, 2) + '\n';
}

const label = (f: FileResult) => (f.kind === 'digest' ? 'Digest file' : 'Log file');

function fileLines(f: FileResult, verbose: boolean): string[] {
  const url = `s3://${f.bucket}/${f.key}`;
  if (f.verdict === 'valid') return verbose ? [`${label(f)}\t${url}\tvalid`] : [];
  // Unreadable files are summed up once per missing permission; each is listed with --verbose.
  if (f.verdict === 'unreadable' && f.permission && !verbose) return [];
  const head = `${label(f)}\t${url}\t${f.verdict === 'invalid' ? 'INVALID' : 'UNREADABLE'}: ${f.reason}`;
  return f.detail ? [head, `    ${f.detail}`] : [head];
}

function ratio(c: Counts, name: string): string | undefined {
  const total = c.valid + c.invalid + c.unreadable;
  if (total === 0) return undefined;
  let line = `${c.valid}/${total} ${name} files valid`;
  if (c.invalid) line += `, ${c.invalid}/${total} ${name} files INVALID`;
  if (c.unreadable) line += `, ${c.unreadable}/${total} ${name} files UNREADABLE`;
  return line;
}

/** One line per permission a reader lacks, with how many files it kept from being checked. */
function permissionLines(report: Report): string[] {
  const groups = new Map<string, { text: string; digests: number; logs: number }>();
  for (const f of [...report.digests, ...report.logs]) {
    if (f.verdict !== 'unreadable' || !f.permission) continue;
    const p = f.permission;
    // s3:GetObject is denied per object: group by bucket.
    const resource = p.action === 's3:GetObject' ? `arn:aws:s3:::${f.bucket}/*` : p.resource;
    const id = `${p.principal ?? ''}|${p.action}|${resource}`;
    const because = p.because ? ` (${p.because})` : '';
    const g = groups.get(id) ?? { text: `${p.principal ? `${p.principal} is` : 'you are'} not allowed ${p.action} on ${resource}${because}`, digests: 0, logs: 0 };
    if (f.kind === 'digest') g.digests++;
    else g.logs++;
    groups.set(id, g);
  }
  return [...groups.values()].map((g) => {
    const files = [g.digests ? `${g.digests} digest file${g.digests > 1 ? 's' : ''}` : '', g.logs ? `${g.logs} log file${g.logs > 1 ? 's' : ''}` : ''].filter(Boolean).join(' and ');
    return `cannot read ${files}: ${g.text}`;
  });
}

export function toText(report: Report, verbose: boolean): string {
  const out: string[] = [`Validating log files for trail ${report.trailArn} between ${report.start} and ${report.end}`, ''];
  const logsOf = new Map<string, FileResult[]>();
  for (const l of report.logs) logsOf.set(l.digest!, [...(logsOf.get(l.digest!) ?? []), l]);
  for (const d of report.digests) {
    out.push(...fileLines(d, verbose));
    for (const l of logsOf.get(`s3://${d.bucket}/${d.key}`) ?? []) out.push(...fileLines(l, verbose));
    if (d.verdict === 'valid') {
      const gap = report.gaps.find((g) => g.to === d.digestStartTime);
      if (gap) out.push(`No log files were delivered by CloudTrail between ${gap.from} and ${gap.to}`);
    }
  }
  const denied = permissionLines(report);
  if (denied.length) out.push('', ...denied);
  if (out[out.length - 1] !== '') out.push('');
  out.push(`Results requested for ${report.start} to ${report.end}`);
  const s = summarize(report);
  if (report.digests.length === 0) {
    out.push('No digests found');
    return out.join('\n') + '\n';
  }
  out.push(report.found ? `Results found for ${report.found.start} to ${report.found.end}:` : 'No valid digests found in range');
  out.push('');
  for (const line of [ratio(s.digests, 'digest'), ratio(s.logs, 'log')]) if (line) out.push(line);
  return out.join('\n') + '\n';
}
