// The doctor: checks a trail's key policy, bucket policy and key (and CloudTrail Lake event data
// stores) offline, from policy files, Terraform plans and CloudFormation templates, with the same
// engine and the same requirements (src/policy/cloudtrail) as the emulator's CreateTrail.
export { diagnose, type DiagnoseOptions } from './diagnose.js';
export { diagnoseLoaded, runDoctor } from './run.js';
export { loadInputs, type DoctorOptions, type Loaded, type ReadFile } from './load/index.js';
export { FORMATS, formatReport, type Format, type FormatOptions } from './format/index.js';
export { RULES, ruleById, SEVERITY_RANK, type Rule, type Severity } from './rules.js';
export { InputError, type Setup, type TrailSetup, type KeySetup, type BucketSetup, type EventDataStoreSetup, type PolicyDoc } from './model.js';
export type { Report, Result, Reader, Verdict, Location, Subject, Summary } from './report.js';
export { Unknown, isUnknown } from './values.js';
export { doctorOptions, INPUT_OPTIONS, INPUT_USAGE } from './load/flags.js';
export { fixSetup, type FixedPolicy, type FixOutcome } from './fix/index.js';
export { symbolize } from './load/variants.js';
export { explainQuestion, explainRequest, principalOf, traceLines, type ExplainQuestion, type Explained } from './explain.js';
