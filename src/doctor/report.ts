// The doctor's answer: one result per check (pass, fail or unknown), the readers of each key, and
// the inputs. The JSON output is this object; its schema is versioned by `schemaVersion`.

import type { CreateTrailError, Stage } from '../policy/cloudtrail/index.js';
import type { Decision, EvalRequest } from '../policy/index.js';
import type { Severity } from './rules.js';

export type Verdict = 'pass' | 'fail' | 'unknown';

export interface Location {
  file: string;
  /** 1-based, when it could be computed. */
  line?: number;
  column?: number;
  /** JSON path inside the policy, when the result is about a statement or value of a policy. */
  policyPath?: string;
}

export interface Result {
  rule: string;
  severity: Severity;
  verdict: Verdict;
  /** The trail, event data store, key or bucket, by the user's name for it. */
  subject: string;
  /** Stable within a subject and rule: the requirement (`key.generate-data-key@111111111111/us-east-1`) or lint path. */
  check: string;
  /** One or two sentences: the cause. */
  message: string;
  /** What to change, specific to this result. */
  fix?: string;
  /** For unknown results: the value that is not known before apply or deploy. */
  unknown?: string;
  location?: Location;
  /**
   * For CloudTrail's requirements and key facts: `create` (CreateTrail/UpdateTrail is refused, as the
   * emulator refuses it), `delivery` (log files are lost) or `advisory`.
   */
  stage?: Stage;
  /** For failed `create`-stage results: the exception CreateTrail and UpdateTrail answer with. */
  error?: CreateTrailError;
  /** For requirements evaluated by the engine. */
  request?: EvalRequest;
  decision?: Pick<Decision, 'effect' | 'reasons' | 'missing'>;
  /** The full engine decision, with trace; not serialised unless asked for. */
  trace?: Decision['trace'];
}

export interface Reader {
  /** The key, by the user's name for it. */
  key: string;
  /** `*`, an IAM ARN, `arn:aws:iam::<account>:root`, or a service name. */
  principal: string;
  kind: 'anyone' | 'account' | 'principal' | 'service';
  /** The accounts a `*` grant is limited to (kms:CallerAccount and friends); empty: any account. */
  accounts: string[];
  /** Sid or `#<index>` of the statement that grants kms:Decrypt. */
  statement: string;
  /** The reader also needs an IAM policy that allows kms:Decrypt (account delegation, other accounts). */
  needsIamPolicy: boolean;
  /** The statement's conditions hold for this trail's log files (false: it grants only under other conditions). */
  forTheseLogs: boolean;
  /** The conditions, as written. */
  conditions?: string;
}

export interface Subject {
  id: string;
  kind: 'trail' | 'event-data-store' | 'key' | 'bucket';
  arn?: string;
  location?: Location;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'trailkey'; version: string };
  inputs: { kind: string; file: string }[];
  subjects: Subject[];
  results: Result[];
  readers: Reader[];
  summary: Summary;
}

export interface Summary {
  pass: number;
  fail: number;
  unknown: number;
  /** Failed results by severity. */
  error: number;
  warning: number;
  note: number;
}

export function summarise(results: readonly Result[]): Summary {
  const s: Summary = { pass: 0, fail: 0, unknown: 0, error: 0, warning: 0, note: 0 };
  for (const r of results) {
    s[r.verdict]++;
    if (r.verdict === 'fail') s[r.severity]++;
  }
  return s;
}

/**
 * The exception CreateTrail/UpdateTrail answers for a trail, as the doctor predicts it: the first
 * failed `create`-stage result, since results come in the order AWS checks (bucket policy, key
 * facts, key policy; aws-behavior.md §2.4 steps 9-12). undefined: the doctor finds no reason to
 * refuse it (unknown results are not reasons).
 */
export function createTrailError(report: Pick<Report, 'results'>, subject: string): CreateTrailError | undefined {
  return report.results.find((r) => r.subject === subject && r.verdict === 'fail' && r.stage === 'create')?.error;
}
