// The audit's pieces that need no account: how SDK errors are taken, a trail's status, and the
// diagnosis of a Setup with a Bucket Key setting the auditor could not read. Against the emulator:
// test/conformance/doctor-audit.test.ts and doctor-differential.test.ts.
import { describe, expect, it } from 'vitest';
import { emptySetup, type BucketSetup, type KeySetup, type Setup, type TrailSetup } from '../model.js';
import { Unknown } from '../values.js';
import { keyPolicy, bucketPolicy, TRAIL, BUCKET, keyArn, without } from '../testing/scenarios.js';
import { attempt, AuditError, fatal } from './errors.js';
import { diagnoseAccount } from './index.js';

const sdkError = (name: string, message: string, status = 400) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status }, $fault: 'client' });

describe('SDK errors', () => {
  it('stop the audit with one line when nothing can be read', () => {
    expect(fatal(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), undefined)?.message)
      .toBe('no AWS credentials: Could not load credentials from any providers (set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)');
    expect(fatal(new Error('Region is missing'), undefined)?.message).toBe('no Region: pass --region or set AWS_REGION');
    expect(fatal(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }), 'http://127.0.0.1:9')?.message)
      .toBe('cannot reach `http://127.0.0.1:9`: connect ECONNREFUSED 127.0.0.1:9');
    expect(fatal(sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.'), undefined)?.message)
      .toBe('the credentials are refused: UnrecognizedClientException: The security token included in the request is invalid');
  });

  it('make one read fail, and say whether it was denied', async () => {
    expect(fatal(sdkError('AccessDenied', 'Access Denied', 403), undefined)).toBeUndefined();
    expect(await attempt(undefined, () => Promise.reject(sdkError('AccessDeniedException', 'User: x is not authorized.\nmore')))).toEqual({
      failed: { code: 'AccessDeniedException', message: 'User: x is not authorized', denied: true },
    });
    expect(await attempt(undefined, () => Promise.reject(sdkError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404)))).toEqual({
      failed: { code: 'NoSuchBucketPolicy', message: 'The bucket policy does not exist', denied: false },
    });
    await expect(attempt(undefined, () => Promise.reject(new Error('Region is missing')))).rejects.toBeInstanceOf(AuditError);
    // Anything else is a bug of ours, and stays one.
    await expect(attempt(undefined, () => Promise.reject(new TypeError('x is undefined')))).rejects.toBeInstanceOf(TypeError);
  });
});

function account(bucketKeyEnabled: BucketSetup['bucketKeyEnabled'], status?: TrailSetup['status'], policy = keyPolicy()): Setup {
  const setup = emptySetup();
  const key: KeySetup = { id: keyArn({}), arn: keyArn({}), region: 'us-east-1', spec: 'SYMMETRIC_DEFAULT', usage: 'ENCRYPT_DECRYPT', state: 'Enabled', policy: { document: policy, label: 'the key policy' } };
  const bucket: BucketSetup = { id: BUCKET, name: BUCKET, region: 'us-east-1', policy: { document: bucketPolicy(), label: 'the bucket policy' }, bucketKeyEnabled };
  setup.inputs.push({ kind: 'account', file: 'us-east-1', text: '' });
  setup.trails.push({ id: TRAIL, arn: TRAIL, bucketName: BUCKET, bucket, key, keyIdAsGiven: key.arn as string, isOrganizationTrail: false, isMultiRegionTrail: false, ...(status ? { status } : {}) });
  setup.keys.push(key);
  setup.buckets.push(bucket);
  return setup;
}

describe('diagnoseAccount', () => {
  const denied = new Unknown('whether bucket `acme-trail-logs` uses an S3 Bucket Key (`s3:GetEncryptionConfiguration` is denied)');

  it('keeps the verdicts that do not depend on a Bucket Key setting it could not read', () => {
    const report = diagnoseAccount(account(denied));
    expect(report.results.filter((r) => r.verdict === 'unknown')).toEqual([]);
    expect(report.summary.fail).toBe(0);
  });

  it('answers unknown, naming the permission, for verdicts that do', () => {
    // Without a Decrypt statement: fine without a Bucket Key, refused with one (TK003).
    const report = diagnoseAccount(account(denied));
    const bucketKeyDecrypt = diagnoseAccount(account(true));
    expect(bucketKeyDecrypt.results.find((r) => r.check === 'key.decrypt-bucket-key')?.verdict).toBe('fail');
    // The describe-key requirement is create-stage only with a Bucket Key: both ways it passes here.
    expect(report.results.find((r) => r.check === 'key.describe-key')?.verdict).toBe('pass');
    const noDescribe = diagnoseAccount(account(denied, undefined, without(keyPolicy(), 'AllowCloudTrailDescribeKey')));
    const describe = noDescribe.results.find((r) => r.check === 'key.describe-key')!;
    expect(describe).toMatchObject({ verdict: 'unknown', unknown: denied.what });
    expect(describe.message).toMatch(/^depends on whether bucket `acme-trail-logs` uses an S3 Bucket Key \(`s3:GetEncryptionConfiguration` is denied\): /);
    expect(noDescribe.results.find((r) => r.check === 'bucket.put-object')?.verdict).toBe('pass');
  });

  it("reports a trail's status: logging (TK062) and its last delivery (TK061)", () => {
    const ok = diagnoseAccount(account(false, { isLogging: true }));
    expect(ok.results.filter((r) => r.rule === 'TK061' || r.rule === 'TK062').map((r) => [r.rule, r.verdict])).toEqual([['TK061', 'pass'], ['TK062', 'pass']]);
    const failing = diagnoseAccount(account(false, { isLogging: false, latestDeliveryError: 'AccessDenied', latestDigestDeliveryError: 'NoSuchBucket' }));
    expect(failing.results.find((r) => r.rule === 'TK061')).toMatchObject({
      verdict: 'fail', severity: 'error',
      message: "CloudTrail's last delivery of log files (LatestDeliveryError `AccessDenied`) and digest files (LatestDigestDeliveryError `NoSuchBucket`) failed, so recent events are not in the bucket.",
    });
    expect(failing.results.find((r) => r.rule === 'TK062')).toMatchObject({ verdict: 'fail', severity: 'note' });
    const unread = diagnoseAccount(account(false, new Unknown('the status', 'cannot be checked: `cloudtrail:GetTrailStatus` is denied.')));
    expect(unread.results.filter((r) => r.rule === 'TK061' || r.rule === 'TK062').map((r) => [r.verdict, r.message])).toEqual([
      ['unknown', 'cannot be checked: `cloudtrail:GetTrailStatus` is denied.'],
      ['unknown', 'cannot be checked: `cloudtrail:GetTrailStatus` is denied.'],
    ]);
  });
});
