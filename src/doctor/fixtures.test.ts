// The real-world fixtures (test/fixtures/doctor): a Terraform plan and a CloudFormation template for a
// single account, a central logging account and an organization trail (plus CloudTrail Lake), each
// correct and broken, with the exact rules each broken one fails.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDoctor, type DoctorOptions, type Report } from './index.js';

const DIR = join(import.meta.dirname, '../../test/fixtures/doctor');
const tf = (name: string) => join(DIR, 'terraform', name);
const cfn = (name: string) => join(DIR, 'cloudformation', name);
const run = (options: DoctorOptions) => runDoctor(options, (p) => readFile(p, 'utf8'));
const failed = (r: Report) => [...new Set(r.results.filter((x) => x.verdict === 'fail').map((x) => x.rule))].sort();
const unknown = (r: Report) => r.results.filter((x) => x.verdict === 'unknown');

const central = (logging: string, params = true): DoctorOptions => ({
  cloudformation: [cfn(logging), cfn('trail-account.yaml')],
  parameters: params ? [`${cfn(logging)}:AWS::AccountId=222222222222`, `${cfn('trail-account.yaml')}:AWS::AccountId=111111111111`, 'AWS::Region=eu-west-1'] : [],
});

describe.each([
  ['Terraform single account', { terraform: tf('single-account.json') }, { terraform: tf('single-account-broken.json') }, ['TK001', 'TK003', 'TK010', 'TK011', 'TK041']],
  ['Terraform central logging', { terraform: tf('central-logging.json') }, { terraform: tf('central-logging-broken.json') }, ['TK001', 'TK011', 'TK041']],
  ['Terraform organization trail', { terraform: tf('organization.json') }, { terraform: tf('organization-broken.json') }, ['TK011', 'TK043']],
  ['Terraform CloudTrail Lake', { terraform: tf('lake.json') }, { terraform: tf('lake-broken.json') }, ['TK040', 'TK050', 'TK051']],
  ['CloudFormation single account', { cloudformation: [cfn('single-account.yaml')] }, { cloudformation: [cfn('single-account-broken.yaml')] }, ['TK001', 'TK003', 'TK011', 'TK030', 'TK040']],
  ['CloudFormation central logging', central('logging-account.yaml'), central('logging-account-broken.yaml'), ['TK001', 'TK011', 'TK041']],
  ['CloudFormation organization trail', { cloudformation: [cfn('organization.json')], orgId: 'o-a1b2c3d4e5' }, { cloudformation: [cfn('organization-broken.json')], orgId: 'o-a1b2c3d4e5' }, ['TK004', 'TK012', 'TK031']],
  ['CloudFormation CloudTrail Lake', { cloudformation: [cfn('lake.yaml')] }, { cloudformation: [cfn('lake-broken.yaml')] }, ['TK050', 'TK051']],
] as [string, DoctorOptions, DoctorOptions, string[]][])('%s', (_name, ok, broken, rules) => {
  it('passes when correct (at most warnings)', async () => {
    const r = await run(ok);
    expect(r.summary.error, JSON.stringify(r.results.filter((x) => x.verdict !== 'pass'), null, 1)).toBe(0);
    expect(unknown(r)).toEqual([]);
    expect(r.summary.pass).toBeGreaterThan(10);
  });

  it(`fails ${rules.join(', ')} when broken`, async () => {
    const r = await run(broken);
    expect(failed(r)).toEqual(rules);
    // Every failure points into the file, with a line number.
    for (const x of r.results.filter((y) => y.verdict === 'fail')) expect(x.location?.line, `${x.rule} ${x.check}`).toBeGreaterThan(0);
  });
});

describe('values known only after apply or deploy', () => {
  it('gives "unknown", naming the value, for a bucket named by bucket_prefix', async () => {
    const r = await run({ terraform: tf('unknown-bucket.json') });
    expect(failed(r)).toEqual([]);
    expect(unknown(r).map((x) => x.rule).sort()).toEqual(['TK001', 'TK011']);
    expect(unknown(r)[0].unknown).toBe('`aws_s3_bucket.trail_logs.bucket`');
  });

  it('gives "unknown" for stacks whose accounts and Region are not given, and names the pseudo parameters', async () => {
    const r = await run(central('logging-account.yaml', false));
    expect(failed(r)).toEqual([]);
    const bucket = unknown(r).find((x) => x.rule === 'TK011')!;
    expect(bucket.unknown).toMatch(/AWS::AccountId.*AWS::Region/);
  });

  it('asks for the organization id of an organization trail', async () => {
    const r = await run({ cloudformation: [cfn('organization.json')] });
    expect(unknown(r)[0].unknown).toMatch(/--org-id/);
  });

  it('shows pseudo parameters symbolically in messages', async () => {
    const r = await run({ cloudformation: [cfn('single-account-broken.yaml')] });
    const tk001 = r.results.find((x) => x.rule === 'TK001')!;
    expect(tk001.message).toContain('arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/management-events');
    expect(r.subjects.find((s) => s.id === 'Trail')!.arn).toBe('arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/management-events');
  });
});

describe('readers', () => {
  it('lists who can decrypt, with the statement and whether IAM must also allow', async () => {
    const r = await run({ terraform: tf('single-account.json') });
    expect(r.readers.map(({ principal, kind, needsIamPolicy, forTheseLogs, statement }) => ({ principal, kind, needsIamPolicy, forTheseLogs, statement }))).toEqual([
      { principal: 'arn:aws:iam::111111111111:root', kind: 'account', needsIamPolicy: true, forTheseLogs: true, statement: 'EnableRootAccess' },
      { principal: 'arn:aws:iam::111111111111:role/security-audit', kind: 'principal', needsIamPolicy: false, forTheseLogs: true, statement: 'AllowLogReaders' },
    ]);
  });

  it('limits `*` to the accounts or organization its conditions name', async () => {
    const r = await run({ cloudformation: [cfn('organization.json')], orgId: 'o-a1b2c3d4e5' });
    expect(r.readers.find((x) => x.kind === 'anyone')).toMatchObject({ accounts: ['o-a1b2c3d4e5'], forTheseLogs: true, statement: 'AllowOrganizationToReadLogs' });
  });
});
