// Reads a live account into the doctor's Setup: the trails of one Region (DescribeTrails, with the
// shadow trails of multi-Region trails homed elsewhere, and GetTrailStatus), their KMS keys
// (DescribeKey, GetKeyPolicy) and their buckets (GetBucketLocation, GetBucketPolicy,
// GetBucketEncryption). A read the auditor may not make leaves that value Unknown, with a message
// that names the permission, so diagnose() answers "unknown" for what depends on it and checks
// everything else.

import { DescribeTrailsCommand, GetTrailStatusCommand, type Trail } from '@aws-sdk/client-cloudtrail';
import { DescribeKeyCommand, GetKeyPolicyCommand } from '@aws-sdk/client-kms';
import { GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketPolicyCommand } from '@aws-sdk/client-s3';
import { parseKmsArn, parseTrailArn } from '../../policy/cloudtrail/index.js';
import { defaultKeyPolicy } from '../load/default-key-policy.js';
import { emptySetup, type BucketSetup, type KeySetup, type PolicyDoc, type Setup, type TrailSetup, type TrailStatus } from '../model.js';
import { Unknown, type Value } from '../values.js';
import { makeClients, type ClientOptions, type Clients } from './clients.js';
import { AuditError, attempt, type Failure } from './errors.js';

export interface AuditOptions extends ClientOptions {
  /** Trail names or ARNs (DescribeTrails `trailNameList`); none: every trail the Region shows. */
  trails?: string[];
  /** The organization id of organization trails, which DescribeTrails does not return. */
  orgId?: string;
  /** Member accounts of organization trails; none: one representative member is checked. */
  memberAccounts?: string[];
}

type Read<T> = { ok: T } | { failed: Failure };

/** `kms:GetKeyPolicy` is denied (AccessDeniedException: User: … is not authorized …). */
function why(action: string, f: Failure): string {
  return `\`${action}\` ${f.denied ? 'is denied' : 'failed'} (${f.code}: ${f.message})`;
}

/** The auditor's account, when a denial names the caller (KMS and CloudTrail do: `User: arn:aws:iam::<account>:…`). */
function callerAccount(f: Failure): string | undefined {
  return /User: arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(f.message)?.[1];
}

/**
 * An Unknown for a value the auditor could not read. The result shows the whole sentence: what,
 * why (the permission and AWS's error), and what to do (`advice`, for denials).
 */
function unreadable(what: string, action: string, f: Failure, advice: string): Unknown {
  return new Unknown(`${what} (${why(action, f)})`, `cannot be checked: the auditor could not read ${what}: ${why(action, f)}.${f.denied ? ` ${advice}` : ''}`);
}

function parsePolicy(text: string | undefined, label: string): Value<PolicyDoc> {
  try {
    const document = JSON.parse(text ?? '') as unknown;
    if (document !== null && typeof document === 'object' && !Array.isArray(document)) return { document, label };
  } catch {
    // fall through: AWS only stores valid JSON, so this is not an AWS policy.
  }
  return new Unknown(label, `cannot be checked: ${label} is not a JSON policy document.`);
}

/** Structural equality of two JSON values, whatever the order of object members. */
function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

class AccountReader {
  private readonly keys = new Map<string, Promise<KeySetup>>();
  private readonly buckets = new Map<string, Promise<BucketSetup>>();

  constructor(
    private readonly clients: Clients,
    private readonly region: string,
    private readonly options: AuditOptions,
  ) {}

  private run<T>(call: () => Promise<T>): Promise<Read<T>> {
    return attempt(this.options.endpoint, call);
  }

  key(arn: string): Promise<KeySetup> {
    let p = this.keys.get(arn);
    if (!p) this.keys.set(arn, (p = this.readKey(arn)));
    return p;
  }

  bucket(name: string): Promise<BucketSetup> {
    let p = this.buckets.get(name);
    if (!p) this.buckets.set(name, (p = this.readBucket(name)));
    return p;
  }

