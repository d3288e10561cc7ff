// A Terraform plan (`terraform show -json plan.out`) as a Setup: aws_cloudtrail,
// aws_cloudtrail_event_data_store, aws_kms_key (`policy`), aws_kms_key_policy, aws_kms_replica_key,
// aws_s3_bucket (and its v3 inline `policy`/`server_side_encryption_configuration`),
// aws_s3_bucket_policy and aws_s3_bucket_server_side_encryption_configuration. Resources are linked
// by the configuration's references, or by equal values; values unknown until apply stay Unknown.

import { InputError, type BucketSetup, type InputFile, type KeySetup, type PolicyDoc, type Setup, type SourceRef } from '../model.js';
import { isUnknown, Unknown, type Value } from '../values.js';
import { defaultKeyPolicy } from './default-key-policy.js';
import type { DoctorOptions } from './options.js';
import { policyValue } from './read.js';
import { Plan, type TfResource } from './terraform-plan.js';

type Obj = Record<string, unknown>;

class TerraformSetup {
  private readonly keys = new Map<TfResource, KeySetup>();
  private readonly buckets = new Map<TfResource, BucketSetup>();

  constructor(
    private readonly plan: Plan,
    private readonly setup: Setup,
    private readonly options: DoctorOptions,
  ) {}

  private source(r: TfResource, attribute?: string, embedded = false): SourceRef {
    return { file: this.plan.file, path: [...r.path, ...(attribute ? ['values', attribute] : [])], ...(embedded ? { embedded } : {}) };
  }

  private str(r: TfResource, name: string): Value<string | undefined> {
    const v = this.plan.attr(r, name);
    if (isUnknown(v)) return v;
    return typeof v === 'string' && v !== '' ? v : undefined;
  }

  private bool(r: TfResource, name: string, fallback: boolean): Value<boolean> {
    const v = this.plan.attr(r, name);
    if (isUnknown(v)) return v;
    return typeof v === 'boolean' ? v : fallback;
  }

  region(r: TfResource): Value<string> {
    const fromData = this.plan.dataFor('aws_region', r.providerKey).map((d) => d.values.name ?? d.values.region).find((x) => typeof x === 'string');
    const region = this.plan.providerRegion(r.providerKey) ?? (fromData as string | undefined) ?? this.options.region;
    return region ?? new Unknown(`the Region of provider \`${r.providerKey}\` (set its \`region\` or pass --region)`);
  }

  account(r: TfResource): Value<string> {
    const assumed = this.plan.providerAssumedAccount(r.providerKey);
    if (assumed) return assumed;
    const ids = this.plan.dataFor('aws_caller_identity', r.providerKey).map((d) => d.values.account_id).filter((x): x is string => typeof x === 'string');
    if (ids.length) return ids[0];
    const all = this.plan.ofType('aws_caller_identity', 'data').map((d) => d.values.account_id).filter((x): x is string => typeof x === 'string');
    if (all.length === 1 && !this.multiAccount()) return all[0];
    return this.options.account ?? new Unknown(`the account of provider \`${r.providerKey}\` (add \`data "aws_caller_identity"\` or pass --account)`);
  }

  private multiAccount(): boolean {
    return this.plan.resources.some((r) => this.plan.providerAssumedAccount(r.providerKey) !== undefined);
  }

  /** A policy attribute: the document, Unknown until apply, or undefined when not set. */
  private policy(r: TfResource, name: string): Value<PolicyDoc> | undefined {
    const v = this.plan.attr(r, name);
    if (isUnknown(v)) return v;
    if (typeof v !== 'string' || v === '') return undefined;
    const label = `${r.address}.${name}`;
    const document = policyValue(v, `\`${label}\` in \`${this.plan.file}\``);
    return { document, label, source: this.source(r, name, true) };
  }

  /** The resource of `type` an attribute refers to, by reference or by an equal value of `match`. */
  private linked(from: TfResource, name: string, type: string, match: (r: TfResource, value: string) => boolean): TfResource | undefined {
    const byRef = this.plan.references(from, name).find((t) => t.resource.type === type);
    if (byRef) return byRef.resource;
    const v = this.plan.attr(from, name);
    if (typeof v !== 'string') return undefined;
    return this.plan.ofType(type).find((r) => match(r, v));
  }

