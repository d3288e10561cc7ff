// The first error AWS would report for a policy document, or undefined when AWS accepts it.
// validatePolicy lists errors in the order AWS checks them, so the first is AWS's answer.
import type { Finding, PolicyKind } from '../policy/index.js';
import { validatePolicy, type ValidateOptions } from '../policy/validate/index.js';

export function policyError(document: unknown, kind: PolicyKind, options: ValidateOptions = {}): Finding | undefined {
  return validatePolicy(document, kind, options).find((f) => f.severity === 'error');
}
