// Policy validation: "validate at the edge, return findings with paths" (DESIGN.md principle 6).
// validatePolicy() answers what AWS would answer when the document is saved as a policy of the
// given kind (errors, in AWS's order: findings[0] is AWS's answer), plus warnings for policies AWS
// accepts but that never do what they seem to. The reference is policy-semantics.md §4.10 and
// aws-behavior.md §6.3; checks.ts holds every rule with its source.

import type { Finding, PolicyKind } from '../types.js';
import { checkActions, checkExistence, checkLegacyStatements, checkResources, checkSids, checkVersion } from './iam.js';
import { checkCharacterSet, checkOverlyPermissive } from './kms.js';
import { runLints } from './lints.js';
import { checkPrincipals } from './principal.js';
import { Reporter } from './report.js';
import { checkS3 } from './s3.js';
import { checkSize, type IdentityEntity } from './size.js';
import { readSource } from './source.js';
import { walkStructure } from './structure.js';

export type { Finding, PolicyKind } from '../types.js';
export type { IdentityEntity } from './size.js';

export interface ValidateOptions {
  /**
   * Identity policies: which entity holds it, for the size limit: 'user-inline' (2048),
   * 'role-inline' (10240), 'group-inline' (5120), 'managed' (6144); default 'managed'. Limits count
   * characters excluding whitespace per IAM quotas docs.
   */
  identityEntity?: IdentityEntity;
  /** Identity inline policies: the user, role or group name, which IAM's size message ends with. */
  entityName?: string;
  /** s3-bucket: the bucket the policy is attached to; every Resource must be that bucket or its objects. */
  bucket?: string;
}

/**
 * Validates `document` (JSON text, or an already-parsed value) as a policy of `kind`.
 * Errors come first, in the order AWS checks them; then warnings.
 */
export function validatePolicy(document: string | unknown, kind: PolicyKind, options: ValidateOptions = {}): Finding[] {
  const r = new Reporter(kind);
  const source = readSource(document, r);
  if (kind === 'kms-key') checkCharacterSet(source.text, source.value, r);
  checkSize({
    kind, text: source.text,
    entity: options.identityEntity ?? 'managed', entityName: options.entityName,
  }, r);
  if (!source.parsed) return r.findings();

  const model = walkStructure(source.value, r);
  if (model === undefined) return r.findings();

  // The shared IAM-language rules run for every kind; checks.ts says what each kind makes of them.
  checkVersion(model, r);
  checkLegacyStatements(model, r);
  checkResources(model, r);
  checkSids(model, r);
  checkPrincipals(model, r);
  checkExistence(model, r);
  checkActions(model, r);
  if (kind === 'kms-key') checkOverlyPermissive(model, r);
  if (kind === 's3-bucket') checkS3(model, r, options.bucket);
  runLints({ model, duplicateKeys: source.duplicateKeys }, r);
  return r.findings();
}

/** Whether AWS would reject the policy. */
export function hasErrors(findings: Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