  key(r: TfResource): KeySetup {
    const hit = this.keys.get(r);
    if (hit) return hit;
    const region = this.region(r);
    const account = this.account(r);
    const planned = this.str(r, 'arn');
    // A new key's ARN is only known after apply; key policies name their key as "*", so a symbolic
    // ARN in the right account and Region decides the same.
    const arn: Value<string> = typeof planned === 'string' ? planned
      : isUnknown(region) ? region : isUnknown(account) ? account : `arn:aws:kms:${region}:${account}:key/${r.address}`;
    const replica = r.type === 'aws_kms_replica_key';
    let policy: Value<PolicyDoc> | undefined = this.policy(r, 'policy');
    const attachment = this.plan.ofType('aws_kms_key_policy').find((p) => this.linked(p, 'key_id', r.type, (k, v) => k.values.key_id === v || k.values.arn === v || k.values.id === v) === r);
    if (attachment) policy = this.policy(attachment, 'policy') ?? policy;
    // Unset `policy` with no expression behind it: KMS attaches the default key policy (aws-behavior.md §6.2).
    if (isUnknown(policy) && !r.expressions.policy && !attachment) policy = undefined;
    if (policy === undefined && !attachment) {
      policy = isUnknown(account) ? account : { document: defaultKeyPolicy(account), label: `${r.address} (default key policy)`, isDefault: true, source: this.source(r) };
    }
    const spec = this.str(r, 'customer_master_key_spec');
    const usage = this.str(r, 'key_usage');
    const enabled = this.bool(r, 'is_enabled', true);
    const key: KeySetup = {
      id: r.address, arn, symbolicArn: typeof planned !== 'string', region, policy,
      spec: spec ?? 'SYMMETRIC_DEFAULT', usage: usage ?? 'ENCRYPT_DECRYPT',
      state: isUnknown(enabled) ? enabled : enabled ? 'Enabled' : 'Disabled',
      ...(replica ? { multiRegionKeyType: 'REPLICA' as const } : this.plan.attr(r, 'multi_region') === true ? { multiRegionKeyType: 'PRIMARY' as const } : {}),
      source: this.source(r),
    };
    this.keys.set(r, key);
    this.setup.keys.push(key);
    return key;
  }

  /** The key a `kms_key_id` attribute names: a planned key, an alias's target, or undefined (external key). */
  keyOf(from: TfResource, name: string): KeySetup | undefined {
    const keyTypes = ['aws_kms_key', 'aws_kms_replica_key'];
    for (const t of this.plan.references(from, name)) {
      if (keyTypes.includes(t.resource.type)) return this.key(t.resource);
      if (t.resource.type === 'aws_kms_alias') {
        const target = this.plan.references(t.resource, 'target_key_id').find((x) => keyTypes.includes(x.resource.type));
        if (target) return this.key(target.resource);
      }
    }
    const v = this.plan.attr(from, name);
    if (typeof v !== 'string') return undefined;
    const hit = this.plan.resources.find((r) => keyTypes.includes(r.type) && (r.values.arn === v || r.values.key_id === v));
    return hit ? this.key(hit) : undefined;
  }

  bucket(r: TfResource): BucketSetup {
    const hit = this.buckets.get(r);
    if (hit) return hit;
    const name = this.str(r, 'bucket');
    // The v3 inline `policy` is computed in v4+: unknown without an expression means "none set here".
    const inline = this.policy(r, 'policy');
    const bucket: BucketSetup = {
      id: r.address, name: name ?? new Unknown(`\`${r.address}.bucket\``), region: this.region(r), account: this.account(r),
      policy: isUnknown(inline) && !r.expressions.policy ? null : (inline ?? null), source: this.source(r),
    };
    // v3 inline encryption block, then the v4 resource.
    const sse = this.plan.attr(r, 'server_side_encryption_configuration');
    const rule = Array.isArray(sse) ? ((sse[0] as Obj | undefined)?.rule as Obj[] | undefined)?.[0] : undefined;
    if (rule && typeof rule.bucket_key_enabled === 'boolean') bucket.bucketKeyEnabled = rule.bucket_key_enabled;
    this.buckets.set(r, bucket);
    this.setup.buckets.push(bucket);
    return bucket;
  }

  /** Bucket policies and encryption configurations, attached to the planned buckets they name. */
  attachBucketResources(): void {
    const matchBucket = (b: TfResource, v: string) => b.values.bucket === v || b.values.id === v;
    for (const p of this.plan.ofType('aws_s3_bucket_policy')) {
      const b = this.linked(p, 'bucket', 'aws_s3_bucket', matchBucket);
      const bucket = b ? this.bucket(b) : this.externalBucket(p);
      if (bucket) bucket.policy = this.policy(p, 'policy') ?? null;
    }
    for (const c of this.plan.ofType('aws_s3_bucket_server_side_encryption_configuration')) {
      const b = this.linked(c, 'bucket', 'aws_s3_bucket', matchBucket);
      const bucket = b ? this.bucket(b) : this.externalBucket(c);
      if (!bucket) continue;
      const rules = this.plan.attr(c, 'rule');
      if (isUnknown(rules)) bucket.bucketKeyEnabled = new Unknown(`\`${c.address}.rule\``);
      else if (Array.isArray(rules)) bucket.bucketKeyEnabled = rules.some((x) => (x as Obj).bucket_key_enabled === true);
    }
  }

  private readonly external = new Map<string, BucketSetup>();

