import { describe, expect, it } from 'vitest';
import { InputError } from '../model.js';
import { isUnknown, Unknown } from '../values.js';
import { evaluate, NO_VALUE, type EvalContext } from './cfn-eval.js';
import { parseTemplate } from './cfn-parse.js';
import { assignments, SHARED_ACCOUNT, symbolize } from './variants.js';

const parse = (text: string) => parseTemplate({ kind: 'cloudformation', file: 't.yaml', text });

describe('CloudFormation short tags', () => {
  it('reads every tag as its long form', () => {
    const t = parse(`Resources:
  X:
    Type: AWS::S3::Bucket
    Properties:
      A: !Ref Foo
      B: !GetAtt Key.Arn
      C: !Sub 'arn:\${AWS::Partition}:s3:::b'
      D: !Join ['', [a, !Ref B]]
      E: !If [Cond, !Ref 'AWS::NoValue', x]
      F: !Sub
        - '\${X}'
        - X: !ImportValue shared
      G: 012345678901
      H: !Select [0, !Split [',', 'a,b']]
`);
    expect((t.Resources as Record<string, { Properties: unknown }>).X.Properties).toEqual({
      A: { Ref: 'Foo' },
      B: { 'Fn::GetAtt': ['Key', 'Arn'] },
      C: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b' },
      D: { 'Fn::Join': ['', ['a', { Ref: 'B' }]] },
      E: { 'Fn::If': ['Cond', { Ref: 'AWS::NoValue' }, 'x'] },
      F: { 'Fn::Sub': ['${X}', { X: { 'Fn::ImportValue': 'shared' } }] },
      // An account id keeps its leading zero.
      G: '012345678901',
      H: { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] },
    });
  });

  it('reads JSON templates too, and refuses what is not a template', () => {
    expect(parse('{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}').Resources).toEqual({ B: { Type: 'AWS::S3::Bucket' } });
    expect(() => parse('Parameters: {}')).toThrow(/has no `Resources`/);
    expect(() => parse('Resources: [')).toThrow(InputError);
  });
});

