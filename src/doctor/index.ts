// The doctor: checks a trail's key policy, bucket policy and key (and CloudTrail Lake event data
// stores) offline, from policy files, Terraform plans and CloudFormation templates, with the same
// engine and the same requirements (src/policy/cloudtrail) as the emulator's CreateTrail.
export { diagnose, type DiagnoseOptions } from './diagnose.js';
export { diagnoseLoaded, runDoctor } from './run.js';
export { loadInputs, type DoctorOptions, type Loaded, type ReadFile } from './load/index.js';
export { FORMATS, formatReport, type Format, type FormatOptions } from './format/index.js';
export { RULES, ruleById, SEVERITY_RANK, type Rule, type Severity } from './rules.js';
export { InputError, type Setup, type TrailSetup, type TrailStatus, type KeySetup, type BucketSetup, type EventDataStoreSetup, type PolicyDoc } from './model.js';
export { createTrailError, type Report, type Result, type Reader, type Verdict, type Location, type Subject, type Summary } from './report.js';
export { Unknown, isUnknown } from './values.js';
export { doctorOptions, INPUT_OPTIONS, INPUT_USAGE } from './load/flags.js';
export { fixSetup, type FixedPolicy, type FixOutcome } from './fix/index.js';
export { symbolize } from './load/variants.js';
export { explainQuestion, explainRequest, principalOf, traceLines, type ExplainQuestion, type Explained } from './explain.js';
export { AuditError, diagnoseAccount, readAccount, runAudit, type AuditOptions, type Credentials } from './audit/index.js';
