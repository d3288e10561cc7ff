// `trailkey fix`: corrected key and bucket policies. Every existing statement is kept; statements the
// lints show to be miswritten are repaired (repair.ts); a Deny that blocks CloudTrail is narrowed to
// exempt it; and the least-privilege statements CloudTrail still lacks are added (statements.ts),
// with aws:SourceArn naming exactly the trails that use the policy. Then the doctor runs again on
// the result, and whatever still fails is returned.

import {
  checkBucketPolicyForTrail, checkKeyPolicyForEventDataStore, checkKeyPolicyForTrail, type RequirementId, type RequirementResult, type TrailFacts,
} from '../../policy/cloudtrail/index.js';
import { trailFactsOf } from '../checks/trail-facts.js';
import { diagnose } from '../diagnose.js';
import type { BucketSetup, EventDataStoreSetup, PolicyDoc, Setup, SourceRef } from '../model.js';
import type { Result } from '../report.js';
import { findUnknown, isUnknown } from '../values.js';
import { exemptCloudTrail, repairActions, repairForAllValues, repairWildcards, type ExactValues } from './repair.js';
import { aclStatement, bucketKeyDecryptStatement, describeStatement, encryptStatement, lakeStatement, writeStatement } from './statements.js';

type Statement = Record<string, unknown>;

export interface FixedPolicy {
  target: 'key' | 'bucket';
  label: string;
  source?: SourceRef;
  /** The policy came from a policy file of its own, which `--write` may rewrite. */
  file?: string;
  after: { Version?: string; Statement: Statement[] } & Record<string, unknown>;
  changes: string[];
}

export interface FixOutcome {
  policies: FixedPolicy[];
  /** What still fails after the fix (explicit denies the fix cannot judge, IAM policies, key facts). */
  remaining: Result[];
  /** Policies that could not be fixed because they are not known (Terraform unknowns, not given). */
  skipped: string[];
}

interface Users {
  target: 'key' | 'bucket';
  doc: PolicyDoc;
  trails: TrailFacts[];
  stores: EventDataStoreSetup[];
  /** The bucket that has no policy yet. */
  bucketName?: string;
}

function gather(setup: Setup, skipped: string[], created: Map<BucketSetup, PolicyDoc>): Users[] {
  const byDoc = new Map<PolicyDoc, Users>();
  const add = (target: 'key' | 'bucket', doc: PolicyDoc) => {
    let u = byDoc.get(doc);
    if (!u) byDoc.set(doc, (u = { target, doc, trails: [], stores: [] }));
    return u;
  };
  for (const t of setup.trails) {
    const { facts, requestsUnknown } = trailFactsOf(t);
    if (!facts || requestsUnknown) continue;
    const bp = t.bucket?.policy;
    if (bp === null) {
      // No bucket policy yet: the fix writes one.
      let doc = created.get(t.bucket!);
      if (!doc) created.set(t.bucket!, (doc = { document: { Version: '2012-10-17', Statement: [] }, label: `${facts.bucket} (new bucket policy)` }));
      add('bucket', doc).trails.push(facts);
    } else if (bp && !isUnknown(bp) && !findUnknown(bp.document)) add('bucket', bp).trails.push(facts);
    else skipped.push(`the bucket policy of \`${facts.bucket}\` (${bp === undefined ? 'not given' : 'unknown until apply'})`);
    const kp = t.key?.policy;
    if (!facts.keyArn) continue;
    if (kp && !isUnknown(kp) && !findUnknown(kp.document)) add('key', kp).trails.push(facts);
    else skipped.push(`the key policy of \`${facts.keyArn}\` (${kp === undefined ? 'not given' : 'unknown until apply'})`);
  }
  for (const s of setup.eventDataStores) {
    const kp = s.key?.policy;
    if (kp && !isUnknown(kp) && !findUnknown(kp.document)) add('key', kp).stores.push(s);
  }
  return [...byDoc.values()];
}

const ADDS: Readonly<Partial<Record<RequirementId, string>>> = {
  'key.generate-data-key': 'encrypt', 'key.generate-data-key-delivery': 'encrypt', 'key.describe-key': 'describe', 'key.decrypt-bucket-key': 'decrypt',
  'bucket.get-bucket-acl': 'acl', 'bucket.put-object': 'write', 'bucket.put-object-delivery': 'write', 'bucket.put-object-digest': 'write',
  'bucket.put-object-management-folder': 'write', 'eds.generate-data-key': 'lake', 'eds.decrypt': 'lake',
};

const SID: Readonly<Record<string, string>> = {
  encrypt: 'Allow CloudTrail to encrypt logs', describe: 'Allow CloudTrail to describe key', decrypt: 'Allow CloudTrail to decrypt with the S3 Bucket Key',
  lake: 'Allow CloudTrail Lake to use the key', acl: 'AWSCloudTrailAclCheck', write: 'AWSCloudTrailWrite',
};

function statementsOf(doc: Record<string, unknown>): Statement[] {
  const st = doc.Statement;
  const list = Array.isArray(st) ? st : st && typeof st === 'object' ? [st] : [];
  doc.Statement = list;
  return list as Statement[];
}

function uniqueSid(wanted: string, statements: Statement[], alphanumeric: boolean): string {
  const base = alphanumeric ? wanted.replace(/[^A-Za-z0-9]/g, '') : wanted;
  const taken = new Set(statements.map((s) => s.Sid));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(alphanumeric ? `${base}${i}` : `${base} (${i})`)) return alphanumeric ? `${base}${i}` : `${base} (${i})`;
}

