// The seed documents' key and bucket policies, through the SDK against a started server: each
// scenario with its documented policies (the trail is created), then with every statement removed
// or broken, one case at a time, each asserting the exact exception CreateTrail answers and citing
// where the expectation comes from. A case is a mutation of the documented policies (or of the
// request), the expected outcome, and its source.
//
//   seed 001  single account: encrypt (encryption-context condition + aws:SourceArn), decrypt for a
//             reader with Null, DescribeKey; and the same with an S3 Bucket Key, where CloudTrail
//             itself needs Decrypt and DescribeKey becomes required.
//   seed 002  account 222222222222's trail encrypts with account 111111111111's key, named by ARN;
//             the key policy lists both accounts in kms:EncryptionContext:aws:cloudtrail:arn.
//             Decision: the bucket lives in 111111111111, the central logging account that owns
//             the key (the layout of cloudtrail-set-bucket-policy-for-multiple-accounts.html), and
//             its policy lets CloudTrail write both accounts' folders for both accounts' trails.
//   seed 000  the blog post's bucket statement (PutObject only with AES256) and key statement
//             (kms:Encrypt): both insufficient.
//   Null      decrypt granted only with `"Null": {"kms:EncryptionContext:aws:cloudtrail:arn": "false"}`:
//             CreateTrail never tests readers (§2.5), so this one is judged where it bites, on a
//             delivered log file: the reader gets it, or 403 AccessDenied with KMS's text (§0 item 9).
//   org       an organization trail: the `o-…` folder in the bucket policy (§3).
import {
  CloudTrailClient, CreateTrailCommand, DeleteTrailCommand, StartLoggingCommand, type CreateTrailCommandInput,
} from '@aws-sdk/client-cloudtrail';
import {
  CreateAliasCommand, CreateKeyCommand, DisableKeyCommand, KMSClient, ListKeysCommand, PutKeyPolicyCommand, ScheduleKeyDeletionCommand, type CreateKeyCommandInput,
} from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutBucketEncryptionCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { clientConfig, rootOf, startServer, type Credentials } from './harness.js';
import { failure } from './kms-support.js';

const KEY_ACCOUNT = '111111111111';
const OTHER = '222222222222';
const ORG_ID = 'o-seedorg1234';
const SERVICE = { Service: 'cloudtrail.amazonaws.com' };
const reader: Credentials = { accessKeyId: 'AKIASEEDREADER000001', secretAccessKey: 'seed-reader-secret-1' };
const outsider: Credentials = { accessKeyId: 'AKIASEEDOUTSIDER0001', secretAccessKey: 'seed-outsider-secret' };
const readPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }] };

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    deliveryIntervalMs: 0,
    config: {
      organization: { id: ORG_ID, managementAccount: KEY_ACCOUNT, members: [OTHER] },
      users: [
        { account: KEY_ACCOUNT, name: 'reader', accessKeys: [{ id: reader.accessKeyId, secret: reader.secretAccessKey }], policies: { read: readPolicy } },
        { account: KEY_ACCOUNT, name: 'outsider', accessKeys: [{ id: outsider.accessKeyId, secret: outsider.secretAccessKey }], policies: { read: readPolicy } },
      ],
    },
  });
});
afterAll(() => server.close());

const ct = (c: Credentials, region = 'us-east-1') => new CloudTrailClient(clientConfig(server.url, c, region));
const kmsAt = (c: Credentials, region = 'us-east-1') => new KMSClient(clientConfig(server.url, c, region));
const s3At = (c: Credentials, region = 'us-east-1') => new S3Client({ ...clientConfig(server.url, c, region), forcePathStyle: true });
const trailArn = (account: string, name: string, region = 'us-east-1') => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
const json = (statements: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const clone = <T>(v: T): T => structuredClone(v);

type Statement = {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Principal: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};

/** The documented policies of one scenario, mutable copies per case. */
interface Policies {
  key: Statement[];
  bucket: Statement[];
}

const find = (list: Statement[], sid: string): Statement => {
  const s = list.find((x) => x.Sid === sid);
  if (!s) throw new Error(`no statement ${sid}`);
  return s;
};
const drop = (list: Statement[], sid: string) => list.splice(list.indexOf(find(list, sid)), 1);
const admin = (account: string): Statement => ({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' });

type Expected =
  | 'ok'
  | 'InsufficientEncryptionPolicyException'
  | 'InsufficientS3BucketPolicyException'
  | 'KmsKeyNotFoundException'
  | 'S3BucketDoesNotExistException'
  | { code: 'KmsException'; message: () => string };

interface Case {
  name: string;
  /** What the case changes in the documented policies. */
  mutate?: (p: Policies) => void;
  /** What the case changes in the CreateTrail request (another key, a prefix, another bucket). */
  input?: () => Partial<CreateTrailCommandInput>;
  expect: Expected;
  /** Where the expectation comes from. */
  source: string;
}

interface Scenario {
  /** Who creates the trail, and where. */
  caller: Credentials;
  account: string;
  name: string;
  bucket: string;
  /** The bucket owner, who puts the bucket policy. */
  bucketOwner: Credentials;
  key: { arn: string; id: string };
  keyOwner: Credentials;
  kmsKeyId: string;
  documented: () => Policies;
  extra?: Partial<CreateTrailCommandInput>;
}

/** Puts the case's policies, creates the trail, and checks the outcome; a trail that was created is deleted again. */
async function runCase(s: Scenario, c: Case): Promise<void> {
  const policies = s.documented();
  c.mutate?.(policies);
  await kmsAt(s.keyOwner).send(new PutKeyPolicyCommand({ KeyId: s.key.id, Policy: json(policies.key) }));
  await s3At(s.bucketOwner).send(new PutBucketPolicyCommand({ Bucket: s.bucket, Policy: json(policies.bucket) }));
  const input: CreateTrailCommandInput = { Name: s.name, S3BucketName: s.bucket, KmsKeyId: s.kmsKeyId, ...s.extra, ...c.input?.() };
  const request = ct(s.caller).send(new CreateTrailCommand(input));
  if (c.expect === 'ok') {
    const created = await request;
    await ct(s.caller).send(new DeleteTrailCommand({ Name: s.name }));
    if (input.KmsKeyId) expect(created.KmsKeyId).toMatch(/^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/);
    return;
  }
  const got = await failure(request);
  const keyArn = input.KmsKeyId === s.kmsKeyId ? s.key.arn : (input.KmsKeyId ?? '');
  const expected =
    typeof c.expect === 'object'
      ? { name: c.expect.code, message: c.expect.message() }
      : {
          name: c.expect,
          message: {
            InsufficientEncryptionPolicyException: `Insufficient permissions to access S3 bucket ${input.S3BucketName} or KMS key ${keyArn}.`,
            InsufficientS3BucketPolicyException: `Incorrect S3 bucket policy is detected for bucket: ${input.S3BucketName}`,
            KmsKeyNotFoundException: `KMS key not found: ${input.KmsKeyId}`,
            S3BucketDoesNotExistException: `S3 bucket ${input.S3BucketName} does not exist.`,
          }[c.expect],
        };
  expect(got).toEqual({ ...expected, status: 400 });
}

/** Runs a scenario's cases, one test each, titled with the expectation and its source. */
function matrix(title: string, scenario: () => Scenario, cases: Case[]): void {
  describe(title, () => {
    for (const c of cases) {
      const outcome = c.expect === 'ok' ? 'created' : typeof c.expect === 'object' ? c.expect.code : c.expect;
      it(`${c.name} → ${outcome} [${c.source}]`, () => runCase(scenario(), c));
    }
  });
}

/** A key in `account`/`region` (its policy is put per case, or `policy` now), with an alias. */
async function makeKey(owner: Credentials, region = 'us-east-1', input: CreateKeyCommandInput = {}, policy?: (arn: string) => Statement[], alias?: string) {
  const kms = kmsAt(owner, region);
  const { KeyMetadata } = await kms.send(new CreateKeyCommand(input));
  const key = { id: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn! };
  if (policy) await kms.send(new PutKeyPolicyCommand({ KeyId: key.id, Policy: json(policy(key.arn)) }));
  if (alias) await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: key.id }));
  return key;
}

