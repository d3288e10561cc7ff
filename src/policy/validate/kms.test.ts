// KMS key policies: aws-behavior.md §6.3, policy-semantics.md §4.10 "KMS key policies".
import { describe, expect, it } from 'vitest';
import { hasErrors, validatePolicy } from './index.js';

type Json = Record<string, unknown>;

const ACCOUNT = '111122223333';
const stmt = (extra: Json = {}): Json => ({
  Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*', ...extra,
});
const policy = (...statements: Json[]): Json => ({ Version: '2012-10-17', Id: 'key-default-1', Statement: statements });
const validate = (doc: unknown) => validatePolicy(doc, 'kms-key');
const errors = (doc: unknown) => validate(doc).filter((f) => f.severity === 'error');
const warnings = (doc: unknown) => validate(doc).filter((f) => f.severity === 'warning');

const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';
const EC_TEXT = 'OverlyPermissiveCondition:EncryptionContext: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified encryption context or with an unspecified encryption context. To fix, remove ForAllValues.';
const TAG_TEXT = 'OverlyPermissiveCondition:RequestTag: Using the ForAllValues set operator with a single-valued condition key matches requests without the specified tag or with an unspecified tag. To fix, remove ForAllValues.';

describe('valid key policies', () => {
  it('the default key policy (aws-behavior.md §6.2) has no findings', () => {
    const text = `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::111122223333:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;
    expect(validate(text)).toEqual([]);
  });

  it('the CloudTrail statements (aws-behavior.md §2.5) have no findings', () => {
    const doc = policy(
      stmt(),
      {
        Sid: 'Allow CloudTrail to encrypt logs', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:GenerateDataKey*', Resource: '*',
        Condition: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
          StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t` },
        },
      },
      {
        Sid: 'Allow CloudTrail to describe key', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'kms:DescribeKey', Resource: '*',
        Condition: { StringEquals: { 'aws:SourceArn': `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t` } },
      },
      {
        Sid: 'Enable CloudTrail log decrypt permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/reader` }, Action: 'kms:Decrypt', Resource: '*',
        Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
      },
      {
        Sid: 'Allow access through EBS', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Encrypt', 'kms:ReEncrypt*'], Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': ACCOUNT, 'kms:ViaService': 'ec2.us-west-2.amazonaws.com' } },
      },
    );
    expect(validate(doc)).toEqual([]);
  });

  it('Sids may contain spaces, and duplicate Sids are only a warning', () => {
    const f = validate(policy(stmt(), stmt()));
    expect(hasErrors(f)).toBe(false);
    expect(f).toEqual([{ severity: 'warning', rule: 'duplicate-sid', message: 'sid `Enable IAM User Permissions` is used by more than one statement', path: '$.Statement[1].Sid' }]);
  });
});

describe('principals: every statement needs a valid one', () => {
  it('rejects a missing Principal at the statement', () => {
    const doc = policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    expect(errors(doc)).toEqual([{ severity: 'error', rule: 'missing-principal', code: 'MalformedPolicyDocumentException', message: INVALID_PRINCIPALS, path: '$.Statement[0]' }]);
  });
  it('rejects an empty Principal', () => {
    expect(errors(policy(stmt({ Principal: {} })))[0]).toMatchObject({ rule: 'missing-principal', message: INVALID_PRINCIPALS, path: '$.Statement[0].Principal' });
    expect(errors(policy(stmt({ Principal: { AWS: [] } })))[0]?.message).toBe(INVALID_PRINCIPALS);
  });
  it.each([
    'arn:aws:iam::111122223333:user/*',
    'arn:aws:iam::*:root',
    '11112222333',
    'arn:aws:iam::111122223333:group/admins',
    'alice',
  ])('rejects the AWS principal %s', (value) => {
    expect(errors(policy(stmt({ Principal: { AWS: ['*', value] } })))).toEqual([
      { severity: 'error', rule: 'invalid-principal', code: 'MalformedPolicyDocumentException', message: INVALID_PRINCIPALS, path: '$.Statement[0].Principal.AWS[1]' },
    ]);
  });
  it('accepts "*" and unique ids', () => {
    expect(errors(policy(stmt({ Principal: '*' })))).toEqual([]);
    expect(errors(policy(stmt({ Principal: { AWS: 'AIDACKCEVSQ6C2EXAMPLE' } })))).toEqual([]);
  });
  it('rejects a principal string other than "*" as a syntax error (empty text)', () => {
    expect(errors(policy(stmt({ Principal: `arn:aws:iam::${ACCOUNT}:root` })))).toEqual([
      { severity: 'error', rule: 'syntax', code: 'MalformedPolicyDocumentException', message: '', path: '$.Statement[0].Principal' },
    ]);
  });
});