function evaluateAll(u: Users, doc: object): RequirementResult[] {
  const results = u.trails.flatMap((f) => (u.target === 'key' ? checkKeyPolicyForTrail(f, doc) : checkBucketPolicyForTrail(f, doc)));
  if (u.target === 'key') {
    for (const s of u.stores) {
      if (typeof s.arn !== 'string' || !s.key || typeof s.key.arn !== 'string') continue;
      results.push(...checkKeyPolicyForEventDataStore({ eventDataStoreArn: s.arn, keyArn: s.key.arn }, doc).filter((r) => !r.requirement.startsWith('eds.caller')));
    }
  }
  return results;
}

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

/** In CloudTrail's statements, an `aws:SourceArn` pattern stands for the trails it matches, named exactly. */
function exactSourceArns(trails: readonly TrailFacts[]): ExactValues {
  return (s, key, pattern) => {
    const services = [((s.Principal ?? {}) as Record<string, unknown>).Service].flat();
    if (key.toLowerCase() !== 'aws:sourcearn' || !services.includes('cloudtrail.amazonaws.com')) return undefined;
    const re = glob(pattern);
    const arns = [...new Set(trails.map((t) => t.trailArn).filter((a) => re.test(a)))];
    return arns.length ? arns : undefined;
  };
}

function fixOne(u: Users): FixedPolicy {
  const after = structuredClone(u.doc.document) as FixedPolicy['after'];
  after.Version ??= '2012-10-17';
  const statements = statementsOf(after);
  const changes: string[] = [];
  statements.forEach((s, i) => changes.push(...repairActions(s, i), ...repairWildcards(s, i, exactSourceArns(u.trails)), ...repairForAllValues(s, i)));
  // Explicit denies of what CloudTrail must do (advisory requirements never justify loosening a Deny).
  for (const r of evaluateAll(u, after)) {
    if (r.decision.effect !== 'ExplicitDeny' || r.stage === 'advisory') continue;
    for (const reason of r.decision.reasons) changes.push(...exemptCloudTrail(statements[reason.index], reason.index));
  }
  // Allows CloudTrail still lacks, each built for the trails that lack it.
  const failing = new Map<string, Set<TrailFacts>>();
  const results = evaluateAll(u, after);
  u.trails.forEach((f) => {
    for (const r of results.filter((x) => !x.pass && (x.request.context?.['aws:SourceArn'] === f.trailArn || x.requirement.startsWith('eds.')))) {
      const kind = ADDS[r.requirement];
      if (kind) failing.set(kind, (failing.get(kind) ?? new Set()).add(f));
    }
  });
  if (u.trails.length === 0 && results.some((r) => !r.pass && ADDS[r.requirement] === 'lake')) failing.set('lake', new Set());
  const alnum = u.target === 'bucket';
  for (const kind of ['encrypt', 'describe', 'decrypt', 'lake', 'acl', 'write']) {
    const trails = [...(failing.get(kind) ?? [])];
    if (!failing.has(kind)) continue;
    const sid = uniqueSid(SID[kind], statements, alnum);
    const statement = kind === 'encrypt' ? encryptStatement(sid, trails) : kind === 'describe' ? describeStatement(sid, trails)
      : kind === 'decrypt' ? bucketKeyDecryptStatement(sid, trails) : kind === 'lake' ? lakeStatement(sid)
      : kind === 'acl' ? aclStatement(sid, trails) : writeStatement(sid, trails);
    statements.push(statement);
    changes.push(`added statement \`${sid}\``);
  }
  const file = u.doc.source && u.doc.source.path.length === 0 && !u.doc.source.embedded ? u.doc.source.file : undefined;
  return { target: u.target, label: u.doc.label, ...(u.doc.source ? { source: u.doc.source } : {}), ...(file ? { file } : {}), after, changes };
}

/** The setup with each policy replaced by its fixed version (new objects; the input is not changed). */
function withFixes(setup: Setup, fixed: ReadonlyMap<PolicyDoc, FixedPolicy>, created: ReadonlyMap<BucketSetup, PolicyDoc>): Setup {
  const swap = <T extends { policy?: unknown }>(x: T): T => {
    const doc = (created.get(x as unknown as BucketSetup) ?? x.policy) as PolicyDoc | null | undefined;
    const f = doc && typeof doc === 'object' ? fixed.get(doc) : undefined;
    return f ? { ...x, policy: { ...doc, document: f.after, isDefault: false } } : x;
  };
  const keys = new Map(setup.keys.map((k) => [k, swap(k)]));
  const buckets = new Map(setup.buckets.map((b) => [b, swap(b)]));
  return {
    ...setup,
    keys: [...keys.values()],
    buckets: [...buckets.values()],
    trails: setup.trails.map((t) => ({ ...t, ...(t.key ? { key: keys.get(t.key) ?? swap(t.key) } : {}), ...(t.bucket ? { bucket: buckets.get(t.bucket) ?? swap(t.bucket) } : {}) })),
    eventDataStores: setup.eventDataStores.map((s) => ({ ...s, ...(s.key ? { key: keys.get(s.key) ?? swap(s.key) } : {}) })),
  };
}

export function fixSetup(setup: Setup): FixOutcome {
  const skipped: string[] = [];
  const created = new Map<BucketSetup, PolicyDoc>();
  const users = gather(setup, skipped, created);
  const fixed = new Map(users.map((u) => [u.doc, fixOne(u)]));
  const report = diagnose(withFixes(setup, fixed, created));
  const remaining = report.results.filter((r) => r.verdict === 'fail' && r.severity === 'error');
  return { policies: [...fixed.values()], remaining, skipped: [...new Set(skipped)] };
}
