// The differential test of issue 6: the doctor's verdict agrees with the emulator's CreateTrail and
// UpdateTrail on every case. Each rule case (src/doctor/testing/rule-cases.ts), the documented
// policies (src/policy/cloudtrail/documented-policies.ts) and a set of probes of our own are applied
// through the AWS SDK to one started server: a key with the policy, a bucket with the policy and
// encryption settings, then CreateTrail, and UpdateTrail onto the same configuration from a trail
// that started valid. Then:
// - the doctor (from policy files with flags, and from the Terraform plan and CloudFormation template
//   the case renders to) reports a create-stage failure ⇔ the emulator refuses, with the same
//   exception (InsufficientS3BucketPolicyException, KmsKeyNotFoundException, KmsException,
//   InsufficientEncryptionPolicyException);
// - the doctor reports a policy AWS refuses to store (TK043, TK044) ⇔ KMS or S3 refuses it;
// - on every trail the emulator accepts, `trailkey audit` reads back what `trailkey check` finds.
import { CloudTrailClient, CreateTrailCommand, DeleteTrailCommand, UpdateTrailCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, KMSClient, PutKeyPolicyCommand, ScheduleKeyDeletionCommand, type KeySpec, type KeyUsageType,
} from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketPolicyCommand, S3Client, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrailError, diagnose, loadInputs, runAudit, runDoctor, type DoctorOptions, type Report } from '../../src/doctor/index.js';
import { ALL, CASES } from '../../src/doctor/testing/rule-cases.js';
import {
  A, BUCKET, bucketPolicy, CT, encrypt, keyArn as scenarioKeyArn, keyPolicy, ORG, OTHER, REGION, RENDERERS, replace, TRAIL_NAME, without, write,
  type InputKind, type Policy, type Scenario,
} from '../../src/doctor/testing/scenarios.js';
import * as documented from '../../src/policy/cloudtrail/documented-policies.js';
import type { RunningServer } from '../../src/server/index.js';
import { clientConfig, rootOf, startServer } from './harness.js';

/** A scenario and where it is applied. */
interface DiffCase {
  name: string;
  s: Scenario;
  /** Input kinds the doctor reads the case from; `files` is rendered here, naming the key the emulator made. */
  kinds: InputKind[];
  trailName?: string;
  bucket?: string;
  bucketRegion?: string;
  /** The bucket owner, when not the trail's account (central logging). */
  bucketAccount?: string;
  /** How the trail names a key of its own account: by an alias or its bare key id, not its ARN. */
  keyRef?: 'alias' | 'id';
  keyUsage?: KeyUsageType;
  pendingDeletion?: boolean;
}

const trailArnOf = (name: string) => `arn:aws:cloudtrail:${REGION}:${A}:trail/${name}`;

// ---- the cases --------------------------------------------------------------------------------------

// Lake event data stores and multi-Region replica keys cannot be applied: the emulator has no
// CreateEventDataStore and no ReplicateKey (README, Services). Rules only `trailkey audit` reports
// (kinds: []) have no configuration of their own.
const applicable = (s: Scenario) => !s.lake && !s.replica && !s.replicaWithoutPolicy;

const ruleCases: DiffCase[] = CASES.filter((c) => (c.kinds ?? ALL).length > 0).flatMap((c) =>
  (['pass', 'fail'] as const).filter((which) => applicable(c[which])).map((which) => ({ name: `${c.rule} ${which}`, s: c[which], kinds: c.kinds ?? ALL })),
);

