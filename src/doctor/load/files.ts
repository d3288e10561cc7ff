// Input from policy files and flags: `--key-policy kp.json --bucket-policy bp.json --trail-arn ARN …`.
// Also fills what a plan or template lacks (a central bucket's policy kept elsewhere, an org id).

import { parseEventDataStoreArn, parseKmsArn, parseTrailArn } from '../../policy/cloudtrail/index.js';
import { emptySetup, InputError, type BucketSetup, type KeySetup, type PolicyDoc, type Setup, type TrailSetup } from '../model.js';
import { isUnknown } from '../values.js';
import type { DoctorOptions, ReadFile } from './options.js';
import { parseJson, readText } from './read.js';

const ACCOUNT = /^\d{12}$/;

export interface PolicyFiles {
  key?: PolicyDoc;
  bucket?: PolicyDoc;
}

export async function readPolicyFiles(options: DoctorOptions, read: ReadFile, setup: Setup): Promise<PolicyFiles> {
  const out: PolicyFiles = {};
  for (const [flag, file, slot] of [['--key-policy', options.keyPolicy, 'key'], ['--bucket-policy', options.bucketPolicy, 'bucket']] as const) {
    if (!file) continue;
    const input = await readText(read, file, 'policy');
    setup.inputs.push(input);
    const document = parseJson(input, `${flag}`);
    if (document === null || typeof document !== 'object' || Array.isArray(document)) throw new InputError(`\`${file}\` (${flag}) is not a policy: expected a JSON object`);
    out[slot] = { document, source: { file, path: [] }, label: file };
  }
  return out;
}

/** Every string in a document (to find the bucket and key a policy names). */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

function bucketNamedBy(policy: PolicyDoc | undefined): string | undefined {
  for (const s of strings(policy?.document)) {
    const m = /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/|$)/.exec(s);
    if (m) return m[1];
  }
  return undefined;
}

function keyNamedBy(policy: PolicyDoc | undefined): string | undefined {
  return strings(policy?.document).find((s) => parseKmsArn(s)?.type === 'key' && !s.includes('*'));
}

function checkAccount(flag: string, v: string | undefined): void {
  if (v !== undefined && !ACCOUNT.test(v)) throw new InputError(`${flag} \`${v}\` is not a 12-digit account id`);
}

