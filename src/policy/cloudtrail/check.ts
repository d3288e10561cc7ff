// Evaluates CloudTrail's requests (requests.ts) against a key policy or a bucket policy with the
// engine, one result per requirement, each with the engine's Decision (trace included) and a cause.

import { compilePolicy, type CompiledPolicy } from '../compile.js';
import { evaluate } from '../evaluate.js';
import { prepareRequest } from '../request.js';
import type { Decision, PolicyKind } from '../types.js';
import type { TrailFacts } from './facts.js';
import { trailRequests, type TrailRequest } from './requests.js';
import type { Target } from './requirements.js';

export interface RequirementResult extends TrailRequest {
  pass: boolean;
  decision: Decision;
  /** Why, in a sentence or two: the deciding statements, or the nearest misses (explain.ts). */
  cause: string;
}

/** A policy as JSON text, a parsed document, or already compiled; null when the resource has none. */
export type PolicyInput = string | object | CompiledPolicy | null;

const POLICY_NAME: Readonly<Record<Target, string>> = { key: 'key policy', bucket: 'bucket policy' };
const POLICY_KIND: Readonly<Record<Target, PolicyKind>> = { key: 'kms-key', bucket: 's3-bucket' };

function isCompiled(p: PolicyInput): p is CompiledPolicy {
  return p !== null && typeof p === 'object' && 'statements' in p && 'shortIsWildcard' in p;
}

/** Compiles a policy the way these checks name it (`key policy statement X`). Throws PolicyError. */
export function compileFor(target: Target, policy: PolicyInput): CompiledPolicy | null {
  if (policy === null) return null;
  if (isCompiled(policy)) return policy;
  return compilePolicy(policy, { name: POLICY_NAME[target], kind: POLICY_KIND[target] });
}

const named = (policy: string, statement: string) => `${policy} statement \`${statement}\``;

/** Allow statements written for this principal and action that did not apply: what the author meant to grant with. */
export function nearMisses(decision: Decision): Decision['trace'] {
  return decision.trace.filter(
    (t) => t.effect === 'Allow' && !t.applies && t.checks[0]?.ok && t.checks.every((c) => c.ok || !c.element.endsWith('Principal')),
  );
}

/**
 * The cause in a sentence or two. For an implicit deny: the statements written for this principal
 * and action (the near misses) and what stopped each, which is what a reader needs to fix it.
 */
export function causeOf(r: TrailRequest, decision: Decision, policy: CompiledPolicy | null): string {
  if (policy === null) return `there is no ${POLICY_NAME[r.target]}, so nothing allows it.`;
  if (decision.effect !== 'ImplicitDeny') {
    const by = decision.reasons.map((x) => named(x.policy, x.statement)).join(' and ');
    return decision.effect === 'Allow' ? `allowed by ${by}.` : `${by} denies it explicitly.`;
  }
  const misses = nearMisses(decision);
  const principal = 'Service' in (r.request.principal as object) ? (r.request.principal as { Service: string }).Service : 'the caller';
  if (misses.length === 0) return `no statement allows \`${principal}\` to call \`${r.request.action}\`.`;
  return misses
    .slice(0, 3)
    .map((t) => `${named(t.policy, t.statement)} does not apply: ${t.checks.filter((c) => !c.ok).map((c) => c.text).join('; ')}.`)
    .join(' ');
}

/** Evaluates one request against one policy: the building block of every check here. */
export function evaluateRequest(r: TrailRequest, policy: CompiledPolicy | null): RequirementResult {
  const decision = evaluate(prepareRequest(r.request), { resource: policy }, { trace: true });
  return { ...r, pass: decision.effect === 'Allow', decision, cause: causeOf(r, decision, policy) };
}

function check(target: Target, facts: TrailFacts, policy: PolicyInput): RequirementResult[] {
  const compiled = compileFor(target, policy);
  return trailRequests(facts)
    .filter((r) => r.target === target)
    .map((r) => evaluateRequest(r, compiled));
}

/** CloudTrail's requests of the key (none when the trail has no key), evaluated against its key policy. */
export function checkKeyPolicyForTrail(facts: TrailFacts, keyPolicy: PolicyInput): RequirementResult[] {
  return check('key', facts, keyPolicy);
}

/** CloudTrail's requests of the bucket, evaluated against its bucket policy (null: the bucket has none). */
export function checkBucketPolicyForTrail(facts: TrailFacts, bucketPolicy: PolicyInput): RequirementResult[] {
  return check('bucket', facts, bucketPolicy);
}
