import { describe, expect, it } from 'vitest';
import { checkKeyFacts, createTrailOutcome, type TrailFacts } from './index.js';
import { ACCOUNT, BUCKET, bucketPolicy, KEY, keyPolicy, TRAIL } from './documented-policies.js';

const facts: TrailFacts = { trailArn: TRAIL, bucket: BUCKET, keyArn: KEY };
const failed = (f: TrailFacts) => checkKeyFacts(f).filter((r) => !r.pass).map((r) => r.id);

describe('checkKeyFacts', () => {
  it('checks nothing it is not told', () => {
    expect(checkKeyFacts(facts)).toEqual([]);
    expect(checkKeyFacts({ trailArn: TRAIL, bucket: BUCKET })).toEqual([]);
  });

  it('wants the key in the bucket Region, not the trail Region', () => {
    expect(failed({ ...facts, bucketRegion: 'us-east-1' })).toEqual([]);
    expect(failed({ ...facts, bucketRegion: 'eu-west-1' })).toEqual(['key.region']);
    const euKey = KEY.replace('us-east-1', 'eu-west-1');
    expect(failed({ ...facts, keyArn: euKey, bucketRegion: 'eu-west-1' })).toEqual([]);
  });

  it('fails asymmetric keys, unusable states and replicas without their own policy', () => {
    expect(failed({ ...facts, keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' })).toEqual(['key.spec']);
    expect(failed({ ...facts, keySpec: 'SYMMETRIC_DEFAULT', keyUsage: 'ENCRYPT_DECRYPT' })).toEqual([]);
    expect(failed({ ...facts, keyState: 'Disabled' })).toEqual(['key.state']);
    expect(failed({ ...facts, keyState: 'PendingDeletion' })).toEqual(['key.state']);
    expect(failed({ ...facts, keyState: 'Enabled' })).toEqual([]);
    expect(failed({ ...facts, multiRegionKeyType: 'REPLICA', replicaHasOwnPolicy: false })).toEqual(['key.replica-policy']);
    expect(failed({ ...facts, multiRegionKeyType: 'REPLICA', replicaHasOwnPolicy: true })).toEqual([]);
  });

  it('wants a key of another account named by its arn', () => {
    const other = KEY.replace(ACCOUNT, '222222222222');
    expect(failed({ ...facts, keyArn: other, keyIdAsGiven: 'alias/central' })).toEqual(['key.reference']);
    expect(failed({ ...facts, keyArn: other, keyIdAsGiven: other })).toEqual([]);
    expect(failed({ ...facts, keyIdAsGiven: 'alias/local' })).toEqual([]);
  });
});

describe('createTrailOutcome (what the emulator answers)', () => {
  const ok = { keyPolicy: keyPolicy(), bucketPolicy: bucketPolicy() };

  it('accepts the documented policies', () => {
    expect(createTrailOutcome(facts, ok)).toEqual({ ok: true });
  });

  it('checks the bucket policy first, then the key facts, then the key policy (§2.4)', () => {
    const all = createTrailOutcome({ ...facts, keyState: 'Disabled' }, { keyPolicy: null, bucketPolicy: null });
    expect(all.ok === false && all.error).toBe('InsufficientS3BucketPolicyException');
    const key = createTrailOutcome({ ...facts, keyState: 'Disabled' }, { ...ok, keyPolicy: null });
    expect(key.ok === false && key.error).toBe('KmsException');
    const region = createTrailOutcome({ ...facts, bucketRegion: 'eu-west-1', keyState: 'Disabled' }, ok);
    expect(region.ok === false && region.error).toBe('KmsKeyNotFoundException');
    const policy = createTrailOutcome(facts, { ...ok, keyPolicy: null });
    expect(policy.ok === false && policy.error).toBe('InsufficientEncryptionPolicyException');
  });

  it('ignores advisory and delivery requirements', () => {
    const noDescribe = keyPolicy();
    noDescribe.Statement.splice(2, 1);
    expect(createTrailOutcome(facts, { ...ok, keyPolicy: noDescribe })).toEqual({ ok: true });
    const withBucketKey = createTrailOutcome({ ...facts, bucketKeyEnabled: true }, { ...ok, keyPolicy: noDescribe });
    expect(withBucketKey.ok === false && withBucketKey.failed.id).toBe('key.describe-key');
  });
});