  private async readKey(arn: string): Promise<KeySetup> {
    const k = parseKmsArn(arn);
    if (!k || k.type !== 'key') {
      // CloudTrail stores the key ARN (aws-behavior.md §0 item 1); anything else cannot be read by Region.
      const u = new Unknown(`the key \`${arn}\``, `cannot be checked: the trail names its key \`${arn}\`, which is not a key arn.`);
      return { id: arn, arn, policy: u, spec: u, state: u };
    }
    const kms = this.clients.kms(k.region);
    const key: KeySetup = { id: arn, arn, region: k.region };
    const [described, policy] = await Promise.all([
      this.run(() => kms.send(new DescribeKeyCommand({ KeyId: arn }))),
      this.run(() => kms.send(new GetKeyPolicyCommand({ KeyId: arn, PolicyName: 'default' }))),
    ]);
    if ('ok' in described) {
      const m = described.ok.KeyMetadata!;
      key.spec = m.KeySpec ?? 'SYMMETRIC_DEFAULT';
      key.usage = m.KeyUsage ?? 'ENCRYPT_DECRYPT';
      if (m.KeyState) key.state = m.KeyState;
      const type = m.MultiRegionConfiguration?.MultiRegionKeyType;
      if (type === 'PRIMARY' || type === 'REPLICA') key.multiRegionKeyType = type;
    } else if (described.failed.code === 'NotFoundException') {
      // A trail whose key was deleted: nothing can be encrypted with it, but no rule of ours says
      // "the key exists", so the facts that need it are unknown with this explanation.
      const u = new Unknown(`the key \`${arn}\``, `cannot be checked: the key \`${arn}\` does not exist (${described.failed.code}: ${described.failed.message}); CloudTrail cannot encrypt this trail's logs with it.`);
      key.spec = u;
      key.state = u;
      key.policy = u;
      return key;
    } else {
      const advice = `Allow the auditor \`kms:DescribeKey\` on the key in its IAM policy${k.account !== callerAccount(described.failed) ? ` and in the key policy (the key belongs to account \`${k.account}\`)` : ''}.`;
      const u = unreadable(`the key spec and state of \`${arn}\``, 'kms:DescribeKey', described.failed, advice);
      key.spec = u;
      key.state = u;
    }
    if ('ok' in policy) {
      const doc = parsePolicy(policy.ok.Policy, `the key policy of \`${arn}\``);
      if (!(doc instanceof Unknown) && sameJson(doc.document, defaultKeyPolicy(k.account, k.partition))) doc.isDefault = true;
      key.policy = doc;
    } else {
      // GetKeyPolicy never works across accounts (KMS API reference, "Cross-account use: No").
      const caller = callerAccount(policy.failed);
      const advice = caller !== undefined && caller !== k.account
        ? `The key belongs to account \`${k.account}\` and GetKeyPolicy does not work across accounts: run the audit with credentials of account \`${k.account}\`.`
        : 'Allow the auditor `kms:GetKeyPolicy` on the key (in the key policy, or in its IAM policy where the key policy delegates to the account).';
      key.policy = unreadable(`the key policy of \`${arn}\``, 'kms:GetKeyPolicy', policy.failed, advice);
    }
    return key;
  }

  private async readBucket(name: string): Promise<BucketSetup> {
    const bucket: BucketSetup = { id: name, name };
    const location = await this.run(() => this.clients.s3(this.region).send(new GetBucketLocationCommand({ Bucket: name })));
    let region = this.region;
    if ('ok' in location) {
      // us-east-1 has an empty LocationConstraint; `EU` is the old name of eu-west-1 (S3 API reference).
      const c = location.ok.LocationConstraint as string | undefined;
      region = !c ? 'us-east-1' : c === 'EU' ? 'eu-west-1' : c;
      bucket.region = region;
    } else if (location.failed.code === 'NoSuchBucket') {
      const u = new Unknown(`the bucket \`${name}\``, `cannot be checked: the bucket \`${name}\` does not exist (NoSuchBucket); CloudTrail cannot deliver this trail's logs to it.`);
      return { ...bucket, region: u, policy: u };
    } else {
      bucket.region = unreadable(`the Region of bucket \`${name}\``, 's3:GetBucketLocation', location.failed, 'Allow the auditor `s3:GetBucketLocation` on the bucket (in its IAM policy, and in the bucket policy for a bucket of another account).');
    }
    const s3 = this.clients.s3(region);
    const [policy, encryption] = await Promise.all([
      this.run(() => s3.send(new GetBucketPolicyCommand({ Bucket: name }))),
      this.run(() => s3.send(new GetBucketEncryptionCommand({ Bucket: name }))),
    ]);
    if ('ok' in policy) bucket.policy = parsePolicy(policy.ok.Policy, `the bucket policy of \`${name}\``);
    else if (policy.failed.code === 'NoSuchBucketPolicy') bucket.policy = null;
    // Only the bucket owner's account may call GetBucketPolicy (S3 API reference), whatever the bucket policy says.
    else bucket.policy = unreadable(`the bucket policy of \`${name}\``, 's3:GetBucketPolicy', policy.failed, 'Allow the auditor `s3:GetBucketPolicy` on the bucket; only principals of the account that owns the bucket may read its policy, so for a bucket of another account run the audit with credentials of that account.');
    if ('ok' in encryption) {
      const rules = encryption.ok.ServerSideEncryptionConfiguration?.Rules ?? [];
      // CloudTrail's SSE-KMS uploads use the bucket's Bucket Key setting (S3UG `bucket-key.md`).
      bucket.bucketKeyEnabled = rules.some((r) => r.BucketKeyEnabled === true);
    } else if (encryption.failed.code === 'ServerSideEncryptionConfigurationNotFoundError') {
      bucket.bucketKeyEnabled = false;
    } else {
      bucket.bucketKeyEnabled = unreadable(`whether bucket \`${name}\` uses an S3 Bucket Key`, 's3:GetEncryptionConfiguration', encryption.failed, 'Allow the auditor `s3:GetEncryptionConfiguration` on the bucket (in its IAM policy, and in the bucket policy for a bucket of another account).');
    }
    return bucket;
  }

  async status(arn: string): Promise<Value<TrailStatus>> {
    const r = await this.run(() => this.clients.cloudtrail().send(new GetTrailStatusCommand({ Name: arn })));
    if ('failed' in r) return unreadable(`the status of trail \`${arn}\``, 'cloudtrail:GetTrailStatus', r.failed, 'Allow the auditor `cloudtrail:GetTrailStatus` on the trail.');
    return {
      isLogging: r.ok.IsLogging === true,
      ...(r.ok.LatestDeliveryError ? { latestDeliveryError: r.ok.LatestDeliveryError } : {}),
      ...(r.ok.LatestDigestDeliveryError ? { latestDigestDeliveryError: r.ok.LatestDigestDeliveryError } : {}),
    };
  }

  async trail(t: Trail): Promise<TrailSetup> {
    const arn = t.TrailARN!;
    const setup: TrailSetup = {
      id: arn,
      arn,
      bucketName: t.S3BucketName!,
      ...(t.S3KeyPrefix ? { prefix: t.S3KeyPrefix } : {}),
      isMultiRegionTrail: t.IsMultiRegionTrail === true,
      logFileValidationEnabled: t.LogFileValidationEnabled === true,
      isOrganizationTrail: t.IsOrganizationTrail === true,
    };
    if (t.IsOrganizationTrail) {
      setup.organizationId = this.options.orgId ?? new Unknown(
        'the organization id of the organization trail (pass --org-id o-…)',
        'cannot be checked: DescribeTrails does not return the organization id that organization trails write under (`AWSLogs/<o-id>/`); pass --org-id o-….',
      );
      if (this.options.memberAccounts?.length) setup.memberAccounts = this.options.memberAccounts;
    }
    const [bucket, key, status] = await Promise.all([
      this.bucket(t.S3BucketName!),
      t.KmsKeyId ? this.key(t.KmsKeyId) : Promise.resolve(undefined),
      this.status(arn),
    ]);
    setup.bucket = bucket;
    if (t.KmsKeyId) {
      setup.keyIdAsGiven = t.KmsKeyId;
      setup.key = key;
    }
    setup.status = status;
    return setup;
  }
}