const base = (): Scenario => ({ keyPolicy: keyPolicy(), bucketPolicy: bucketPolicy() });
const TRAIL = trailArnOf(TRAIL_NAME);
const docTrail = documented.TRAIL.split('/')[1];
const docKey = documented.keyPolicy() as unknown as Policy;
const docBucket = documented.bucketPolicy() as unknown as Policy;
const bucketKeyDecrypt = { Sid: 'AllowCloudTrailBucketKeyDecrypt', Effect: 'Allow', Principal: CT, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': TRAIL } } };
const aclCheck = (condition: Record<string, unknown>) => ({ Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: CT, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${BUCKET}`, Condition: condition });
const bucketWith = (condition: Record<string, string>): Policy => ({
  Version: '2012-10-17',
  Statement: [aclCheck({ StringEquals: condition }), write([`AWSLogs/${A}`], { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...condition } })],
});

/** Probes beyond the rule cases: the documented policies, and the facts the emulator reads from its own state. */
const probes: DiffCase[] = [
  { name: 'the documented policies', s: { keyPolicy: docKey, bucketPolicy: docBucket }, kinds: ['files'], trailName: docTrail, bucket: documented.BUCKET },
  // aws-behavior.md §3: a trail whose name is not the aws:SourceArn of the bucket policy is refused [OBS aws/aws-cdk#31400].
  { name: "the documented policies and another trail's name", s: { keyPolicy: docKey, bucketPolicy: docBucket }, kinds: ['files'], trailName: 'other-trail', bucket: documented.BUCKET },
  { name: 'a multi-Region trail', s: { ...base(), multiRegion: true }, kinds: ['files'] },
  { name: 'the key named by an alias of the trail account', s: base(), kinds: ['files'], keyRef: 'alias' },
  { name: 'the key named by its bare key id', s: base(), kinds: ['files'], keyRef: 'id' },
  // Aliases and key ids resolve in the Region the trail is created in (destination.ts).
  { name: 'a key in the bucket Region eu-west-1 named by an alias, the trail in us-east-1', s: { ...base(), keyRegion: 'eu-west-1' }, kinds: ['files'], bucketRegion: 'eu-west-1', keyRef: 'alias' },
  { name: 'a key in the bucket Region eu-west-1 named by its key id, the trail in us-east-1', s: { ...base(), keyRegion: 'eu-west-1' }, kinds: ['files'], bucketRegion: 'eu-west-1', keyRef: 'id' },
  { name: 'a key pending deletion', s: base(), kinds: ['files'], pendingDeletion: true },
  { name: 'an RSA key for ENCRYPT_DECRYPT', s: { ...base(), keySpec: 'RSA_2048' }, kinds: ['files'], keyUsage: 'ENCRYPT_DECRYPT' },
  { name: 'an S3 Bucket Key without DescribeKey', s: { ...base(), bucketKey: true, keyPolicy: without(keyPolicy(bucketKeyDecrypt), 'AllowCloudTrailDescribeKey') }, kinds: ['files'] },
  { name: 'an S3 Bucket Key with Decrypt and DescribeKey', s: { ...base(), bucketKey: true, keyPolicy: keyPolicy(bucketKeyDecrypt) }, kinds: ['files'] },
  { name: 'a bucket without a policy', s: { ...base(), bucketPolicy: null }, kinds: ['files'] },
  // aws-behavior.md §0 item 6: the key must be in the bucket's Region, not necessarily the trail's.
  { name: 'the key and the bucket in eu-west-1, the trail in us-east-1', s: { ...base(), keyRegion: 'eu-west-1' }, kinds: ['files'], bucketRegion: 'eu-west-1' },
  { name: 'the bucket in eu-west-1, the key in the trail Region', s: base(), kinds: ['files'], bucketRegion: 'eu-west-1' },
  // aws-behavior.md §2.5: condition key names are case-insensitive.
  {
    name: 'condition keys written `AWS:SourceArn`',
    s: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowCloudTrailEncrypt', encrypt({ StringEquals: { 'AWS:SourceArn': TRAIL } })), bucketPolicy: bucketWith({ 'AWS:SourceArn': TRAIL }) },
    kinds: ['files'],
  },
  {
    name: 'aws:SourceAccount instead of aws:SourceArn',
    s: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowCloudTrailEncrypt', encrypt({ StringEquals: { 'aws:SourceAccount': A } })), bucketPolicy: bucketWith({ 'aws:SourceAccount': A }) },
    kinds: ['files'],
  },
  // kms:CallerAccount is not sent with CloudTrail's requests (aws-behavior.md §0.1 item 8; requests.ts).
  { name: 'kms:CallerAccount as the only condition of the encrypt statement', s: { ...base(), keyPolicy: replace(keyPolicy(), 'AllowCloudTrailEncrypt', encrypt({ StringEquals: { 'kms:CallerAccount': A } })) }, kinds: ['files'] },
  {
    name: 'a Deny of every other aws:SourceArn on the key',
    s: { ...base(), keyPolicy: keyPolicy({ Sid: 'DenyOtherSources', Effect: 'Deny', Principal: CT, Action: 'kms:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceArn': TRAIL } } }) },
    kinds: ['files'],
  },
  { name: 'a central bucket of another account', s: base(), kinds: ['files'], bucketAccount: OTHER },
  { name: 'a key of another account named by its key arn', s: { ...base(), keyAccount: OTHER }, kinds: ['files'] },
  { name: 'an organization trail with a prefix', s: { ...base(), org: true, prefix: 'org', bucketPolicy: bucketPolicy([`org/AWSLogs/${A}`, `org/AWSLogs/${ORG}`]) }, kinds: ['files'] },
  { name: "an organization trail whose bucket policy has only the account's own folder", s: { ...base(), org: true }, kinds: ['files'] },
  // The order of the checks (aws-behavior.md §2.4): the bucket policy (step 9) before the key (10-12).
  { name: 'a disabled key and a bucket policy for another prefix', s: { ...base(), prefix: 'logs', keyDisabled: true }, kinds: ['files'] },
  { name: "a key in another Region than the bucket and a bucket policy for another prefix", s: { ...base(), prefix: 'logs', keyRegion: 'eu-west-1' }, kinds: ['files'] },
  {
    name: "an alias of another account's key and a bucket policy for another prefix",
    s: { ...base(), prefix: 'logs', keyAccount: OTHER, keyNamedBy: 'alias/central' },
    kinds: ['terraform', 'cloudformation'],
  },
  // CloudTrail cannot name a key it cannot resolve, so its PutObject test carries no SSE-KMS headers
  // then (destination.ts): a bucket policy that demands SSE-KMS refuses the trail first.
  {
    name: "an alias of another account's key and a bucket policy that demands SSE-KMS",
    s: {
      ...base(), keyAccount: OTHER, keyNamedBy: 'alias/central',
      bucketPolicy: bucketPolicy(undefined, { Sid: 'DenyWithoutKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } }),
    },
    kinds: ['terraform', 'cloudformation'],
  },
  { name: 'a bucket policy that demands SSE-KMS', s: { ...base(), bucketPolicy: bucketPolicy(undefined, { Sid: 'DenyWithoutKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } }) }, kinds: ['files'] },
  { name: 'a trail without a key and a bucket policy that demands SSE-KMS', s: { ...base(), noKey: true, bucketPolicy: bucketPolicy(undefined, { Sid: 'DenyWithoutKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*`, Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } } }) }, kinds: ['files'] },
];

