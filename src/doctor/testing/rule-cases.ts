// For tests: every rule's pass and fail case, as scenarios (scenarios.ts). The doctor's rule matrix runs each
// through every input kind; the agreement test compares them with createTrailOutcome.
import {
  A, base, bucketPolicy, CT, encrypt, keyPolicy, lakePolicy, ORG, OTHER, reader, replace, TRAIL, without, write,
  type InputKind, type Scenario,
} from './scenarios.js';

export const ALL: InputKind[] = ['files', 'terraform', 'cloudformation'];

export interface Case {
  rule: string;
  pass: Scenario;
  fail: Scenario;
  kinds?: InputKind[];
}

const withBucketKeyDecrypt = keyPolicy({ Sid: 'AllowCloudTrailBucketKeyDecrypt', Effect: 'Allow', Principal: CT, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': TRAIL } } });
const orgFolders = [`AWSLogs/${A}`, `AWSLogs/${ORG}`];
const admin = { Sid: 'EnableRootAccess', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: ['kms:Create*', 'kms:Describe*', 'kms:Enable*', 'kms:List*', 'kms:Put*', 'kms:Update*', 'kms:Revoke*', 'kms:Disable*', 'kms:Get*', 'kms:Delete*', 'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'], Resource: '*' };

export const CASES: Case[] = [
  { rule: 'TK001', pass: base(), fail: { ...base(), keyPolicy: without(keyPolicy(), 'AllowCloudTrailEncrypt') } },
  { rule: 'TK002', pass: base(), fail: { ...base(), keyPolicy: without(keyPolicy(), 'AllowCloudTrailDescribeKey') } },
  { rule: 'TK003', pass: { ...base(), bucketKey: true, keyPolicy: withBucketKeyDecrypt }, fail: { ...base(), bucketKey: true } },
  {
    rule: 'TK004', pass: base(),
    fail: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowCloudTrailEncrypt', encrypt({ StringEquals: { 'aws:SourceArn': TRAIL, 'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::acme-trail-logs/AWSLogs/${A}/` } })) },
  },
  { rule: 'TK005', pass: base(), fail: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowCloudTrailEncrypt', encrypt({})) } },
  {
    rule: 'TK006', pass: base(),
    fail: { ...base(), keyPolicy: keyPolicy({ Sid: 'DenyOtherAccounts', Effect: 'Deny', Principal: '*', Action: 'kms:GenerateDataKey*', Resource: '*', Condition: { StringNotEquals: { 'kms:CallerAccount': A } } }) },
  },
  { rule: 'TK010', pass: base(), fail: { ...base(), bucketPolicy: without(bucketPolicy(), 'AWSCloudTrailAclCheck') } },
  { rule: 'TK011', pass: { ...base(), prefix: 'logs', bucketPolicy: bucketPolicy([`logs/AWSLogs/${A}`]) }, fail: { ...base(), prefix: 'logs' } },
  { rule: 'TK012', pass: { ...base(), org: true, bucketPolicy: bucketPolicy(orgFolders) }, fail: { ...base(), org: true, bucketPolicy: bucketPolicy([`AWSLogs/${A}`, `AWSLogs/${ORG}/${A}`]) } },
  {
    rule: 'TK013', pass: base(),
    fail: { ...base(), bucketPolicy: bucketPolicy(undefined, { Sid: 'DenyNonAES256', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::acme-trail-logs/*', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } } }) },
  },
  { rule: 'TK014', pass: { ...base(), org: true, bucketPolicy: bucketPolicy(orgFolders) }, fail: { ...base(), org: true, bucketPolicy: bucketPolicy([`AWSLogs/${ORG}`]) } },
  { rule: 'TK015', pass: base(), fail: { ...base(), bucketPolicy: replace(bucketPolicy(), 'AWSCloudTrailWrite', write([`AWSLogs/${A}`], { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } })) } },
  { rule: 'TK020', pass: base(), fail: { ...base(), keyRegion: 'eu-west-1' } },
  { rule: 'TK021', pass: { ...base(), keySpec: 'SYMMETRIC_DEFAULT' }, fail: { ...base(), keySpec: 'RSA_2048' } },
  { rule: 'TK022', pass: { ...base(), keyDisabled: false }, fail: { ...base(), keyDisabled: true } },
  // Replica keys: only Terraform can create one without a policy (CloudFormation requires KeyPolicy).
  { rule: 'TK023', kinds: ['terraform'], pass: { ...base(), replica: true }, fail: { ...base(), replicaWithoutPolicy: true } },
  // Flags always give the key by ARN; plans and templates can name it by alias.
  {
    rule: 'TK024', kinds: ['terraform', 'cloudformation'],
    pass: { ...base(), keyAccount: OTHER, keyNamedBy: `arn:aws:kms:us-east-1:${OTHER}:alias/central` },
    fail: { ...base(), keyAccount: OTHER, keyNamedBy: 'alias/central' },
  },
  { rule: 'TK030', pass: base(), fail: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowLogReaders', reader({ AWS: '*' }, {})) } },
  { rule: 'TK031', pass: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowLogReaders', reader({ AWS: '*' }, { StringEquals: { 'kms:CallerAccount': OTHER } })) }, fail: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowLogReaders', reader({ AWS: '*' }, { StringEquals: { 'kms:CallerAccount': A } })) } },
  { rule: 'TK032', pass: base(), fail: { ...base(), keyPolicy: without(replace(keyPolicy(), 'EnableRootAccess', admin), 'AllowLogReaders') } },
  { rule: 'TK040', pass: base(), fail: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowLogReaders', reader(undefined, { StringEquals: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${A}:trail/*` } })) } },
  {
    rule: 'TK041', pass: base(),
    fail: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowCloudTrailEncrypt', encrypt({ StringEquals: { 'aws:SourceArn': TRAIL.replace('us-east-1', 'us-west-2') } })) },
  },
  { rule: 'TK042', pass: base(), fail: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowLogReaders', reader(undefined, undefined, ['kms=Decrypt'])) } },
  { rule: 'TK043', pass: base(), fail: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowCloudTrailEncrypt', encrypt({ 'ForAllValues:StringLike': { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${A}:trail/*` } })) } },
  { rule: 'TK044', pass: base(), fail: { ...base(), bucketPolicy: bucketPolicy(undefined, { Sid: 'Everything', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 's3:GetObject', Resource: '*' }) } },
  {
    rule: 'TK045', pass: base(),
    fail: { ...base(), bucketPolicy: bucketPolicy(undefined, { Sid: 'DenyHttp', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-trail-logs/*', Condition: { Bool: { 'aws:SecureTransport': ['false', 'true'] } } }) },
  },
  { rule: 'TK050', pass: { ...base(), lake: true, keyPolicy: lakePolicy() }, fail: { ...base(), lake: true, keyPolicy: without(lakePolicy(), 'AllowCloudTrailLake') } },
  { rule: 'TK051', pass: { ...base(), lake: true, keyPolicy: lakePolicy() }, fail: { ...base(), lake: true, keyPolicy: lakePolicy({ StringEquals: { 'aws:SourceAccount': A } }) } },
  { rule: 'TK052', pass: { ...base(), lake: true, keyPolicy: lakePolicy() }, fail: { ...base(), lake: true, keyPolicy: without(lakePolicy(), 'EnableRootAccess') } },
  // A Lake key in another Region: only policy files and plans can name a key outside the stack's Region.
  { rule: 'TK053', kinds: ['files', 'terraform'], pass: { ...base(), lake: true, keyPolicy: lakePolicy() }, fail: { ...base(), lake: true, keyPolicy: lakePolicy(), keyRegion: 'eu-west-1' } },
  { rule: 'TK060', pass: base(), fail: { ...base(), noKey: true } },
  // A live trail's status: only `trailkey audit` reads it (GetTrailStatus), so no input kind renders
  // it; test/conformance/doctor-audit.test.ts has the pass and fail cases against the emulator.
  { rule: 'TK061', kinds: [], pass: base(), fail: base() },
  { rule: 'TK062', kinds: [], pass: base(), fail: base() },
];
