// diagnose(setup) → Report: every check of the doctor over trails, event data stores, keys and
// buckets, whatever they were read from. `trailkey check` prints it; `trailkey audit` builds the
// Setup from a live account (audit/) and calls the same function.

import { accountFolder, bucketArn, logObjectKey, parseKmsArn, resolveTrail, type TrailFacts } from '../policy/cloudtrail/index.js';
import { PolicyError } from '../policy/index.js';
import { compiledOf } from './checks/compiled.js';
import { where, type Emitter } from './checks/emit.js';
import { checkEventDataStore } from './checks/event-data-store.js';
import { lintPolicy, lintSourceConditions } from './checks/lints.js';
import { keyReaders, type LogContext } from './checks/readers.js';
import { checkTrail } from './checks/trail.js';
import { checkTrailStatus } from './checks/trail-status.js';
import { trailFactsOf } from './checks/trail-facts.js';
import type { BucketSetup, KeySetup, PolicyDoc, Setup } from './model.js';
import { summarise, type Reader, type Report, type Subject } from './report.js';
import { isUnknown, type Value } from './values.js';

export interface DiagnoseOptions {
  /** trailkey's version, for the report. */
  version?: string;
}

function known<T>(v: Value<T> | undefined): T | undefined {
  return isUnknown(v) ? undefined : v;
}

function policyOf(x: KeySetup | BucketSetup | undefined): PolicyDoc | undefined {
  const p = x?.policy;
  return p && !isUnknown(p) ? p : undefined;
}

/**
 * The encryption context of one log file, for the readers of a key: the first trail that uses the
 * key (facts of trails are already validated), else a trail of the key's own account and Region.
 */
function logContext(key: KeySetup, facts: TrailFacts | undefined): LogContext | undefined {
  const keyArn = known(key.arn);
  const k = keyArn ? parseKmsArn(keyArn) : null;
  if (!keyArn || !k) return undefined;
  if (facts) {
    const t = resolveTrail(facts);
    const owner = t.accounts[0];
    return { keyArn, trailArn: t.trailArn, objectArn: `${bucketArn(facts.bucket, t.trail.partition)}/${logObjectKey(owner.folder, owner.account, t.trail.region)}` };
  }
  return {
    keyArn,
    trailArn: `arn:${k.partition}:cloudtrail:${k.region}:${k.account}:trail/any-trail`,
    objectArn: `arn:${k.partition}:s3:::any-bucket/${logObjectKey(accountFolder(undefined, k.account), k.account, k.region)}`,
  };
}

export function diagnose(setup: Setup, options: DiagnoseOptions = {}): Report {
  const files = new Map(setup.inputs.map((i) => [i.file, i.text]));
  const e: Emitter = { files, results: [] };
  const subjects: Subject[] = [];
  const readers: Reader[] = [];

  const trailFacts = new Map<object, TrailFacts>();
  for (const t of setup.trails) {
    subjects.push({ id: t.id, kind: 'trail', ...(known(t.arn) ? { arn: known(t.arn) } : {}), ...(t.source ? { location: where(e, t.source) } : {}) });
    checkTrail(e, t);
    checkTrailStatus(e, t);
    const { facts, requestsUnknown } = trailFactsOf(t);
    if (facts && !requestsUnknown) trailFacts.set(t, facts);
  }
  for (const s of setup.eventDataStores) {
    subjects.push({ id: s.id, kind: 'event-data-store', ...(known(s.arn) ? { arn: known(s.arn) } : {}), ...(s.source ? { location: where(e, s.source) } : {}) });
    checkEventDataStore(e, s);
  }

  // Keys: lints, source conditions against the trails that use them, readers.
  for (const key of setup.keys) {
    const doc = policyOf(key);
    subjects.push({ id: key.id, kind: 'key', ...(known(key.arn) && !key.symbolicArn ? { arn: known(key.arn) } : {}), ...(key.source ? { location: where(e, key.source) } : {}) });
    if (!doc) continue;
    const users = setup.trails.filter((t) => t.key === key).map((t) => trailFacts.get(t)).filter((f): f is TrailFacts => f !== undefined);
    lintPolicy(e, key.id, doc, 'key');
    lintSourceConditions(e, key.id, doc, users, users.map((f) => resolveTrail(f).sourceAccount));
    let compiled;
    try {
      compiled = compiledOf('key', doc);
    } catch (err) {
      if (err instanceof PolicyError) continue;
      throw err;
    }
    const log = logContext(key, users[0]);
    if (compiled && log) readers.push(...keyReaders(e, key.id, doc, compiled, log));
  }
  for (const bucket of setup.buckets) {
    const doc = policyOf(bucket);
    subjects.push({ id: bucket.id, kind: 'bucket', ...(known(bucket.name) ? { arn: bucketArn(known(bucket.name)!) } : {}), ...(bucket.source ? { location: where(e, bucket.source) } : {}) });
    if (!doc) continue;
    const users = setup.trails.filter((t) => t.bucket === bucket).map((t) => trailFacts.get(t)).filter((f): f is TrailFacts => f !== undefined);
    lintPolicy(e, bucket.id, doc, 'bucket', known(bucket.name));
    lintSourceConditions(e, bucket.id, doc, users, users.map((f) => resolveTrail(f).sourceAccount));
  }
  return {
    schemaVersion: 1,
    tool: { name: 'trailkey', version: options.version ?? '0.0.0' },
    inputs: setup.inputs.map((i) => ({ kind: i.kind, file: i.file })),
    subjects,
    results: e.results,
    readers,
    summary: summarise(e.results),
  };
}