// ---- the doctor's side -----------------------------------------------------------------------------

/** The case as policy files and flags, naming the key the emulator made: `trailkey check` on the same setup. */
function asFiles(c: DiffCase, keyArn: string | undefined): { files: Record<string, string>; options: DoctorOptions } {
  const s = c.s;
  const files: Record<string, string> = {};
  const options: DoctorOptions = {
    trailArn: trailArnOf(c.trailName ?? TRAIL_NAME), bucket: c.bucket ?? BUCKET, bucketRegion: c.bucketRegion ?? REGION,
    ...(c.bucketAccount ? { bucketAccount: c.bucketAccount } : {}),
    ...(s.prefix ? { prefix: s.prefix } : {}),
    ...(s.org ? { orgId: ORG } : {}),
    ...(s.multiRegion ? { multiRegion: true } : {}),
    ...(s.bucketKey ? { bucketKey: true } : {}),
  };
  if (s.bucketPolicy) {
    files['bp.json'] = JSON.stringify(s.bucketPolicy);
    options.bucketPolicy = 'bp.json';
  }
  if (!s.noKey) {
    if (s.keyPolicy) {
      files['kp.json'] = JSON.stringify(s.keyPolicy);
      options.keyPolicy = 'kp.json';
    }
    options.keyArn = keyArn ?? scenarioKeyArn(s);
    if (s.keySpec) options.keySpec = s.keySpec;
    const state = c.pendingDeletion ? 'PendingDeletion' : s.keyDisabled ? 'Disabled' : s.keyDisabled === false ? 'Enabled' : undefined;
    if (state) options.keyState = state;
  }
  return { files, options };
}

