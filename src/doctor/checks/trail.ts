// A trail's checks: CloudTrail's requests of the key and the bucket (src/policy/cloudtrail), the key
// facts, and the confused-deputy probes. One result per requirement, under the rule it belongs to.

import {
  checkBucketPolicyForTrail, checkKeyFacts, checkKeyPolicyForTrail, evaluateRequest, nearMisses, REPRESENTATIVE_MEMBER_ACCOUNTS, bucketTestFacts,
  type CreateTrailError, type KeyFactId, type KeyFactResult, type RequirementResult, type TrailFacts, type TrailRequest,
} from '../../policy/cloudtrail/index.js';
import { PolicyError, type CompiledPolicy } from '../../policy/index.js';
import type { PolicyDoc, TrailSetup } from '../model.js';
import { Unknown, type Value } from '../values.js';
import { emit, emitUnknown, statementPath, usablePolicy, where, type Emitter } from './emit.js';
import { trailFactsOf } from './trail-facts.js';
import { compiledOf } from './compiled.js';
import { confusedDeputy } from './confused-deputy.js';

/** Which rule a requirement's result is reported under; explicit denies have their own rules. */
export function ruleFor(r: RequirementResult): string {
  const denied = r.decision.effect === 'ExplicitDeny' && r.stage !== 'advisory';
  switch (r.requirement) {
    case 'key.generate-data-key': return denied ? 'TK006' : 'TK001';
    case 'key.describe-key': return r.stage === 'create' ? (denied ? 'TK006' : 'TK003') : 'TK002';
    case 'key.decrypt-bucket-key': return denied ? 'TK006' : 'TK003';
    case 'key.generate-data-key-delivery': return denied ? 'TK006' : 'TK004';
    case 'bucket.get-bucket-acl': return denied ? 'TK013' : 'TK010';
    case 'bucket.put-object': return denied ? 'TK013' : 'TK011';
    case 'bucket.put-object-delivery':
    case 'bucket.put-object-digest': return denied ? 'TK013' : 'TK012';
    case 'bucket.put-object-management-folder': return 'TK014';
    default: return 'TK050';
  }
}

/** The rule an unknown result of a whole policy is reported under. */
const BASE_RULE: Readonly<Record<string, string>> = {
  key: 'TK001',
  bucket: 'TK011',
};

const CONSEQUENCE: Readonly<Record<string, Record<string, string>>> = {
  key: { create: 'CreateTrail and UpdateTrail fail with InsufficientEncryptionPolicyException.', delivery: 'The trail is created, but these log files are never delivered.', advisory: 'The key policy lacks a section the CloudTrail guide calls required.' },
  bucket: { create: 'CreateTrail and UpdateTrail fail with InsufficientS3BucketPolicyException.', delivery: 'The trail is created, but these files are never delivered.', advisory: 'The bucket policy lacks a documented statement.' },
};

/** What createTrailOutcome answers when a create-stage requirement of each policy fails. */
const CREATE_ERROR: Readonly<Record<string, CreateTrailError>> = {
  key: 'InsufficientEncryptionPolicyException',
  bucket: 'InsufficientS3BucketPolicyException',
};

const SCOPE = /@(\d{12})\/([a-z0-9-]+)$/;

