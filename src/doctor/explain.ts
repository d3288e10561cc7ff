// `trailkey explain`: one request, built from a principal and an action against the key or bucket
// policy of the inputs (with the trail's own context when the principal is CloudTrail), and told in
// plain sentences with the engine's trace.

import { bucketArn, compileFor, trailRequests, type TrailFacts } from '../policy/cloudtrail/index.js';
import { compilePolicy, evaluate, explain, prepareRequest, PolicyError, type CompiledPolicy, type ContextValue, type Decision, type EvalRequest } from '../policy/index.js';
import { trailFactsOf } from './checks/trail-facts.js';
import { InputError, type PolicyDoc, type Setup } from './model.js';
import { findUnknown, isUnknown } from './values.js';

export interface ExplainQuestion {
  principal: string;
  action: string;
  resource?: string;
  /** `key=value`; a key given twice is multivalued. */
  context?: string[];
  identityPolicies?: unknown[];
}

export interface Explained {
  request: EvalRequest;
  decision: Decision;
  /** explain() sentences, then one line per statement of the trace. */
  text: string;
}

export function principalOf(p: string): EvalRequest['principal'] {
  if (p === 'anonymous') return 'anonymous';
  if (/^[a-z0-9.-]+\.amazonaws\.com$/.test(p)) return { Service: p };
  if (/^\d{12}$/.test(p) || /^arn:aws[a-z-]*:(iam|sts)::\d{12}:/.test(p)) return { AWS: /^\d{12}$/.test(p) ? `arn:aws:iam::${p}:root` : p };
  throw new InputError(`--principal \`${p}\` is not a service (cloudtrail.amazonaws.com), an iam or sts arn, an account id or \`anonymous\``);
}

function contextOf(pairs: readonly string[]): Record<string, ContextValue> {
  const out: Record<string, string[]> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new InputError(`--context \`${p}\` is not key=value`);
    (out[p.slice(0, eq)] ??= []).push(p.slice(eq + 1));
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}

function known(doc: unknown): PolicyDoc | null | undefined {
  if (doc === null) return null;
  if (!doc || isUnknown(doc) || findUnknown((doc as PolicyDoc).document)) return undefined;
  return doc as PolicyDoc;
}

/** Statement by statement: whether it applies and what decided it. */
export function traceLines(decision: Decision): string[] {
  return decision.trace.map((t) => {
    const failed = t.checks.filter((c) => !c.ok);
    const why = t.applies ? t.checks.filter((c) => c.element === 'Condition').map((c) => c.text).join('; ') || 'every element matches' : failed.map((c) => c.text).join('; ');
    return `  ${t.applies ? (t.effect === 'Allow' ? 'allows ' : 'denies ') : 'skipped'} ${t.policy} statement \`${t.statement}\`: ${why}`;
  });
}

/** A whole request (a request file without its own resourcePolicy) against the inputs' key or bucket policy. */
export function explainRequest(setup: Setup, request: EvalRequest, identityPolicies: unknown[] = []): Explained {
  const target = /^kms:/i.test(request.action) ? 'key' : 'bucket';
  const trail = setup.trails.find((t) => (target === 'key' ? t.key : t.bucket));
  const doc = known(target === 'key' ? (trail?.key ?? setup.keys[0])?.policy : (trail?.bucket ?? setup.buckets[0])?.policy);
  if (doc === undefined) throw new InputError(`the ${target} policy is not known: give --${target}-policy`);
  return decide(request, doc, target, identityPolicies);
}

function decide(request: EvalRequest, doc: PolicyDoc | null, target: 'key' | 'bucket', identityPolicies: unknown[]): Explained {
  let compiled: CompiledPolicy | null;
  let identity: CompiledPolicy[];
  try {
    compiled = compileFor(target, doc === null ? null : (doc.document as object));
    identity = identityPolicies.map((p, i) => compilePolicy(p, { name: `identity policy ${i + 1}`, kind: 'identity' }));
  } catch (e) {
    if (e instanceof PolicyError) throw new InputError(`the policy cannot be evaluated: ${e.message}`);
    throw e;
  }
  const prepared = prepareRequest(request);
  const decision = evaluate(prepared, { resource: compiled, identity }, { trace: true });
  return { request, decision, text: [explain(decision, prepared), '', 'statement by statement:', ...traceLines(decision)].join('\n') };
}

export function explainQuestion(setup: Setup, q: ExplainQuestion): Explained {
  const action = q.action;
  const target = /^kms:/i.test(action) ? 'key' : /^s3:/i.test(action) ? 'bucket' : undefined;
  if (!target) throw new InputError(`--action \`${action}\` is neither a kms: nor an s3: action`);
  const principal = principalOf(q.principal);
  const trail = setup.trails.find((t) => (target === 'key' ? t.key : t.bucket));
  const facts: TrailFacts | undefined = trail ? trailFactsOf(trail).facts : undefined;
  const policyDoc = target === 'key' ? (trail?.key ?? setup.keys[0])?.policy : (trail?.bucket ?? setup.buckets[0])?.policy;
  const doc = known(policyDoc);
  if (doc === undefined) throw new InputError(`the ${target} policy is not known: give --${target}-policy`);
  // CloudTrail's own request for this action, when there is a trail: its resource and context.
  const own = facts && typeof principal === 'object' && 'Service' in principal && principal.Service === 'cloudtrail.amazonaws.com'
    ? trailRequests(facts).find((r) => r.target === target && r.request.action.toLowerCase() === action.toLowerCase())
    : undefined;
  const key = target === 'key' ? (trail?.key ?? setup.keys[0]) : undefined;
  const logObject = facts ? trailRequests(facts).find((r) => r.id === 'bucket.put-object')?.request.resource : undefined;
  const defaultResource = own?.request.resource
    ?? (target === 'key' ? (key && typeof key.arn === 'string' ? key.arn : undefined) : facts ? (/object/i.test(action) ? logObject : bucketArn(facts.bucket)) : undefined);
  const resource = q.resource ?? defaultResource;
  if (!resource) throw new InputError('--resource is required (no key or bucket in the inputs names one)');
  // Readers decrypt log files: their requests carry the trail's encryption context.
  const readerContext = facts && target === 'key' && !own
    ? trailRequests(facts).find((r) => r.requirement === 'key.generate-data-key-delivery')?.request.context
    : undefined;
  const baseContext = { ...(own?.request.context ?? {}), ...(readerContext ? Object.fromEntries(Object.entries(readerContext).filter(([k]) => k.startsWith('kms:EncryptionContext'))) : {}) };
  const request: EvalRequest = {
    principal, action, resource, resourceKind: target === 'key' ? 'kms-key' : 's3',
    ...(own?.request.resourceAccount ? { resourceAccount: own.request.resourceAccount } : {}),
    context: { ...baseContext, ...contextOf(q.context ?? []) },
  };
  return decide(request, doc, target, q.identityPolicies ?? []);
}
