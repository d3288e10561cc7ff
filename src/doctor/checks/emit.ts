// Shared by every check: turning an outcome into a Result with its rule's severity and a location.

import type { Decision } from '../../policy/index.js';
import type { PolicyDoc, SourceRef } from '../model.js';
import { locationOf } from '../locate.js';
import type { Location, Result, Verdict } from '../report.js';
import { ruleById } from '../rules.js';
import { findUnknown, isUnknown, Unknown, type Value } from '../values.js';

export interface Emitter {
  readonly files: ReadonlyMap<string, string>;
  readonly results: Result[];
}

export interface Outcome {
  rule: string;
  verdict: Verdict;
  subject: string;
  check: string;
  message: string;
  fix?: string;
  unknown?: string;
  location?: Location;
  request?: Result['request'];
  decision?: Decision;
  stage?: Result['stage'];
  error?: Result['error'];
}

export function emit(e: Emitter, o: Outcome): void {
  const { decision, ...rest } = o;
  const result: Result = { ...rest, severity: ruleById(o.rule).severity };
  if (decision) {
    const { effect, reasons, missing } = decision;
    result.decision = { effect, reasons, ...(missing ? { missing } : {}) };
    result.trace = decision.trace;
  }
  e.results.push(result);
}

export function emitUnknown(e: Emitter, rule: string, subject: string, check: string, unknown: Unknown, location?: Location): void {
  emit(e, {
    rule, verdict: 'unknown', subject, check, unknown: unknown.what, location,
    message: unknown.message ?? `cannot be checked before apply: ${unknown.what} is not known.`,
  });
}

export function where(e: Emitter, source: SourceRef | undefined, policyPath?: string): Location | undefined {
  return locationOf(source, e.files, policyPath);
}

/** `$.Statement[i]`, or `$.Statement` when the document has a single statement object. */
export function statementPath(document: unknown, index: number): string {
  const st = (document as { Statement?: unknown } | null)?.Statement;
  return Array.isArray(st) ? `$.Statement[${index}]` : '$.Statement';
}

/** A policy we can evaluate, or why not. */
export function usablePolicy(p: Value<PolicyDoc> | null | undefined, missing: string): { doc: PolicyDoc | null } | { unknown: Unknown } {
  if (p === undefined) return { unknown: new Unknown(missing) };
  if (p === null) return { doc: null };
  if (isUnknown(p)) return { unknown: p };
  const inner = findUnknown(p.document);
  if (inner) return { unknown: inner };
  return { doc: p };
}
