// IAM identity policies: policy-semantics.md §4.10 rules 1-8, the accepted oddities, sizes.
import { describe, expect, it } from 'vitest';
import { hasErrors, validatePolicy, type ValidateOptions } from './index.js';

type Json = Record<string, unknown>;

const stmt = (extra: Json = {}): Json => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });
const policy = (...statements: Json[]): Json => ({ Version: '2012-10-17', Statement: statements });
const validate = (doc: unknown, options?: ValidateOptions) => validatePolicy(doc, 'identity', options);
const errors = (doc: unknown, options?: ValidateOptions) => validate(doc, options).filter((f) => f.severity === 'error');
const first = (doc: unknown, options?: ValidateOptions) => errors(doc, options)[0];

const SYNTAX = 'Syntax errors in policy.';

describe('a valid identity policy', () => {
  it('has no findings', () => {
    expect(validate(policy(stmt()))).toEqual([]);
    expect(validate(JSON.stringify(policy(stmt())))).toEqual([]);
  });

  it('uses the MalformedPolicyDocument code for errors', () => {
    expect(first(policy(stmt({ Effect: 'allow' })))?.code).toBe('MalformedPolicyDocument');
  });
});

describe('rule 1: syntax errors', () => {
  const cases: Array<[string, unknown, string]> = [
    ['not JSON', '{"Version": ', '$'],
    ['not an object', '[]', '$'],
    ['unknown top-level key', { ...policy(stmt()), Foo: 1 }, '$.Foo'],
    ['Version not one of the two', { ...policy(stmt()), Version: '2012-10-18' }, '$.Version'],
    ['Version not a string', { ...policy(stmt()), Version: 2012 }, '$.Version'],
    ['Id not a string', { ...policy(stmt()), Id: 5 }, '$.Id'],
    ['Statement missing', { Version: '2012-10-17' }, '$'],
    ['Statement empty', { Version: '2012-10-17', Statement: [] }, '$.Statement'],
    ['Statement a string', { Version: '2012-10-17', Statement: 'x' }, '$.Statement'],
    ['statement entry not an object', policy(stmt(), 'x' as unknown as Json), '$.Statement[1]'],
    ['unknown statement key', policy(stmt({ Foo: 'x' })), '$.Statement[0].Foo'],
    ['lower-case element name', policy({ effect: 'Allow', Action: 'a:b', Resource: '*' }), '$.Statement[0].effect'],
    ['Sid not a string', policy(stmt({ Sid: 1 })), '$.Statement[0].Sid'],
    ['Effect missing', policy({ Action: 's3:GetObject', Resource: '*' }), '$.Statement[0]'],
    ['Effect not allow/deny', policy(stmt({ Effect: 'Permit' })), '$.Statement[0].Effect'],
    ['Effect not a string', policy(stmt({ Effect: true })), '$.Statement[0].Effect'],
    ['Action and NotAction', policy(stmt({ NotAction: 's3:PutObject' })), '$.Statement[0].NotAction'],
    ['Resource and NotResource', policy(stmt({ NotResource: '*' })), '$.Statement[0].NotResource'],
    ['Action an object', policy(stmt({ Action: { a: 1 } })), '$.Statement[0].Action'],
    ['Action a nested array', policy(stmt({ Action: [['s3:GetObject']] })), '$.Statement[0].Action[0]'],
    ['Resource a number', policy(stmt({ Resource: 5 })), '$.Statement[0].Resource'],
    ['Condition not an object', policy(stmt({ Condition: 'x' })), '$.Statement[0].Condition'],
    ['operator body not an object', policy(stmt({ Condition: { StringEquals: 'x' } })), '$.Statement[0].Condition.StringEquals'],
    ['condition value an object', policy(stmt({ Condition: { StringEquals: { 'aws:x': { a: 1 } } } })), '$.Statement[0].Condition.StringEquals["aws:x"]'],
    ['condition value null', policy(stmt({ Condition: { StringEquals: { 'aws:x': null } } })), '$.Statement[0].Condition.StringEquals["aws:x"]'],
    ['unknown operator with a body', policy(stmt({ Condition: { StringEqualz: { 'aws:x': 'y' } } })), '$.Statement[0].Condition.StringEqualz'],
    ['operator names are case-sensitive', policy(stmt({ Condition: { stringEquals: { 'aws:x': 'y' } } })), '$.Statement[0].Condition.stringEquals'],
    ['malformed qualifier', policy(stmt({ Condition: { 'ForAnyValue::StringEquals': { 'aws:x': 'y' } } })), '$.Statement[0].Condition["ForAnyValue::StringEquals"]'],
  ];
  it.each(cases)('%s', (_name, doc, path) => {
    expect(first(doc)).toEqual({ severity: 'error', rule: expect.any(String), code: 'MalformedPolicyDocument', message: SYNTAX, path });
  });

  it('wins over every later rule', () => {
    const doc = { Version: '2008-10-17', Foo: 1, Statement: [stmt({ Effect: 'allow', Sid: 'a' }), stmt({ Sid: 'a' })] };
    expect(first(doc)?.message).toBe(SYNTAX);
  });
});

