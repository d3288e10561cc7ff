import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/fixtures/doctor/run-cli.js';
import { asCloudFormation, base } from '../../doctor/testing/scenarios.js';

const FIX = join(import.meta.dirname, '../../../test/fixtures/doctor');
const TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/management-events';

function copies() {
  const dir = mkdtempSync(join(tmpdir(), 'trailkey-fix-'));
  const kp = join(dir, 'kp.json');
  const bp = join(dir, 'bp.json');
  copyFileSync(`${FIX}/policies/key-policy-broken.json`, kp);
  copyFileSync(`${FIX}/policies/bucket-policy-broken.json`, bp);
  return { kp, bp, args: ['--key-policy', kp, '--bucket-policy', bp, '--trail-arn', TRAIL, '--prefix', 'new-prefix'] };
}

describe('trailkey fix', () => {
  it('prints both policies with every statement kept and the missing ones added', async () => {
    const { args } = copies();
    const r = await cli(['fix', ...args]);
    expect(r.out).toContain('added statement `Allow CloudTrail to describe key`');
    expect(r.out).toContain('added statement `AWSCloudTrailWrite`');
    expect(r.out).toContain('statement `Allow CloudTrail to encrypt logs`: `aws:SourceArn` `arn:aws:cloudtrail:*:111111111111:trail/*` (literal under `StringEquals`) → `arn:aws:cloudtrail:us-east-1:111111111111:trail/management-events`');
    expect(r.out).toContain('statement `DenyUnencryptedUploads` (Deny): no longer applies to cloudtrail.amazonaws.com');
    // The public decrypt grant is the user's call: kept, and reported as still failing.
    expect(r.out).toContain('still failing after the fix:\n  TK030');
    expect(r.code).toBe(1);
  });

  it('prints one policy as plain JSON with --only, ready to pipe', async () => {
    const { args } = copies();
    const r = await cli(['fix', ...args, '--only', 'bucket']);
    const policy = JSON.parse(r.out);
    expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['AWSCloudTrailAclCheck20150319', 'AWSCloudTrailWrite20150319', 'DenyUnencryptedUploads', 'AWSCloudTrailWrite']);
    expect(policy.Statement[3]).toEqual({
      Sid: 'AWSCloudTrailWrite', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::acme-trail-logs/new-prefix/AWSLogs/111111111111/*',
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': TRAIL } },
    });
  });

  it('rewrites the policy files with --write, after which check passes CloudTrail', async () => {
    const { kp, bp, args } = copies();
    const r = await cli(['fix', ...args, '--write']);
    expect(r.out).toContain(`wrote ${bp}: 2 changes`);
    expect(r.out).toContain(`wrote ${kp}: 3 changes`);
    expect(JSON.parse(readFileSync(kp, 'utf8')).Statement).toHaveLength(4);
    const after = JSON.parse((await cli(['check', ...args, '--format', 'json'])).out);
    const failing = after.results.filter((x: { verdict: string }) => x.verdict === 'fail').map((x: { rule: string }) => x.rule);
    expect(failing).toEqual(['TK030']);
  });

  it('fixes a Terraform plan completely and reports nothing left', async () => {
    const r = await cli(['fix', '--terraform', `${FIX}/terraform/single-account-broken.json`, '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.schemaVersion).toBe(1);
    expect(json.remaining).toEqual([]);
    const key = json.policies.find((p: { target: string }) => p.target === 'key');
    expect(key.label).toBe('aws_kms_key.trail.policy');
    expect(key.changes).toEqual(['added statement `Allow CloudTrail to encrypt logs`', 'added statement `Allow CloudTrail to describe key`', 'added statement `Allow CloudTrail to decrypt with the S3 Bucket Key`']);
    expect(key.file).toBeUndefined();
  });

  it('writes CloudFormation placeholders as ${AWS::AccountId} for !Sub', async () => {
    const r = await cli(['fix', '--cloudformation', `${FIX}/cloudformation/single-account-broken.yaml`, '--only', 'key']);
    const policy = JSON.parse(r.out);
    const describeKey = policy.Statement.find((s: { Sid: string }) => s.Sid === 'Allow CloudTrail to describe key');
    expect(describeKey.Condition.StringEquals['aws:SourceArn']).toBe('arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/management-events');
  });

  it('writes a bucket policy from scratch for a bucket without one', async () => {
    const { files, options } = asCloudFormation({ ...base(), bucketPolicy: null });
    const dir = mkdtempSync(join(tmpdir(), 'trailkey-fix-'));
    writeFileSync(join(dir, 'template.yaml'), files['template.yaml']);
    const r = await cli(['fix', '--cloudformation', join(dir, 'template.yaml'), ...options.parameters!.flatMap((p) => ['--parameter', p]), '--only', 'bucket']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite']);
  });

  it('says so when there is nothing of a kind to fix', async () => {
    const r = await cli(['fix', '--key-policy', `${FIX}/policies/key-policy.json`, '--trail-arn', TRAIL, '--bucket', 'acme-trail-logs', '--only', 'bucket']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/there is no bucket policy to fix/);
  });
});