async function makeBucket(owner: Credentials, bucket: string, region = 'us-east-1') {
  await s3At(owner, region).send(new CreateBucketCommand({ Bucket: bucket, ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }) }));
}

// ---------------------------------------------------------------------------------------------
// Seed 001: one account. The three statements of the seed (and the CloudTrail user guide's
// create-kms-key-policy-for-cloudtrail.html), with the key's ARN as Resource, and §3's bucket policy.

const S1 = { account: KEY_ACCOUNT, name: 'seed-001', bucket: 'seed-001-logs' };
const S1_TRAIL = trailArn(S1.account, S1.name);

function seed001KeyPolicy(keyArn: string, trail = S1_TRAIL, account = S1.account): Statement[] {
  return [
    admin(account),
    {
      Sid: 'Allow CloudTrail to encrypt logs', Effect: 'Allow', Principal: SERVICE, Action: 'kms:GenerateDataKey*', Resource: keyArn,
      Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': [`arn:aws:cloudtrail:*:${account}:trail/*`] }, StringEquals: { 'aws:SourceArn': trail } },
    },
    {
      Sid: 'Enable CloudTrail log decrypt permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:user/reader` }, Action: 'kms:Decrypt', Resource: '*',
      Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
    },
    { Sid: 'Allow CloudTrail access', Effect: 'Allow', Principal: SERVICE, Action: 'kms:DescribeKey', Resource: keyArn, Condition: { StringEquals: { 'aws:SourceArn': trail } } },
  ];
}