async function doctor(c: DiffCase, kind: InputKind, keyArn: string | undefined): Promise<Report> {
  const { files, options } = kind === 'files' ? asFiles(c, keyArn) : RENDERERS[kind](c.s);
  const read = async (p: string) => {
    if (!(p in files)) throw Object.assign(new Error(`no file ${p}`), { code: 'ENOENT' });
    return files[p];
  };
  if (kind !== 'files' || (c.s.bucketPolicy !== null && !c.keyRef)) return runDoctor(options, read);
  // Flags cannot say "this bucket has no policy" (no --bucket-policy means "not given") nor "the trail
  // names its key by alias" (--key-arn is the key's ARN); the Setup can.
  const { setup } = (await loadInputs(options, read)).variants[0];
  if (c.s.bucketPolicy === null) for (const b of setup.buckets) b.policy = null;
  if (c.keyRef) for (const t of setup.trails) t.keyIdAsGiven = c.keyRef === 'alias' ? 'alias/trail-logs' : (keyArn ?? scenarioKeyArn(c.s)).split('/').pop();
  return diagnose(setup);
}

/** What the doctor says CreateTrail answers: the exception, or `ok`. */
function predicted(report: Report): string {
  const trail = report.subjects.find((x) => x.kind === 'trail')!;
  return createTrailError(report, trail.id) ?? 'ok';
}

/** The policies the doctor says KMS or S3 refuses to store (TK043 and TK044 failures), by target. */
function refusedPolicies(report: Report): string[] {
  const kinds = new Map(report.subjects.map((x) => [x.id, x.kind]));
  const out = report.results.filter((r) => r.verdict === 'fail' && (r.rule === 'TK043' || r.rule === 'TK044')).map((r) => kinds.get(r.subject) ?? '?');
  return [...new Set(out)].sort();
}

const failedRules = (report: Report) => [...new Set(report.results.filter((r) => r.verdict === 'fail').map((r) => r.rule))].sort();

// ---- the emulator's side ---------------------------------------------------------------------------

let server: RunningServer;
const clients = new Map<string, KMSClient | S3Client | CloudTrailClient>();
function client<T>(kind: 'kms' | 's3' | 'cloudtrail', account: string, region: string): T {
  const k = `${kind}/${account}/${region}`;
  let c = clients.get(k);
  if (!c) {
    const config = clientConfig(server.url, rootOf(account), region);
    c = kind === 'kms' ? new KMSClient(config) : kind === 's3' ? new S3Client({ ...config, forcePathStyle: true }) : new CloudTrailClient(config);
    clients.set(k, c);
  }
  return c as T;
}
const kmsOf = (account: string, region = REGION) => client<KMSClient>('kms', account, region);
const s3Of = (account: string, region = REGION) => client<S3Client>('s3', account, region);
const cloudtrail = () => client<CloudTrailClient>('cloudtrail', A, REGION);

/** The error code a call answers, or `ok`. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return (e as Error).name;
  }
}

async function createBucket(account: string, bucket: string, region: string, policy: Policy | null): Promise<string> {
  const s3 = s3Of(account, region);
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }) }));
  return policy ? outcome(s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }))) : 'ok';
}

interface Applied {
  /** The policies KMS or S3 refused to store, by target (`bucket`, `key`); nothing more is applied then. */
  refused: string[];
  keyArn?: string;
  create?: string;
  update?: string;
}