/** The setup described by flags alone. */
export function setupFromFlags(options: DoctorOptions, policies: PolicyFiles, setup: Setup = emptySetup()): Setup {
  checkAccount('--bucket-account', options.bucketAccount);
  for (const m of options.memberAccounts ?? []) checkAccount('--member-account', m);
  if (options.orgId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(options.orgId)) throw new InputError(`--org-id \`${options.orgId}\` is not an organization id (o-…)`);
  const trail = options.trailArn ? parseTrailArn(options.trailArn) : null;
  if (options.trailArn && !trail) throw new InputError(`--trail-arn \`${options.trailArn}\` is not a trail arn (arn:aws:cloudtrail:<region>:<account>:trail/<name>)`);
  const store = options.eventDataStoreArn ? parseEventDataStoreArn(options.eventDataStoreArn) : null;
  if (options.eventDataStoreArn && !store) throw new InputError(`--event-data-store-arn \`${options.eventDataStoreArn}\` is not an event data store arn`);
  if (options.keyArn && parseKmsArn(options.keyArn)?.type !== 'key') throw new InputError(`--key-arn \`${options.keyArn}\` is not a kms key arn (arn:aws:kms:<region>:<account>:key/<id>)`);

  const home = trail ?? store;
  let key: KeySetup | undefined;
  if (policies.key || options.keyArn) {
    const region = options.keyRegion ?? options.bucketRegion ?? home?.region ?? 'us-east-1';
    const account = home?.account ?? '111111111111';
    // Without --key-arn, a key ARN the policy names is the key; else one of the trail's account stands for it.
    const arn = options.keyArn ?? keyNamedBy(policies.key) ?? `arn:aws:kms:${region}:${account}:key/00000000-0000-0000-0000-000000000000`;
    key = {
      id: policies.key?.label ?? arn, arn, symbolicArn: !options.keyArn && !keyNamedBy(policies.key), region: options.keyRegion ?? parseKmsArn(arn)!.region, policy: policies.key,
      ...(options.keySpec ? { spec: options.keySpec } : {}), ...(options.keyState ? { state: options.keyState } : {}),
    };
    setup.keys.push(key);
  }
  const name = options.bucket ?? bucketNamedBy(policies.bucket);
  let bucket: BucketSetup | undefined;
  if (name) {
    bucket = {
      id: name, name, policy: policies.bucket,
      ...(options.bucketRegion ? { region: options.bucketRegion } : {}), ...(options.bucketAccount ? { account: options.bucketAccount } : {}),
      ...(options.bucketKey ? { bucketKeyEnabled: true } : {}),
    };
    setup.buckets.push(bucket);
  } else if (policies.bucket) {
    setup.buckets.push({ id: policies.bucket.label, name: policies.bucket.label, policy: policies.bucket });
  }
  if (trail) {
    if (!bucket) throw new InputError('--bucket is required with --trail-arn (or a --bucket-policy that names the bucket)');
    const t: TrailSetup = {
      id: options.trailArn!, arn: options.trailArn!, bucketName: bucket.name, bucket,
      ...(options.prefix ? { prefix: options.prefix } : {}),
      ...(key ? { key, keyIdAsGiven: key.arn } : {}),
      isOrganizationTrail: options.orgId !== undefined,
      ...(options.orgId ? { organizationId: options.orgId } : {}),
      ...(options.memberAccounts?.length ? { memberAccounts: options.memberAccounts } : {}),
      isMultiRegionTrail: options.multiRegion ?? false,
      logFileValidationEnabled: options.logFileValidation ?? false,
    };
    setup.trails.push(t);
  }
  if (store && key) {
    setup.eventDataStores.push({ id: options.eventDataStoreArn!, arn: options.eventDataStoreArn!, keyIdAsGiven: key.arn, key, ...(options.caller ? { callerArn: options.caller } : {}) });
  } else if (store) throw new InputError('--event-data-store-arn needs --key-policy or --key-arn');
  return setup;
}

/** Fills what a plan or template leaves out with the flags (policies kept elsewhere, org id, Regions). */
export function applyFlags(setup: Setup, options: DoctorOptions, policies: PolicyFiles): void {
  for (const t of setup.trails) {
    if (policies.bucket) {
      if (!t.bucket) {
        t.bucket = { id: isUnknown(t.bucketName) ? policies.bucket.label : t.bucketName, name: t.bucketName, policy: policies.bucket };
        setup.buckets.push(t.bucket);
      } else if (t.bucket.policy === undefined) t.bucket.policy = policies.bucket;
    }
    if (t.bucket && options.bucketRegion && t.bucket.region === undefined) t.bucket.region = options.bucketRegion;
    if (t.bucket && options.bucketAccount && t.bucket.account === undefined) t.bucket.account = options.bucketAccount;
    if (t.bucket && options.bucketKey) t.bucket.bucketKeyEnabled = true;
    if (policies.key && t.key && t.key.policy === undefined) t.key.policy = policies.key;
    if (policies.key && !t.key && t.keyIdAsGiven !== undefined) {
      const arn = options.keyArn ?? (isUnknown(t.keyIdAsGiven) ? undefined : t.keyIdAsGiven);
      if (arn && parseKmsArn(arn)?.type === 'key') {
        t.key = { id: policies.key.label, arn, region: parseKmsArn(arn)!.region, policy: policies.key };
        setup.keys.push(t.key);
      }
    }
    if (options.orgId && (t.organizationId === undefined || isUnknown(t.organizationId))) t.organizationId = options.orgId;
    if (options.memberAccounts?.length && !t.memberAccounts) t.memberAccounts = options.memberAccounts;
  }
  for (const s of setup.eventDataStores) {
    if (policies.key && s.key && s.key.policy === undefined) s.key.policy = policies.key;
    if (options.caller && !s.callerArn) s.callerArn = options.caller;
  }
}