/** Reads the trails of the Region, their keys and buckets, into a Setup for diagnose(). */
export async function readAccount(options: AuditOptions): Promise<Setup> {
  const clients = makeClients(options);
  try {
    const region = await clients.region().catch((e: Error) => {
      throw new AuditError(/Region is missing/i.test(e.message) ? 'no Region: pass --region or set AWS_REGION' : `no Region: ${e.message}`);
    });
    const reader = new AccountReader(clients, region, options);
    const listed = await attempt(options.endpoint, () =>
      clients.cloudtrail().send(new DescribeTrailsCommand({ includeShadowTrails: true, ...(options.trails?.length ? { trailNameList: options.trails } : {}) })),
    );
    if ('failed' in listed) {
      const f = listed.failed;
      throw new AuditError(f.denied ? `cannot list the trails: \`cloudtrail:DescribeTrails\` is denied (${f.code}: ${f.message})` : `cannot list the trails: ${f.code}: ${f.message}`);
    }
    // A multi-Region trail is listed once, however many of its shadow trails the Region shows.
    const seen = new Set<string>();
    const trails = (listed.ok.trailList ?? []).filter((t) => t.TrailARN && parseTrailArn(t.TrailARN) && !seen.has(t.TrailARN) && seen.add(t.TrailARN));
    if (options.trails?.length) {
      // DescribeTrails ignores names it does not know; say which instead of auditing less than asked.
      const missing = options.trails.filter((n) => !trails.some((t) => t.TrailARN === n || t.Name === n));
      if (missing.length) throw new AuditError(`no trail ${missing.map((n) => `\`${n}\``).join(', ')} in ${region} (names find trails of this Region; give an arn for others)`);
    }
    const setup = emptySetup();
    setup.inputs.push({ kind: 'account', file: options.endpoint ? `${region} at ${options.endpoint}` : region, text: '' });
    setup.trails = await Promise.all(trails.map((t) => reader.trail(t)));
    // Keys and buckets in the order the trails name them, each once.
    for (const t of setup.trails) {
      if (t.bucket && !setup.buckets.includes(t.bucket)) setup.buckets.push(t.bucket);
      if (t.key && !setup.keys.includes(t.key)) setup.keys.push(t.key);
    }
    return setup;
  } finally {
    clients.destroy();
  }
}
