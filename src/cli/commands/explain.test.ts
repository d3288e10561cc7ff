import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../../test/fixtures/doctor/run-cli.js';

const FIX = join(import.meta.dirname, '../../../test/fixtures/doctor');
const TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/management-events';
const inputs = (kp = 'key-policy.json', bp = 'bucket-policy.json') =>
  ['--key-policy', `${FIX}/policies/${kp}`, '--bucket-policy', `${FIX}/policies/${bp}`, '--trail-arn', TRAIL];

describe('trailkey explain', () => {
  it("explains CloudTrail's own request, with the trail's context, statement by statement", async () => {
    const r = await cli(['explain', '--principal', 'cloudtrail.amazonaws.com', '--action', 'kms:GenerateDataKey', ...inputs()]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('is allowed.');
    expect(r.out).toContain('It is allowed by key policy statement `Allow CloudTrail to encrypt logs`.');
    expect(r.out).toContain('statement by statement:');
    expect(r.out).toMatch(/allows\s+key policy statement `Allow CloudTrail to encrypt logs`/);
  });

  it('says why a request is denied and exits 1', async () => {
    const r = await cli(['explain', '--principal', 'cloudtrail.amazonaws.com', '--action', 'kms:GenerateDataKey', ...inputs('key-policy-broken.json')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('is denied: nothing allows it (implicit deny).');
    expect(r.out).toContain('condition `aws:SourceArn` StringEquals `arn:aws:cloudtrail:*:111111111111:trail/*`');
  });

  it("gives a reader's Decrypt the trail's encryption context", async () => {
    const reader = ['explain', '--action', 'kms:Decrypt', ...inputs()];
    const r = await cli([...reader, '--principal', 'arn:aws:iam::111111111111:role/security-audit']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('condition `kms:EncryptionContext:aws:cloudtrail:arn` Null');
    // Another role of the account only gets there through IAM (the root statement delegates).
    const other = await cli([...reader, '--principal', 'arn:aws:iam::111111111111:role/developer']);
    expect(other.code).toBe(1);
    expect(other.out).toMatch(/identity policy[\s\S]*`arn:aws:iam::111111111111:role\/developer`/);
    const withIam = await cli([...reader, '--principal', 'arn:aws:iam::111111111111:role/developer', '--identity-policy', `${FIX}/policies/key-policy.json`]);
    expect(withIam.code).toBe(2); // a key policy is not an identity policy: it has a Principal
  });

  it('explains a bucket request and an explicit deny', async () => {
    const r = await cli(['explain', '--principal', 'cloudtrail.amazonaws.com', '--action', 's3:PutObject', ...inputs('key-policy.json', 'bucket-policy-broken.json')]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('is denied explicitly by bucket policy statement `DenyUnencryptedUploads`');
  });

  it('takes a whole request file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailkey-explain-'));
    const file = join(dir, 'request.json');
    writeFileSync(file, JSON.stringify({
      principal: { Service: 'cloudtrail.amazonaws.com' }, action: 'kms:DescribeKey', resource: 'arn:aws:kms:us-east-1:111111111111:key/k', resourceKind: 'kms-key',
      context: { 'aws:SourceArn': TRAIL },
      resourcePolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Describe', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*' }] },
    }));
    const r = await cli(['explain', '--request', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('resourcePolicy statement `Describe`');
  });

  it("asks a request file without a resourcePolicy of the inputs' policy", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailkey-explain-'));
    const file = join(dir, 'request.json');
    writeFileSync(file, JSON.stringify({ principal: { AWS: 'arn:aws:iam::999999999999:root' }, action: 'kms:Decrypt', resource: 'arn:aws:kms:us-east-1:111111111111:key/k', resourceKind: 'kms-key' }));
    const r = await cli(['explain', '--request', file, ...inputs()]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/denied: nothing allows it[\s\S]*`Enable IAM User Permissions`[\s\S]*does not name `arn:aws:iam::999999999999:root`/);
  });

  it('prints what a rule checks', async () => {
    const r = await cli(['explain', 'tk030']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^TK030 readers-public \(error\): Not everyone can decrypt the logs/);
    expect(r.out).toContain('fix: ');
  });

  it.each([
    [['--principal', 'bob', '--action', 'kms:Decrypt', ...inputs()], /--principal `bob` is not a service/],
    [['--principal', 'cloudtrail.amazonaws.com', '--action', 'ec2:RunInstances', ...inputs()], /neither a kms: nor an s3: action/],
    [['TK999'], /unknown rule `TK999`/],
    [[], /give --principal and --action/],
  ])('exits 2 on bad input (%#)', async (args, message) => {
    const r = await cli(['explain', ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