async function apply(c: DiffCase): Promise<Applied> {
  expect((await fetch(`${server.url}/_trailkey/reset`, { method: 'POST' })).status).toBe(200);
  const s = c.s;
  const name = c.trailName ?? TRAIL_NAME;
  const trailArn = trailArnOf(name);
  const bucket = c.bucket ?? BUCKET;
  const bucketRegion = c.bucketRegion ?? REGION;
  const refused: string[] = [];

  let keyArn: string | undefined;
  let keyId: string | undefined;
  if (!s.noKey) {
    // As people do it: the key, its alias, then its policy (which may leave its creator out), then its state.
    const kms = kmsOf(s.keyAccount ?? A, s.keyRegion ?? REGION);
    const spec = s.keySpec ? { KeySpec: s.keySpec as KeySpec, KeyUsage: c.keyUsage ?? (s.keySpec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY') } : {};
    const created = await kms.send(new CreateKeyCommand(spec));
    const id = created.KeyMetadata!.KeyId!;
    keyArn = created.KeyMetadata!.Arn!;
    keyId = keyArn;
    if (s.keyNamedBy) {
      await kms.send(new CreateAliasCommand({ AliasName: `alias/${s.keyNamedBy.split('alias/').pop()!}`, TargetKeyId: id }));
      keyId = s.keyNamedBy;
    } else if (c.keyRef === 'alias') {
      await kms.send(new CreateAliasCommand({ AliasName: 'alias/trail-logs', TargetKeyId: id }));
      keyId = 'alias/trail-logs';
    } else if (c.keyRef === 'id') keyId = id;
    if (s.keyPolicy) {
      const put = await outcome(kms.send(new PutKeyPolicyCommand({ KeyId: id, PolicyName: 'default', Policy: JSON.stringify(s.keyPolicy), BypassPolicyLockoutSafetyCheck: true })));
      if (put === 'MalformedPolicyDocumentException') refused.push('key');
      else expect(put).toBe('ok');
    }
    if (s.keyDisabled) await kms.send(new DisableKeyCommand({ KeyId: id }));
    if (c.pendingDeletion) await kms.send(new ScheduleKeyDeletionCommand({ KeyId: id, PendingWindowInDays: 7 }));
  }
  const put = await createBucket(c.bucketAccount ?? A, bucket, bucketRegion, s.bucketPolicy);
  if (put === 'MalformedPolicy') refused.unshift('bucket');
  else expect(put).toBe('ok');
  if (refused.length) return { refused, keyArn };
  if (s.bucketKey) {
    await s3Of(c.bucketAccount ?? A, bucketRegion).send(new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', ...(keyArn ? { KMSMasterKeyID: keyArn } : {}) }, BucketKeyEnabled: true }] },
    }));
  }

  // UpdateTrail onto the case's configuration, from the same trail with the documented policies.
  const ct = cloudtrail();
  const start = await kmsOf(A).send(new CreateKeyCommand({ Policy: JSON.stringify(documented.keyPolicy(trailArn, A)), BypassPolicyLockoutSafetyCheck: true }));
  const startBucket = `start-${bucket}`;
  expect(await createBucket(A, startBucket, REGION, documented.bucketPolicy(startBucket, `AWSLogs/${A}`, trailArn) as unknown as Policy)).toBe('ok');
  expect(await outcome(ct.send(new CreateTrailCommand({ Name: name, S3BucketName: startBucket, KmsKeyId: start.KeyMetadata!.Arn })))).toBe('ok');
  const update = await outcome(ct.send(new UpdateTrailCommand({
    Name: name, S3BucketName: bucket, S3KeyPrefix: s.prefix ?? '', KmsKeyId: keyId ?? '', IsMultiRegionTrail: Boolean(s.multiRegion), IsOrganizationTrail: Boolean(s.org),
  })));
  await ct.send(new DeleteTrailCommand({ Name: name }));

  const create = await outcome(ct.send(new CreateTrailCommand({
    Name: name, S3BucketName: bucket, ...(s.prefix ? { S3KeyPrefix: s.prefix } : {}), ...(keyId ? { KmsKeyId: keyId } : {}),
    IsMultiRegionTrail: Boolean(s.multiRegion), IsOrganizationTrail: Boolean(s.org),
  })));
  return { refused, keyArn, create, update };
}