describe('rule 2: version', () => {
  const V = 'Policy document must be version 2012-10-17 or greater.';
  it('rejects a missing Version at $', () => {
    expect(first({ Statement: [stmt()] })).toMatchObject({ rule: 'version', message: V, path: '$' });
  });
  it('rejects 2008-10-17 at $.Version', () => {
    expect(first({ Version: '2008-10-17', Statement: [stmt()] })).toMatchObject({ rule: 'version', message: V, path: '$.Version' });
  });
  it('comes before legacy parsing', () => {
    expect(first({ Version: '2008-10-17', Statement: [stmt({ Effect: 'allow' })] })?.message).toBe(V);
  });
});

describe('rule 3: legacy parsing', () => {
  const L = 'The policy failed legacy parsing';
  it('rejects an Effect that is not exactly Allow/Deny', () => {
    expect(first(policy(stmt({ Effect: 'allow' })))).toMatchObject({ rule: 'legacy-parsing', message: L, path: '$.Statement[0].Effect' });
    expect(first(policy(stmt({ Effect: 'DENY' })))?.message).toBe(L);
  });
  it.each(['2016-12-13t2:00:00.593194+1', '234-13', '9223372036854775808', 'yesterday', '2020-01-01T25:00:00Z'])('rejects date %s', (date) => {
    const doc = policy(stmt({ Condition: { DateGreaterThan: { 'aws:CurrentTime': [date] } } }));
    expect(first(doc)).toMatchObject({ rule: 'legacy-parsing', message: L, path: '$.Statement[0].Condition.DateGreaterThan["aws:CurrentTime"][0]' });
  });
  it.each(['2016-12-13t2:00:00.593194+23', '-292275054', '2019-10-01T00:00:00Z', '2019-10-01', '1700000000', '2019-10-01T00:00:00-05:00'])('accepts date %s', (date) => {
    expect(errors(policy(stmt({ Condition: { DateLessThan: { 'aws:CurrentTime': date } } })))).toEqual([]);
  });
  it('checks dates under IfExists and set qualifiers too', () => {
    expect(first(policy(stmt({ Condition: { 'ForAnyValue:DateEqualsIfExists': { 'aws:x': '234-13' } } })))?.message).toBe(L);
  });
  it.each(['arn:aws:s3::bucket', 'arn:aws::x'])('rejects the five-segment ARN %s', (resource) => {
    expect(first(policy(stmt({ Resource: resource })))).toMatchObject({ rule: 'legacy-parsing', message: L, path: '$.Statement[0].Resource' });
  });
  it('comes before duplicate Sids', () => {
    expect(first(policy(stmt({ Sid: 'a' }), stmt({ Sid: 'a', Effect: 'deny' })))?.message).toBe(L);
  });
  it('does not let a later legacy ARN hide an earlier format error', () => {
    // IAM stops legacy-parsing resources once a format error is found (moto `_resource_error`).
    const doc = policy(stmt({ Resource: 'bucket' }), stmt({ Resource: 'arn:aws:s3::bucket' }));
    expect(first(doc)?.message).toBe('Resource bucket must be in ARN format or "*".');
  });
});

describe('rule 4: duplicate Sids, and the Sid alphabet', () => {
  it('rejects a repeated non-empty Sid at the second one', () => {
    expect(first(policy(stmt({ Sid: 'A1' }), stmt({ Sid: 'A1' })))).toMatchObject({
      rule: 'duplicate-sid', message: 'Statement IDs (SID) in a single policy must be unique.', path: '$.Statement[1].Sid',
    });
  });
  it('allows repeated empty Sids', () => {
    expect(errors(policy(stmt({ Sid: '' }), stmt({ Sid: '' })))).toEqual([]);
  });
  it('rejects a Sid with characters other than letters and digits', () => {
    expect(first(policy(stmt({ Sid: 'Atomic_Red_Team' })))).toMatchObject({
      rule: 'sid-format',
      message: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
      path: '$.Statement[0].Sid',
    });
    expect(first(policy(stmt({ Sid: 'has space' })))?.rule).toBe('sid-format');
  });
  it('checks uniqueness before the alphabet', () => {
    expect(first(policy(stmt({ Sid: 'x_y' }), stmt({ Sid: 'a' }), stmt({ Sid: 'a' })))?.rule).toBe('duplicate-sid');
  });
});

