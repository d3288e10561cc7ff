// Warnings: every lint, its message, its path, and when it stays quiet.
import { describe, expect, it } from 'vitest';
import type { PolicyKind } from '../types.js';
import { hasErrors, validatePolicy } from './index.js';

type Json = Record<string, unknown>;

const identity = (extra: Json = {}): Json => ({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra });
const keyStmt = (extra: Json = {}): Json => ({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:Decrypt', Resource: '*', ...extra });
const policy = (...statements: Json[]): Json => ({ Version: '2012-10-17', Statement: statements });
const warnings = (doc: unknown, kind: PolicyKind = 'identity') => validatePolicy(doc, kind).filter((f) => f.severity === 'warning');
const warn = (rule: string, message: string, path: string) => ({ severity: 'warning', rule, message, path });
const cond = (condition: Json): Json => policy(identity({ Condition: condition }));

describe('wildcard-in-string-equals', () => {
  it('flags `*` under StringEquals and suggests StringLike', () => {
    expect(warnings(cond({ StringEquals: { 'aws:SourceArn': ['arn:aws:cloudtrail:us-east-1:111122223333:trail/t', 'arn:aws:cloudtrail:*:111122223333:trail/*'] } }))).toEqual([
      warn('wildcard-in-string-equals', '`*` is a literal character under `StringEquals`, not a wildcard; use `StringLike` to match a pattern', '$.Statement[0].Condition.StringEquals["aws:SourceArn"][1]'),
    ]);
  });
  it('flags `?` under StringNotEqualsIgnoreCase, keeping qualifier and IfExists in the suggestion', () => {
    expect(warnings(cond({ 'ForAnyValue:StringNotEqualsIgnoreCaseIfExists': { 'aws:TagKeys': 'a?' } }))).toEqual([
      warn('wildcard-in-string-equals', '`?` is a literal character under `ForAnyValue:StringNotEqualsIgnoreCaseIfExists`, not a wildcard; use `ForAnyValue:StringNotLikeIfExists` to match a pattern',
        '$.Statement[0].Condition["ForAnyValue:StringNotEqualsIgnoreCaseIfExists"]["aws:TagKeys"]'),
    ]);
  });
  it('ignores the escapes ${*} and ${?}, and the Like operators', () => {
    expect(warnings(cond({ StringEquals: { 'aws:x': 'a${*}b${?}' }, StringLike: { 'aws:y': 'a*' } }))).toEqual([]);
  });
});

describe('malformed-action', () => {
  it.each<[string, string]>([
    ['s3: GetObject', 'contains whitespace'],
    ['s3:GetObject ', 'contains whitespace'],
    ['kms:Encrypt,Decrypt', 'contains a comma (list actions as separate strings)'],
    ['kms:', 'has an empty action name'],
    [':Decrypt', 'has an empty service prefix'],
  ])('flags %s, which IAM accepts', (action, reason) => {
    const f = validatePolicy(policy(identity({ Action: action })), 'identity');
    expect(hasErrors(f)).toBe(false);
    expect(f).toEqual([warn('malformed-action', `\`Action\` value \`${action}\` ${reason}, so it matches no request`, '$.Statement[0].Action')]);
  });
  it('says a malformed NotAction excludes nothing', () => {
    expect(warnings(policy({ Effect: 'Deny', NotAction: ['kms:'], Resource: '*' }))).toEqual([
      warn('malformed-action', '`NotAction` value `kms:` has an empty action name, so it excludes nothing', '$.Statement[0].NotAction[0]'),
    ]);
  });
  it('stays quiet where AWS already rejects the action', () => {
    expect(warnings(policy(identity({ Action: 'kms=Decrypt' })))).toEqual([]);
  });
  it.each<[string, string]>([
    ['kms=Decrypt', 'has no `service:` prefix'],
    ['kms:Encrypt:Decrypt', 'has more than one colon'],
    ['km_s:Decrypt', 'has a service prefix with characters other than letters, digits, `.` and `-`'],
  ])('flags %s in a key policy, where no rejection is known', (action, reason) => {
    expect(warnings(policy(keyStmt({ Action: action })), 'kms-key')).toEqual([
      warn('malformed-action', `\`Action\` value \`${action}\` ${reason}, so it matches no request`, '$.Statement[0].Action'),
    ]);
  });
});

describe('unknown-operator', () => {
  it('flags an unknown operator with an empty block (AWS accepts it)', () => {
    const f = validatePolicy(cond({ StringEqualz: {} }), 'identity');
    expect(f).toEqual([warn('unknown-operator', 'condition operator `StringEqualz` is not an aws operator, and aws accepts it only because its block is empty', '$.Statement[0].Condition.StringEqualz')]);
  });
  it('is an error, not a lint, with a non-empty block', () => {
    const f = validatePolicy(cond({ StringEqualz: { a: 'b' } }), 'identity');
    expect(f.map((x) => [x.severity, x.rule])).toEqual([['error', 'syntax']]);
  });
});

describe('set-operator-on-single-valued-key', () => {
  it('flags ForAllValues on aws:SourceArn', () => {
    expect(warnings(cond({ 'ForAllValues:ArnLike': { 'aws:SourceArn': 'arn:aws:cloudtrail:*:111122223333:trail/*' } }))).toEqual([
      warn('set-operator-on-single-valued-key', '`ForAllValues` with single-valued key `aws:SourceArn` is also true when the request has no `aws:SourceArn`; remove `ForAllValues`',
        '$.Statement[0].Condition["ForAllValues:ArnLike"]["aws:SourceArn"]'),
    ]);
  });
  it.each(['aws:SourceAccount', 'KMS:CallerAccount', 'kms:ViaService', 'kms:EncryptionContext:aws:cloudtrail:arn', 'aws:PrincipalArn', 's3:x-amz-acl'])('flags ForAnyValue on %s', (key) => {
    expect(warnings(cond({ 'ForAnyValue:StringEquals': { [key]: 'x' } }))).toEqual([
      warn('set-operator-on-single-valued-key', `\`ForAnyValue\` with single-valued key \`${key}\` does nothing a plain operator would not; remove \`ForAnyValue\``,
        `$.Statement[0].Condition["ForAnyValue:StringEquals"]["${key}"]`),
    ]);
  });
  it.each(['aws:TagKeys', 'kms:EncryptionContextKeys', 'aws:CalledVia', 'aws:PrincipalServiceNamesList', 'aws:PrincipalOrgPaths', 'kms:GrantOperations', 'custom:unknown'])(
    'stays quiet for %s (multivalued or unknown)', (key) => {
      expect(warnings(cond({ 'ForAllValues:StringEquals': { [key]: 'x' } }))).toEqual([]);
    });
  it('stays quiet where KMS already rejects it (OverlyPermissiveCondition)', () => {
    const f = validatePolicy(policy(keyStmt({ Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:k': 'x' } } })), 'kms-key');
    expect(f.map((x) => x.rule)).toEqual(['overly-permissive-condition']);
  });
});

describe('null-with-if-exists and multiple-bool-values', () => {
  it('flags NullIfExists', () => {
    expect(warnings(cond({ NullIfExists: { 'aws:x': 'true' } }))).toEqual([
      warn('null-with-if-exists', '`NullIfExists` makes no sense: `Null` already tests whether the key exists, so drop `IfExists`', '$.Statement[0].Condition.NullIfExists'),
    ]);
  });
  it('flags several Bool values for one key', () => {
    expect(warnings(cond({ Bool: { 'aws:SecureTransport': ['true', 'false'] } }))).toEqual([
      warn('multiple-bool-values', '`Bool` key `aws:SecureTransport` has 2 values, so the condition matches when any of them does', '$.Statement[0].Condition.Bool["aws:SecureTransport"]'),
    ]);
    expect(warnings(cond({ Bool: { 'aws:SecureTransport': ['true'] } }))).toEqual([]);
  });
});

describe('invalid-condition-value', () => {
  it.each<[string, string, string]>([
    ['Bool', 'yes', '`true` or `false`'],
    ['Null', 'maybe', '`true` or `false`'],
    ['NumericLessThan', '10abc', 'a number'],
    ['IpAddress', '10.0.0.0/33', 'an ip address or cidr block'],
    ['NotIpAddress', '300.1.1.1', 'an ip address or cidr block'],
    ['ArnLike', 'arn:aws:cloudtrail:*', 'an arn with six colon-separated parts'],
  ])('%s %s', (operator, value, expected) => {
    expect(warnings(cond({ [operator]: { 'aws:x': value } }))).toEqual([
      warn('invalid-condition-value', `\`${operator}\` value \`${value}\` is not ${expected}, so aws cannot compare it`, `$.Statement[0].Condition.${operator}["aws:x"]`),
    ]);
  });
  it('accepts good values, including JSON booleans and numbers', () => {
    expect(warnings(cond({
      Bool: { 'aws:SecureTransport': false }, Null: { 'aws:y': 'TRUE' }, NumericLessThan: { 'aws:n': [10, '-1.5', '.5'] },
      IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.1', '2001:db8::/32', '::/0'] },
      ArnEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' },
    }))).toEqual([]);
  });
});

describe('NotPrincipal', () => {
  const withNot = (effect: string, values: string[]): Json => policy({ Effect: effect, NotPrincipal: { AWS: values }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' });
  it('flags Allow with NotPrincipal', () => {
    expect(warnings(withNot('Allow', ['111122223333']), 'resource')).toEqual([
      warn('allow-with-not-principal', '`Allow` with `NotPrincipal` grants access to everyone not listed, including anonymous callers', '$.Statement[0].NotPrincipal'),
    ]);
  });
  it('flags a Deny that lists a user but not its account', () => {
    expect(warnings(withNot('Deny', ['arn:aws:iam::111122223333:user/bob']), 'resource')).toEqual([
      warn('deny-with-not-principal', '`NotPrincipal` lists `arn:aws:iam::111122223333:user/bob` but not its account `arn:aws:iam::111122223333:root`, so this deny still applies to `arn:aws:iam::111122223333:user/bob`',
        '$.Statement[0].NotPrincipal.AWS[0]'),
    ]);
  });
  it('flags a Deny that lists a session and its account but not its role', () => {
    const f = warnings(withNot('Deny', ['111122223333', 'arn:aws:sts::111122223333:assumed-role/Admin/s1']), 'resource');
    expect(f).toEqual([
      warn('deny-with-not-principal', '`NotPrincipal` lists `arn:aws:sts::111122223333:assumed-role/Admin/s1` but not its role `arn:aws:iam::111122223333:role/Admin`, so this deny still applies to `arn:aws:sts::111122223333:assumed-role/Admin/s1`',
        '$.Statement[0].NotPrincipal.AWS[1]'),
    ]);
  });
  it('accepts a Deny that lists the whole chain', () => {
    expect(warnings(withNot('Deny', [
      'arn:aws:iam::111122223333:root', 'arn:aws:iam::111122223333:user/bob',
      'arn:aws:iam::111122223333:role/ops/Admin', 'arn:aws:sts::111122223333:assumed-role/Admin/s1',
    ]), 'resource')).toEqual([]);
  });
});

describe('policy variables', () => {
  const withVariable = { Resource: 'arn:aws:s3:::b/${aws:username}/*', Condition: { StringLike: { 's3:prefix': '${aws:username}/*' } } };
  it('flags variables as literal without a Version', () => {
    const doc = { Statement: [{ ...keyStmt(), Principal: '*', Action: 's3:GetObject', ...withVariable }] };
    expect(warnings(doc, 's3-bucket')).toEqual([
      warn('policy-variable-literal', '`${aws:username}` is literal text because `Version` is missing, not `2012-10-17`', '$.Statement[0].Resource'),
      warn('policy-variable-literal', '`${aws:username}` is literal text because `Version` is missing, not `2012-10-17`', '$.Statement[0].Condition.StringLike["s3:prefix"]'),
    ]);
  });
  it('flags variables as literal under 2008-10-17', () => {
    const doc = { Version: '2008-10-17', Statement: [{ ...keyStmt(), Principal: '*', Action: 's3:GetObject', ...withVariable }] };
    expect(warnings(doc, 's3-bucket').map((f) => f.message)).toEqual([
      '`${aws:username}` is literal text because `Version` is `2008-10-17`, not `2012-10-17`',
      '`${aws:username}` is literal text because `Version` is `2008-10-17`, not `2012-10-17`',
    ]);
  });
  it('stays quiet under 2012-10-17, and where the Version is itself an error', () => {
    expect(warnings(policy(identity(withVariable)))).toEqual([]);
    expect(warnings({ Version: '2008-10-17', Statement: [identity(withVariable)] })).toEqual([]);
  });
  it('flags variables where they are never substituted', () => {
    const doc = policy(identity({
      Resource: 'arn:aws:iam::${aws:PrincipalAccount}:user/x',
      Condition: { NumericLessThan: { 'aws:n': '${aws:EpochTime}' } },
    }));
    expect(warnings(doc)).toEqual([
      warn('policy-variable-not-supported', '`${aws:PrincipalAccount}` is literal text outside the resource part of an arn (after the fifth colon)', '$.Statement[0].Resource'),
      warn('policy-variable-not-supported', '`${aws:EpochTime}` is literal text under `NumericLessThan`', '$.Statement[0].Condition.NumericLessThan["aws:n"]'),
    ]);
  });
});

describe('duplicate-key', () => {
  it('flags a second StringEquals block in one Condition', () => {
    const text = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",'
      + '"Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"},"StringEquals":{"aws:SourceArn":"arn:aws:cloudtrail:us-east-1:111122223333:trail/t"}}}]}';
    expect(warnings(text)).toEqual([
      warn('duplicate-key', 'key `StringEquals` appears more than once in this object, so only one of them takes effect', '$.Statement[0].Condition.StringEquals'),
    ]);
  });
});

describe('principal-type-not-applicable', () => {
  it('flags Federated outside trust policies and CanonicalUser outside S3', () => {
    expect(warnings(policy(keyStmt({ Principal: { Federated: 'cognito-identity.amazonaws.com' } })), 'kms-key')).toEqual([
      warn('principal-type-not-applicable', '`Federated` principals only apply to role trust policies', '$.Statement[0].Principal.Federated'),
    ]);
    expect(warnings(policy(keyStmt({ Principal: { CanonicalUser: 'a'.repeat(64) } })), 'resource')).toEqual([
      warn('principal-type-not-applicable', '`CanonicalUser` principals only apply to s3 bucket policies', '$.Statement[0].Principal.CanonicalUser'),
    ]);
  });
});

describe('order', () => {
  it('puts warnings after errors, and warnings in statement order', () => {
    const doc = policy(identity({ Action: 'kms:' }), identity({ Effect: 'allow', Condition: { NullIfExists: { a: 'true' } } }));
    expect(validatePolicy(doc, 'identity').map((f) => f.rule)).toEqual(['legacy-parsing', 'malformed-action', 'null-with-if-exists']);
  });
});