describe('intrinsic functions, evaluated symbolically', () => {
  const ctx: EvalContext = {
    file: 't.yaml',
    pseudo: { accountId: '111111111111', region: 'eu-west-1', partition: 'aws', stackName: 's' },
    parameters: { Name: 'trail', Missing: new Unknown('parameter `Missing`'), List: ['a', 'b'] },
    mappings: { Regions: { 'eu-west-1': { Bucket: 'eu-logs' } } },
    conditions: { IsEu: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] }, Unknowable: { 'Fn::Equals': [{ Ref: 'Missing' }, 'x'] } },
    resource: (id) => (id === 'Key' ? { ref: 'key-id', attrs: { Arn: 'arn:aws:kms:eu-west-1:111111111111:key/key-id' } } : undefined),
  };
  const ev = (v: unknown) => evaluate(v, ctx);

  it('evaluates Ref, GetAtt, Sub, Join, Select, Split, If, FindInMap and pseudo parameters', () => {
    expect(ev({ 'Fn::Sub': 'arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/${Name}' })).toBe('arn:aws:cloudtrail:eu-west-1:111111111111:trail/trail');
    expect(ev({ 'Fn::Sub': ['${Key.Arn}/${V}|${!Literal}', { V: { Ref: 'Name' } }] })).toBe('arn:aws:kms:eu-west-1:111111111111:key/key-id/trail|${Literal}');
    expect(ev({ 'Fn::GetAtt': ['Key', 'Arn'] })).toBe('arn:aws:kms:eu-west-1:111111111111:key/key-id');
    expect(ev({ 'Fn::GetAtt': 'Key.Arn' })).toBe('arn:aws:kms:eu-west-1:111111111111:key/key-id');
    expect(ev({ 'Fn::Join': ['/', ['a', { Ref: 'Name' }, { Ref: 'AWS::NoValue' }]] })).toBe('a/trail');
    expect(ev({ 'Fn::Select': [1, { Ref: 'List' }] })).toBe('b');
    expect(ev({ 'Fn::Split': [':', 'a:b'] })).toEqual(['a', 'b']);
    expect(ev({ 'Fn::If': ['IsEu', 'eu', 'other'] })).toBe('eu');
    expect(ev({ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Bucket'] })).toBe('eu-logs');
    expect(ev({ 'Fn::Not': [{ Condition: 'IsEu' }] })).toBe(false);
    expect(ev({ 'Fn::And': [{ Condition: 'IsEu' }, { 'Fn::Equals': ['a', 'a'] }] })).toBe(true);
  });

  it('drops AWS::NoValue from objects and lists', () => {
    expect(ev({ A: { Ref: 'AWS::NoValue' }, B: [1, { 'Fn::If': ['IsEu', { Ref: 'AWS::NoValue' }, 2] }] })).toEqual({ B: [1] });
    expect(ev({ Ref: 'AWS::NoValue' })).toBe(NO_VALUE);
  });

  it('keeps what cannot be known as Unknown, naming it', () => {
    const imported = ev({ 'Fn::ImportValue': 'logs-bucket' });
    expect(isUnknown(imported) && imported.what).toBe('the export `logs-bucket` of another stack (Fn::ImportValue)');
    const sub = ev({ 'Fn::Sub': 'x-${Missing}' });
    expect(isUnknown(sub) && sub.what).toBe('parameter `Missing`');
    expect(isUnknown(ev({ 'Fn::If': ['Unknowable', 'a', 'b'] }))).toBe(true);
    expect(isUnknown(ev({ 'Fn::GetAtt': ['Key', 'Nope'] }))).toBe(true);
  });

  it('refuses references to nothing', () => {
    expect(() => ev({ Ref: 'Nope' })).toThrow(/names no parameter or resource/);
    expect(() => ev({ 'Fn::If': ['NoSuchCondition', 1, 2] })).toThrow(/condition `NoSuchCondition` is not defined/);
  });

  it('leaves statements with a Condition element alone (not a call)', () => {
    const statement = { Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceArn': { Ref: 'Name' } } } };
    expect(ev(statement)).toEqual({ Effect: 'Allow', Condition: { StringEquals: { 'aws:SourceArn': 'trail' } } });
  });
});

describe('pseudo-parameter assignments', () => {
  it('varies account and Region jointly over placeholders and the literals templates mention', () => {
    const one = assignments([{ file: 'a.yaml', text: 'x 222222222222 eu-west-1' }]);
    expect(one[0]).toMatchObject({ accounts: { 'a.yaml': SHARED_ACCOUNT }, varies: 'none' });
    expect(one.map((a) => `${a.accounts['a.yaml']}/${a.regions['a.yaml']}`)).toEqual([
      '100000000000/xx-home-1', '100000000000/eu-west-1', '222222222222/xx-home-1', '222222222222/eu-west-1',
    ]);
    const two = assignments([{ file: 'a.yaml', text: '' }, { file: 'b.yaml', text: '' }]);
    // Shared, and one per template (are the stacks in different accounts?).
    expect(two.map((a) => Object.values(a.accounts).join(','))).toContain('100000000001,100000000002');
    const fixed = assignments([{ file: 'a.yaml', text: '222222222222', fixedAccount: '111111111111', fixedRegion: 'us-east-1' }]);
    expect(fixed).toHaveLength(1);
  });

  it('shows placeholders as ${AWS::AccountId} and ${AWS::Region}', () => {
    expect(symbolize({ arn: 'arn:aws:cloudtrail:xx-home-1:100000000000:trail/t' }, [['100000000000', '${AWS::AccountId}'], ['xx-home-1', '${AWS::Region}']]))
      .toEqual({ arn: 'arn:aws:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/t' });
  });
});