describe('principals in an identity policy', () => {
  const P = 'Policy document should not specify a principal.';
  it.each(['Principal', 'NotPrincipal'])('rejects %s', (element) => {
    expect(first(policy(stmt({ [element]: { AWS: '111122223333' } })))).toMatchObject({ rule: 'principal', message: P, path: `$.Statement[0].${element}` });
  });
  it('comes before "must contain resources" (terraform#13449)', () => {
    const doc = policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ec2.amazonaws.com' } });
    expect(first(doc)?.message).toBe(P);
  });
});

describe('rules 5 and 6: actions and resources must be present', () => {
  const A = 'Policy statement must contain actions.';
  const R = 'Policy statement must contain resources.';
  it('rejects a statement without Action/NotAction at the statement', () => {
    expect(first(policy({ Effect: 'Allow', Resource: '*' }))).toMatchObject({ rule: 'missing-action', message: A, path: '$.Statement[0]' });
  });
  it('rejects an empty Action list at the list', () => {
    expect(first(policy(stmt({ Action: [] })))).toMatchObject({ message: A, path: '$.Statement[0].Action' });
  });
  it('accepts NotAction in place of Action', () => {
    expect(errors(policy({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }))).toEqual([]);
  });
  it('rejects a statement without Resource/NotResource', () => {
    expect(first(policy({ Effect: 'Allow', Action: 's3:GetObject' }))).toMatchObject({ rule: 'missing-resource', message: R, path: '$.Statement[0]' });
    expect(first(policy(stmt({ Resource: [] })))).toMatchObject({ message: R, path: '$.Statement[0].Resource' });
  });
  it('checks actions in every statement before resources in any', () => {
    const doc = policy({ Effect: 'Allow', Action: 's3:GetObject' }, { Effect: 'Allow', Resource: '*' });
    expect(errors(doc).map((f) => f.message)).toEqual([A, R]);
  });
  it('does not repeat a grammar error as a missing action', () => {
    expect(errors(policy(stmt({ Action: [5] }))).map((f) => f.rule)).toEqual(['syntax']);
  });
});

