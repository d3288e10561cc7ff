import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../doctor/index.js';
import { cli } from '../../../test/fixtures/doctor/run-cli.js';

const FIX = join(import.meta.dirname, '../../../test/fixtures/doctor');
const TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/management-events';

const files = (...names: string[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'trailkey-check-'));
  return names.map((n) => join(dir, n));
};

describe('trailkey check: verdicts and exit codes', () => {
  it('exits 0 on a correct policy pair and lists the readers', async () => {
    const r = await cli(['check', '--key-policy', `${FIX}/policies/key-policy.json`, '--bucket-policy', `${FIX}/policies/bucket-policy.json`, '--trail-arn', TRAIL]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('who can decrypt logs encrypted with');
    expect(r.out).toContain('`arn:aws:iam::111111111111:role/security-audit`');
    expect(r.out).toMatch(/passed: 0 errors, 0 warnings, 0 notes, 0 unknown; \d+ checks passed/);
    expect(r.out).not.toContain('\x1b[');
  });

  it('exits 1 on errors, each with its cause, fix and location', async () => {
    const r = await cli(['check', '--terraform', `${FIX}/terraform/single-account-broken.json`]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('error   TK001  CloudTrail can encrypt log files with the key');
    expect(r.out).toMatch(/fix: Allow cloudtrail\.amazonaws\.com `kms:GenerateDataKey\*`/);
    expect(r.out).toMatch(/at .*single-account-broken\.json:\d+:\d+/);
  });

  it('honours --fail-on and --fail-on-unknown', async () => {
    const org = ['check', '--cloudformation', `${FIX}/cloudformation/organization.json`, '--org-id', 'o-a1b2c3d4e5'];
    expect((await cli(org)).code).toBe(0); // one warning (TK031)
    expect((await cli([...org, '--fail-on', 'warning'])).code).toBe(1);
    expect((await cli(['check', '--terraform', `${FIX}/terraform/single-account-broken.json`, '--fail-on', 'none'])).code).toBe(0);
    const unknown = ['check', '--terraform', `${FIX}/terraform/unknown-bucket.json`];
    expect((await cli(unknown)).code).toBe(0);
    expect((await cli([...unknown, '--fail-on-unknown'])).code).toBe(1);
  });

  it('lints a key policy and lists its readers without a trail', async () => {
    const r = await cli(['check', '--key-policy', `${FIX}/policies/key-policy-broken.json`]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe('checked 1 key');
    expect(r.out).toContain('TK030');
    expect(r.out).toContain('TK042');
    expect(r.out).not.toContain('TK001');
  });

  it('colours only when the terminal does', async () => {
    const r = await cli(['check', '--terraform', `${FIX}/terraform/single-account-broken.json`], true);
    expect(r.out).toContain('\x1b[31merror');
  });
});

describe('trailkey check: formats', () => {
  const broken = ['check', '--terraform', `${FIX}/terraform/single-account-broken.json`];

  it('json: a versioned report', async () => {
    const r = await cli([...broken, '--format', 'json']);
    const json = JSON.parse(r.out);
    expect(json.schemaVersion).toBe(1);
    expect(json.tool.name).toBe('trailkey');
    expect(json.summary).toMatchObject({ error: 5, warning: 3 });
    const tk001 = json.results.find((x: { rule: string; verdict: string }) => x.rule === 'TK001' && x.verdict === 'fail');
    expect(tk001).toMatchObject({ severity: 'error', stage: 'create', subject: 'aws_cloudtrail.main', check: 'key.generate-data-key', decision: { effect: 'ImplicitDeny' } });
    expect(tk001.trace).toBeUndefined();
    const traced = JSON.parse((await cli([...broken, '--format', 'json', '--trace'])).out);
    expect(traced.results.find((x: { rule: string }) => x.rule === 'TK001').trace.length).toBeGreaterThan(0);
  });

  it('sarif: 2.1.0 with every rule, stable ids and locations with lines', async () => {
    const r = await cli([...broken, '--format', 'sarif']);
    const sarif = JSON.parse(r.out);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id)).toEqual(RULES.map((x) => x.id));
    const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'TK001');
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('TK001');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/single-account-broken\.json$/);
    expect(result.locations[0].physicalLocation.region.startLine).toBeGreaterThan(1);
    expect(result.partialFingerprints['trailkeyResult/v1']).toMatch(/^[0-9a-f]{32}$/);
    const unknown = JSON.parse((await cli(['check', '--terraform', `${FIX}/terraform/unknown-bucket.json`, '--format', 'sarif'])).out);
    expect(unknown.runs[0].results[0]).toMatchObject({ kind: 'review', level: 'none' });
  });

  it('junit: failures at or above --fail-on, unknowns skipped', async () => {
    const r = await cli([...broken, '--format', 'junit']);
    expect(r.out).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="trailkey check" tests="\d+" failures="5" skipped="0">/);
    expect(r.out).toContain('<failure type="error"');
    expect(r.out).toContain('<system-out>warning: ');
    const all = await cli([...broken, '--format', 'junit', '--fail-on', 'warning']);
    expect(all.out).toMatch(/failures="8"/);
    const unknown = await cli(['check', '--terraform', `${FIX}/terraform/unknown-bucket.json`, '--format', 'junit']);
    expect(unknown.out).toContain('<skipped message="unknown: `aws_s3_bucket.trail_logs.bucket`"/>');
  });

  it('markdown: a CI summary with findings and readers', async () => {
    const r = await cli([...broken, '--format', 'markdown']);
    expect(r.out).toContain('## trailkey check');
    expect(r.out).toContain('| | Rule | Subject | Finding | Fix | Location |');
    expect(r.out).toContain('| ❌ error | TK001 CloudTrail can encrypt log files with the key |');
    expect(r.out).toContain('### Who can decrypt the logs');
  });
});

describe('trailkey check: bad input is one clear line and exit 2', () => {
  const [badJson, badYaml, badType, notPlan] = files('kp.json', 't.yaml', 'typo.yaml', 'plan.json');
  writeFileSync(badJson, '{"Version": "2012-10-17", "Statement": [');
  writeFileSync(badYaml, 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trail\n   Properties: {}\n');
  writeFileSync(badType, 'Resources:\n  Trail:\n    Type: AWS::CloudTrail::Trial\n');
  writeFileSync(notPlan, '{"resources": []}');

  it.each([
    ['a missing file', ['--key-policy', '/nonexistent/kp.json', '--trail-arn', TRAIL, '--bucket', 'b'], /cannot read `\/nonexistent\/kp.json`: no such file/],
    ['malformed JSON', ['--key-policy', badJson, '--trail-arn', TRAIL, '--bucket', 'b'], /is not valid JSON \(--key-policy\)/],
    ['malformed YAML', ['--cloudformation', badYaml], /is not valid YAML or JSON \(line 4, column \d+\)/],
    ['an unknown resource type', ['--cloudformation', badType], /unknown resource type `AWS::CloudTrail::Trial`/],
    ['a file that is not a plan', ['--terraform', notPlan], /is not a Terraform plan/],
    ['no input', [], /nothing to check/],
    ['a bad trail ARN', ['--key-policy', `${FIX}/policies/key-policy.json`, '--trail-arn', 'trail/x'], /--trail-arn `trail\/x` is not a trail arn/],
    ['an unknown format', ['--terraform', notPlan, '--format', 'xml'], /unknown format `xml`/],
    ['an unknown option', ['--nope'], /Unknown option '--nope'/],
  ])('%s', async (_name, args, message) => {
    const r = await cli(['check', ...args]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')[0]).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
