// What CloudTrail requires of a trail's key policy, bucket policy and key, as pure functions over the
// policy engine. The single source of truth for both the emulator's CreateTrail/UpdateTrail and the
// doctor (`trailkey check`), so that their verdicts agree on every input.
export { bucketArn, parseEventDataStoreArn, parseKmsArn, parseTrailArn, trailArn, type KmsArn, type TrailArn } from './arn.js';
export {
  REPRESENTATIVE_MEMBER_ACCOUNTS, resolveTrail, TrailFactsError, type ResolvedTrail, type TrailFacts,
} from './facts.js';
export { accountFolder, digestObjectKey, logObjectKey } from './paths.js';
export {
  CLOUDTRAIL_SERVICE, DESCRIBE_KEY_REQUIRED_WITHOUT_BUCKET_KEY, describeKeyStage, REQUIREMENTS,
  type Requirement, type RequirementId, type Stage, type Target,
} from './requirements.js';
export { trailRequests, type TrailRequest } from './requests.js';
export {
  causeOf, nearMisses, checkBucketPolicyForTrail, checkKeyPolicyForTrail, compileFor, evaluateRequest, type PolicyInput, type RequirementResult,
} from './check.js';
export { checkKeyFacts, type KeyFactError, type KeyFactId, type KeyFactResult } from './key-facts.js';
export { bucketTestFacts, createTrailOutcome, type CreateTrailError, type CreateTrailOutcome, type TrailPolicies } from './create-trail.js';
export {
  checkEventDataStoreKeyFacts, checkKeyPolicyForEventDataStore, EventDataStoreFactsError, eventDataStoreRequests,
  type EventDataStoreFacts,
} from './event-data-store.js';