  /** A bucket the plan does not create, known by name (central logging buckets). */
  externalBucket(from: TfResource, name = this.str(from, 'bucket')): BucketSetup | undefined {
    if (typeof name !== 'string') return undefined;
    let b = this.external.get(name);
    if (!b) {
      b = { id: name, name };
      this.external.set(name, b);
      this.setup.buckets.push(b);
    }
    return b;
  }

  trails(): void {
    for (const r of this.plan.ofType('aws_cloudtrail')) {
      const name = this.str(r, 'name');
      const region = this.region(r);
      const account = this.account(r);
      const planned = this.str(r, 'arn');
      const arn: Value<string> = typeof planned === 'string' ? planned
        : isUnknown(name) ? name : name === undefined ? new Unknown(`\`${r.address}.name\``)
        : isUnknown(region) ? region : isUnknown(account) ? account : `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
      const b = this.linked(r, 's3_bucket_name', 'aws_s3_bucket', (x, v) => x.values.bucket === v || x.values.id === v);
      const bucket = b ? this.bucket(b) : this.externalBucket(r, this.str(r, 's3_bucket_name') as string | undefined);
      // A bucket name unknown until apply is usually the planned bucket's: the reference names it.
      const bucketName = bucket ? bucket.name : (this.str(r, 's3_bucket_name') ?? new Unknown(`\`${r.address}.s3_bucket_name\``));
      const keyIdAsGiven = this.str(r, 'kms_key_id');
      const key = this.keyOf(r, 'kms_key_id');
      const isOrg = this.bool(r, 'is_organization_trail', false);
      const org = this.plan.dataFor('aws_organizations_organization', r.providerKey).map((d) => d.values.id).find((x) => typeof x === 'string')
        ?? this.plan.ofType('aws_organizations_organization', 'data').map((d) => d.values.id).find((x) => typeof x === 'string');
      const prefix = this.str(r, 's3_key_prefix');
      this.setup.trails.push({
        id: r.address, arn, bucketName, ...(bucket ? { bucket } : {}),
        ...(prefix !== undefined ? { prefix } : {}),
        ...(keyIdAsGiven !== undefined ? { keyIdAsGiven: key && isUnknown(keyIdAsGiven) ? key.arn : keyIdAsGiven } : key ? { keyIdAsGiven: key.arn } : {}),
        ...(key ? { key } : {}),
        isOrganizationTrail: isOrg,
        ...(typeof org === 'string' ? { organizationId: org } : {}),
        isMultiRegionTrail: this.bool(r, 'is_multi_region_trail', false),
        logFileValidationEnabled: this.bool(r, 'enable_log_file_validation', false),
        source: this.source(r),
      });
    }
  }

  eventDataStores(): void {
    for (const r of this.plan.ofType('aws_cloudtrail_event_data_store')) {
      const keyIdAsGiven = this.str(r, 'kms_key_id');
      if (keyIdAsGiven === undefined) continue; // AWS-owned key: nothing of ours to check
      const key = this.keyOf(r, 'kms_key_id');
      const region = this.region(r);
      const account = this.account(r);
      const planned = this.str(r, 'arn');
      const arn: Value<string> = typeof planned === 'string' ? planned
        : isUnknown(region) ? region : isUnknown(account) ? account : `arn:aws:cloudtrail:${region}:${account}:eventdatastore/${r.address}`;
      this.setup.eventDataStores.push({
        id: r.address, arn, keyIdAsGiven: key && isUnknown(keyIdAsGiven) ? key.arn : keyIdAsGiven, ...(key ? { key } : {}),
        ...(this.options.caller ? { callerArn: this.options.caller } : {}), source: this.source(r),
      });
    }
  }

  /** Keys no trail uses are still linted and their readers listed. */
  remainingKeys(): void {
    for (const r of [...this.plan.ofType('aws_kms_key'), ...this.plan.ofType('aws_kms_replica_key')]) this.key(r);
  }
}

export function loadTerraform(input: InputFile, json: unknown, options: DoctorOptions, setup: Setup): void {
  const plan = new Plan(json as Obj, input.file);
  const known = ['aws_cloudtrail', 'aws_cloudtrail_event_data_store', 'aws_kms_key', 'aws_kms_key_policy', 'aws_kms_replica_key', 'aws_s3_bucket', 'aws_s3_bucket_policy', 'aws_s3_bucket_server_side_encryption_configuration'];
  if (!plan.resources.some((r) => known.includes(r.type))) {
    throw new InputError(`\`${input.file}\` has none of the resources the doctor checks (${known.join(', ')})`);
  }
  const t = new TerraformSetup(plan, setup, options);
  for (const b of plan.ofType('aws_s3_bucket')) t.bucket(b);
  t.attachBucketResources();
  t.trails();
  t.eventDataStores();
  t.remainingKeys();
}