describe('Action and Resource are optional for KMS', () => {
  // PutKeyPolicy accepts the statement, but it has no effect (KMS API reference).
  it('a missing Action is a warning', () => {
    const f = validate(policy({ Sid: 'x', Effect: 'Allow', Principal: '*', Resource: '*' }));
    expect(f).toEqual([{ severity: 'warning', rule: 'missing-action', message: 'statement has no `Action` or `NotAction`, so kms accepts it but it never applies', path: '$.Statement[0]' }]);
  });
  it('a missing Resource is a warning', () => {
    const f = validate(policy({ Sid: 'x', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt' }));
    expect(f).toEqual([{ severity: 'warning', rule: 'missing-resource', message: 'statement has no `Resource` or `NotResource`, so kms accepts it but it never applies', path: '$.Statement[0]' }]);
  });
});

describe('OverlyPermissiveCondition', () => {
  it('rejects ForAllValues with kms:EncryptionContext:<k>', () => {
    const doc = policy(stmt({ Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:aws:cloudtrail:arn': 'x' } } }));
    expect(errors(doc)).toEqual([{
      severity: 'error', rule: 'overly-permissive-condition', code: 'MalformedPolicyDocumentException', message: EC_TEXT,
      path: '$.Statement[0].Condition["ForAllValues:StringEquals"]["kms:EncryptionContext:aws:cloudtrail:arn"]',
    }]);
  });
  it('matches the key name case-insensitively and through IfExists', () => {
    const doc = policy(stmt({ Condition: { 'ForAllValues:StringLikeIfExists': { 'KMS:encryptioncontext:Purpose': 'x' } } }));
    expect(errors(doc)[0]?.message).toBe(EC_TEXT);
  });
  it('rejects ForAllValues with aws:RequestTag/<k>', () => {
    const doc = policy(stmt({ Condition: { 'ForAllValues:StringEquals': { 'aws:RequestTag/team': 'x' } } }));
    expect(errors(doc)[0]?.message).toBe(TAG_TEXT);
  });
  it('does not reject the multivalued kms:EncryptionContextKeys, ForAnyValue, or the lone prefix', () => {
    const doc = policy(stmt({
      Condition: {
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'aws:cloudtrail:arn', 'kms:EncryptionContext:': 'x' },
        'ForAnyValue:StringEquals': { 'kms:EncryptionContext:k': 'x' },
      },
    }));
    expect(errors(doc)).toEqual([]);
  });
  it('is not an error for identity policies (only a lint there)', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*', Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContext:k': 'x' } } }] };
    expect(validatePolicy(doc, 'identity').map((f) => f.rule)).toEqual(['set-operator-on-single-valued-key']);
  });
});

describe('character set [\\u0009\\u000A\\u000D\\u0020-\\u00FF]', () => {
  const MESSAGE = "1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";
  it('rejects a character above U+00FF, pointing at its string', () => {
    const doc = policy(stmt({ Sid: 'caf\u00e9 \u2603' }));
    expect(errors(doc)).toEqual([{ severity: 'error', rule: 'character-set', code: 'ValidationException', message: MESSAGE, path: '$.Statement[0].Sid' }]);
  });
  it('rejects control characters other than tab, LF and CR in the text', () => {
    expect(errors(`{"Version":"2012-10-17",\u000B"Statement":[]}`)[0]?.rule).toBe('character-set');
  });
  it('accepts Latin-1, tab, LF and CR', () => {
    expect(errors(`{\t"Version":"2012-10-17",\r\n"Statement":[${JSON.stringify(stmt({ Sid: 'Zugriff f\u00fcr \u00c5sa' }))}]}`)).toEqual([]);
  });
  it('accepts a JSON escape, which is ASCII in the text as sent', () => {
    expect(errors(JSON.stringify(policy(stmt({ Sid: 'x' }))).replace('"x"', '"\\u2603"'))).toEqual([]);
  });
  it('is checked before anything else', () => {
    expect(errors('\u2603')[0]?.rule).toBe('character-set');
  });
});

