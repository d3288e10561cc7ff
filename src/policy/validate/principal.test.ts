// Principal forms (policy-semantics.md §4.4).
import { describe, expect, it } from 'vitest';
import { isValidPrincipal } from './principal.js';
import type { PrincipalType } from './structure.js';

const valid: Array<[PrincipalType, string]> = [
  ['AWS', '*'],
  ['AWS', '111122223333'],
  ['AWS', 'arn:aws:iam::111122223333:root'],
  ['AWS', 'arn:aws:iam::111122223333:user/Bob'],
  ['AWS', 'arn:aws:iam::111122223333:user/division_abc/subdivision_xyz/Bob'],
  ['AWS', 'arn:aws:iam::111122223333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'],
  ['AWS', 'arn:aws:sts::111122223333:assumed-role/Admin/bob@example.com'],
  ['AWS', 'arn:aws:sts::111122223333:federated-user/Carol'],
  ['AWS', 'arn:aws-us-gov:iam::111122223333:root'],
  ['AWS', 'AIDACKCEVSQ6C2EXAMPLE'],
  ['AWS', 'AROADBQP57FF2AEXAMPLE'],
  ['Service', 'cloudtrail.amazonaws.com'],
  ['Service', 'logs.eu-west-1.amazonaws.com'],
  ['Service', 'ec2.amazonaws.com.cn'],
  ['Federated', 'cognito-identity.amazonaws.com'],
  ['Federated', 'arn:aws:iam::111122223333:saml-provider/Okta'],
  ['Federated', 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'],
  ['CanonicalUser', '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'],
];

const invalid: Array<[PrincipalType, string]> = [
  ['AWS', 'arn:aws:iam::111122223333:user/*'],
  ['AWS', 'arn:aws:iam::111122223333:role/Admin?'],
  ['AWS', 'arn:aws:sts::111122223333:assumed-role/Admin/*'],
  ['AWS', 'arn:aws:iam::*:root'],
  ['AWS', '1111222233334'],
  ['AWS', 'arn:aws:iam::111122223333:group/Admins'],
  ['AWS', 'arn:aws:iam:us-east-1:111122223333:root'],
  ['AWS', 'arn:aws:iam::111122223333:user/'],
  ['AWS', 'arn:aws:sts::111122223333:assumed-role/Admin'],
  ['AWS', 'arn:aws:s3:::bucket'],
  ['AWS', 'bob'],
  ['AWS', ''],
  ['Service', '*'],
  ['Service', 'amazonaws.com'],
  ['Service', 'cloudtrail'],
  ['Federated', '*'],
  ['Federated', 'arn:aws:iam::111122223333:role/x'],
  ['CanonicalUser', 'abc'],
];

describe('isValidPrincipal', () => {
  it.each(valid)('%s %s is valid', (type, value) => expect(isValidPrincipal({ type, value })).toBe(true));
  it.each(invalid)('%s %s is invalid', (type, value) => expect(isValidPrincipal({ type, value })).toBe(false));
});
