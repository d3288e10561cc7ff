// trailkey's public API: the policy engine, the emulator, the CloudTrail requirements and the doctor.
export * from './policy/index.js';
export { validatePolicy, hasErrors, type ValidateOptions } from './policy/validate/index.js';
export { createTrailOutcome, checkKeyPolicyForTrail, checkBucketPolicyForTrail, checkKeyFacts, type TrailFacts } from './policy/cloudtrail/index.js';
export { createServer, type ServeOptions, type RunningServer } from './server/index.js';
export { diagnose, runDoctor, type Setup, type Report } from './doctor/index.js';
export { validateLogs, sdkSource } from './integrity/index.js';
