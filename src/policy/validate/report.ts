// Collects findings while the checks run in any order, then sorts them into AWS's order so that
// findings[0] is the answer AWS gives (checks.ts explains the two orders).

import type { Finding, PolicyKind } from '../types.js';
import { CHECKS, KIND_CODE, LINT_STAGE, STATEMENT_PHASE, type Args, type Check, type CheckName } from './checks.js';

/** Where a finding sits: which statement (-1: the document) and, within a rule, Resource before NotResource. */
export interface Place {
  stmt?: number;
  /** 0 for Action/Resource, 1 for NotAction/NotResource: IAM checks every Resource before any NotResource. */
  sub?: number;
}

interface Draft {
  finding: Finding;
  stage: number;
  stmt: number;
  seq: number;
}

// S3 is the one kind whose statement-level checks run statement by statement.
const STATEMENT_MAJOR: ReadonlySet<PolicyKind> = new Set<PolicyKind>(['s3-bucket']);

export class Reporter {
  private readonly drafts: Draft[] = [];
  /** path → rule ids of the errors reported there */
  private readonly errorPaths = new Map<string, Set<string>>();

  constructor(readonly kind: PolicyKind) {}

  /** Whether this kind makes `check` at all (an error or a warning). */
  applies(check: CheckName): boolean {
    return (CHECKS[check] as Check).kinds[this.kind] !== undefined;
  }

  report(check: CheckName, path: string, args: Args = {}, place: Place = {}): void {
    const def: Check = CHECKS[check];
    const outcome = def.kinds[this.kind];
    if (outcome === undefined) return;
    const message = typeof outcome.message === 'function' ? outcome.message(args) : outcome.message;
    const finding: Finding = outcome.severity === 'error'
      ? { severity: 'error', rule: def.rule, code: outcome.code ?? KIND_CODE[this.kind], message, path }
      : { severity: 'warning', rule: def.rule, message, path };
    if (finding.severity === 'error') {
      const rules = this.errorPaths.get(path) ?? new Set<string>();
      rules.add(def.rule);
      this.errorPaths.set(path, rules);
    }
    const stage = (outcome.stage ?? def.stage) + (place.sub ?? 0) / 10;
    this.drafts.push({ finding, stage: outcome.severity === 'warning' ? LINT_STAGE : stage, stmt: place.stmt ?? -1, seq: this.drafts.length });
  }

  /** An error (of `rule`, if given) was reported at exactly this path: lints skip what AWS already rejects. */
  hasErrorAt(path: string, rule?: string): boolean {
    const rules = this.errorPaths.get(path);
    return rules !== undefined && (rule === undefined || rules.has(rule));
  }

  findings(): Finding[] {
    const statementMajor = STATEMENT_MAJOR.has(this.kind);
    const key = (d: Draft): number[] => {
      if (d.stage >= LINT_STAGE) return [1, d.stmt, d.seq];
      if (statementMajor && d.stage >= STATEMENT_PHASE) return [0, STATEMENT_PHASE, d.stmt, d.stage, d.seq];
      return [0, d.stage, d.stmt, d.seq];
    };
    const keyed = this.drafts.map((d) => ({ d, k: key(d) }));
    keyed.sort((a, b) => {
      for (let i = 0; i < Math.max(a.k.length, b.k.length); i++) {
        const x = a.k[i] ?? 0;
        const y = b.k[i] ?? 0;
        if (x !== y) return x - y;
      }
      return 0;
    });
    return keyed.map(({ d }) => d.finding);
  }
}