/** `for account X in Region R` for per-account/Region requirement ids. */
function scope(r: TrailRequest, representative: ReadonlySet<string>, everyRegion = false): string {
  const m = SCOPE.exec(r.id);
  if (!m) return '';
  const who = representative.has(m[1]) ? 'a member account (any)' : `account \`${m[1]}\``;
  return ` for ${who} in ${everyRegion ? 'every Region of the trail' : `\`${m[2]}\``}`;
}

/**
 * Delivery failures of one account that fail the same way in every Region are one finding: the key
 * is the requirement, the account, the rule and the cause with the Region masked.
 */
function regionGroup(r: RequirementResult): string | undefined {
  const m = SCOPE.exec(r.id);
  if (!m || r.pass) return undefined;
  return `${r.requirement}|${m[1]}|${ruleFor(r)}|${r.cause.split(m[2]).join('#')}`;
}

/** The statement a failure is about: the deny, else the nearest miss. */
function statementOf(r: RequirementResult): number | undefined {
  if (r.decision.effect === 'ExplicitDeny') return r.decision.reasons[0]?.index;
  if (r.decision.effect === 'Allow') return r.decision.reasons[0]?.index;
  return nearMisses(r.decision)[0]?.index;
}

function reportRequirement(e: Emitter, subject: string, r: RequirementResult, policy: PolicyDoc | null, representative: ReadonlySet<string>, rule = ruleFor(r), everyRegion = false): void {
  const index = statementOf(r);
  const location = policy ? where(e, policy.source, index === undefined ? undefined : statementPath(policy.document, index)) : undefined;
  const what = `${r.what}${scope(r, representative, everyRegion)}`;
  const message = r.pass ? `${what}: ${r.cause}` : `${what} is denied: ${r.cause} ${CONSEQUENCE[r.target][r.stage]}`;
  const error = !r.pass && r.stage === 'create' ? CREATE_ERROR[r.target] : undefined;
  emit(e, { rule, verdict: r.pass ? 'pass' : 'fail', subject, check: r.id, message, location, stage: r.stage, ...(error ? { error } : {}), request: r.request, decision: r.decision });
}

/** Under an explicit deny, whether the Allows alone would let the request through (else both need fixing). */
function allowsAlone(r: RequirementResult, compiled: CompiledPolicy): RequirementResult {
  const allows: CompiledPolicy = { ...compiled, statements: compiled.statements.filter((s) => s.effect === 'Allow') };
  return evaluateRequest(r, allows);
}

/** Delivery requirements repeat a failed create-time one: report them only when it passed. */
const CREATE_OF: Readonly<Record<string, string>> = {
  'key.generate-data-key-delivery': 'key.generate-data-key',
  'bucket.put-object-delivery': 'bucket.put-object',
  'bucket.put-object-digest': 'bucket.put-object',
  'bucket.put-object-management-folder': 'bucket.put-object',
};

const FACT_RULE: Readonly<Record<KeyFactId, string>> = {
  'key.region': 'TK020', 'key.spec': 'TK021', 'key.state': 'TK022', 'key.replica-policy': 'TK023', 'key.reference': 'TK024',
};

function checkTarget(
  e: Emitter, t: TrailSetup, facts: TrailFacts, target: 'key' | 'bucket', policyValue: Value<PolicyDoc> | null | undefined, missing: string,
): void {
  const usable = usablePolicy(policyValue, missing);
  const base = BASE_RULE[target];
  if ('unknown' in usable) {
    emitUnknown(e, base, t.id, target === 'key' ? 'key.generate-data-key' : 'bucket.put-object', usable.unknown, where(e, t.source));
    return;
  }
  let compiled: CompiledPolicy | null;
  try {
    compiled = compiledOf(target, usable.doc);
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    // The validator reports the policy as rejected (TK044); nothing can be evaluated.
    emitUnknown(e, base, t.id, target === 'key' ? 'key.generate-data-key' : 'bucket.put-object', new Unknown(`a decision on ${usable.doc!.label}, which cannot be evaluated (${err.message})`), where(e, usable.doc!.source));
    return;
  }
  const results = target === 'key' ? checkKeyPolicyForTrail(facts, compiled) : checkBucketPolicyForTrail(facts, compiled);
  const representative = new Set<string>(facts.isOrganizationTrail && !facts.memberAccounts?.length ? REPRESENTATIVE_MEMBER_ACCOUNTS : []);
  const failed = new Set(results.filter((r) => !r.pass).map((r) => r.id));
  const groups = new Map<string, number>();
  for (const r of results) {
    const g = regionGroup(r);
    if (g) groups.set(g, (groups.get(g) ?? 0) + 1);
  }
  const reported = new Set<string>();
  const denyRule = target === 'key' ? 'TK006' : 'TK013';
  if (!results.some((r) => r.decision.effect === 'ExplicitDeny' && r.stage !== 'advisory')) {
    emit(e, { rule: denyRule, verdict: 'pass', subject: t.id, check: `${target}.explicit-deny`, message: `no Deny in the ${target} policy matches CloudTrail's requests.`, location: usable.doc ? where(e, usable.doc.source) : undefined });
  }
  for (const r of results) {
    const base = CREATE_OF[r.requirement];
    if (!r.pass && base && failed.has(base) && r.decision.effect === results.find((x) => x.id === base)!.decision.effect) continue;
    const g = regionGroup(r);
    if (g && reported.has(g)) continue;
    if (g) reported.add(g);
    reportRequirement(e, t.id, r, usable.doc, representative, ruleFor(r), g !== undefined && (groups.get(g) ?? 0) > 1);
    if (r.decision.effect === 'ExplicitDeny' && compiled && r.stage !== 'advisory') {
      const alone = allowsAlone(r, compiled);
      if (!alone.pass) reportRequirement(e, t.id, alone, usable.doc, representative, ruleFor({ ...alone, stage: r.stage }));
    }
  }
  confusedDeputy(e, t.id, facts, target, compiled, usable.doc);
}

