// Every check the validator makes, as data: its stable rule id, its place in AWS's order, and what
// each policy kind answers when it fails (an AWS error with AWS's text, our warning, or nothing).
//
// One grammar walker (structure.ts) and a few rule modules call `report(<check>, path, args)`;
// this table alone decides severity, code and text per kind, so the kinds differ only here.
//
// Principle for texts: errors carry AWS's own message (policy-semantics.md §4.10, aws-behavior.md
// §6.3, or a recorded AWS answer cited beside it). Where AWS's reaction for a kind is not public we
// do not invent a rejection: the check is a warning in our own words, or absent. Where AWS is known
// to reject but its text is not public (KMS), the message is empty, which is what KMS was recorded
// sending for a malformed document (https://github.com/aws/aws-sdk-ruby/issues/1784).
//
// Stages give AWS's order. For IAM (moto's AWS-derived validator, getmoto/moto
// moto/iam/policy_validation.py, which §4.10 summarises) one rule is checked across all statements
// before the next rule, so findings sort by (stage, statement). S3 validates statement by statement
// (observed texts come one statement at a time; versitygw, an S3 clone that copies AWS texts,
// checks Effect, Principal, Resource, Action per statement), so for S3 statement-level checks
// (stage >= STATEMENT_PHASE) sort by (statement, stage). See report.ts.

import type { PolicyKind } from '../types.js';

export type Args = Readonly<Record<string, string>>;

export interface Outcome {
  severity: 'error' | 'warning';
  /** AWS error code when it is not the kind's usual malformed-policy code. */
  code?: string;
  message: string | ((a: Args) => string);
  /** This kind checks it at another point of its order than `Check.stage`. */
  stage?: number;
}

export interface Check {
  rule: string;
  stage: number;
  kinds: Partial<Record<PolicyKind, Outcome>>;
}

/** The error code each kind answers a malformed policy with (§4.10; KMS-MODEL; S3 error list). */
export const KIND_CODE: Readonly<Record<PolicyKind, string>> = {
  identity: 'MalformedPolicyDocument',
  resource: 'MalformedPolicyDocument',
  'kms-key': 'MalformedPolicyDocumentException',
  's3-bucket': 'MalformedPolicy',
};

/** Stages below this are about the document as a whole (read, size, grammar, version). */
export const STATEMENT_PHASE = 30;
/** Warnings sort after every error. */
export const LINT_STAGE = 1000;

const err = (message: Outcome['message'], extra: Partial<Outcome> = {}): Outcome => ({ severity: 'error', message, ...extra });
const warn = (message: Outcome['message']): Outcome => ({ severity: 'warning', message });
const lint = (message: Outcome['message']) => ({
  identity: warn(message), resource: warn(message), 'kms-key': warn(message), 's3-bucket': warn(message),
});

const IAM_SYNTAX = 'Syntax errors in policy.';
// KMS: text not public; recorded answer to a malformed document had an empty message (see top).
const KMS_UNKNOWN_TEXT = '';
// S3 answers grammar errors (an unknown principal type `service`) with this text, observed through
// CloudFormation: https://github.com/cloudtools/awacs/issues/58.
const S3_SYNTAX = 'Invalid bucket policy syntax.';
const KMS_INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';
// IAM trust policies (the `resource` kind), recorded: terraform-aws-modules/terraform-aws-iam#47.
const IAM_NO_PRINCIPALS =
  'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!';
const LEGACY = 'The policy failed legacy parsing';

const syntaxTexts = {
  identity: err(IAM_SYNTAX),
  resource: err(IAM_SYNTAX),
  'kms-key': err(KMS_UNKNOWN_TEXT),
  's3-bucket': err(S3_SYNTAX),
};