describe('rule 7: resource formats', () => {
  const cases: Array<[string, string]> = [
    ['174313347505.dkr.ecr.us-west-2.amazonaws.com/mhart-experimental', 'Resource 174313347505.dkr.ecr.us-west-2.amazonaws.com/mhart-experimental must be in ARN format or "*".'],
    ['arn:aws-cn:s3:::b', 'Partition "aws-cn" is not valid for resource "arn:aws-cn:s3:::b".'],
    ['arn:foo', 'Partition "foo" is not valid for resource "arn:foo:*:*:*:*".'],
    ['arn:aws', 'Resource vendor must be fully qualified and cannot contain regexes.'],
    ['arn:aws:iam:us-east-1:111122223333:user/x', 'IAM resource arn:aws:iam:us-east-1:111122223333:user/x cannot contain region information.'],
    ['arn:aws:s3:us-east-1::b', 'Resource arn:aws:s3:us-east-1::b can not contain region information.'],
    ['arn:aws:iam::111122223333:thing/x', 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.'],
  ];
  it.each(cases)('%s', (resource, message) => {
    expect(first(policy(stmt({ Resource: ['*', resource] })))).toEqual({
      severity: 'error', rule: 'resource-format', code: 'MalformedPolicyDocument', message, path: '$.Statement[0].Resource[1]',
    });
  });
  it('comes after "must contain resources"', () => {
    const doc = policy(stmt({ Resource: 'bucket' }), { Effect: 'Allow', Action: 'a:b' });
    expect(first(doc)?.message).toBe('Policy statement must contain resources.');
  });
  it('checks every Resource before any NotResource', () => {
    const doc = policy({ Effect: 'Deny', Action: 'a:b', NotResource: 'one' }, stmt({ Resource: 'two' }));
    expect(errors(doc).map((f) => f.path)).toEqual(['$.Statement[1].Resource', '$.Statement[0].NotResource']);
  });
  it.each(['*', 'arn:aws:iam::*:policy/*', 'arn:aws:iam::111122223333:*', 'arn:*:s3:::b', 'arn:aws:fdsasf', 'arn:aws:kms:<region code>:<account id>:key/<kms key id>'])('accepts %s', (resource) => {
    expect(errors(policy(stmt({ Resource: resource })))).toEqual([]);
  });
});

describe('rule 8: action vendors', () => {
  const cases: Array<[string, string]> = [
    ['GetObject', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['kms=Decrypt', 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.'],
    ['s3:Get:Object', 'Actions/Condition can contain only one colon.'],
    ['kms:Encrypt,kms:Decrypt', 'Actions/Condition can contain only one colon.'],
    ['s_3:GetObject', 'Vendor s_3 is not valid'],
    [' kms:Decrypt', 'Vendor  kms is not valid'],
  ];
  it.each(cases)('%s', (action, message) => {
    expect(first(policy(stmt({ Action: ['s3:PutObject', action] })))).toEqual({
      severity: 'error', rule: 'action-format', code: 'MalformedPolicyDocument', message, path: '$.Statement[0].Action[1]',
    });
  });
  it('comes after resource formats', () => {
    expect(first(policy(stmt({ Action: 'GetObject', Resource: 'bucket' })))?.rule).toBe('resource-format');
  });
  it('checks every Action before any NotAction', () => {
    const doc = policy({ Effect: 'Deny', NotAction: 'one', Resource: '*' }, stmt({ Action: 'two' }));
    expect(errors(doc).map((f) => f.path)).toEqual(['$.Statement[1].Action', '$.Statement[0].NotAction']);
  });
});

describe('accepted oddities (§4.10): no error', () => {
  const oddities: Array<[string, Json]> = [
    ['unknown service and action', stmt({ Action: 'fsx:ListBucket' })],
    ['spaces after the colon', stmt({ Action: 's3: GetObject' })],
    ['empty action name', stmt({ Action: 'kms:' })],
    ['empty Condition', stmt({ Condition: {} })],
    ['unknown operator with an empty body', stmt({ Condition: { x: {} } })],
    ['empty value list', stmt({ Condition: { DateGreaterThan: { a: [] } } })],
    ['short ARN', stmt({ Resource: 'arn:aws:fdsasf' })],
    ['numbers and booleans as condition values', stmt({ Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 's3:max-keys': 10 } } })],
    ['NullIfExists', stmt({ Condition: { NullIfExists: { 'aws:x': 'true' } } })],
    ['set operator on a single-valued key', stmt({ Condition: { 'ForAllValues:StringEquals': { 'aws:SourceArn': 'x' } } })],
    ['wildcard under StringEquals', stmt({ Condition: { StringEquals: { 'aws:SourceArn': 'arn:*' } } })],
  ];
  it.each(oddities)('%s', (_name, statement) => {
    expect(hasErrors(validate(policy(statement)))).toBe(false);
  });
  it('Id in an identity policy', () => {
    expect(validate({ ...policy(stmt()), Id: 'x' })).toEqual([]);
  });
  it('a single statement object', () => {
    expect(validate({ Version: '2012-10-17', Statement: stmt() })).toEqual([]);
  });
});

describe('size limits', () => {
  // Each statement is about 70 characters without whitespace.
  const big = (n: number): Json => policy(...Array.from({ length: n }, (_, i) => stmt({ Sid: `S${i}` })));
  const sizeOf = (doc: Json): number => JSON.stringify(doc).length;

  it.each([
    ['managed', 6144, 'Cannot exceed quota for PolicySize: 6144'],
    ['user-inline', 2048, 'Maximum policy size of 2048 bytes exceeded for user alice'],
    ['role-inline', 10240, 'Maximum policy size of 10240 bytes exceeded for role alice'],
    ['group-inline', 5120, 'Maximum policy size of 5120 bytes exceeded for group alice'],
  ] as const)('%s: %i characters', (entity, limit, message) => {
    let n = 1;
    while (sizeOf(big(n + 1)) <= limit) n++;
    expect(errors(big(n), { identityEntity: entity, entityName: 'alice' })).toEqual([]);
    expect(first(big(n + 1), { identityEntity: entity, entityName: 'alice' })).toEqual({ severity: 'error', rule: 'size', code: 'LimitExceeded', message, path: '$' });
  });

  it('defaults to the managed-policy limit', () => {
    let n = 1;
    while (sizeOf(big(n + 1)) <= 6144) n++;
    expect(first(big(n + 1))?.message).toBe('Cannot exceed quota for PolicySize: 6144');
  });

  it('does not count whitespace', () => {
    let n = 1;
    while (sizeOf(big(n + 1)) <= 2048) n++;
    const pretty = JSON.stringify(big(n), null, 8);
    expect(pretty.length).toBeGreaterThan(2048);
    expect(errors(pretty, { identityEntity: 'user-inline' })).toEqual([]);
  });

  it('comes before every other error, and omits a missing entity name', () => {
    const doc = { ...big(40), Foo: 1 };
    expect(first(doc, { identityEntity: 'user-inline' })?.message).toBe('Maximum policy size of 2048 bytes exceeded for user');
  });
});