export function checkTrail(e: Emitter, t: TrailSetup): void {
  const { facts, requestsUnknown, unknownFacts } = trailFactsOf(t);
  const at = where(e, t.source);
  if (!facts || requestsUnknown) {
    const u = requestsUnknown ?? new Unknown('the trail');
    for (const [rule, check] of [['TK011', 'bucket.put-object'], ['TK001', 'key.generate-data-key']]) emitUnknown(e, rule, t.id, check, u, at);
    return;
  }
  if (!facts.keyArn && t.keyIdAsGiven === undefined) {
    emit(e, { rule: 'TK060', verdict: 'fail', subject: t.id, check: 'trail.kms-key', message: 'the trail has no KMS key, so its logs are encrypted with SSE-S3 only.', location: at });
  } else {
    emit(e, { rule: 'TK060', verdict: 'pass', subject: t.id, check: 'trail.kms-key', message: 'the trail encrypts its logs with a KMS key.', location: at });
  }
  const bucketName = facts.bucket;
  // The bucket is judged as CloudTrail's test sees it: without SSE-KMS headers for a key it cannot resolve.
  checkTarget(e, t, bucketTestFacts(facts), 'bucket', t.bucket?.policy, `the bucket policy of \`${bucketName}\` (not in the inputs; pass --bucket-policy)`);
  if (!facts.keyArn) {
    if (t.keyIdAsGiven !== undefined) {
      emitUnknown(e, 'TK001', t.id, 'key.generate-data-key', new Unknown(`the key arn behind \`${String(t.keyIdAsGiven)}\` (pass --key-arn)`), at);
    }
    return;
  }
  // Key facts: unknown ones are reported as such; the rest are checked.
  for (const [field, rule] of [['keyRegion', 'TK020'], ['bucketRegion', 'TK020'], ['keySpec', 'TK021'], ['keyState', 'TK022'], ['keyIdAsGiven', 'TK024']] as const) {
    const u = unknownFacts[field];
    if (u) emitUnknown(e, rule, t.id, `key.${field}`, u, at);
  }
  for (const f of checkKeyFacts(facts)) {
    emit(e, { rule: FACT_RULE[f.id], verdict: f.pass ? 'pass' : 'fail', subject: t.id, check: f.id, stage: 'create', ...(f.pass ? {} : { error: f.error }), message: f.pass ? f.cause : `${f.cause} CreateTrail fails with ${f.error}.`, location: where(e, f.id === 'key.replica-policy' ? t.key?.source : t.source) });
  }
  checkTarget(e, t, facts, 'key', t.key?.policy, `the key policy of \`${facts.keyArn}\` (not in the inputs; pass --key-policy)`);
}