describe('size: 32768 bytes', () => {
  const withSid = (length: number): string => {
    const base = JSON.stringify(policy(stmt({ Sid: '' })));
    return base.replace('"Sid":""', `"Sid":"${'x'.repeat(length - base.length)}"`);
  };
  it('accepts 32768 bytes and rejects 32769', () => {
    expect(errors(withSid(32768))).toEqual([]);
    expect(errors(withSid(32769))).toEqual([{ severity: 'error', rule: 'size', code: 'LimitExceededException', message: '', path: '$' }]);
  });
  it('counts UTF-8 bytes, not characters', () => {
    // 32768 characters, one of them two bytes long.
    const text = withSid(32768).replace('"Sid":"x', '"Sid":"\u00e9');
    expect(text.length).toBe(32768);
    expect(errors(text)[0]?.rule).toBe('size');
  });
});

describe('grammar errors carry an empty message (KMS publishes none)', () => {
  it.each<[string, unknown]>([
    ['not JSON', 'not a policy'],
    ['unknown element', policy(stmt({ Foo: 1 }))],
    ['Effect not allow/deny', policy(stmt({ Effect: 'Maybe' }))],
    ['unknown operator with a body', policy(stmt({ Condition: { StringEqualz: { a: 'b' } } }))],
  ])('%s', (_name, doc) => {
    expect(errors(doc)[0]).toMatchObject({ rule: 'syntax', code: 'MalformedPolicyDocumentException', message: '' });
  });
});

describe('IAM rules KMS is not known to enforce are warnings', () => {
  it('Version missing or 2008-10-17', () => {
    const doc = { Statement: [stmt()] };
    expect(validate(doc)).toEqual([{ severity: 'warning', rule: 'version', message: 'the kms docs require `Version` to be `2012-10-17` in key policies', path: '$' }]);
    expect(warnings({ ...doc, Version: '2008-10-17' })[0]?.path).toBe('$.Version');
  });
  it('Effect in the wrong case', () => {
    expect(validate(policy(stmt({ Effect: 'allow' })))).toEqual([
      { severity: 'warning', rule: 'legacy-parsing', message: 'effect `allow` is not exactly `Allow` or `Deny`, which iam rejects', path: '$.Statement[0].Effect' },
    ]);
  });
  it('a date IAM cannot parse', () => {
    expect(validate(policy(stmt({ Condition: { DateLessThan: { 'aws:CurrentTime': '234-13' } } })))).toEqual([
      { severity: 'warning', rule: 'legacy-parsing', message: 'date `234-13` cannot be parsed, so iam would reject it and it compares with nothing', path: '$.Statement[0].Condition.DateLessThan["aws:CurrentTime"]' },
    ]);
  });
  it('a resource that is not an ARN, or a five-part one', () => {
    expect(validate(policy(stmt({ Resource: 'this-key' })))).toEqual([
      { severity: 'warning', rule: 'resource-format', message: 'resource `this-key` is not `*` or a valid arn, so it matches no key', path: '$.Statement[0].Resource' },
    ]);
    expect(validate(policy(stmt({ Resource: 'arn:aws:kms::key' })))).toEqual([
      { severity: 'warning', rule: 'legacy-parsing', message: 'resource `arn:aws:kms::key` has fewer than six arn parts, which iam rejects', path: '$.Statement[0].Resource' },
    ]);
  });
  it('an action without a vendor', () => {
    expect(validate(policy(stmt({ Action: 'Decrypt' })))).toEqual([
      { severity: 'warning', rule: 'malformed-action', message: '`Action` value `Decrypt` has no `service:` prefix, so it matches no request', path: '$.Statement[0].Action' },
    ]);
  });
});
