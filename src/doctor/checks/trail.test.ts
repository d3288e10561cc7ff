// The exception the doctor predicts for CreateTrail/UpdateTrail (Result.error, createTrailError):
// AWS's order of checks, and a key CloudTrail cannot resolve (aws-behavior.md §2.4 steps 9-12).
import { describe, expect, it } from 'vitest';
import { createTrailError, diagnose, loadInputs, runDoctor, type Report } from '../index.js';
import { base, BUCKET, bucketPolicy, keyPolicy, OTHER, RENDERERS, without, type InputKind, type Scenario } from '../testing/scenarios.js';

async function check(kind: InputKind, s: Scenario): Promise<Report> {
  const { files, options } = RENDERERS[kind](s);
  return runDoctor(options, async (p) => files[p]);
}

const predicted = (report: Report) => createTrailError(report, report.subjects.find((x) => x.kind === 'trail')!.id);
const demandsKms = bucketPolicy(undefined, {
  Sid: 'DenyWithoutKms', Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*`,
  Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
});

describe('the exception CreateTrail answers, as the doctor predicts it', () => {
  it('is none for a correct setup', async () => {
    expect(predicted(await check('files', base()))).toBeUndefined();
  });

  it('comes from the first failed check in AWS order: bucket policy, key facts, key policy', async () => {
    const key = without(keyPolicy(), 'AllowCloudTrailEncrypt');
    expect(predicted(await check('files', { ...base(), keyPolicy: key }))).toBe('InsufficientEncryptionPolicyException');
    expect(predicted(await check('files', { ...base(), keyPolicy: key, keyDisabled: true }))).toBe('KmsException');
    expect(predicted(await check('files', { ...base(), keyPolicy: key, keyDisabled: true, keyRegion: 'eu-west-1' }))).toBe('KmsKeyNotFoundException');
    expect(predicted(await check('files', { ...base(), keyPolicy: key, keyDisabled: true, prefix: 'logs' }))).toBe('InsufficientS3BucketPolicyException');
    const report = await check('files', { ...base(), keyPolicy: key, prefix: 'logs' });
    expect(report.results.filter((r) => r.verdict === 'fail' && r.stage === 'create').map((r) => [r.rule, r.error])).toEqual([
      ['TK011', 'InsufficientS3BucketPolicyException'],
      ['TK001', 'InsufficientEncryptionPolicyException'],
    ]);
  });

  it("judges the bucket without SSE-KMS headers when CloudTrail cannot resolve the key (another account's alias)", async () => {
    const unresolved: Scenario = { ...base(), keyAccount: OTHER, keyNamedBy: 'alias/central' };
    for (const kind of ['terraform', 'cloudformation'] as const) {
      expect(predicted(await check(kind, unresolved)), kind).toBe('KmsKeyNotFoundException');
      expect(predicted(await check(kind, { ...unresolved, bucketPolicy: demandsKms })), kind).toBe('InsufficientS3BucketPolicyException');
      // Named by its alias ARN, the key resolves and CloudTrail asks S3 for SSE-KMS with it.
      expect(predicted(await check(kind, { ...unresolved, keyNamedBy: `arn:aws:kms:us-east-1:${OTHER}:alias/central`, bucketPolicy: demandsKms })), kind).toBeUndefined();
    }
  });

  it("needs the arn of a key in the bucket's Region when that is not the trail's: aliases and key ids are Regional", async () => {
    const { files, options } = RENDERERS.files({ ...base(), keyRegion: 'eu-west-1' });
    const { setup } = (await loadInputs({ ...options, bucketRegion: 'eu-west-1' }, async (p) => files[p])).variants[0];
    expect(predicted(diagnose(setup))).toBeUndefined();
    for (const given of ['alias/trail-logs', '1234abcd-12ab-34cd-56ef-1234567890ab']) {
      setup.trails[0].keyIdAsGiven = given;
      const report = diagnose(setup);
      expect(predicted(report)).toBe('KmsKeyNotFoundException');
      expect(report.results.find((r) => r.rule === 'TK024')?.message).toBe(
        `the key is in \`eu-west-1\` but the trail names it \`${given}\`, which is looked up in the trail's Region \`us-east-1\`; a key in another Region must be given by its full arn. CreateTrail fails with KmsKeyNotFoundException.`,
      );
    }
  });
});