export const CHECKS = {
  // ---- document phase -------------------------------------------------------------------------

  // KMS-MODEL: Policy pattern `[\u0009\u000A\u000D\u0020-\u00FF]+`; the same rule is in the key
  // policy format list (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
  // A model constraint is answered by the generic shape validation before the operation runs, so the
  // answer is ValidationException in the shape walker's wording (DESIGN.md principle 3). We leave out
  // the `Value '<policy>'` part AWS puts after "Value": it would repeat the whole document.
  'character-set': {
    rule: 'character-set', stage: 1,
    kinds: {
      'kms-key': err(
        "1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
        { code: 'ValidationException' },
      ),
    },
  },
  // Sizes: see size.ts for how each kind counts and for the sources of the texts.
  size: {
    rule: 'size', stage: 2,
    kinds: {
      identity: err((a) => a.message ?? '', { code: 'LimitExceeded' }),
      // KMS-MODEL: "If the key policy exceeds the length constraint, KMS returns a
      // LimitExceededException." Its text is not public: empty, as for other KMS policy errors.
      'kms-key': err(KMS_UNKNOWN_TEXT, { code: 'LimitExceededException' }),
      's3-bucket': err('Policy exceeds the maximum allowed document size.'),
    },
  },
  // Not JSON at all. IAM identity policies: "Syntax errors in policy." (aws/aws-cli#3501, a file
  // path sent as the document). IAM trust policies: "This policy contains invalid Json"
  // (AWSCookbook/Security#2, CreateRole). S3 answers the same text for malformed JSON [OBS via
  // S3-compatible stores that copy it; INF for AWS].
  'invalid-json': {
    rule: 'syntax', stage: 10,
    kinds: {
      identity: err(IAM_SYNTAX),
      resource: err('This policy contains invalid Json'),
      'kms-key': err(KMS_UNKNOWN_TEXT),
      's3-bucket': err('This policy contains invalid Json'),
    },
  },
  // S3 reads the first byte before parsing: aws/aws-cli#2779, cloud-gov/terraform-provision#574.
  's3-first-byte': {
    rule: 'syntax', stage: 9,
    kinds: { 's3-bucket': err("Policies must be valid JSON and the first byte must be '{'") },
  },
  syntax: { rule: 'syntax', stage: 11, kinds: syntaxTexts },
  // Unknown condition operator with a non-empty block: a syntax error (§4.8, moto's list).
  'unknown-operator-with-body': { rule: 'syntax', stage: 11, kinds: syntaxTexts },
  // S3 texts for a missing / empty Statement [EMU versitygw auth/bucket_policy.go, which copies AWS].
  'missing-statement': {
    rule: 'syntax', stage: 11,
    kinds: { ...syntaxTexts, 's3-bucket': err('Missing required field Statement') },
  },
  'empty-statement': {
    rule: 'syntax', stage: 11,
    kinds: { ...syntaxTexts, 's3-bucket': err('Could not parse the policy: Statement is empty!') },
  },
  // A Version string other than the two AWS knows. IAM: part of the grammar (§4.10 rule 1).
  'unknown-version': {
    rule: 'version', stage: 11,
    kinds: { ...syntaxTexts, 's3-bucket': err('The policy must contain a valid version string') },
  },
  // §4.10 rule 2: IAM identity policies need 2012-10-17. S3 bucket policies accept 2008-10-17 and a
  // missing Version (§4.10), and so do IAM trust policies (AWS service roles still carry 2008-10-17
  // trust policies) and older SNS/SQS policies, so the generic `resource` kind accepts it too; the
  // `policy-variable-literal` lint says what that costs. KMS documents Version as required but no
  // rejection is recorded: warn.
  'version-too-old': {
    rule: 'version', stage: 20,
    kinds: {
      identity: err('Policy document must be version 2012-10-17 or greater.'),
      'kms-key': warn('the kms docs require `Version` to be `2012-10-17` in key policies'),
    },
  },
  'missing-effect': {
    rule: 'syntax', stage: 11,
    // S3 names missing fields ("Missing required field Principal"); same pattern assumed [INF].
    kinds: { ...syntaxTexts, 's3-bucket': err('Missing required field Effect', { stage: 30 }) },
  },
  // Effect not allow/deny in any case: IAM grammar (§4.10 rule 1). S3: "Invalid effect: <value>"
  // [EMU versitygw#647, which reproduces AWS's answer].
  'effect-syntax': {
    rule: 'syntax', stage: 11,
    kinds: { ...syntaxTexts, 's3-bucket': err((a) => `Invalid effect: ${a.value}`, { stage: 30 }) },
  },

  // ---- statement phase ------------------------------------------------------------------------

  // §4.10 rule 3 (Effect must be exactly Allow/Deny; §4.8 "`allow` fails legacy parsing").
  'effect-case': {
    rule: 'legacy-parsing', stage: 30,
    kinds: {
      identity: err(LEGACY),
      resource: err(LEGACY),
      'kms-key': warn((a) => `effect \`${a.value}\` is not exactly \`Allow\` or \`Deny\`, which iam rejects`),
      's3-bucket': err((a) => `Invalid effect: ${a.value}`),
    },
  },
  // §4.10 rule 3: unparsable dates (moto's lenient ISO-8601 / epoch parser, see iso-date.ts).
  'date-value': {
    rule: 'legacy-parsing', stage: 30,
    kinds: {
      identity: err(LEGACY),
      resource: err(LEGACY),
      'kms-key': warn((a) => `date \`${a.value}\` cannot be parsed, so iam would reject it and it compares with nothing`),
      's3-bucket': warn((a) => `date \`${a.value}\` cannot be parsed, so iam would reject it and it compares with nothing`),
    },
  },
  // §4.10 rule 3: 5-segment ARNs such as `arn:aws:s3::bucket`.
  'legacy-resource': {
    rule: 'legacy-parsing', stage: 31,
    kinds: {
      identity: err(LEGACY),
      resource: err(LEGACY),
      'kms-key': warn((a) => `resource \`${a.value}\` has fewer than six arn parts, which iam rejects`),
    },
  },
  // §4.10 rule 4. KMS and S3: no rejection is on record (the re:Post page on KMS "invalid
  // principals" only advises removing duplicate Sids), so a warning.
  'duplicate-sid': {
    rule: 'duplicate-sid', stage: 40,
    kinds: {
      identity: err('Statement IDs (SID) in a single policy must be unique.'),
      resource: err('Statement IDs (SID) in a single policy must be unique.'),
      'kms-key': warn((a) => `sid \`${a.value}\` is used by more than one statement`),
      's3-bucket': warn((a) => `sid \`${a.value}\` is used by more than one statement`),
    },
  },
  // IAM Sids are alphanumeric (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html);
  // text recorded in a CloudTrail CreatePolicy event (splunk/attack_data, T1580
  // aws_iam_assume_role_policy_brute_force). Key and bucket policy Sids may contain spaces
  // (key-policy-overview.html): not checked there. Placed after Sid uniqueness [INF].
  'sid-format': {
    rule: 'sid-format', stage: 41,
    kinds: {
      identity: err('Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*'),
      resource: err('Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*'),
    },
  },
  // Identity policies must not name principals. AWS's own answer is this sentence (recorded:
  // hashicorp/terraform#13449, hashicorp/terraform-provider-aws#10419), not the syntax error §4.10
  // derives from moto's element list. It comes before "must contain resources": #13449's policy had
  // a Principal and no Resource and got this text.
  'principal-not-allowed': {
    rule: 'principal', stage: 45,
    kinds: { identity: err('Policy document should not specify a principal.') },
  },
  'missing-principal': {
    rule: 'missing-principal', stage: 45,
    kinds: {
      resource: err(IAM_NO_PRINCIPALS),
      // "Each statement in the key policy must contain one or more principals" (PutKeyPolicy API
      // reference); KMS's only published principal text is used for it.
      'kms-key': err(KMS_INVALID_PRINCIPALS),
      's3-bucket': err('Missing required field Principal'),
    },
  },
  'empty-principal': {
    rule: 'missing-principal', stage: 45,
    kinds: {
      resource: err(IAM_NO_PRINCIPALS),
      'kms-key': err(KMS_INVALID_PRINCIPALS),
      // Recorded: cn-terraform/terraform-aws-s3-static-website#38 (empty identifier list).
      's3-bucket': err('Missing required field Principal cannot be empty!'),
    },
  },
  // Recorded texts: IAM `Invalid principal in policy: "AWS":"arn:…"` and `"SERVICE":"amazonaws.com"`
  // (aws-samples/aws-cdk-examples#801); S3 "Invalid principal in policy"; KMS aws-behavior.md §6.3.
  'invalid-principal': {
    rule: 'invalid-principal', stage: 46,
    kinds: {
      resource: err((a) => `Invalid principal in policy: "${(a.type ?? '').toUpperCase()}":"${a.value}"`),
      'kms-key': err(KMS_INVALID_PRINCIPALS),
      's3-bucket': err('Invalid principal in policy'),
    },
  },
  // §4.10 rule 5. KMS: "If either of the required Resource or Action elements are missing from a key
  // policy statement, the policy statement has no effect ... the PutKeyPolicy API request succeeds"
  // (PutKeyPolicy API reference; aws-behavior.md §6.3): a warning, not an error.
  'missing-action': {
    rule: 'missing-action', stage: 50,
    kinds: {
      identity: err('Policy statement must contain actions.'),
      resource: err('Policy statement must contain actions.'),
      'kms-key': warn('statement has no `Action` or `NotAction`, so kms accepts it but it never applies'),
      's3-bucket': err('Missing required field Action', { stage: 75 }),
    },
  },
  // §4.10 rule 6. The `resource` kind covers role trust policies, which have no Resource (and IAM
  // refuses one), so it does not require it.
  'missing-resource': {
    rule: 'missing-resource', stage: 60,
    kinds: {
      identity: err('Policy statement must contain resources.'),
      'kms-key': warn('statement has no `Resource` or `NotResource`, so kms accepts it but it never applies'),
      's3-bucket': err('Missing required field Resource', { stage: 65 }),
    },
  },
  // §4.10 rule 7; the message is computed by resourceFormatError() (iam.ts).
  'resource-format': {
    rule: 'resource-format', stage: 70,
    kinds: {
      identity: err((a) => a.message ?? ''),
      resource: err((a) => a.message ?? ''),
      'kms-key': warn((a) => `resource \`${a.value}\` is not \`*\` or a valid arn, so it matches no key`),
    },
  },
  // "Policy has invalid resource": §4.10 (also for "*"); any resource that is not this bucket or
  // its objects.
  'invalid-resource': {
    rule: 'invalid-resource', stage: 70,
    kinds: { 's3-bucket': err('Policy has invalid resource') },
  },
  // §4.10 rule 8; message computed by actionFormatError() (iam.ts).
  'action-format': {
    rule: 'action-format', stage: 80,
    kinds: {
      identity: err((a) => a.message ?? ''),
      resource: err((a) => a.message ?? ''),
    },
  },
  // A bucket policy can only grant S3 actions [EMU versitygw#650 text].
  'invalid-action': {
    rule: 'invalid-action', stage: 76,
    kinds: { 's3-bucket': err('Policy has invalid action') },
  },
  'action-resource-mismatch': {
    rule: 'action-resource-mismatch', stage: 90,
    kinds: { 's3-bucket': err('Action does not apply to any resource(s) in statement') },
  },
  // aws-behavior.md §6.3, from https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html.
  // The page gives one template, "... without the specified [encryption context or tag] or with an
  // unspecified [encryption context or tag]"; the encryption-context text is the reference's
  // verbatim one and the tag text fills the same template [INF].
  'overly-permissive-condition': {
    rule: 'overly-permissive-condition', stage: 90,
    kinds: {
      'kms-key': err((a) => a.family === 'tag'
        ? 'OverlyPermissiveCondition:RequestTag: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified tag or with an unspecified tag. To fix, remove ForAllValues.'
        : 'OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.'),
    },
  },

  // ---- lints: AWS accepts the policy, but it does not do what its author meant ----------------

  // §4.6: `*` and `?` are literal under StringEquals and friends.
  'wildcard-in-string-equals': {
    rule: 'wildcard-in-string-equals', stage: LINT_STAGE,
    kinds: lint((a) => `\`${a.char}\` is a literal character under \`${a.operator}\`, not a wildcard; use \`${a.suggestion}\` to match a pattern`),
  },
  // §4.3: iam-simulate observed that such actions match nothing (and exclude nothing under NotAction).
  'malformed-action': {
    rule: 'malformed-action', stage: LINT_STAGE,
    kinds: lint((a) => `\`${a.element}\` value \`${a.value}\` ${a.reason}, so it ${a.element === 'NotAction' ? 'excludes nothing' : 'matches no request'}`),
  },
  'unknown-operator': {
    rule: 'unknown-operator', stage: LINT_STAGE,
    kinds: lint((a) => `condition operator \`${a.operator}\` is not an aws operator, and aws accepts it only because its block is empty`),
  },
  // §4.5: set operators on single-valued keys are legal but flagged by Access Analyzer
  // (https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html).
  'set-operator-on-single-valued-key': {
    rule: 'set-operator-on-single-valued-key', stage: LINT_STAGE,
    kinds: lint((a) => a.qualifier === 'ForAllValues'
      ? `\`ForAllValues\` with single-valued key \`${a.key}\` is also true when the request has no \`${a.key}\`; remove \`ForAllValues\``
      : `\`ForAnyValue\` with single-valued key \`${a.key}\` does nothing a plain operator would not; remove \`ForAnyValue\``),
  },
  // §4.5: Access Analyzer reports "Null with if exists" as an ERROR, but IAM's save-time validation
  // accepts it (the operator parses; moto strips IfExists before the operator check). Finding
  // `error` means "AWS rejects", so this is a warning.
  'null-with-if-exists': {
    rule: 'null-with-if-exists', stage: LINT_STAGE,
    kinds: lint((a) => `\`${a.operator}\` makes no sense: \`Null\` already tests whether the key exists, so drop \`IfExists\``),
  },
  // §4.6: several Boolean values for one key (Access Analyzer ERROR; IAM accepts it).
  'multiple-bool-values': {
    rule: 'multiple-bool-values', stage: LINT_STAGE,
    kinds: lint((a) => `\`Bool\` key \`${a.key}\` has ${a.count} values, so the condition matches when any of them does`),
  },
  // §4.4: AWS discourages Allow+NotPrincipal.
  'allow-with-not-principal': {
    rule: 'allow-with-not-principal', stage: LINT_STAGE,
    kinds: lint('`Allow` with `NotPrincipal` grants access to everyone not listed, including anonymous callers'),
  },
  // §4.4: Deny+NotPrincipal exempts a caller only when its whole identity chain is listed.
  'deny-with-not-principal': {
    rule: 'deny-with-not-principal', stage: LINT_STAGE,
    kinds: lint((a) => `\`NotPrincipal\` lists \`${a.value}\` but not ${a.missing}, so this deny still applies to \`${a.value}\``),
  },
  // §4.7: variables are substituted only under Version 2012-10-17.
  'policy-variable-literal': {
    rule: 'policy-variable-literal', stage: LINT_STAGE,
    kinds: lint((a) => `\`${a.variable}\` is literal text because \`Version\` is ${a.version === undefined || a.version === '' ? 'missing' : `\`${a.version}\``}, not \`2012-10-17\``),
  },
  // §4.7: variables are not substituted in Numeric/Date/IP/Binary/Null values, nor outside the
  // resource part (after the fifth colon) of an ARN.
  'policy-variable-not-supported': {
    rule: 'policy-variable-not-supported', stage: LINT_STAGE,
    kinds: lint((a) => `\`${a.variable}\` is literal text ${a.where}`),
  },
  // §4.6: values the operator cannot compare (junk numbers, non-boolean Bool/Null, bad CIDRs).
  'invalid-condition-value': {
    rule: 'invalid-condition-value', stage: LINT_STAGE,
    kinds: lint((a) => `\`${a.operator}\` value \`${a.value}\` is not ${a.expected}, so aws cannot compare it`),
  },
  // Two equal keys in one JSON object: JSON readers keep one of them silently (JSON.parse keeps the
  // last), e.g. two `StringEquals` blocks where only one survives.
  'duplicate-key': {
    rule: 'duplicate-key', stage: LINT_STAGE,
    kinds: lint((a) => `key \`${a.key}\` appears more than once in this object, so only one of them takes effect`),
  },
  // §4.4: `Federated` is for role trust policies, `CanonicalUser` for S3.
  'principal-type-not-applicable': {
    rule: 'principal-type-not-applicable', stage: LINT_STAGE,
    kinds: lint((a) => `\`${a.type}\` principals only apply to ${a.where}`),
  },
  // Our S3 action table (s3-actions.ts) may lag behind AWS, so an unknown name is only a warning.
  'unknown-s3-action': {
    rule: 'unknown-s3-action', stage: LINT_STAGE,
    kinds: { 's3-bucket': warn((a) => `\`${a.value}\` names no s3 action we know, so it may match no request`) },
  },
} as const satisfies Record<string, Check>;

export type CheckName = keyof typeof CHECKS;
