// For tests (like store/contract.ts, compiled but used by tests only): one description of a trail
// setup (key policy, bucket policy, trail, bucket and key facts), rendered as each input the doctor
// reads: policy files with flags, a Terraform plan (`terraform show -json` shape) and a
// CloudFormation template. The doctor's tests run every rule's pass and fail case through all
// three, so the loaders cannot disagree; the emulator's differential test can reuse the scenarios.
import { stringify } from 'yaml';
import type { DoctorOptions } from '../load/options.js';

export const A = '111111111111';
export const OTHER = '222222222222';
export const ORG = 'o-a1b2c3d4e5';
export const REGION = 'us-east-1';
export const BUCKET = 'acme-trail-logs';
export const TRAIL_NAME = 'main';
export const TRAIL = `arn:aws:cloudtrail:${REGION}:${A}:trail/${TRAIL_NAME}`;
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const CT = { Service: 'cloudtrail.amazonaws.com' };

type Statement = Record<string, unknown>;
export interface Policy { Version: string; Statement: Statement[] }

export interface Scenario {
  keyPolicy: Policy | null;
  bucketPolicy: Policy | null;
  prefix?: string;
  org?: boolean;
  multiRegion?: boolean;
  bucketKey?: boolean;
  /** The key's Region and account, when not the trail's. */
  keyRegion?: string;
  keyAccount?: string;
  keySpec?: string;
  keyDisabled?: boolean;
  /** The trail names its key by this (an alias) instead of the key ARN. */
  keyNamedBy?: string;
  /** The key is a multi-Region replica created without a policy (Terraform only). */
  replicaWithoutPolicy?: boolean;
  /** The key is a multi-Region replica with its own policy (Terraform only). */
  replica?: boolean;
  noKey?: boolean;
  /** A CloudTrail Lake event data store with this key policy instead of a trail. */
  lake?: boolean;
}

export const keyArn = (s: Pick<Scenario, 'keyRegion' | 'keyAccount'>) => `arn:aws:kms:${s.keyRegion ?? REGION}:${s.keyAccount ?? A}:key/${KEY_ID}`;

export function keyPolicy(...extra: Statement[]): Policy {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'EnableRootAccess', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
      encrypt(),
      { Sid: 'AllowCloudTrailDescribeKey', Effect: 'Allow', Principal: CT, Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': TRAIL } } },
      reader(),
      ...extra,
    ],
  };
}

