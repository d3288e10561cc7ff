// The verdict of CreateTrail/UpdateTrail on a trail's bucket and key, in AWS's order of checks
// (aws-behavior.md §2.4 steps 9-12). The emulator maps `error` to its error factories; the doctor's
// `create`-stage failures are exactly the cases where this is not ok.

import { checkBucketPolicyForTrail, checkKeyPolicyForTrail, type PolicyInput, type RequirementResult } from './check.js';
import type { TrailFacts } from './facts.js';
import { checkKeyFacts, type KeyFactError, type KeyFactResult } from './key-facts.js';

export type CreateTrailError = 'InsufficientS3BucketPolicyException' | KeyFactError;

export type CreateTrailOutcome =
  | { ok: true }
  | { ok: false; error: CreateTrailError; failed: RequirementResult | KeyFactResult };

export interface TrailPolicies {
  keyPolicy: PolicyInput;
  bucketPolicy: PolicyInput;
}

/**
 * A key the trail names so that CloudTrail cannot resolve it (step 10) cannot be named to S3 either:
 * the bucket test (step 9) then carries no SSE-KMS headers, so it is judged as for a trail without a key.
 */
export function bucketTestFacts(facts: TrailFacts): TrailFacts {
  const unresolved = facts.keyArn !== undefined && checkKeyFacts(facts).some((f) => f.id === 'key.reference' && !f.pass);
  return unresolved ? { ...facts, keyArn: undefined } : facts;
}

export function createTrailOutcome(facts: TrailFacts, policies: TrailPolicies): CreateTrailOutcome {
  // Step 9: the bucket policy.
  const bucket = checkBucketPolicyForTrail(bucketTestFacts(facts), policies.bucketPolicy).find((r) => r.stage === 'create' && !r.pass);
  if (bucket) return { ok: false, error: 'InsufficientS3BucketPolicyException', failed: bucket };
  if (!facts.keyArn) return { ok: true };
  // Steps 10-11: resolving the key, then whether it is usable.
  const fact = checkKeyFacts(facts).find((r) => !r.pass);
  if (fact) return { ok: false, error: fact.error, failed: fact };
  // Step 12: the key-policy test.
  const key = checkKeyPolicyForTrail(facts, policies.keyPolicy).find((r) => r.stage === 'create' && !r.pass);
  if (key) return { ok: false, error: 'InsufficientEncryptionPolicyException', failed: key };
  return { ok: true };
}
