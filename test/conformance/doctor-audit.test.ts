// `trailkey audit` against the emulator: trails, keys and buckets set up through the SDK, then read
// back by the audit through the SDK's standard credential chain (here: the environment), in-process
// through main() with an Io, and once as the built binary. Healthy trails pass; policies edited
// after CreateTrail fail with the doctor's findings and exit codes; what the auditor may not read is
// "unknown" and names the permission, never a stack trace.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { CreateKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import type { Report } from '../../src/doctor/index.js';
import * as documented from '../../src/policy/cloudtrail/documented-policies.js';
import type { RunningServer } from '../../src/server/index.js';
import { CLI, clientConfig, ensureBuilt, rootOf, startServer, tempDir, type Credentials } from './harness.js';

const A = documented.ACCOUNT;
const OTHER = '222222222222';
const ORG = 'o-a1b2c3d4e5';
const REGION = 'us-east-1';
const CT = { Service: 'cloudtrail.amazonaws.com' };
const trailArn = (name: string) => `arn:aws:cloudtrail:${REGION}:${A}:trail/${name}`;
const auditor: Credentials = { accessKeyId: 'AKIAAUDITOR000000001', secretAccessKey: 'auditor-secret-0001' };
/** What a read-only auditor typically has, without kms:GetKeyPolicy. */
const auditorPolicy = {
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow', Resource: '*',
    Action: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'kms:DescribeKey', 's3:GetBucketPolicy', 's3:GetBucketLocation', 's3:GetEncryptionConfiguration'],
  }],
};

let server: RunningServer;
let encryptKey: string;

// ---- running `trailkey audit` ----------------------------------------------------------------------

/** The SDK's credential chain reads the environment: each run sets it, and nothing else is found. */
const ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_ENDPOINT_URL'];
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
function isolatedEnv(): Record<string, string> {
  const home = tempDir();
  return { AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' };
}

async function audit(args: string[], credentials: Credentials = rootOf(A)): Promise<{ code: number; out: string; err: string }> {
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, isolatedEnv(), { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey });
  let out = '';
  let err = '';
  const io: Io = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => '', color: false };
  const code = await main(['audit', '--endpoint-url', server.url, '--region', REGION, ...args], io);
  return { code, out, err };
}

async function auditJson(args: string[], credentials?: Credentials): Promise<Report> {
  const r = await audit([...args, '--format', 'json'], credentials);
  expect(r.err).toBe('');
  return JSON.parse(r.out) as Report;
}

const of = (report: Report, rule: string) => report.results.filter((r) => r.rule === rule);

// ---- the account -----------------------------------------------------------------------------------

async function trailWith(name: string, keyPolicy: object, bucketPolicy: object, options: { keyAccount?: string; org?: boolean; logging?: boolean } = {}): Promise<string> {
  const kms = new KMSClient(clientConfig(server.url, rootOf(options.keyAccount ?? A)));
  const s3 = new S3Client({ ...clientConfig(server.url, rootOf(A)), forcePathStyle: true });
  const ct = new CloudTrailClient(clientConfig(server.url, rootOf(A)));
  const { KeyMetadata: key } = await kms.send(new CreateKeyCommand({ Policy: JSON.stringify(keyPolicy), BypassPolicyLockoutSafetyCheck: true }));
  await s3.send(new CreateBucketCommand({ Bucket: `${name}-logs` }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: `${name}-logs`, Policy: JSON.stringify(bucketPolicy) }));
  await ct.send(new CreateTrailCommand({ Name: name, S3BucketName: `${name}-logs`, KmsKeyId: key!.Arn, IsOrganizationTrail: options.org }));
  if (options.logging !== false) await ct.send(new StartLoggingCommand({ Name: name }));
  for (const c of [kms, s3, ct]) c.destroy();
  return key!.Arn!;
}

const keyPolicyFor = (name: string, account = A) => documented.keyPolicy(trailArn(name), account);
const bucketPolicyFor = (name: string, folders = [`AWSLogs/${A}`]) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AWSCloudTrailAclCheck', Effect: 'Allow', Principal: CT, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${name}-logs`, Condition: { StringEquals: { 'aws:SourceArn': trailArn(name) } } },
    {
      Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: CT, Action: 's3:PutObject', Resource: folders.map((f) => `arn:aws:s3:::${name}-logs/${f}/*`),
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn(name) } },
    },
  ],
});

