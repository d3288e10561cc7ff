// The generic `resource` kind (role trust policies and other resource policies): IAM's rules, with
// Principal required instead of forbidden and Resource optional.
import { describe, expect, it } from 'vitest';
import { validatePolicy } from './index.js';

type Json = Record<string, unknown>;

const trust = (extra: Json = {}): Json => ({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', ...extra });
const policy = (...statements: Json[]): Json => ({ Version: '2012-10-17', Statement: statements });
const validate = (doc: unknown) => validatePolicy(doc, 'resource');
const errors = (doc: unknown) => validate(doc).filter((f) => f.severity === 'error');
const err = (rule: string, message: string, path: string) => ({ severity: 'error', rule, code: 'MalformedPolicyDocument', message, path });

describe('trust policies', () => {
  it('a trust policy without Resource is valid', () => {
    expect(validate(policy(trust()))).toEqual([]);
  });
  it('accepts every principal form', () => {
    const doc = policy(trust({
      Principal: {
        AWS: [
          '111122223333', 'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/division/Bob',
          'arn:aws:iam::111122223333:role/service-role/Deployer', 'arn:aws:sts::111122223333:assumed-role/Deployer/session-1',
          'arn:aws:sts::111122223333:federated-user/Carol', 'AROA1234567890EXAMPLE', 'arn:aws-cn:iam::111122223333:root',
        ],
        Service: ['lambda.amazonaws.com', 'logs.us-east-1.amazonaws.com'],
        Federated: ['arn:aws:iam::111122223333:saml-provider/Okta', 'cognito-identity.amazonaws.com'],
      },
    }));
    expect(errors(doc)).toEqual([]);
  });
  it('accepts Version 2008-10-17, as AWS service-role trust policies still use it', () => {
    expect(validate({ Version: '2008-10-17', Statement: [trust()] })).toEqual([]);
  });
  it('still applies IAM resource rules when a Resource is given', () => {
    expect(errors(policy(trust({ Resource: 'queue' })))).toEqual([err('resource-format', 'Resource queue must be in ARN format or "*".', '$.Statement[0].Resource')]);
  });
});

describe('principal errors', () => {
  it('rejects a statement without principals', () => {
    const { Principal: _p, ...noPrincipal } = trust();
    expect(errors(policy(noPrincipal))).toEqual([
      err('missing-principal', 'Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!', '$.Statement[0]'),
    ]);
    expect(errors(policy(trust({ Principal: {} })))[0]?.rule).toBe('missing-principal');
  });
  it('names the invalid principal as IAM does', () => {
    expect(errors(policy(trust({ Principal: { Service: 'amazonaws.com' } })))).toEqual([
      err('invalid-principal', 'Invalid principal in policy: "SERVICE":"amazonaws.com"', '$.Statement[0].Principal.Service'),
    ]);
    expect(errors(policy(trust({ Principal: { AWS: ['arn:aws:iam::111122223333:role/*'] } })))).toEqual([
      err('invalid-principal', 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:role/*"', '$.Statement[0].Principal.AWS[0]'),
    ]);
  });
  it('rejects invalid JSON with IAM\'s CreateRole text', () => {
    expect(errors('{')).toEqual([err('syntax', 'This policy contains invalid Json', '$')]);
  });
  it('still requires actions', () => {
    const { Action: _a, ...noAction } = trust();
    expect(errors(policy(noAction))).toEqual([err('missing-action', 'Policy statement must contain actions.', '$.Statement[0]')]);
  });
  it('checks principals after Sids and before actions', () => {
    const { Action: _a, Principal: _p, ...bare } = trust({ Sid: 'a_b' });
    expect(errors(policy(bare)).map((f) => f.rule)).toEqual(['sid-format', 'missing-principal', 'missing-action']);
  });
});
