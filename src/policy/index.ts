// The policy engine: parse/compile, validate, evaluate, explain. Imports nothing outside src/policy.
export type * from './types.js';
export { compilePolicy, type CompiledPolicy, type CompiledStatement, type CompileOptions } from './compile.js';
export { evaluate, KMS_CROSS_ACCOUNT_ACTIONS, type PolicySet, type EvaluateOptions } from './evaluate.js';
export { explain } from './explain.js';
export { prepareRequest, RequestError, type PreparedRequest } from './request.js';
export { readRequestFile, compileRequestFile, type RequestFile } from './request-file.js';
export { PolicyError } from './policy-error.js';
export { parseOperatorName, OPERATOR_BASES } from './operator-name.js';
