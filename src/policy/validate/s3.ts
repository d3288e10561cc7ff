// Bucket-policy rules S3 adds to the policy language (policy-semantics.md §4.10 "S3 bucket
// policies"): every Resource must be this bucket or its objects ("Policy has invalid resource",
// also for "*"), only S3 actions may be granted, and each action must apply to one of the
// statement's resources ("Action does not apply to any resource(s) in statement").
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html
//
// Not checked: "Conditions do not apply to combination of actions and resources in statement",
// which needs S3's per-action condition-key table.

import { actionProblem } from './action-shape.js';
import type { Reporter } from './report.js';
import { s3ActionTypes, type S3ResourceType } from './s3-actions.js';
import type { PolicyModel } from './structure.js';

// `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key-pattern`; no region, no account.
const S3_ARN = /^arn:aws(?:-[a-z]+)*:s3:::([^/]*)(\/.*)?$/s;

/**
 * The type of resource a bucket-policy Resource names, or null when S3 refuses it. Without `bucket`
 * we cannot tell which bucket is meant, so any plain bucket name (no wildcard) is accepted.
 */
export function s3ResourceType(resource: string, bucket: string | undefined): 'bucket' | 'object' | null {
  const m = S3_ARN.exec(resource);
  if (m === null) return null;
  const name = m[1] ?? '';
  if (bucket !== undefined ? name !== bucket : name === '' || /[*?]/.test(name)) return null;
  return m[2] === undefined ? 'bucket' : 'object';
}

/** The service part of an action matches `s3` (`s3`, `S3`, `*`, `s?`). */
function isS3Vendor(vendor: string): boolean {
  const re = new RegExp(`^${vendor.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test('s3');
}

export function checkS3(model: PolicyModel, r: Reporter, bucket: string | undefined): void {
  for (const s of model.statements) {
    const place = { stmt: s.index };
    const types = new Set<S3ResourceType>();
    for (const item of s.resource?.items ?? []) {
      const type = s3ResourceType(item.value, bucket);
      if (type === null) r.report('invalid-resource', item.path, { value: item.value }, place);
      else if (s.resource?.element === 'Resource') types.add(type);
    }

    for (const item of s.action?.items ?? []) {
      const action = item.value;
      const parts = action.split(':');
      const vendorOk = action === '*' || (parts.length === 2 && isS3Vendor(parts[0] ?? ''));
      if (!vendorOk) {
        r.report('invalid-action', item.path, { value: action }, place);
        continue;
      }
      if (actionProblem(action) !== null) continue; // the malformed-action lint says why
      const actionTypes = action === '*' ? s3ActionTypes('s3:*') : s3ActionTypes(action);
      if (actionTypes.size === 0) {
        r.report('unknown-s3-action', item.path, { value: action }, place);
        continue;
      }
      // Only a positive Action against positive Resources can be checked; NotAction and
      // NotResource name what a statement does *not* cover.
      if (s.action?.element !== 'Action' || s.resource?.element !== 'Resource' || types.size === 0) continue;
      if (![...actionTypes].some((t) => types.has(t))) {
        r.report('action-resource-mismatch', item.path, { value: action }, place);
      }
    }
  }
}