beforeAll(async () => {
  server = await startServer({
    deliveryIntervalMs: 0,
    config: {
      organization: { id: ORG, managementAccount: A },
      users: [
        { account: A, name: 'log-reader' },
        { account: A, name: 'auditor', accessKeys: [{ id: auditor.accessKeyId, secret: auditor.secretAccessKey }], policies: { audit: auditorPolicy } },
      ],
    },
  });
  // A healthy trail; one whose key policy loses its encrypt statement after CreateTrail; one whose
  // key is in another account; an organization trail that is not logging.
  await trailWith('healthy', keyPolicyFor('healthy'), bucketPolicyFor('healthy'));
  encryptKey = await trailWith('drifted', keyPolicyFor('drifted'), bucketPolicyFor('drifted'));
  const central = keyPolicyFor('central');
  central.Statement[0] = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${OTHER}:root` }, Action: 'kms:*', Resource: '*' };
  await trailWith('central', central, bucketPolicyFor('central'), { keyAccount: OTHER });
  await trailWith('organization', keyPolicyFor('organization'), bucketPolicyFor('organization', [`AWSLogs/${A}`, `AWSLogs/${ORG}`]), { org: true, logging: false });
  const drifted = keyPolicyFor('drifted');
  drifted.Statement.splice(1, 1);
  const kms = new KMSClient(clientConfig(server.url, rootOf(A)));
  await kms.send(new PutKeyPolicyCommand({ KeyId: encryptKey, PolicyName: 'default', Policy: JSON.stringify(drifted) }));
  kms.destroy();
  // Deliver what the trails logged so far: the drifted trail's delivery fails.
  await server.flush();
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  await server.close();
});

// ---- the tests -------------------------------------------------------------------------------------

describe('trailkey audit against the emulator', () => {
  it('passes a healthy trail and lists who can decrypt its logs', async () => {
    const r = await audit(['--trail', 'healthy']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(`checked 1 trail, 1 key, 1 bucket in ${REGION} at ${server.url}`);
    expect(r.out).toMatch(/who can decrypt logs encrypted with arn:aws:kms:us-east-1:111111111111:key\/[0-9a-f-]{36}:/);
    expect(r.out).toContain(`- \`arn:aws:iam::${A}:user/log-reader\``);
    expect(r.out).toMatch(/\npassed: 0 errors, 0 warnings, 0 notes, 0 unknown; \d+ checks passed\n$/);

    const report = await auditJson(['--trail', 'healthy']);
    expect(report.inputs).toEqual([{ kind: 'account', file: `${REGION} at ${server.url}` }]);
    expect(report.subjects.map((s) => s.kind)).toEqual(['trail', 'key', 'bucket']);
    for (const rule of ['TK001', 'TK010', 'TK011', 'TK020', 'TK021', 'TK022', 'TK061', 'TK062']) {
      expect(of(report, rule).map((x) => x.verdict), rule).toEqual(expect.arrayContaining(['pass']));
      expect(of(report, rule).filter((x) => x.verdict !== 'pass'), rule).toEqual([]);
    }
  });

  it('fails a trail whose key policy changed after CreateTrail, with the exception CreateTrail would answer now', async () => {
    const r = await audit(['--trail', 'drifted']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error   TK001  CloudTrail can encrypt log files with the key');
    expect(r.out).toContain('CreateTrail and UpdateTrail fail with InsufficientEncryptionPolicyException.');
    expect(r.out).toContain('error   TK061  The trail\'s last delivery succeeded');
    const report = await auditJson(['--trail', 'drifted']);
    const encrypt = of(report, 'TK001').find((x) => x.verdict === 'fail')!;
    expect(encrypt).toMatchObject({ stage: 'create', error: 'InsufficientEncryptionPolicyException', subject: trailArn('drifted') });
    expect(of(report, 'TK061')[0].message).toMatch(/^CloudTrail's last delivery of log files \(LatestDeliveryError `[A-Za-z.]+`\) failed/);
    // --fail-on none: findings are printed, the exit code ignores them.
    expect((await audit(['--trail', 'drifted', '--fail-on', 'none'])).code).toBe(0);
  });

  it('answers unknown, naming the permission, for a key policy the auditor may not read', async () => {
    const r = await audit(['--trail', 'healthy'], auditor);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('unknown TK001  CloudTrail can encrypt log files with the key');
    expect(r.out).toMatch(/cannot be checked: the auditor could not read the key policy of `arn:aws:kms:[^`]+`: `kms:GetKeyPolicy` is denied \(AccessDeniedException: User: arn:aws:iam::111111111111:user\/auditor is not authorized to perform: kms:GetKeyPolicy/);
    expect(r.out).toContain('Allow the auditor `kms:GetKeyPolicy` on the key');
    expect(r.out).not.toMatch(/\n\s+at /);
    // The bucket is still checked, and so are the key's facts.
    const report = await auditJson(['--trail', 'healthy'], auditor);
    expect(of(report, 'TK011').map((x) => x.verdict)).toEqual(['pass']);
    expect(of(report, 'TK022').map((x) => x.verdict)).toEqual(['pass']);
    expect(report.readers).toEqual([]);
    expect((await audit(['--trail', 'healthy', '--fail-on-unknown'], auditor)).code).toBe(1);
  });

  it("answers unknown for another account's key: GetKeyPolicy does not work across accounts", async () => {
    const report = await auditJson(['--trail', 'central']);
    const encrypt = of(report, 'TK001');
    expect(encrypt.map((x) => x.verdict)).toEqual(['unknown']);
    expect(encrypt[0].message).toContain('`kms:GetKeyPolicy` is denied');
    expect(encrypt[0].message).toContain(`The key belongs to account \`${OTHER}\` and GetKeyPolicy does not work across accounts: run the audit with credentials of account \`${OTHER}\`.`);
    // DescribeKey works across accounts only when the key policy allows it; this one does not.
    expect(of(report, 'TK022')[0]).toMatchObject({ verdict: 'unknown', message: expect.stringContaining('`kms:DescribeKey` is denied') });
    // The bucket is the trail account's: checked.
    expect(of(report, 'TK011').map((x) => x.verdict)).toEqual(['pass']);
  });

  it('needs --org-id for organization trails, and says so', async () => {
    const without = await auditJson(['--trail', 'organization']);
    expect(of(without, 'TK011')[0]).toMatchObject({ verdict: 'unknown', message: expect.stringContaining('pass --org-id o-…') });
    const withId = await auditJson(['--trail', 'organization', '--org-id', ORG]);
    expect(of(withId, 'TK011').map((x) => x.verdict)).toEqual(['pass']);
    expect(of(withId, 'TK001').map((x) => x.verdict)).toEqual(['pass']);
    // The trail was never started: a note, which does not fail the default --fail-on error.
    expect(of(withId, 'TK062')[0]).toMatchObject({ verdict: 'fail', severity: 'note', message: 'the trail is not logging, so it records no events.' });
    expect((await audit(['--trail', 'organization', '--org-id', ORG])).code).toBe(0);
    expect((await audit(['--trail', 'organization', '--org-id', ORG, '--fail-on', 'note'])).code).toBe(1);
  });

  it('audits every trail of the Region without --trail', async () => {
    const report = await auditJson(['--org-id', ORG]);
    expect(report.subjects.filter((s) => s.kind === 'trail').map((s) => s.id).sort()).toEqual(['central', 'drifted', 'healthy', 'organization'].map(trailArn).sort());
    expect(report.summary.error).toBeGreaterThan(0);
  });

  it('writes SARIF, JUnit and Markdown', async () => {
    const sarif = JSON.parse((await audit(['--trail', 'drifted', '--format', 'sarif'])).out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].artifacts).toEqual([]);
    expect(sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'TK001')).toMatchObject({ kind: 'fail', level: 'error' });
    const junit = (await audit(['--trail', 'drifted', '--format', 'junit'])).out;
    expect(junit).toContain('<testsuites name="trailkey audit"');
    expect(junit).toContain('<failure type="error"');
    const markdown = (await audit(['--trail', 'drifted', '--format', 'markdown'])).out;
    expect(markdown.split('\n')[0]).toBe('## trailkey audit');
  });

  it('stops with one line and exit 2 when the account cannot be read', async () => {
    const unknownTrail = await audit(['--trail', 'nope']);
    expect(unknownTrail).toEqual({ code: 2, out: '', err: `trailkey audit: no trail \`nope\` in ${REGION} (names find trails of this Region; give an arn for others)\n` });
    const bad = await audit(['--format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^trailkey audit: unknown format `yaml`/);
    expect((await audit(['--org-id', 'org-1'])).code).toBe(2);
    // Nothing listens on port 9 of loopback (discard): the SDK's connection error, as one line.
    let out = '';
    let err = '';
    const io: Io = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => '', color: false };
    const code = await main(['audit', '--endpoint-url', 'http://127.0.0.1:9', '--region', REGION], io);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(/^trailkey audit: cannot reach `http:\/\/127\.0\.0\.1:9`: .*ECONNREFUSED.*\n$/);
  });
});