// ---- the test --------------------------------------------------------------------------------------

beforeAll(async () => {
  // KMS refuses key policies that name principals that do not exist (MalformedPolicyDocumentException
  // `Policy contains a statement with one or more invalid principals.`): the readers the cases name
  // exist. Reset applies the config again.
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] };
  server = await startServer({
    deliveryIntervalMs: 0,
    config: {
      organization: { id: ORG, managementAccount: A },
      roles: [{ account: A, name: 'security-audit', trustPolicy: trust }],
      users: [{ account: A, name: 'log-reader' }],
    },
  });
});
afterAll(async () => {
  for (const c of clients.values()) c.destroy();
  await server.close();
});

describe('the doctor agrees with CreateTrail and UpdateTrail', () => {
  it('applies every rule case that describes a trail the emulator can build, pass and fail', () => {
    expect(ruleCases.length).toBeGreaterThanOrEqual(50);
    expect(new Set(ruleCases.map((c) => c.name)).size).toBe(ruleCases.length);
  });

  it.each([...ruleCases, ...probes])('$name', agrees);
});

async function agrees(c: DiffCase): Promise<void> {
  const applied = await apply(c);
  const reports = await Promise.all(c.kinds.map(async (kind) => ({ kind, report: await doctor(c, kind, applied.keyArn) })));
  for (const { kind, report } of reports) {
    // A policy AWS refuses to store: the doctor says so (TK043/TK044), and there is no trail to create.
    expect(refusedPolicies(report), `${kind}: the policies the doctor says AWS refuses`).toEqual([...applied.refused].sort());
    if (applied.refused.length) continue;
    const doctorSays = predicted(report);
    const causes = report.results.filter((r) => r.verdict === 'fail' && r.stage === 'create').map((r) => r.message);
    expect({ create: applied.create, update: applied.update }, `${kind}: ${JSON.stringify(causes)}`).toEqual({ create: doctorSays, update: doctorSays });
  }
  if (applied.create !== 'ok') return;

  // The trail exists: `trailkey audit` reads it back and finds what `trailkey check` finds.
  const files = reports.find((r) => r.kind === 'files')?.report;
  const audited = await runAudit({ endpoint: server.url, region: REGION, credentials: rootOf(A), orgId: ORG, maxAttempts: 1 });
  expect(predicted(audited)).toBe('ok');
  const unknown = audited.results.filter((r) => r.verdict === 'unknown');
  if ((c.s.keyAccount ?? A) === A && (c.bucketAccount ?? A) === A) {
    expect(unknown).toEqual([]);
    // TK062: CreateTrail does not start logging, and only the audit reads a trail's status.
    if (files) expect(failedRules(audited)).toEqual([...failedRules(files), 'TK062'].sort());
    return;
  }
  // Another account's key or bucket policy cannot be read (GetKeyPolicy never works across
  // accounts; GetBucketPolicy only for the owner's account): unknown, naming the permission. What
  // the auditor does decide is decided as with every policy known: never a false pass or fail.
  expect(unknown.length).toBeGreaterThan(0);
  for (const r of unknown) expect(r.message).toMatch(/`(kms:GetKeyPolicy|kms:DescribeKey|s3:GetBucketPolicy|s3:GetEncryptionConfiguration|s3:GetBucketLocation)` is denied/);
  if (files) {
    const verdicts = new Map<string, Set<string>>();
    for (const r of files.results) verdicts.set(`${r.rule}|${r.check}`, (verdicts.get(`${r.rule}|${r.check}`) ?? new Set()).add(r.verdict));
    const otherwise = audited.results.filter((r) => r.verdict !== 'unknown' && verdicts.has(`${r.rule}|${r.check}`) && !verdicts.get(`${r.rule}|${r.check}`)!.has(r.verdict));
    expect(otherwise).toEqual([]);
  }
}
