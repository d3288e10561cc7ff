import { describe, expect, it } from 'vitest';
import {
  checkBucketPolicyForTrail, checkKeyPolicyForTrail, DESCRIBE_KEY_REQUIRED_WITHOUT_BUCKET_KEY, trailRequests, TrailFactsError,
  type RequirementResult, type TrailFacts,
} from './index.js';
import { ACCOUNT, BUCKET, bucketPolicy, KEY, keyPolicy, TRAIL } from './documented-policies.js';

const facts: TrailFacts = { trailArn: TRAIL, bucket: BUCKET, keyArn: KEY };
const byId = (results: RequirementResult[]) => Object.fromEntries(results.map((r) => [r.id, r]));

describe('trailRequests', () => {
  it('builds the documented CreateTrail probe: encryption context, SourceArn, SourceAccount', () => {
    const gdk = trailRequests(facts).find((r) => r.id === 'key.generate-data-key')!;
    expect(gdk.stage).toBe('create');
    expect(gdk.request).toEqual({
      principal: { Service: 'cloudtrail.amazonaws.com' },
      action: 'kms:GenerateDataKey',
      resource: KEY,
      resourceAccount: ACCOUNT,
      resourceKind: 'kms-key',
      context: {
        'aws:SourceArn': TRAIL,
        'aws:SourceAccount': ACCOUNT,
        'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL,
        'kms:EncryptionContext:aws:s3:arn': `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/`,
        'kms:EncryptionContextKeys': ['aws:cloudtrail:arn', 'aws:s3:arn'],
      },
    });
  });

  it('puts the prefix and, for organization trails, the organization id in every path', () => {
    const org = trailRequests({ ...facts, prefix: 'central', isOrganizationTrail: true, organizationId: 'o-abc123', memberAccounts: ['222222222222'] });
    const put = org.find((r) => r.id === 'bucket.put-object')!;
    expect(put.request.resource).toMatch(new RegExp(`^arn:aws:s3:::${BUCKET}/central/AWSLogs/o-abc123/${ACCOUNT}/CloudTrail/us-east-1/`));
    expect(put.request.context!['s3:x-amz-acl']).toBe('bucket-owner-full-control');
    const member = org.find((r) => r.id === 'bucket.put-object-delivery@222222222222/us-east-1')!;
    expect(member.request.resource).toContain('/central/AWSLogs/o-abc123/222222222222/');
    // Member logs are still written for the management account's trail.
    expect(member.request.context!['aws:SourceAccount']).toBe(ACCOUNT);
    const gdk = org.find((r) => r.id === 'key.generate-data-key')!;
    expect(gdk.request.context!['kms:EncryptionContext:aws:s3:arn']).toBe(`arn:aws:s3:::${BUCKET}/central/AWSLogs/o-abc123/${ACCOUNT}/`);
    expect(org.find((r) => r.id === 'bucket.put-object-management-folder')!.stage).toBe('advisory');
  });

  it('stands one member for all when an organization trail has no member list', () => {
    const org = trailRequests({ ...facts, isOrganizationTrail: true, organizationId: 'o-abc123' });
    expect(org.filter((r) => r.requirement === 'bucket.put-object-delivery').map((r) => r.id)).toEqual(['bucket.put-object-delivery@210987654321/us-east-1']);
  });

  it('adds another Region for multi-Region trails and digest files with validation', () => {
    const ids = trailRequests({ ...facts, isMultiRegionTrail: true, logFileValidationEnabled: true }).map((r) => r.id);
    expect(ids).toContain(`bucket.put-object-delivery@${ACCOUNT}/eu-west-1`);
    expect(ids).toContain(`key.generate-data-key-delivery@${ACCOUNT}/eu-west-1`);
    expect(ids).toContain('bucket.put-object-digest');
  });

  it('asks for Decrypt and makes DescribeKey a create-time requirement only with a Bucket Key', () => {
    expect(DESCRIBE_KEY_REQUIRED_WITHOUT_BUCKET_KEY).toBe(false);
    const plain = trailRequests(facts);
    expect(plain.find((r) => r.id === 'key.describe-key')!.stage).toBe('advisory');
    expect(plain.some((r) => r.id === 'key.decrypt-bucket-key')).toBe(false);
    const bk = trailRequests({ ...facts, bucketKeyEnabled: true });
    expect(bk.find((r) => r.id === 'key.describe-key')!.stage).toBe('create');
    expect(bk.find((r) => r.id === 'key.decrypt-bucket-key')!.request.action).toBe('kms:Decrypt');
    // Under a Bucket Key, S3 asks for data keys with the bucket ARN (aws-behavior.md §10).
    const delivery = bk.find((r) => r.requirement === 'key.generate-data-key-delivery')!;
    expect(delivery.request.context!['kms:EncryptionContext:aws:s3:arn']).toBe(`arn:aws:s3:::${BUCKET}`);
  });

  it('has no key requests for a trail without a key, and refuses bad facts', () => {
    expect(trailRequests({ trailArn: TRAIL, bucket: BUCKET }).every((r) => r.target === 'bucket')).toBe(true);
    expect(() => trailRequests({ ...facts, trailArn: 'trail/x' })).toThrow(TrailFactsError);
    expect(() => trailRequests({ ...facts, isOrganizationTrail: true })).toThrow(/organization id/);
    expect(() => trailRequests({ ...facts, keyArn: 'alias/logs' })).toThrow(/not a kms key arn/);
  });
});

