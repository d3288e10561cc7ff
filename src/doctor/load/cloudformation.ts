// A CloudFormation template as a Setup: AWS::CloudTrail::Trail (KMSKeyId), AWS::KMS::Key (KeyPolicy
// as an object or a string), AWS::KMS::ReplicaKey, AWS::KMS::Alias, AWS::S3::Bucket (BucketEncryption),
// AWS::S3::BucketPolicy and AWS::CloudTrail::EventDataStore (KmsKeyId). Values are evaluated
// symbolically (cfn-eval.ts); resources are linked by their equal evaluated values.

import { createHash } from 'node:crypto';
import { InputError, type BucketSetup, type KeySetup, type PolicyDoc, type Setup, type SourceRef } from '../model.js';
import { findUnknown, isUnknown, Unknown, type Value } from '../values.js';
import { evaluate, type EvalContext, type Pseudo, type ResourceAttrs } from './cfn-eval.js';
import { defaultKeyPolicy } from './default-key-policy.js';
import { policyValue } from './read.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v);

/** Types of the three services we read; another type in their namespaces is a typo or unsupported. */
const KNOWN_TYPES = new Set([
  'AWS::CloudTrail::Trail', 'AWS::CloudTrail::EventDataStore', 'AWS::CloudTrail::Channel', 'AWS::CloudTrail::ResourcePolicy', 'AWS::CloudTrail::Dashboard',
  'AWS::KMS::Key', 'AWS::KMS::Alias', 'AWS::KMS::ReplicaKey',
  'AWS::S3::Bucket', 'AWS::S3::BucketPolicy', 'AWS::S3::AccessPoint', 'AWS::S3::AccessPointPolicy', 'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3::MultiRegionAccessPointPolicy', 'AWS::S3::StorageLens', 'AWS::S3::StorageLensGroup', 'AWS::S3::AccessGrant',
  'AWS::S3::AccessGrantsInstance', 'AWS::S3::AccessGrantsLocation',
]);
const TYPE_SHAPE = /^(?:[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(?:::MODULE)?|Custom::[A-Za-z0-9_@-]+)$/;

export interface TemplateInput {
  file: string;
  template: Obj;
}

/** A stable placeholder per logical id, so that equal references give equal values. */
function hex(id: string, n: number): string {
  return createHash('sha256').update(id).digest('hex').slice(0, n);
}

function uuidOf(id: string): string {
  const h = hex(id, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function parameters(template: Obj, file: string, overrides: ReadonlyMap<string, string>): Obj {
  const out: Obj = {};
  for (const [name, def] of Object.entries(isObj(template.Parameters) ? template.Parameters : {})) {
    const d = isObj(def) ? def : {};
    const given = overrides.get(name);
    const raw = given ?? (d.Default !== undefined ? String(d.Default) : undefined);
    const type = typeof d.Type === 'string' ? d.Type : 'String';
    if (raw === undefined || type.startsWith('AWS::SSM::Parameter::Value')) {
      out[name] = given !== undefined ? given : new Unknown(`parameter \`${name}\` of \`${file}\` (${raw === undefined ? 'no Default' : 'an SSM parameter'}; pass --parameter ${name}=…)`);
    } else out[name] = type.startsWith('List<') || type === 'CommaDelimitedList' ? raw.split(',').map((s) => s.trim()) : raw;
  }
  return out;
}

export function loadCloudFormation(input: TemplateInput, pseudo: Pseudo, overrides: ReadonlyMap<string, string>, setup: Setup): void {
  const { file, template } = input;
  const resources = template.Resources as Obj;
  for (const [id, r] of Object.entries(resources)) {
    const type = isObj(r) ? r.Type : undefined;
    if (typeof type !== 'string' || !TYPE_SHAPE.test(type)) throw new InputError(`\`${file}\`: resource \`${id}\` has no valid Type${typeof type === 'string' ? ` (\`${type}\`)` : ''}`);
    if (/^AWS::(CloudTrail|KMS|S3)::/.test(type) && !KNOWN_TYPES.has(type)) throw new InputError(`\`${file}\`: resource \`${id}\` has an unknown resource type \`${type}\``);
  }
  const attrs = new Map<string, ResourceAttrs>();
  const props = new Map<string, Obj>();
  const ctx: EvalContext = {
    file, pseudo,
    parameters: parameters(template, file, overrides),
    mappings: isObj(template.Mappings) ? template.Mappings : {},
    conditions: isObj(template.Conditions) ? template.Conditions : {},
    resource: (id) => {
      const hit = attrs.get(id);
      if (hit) return hit;
      const r = resources[id];
      if (!isObj(r)) return undefined;
      const a = resourceAttrs(id, r);
      attrs.set(id, a);
      return a;
    },
  };
  const { accountId: account, region, partition, stackName } = pseudo;
  const generated = (id: string) => `${stackName}-${id.toLowerCase()}-${hex(id, 12)}`;
  /** A property evaluated on first use (properties may refer to other resources). */
  const prop = (id: string, name: string): unknown => {
    let p = props.get(id);
    if (!p) {
      const raw = (resources[id] as Obj).Properties;
      p = {};
      props.set(id, p);
      const evaluated = evaluate(isObj(raw) ? raw : {}, ctx);
      Object.assign(p, isObj(evaluated) ? evaluated : {});
    }
    return p[name];
  };
  const str = (id: string, name: string): Value<string> | undefined => {
    const v = prop(id, name);
    return isUnknown(v) ? v : v === undefined || v === null || v === '' ? undefined : String(v);
  };
  function resourceAttrs(id: string, r: Obj): ResourceAttrs {
    switch (r.Type) {
      case 'AWS::S3::Bucket': {
        const name = str(id, 'BucketName') ?? generated(id);
        return { ref: name, attrs: { Arn: isUnknown(name) ? name : `arn:${partition}:s3:::${name}`, DomainName: `${String(name)}.s3.amazonaws.com` } };
      }
      case 'AWS::KMS::Key':
      case 'AWS::KMS::ReplicaKey': {
        const keyId = r.Type === 'AWS::KMS::ReplicaKey' || prop(id, 'MultiRegion') === true ? `mrk-${hex(id, 32)}` : uuidOf(id);
        return { ref: keyId, attrs: { KeyId: keyId, Arn: `arn:${partition}:kms:${region}:${account}:key/${keyId}` } };
      }
      case 'AWS::KMS::Alias':
        return { ref: str(id, 'AliasName') ?? new Unknown(`\`${id}.AliasName\``), attrs: {} };
      case 'AWS::CloudTrail::Trail': {
        const name = str(id, 'TrailName') ?? generated(id);
        return { ref: name, attrs: { Arn: isUnknown(name) ? name : `arn:${partition}:cloudtrail:${region}:${account}:trail/${name}` } };
      }
      case 'AWS::CloudTrail::EventDataStore': {
        const arn = `arn:${partition}:cloudtrail:${region}:${account}:eventdatastore/${uuidOf(id)}`;
        return { ref: arn, attrs: { EventDataStoreArn: arn } };
      }
      default:
        return { ref: new Unknown(`\`Ref ${id}\` (a ${String(r.Type)})`), attrs: {} };
    }
  }

  const source = (id: string, ...path: (string | number)[]): SourceRef => ({ file, path: ['Resources', id, ...path] });
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => isObj(r) && r.Type === type && included(r)).map(([id]) => id);
  /** Resources whose Condition is false are not created. */
  function included(r: unknown): boolean {
    const c = (r as Obj).Condition;
    if (typeof c !== 'string') return true;
    const v = evaluate({ Condition: c }, ctx);
    return isUnknown(v) ? true : Boolean(v);
  }
  const policyOf = (id: string, name: string): Value<PolicyDoc> | undefined => {
    const raw = ((resources[id] as Obj).Properties as Obj | undefined)?.[name];
    if (raw === undefined) return undefined;
    const v = prop(id, name);
    if (isUnknown(v)) return v;
    const label = `${id}.${name}`;
    const document = policyValue(v, `\`${label}\` in \`${file}\``);
    const inner = findUnknown(document);
    if (inner) return inner;
    return { document, label, source: { ...source(id, 'Properties', name), ...(typeof raw === 'string' || (isObj(raw) && 'Fn::Sub' in raw) ? { embedded: true } : {}) } };
  };

  // Keys, with the values a trail may name them by.
  const keys = new Map<string, KeySetup>();
  const keyNames = new Map<string, KeySetup>();
  for (const type of ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey']) {
    for (const id of ofType(type)) {
      const a = ctx.resource(id)!;
      const arn = a.attrs.Arn as string;
      const replica = type === 'AWS::KMS::ReplicaKey';
      const enabled = prop(id, 'Enabled');
      const key: KeySetup = {
        id, arn, region,
        policy: policyOf(id, 'KeyPolicy') ?? { document: defaultKeyPolicy(account, partition), label: `${id} (default key policy)`, isDefault: true, source: source(id) },
        spec: (str(id, 'KeySpec') ?? 'SYMMETRIC_DEFAULT'), usage: (str(id, 'KeyUsage') ?? 'ENCRYPT_DECRYPT'),
        state: isUnknown(enabled) ? enabled : enabled === false || enabled === 'false' ? 'Disabled' : 'Enabled',
        ...(replica ? { multiRegionKeyType: 'REPLICA' as const } : prop(id, 'MultiRegion') === true ? { multiRegionKeyType: 'PRIMARY' as const } : {}),
        source: source(id),
      };
      keys.set(id, key);
      keyNames.set(arn, key).set(a.ref as string, key);
      key.aliases = [a.ref as string];
      setup.keys.push(key);
    }
  }
  for (const id of ofType('AWS::KMS::Alias')) {
    const alias = str(id, 'AliasName');
    const target = str(id, 'TargetKeyId');
    const key = typeof target === 'string' ? keyNames.get(target) : undefined;
    if (key && typeof alias === 'string') {
      const aliasArn = `arn:${partition}:kms:${region}:${account}:${alias}`;
      keyNames.set(alias, key).set(aliasArn, key);
      key.aliases!.push(alias, aliasArn);
    }
  }
  const keyFor = (given: Value<string> | undefined): KeySetup | undefined => (typeof given === 'string' ? keyNames.get(given) : undefined);

  // Buckets and their policies.
  const buckets = new Map<string, BucketSetup>();
  for (const id of ofType('AWS::S3::Bucket')) {
    const name = ctx.resource(id)!.ref as Value<string>;
    const enc = prop(id, 'BucketEncryption');
    const rules = isObj(enc) ? enc.ServerSideEncryptionConfiguration : undefined;
    const bucketKey = isUnknown(rules) ? rules : Array.isArray(rules) ? rules.some((r) => isObj(r) && (r.BucketKeyEnabled === true || r.BucketKeyEnabled === 'true')) : false;
    const b: BucketSetup = { id, name, region, account, policy: null, bucketKeyEnabled: bucketKey, source: source(id) };
    buckets.set(typeof name === 'string' ? name : id, b);
    setup.buckets.push(b);
  }
  for (const id of ofType('AWS::S3::BucketPolicy')) {
    const name = str(id, 'Bucket');
    let b = typeof name === 'string' ? buckets.get(name) : undefined;
    if (!b && typeof name === 'string') {
      // A policy for a bucket of another stack: known by name only.
      b = { id: name, name };
      buckets.set(name, b);
      setup.buckets.push(b);
    }
    if (b) b.policy = policyOf(id, 'PolicyDocument') ?? null;
  }

  for (const id of ofType('AWS::CloudTrail::Trail')) {
    const a = ctx.resource(id)!;
    const bucketName = str(id, 'S3BucketName') ?? new Unknown(`\`${id}.S3BucketName\``);
    let bucket = typeof bucketName === 'string' ? buckets.get(bucketName) : undefined;
    if (!bucket && typeof bucketName === 'string') {
      bucket = { id: bucketName, name: bucketName };
      buckets.set(bucketName, bucket);
      setup.buckets.push(bucket);
    }
    const given = str(id, 'KMSKeyId');
    const key = keyFor(given);
    const isOrg = prop(id, 'IsOrganizationTrail');
    const multi = prop(id, 'IsMultiRegionTrail');
    const validation = prop(id, 'EnableLogFileValidation');
    const bool = (v: unknown): Value<boolean> => (isUnknown(v) ? v : v === true || v === 'true');
    setup.trails.push({
      id, arn: a.attrs.Arn as Value<string>, bucketName, ...(bucket ? { bucket } : {}),
      ...(str(id, 'S3KeyPrefix') !== undefined ? { prefix: str(id, 'S3KeyPrefix')! } : {}),
      ...(given !== undefined ? { keyIdAsGiven: given } : {}),
      ...(key ? { key } : {}),
      isOrganizationTrail: bool(isOrg), isMultiRegionTrail: bool(multi), logFileValidationEnabled: bool(validation),
      source: source(id),
    });
  }
  for (const id of ofType('AWS::CloudTrail::EventDataStore')) {
    const given = str(id, 'KmsKeyId');
    if (given === undefined) continue;
    const key = keyFor(given);
    setup.eventDataStores.push({ id, arn: ctx.resource(id)!.ref as string, keyIdAsGiven: key ? key.arn : given, ...(key ? { key } : {}), source: source(id) });
  }
}