export function encrypt(condition: Record<string, unknown> = {
  StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${A}:trail/*` },
  StringEquals: { 'aws:SourceArn': TRAIL },
}): Statement {
  return { Sid: 'AllowCloudTrailEncrypt', Effect: 'Allow', Principal: CT, Action: 'kms:GenerateDataKey*', Resource: '*', ...(Object.keys(condition).length ? { Condition: condition } : {}) };
}

export function reader(principal: unknown = { AWS: `arn:aws:iam::${A}:role/security-audit` }, condition: Record<string, unknown> = { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } }, action: unknown = 'kms:Decrypt'): Statement {
  return { Sid: 'AllowLogReaders', Effect: 'Allow', Principal: principal, Action: action, Resource: '*', Condition: condition };
}

export function without(policy: Policy, ...sids: string[]): Policy {
  return { ...policy, Statement: policy.Statement.filter((s) => !sids.includes(s.Sid as string)) };
}

export function replace(policy: Policy, sid: string, statement: Statement): Policy {
  return { ...policy, Statement: policy.Statement.map((s) => (s.Sid === sid ? statement : s)) };
}

export function bucketPolicy(folders: string[] = [`AWSLogs/${A}`], ...extra: Statement[]): Policy {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: CT, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${BUCKET}`, Condition: { StringEquals: { 'aws:SourceArn': TRAIL } } },
      write(folders),
      ...extra,
    ],
  };
}

export function write(folders: string[], condition: Record<string, unknown> = { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL } }): Statement {
  return { Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: CT, Action: 's3:PutObject', Resource: folders.map((f) => `arn:aws:s3:::${BUCKET}/${f}/*`), Condition: condition };
}

export const lakePolicy = (condition?: Record<string, unknown>): Policy => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'EnableRootAccess', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' },
    { Sid: 'AllowCloudTrailLake', Effect: 'Allow', Principal: CT, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*', ...(condition ? { Condition: condition } : {}) },
  ],
});

export const base = (): Scenario => ({ keyPolicy: keyPolicy(), bucketPolicy: bucketPolicy() });

export interface Rendered {
  files: Record<string, string>;
  options: DoctorOptions;
}

// ---- files and flags --------------------------------------------------------------------------------

export function asFiles(s: Scenario): Rendered {
  const files: Record<string, string> = {};
  const options: DoctorOptions = {};
  if (s.keyPolicy && !s.noKey) {
    files['kp.json'] = JSON.stringify(s.keyPolicy, null, 2);
    options.keyPolicy = 'kp.json';
    options.keyArn = keyArn(s);
  }
  if (s.lake) {
    options.eventDataStoreArn = `arn:aws:cloudtrail:${REGION}:${A}:eventdatastore/audit-events`;
    return { files, options };
  }
  if (s.bucketPolicy) {
    files['bp.json'] = JSON.stringify(s.bucketPolicy, null, 2);
    options.bucketPolicy = 'bp.json';
  }
  Object.assign(options, {
    trailArn: TRAIL, bucket: BUCKET, bucketRegion: REGION,
    ...(s.prefix ? { prefix: s.prefix } : {}),
    ...(s.org ? { orgId: ORG } : {}),
    ...(s.multiRegion ? { multiRegion: true } : {}),
    ...(s.bucketKey ? { bucketKey: true } : {}),
    ...(s.keySpec ? { keySpec: s.keySpec } : {}),
    ...(s.keyDisabled !== undefined ? { keyState: s.keyDisabled ? 'Disabled' : 'Enabled' } : {}),
  });
  return { files, options };
}

// ---- a Terraform plan ------------------------------------------------------------------------------

const PROVIDER = 'registry.terraform.io/hashicorp/aws';

export function asTerraform(s: Scenario): Rendered {
  const planned: Record<string, unknown>[] = [];
  const changes: Record<string, unknown>[] = [];
  const config: Record<string, unknown>[] = [];
  const add = (type: string, name: string, values: Record<string, unknown>, unknown: string[], expressions: Record<string, unknown>, provider = 'aws') => {
    const address = `${type}.${name}`;
    planned.push({ address, mode: 'managed', type, name, provider_name: PROVIDER, schema_version: 0, values, sensitive_values: {} });
    changes.push({ address, mode: 'managed', type, name, provider_name: PROVIDER, change: { actions: ['create'], before: null, after: values, after_unknown: Object.fromEntries(unknown.map((u) => [u, true])), before_sensitive: false, after_sensitive: {} } });
    config.push({ address, mode: 'managed', type, name, provider_config_key: provider, expressions, schema_version: 0 });
  };
  const ref = (...r: string[]) => ({ references: r });
  const keyProvider = s.keyRegion && s.keyRegion !== REGION ? 'aws.keys' : 'aws';
  if (!s.noKey) {
    const replica = s.replicaWithoutPolicy || s.replica;
    const type = replica ? 'aws_kms_replica_key' : 'aws_kms_key';
    const policy = s.replicaWithoutPolicy || !s.keyPolicy ? {} : { policy: JSON.stringify(s.keyPolicy) };
    add(type, 'trail', {
      customer_master_key_spec: s.keySpec ?? 'SYMMETRIC_DEFAULT', key_usage: s.keySpec?.startsWith('RSA') ? 'SIGN_VERIFY' : 'ENCRYPT_DECRYPT',
      is_enabled: !s.keyDisabled, deletion_window_in_days: 30, enable_key_rotation: true, ...policy,
      ...(replica ? { primary_key_arn: `arn:aws:kms:eu-west-1:${A}:key/mrk-1234` } : {}),
    }, ['arn', 'id', 'key_id', 'tags_all', ...(s.replicaWithoutPolicy ? ['policy'] : [])], {
      ...(replica ? { primary_key_arn: { constant_value: `arn:aws:kms:eu-west-1:${A}:key/mrk-1234` } } : {}),
      ...(s.replicaWithoutPolicy ? {} : { policy: ref('data.aws_caller_identity.current.account_id', 'data.aws_caller_identity.current') }),
    }, keyProvider);
  }
  const keyRef = s.keyNamedBy ? {} : ref(`${s.replicaWithoutPolicy || s.replica ? 'aws_kms_replica_key' : 'aws_kms_key'}.trail.arn`, 'aws_kms_key.trail');
  if (s.lake) {
    add('aws_cloudtrail_event_data_store', 'audit', { name: 'audit-events', multi_region_enabled: true, organization_enabled: false }, ['arn', 'id', 'kms_key_id'], { kms_key_id: keyRef });
  } else {
    add('aws_s3_bucket', 'logs', { bucket: BUCKET, force_destroy: false }, ['arn', 'id', 'policy', 'region'], { bucket: { constant_value: BUCKET } });
    if (s.bucketPolicy) add('aws_s3_bucket_policy', 'logs', { policy: JSON.stringify(s.bucketPolicy) }, ['bucket', 'id'], { bucket: ref('aws_s3_bucket.logs.id', 'aws_s3_bucket.logs'), policy: ref('data.aws_caller_identity.current.account_id') });
    if (s.bucketKey) {
      add('aws_s3_bucket_server_side_encryption_configuration', 'logs', { rule: [{ bucket_key_enabled: true, apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }] }] }, ['bucket', 'id'], { bucket: ref('aws_s3_bucket.logs.id', 'aws_s3_bucket.logs') });
    }
    add('aws_cloudtrail', 'main', {
      name: TRAIL_NAME, is_multi_region_trail: Boolean(s.multiRegion), is_organization_trail: Boolean(s.org), enable_log_file_validation: false,
      ...(s.prefix ? { s3_key_prefix: s.prefix } : { s3_key_prefix: null }),
      ...(s.keyNamedBy ? { kms_key_id: s.keyNamedBy } : {}),
    }, ['arn', 'id', 'home_region', 's3_bucket_name', ...(s.noKey || s.keyNamedBy ? [] : ['kms_key_id'])], {
      name: { constant_value: TRAIL_NAME }, s3_bucket_name: ref('aws_s3_bucket.logs.id', 'aws_s3_bucket.logs'), ...(s.noKey ? {} : { kms_key_id: keyRef }),
    });
  }
  const data: Record<string, unknown>[] = [
    { address: 'data.aws_caller_identity.current', mode: 'data', type: 'aws_caller_identity', name: 'current', provider_name: PROVIDER, schema_version: 0, values: { account_id: A, arn: `arn:aws:sts::${A}:assumed-role/ci/ci`, id: A, user_id: 'AROAEXAMPLE:ci' }, sensitive_values: {} },
  ];
  if (s.org) data.push({ address: 'data.aws_organizations_organization.current', mode: 'data', type: 'aws_organizations_organization', name: 'current', provider_name: PROVIDER, schema_version: 0, values: { id: ORG, master_account_id: A }, sensitive_values: {} });
  const plan = {
    format_version: '1.2', terraform_version: '1.9.8', variables: {},
    planned_values: { root_module: { resources: planned } },
    resource_changes: changes,
    prior_state: { format_version: '1.0', terraform_version: '1.9.8', values: { root_module: { resources: data } } },
    configuration: {
      provider_config: {
        aws: { name: 'aws', full_name: PROVIDER, expressions: { region: { constant_value: REGION } } },
        ...(keyProvider === 'aws.keys' ? { 'aws.keys': { name: 'aws', full_name: PROVIDER, alias: 'keys', expressions: { region: { constant_value: s.keyRegion } } } } : {}),
      },
      root_module: { resources: [...config, ...data.map((d) => ({ address: d.address, mode: 'data', type: d.type, name: d.name, provider_config_key: 'aws', expressions: {}, schema_version: 0 }))] },
    },
    timestamp: '2024-11-05T10:21:44Z', applyable: true, complete: true, errored: false,
  };
  const files: Record<string, string> = { 'plan.json': JSON.stringify(plan, null, 2) };
  const options: DoctorOptions = { terraform: 'plan.json' };
  // A key named by alias in another account is not in the plan: its policy and ARN come from flags.
  if (s.keyNamedBy && s.keyPolicy) {
    files['kp.json'] = JSON.stringify(s.keyPolicy);
    Object.assign(options, { keyPolicy: 'kp.json', keyArn: keyArn(s) });
  }
  return { files, options };
}

// ---- a CloudFormation template ------------------------------------------------------------------------

/** The key, bucket and trail of one stack in account A, us-east-1 (fixed with --parameter). */
export function asCloudFormation(s: Scenario): Rendered {
  const resources: Record<string, unknown> = {};
  const external = Boolean(s.keyRegion && s.keyRegion !== REGION) || Boolean(s.keyAccount) || Boolean(s.keyNamedBy);
  const files: Record<string, string> = {};
  const options: DoctorOptions = { cloudformation: ['template.yaml'], parameters: [`AWS::AccountId=${A}`, `AWS::Region=${REGION}`] };
  let keyRef: unknown;
  if (!s.noKey && !external) {
    resources.TrailKey = {
      Type: 'AWS::KMS::Key',
      Properties: {
        Description: 'trail key', EnableKeyRotation: true, Enabled: !s.keyDisabled,
        ...(s.keySpec ? { KeySpec: s.keySpec, KeyUsage: s.keySpec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY' } : {}),
        ...(s.keyPolicy ? { KeyPolicy: s.keyPolicy } : {}),
      },
    };
    keyRef = { 'Fn::GetAtt': ['TrailKey', 'Arn'] };
  } else if (!s.noKey) {
    // A key of another stack, account or Region: named by ARN or alias, its policy given as a file.
    keyRef = s.keyNamedBy ?? keyArn(s);
    if (s.keyPolicy) {
      files['kp.json'] = JSON.stringify(s.keyPolicy);
      Object.assign(options, { keyPolicy: 'kp.json', keyArn: keyArn(s) });
    }
  }
  if (s.lake) {
    resources.AuditEvents = { Type: 'AWS::CloudTrail::EventDataStore', Properties: { Name: 'audit-events', KmsKeyId: keyRef } };
  } else {
    resources.LogsBucket = {
      Type: 'AWS::S3::Bucket',
      Properties: {
        BucketName: BUCKET,
        ...(s.bucketKey ? { BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] } } : {}),
      },
    };
    if (s.bucketPolicy) resources.LogsBucketPolicy = { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'LogsBucket' }, PolicyDocument: s.bucketPolicy } };
    resources.Trail = {
      Type: 'AWS::CloudTrail::Trail',
      DependsOn: s.bucketPolicy ? ['LogsBucketPolicy'] : [],
      Properties: {
        TrailName: TRAIL_NAME, S3BucketName: { Ref: 'LogsBucket' }, IsLogging: true,
        ...(s.prefix ? { S3KeyPrefix: s.prefix } : {}),
        ...(keyRef ? { KMSKeyId: keyRef } : {}),
        ...(s.multiRegion ? { IsMultiRegionTrail: true } : {}),
        ...(s.org ? { IsOrganizationTrail: true } : {}),
      },
    };
    if (s.org) options.orgId = ORG;
  }
  // Short-form tags, as people write them.
  const yaml = stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, { aliasDuplicateObjects: false })
    .replace(/Fn::GetAtt:\n\s+- (\w+)\n\s+- (\w+)/g, '!GetAtt $1.$2')
    .replace(/Ref: (\w+)/g, '!Ref $1');
  files['template.yaml'] = yaml;
  return { files, options };
}

export const RENDERERS = { files: asFiles, terraform: asTerraform, cloudformation: asCloudFormation } as const;
export type InputKind = keyof typeof RENDERERS;