describe('checkKeyPolicyForTrail', () => {
  it('passes the documented key policy (seed 001)', () => {
    const r = byId(checkKeyPolicyForTrail(facts, keyPolicy()));
    expect(r['key.generate-data-key'].pass).toBe(true);
    expect(r['key.generate-data-key'].cause).toContain('key policy statement `Allow CloudTrail to encrypt logs`');
    expect(r['key.describe-key'].pass).toBe(true);
    expect(Object.values(r).every((x) => x.pass)).toBe(true);
  });

  it('fails when aws:SourceArn names another trail, and says which condition', () => {
    const r = byId(checkKeyPolicyForTrail(facts, keyPolicy(TRAIL.replace('management-events', 'other'))));
    expect(r['key.generate-data-key'].pass).toBe(false);
    expect(r['key.generate-data-key'].decision.effect).toBe('ImplicitDeny');
    expect(r['key.generate-data-key'].cause).toMatch(/Allow CloudTrail to encrypt logs.*aws:SourceArn/s);
  });

  it('fails a wildcard under StringEquals (literal `*`)', () => {
    const p = keyPolicy(`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/*`);
    expect(byId(checkKeyPolicyForTrail(facts, p))['key.generate-data-key'].pass).toBe(false);
  });

  it('passes the seed 002 cross-account policy for both accounts, which lacks DescribeKey', () => {
    const seed002 = {
      Version: '2012-10-17',
      Statement: [{
        Sid: 'Enable CloudTrail Encrypt Permissions', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*', Resource: '*',
        Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': ['arn:aws:cloudtrail:*:111111111111:trail/*', 'arn:aws:cloudtrail:*:222222222222:trail/*'] } },
      }],
    };
    for (const trail of [TRAIL, 'arn:aws:cloudtrail:eu-west-1:222222222222:trail/t']) {
      const r = byId(checkKeyPolicyForTrail({ ...facts, trailArn: trail }, seed002));
      expect(r['key.generate-data-key'].pass).toBe(true);
      expect(r['key.describe-key'].pass).toBe(false);
      expect(r['key.describe-key'].stage).toBe('advisory');
    }
    const other = byId(checkKeyPolicyForTrail({ ...facts, trailArn: 'arn:aws:cloudtrail:us-east-1:333333333333:trail/t' }, seed002));
    expect(other['key.generate-data-key'].pass).toBe(false);
  });

  it('fails Decrypt under a Bucket Key when only GenerateDataKey is granted', () => {
    const r = byId(checkKeyPolicyForTrail({ ...facts, bucketKeyEnabled: true }, keyPolicy()));
    expect(r['key.decrypt-bucket-key'].pass).toBe(false);
    expect(r['key.decrypt-bucket-key'].stage).toBe('create');
  });

  it('reports an explicit deny as the decision', () => {
    const p = keyPolicy();
    p.Statement.push({ Sid: 'DenyAll', Effect: 'Deny', Principal: { AWS: '*' } as never, Action: 'kms:*', Resource: '*' } as never);
    const r = byId(checkKeyPolicyForTrail(facts, p));
    expect(r['key.generate-data-key'].decision.effect).toBe('ExplicitDeny');
    expect(r['key.generate-data-key'].decision.reasons[0].statement).toBe('DenyAll');
  });

  it('fails a delivery-time request when the key pins aws:s3:arn to the folder itself', () => {
    const p = keyPolicy();
    (p.Statement[1].Condition as unknown as Record<string, Record<string, string>>).StringEquals['kms:EncryptionContext:aws:s3:arn'] = `arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/`;
    const r = byId(checkKeyPolicyForTrail(facts, p));
    expect(r['key.generate-data-key'].pass).toBe(true);
    expect(r[`key.generate-data-key-delivery@${ACCOUNT}/us-east-1`].pass).toBe(false);
  });
});

describe('checkBucketPolicyForTrail', () => {
  it('passes the documented bucket policy (§3)', () => {
    expect(checkBucketPolicyForTrail(facts, bucketPolicy()).every((r) => r.pass)).toBe(true);
  });

  it('fails a prefix the trail does not use, and a missing policy', () => {
    const r = byId(checkBucketPolicyForTrail({ ...facts, prefix: 'new' }, bucketPolicy()));
    expect(r['bucket.get-bucket-acl'].pass).toBe(true);
    expect(r['bucket.put-object'].pass).toBe(false);
    const none = byId(checkBucketPolicyForTrail(facts, null));
    expect(none['bucket.put-object'].pass).toBe(false);
    expect(none['bucket.put-object'].cause).toMatch(/no bucket policy/);
  });

  it('fails seed 000: an Allow that demands AES256 does not let a KMS trail write', () => {
    const seed000 = {
      Version: '2012-10-17',
      Statement: [
        bucketPolicy().Statement[0],
        {
          Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::trail-logs/*',
          Condition: { StringEquals: { 's3:x-amz-server-side-encryption': 'AES256' } },
        },
      ],
    };
    expect(byId(checkBucketPolicyForTrail(facts, seed000))['bucket.put-object'].pass).toBe(false);
  });

  it('fails organization member folders the policy does not cover, as delivery failures', () => {
    const org = { ...facts, isOrganizationTrail: true, organizationId: 'o-abc123' };
    const r = checkBucketPolicyForTrail(org, bucketPolicy(BUCKET, `AWSLogs/o-abc123/${ACCOUNT}`));
    const failed = r.filter((x) => !x.pass).map((x) => [x.requirement, x.stage]);
    expect(failed).toEqual([['bucket.put-object-delivery', 'delivery'], ['bucket.put-object-management-folder', 'advisory']]);
    expect(checkBucketPolicyForTrail(org, bucketPolicy(BUCKET, 'AWSLogs/o-abc123')).filter((x) => !x.pass).map((x) => x.requirement))
      .toEqual(['bucket.put-object-management-folder']);
  });
});
