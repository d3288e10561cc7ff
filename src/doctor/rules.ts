// Every rule of the doctor: a stable id, a severity, a title, an explanation and a fix. A table of
// small objects (DESIGN.md principle 8); ids never change meaning, so SARIF baselines and CI
// suppressions keep working. Sources are aws-behavior.md (AB) and policy-semantics.md (PS).

export type Severity = 'error' | 'warning' | 'note';

export interface Rule {
  id: string;
  /** kebab-case, for SARIF `name` and readers of JSON output. */
  name: string;
  severity: Severity;
  title: string;
  explanation: string;
  fix: string;
  /** Where AWS documents it. */
  help: string;
}

const KMS_POLICY_DOC = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html';
const S3_POLICY_DOC = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html';
const KMS_WITH_CT = 'https://docs.aws.amazon.com/kms/latest/developerguide/services-cloudtrail.html';
const ENCRYPTING = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html';
const CONDITION_OPS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';
const KMS_CONDITIONS = 'https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html';

const rule = (id: string, name: string, severity: Severity, title: string, explanation: string, fix: string, help: string): Rule =>
  ({ id, name, severity, title, explanation, fix, help });

export const RULES: readonly Rule[] = [
  // ---- key policy: what CloudTrail asks of the key (AB §2.5, §10) ----
  rule('TK001', 'key-generate-data-key', 'error', 'CloudTrail can encrypt log files with the key',
    "At CreateTrail/UpdateTrail CloudTrail calls kms:GenerateDataKey as cloudtrail.amazonaws.com with the trail's encryption context and aws:SourceArn; if the key policy does not allow it the call fails with InsufficientEncryptionPolicyException and no log is delivered.",
    'Allow cloudtrail.amazonaws.com `kms:GenerateDataKey*` with `StringEquals aws:SourceArn` = the trail ARN (`trailkey fix` writes the statement).', KMS_POLICY_DOC),
  rule('TK002', 'key-describe-key', 'warning', 'CloudTrail can describe the key',
    'The CloudTrail guide lists "Allow CloudTrail to describe key" (kms:DescribeKey) as a required key-policy section. Without an S3 Bucket Key, CreateTrail is not known to fail without it (trailkey decision DESCRIBE_KEY_REQUIRED_WITHOUT_BUCKET_KEY).',
    'Allow cloudtrail.amazonaws.com `kms:DescribeKey` with `StringEquals aws:SourceArn` = the trail ARN.', KMS_POLICY_DOC),
  rule('TK003', 'key-bucket-key', 'error', 'With an S3 Bucket Key, CloudTrail can decrypt and describe the key',
    'When the bucket uses an S3 Bucket Key, CloudTrail needs kms:Decrypt and kms:DescribeKey as well as kms:GenerateDataKey; without them you cannot create or update the trail.',
    'Allow cloudtrail.amazonaws.com `kms:Decrypt` and `kms:DescribeKey` with `StringEquals aws:SourceArn` = the trail ARN.', ENCRYPTING),
  rule('TK004', 'key-delivery', 'error', 'Every log file the trail delivers can be encrypted',
    'Each log file is encrypted with its own data key whose encryption context names the object (or the bucket, with a Bucket Key), from every Region of a multi-Region trail and every account of an organization trail. A key policy that pins kms:EncryptionContext:aws:s3:arn, a Region or an account too narrowly passes CreateTrail and then loses those logs.',
    'Match `kms:EncryptionContext:aws:cloudtrail:arn` with `StringLike` (`arn:aws:cloudtrail:*:<account>:trail/*`) and do not pin `aws:s3:arn` to one folder.', KMS_WITH_CT),
  rule('TK005', 'key-confused-deputy', 'warning', 'Only your trails can use the key through CloudTrail',
    "A statement that lets cloudtrail.amazonaws.com use the key without aws:SourceArn, aws:SourceAccount or an encryption-context condition lets any account's trail encrypt with your key (the confused-deputy problem).",
    'Add `StringEquals aws:SourceArn` = your trail ARNs to the CloudTrail statements.', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html'),
  rule('TK006', 'key-explicit-deny', 'error', 'No Deny in the key policy blocks CloudTrail',
    'An explicit Deny overrides every Allow (PS §4.2): a Deny that matches one of CloudTrail\'s requests fails the trail or its delivery whatever the Allows say.',
    'Narrow the Deny (a condition such as `StringNotEquals aws:PrincipalServiceName cloudtrail.amazonaws.com`, or a NotPrincipal) so that CloudTrail\'s requests are not matched.', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html'),
  // ---- bucket policy (AB §3) ----
  rule('TK010', 'bucket-get-acl', 'error', 'CloudTrail can read the bucket ACL',
    'CloudTrail calls s3:GetBucketAcl on the bucket before it writes; without it CreateTrail fails with InsufficientS3BucketPolicyException.',
    'Allow cloudtrail.amazonaws.com `s3:GetBucketAcl` on `arn:aws:s3:::<bucket>` with `StringEquals aws:SourceArn` = the trail ARN.', S3_POLICY_DOC),
  rule('TK011', 'bucket-put-object', 'error', "CloudTrail can write log files into the trail's folder",
    'CloudTrail writes `<bucket>/[<prefix>/]AWSLogs/<account>/...` (organization trails: `AWSLogs/<o-id>/<account>/...`) with `x-amz-acl: bucket-owner-full-control`; the bucket policy must allow s3:PutObject on exactly that folder, or CreateTrail fails with InsufficientS3BucketPolicyException.',
    'Allow cloudtrail.amazonaws.com `s3:PutObject` on `arn:aws:s3:::<bucket>/[<prefix>/]AWSLogs/<account>/*` with `s3:x-amz-acl = bucket-owner-full-control` and `aws:SourceArn` = the trail ARN.', S3_POLICY_DOC),
  rule('TK012', 'bucket-delivery', 'error', 'CloudTrail can write every log and digest file the trail delivers',
    "Organization trails write each member account's logs under `AWSLogs/<o-id>/<member>/`, multi-Region trails write from every Region, and log file validation writes digest files under `CloudTrail-Digest/`. A bucket policy that covers only the management account or one Region passes CreateTrail and then loses the rest.",
    'Grant `s3:PutObject` on `arn:aws:s3:::<bucket>/[<prefix>/]AWSLogs/<o-id>/*` for organization trails, and on the whole `AWSLogs/<account>/*` folder.', S3_POLICY_DOC),
  rule('TK013', 'bucket-explicit-deny', 'error', 'No Deny in the bucket policy blocks CloudTrail',
    'An explicit Deny overrides every Allow: a Deny on missing or different encryption headers, on a VPC endpoint or on a TLS condition can match CloudTrail\'s own PutObject and stop delivery.',
    "Exempt CloudTrail's requests from the Deny, e.g. with `StringNotEquals aws:PrincipalServiceName cloudtrail.amazonaws.com`, or make its condition match SSE-KMS uploads.", S3_POLICY_DOC),
  rule('TK014', 'bucket-management-folder', 'note', "An organization trail's bucket keeps the management account's own folder",
    'The documented organization bucket policy keeps the `AWSLogs/<management account>/*` statement next to the `AWSLogs/<o-id>/*` one, so that the trail keeps delivering if it stops being an organization trail.',
    'Keep a `s3:PutObject` grant on `arn:aws:s3:::<bucket>/[<prefix>/]AWSLogs/<management account>/*`.', S3_POLICY_DOC),
  rule('TK015', 'bucket-confused-deputy', 'warning', "Only your trail can write into its log folder",
    "Without aws:SourceArn or aws:SourceAccount on the PutObject grant, a trail in any account can write files into your trail's folder, so forged log files cannot be told apart by location.",
    'Add `StringEquals aws:SourceArn` = the trail ARN to the CloudTrail statements of the bucket policy.', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html'),
  // ---- key facts (AB §0 item 6, §2.4, §6.4) ----
  rule('TK020', 'key-region', 'error', "The key is in the bucket's Region",
    "CloudTrail needs a key in the same Region as the bucket (not necessarily the trail's); otherwise CreateTrail fails with KmsKeyNotFoundException.",
    "Create the key (or a multi-Region replica with its own policy) in the bucket's Region.", KMS_WITH_CT),
  rule('TK021', 'key-spec', 'error', 'The key is a symmetric encryption key',
    'CloudTrail only supports symmetric encryption KMS keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT).',
    'Use a key with KeySpec `SYMMETRIC_DEFAULT` and KeyUsage `ENCRYPT_DECRYPT`.', KMS_WITH_CT),
  rule('TK022', 'key-state', 'error', 'The key is enabled',
    'A disabled key, or one pending deletion, cannot be saved on a trail, and a trail whose key becomes unusable stops delivering logs.',
    'Enable the key, or cancel its deletion (kms:CancelKeyDeletion).', 'https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html'),
  rule('TK023', 'key-replica-policy', 'error', 'A multi-Region replica key has its own CloudTrail statements',
    "Replica keys share key material, not key policies: a replica created without a policy has the default policy, which grants CloudTrail nothing.",
    'Give the replica key (aws_kms_replica_key `policy`, AWS::KMS::ReplicaKey `KeyPolicy`) the same CloudTrail statements as the primary.', 'https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html'),
  rule('TK024', 'key-reference', 'error', 'A key in another account or Region is named by its ARN',
    'Keys in other accounts, and keys in the bucket\'s Region when it is not the trail\'s, work only when the trail names them by ARN; an alias or key id is looked up in the trail\'s own account and Region.',
    'Set the trail\'s KMS key to the full key ARN `arn:aws:kms:<region>:<account>:key/<id>`.', KMS_WITH_CT),
  // ---- who can read the logs (AB §0 item 9) ----
  rule('TK030', 'readers-public', 'error', 'Not everyone can decrypt the logs',
    'A key-policy statement that allows kms:Decrypt to `*` without kms:CallerAccount (or aws:PrincipalAccount/aws:PrincipalOrgID) lets a principal of any AWS account decrypt the logs once it can read the objects.',
    'Add `StringEquals kms:CallerAccount` = your account to the statement, or name the readers.', KMS_POLICY_DOC),
  rule('TK031', 'readers-account-wide', 'warning', 'Decrypting the logs is not open to a whole account or organization',
    'A `*` principal limited by kms:CallerAccount lets every user and role of that account decrypt the logs without any IAM policy (the CloudTrail console default).',
    'Name the roles that read logs, or delegate to the account root so that IAM policies decide.', 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/default-kms-key-policy.html'),
  rule('TK032', 'readers-none', 'warning', 'Someone can decrypt the logs',
    'Users who can encrypt but not decrypt cannot read the logs: if no principal but CloudTrail can decrypt, the logs are written but unreadable.',
    'Allow readers `kms:Decrypt` with `Null kms:EncryptionContext:aws:cloudtrail:arn = false`.', KMS_POLICY_DOC),
  // ---- lints: accepted by AWS but never what was meant (PS §4.5-§4.6) ----
  rule('TK040', 'lint-wildcard-in-string-equals', 'warning', 'No wildcard under StringEquals',
    '`*` and `?` are literal characters under StringEquals, so `arn:aws:cloudtrail:*:…` matches no trail.',
    'Use StringLike (or ArnLike) for patterns.', CONDITION_OPS),
  rule('TK041', 'lint-source-mismatch', 'warning', "CloudTrail conditions name the trail's own ARN, Region and account",
    'An aws:SourceArn, aws:SourceAccount or kms:EncryptionContext:aws:cloudtrail:arn condition that names another trail, Region or account never matches this trail.',
    "Put the trail's exact ARN (`arn:aws:cloudtrail:<home region>:<owner account>:trail/<name>`) in the condition.", KMS_POLICY_DOC),
  rule('TK042', 'lint-malformed-action', 'warning', 'Actions are well formed',
    'An action such as `kms=Decrypt` or `kms:Decrypt,kms:Encrypt` matches no request, so the statement grants nothing.',
    'Write each action as `service:Action`, one per string.', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html'),
  rule('TK043', 'lint-for-all-values-encryption-context', 'error', 'No ForAllValues on an encryption-context key',
    'kms:EncryptionContext:<key> is single-valued; ForAllValues on it also matches requests without that context, and KMS rejects the key policy (OverlyPermissiveCondition).',
    'Remove `ForAllValues:` from the operator.', KMS_CONDITIONS),
  rule('TK044', 'policy-rejected', 'error', 'AWS accepts the policy',
    'KMS or S3 refuses to save this policy (MalformedPolicyDocumentException / MalformedPolicy), so the deployment fails.',
    'Correct the policy at the given path.', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html'),
  rule('TK045', 'lint-policy', 'warning', 'The policy does what it seems to',
    'The policy validator found a statement that AWS accepts but that never does what it seems to.',
    'See the message.', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html'),
  // ---- CloudTrail Lake (AB §2.8, PS §4.9) ----
  rule('TK050', 'eds-cloudtrail', 'error', 'CloudTrail Lake can encrypt and decrypt the event data store',
    'The key policy must let cloudtrail.amazonaws.com call kms:GenerateDataKey and kms:Decrypt for the event data store, without aws:SourceArn/aws:SourceAccount conditions, which event data stores do not support.',
    'Allow cloudtrail.amazonaws.com `kms:GenerateDataKey` and `kms:Decrypt` without source conditions.', KMS_POLICY_DOC),
  rule('TK051', 'eds-source-condition', 'warning', 'Event data store statements do not use aws:SourceArn or aws:SourceAccount',
    'CloudTrail Lake does not send aws:SourceArn or aws:SourceAccount, so a statement conditioned on them never applies to the event data store.',
    'Drop the aws:SourceArn/aws:SourceAccount condition from the statement that serves the event data store.', KMS_POLICY_DOC),
  rule('TK052', 'eds-caller', 'error', 'The principal that creates the event data store can use the key',
    'Creating or querying an event data store with a KMS key also needs kms:GenerateDataKey and kms:Decrypt for the calling principal.',
    'Allow the caller (or delegate to its account and grant it in IAM) `kms:GenerateDataKey` and `kms:Decrypt`.', KMS_POLICY_DOC),
  rule('TK053', 'eds-key', 'error', "The event data store's key is in its Region and account",
    'An event data store key must be in the same Region as the store; keys from other accounts are not supported; once set it cannot be changed.',
    'Use a key of the same account and Region.', KMS_POLICY_DOC),
  rule('TK060', 'trail-unencrypted', 'note', 'The trail encrypts its logs with a KMS key',
    'Without a KMS key the logs are encrypted with SSE-S3 only, and anyone who can read the objects can read the logs.',
    'Set the trail\'s KMS key (`kms_key_id`, `KMSKeyId`).', ENCRYPTING),
  // ---- a live trail's status (GetTrailStatus, AB §2.6): `trailkey audit` only ----
  rule('TK061', 'trail-delivery', 'error', "The trail's last delivery succeeded",
    "GetTrailStatus reports the S3 or KMS error of the trail's last failed delivery of log files (LatestDeliveryError) or digest files (LatestDigestDeliveryError). While it is set, the trail is configured but its logs do not reach the bucket.",
    'Fix what the error names (usually the bucket or key policy, or a disabled key; the other findings say which), then check that LatestDeliveryTime moves on.', 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html'),
  rule('TK062', 'trail-logging', 'note', 'The trail is logging',
    'A trail that is not logging (CreateTrail does not start logging; StopLogging stops it) records no events, whatever its key and bucket policies allow.',
    'Call StartLogging (`aws cloudtrail start-logging --name <trail>`).', 'https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StartLogging.html'),
];

export type RuleId = (typeof RULES)[number]['id'];

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule {
  const r = BY_ID.get(id);
  if (!r) throw new Error(`unknown rule ${id}`);
  return r;
}

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { note: 1, warning: 2, error: 3 };