// ---- the built binary ------------------------------------------------------------------------------

async function binary(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, 'audit', ...args], { env: { PATH: process.env.PATH ?? '', HOME: tempDir(), ...isolatedEnv(), ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('the trailkey binary', () => {
  it('audits with the credentials and Region of the environment, and says so when there are none', { timeout: 120_000 }, async () => {
    await ensureBuilt();
    const creds = { AWS_ACCESS_KEY_ID: A, AWS_SECRET_ACCESS_KEY: 'x' };
    const ok = await binary(['--endpoint-url', server.url, '--trail', 'healthy', '--format', 'json'], { ...creds, AWS_DEFAULT_REGION: REGION });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as Report).subjects[0]).toEqual({ id: trailArn('healthy'), kind: 'trail', arn: trailArn('healthy') });
    expect((await binary(['--endpoint-url', server.url, '--trail', 'drifted'], { ...creds, AWS_REGION: REGION })).code).toBe(1);
    const none = await binary(['--endpoint-url', server.url, '--region', REGION], {});
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^trailkey audit: no AWS credentials: .+ \(set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\)\n$/);
    const noRegion = await binary(['--endpoint-url', server.url], creds);
    expect(noRegion).toMatchObject({ code: 2, stderr: 'trailkey audit: no Region: pass --region or set AWS_REGION\n' });
  });
});
