import { describe, expect, it } from 'vitest';
import { checkTrailName, TRAIL_ARN, trailArn, validBucketName } from './names.js';

const chars = 'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).';

describe('checkTrailName (CT-MODEL CreateTrail Name; texts §2.3)', () => {
  it('accepts the names the rules allow', () => {
    for (const name of ['abc', 'My.Trail_1-x', 'a'.repeat(128), '1trail', '1.2.3']) expect(() => checkTrailName(name), name).not.toThrow();
  });

  it('answers the first rule a name breaks, in AWS order', () => {
    const cases: [string, string][] = [
      ['', 'Trail name cannot be blank!'],
      ['ab', 'Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.'],
      // Too short wins over a bad first character.
      ['-a', 'Trail name too short. Minimum allowed length: 3 characters. Specified name length: 2 characters.'],
      ['a'.repeat(129), 'Trail name too long. Maximum allowed length: 128 characters. Specified name length: 129 characters.'],
      ['_abc', 'Trail name must starts with a letter or number.'],
      ['abc.', 'Trail name must ends with a letter or number.'],
      ['a..b', chars],
      ['a-_b', chars],
      ['a b', chars],
      ['trail/x', chars],
      ['10.0.0.1', chars],
    ];
    for (const [name, message] of cases) {
      expect(() => checkTrailName(name), name).toThrow(expect.objectContaining({ code: 'InvalidTrailNameException', message }));
    }
  });
});

describe('trail ARNs and bucket names', () => {
  it('builds the ARN a name has in a Region and account, and recognises trail ARNs', () => {
    expect(trailArn('eu-west-1', '111111111111', 'main')).toBe('arn:aws:cloudtrail:eu-west-1:111111111111:trail/main');
    expect(TRAIL_ARN.test('arn:aws:cloudtrail:eu-west-1:111111111111:trail/main')).toBe(true);
    expect(TRAIL_ARN.test('arn:aws:cloudtrail:eu-west-1:111111111111:eventdatastore/x')).toBe(false);
    expect(TRAIL_ARN.test('arn:aws:cloudtrail:eu-west-1:1111:trail/main')).toBe(false);
  });

  it('applies S3’s bucket naming rules', () => {
    for (const ok of ['abc', 'my.logs-1', 'a'.repeat(63)]) expect(validBucketName(ok), ok).toBe(true);
    for (const bad of ['ab', 'a'.repeat(64), 'Upper', 'a..b', '-abc', 'abc-', '192.168.1.1', 'xn--abc', 'a_b']) expect(validBucketName(bad), bad).toBe(false);
  });
});
