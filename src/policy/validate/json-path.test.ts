import { describe, expect, it } from 'vitest';
import { validatePolicy } from './index.js';
import { index, key, ROOT } from './json-path.js';

describe('json paths', () => {
  it('uses dots for identifiers and quoted brackets for other keys', () => {
    expect(key(ROOT, 'Statement')).toBe('$.Statement');
    expect(index(key(ROOT, 'Statement'), 0)).toBe('$.Statement[0]');
    expect(key(key('$.Statement[0].Condition', 'StringEquals'), 'aws:SourceArn')).toBe('$.Statement[0].Condition.StringEquals["aws:SourceArn"]');
    expect(key(ROOT, 'ForAllValues:StringEquals')).toBe('$["ForAllValues:StringEquals"]');
    expect(key(ROOT, '_a$1')).toBe('$._a$1');
    expect(key(ROOT, '1a')).toBe('$["1a"]');
    expect(key(ROOT, '')).toBe('$[""]');
  });
  it('escapes quotes and backslashes in keys', () => {
    expect(key(ROOT, 'a"b\\c')).toBe('$["a\\"b\\\\c"]');
  });
});

describe('paths in findings', () => {
  it('a single statement object is $.Statement', () => {
    const f = validatePolicy({ Version: '2012-10-17', Statement: { Effect: 'allow', Action: 'a:b', Resource: '*' } }, 'identity');
    expect(f[0]?.path).toBe('$.Statement.Effect');
  });
  it('statements in an array are indexed', () => {
    const ok = { Effect: 'Allow', Action: 'a:b', Resource: '*' };
    const f = validatePolicy({ Version: '2012-10-17', Statement: [ok, ok, { ...ok, Effect: 'deny' }] }, 'identity');
    expect(f[0]?.path).toBe('$.Statement[2].Effect');
  });
  it('condition keys with unusual characters are bracket-quoted, values indexed', () => {
    const doc = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 'aws:PrincipalTag/cost "center"': ['x', 'y*'] } } }],
    };
    expect(validatePolicy(doc, 'identity')[0]?.path).toBe('$.Statement[0].Condition["ForAnyValue:StringEquals"]["aws:PrincipalTag/cost \\"center\\""][1]');
  });
  it('a key that is not an identifier at the top level is quoted', () => {
    expect(validatePolicy({ Version: '2012-10-17', 'my key': 1, Statement: [] }, 'identity')[0]?.path).toBe('$["my key"]');
  });
});

describe('robustness', () => {
  it('survives a deeply nested document', () => {
    const deep = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"a:b","Resource":"*","Sid":"\u2603","Condition":{"StringEquals":{"k":${'['.repeat(20000)}${']'.repeat(20000)}}}}]}`;
    for (const kind of ['identity', 'kms-key', 's3-bucket', 'resource'] as const) {
      expect(validatePolicy(deep, kind).some((f) => f.severity === 'error')).toBe(true);
    }
  });
});