/** §3's documented bucket policy: the ACL check and the write into `<folder>/*`, both pinned to the trail. */
function documentedBucketPolicy(bucket: string, folders: string[], trails: string | string[]): Statement[] {
  return [
    { Sid: 'AWSCloudTrailAclCheck20150319', Effect: 'Allow', Principal: SERVICE, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${bucket}`, Condition: { StringEquals: { 'aws:SourceArn': trails } } },
    {
      Sid: 'AWSCloudTrailWrite20150319', Effect: 'Allow', Principal: SERVICE, Action: 's3:PutObject', Resource: folders.map((f) => `arn:aws:s3:::${bucket}/${f}/*`),
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trails } },
    },
  ];
}

const keyRoot = rootOf(KEY_ACCOUNT);
const special: Record<string, { id: string; arn: string }> = {};
let s1Key: { id: string; arn: string };
beforeAll(async () => {
  s1Key = await makeKey(keyRoot, 'us-east-1', {}, undefined, 'alias/seed-001');
  await makeBucket(keyRoot, S1.bucket);
  const documented = (arn: string) => seed001KeyPolicy(arn);
  special.disabled = await makeKey(keyRoot, 'us-east-1', {}, documented);
  await kmsAt(keyRoot).send(new DisableKeyCommand({ KeyId: special.disabled.id }));
  special.pending = await makeKey(keyRoot, 'us-east-1', {}, documented);
  await kmsAt(keyRoot).send(new ScheduleKeyDeletionCommand({ KeyId: special.pending.id, PendingWindowInDays: 7 }));
  special.rsa = await makeKey(keyRoot, 'us-east-1', { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }, documented);
  special.hmac = await makeKey(keyRoot, 'us-east-1', { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }, documented);
  // A key in another Region than the bucket; and a bucket and key together in another Region than the trail.
  special.west = await makeKey(keyRoot, 'us-west-2', {}, documented);
  special.europe = await makeKey(keyRoot, 'eu-west-1', {}, documented, 'alias/europe');
  await makeBucket(keyRoot, 'seed-001-eu-logs', 'eu-west-1');
  await s3At(keyRoot, 'eu-west-1').send(new PutBucketPolicyCommand({ Bucket: 'seed-001-eu-logs', Policy: json(documentedBucketPolicy('seed-001-eu-logs', [`AWSLogs/${KEY_ACCOUNT}`], S1_TRAIL)) }));
});

const s1 = (): Scenario => ({
  caller: keyRoot, account: S1.account, name: S1.name, bucket: S1.bucket, bucketOwner: keyRoot, key: s1Key, keyOwner: keyRoot, kmsKeyId: 'alias/seed-001',
  documented: () => ({ key: seed001KeyPolicy(s1Key.arn), bucket: documentedBucketPolicy(S1.bucket, [`AWSLogs/${KEY_ACCOUNT}`], S1_TRAIL) }),
});

const ENCRYPT = 'Allow CloudTrail to encrypt logs';
const DECRYPT = 'Enable CloudTrail log decrypt permissions';
const DESCRIBE = 'Allow CloudTrail access';
const ACL = 'AWSCloudTrailAclCheck20150319';
const WRITE = 'AWSCloudTrailWrite20150319';
const cond = (s: Statement) => s.Condition!;

matrix('seed 001 (single account): the key policy', s1, [
  { name: 'the documented statements, key given by alias', expect: 'ok', source: 'seed 001; §2.5' },
  { name: 'the key given by id', input: () => ({ KmsKeyId: s1Key.id }), expect: 'ok', source: '§0 item 1' },
  { name: 'the key given by ARN', input: () => ({ KmsKeyId: s1Key.arn }), expect: 'ok', source: '§0 item 1' },
  { name: 'the key given by alias ARN', input: () => ({ KmsKeyId: `arn:aws:kms:us-east-1:${KEY_ACCOUNT}:alias/seed-001` }), expect: 'ok', source: '§0 item 1' },
  { name: 'encrypt statement removed', mutate: (p) => drop(p.key, ENCRYPT), expect: 'InsufficientEncryptionPolicyException', source: '§0 items 2-3' },
  {
    name: 'encrypt: aws:SourceArn names another trail', mutate: (p) => (cond(find(p.key, ENCRYPT)).StringEquals['aws:SourceArn'] = trailArn(KEY_ACCOUNT, 'other-trail')),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 3 (openillumi write-up)',
  },
  {
    name: 'encrypt: aws:SourceArn in another Region', mutate: (p) => (cond(find(p.key, ENCRYPT)).StringEquals['aws:SourceArn'] = trailArn(KEY_ACCOUNT, S1.name, 'us-west-2')),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 3',
  },
  {
    name: 'encrypt: aws:SourceArn in another account', mutate: (p) => (cond(find(p.key, ENCRYPT)).StringEquals['aws:SourceArn'] = trailArn(OTHER, S1.name)),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 3',
  },
  {
    name: 'encrypt: StringEquals with a wildcard in aws:SourceArn',
    mutate: (p) => (cond(find(p.key, ENCRYPT)).StringEquals['aws:SourceArn'] = `arn:aws:cloudtrail:us-east-1:${KEY_ACCOUNT}:trail/*`),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 3; policy-semantics (StringEquals is literal)',
  },
  {
    name: 'encrypt: StringLike with the same wildcard',
    mutate: (p) => {
      const c = cond(find(p.key, ENCRYPT));
      c.StringLike['aws:SourceArn'] = `arn:aws:cloudtrail:us-east-1:${KEY_ACCOUNT}:trail/*`;
      delete c.StringEquals;
    },
    expect: 'ok', source: '§2.5 (SourceArn may list or match trails)',
  },
  {
    name: 'encrypt: encryption context for another account', mutate: (p) => (cond(find(p.key, ENCRYPT)).StringLike['kms:EncryptionContext:aws:cloudtrail:arn'] = [`arn:aws:cloudtrail:*:${OTHER}:trail/*`]),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 2 (the context carries the trail ARN)',
  },
  {
    name: 'encrypt: StringEquals with a wildcard in the encryption context',
    mutate: (p) => {
      const c = cond(find(p.key, ENCRYPT));
      c.StringEquals['kms:EncryptionContext:aws:cloudtrail:arn'] = `arn:aws:cloudtrail:*:${KEY_ACCOUNT}:trail/*`;
      delete c.StringLike;
    },
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 3',
  },
  {
    name: 'encrypt: StringEquals with the exact trail ARN in the encryption context',
    mutate: (p) => {
      const c = cond(find(p.key, ENCRYPT));
      c.StringEquals['kms:EncryptionContext:aws:cloudtrail:arn'] = S1_TRAIL;
      delete c.StringLike;
    },
    expect: 'ok', source: '§0 item 2',
  },
  {
    name: 'encrypt: the context requires aws:s3:arn of another bucket',
    mutate: (p) => (cond(find(p.key, ENCRYPT)).StringLike['kms:EncryptionContext:aws:s3:arn'] = 'arn:aws:s3:::some-other-bucket/*'),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 2 (aws:s3:arn is the bucket folder)',
  },
  {
    name: 'encrypt: ForAllValues:StringEquals kms:EncryptionContextKeys without aws:s3:arn',
    mutate: (p) => (cond(find(p.key, ENCRYPT))['ForAllValues:StringEquals'] = { 'kms:EncryptionContextKeys': ['aws:cloudtrail:arn'] }),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 2 (the context has both keys); KMS conditions-kms EncryptionContextKeys',
  },
  {
    name: 'encrypt: ForAllValues:StringEquals kms:EncryptionContextKeys with both keys',
    mutate: (p) => (cond(find(p.key, ENCRYPT))['ForAllValues:StringEquals'] = { 'kms:EncryptionContextKeys': ['aws:cloudtrail:arn', 'aws:s3:arn'] }),
    expect: 'ok', source: '§0 item 2',
  },
  {
    name: 'encrypt: ForAnyValue:StringEquals kms:EncryptionContextKeys naming a key CloudTrail does not send',
    mutate: (p) => (cond(find(p.key, ENCRYPT))['ForAnyValue:StringEquals'] = { 'kms:EncryptionContextKeys': ['aws:s3:bucket'] }),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 2',
  },
  {
    name: 'encrypt: kms:Encrypt instead of kms:GenerateDataKey* (seed 000)', mutate: (p) => (find(p.key, ENCRYPT).Action = 'kms:Encrypt'),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 2 (the test is GenerateDataKey)',
  },
  {
    name: 'encrypt: only kms:GenerateDataKeyWithoutPlaintext', mutate: (p) => (find(p.key, ENCRYPT).Action = 'kms:GenerateDataKeyWithoutPlaintext'),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 2',
  },
  {
    name: 'encrypt: kms:GenerateDataKey spelled out', mutate: (p) => (find(p.key, ENCRYPT).Action = 'kms:GenerateDataKey'),
    expect: 'ok', source: '§0 item 3',
  },
  {
    name: 'encrypt: the account root as principal instead of the service', mutate: (p) => (find(p.key, ENCRYPT).Principal = { AWS: `arn:aws:iam::${KEY_ACCOUNT}:root` }),
    expect: 'InsufficientEncryptionPolicyException', source: '§2.5 (service principals are not IAM identities)',
  },
  {
    name: 'encrypt: another service as principal', mutate: (p) => (find(p.key, ENCRYPT).Principal = { Service: 's3.amazonaws.com' }),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 3',
  },
  {
    name: 'encrypt: Resource is another key', mutate: (p) => (find(p.key, ENCRYPT).Resource = special.rsa.arn),
    expect: 'InsufficientEncryptionPolicyException', source: 'KMS key policies: Resource is the key',
  },
  {
    name: 'encrypt: aws:SourceAccount instead of aws:SourceArn',
    mutate: (p) => (cond(find(p.key, ENCRYPT)).StringEquals = { 'aws:SourceAccount': KEY_ACCOUNT }),
    expect: 'ok', source: '§2.5 (aws:SourceAccount is supported)',
  },
  {
    name: 'encrypt: aws:SourceAccount of another account', mutate: (p) => (cond(find(p.key, ENCRYPT)).StringEquals = { 'aws:SourceAccount': OTHER }),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 3',
  },
  {
    name: 'encrypt: condition key names in another case (AWS:SourceArn)',
    mutate: (p) => (cond(find(p.key, ENCRYPT)).StringEquals = { 'AWS:SourceArn': S1_TRAIL }),
    expect: 'ok', source: '§2.5 (condition key names are case-insensitive)',
  },
  {
    name: 'encrypt: Effect Deny', mutate: (p) => (find(p.key, ENCRYPT).Effect = 'Deny'),
    expect: 'InsufficientEncryptionPolicyException', source: 'IAM evaluation: an explicit deny wins',
  },
  {
    name: 'an explicit Deny of kms:* to the service',
    mutate: (p) => p.key.push({ Sid: 'Deny CloudTrail', Effect: 'Deny', Principal: SERVICE, Action: 'kms:*', Resource: '*' }),
    expect: 'InsufficientEncryptionPolicyException', source: 'IAM evaluation: an explicit deny wins',
  },
  {
    name: 'an explicit Deny for other source accounts only',
    mutate: (p) => p.key.push({ Sid: 'Deny others', Effect: 'Deny', Principal: SERVICE, Action: 'kms:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceAccount': KEY_ACCOUNT } } }),
    expect: 'ok', source: 'IAM evaluation: a Deny whose condition does not match does not apply',
  },
  {
    name: 'DescribeKey statement removed (no Bucket Key)', mutate: (p) => drop(p.key, DESCRIBE),
    expect: 'ok', source: 'DESCRIBE_KEY_REQUIRED_WITHOUT_BUCKET_KEY = false (§0.1 item 3)',
  },
  {
    name: 'DescribeKey: aws:SourceArn names another trail (no Bucket Key)', mutate: (p) => (cond(find(p.key, DESCRIBE)).StringEquals['aws:SourceArn'] = trailArn(KEY_ACCOUNT, 'other-trail')),
    expect: 'ok', source: 'DESCRIBE_KEY_REQUIRED_WITHOUT_BUCKET_KEY = false (§0.1 item 3)',
  },
  {
    name: 'decrypt statement removed: CreateTrail does not test readers', mutate: (p) => drop(p.key, DECRYPT),
    expect: 'ok', source: '§2.5 (the test is GenerateDataKey; see the Null scenario for readers)',
  },
]);

matrix('seed 001 (single account): the bucket policy', s1, [
  { name: 'ACL-check statement removed', mutate: (p) => drop(p.bucket, ACL), expect: 'InsufficientS3BucketPolicyException', source: '§0 item 5; §3' },
  {
    name: 'ACL check: aws:SourceArn names another trail', mutate: (p) => (cond(find(p.bucket, ACL)).StringEquals['aws:SourceArn'] = trailArn(KEY_ACCOUNT, 'other-trail')),
    expect: 'InsufficientS3BucketPolicyException', source: '§3 (aws/aws-cdk#31400)',
  },
  {
    // (On the objects or on another bucket, S3 itself refuses the policy as MalformedPolicy.)
    name: 'ACL check: s3:GetBucketPolicy instead of s3:GetBucketAcl', mutate: (p) => (find(p.bucket, ACL).Action = 's3:GetBucketPolicy'),
    expect: 'InsufficientS3BucketPolicyException', source: '§3 (CloudTrail calls GetBucketAcl)',
  },
  { name: 'write statement removed', mutate: (p) => drop(p.bucket, WRITE), expect: 'InsufficientS3BucketPolicyException', source: '§0 item 5; §3' },
  {
    name: 'write: the wrong account in the AWSLogs path', mutate: (p) => (find(p.bucket, WRITE).Resource = `arn:aws:s3:::${S1.bucket}/AWSLogs/${OTHER}/*`),
    expect: 'InsufficientS3BucketPolicyException', source: '§3',
  },
  {
    name: 'write: the trail has an S3KeyPrefix the policy lacks', input: () => ({ S3KeyPrefix: 'audit' }),
    expect: 'InsufficientS3BucketPolicyException', source: '§3 ("The prefix in the policy must match the trail\'s S3KeyPrefix")',
  },
  {
    name: 'write: the policy has the prefix the trail uses', input: () => ({ S3KeyPrefix: 'audit' }),
    mutate: (p) => (find(p.bucket, WRITE).Resource = `arn:aws:s3:::${S1.bucket}/audit/AWSLogs/${KEY_ACCOUNT}/*`),
    expect: 'ok', source: '§3',
  },
  {
    name: 'write: the policy has a prefix the trail does not use', mutate: (p) => (find(p.bucket, WRITE).Resource = `arn:aws:s3:::${S1.bucket}/audit/AWSLogs/${KEY_ACCOUNT}/*`),
    expect: 'InsufficientS3BucketPolicyException', source: '§3',
  },
  {
    name: 'write: the whole bucket', mutate: (p) => (find(p.bucket, WRITE).Resource = `arn:aws:s3:::${S1.bucket}/*`),
    expect: 'ok', source: '§3 (a superset of the folder)',
  },
  {
    // Decision: the condition narrows the grant; without it CloudTrail's PutObject (which sends the
    // ACL) is still allowed, so AWS has nothing to refuse. The doctor flags the missing condition.
    name: 'write: the bucket-owner-full-control condition removed', mutate: (p) => delete cond(find(p.bucket, WRITE)).StringEquals['s3:x-amz-acl'],
    expect: 'ok', source: '§3 emulator check (an Allow without the condition is broader)',
  },
  {
    name: 'write: s3:x-amz-acl must be private', mutate: (p) => (cond(find(p.bucket, WRITE)).StringEquals['s3:x-amz-acl'] = 'private'),
    expect: 'InsufficientS3BucketPolicyException', source: '§3 (CloudTrail writes with bucket-owner-full-control)',
  },
  {
    name: 'write: aws:SourceArn names another trail', mutate: (p) => (cond(find(p.bucket, WRITE)).StringEquals['aws:SourceArn'] = trailArn(KEY_ACCOUNT, 'other-trail')),
    expect: 'InsufficientS3BucketPolicyException', source: '§3 (aws/aws-cdk#31400)',
  },
  {
    name: 'write: StringEquals with a wildcard in aws:SourceArn',
    mutate: (p) => (cond(find(p.bucket, WRITE)).StringEquals['aws:SourceArn'] = `arn:aws:cloudtrail:*:${KEY_ACCOUNT}:trail/*`),
    expect: 'InsufficientS3BucketPolicyException', source: '§3; policy-semantics (StringEquals is literal)',
  },
  {
    name: 'write: aws:SourceAccount instead of aws:SourceArn', mutate: (p) => (cond(find(p.bucket, WRITE)).StringEquals = { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': KEY_ACCOUNT }),
    expect: 'ok', source: '§3 (aws:SourceAccount is supported)',
  },
  {
    name: 'write: the account root as principal', mutate: (p) => (find(p.bucket, WRITE).Principal = { AWS: `arn:aws:iam::${KEY_ACCOUNT}:root` }),
    expect: 'InsufficientS3BucketPolicyException', source: '§3',
  },
  {
    name: 'write: the seed 000 statement (PutObject only with AES256) instead',
    mutate: (p) => (find(p.bucket, WRITE).Condition = { StringEquals: { 's3:x-amz-server-side-encryption': 'AES256' } }),
    expect: 'InsufficientS3BucketPolicyException', source: 'seed 000; §3 (CloudTrail writes SSE-KMS with a key)',
  },
  {
    name: 'an explicit Deny of uploads that are not AES256',
    mutate: (p) => p.bucket.push({
      Sid: 'DenyNotAES256', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${S1.bucket}/*`,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
    }),
    expect: 'InsufficientS3BucketPolicyException', source: '§3 ("explicit Deny wins, e.g. a Deny on s3:x-amz-server-side-encryption")',
  },
  {
    name: 'an explicit Deny of uploads that are not SSE-KMS',
    mutate: (p) => p.bucket.push({
      Sid: 'DenyNotKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${S1.bucket}/*`,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    }),
    expect: 'ok', source: '§3; §4.5 (the trail writes SSE-KMS)',
  },
  {
    name: 'an explicit Deny of everything to the service',
    mutate: (p) => p.bucket.push({ Sid: 'DenyCloudTrail', Effect: 'Deny', Principal: SERVICE, Action: 's3:*', Resource: [`arn:aws:s3:::${S1.bucket}`, `arn:aws:s3:::${S1.bucket}/*`] }),
    expect: 'InsufficientS3BucketPolicyException', source: 'IAM evaluation: an explicit deny wins',
  },
  {
    name: 'both policies broken: the bucket is reported',
    mutate: (p) => {
      drop(p.bucket, WRITE);
      drop(p.key, ENCRYPT);
    },
    expect: 'InsufficientS3BucketPolicyException', source: '§2.4 (step 9 before step 12)',
  },
]);

matrix('seed 001 (single account): the key itself and the bucket', s1, [
  { name: 'a disabled key', input: () => ({ KmsKeyId: special.disabled.arn }), expect: { code: 'KmsException', message: () => `${special.disabled.arn} is disabled.` }, source: '§2.4 step 11; §0.1 item 4 [INF]' },
  {
    name: 'a key pending deletion', input: () => ({ KmsKeyId: special.pending.id }),
    expect: { code: 'KmsException', message: () => `${special.pending.arn} is pending deletion.` }, source: '§2.4 step 11; §0.1 item 4 [INF]',
  },
  { name: 'an asymmetric key', input: () => ({ KmsKeyId: special.rsa.arn }), expect: { code: 'KmsException', message: () => `${special.rsa.arn} key spec is RSA_2048 which is not valid for GenerateDataKey.` }, source: '§0 item 6; §0.1 item 4 [INF]' },
  { name: 'an HMAC key', input: () => ({ KmsKeyId: special.hmac.arn }), expect: { code: 'KmsException', message: () => `${special.hmac.arn} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.` }, source: '§0 item 6; §0.1 item 4 [INF]' },
  {
    name: 'a key in another Region than the bucket', input: () => ({ KmsKeyId: special.west.arn }),
    expect: 'KmsKeyNotFoundException', source: '§0 item 6; CT-MODEL KmsKeyNotFoundException',
  },
  {
    name: 'a key and a bucket together in another Region than the trail', input: () => ({ KmsKeyId: special.europe.arn, S3BucketName: 'seed-001-eu-logs' }),
    expect: 'ok', source: '§0 item 6 ("same Region as the S3 bucket (not necessarily the trail\'s Region)")',
  },
  {
    name: 'that key by alias ARN', input: () => ({ KmsKeyId: `arn:aws:kms:eu-west-1:${KEY_ACCOUNT}:alias/europe`, S3BucketName: 'seed-001-eu-logs' }),
    expect: 'ok', source: '§0 items 1 and 6',
  },
  {
    name: 'that key by alias name: aliases resolve in the trail’s Region', input: () => ({ KmsKeyId: 'alias/europe', S3BucketName: 'seed-001-eu-logs' }),
    expect: 'KmsKeyNotFoundException', source: '§0 item 6 [INF: ids and alias names are looked up where the request is sent]',
  },
  {
    name: 'a key in the trail’s Region with the bucket elsewhere', input: () => ({ S3BucketName: 'seed-001-eu-logs' }),
    expect: 'KmsKeyNotFoundException', source: '§0 item 6',
  },
  { name: 'a key that does not exist', input: () => ({ KmsKeyId: '0000aaaa-bbbb-cccc-dddd-eeeeffff0000' }), expect: 'KmsKeyNotFoundException', source: 'CT-MODEL KmsKeyNotFoundException' },
  { name: 'an alias that does not exist', input: () => ({ KmsKeyId: 'alias/none' }), expect: 'KmsKeyNotFoundException', source: 'CT-MODEL KmsKeyNotFoundException' },
  { name: 'a bucket that does not exist', input: () => ({ S3BucketName: 'seed-001-missing' }), expect: 'S3BucketDoesNotExistException', source: '§0 item 5' },
]);

// ---------------------------------------------------------------------------------------------
// Seed 001 with an S3 Bucket Key: CloudTrail also needs kms:Decrypt, and without GenerateDataKey +
// DescribeKey "you cannot create or update a trail" (§2.5). The decrypt for CloudTrail is granted
// only with the Null condition, as the seed grants readers.

const S1_BK_BUCKET = 'seed-001-bucket-key-logs';
beforeAll(async () => {
  await makeBucket(keyRoot, S1_BK_BUCKET);
  await s3At(keyRoot).send(new PutBucketEncryptionCommand({
    Bucket: S1_BK_BUCKET,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: s1Key.arn }, BucketKeyEnabled: true }] },
  }));
});
const CT_DECRYPT = 'Allow CloudTrail to decrypt for the Bucket Key';
const s1BucketKey = (): Scenario => ({
  ...s1(), bucket: S1_BK_BUCKET,
  documented: () => ({
    key: [
      ...seed001KeyPolicy(s1Key.arn),
      { Sid: CT_DECRYPT, Effect: 'Allow', Principal: SERVICE, Action: 'kms:Decrypt', Resource: '*', Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } } },
    ],
    bucket: documentedBucketPolicy(S1_BK_BUCKET, [`AWSLogs/${KEY_ACCOUNT}`], S1_TRAIL),
  }),
});

matrix('seed 001 with an S3 Bucket Key', s1BucketKey, [
  { name: 'the documented statements and Decrypt for CloudTrail with Null', expect: 'ok', source: '§2.5 (Bucket Key: Decrypt also needed)' },
  { name: 'Decrypt for CloudTrail removed', mutate: (p) => drop(p.key, CT_DECRYPT), expect: 'InsufficientEncryptionPolicyException', source: '§2.5; seed 001 note' },
  {
    name: 'Decrypt for CloudTrail with Null "true"', mutate: (p) => (cond(find(p.key, CT_DECRYPT)).Null['kms:EncryptionContext:aws:cloudtrail:arn'] = 'true'),
    expect: 'InsufficientEncryptionPolicyException', source: '§2.5 (the test carries the trail context)',
  },
  { name: 'DescribeKey removed', mutate: (p) => drop(p.key, DESCRIBE), expect: 'InsufficientEncryptionPolicyException', source: '§0 item 4; §2.5 (required with a Bucket Key)' },
  {
    name: 'DescribeKey: aws:SourceArn names another trail', mutate: (p) => (cond(find(p.key, DESCRIBE)).StringEquals['aws:SourceArn'] = trailArn(KEY_ACCOUNT, 'other-trail')),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 4',
  },
  { name: 'encrypt statement removed', mutate: (p) => drop(p.key, ENCRYPT), expect: 'InsufficientEncryptionPolicyException', source: '§2.5' },
]);

// ---------------------------------------------------------------------------------------------
// Seed 002: account 222222222222's trail, account 111111111111's key (by ARN) and bucket.

const S2 = { name: 'seed-002', bucket: 'seed-002-central-logs' };
const S2_TRAIL = trailArn(OTHER, S2.name);
const S2_OWN_TRAIL = trailArn(KEY_ACCOUNT, 'central');
const SEED_002 = 'Enable CloudTrail Encrypt Permissions';
const S2_DESCRIBE = 'Allow CloudTrail to describe key';
let s2Key: { id: string; arn: string };
beforeAll(async () => {
  s2Key = await makeKey(keyRoot, 'us-east-1', {}, undefined, 'alias/seed-002');
  await makeBucket(keyRoot, S2.bucket);
});
const s2 = (): Scenario => ({
  caller: rootOf(OTHER), account: OTHER, name: S2.name, bucket: S2.bucket, bucketOwner: keyRoot, key: s2Key, keyOwner: keyRoot, kmsKeyId: s2Key.arn,
  documented: () => ({
    key: [
      admin(KEY_ACCOUNT),
      // Seed 002's statement, verbatim.
      {
        Sid: SEED_002, Effect: 'Allow', Principal: SERVICE, Action: 'kms:GenerateDataKey*', Resource: '*',
        Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': [`arn:aws:cloudtrail:*:${KEY_ACCOUNT}:trail/*`, `arn:aws:cloudtrail:*:${OTHER}:trail/*`] } },
      },
      { Sid: S2_DESCRIBE, Effect: 'Allow', Principal: SERVICE, Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:SourceAccount': [KEY_ACCOUNT, OTHER] } } },
    ],
    bucket: documentedBucketPolicy(S2.bucket, [`AWSLogs/${KEY_ACCOUNT}`, `AWSLogs/${OTHER}`], [S2_OWN_TRAIL, S2_TRAIL]),
  }),
});

matrix('seed 002 (cross-account key)', s2, [
  { name: 'the documented statements, key given by ARN', expect: 'ok', source: 'seed 002' },
  { name: 'key given by alias ARN', input: () => ({ KmsKeyId: `arn:aws:kms:us-east-1:${KEY_ACCOUNT}:alias/seed-002` }), expect: 'ok', source: '§0 item 6 (other accounts by ARN)' },
  { name: 'key given by alias name', input: () => ({ KmsKeyId: 'alias/seed-002' }), expect: 'KmsKeyNotFoundException', source: '§0 item 6 [INF: looked up in 222222222222]' },
  { name: 'key given by bare id', input: () => ({ KmsKeyId: s2Key.id }), expect: 'KmsKeyNotFoundException', source: '§0 item 6 [INF: looked up in 222222222222]' },
  { name: 'encrypt statement removed', mutate: (p) => drop(p.key, SEED_002), expect: 'InsufficientEncryptionPolicyException', source: 'seed 002; §0 item 2' },
  {
    name: 'the trail’s account dropped from the encryption context', mutate: (p) => (cond(find(p.key, SEED_002)).StringLike['kms:EncryptionContext:aws:cloudtrail:arn'] = [`arn:aws:cloudtrail:*:${KEY_ACCOUNT}:trail/*`]),
    expect: 'InsufficientEncryptionPolicyException', source: 'seed 002 ("restricts CloudTrail to … those accounts that you specify")',
  },
  {
    name: 'only the key owner’s account, as StringEquals with a wildcard',
    mutate: (p) => {
      const c = cond(find(p.key, SEED_002));
      c.StringEquals = { 'kms:EncryptionContext:aws:cloudtrail:arn': [`arn:aws:cloudtrail:*:${KEY_ACCOUNT}:trail/*`, `arn:aws:cloudtrail:*:${OTHER}:trail/*`] };
      delete c.StringLike;
    },
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 3',
  },
  {
    name: 'another trail of the account named in the context', mutate: (p) => (cond(find(p.key, SEED_002)).StringLike['kms:EncryptionContext:aws:cloudtrail:arn'] = [trailArn(OTHER, 'another')]),
    expect: 'InsufficientEncryptionPolicyException', source: '§0 item 2',
  },
  {
    name: 'the trail named exactly in the context', mutate: (p) => (cond(find(p.key, SEED_002)).StringLike['kms:EncryptionContext:aws:cloudtrail:arn'] = [S2_TRAIL]),
    expect: 'ok', source: '§0 item 2',
  },
  {
    name: 'the root of 222222222222 as principal instead of the service', mutate: (p) => (find(p.key, SEED_002).Principal = { AWS: `arn:aws:iam::${OTHER}:root` }),
    expect: 'InsufficientEncryptionPolicyException', source: 'seed 002 (the principal is the service; account roots delegate to IAM users)',
  },
  {
    name: 'aws:SourceAccount pinned to the key owner', mutate: (p) => (cond(find(p.key, SEED_002)).StringEquals = { 'aws:SourceAccount': KEY_ACCOUNT }),
    expect: 'InsufficientEncryptionPolicyException', source: '§2.5 (aws:SourceAccount is the trail owner)',
  },
  {
    name: 'aws:SourceAccount pinned to the trail owner', mutate: (p) => (cond(find(p.key, SEED_002)).StringEquals = { 'aws:SourceAccount': OTHER }),
    expect: 'ok', source: '§2.5',
  },
  {
    name: 'an explicit Deny for source accounts other than the key owner',
    mutate: (p) => p.key.push({ Sid: 'Deny others', Effect: 'Deny', Principal: SERVICE, Action: 'kms:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceAccount': KEY_ACCOUNT } } }),
    expect: 'InsufficientEncryptionPolicyException', source: 'IAM evaluation: an explicit deny wins',
  },
  { name: 'DescribeKey removed (no Bucket Key)', mutate: (p) => drop(p.key, S2_DESCRIBE), expect: 'ok', source: 'DESCRIBE_KEY_REQUIRED_WITHOUT_BUCKET_KEY = false' },
  {
    name: 'bucket: only the key owner’s folder', mutate: (p) => (find(p.bucket, WRITE).Resource = `arn:aws:s3:::${S2.bucket}/AWSLogs/${KEY_ACCOUNT}/*`),
    expect: 'InsufficientS3BucketPolicyException', source: '§3 (the folder is the trail owner’s)',
  },
  {
    name: 'bucket: aws:SourceArn lists only the key owner’s trail',
    mutate: (p) => {
      cond(find(p.bucket, WRITE)).StringEquals['aws:SourceArn'] = S2_OWN_TRAIL;
      cond(find(p.bucket, ACL)).StringEquals['aws:SourceArn'] = S2_OWN_TRAIL;
    },
    expect: 'InsufficientS3BucketPolicyException', source: '§3',
  },
  { name: 'bucket: ACL check removed', mutate: (p) => drop(p.bucket, ACL), expect: 'InsufficientS3BucketPolicyException', source: '§3' },
]);

// ---------------------------------------------------------------------------------------------
// Seed 000: the blog post's statements.

matrix('seed 000 (the blog post’s statements)', s1, [
  {
    name: 'its bucket policy: PutObject with AES256 only, no ACL check',
    mutate: (p) => (p.bucket = [{ Sid: 'Blog', Effect: 'Allow', Principal: SERVICE, Action: 's3:PutObject', Resource: `arn:aws:s3:::${S1.bucket}/*`, Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'AES256' } } }]),
    expect: 'InsufficientS3BucketPolicyException', source: 'seed 000; §3',
  },
  {
    name: 'its key statement: kms:Encrypt on the key',
    mutate: (p) => (p.key = [admin(KEY_ACCOUNT), { Sid: 'Blog', Effect: 'Allow', Principal: SERVICE, Action: 'kms:Encrypt', Resource: s1Key.arn }]),
    expect: 'InsufficientEncryptionPolicyException', source: 'seed 000; §0 item 2',
  },
]);

// ---------------------------------------------------------------------------------------------
// Organization trail: the management account's trail, with the `o-…` folder (§3).

const ORG_TRAIL = trailArn(KEY_ACCOUNT, 'org-trail');
const ORG_WRITE = 'AWSCloudTrailWrite20150319-org';
let orgKey: { id: string; arn: string };
beforeAll(async () => {
  orgKey = await makeKey(keyRoot);
  await makeBucket(keyRoot, 'seed-org-logs');
});
const org = (): Scenario => ({
  caller: keyRoot, account: KEY_ACCOUNT, name: 'org-trail', bucket: 'seed-org-logs', bucketOwner: keyRoot, key: orgKey, keyOwner: keyRoot, kmsKeyId: orgKey.arn,
  extra: { IsOrganizationTrail: true },
  documented: () => ({
    key: seed001KeyPolicy(orgKey.arn, ORG_TRAIL),
    bucket: [
      ...documentedBucketPolicy('seed-org-logs', [`AWSLogs/${KEY_ACCOUNT}`], ORG_TRAIL),
      {
        Sid: ORG_WRITE, Effect: 'Allow', Principal: SERVICE, Action: 's3:PutObject', Resource: `arn:aws:s3:::seed-org-logs/AWSLogs/${ORG_ID}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': ORG_TRAIL } },
      },
    ],
  }),
});

matrix('organization trail', org, [
  { name: 'the documented statements with the o-… folder', expect: 'ok', source: '§3; creating-an-organizational-trail-prepare' },
  { name: 'the o-… statement removed', mutate: (p) => drop(p.bucket, ORG_WRITE), expect: 'InsufficientS3BucketPolicyException', source: '§3; §0 item 7' },
  {
    name: 'the o-… statement with another organization id', mutate: (p) => (find(p.bucket, ORG_WRITE).Resource = 'arn:aws:s3:::seed-org-logs/AWSLogs/o-otherorg123/*'),
    expect: 'InsufficientS3BucketPolicyException', source: '§3',
  },
  {
    name: 'the o-… statement pinned to a member account’s trail ARN', mutate: (p) => (cond(find(p.bucket, ORG_WRITE)).StringEquals['aws:SourceArn'] = trailArn(OTHER, 'org-trail')),
    expect: 'InsufficientS3BucketPolicyException', source: '§2.2 (aws:SourceArn is the management account’s trail ARN)',
  },
  {
    // The management account's own AWSLogs/<account>/ statement is advisory (requirements.ts:
    // bucket.put-object-management-folder): an organization trail writes under the o-… folder.
    name: 'the management account’s AWSLogs/<account> statement removed', mutate: (p) => drop(p.bucket, WRITE),
    expect: 'ok', source: '§3 ("Keep the AWSLogs/<mgmt-acct>/* statement too": advisory)',
  },
  {
    name: 'key: encryption context for the member account only',
    mutate: (p) => (cond(find(p.key, ENCRYPT)).StringLike['kms:EncryptionContext:aws:cloudtrail:arn'] = [`arn:aws:cloudtrail:*:${OTHER}:trail/*`]),
    expect: 'InsufficientEncryptionPolicyException', source: '§0.1 item 13 (the context carries the management account’s ARN)',
  },
  {
    name: 'key: aws:SourceAccount is a member account', mutate: (p) => (cond(find(p.key, ENCRYPT)).StringEquals = { 'aws:SourceAccount': OTHER }),
    expect: 'InsufficientEncryptionPolicyException', source: '§2.2 (aws:SourceAccount is the management account)',
  },
]);

// ---------------------------------------------------------------------------------------------
// Decrypt granted only with the Null condition: judged on a delivered log file (§0 item 9).

describe('decrypt granted only with the Null condition: who can read a delivered log file', () => {
  const NAME = 'null-decrypt';
  const TRAIL = trailArn(KEY_ACCOUNT, NAME);
  const BUCKET = 'seed-null-logs';
  let key: { id: string; arn: string };
  let objectKey: string;
  beforeAll(async () => {
    key = await makeKey(keyRoot, 'us-east-1', {}, (arn) => seed001KeyPolicy(arn, TRAIL));
    await makeBucket(keyRoot, BUCKET);
    await s3At(keyRoot).send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: json(documentedBucketPolicy(BUCKET, [`AWSLogs/${KEY_ACCOUNT}`], TRAIL)) }));
    await ct(keyRoot).send(new CreateTrailCommand({ Name: NAME, S3BucketName: BUCKET, KmsKeyId: key.arn }));
    await ct(keyRoot).send(new StartLoggingCommand({ Name: NAME }));
    await kmsAt(keyRoot).send(new ListKeysCommand({}));
    const round = await server.flush();
    expect(round.logFiles.filter((f) => f.error)).toEqual([]);
    const listed = await s3At(keyRoot).send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `AWSLogs/${KEY_ACCOUNT}/CloudTrail/` }));
    objectKey = listed.Contents![0].Key!;
  });

  const decryptStatement = (p: Statement[]) => find(p, DECRYPT);
  type ReadCase = { name: string; mutate?: (key: Statement[]) => void; who?: Credentials; whoName?: string; expect: 'read' | 'no identity' | 'explicit deny'; source: string };
  const cases: ReadCase[] = [
    { name: 'the seed’s statement: the reader decrypts', expect: 'read', source: 'seed 001; §0 item 9' },
    { name: 'another user of the account', who: outsider, whoName: 'outsider', expect: 'no identity', source: '§0 item 9' },
    { name: 'the statement removed', mutate: (k) => drop(k, DECRYPT), expect: 'no identity', source: '§0 item 9' },
    { name: 'Null "true"', mutate: (k) => (cond(decryptStatement(k)).Null['kms:EncryptionContext:aws:cloudtrail:arn'] = 'true'), expect: 'no identity', source: 'policy-semantics Null' },
    {
      name: 'Null on an encryption-context key the object does not have',
      mutate: (k) => (cond(decryptStatement(k)).Null = { 'kms:EncryptionContext:aws:cloudtrail:trail': 'false' }), expect: 'no identity', source: '§10 (the stored context)',
    },
    {
      name: 'StringEquals with this trail’s ARN instead of Null', mutate: (k) => (decryptStatement(k).Condition = { StringEquals: { 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL } }),
      expect: 'read', source: '§10 (the stored context carries the trail ARN)',
    },
    {
      name: 'StringLike for another account’s trails', mutate: (k) => (decryptStatement(k).Condition = { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${OTHER}:trail/*` } }),
      expect: 'no identity', source: '§10',
    },
    {
      name: 'granted to another user', mutate: (k) => (decryptStatement(k).Principal = { AWS: `arn:aws:iam::${KEY_ACCOUNT}:user/outsider` }), expect: 'no identity', source: '§0 item 9',
    },
    { name: 'kms:Encrypt instead of kms:Decrypt', mutate: (k) => (decryptStatement(k).Action = 'kms:Encrypt'), expect: 'no identity', source: '§0 item 9' },
    {
      name: 'an explicit Deny of Decrypt to the reader',
      mutate: (k) => k.push({ Sid: 'DenyReader', Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${KEY_ACCOUNT}:user/reader` }, Action: 'kms:Decrypt', Resource: '*' }),
      expect: 'explicit deny', source: 'IAM evaluation: an explicit deny wins',
    },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.expect === 'read' ? 'gunzipped records' : `AccessDenied (${c.expect})`} [${c.source}]`, async () => {
      const policy = seed001KeyPolicy(key.arn, TRAIL);
      c.mutate?.(policy);
      await kmsAt(keyRoot).send(new PutKeyPolicyCommand({ KeyId: key.id, Policy: json(policy) }));
      const get = s3At(c.who ?? reader).send(new GetObjectCommand({ Bucket: BUCKET, Key: objectKey }));
      if (c.expect === 'read') {
        const got = await get;
        expect(got.SSEKMSKeyId).toBe(key.arn);
        const records = JSON.parse(gunzipSync(Buffer.from(await got.Body!.transformToByteArray())).toString()).Records as { eventName: string }[];
        expect(records.map((r) => r.eventName)).toEqual(expect.arrayContaining(['StartLogging', 'ListKeys']));
        return;
      }
      const user = `arn:aws:iam::${KEY_ACCOUNT}:user/${c.whoName ?? 'reader'}`;
      // KMS's Decrypt text names no key: "on the resource associated with this ciphertext" (KMS's own texts, §6.6).
      const head = `User: ${user} is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext`;
      const tail = {
        'no identity': ' because no identity-based policy allows the kms:Decrypt action',
        'explicit deny': ' because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access',
      }[c.expect];
      expect(await failure(get)).toEqual({ name: 'AccessDenied', message: head + tail, status: 403 });
    });
  }
});
