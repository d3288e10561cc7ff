// Principal / NotPrincipal (policy-semantics.md §4.4,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
//
// Only the *form* of a principal is checked here. Whether it exists (KMS "invalid principals",
// S3 "Invalid principal in policy" for a deleted role) is the emulator's business, which knows
// the accounts; so unique ids (AIDA…, AROA…), which is what a stored policy shows after its
// principal was deleted, are accepted as a form.

import type { PolicyKind } from '../types.js';
import type { Reporter } from './report.js';
import type { PolicyModel, PrincipalEntry, PrincipalType } from './structure.js';

const ACCOUNT = '\\d{12}';
const PARTITION = 'aws(?:-[a-z]+)*';
const NAME = '[\\w+=,.@-]+';
// IAM paths: `/` or `/segment/…/`, printable ASCII except `/` inside a segment.
const PATH = '(?:[\\x21-\\x2E\\x30-\\x7E]+/)*';

const AWS_ARN = new RegExp(
  `^arn:${PARTITION}:(?:iam::${ACCOUNT}:(?:root|(?:user|role)/${PATH}${NAME})` +
  `|sts::${ACCOUNT}:(?:assumed-role/${NAME}/${NAME}|federated-user/${NAME}))$`,
);
const ACCOUNT_ID = new RegExp(`^${ACCOUNT}$`);
// What a stored policy shows for a deleted user (AIDA…) or role (AROA…).
const UNIQUE_ID = /^(?:AIDA|AROA)[A-Z0-9]{16,}$/;
// `cloudtrail.amazonaws.com`, regional `logs.us-east-1.amazonaws.com`, China `….amazonaws.com.cn`.
// A bare `amazonaws.com` is refused (aws-samples/aws-cdk-examples#801).
const SERVICE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.amazonaws\.com(?:\.cn)?$/i;
const FEDERATED_ARN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:(?:saml-provider/[\\w.+=,@-]+|oidc-provider/[\\x21-\\x7E]+)$`);
const FEDERATED_HOST = /^[a-z0-9][a-z0-9.-]*$/i; // accounts.google.com, cognito-identity.amazonaws.com
const CANONICAL_USER = /^[0-9a-f]{64}$/i;

/** Whether `entry` has a valid principal form. A wildcard is valid only as the whole `AWS` value. */
export function isValidPrincipal(entry: Pick<PrincipalEntry, 'type' | 'value'>): boolean {
  const v = entry.value;
  if (entry.type === 'AWS' && v === '*') return true;
  if (/[*?]/.test(v)) return false; // "Wildcards inside a principal ARN are invalid" (§4.4)
  switch (entry.type) {
    case 'AWS': return ACCOUNT_ID.test(v) || AWS_ARN.test(v) || UNIQUE_ID.test(v);
    case 'Service': return SERVICE.test(v);
    case 'Federated': return v.startsWith('arn:') ? FEDERATED_ARN.test(v) : FEDERATED_HOST.test(v);
    case 'CanonicalUser': return CANONICAL_USER.test(v);
  }
}

// §4.4: `Federated` principals are for role trust policies, `CanonicalUser` for S3.
const TYPE_ONLY_IN: Partial<Record<PrincipalType, { kind: PolicyKind; where: string }>> = {
  Federated: { kind: 'resource', where: 'role trust policies' },
  CanonicalUser: { kind: 's3-bucket', where: 's3 bucket policies' },
};

/**
 * Identity policies must not name a principal; every other kind must, in a valid form. The table
 * (checks.ts) has no outcome for the checks a kind does not make, so all run for every kind.
 */
export function checkPrincipals(model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    const place = { stmt: s.index };
    const p = s.principal;
    if (p === undefined) {
      r.report('missing-principal', s.path, {}, place);
      continue;
    }
    r.report('principal-not-allowed', p.path, {}, place);
    if (p.malformed) continue; // a grammar error already
    if (!p.star && p.entries.length === 0) {
      r.report('empty-principal', p.path, {}, place);
      continue;
    }
    for (const e of p.entries) {
      if (!isValidPrincipal(e)) r.report('invalid-principal', e.path, { type: e.type, value: e.value }, place);
      const only = TYPE_ONLY_IN[e.type];
      if (only !== undefined && only.kind !== r.kind && r.kind !== 'identity') {
        r.report('principal-type-not-applicable', e.path, { type: e.type, where: only.where }, place);
      }
    }
  }
}
