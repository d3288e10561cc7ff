// Which condition keys are single-valued and which are multivalued.
//
// "Single-valued context keys have at most one value in the request context; multivalued keys can
// have several and need a set operator (ForAllValues / ForAnyValue)."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html (global keys, "Value type")
// https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html ("Value type" column)
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
//
// Used by the validator (lint `set-operator-on-single-valued-key`), and meant for the evaluator
// (a multivalued context value under a non-set operator, policy-semantics.md §4.5) and the doctor.
// Key names are case-insensitive (policy-semantics.md §4.8), so every list here is lower-case and
// every lookup lower-cases its argument. A key in neither list is *unknown*: callers must not
// assume either cardinality for it.

export type KeyCardinality = 'single' | 'multi';

/** Global (aws:) and service keys documented as single-valued. Lower-case. */
export const SINGLE_VALUED_KEYS: ReadonlySet<string> = new Set([
  // global keys
  'aws:calledviafirst', 'aws:calledvialast', 'aws:currenttime', 'aws:epochtime',
  'aws:federatedprovider', 'aws:multifactorauthage', 'aws:multifactorauthpresent',
  'aws:principalaccount', 'aws:principalarn', 'aws:principalisawsservice', 'aws:principalorgid',
  'aws:principalservicename', 'aws:principaltype', 'aws:referer', 'aws:requestedregion',
  'aws:resourceaccount', 'aws:resourceorgid', 'aws:securetransport', 'aws:sourceaccount',
  'aws:sourcearn', 'aws:sourceidentity', 'aws:sourceip', 'aws:sourceorgid', 'aws:sourceowner',
  'aws:sourcevpc', 'aws:sourcevpce', 'aws:tokenissuetime', 'aws:useragent', 'aws:userid',
  'aws:username', 'aws:viaawsservice', 'aws:vpcsourceip', 'aws:ec2instancesourceip',
  'aws:ec2instancesourcevpc',
  // KMS (conditions-kms.html, every key whose "Value type" is Single-valued)
  'kms:bypasspolicylockoutsafetycheck', 'kms:calleraccount', 'kms:customermasterkeyspec',
  'kms:customermasterkeyusage', 'kms:datakeypairspec', 'kms:encryptionalgorithm',
  'kms:expirationmodel', 'kms:grantconstrainttype', 'kms:grantisforawsresource',
  'kms:granteeprincipal', 'kms:keyorigin', 'kms:keyspec', 'kms:keyusage', 'kms:messagetype',
  'kms:multiregion', 'kms:multiregionkeytype', 'kms:primaryregion', 'kms:reencryptonsamekey',
  'kms:requestalias', 'kms:replicaregion', 'kms:retiringprincipal', 'kms:signingalgorithm',
  'kms:validto', 'kms:viaservice', 'kms:wrappingalgorithm', 'kms:wrappingkeyspec',
  'kms:rotationperiodindays', 'kms:schedulekeydeletionpendingwindowindays',
  // S3 (service authorization reference; the keys the CloudTrail bucket policy and readers use)
  's3:x-amz-acl', 's3:x-amz-server-side-encryption', 's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:x-amz-content-sha256', 's3:x-amz-copy-source', 's3:x-amz-metadata-directive',
  's3:x-amz-storage-class', 's3:prefix', 's3:delimiter', 's3:max-keys', 's3:versionid',
  's3:authtype', 's3:signatureversion', 's3:signatureage', 's3:tlsversion', 's3:resourceaccount',
  's3:object-lock-mode', 's3:object-lock-legal-hold', 's3:object-lock-retain-until-date',
  's3:object-lock-remaining-retention-days', 's3:locationconstraint',
]);

/**
 * Single-valued key families whose last part is free (`kms:EncryptionContext:<k>`,
 * `aws:RequestTag/<k>`, ...). One value per request for a given `<k>`. Lower-case prefixes.
 */
export const SINGLE_VALUED_KEY_PREFIXES: readonly string[] = [
  'kms:encryptioncontext:',
  'aws:requesttag/',
  'aws:resourcetag/',
  'aws:principaltag/',
  's3:existingobjecttag/',
  's3:requestobjecttag/',
];

/** Keys documented as multivalued (they need ForAllValues / ForAnyValue). Lower-case. */
export const MULTI_VALUED_KEYS: ReadonlySet<string> = new Set([
  'aws:tagkeys', 'aws:calledvia', 'aws:principalservicenameslist', 'aws:principalorgpaths',
  'aws:resourceorgpaths', 'aws:sourceorgpaths',
  'kms:encryptioncontextkeys', 'kms:grantoperations', 'kms:resourcealiases',
  's3:requestobjecttagkeys',
]);

/** `single`, `multi`, or `undefined` when we do not know the key. Case-insensitive. */
export function keyCardinality(key: string): KeyCardinality | undefined {
  const k = key.toLowerCase();
  if (MULTI_VALUED_KEYS.has(k)) return 'multi';
  if (SINGLE_VALUED_KEYS.has(k)) return 'single';
  // A prefix alone (`kms:EncryptionContext:` with an empty tail) names no key.
  if (SINGLE_VALUED_KEY_PREFIXES.some((p) => k.startsWith(p) && k.length > p.length)) return 'single';
  return undefined;
}

export function isSingleValuedKey(key: string): boolean {
  return keyCardinality(key) === 'single';
}

export function isMultiValuedKey(key: string): boolean {
  return keyCardinality(key) === 'multi';
}
