// CreateAlias, UpdateAlias, DeleteAlias, ListAliases (aws-behavior.md §6.1, §6.4, §6.5).
import { describe, expect, it } from 'vitest';
import { createAlias, deleteAlias, listAliases, updateAlias } from './aliases.js';
import { createKey, describeKey, scheduleKeyDeletion } from './key-operations.js';
import { ACCOUNT, allow, keyPolicy, OTHER, REGION, rootStatement, TestWorld } from './test-call.js';

type Meta = { KeyId: string; Arn: string };
type Alias = { AliasName: string; AliasArn: string; TargetKeyId: string; CreationDate: Date; LastUpdatedDate: Date };
type Listed = { Aliases: Alias[]; NextMarker?: string; Truncated: boolean };

const newKey = (w: TestWorld, input: object = {}) => w.run<{ KeyMetadata: Meta }>(w.root(), createKey, input).KeyMetadata;
const aliasArn = (name: string, account = ACCOUNT) => `arn:aws:kms:${REGION}:${account}:${name}`;

describe('CreateAlias', () => {
  it('creates an alias that ListAliases shows and DescribeKey resolves', () => {
    const w = new TestWorld();
    const k = newKey(w);
    expect(w.run(w.root(), createAlias, { AliasName: 'alias/logs', TargetKeyId: k.Arn })).toEqual({});
    expect(w.run<Listed>(w.root(), listAliases, {})).toEqual({
      Aliases: [{ AliasName: 'alias/logs', AliasArn: aliasArn('alias/logs'), TargetKeyId: k.KeyId, CreationDate: w.now, LastUpdatedDate: w.now }],
      Truncated: false,
      NextMarker: undefined,
    });
    expect(w.run<{ KeyMetadata: Meta }>(w.root(), describeKey, { KeyId: 'alias/logs' }).KeyMetadata.KeyId).toBe(k.KeyId);
  });

  it('name rules: prefix, reserved alias/aws/, colon, bare alias/', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const e1 = w.fail(w.root(), createAlias, { AliasName: 'logs', TargetKeyId: k.KeyId });
    expect([e1.code, e1.message]).toEqual(['ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html']);
    expect(w.fail(w.root(), createAlias, { AliasName: 'alias/aws/s3', TargetKeyId: k.KeyId }).code).toBe('NotAuthorizedException');
    const e3 = w.fail(w.root(), createAlias, { AliasName: 'alias/Service:Test', TargetKeyId: k.KeyId });
    expect([e3.code, e3.message]).toEqual(['ValidationException', 'alias/Service:Test contains invalid characters for an alias']);
    expect(w.fail(w.root(), createAlias, { AliasName: 'alias/', TargetKeyId: k.KeyId }).code).toBe('InvalidAliasNameException');
  });

  it('an existing alias → AlreadyExistsException with the alias ARN', () => {
    const w = new TestWorld();
    const k = newKey(w);
    w.run(w.root(), createAlias, { AliasName: 'alias/a', TargetKeyId: k.KeyId });
    const e = w.fail(w.root(), createAlias, { AliasName: 'alias/a', TargetKeyId: k.KeyId });
    expect([e.code, e.message]).toEqual(['AlreadyExistsException', `An alias with the name ${aliasArn('alias/a')} already exists`]);
  });

  it('the target must be a key, in this Region, of this account, not pending deletion', () => {
    const w = new TestWorld();
    const k = newKey(w);
    w.run(w.root(), createAlias, { AliasName: 'alias/a', TargetKeyId: k.KeyId });
    expect(w.fail(w.root(), createAlias, { AliasName: 'alias/b', TargetKeyId: 'alias/a' }).message).toBe('Aliases must refer to keys. Not aliases');
    const eu = w.run<{ KeyMetadata: Meta }>(w.root(), createKey, {}, { region: 'eu-west-1' }).KeyMetadata;
    expect(w.fail(w.root(), createAlias, { AliasName: 'alias/b', TargetKeyId: eu.Arn }).message).toBe('Invalid arn eu-west-1');
    const other = w.run<{ KeyMetadata: Meta }>(w.root(OTHER), createKey, {
      Policy: keyPolicy(rootStatement(OTHER), { Effect: 'Allow', Principal: { AWS: ACCOUNT }, Action: 'kms:*', Resource: '*' }),
    }).KeyMetadata;
    expect(w.fail(w.root(), createAlias, { AliasName: 'alias/b', TargetKeyId: other.Arn }).message).toContain('because no resource-based policy allows the kms:CreateAlias action');
    w.run(w.root(), scheduleKeyDeletion, { KeyId: k.KeyId });
    expect(w.fail(w.root(), createAlias, { AliasName: 'alias/c', TargetKeyId: k.KeyId }).message).toBe(`${k.Arn} is pending deletion.`);
  });

  it('needs kms:CreateAlias on the alias (IAM) and on the key (key policy)', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const keyOnly = w.user('keyonly', [allow('kms:CreateAlias', k.Arn)]);
    expect(w.fail(keyOnly, createAlias, { AliasName: 'alias/x', TargetKeyId: k.KeyId }).message).toBe(
      `User: ${keyOnly.arn} is not authorized to perform: kms:CreateAlias on resource: ${aliasArn('alias/x')} because no identity-based policy allows the kms:CreateAlias action`,
    );
    const aliasOnly = w.user('aliasonly', [allow('kms:CreateAlias', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/*`)]);
    expect(w.fail(aliasOnly, createAlias, { AliasName: 'alias/x', TargetKeyId: k.KeyId }).message).toBe(
      `User: ${aliasOnly.arn} is not authorized to perform: kms:CreateAlias on resource: ${k.Arn} because no identity-based policy allows the kms:CreateAlias action`,
    );
    const both = w.user('both', [allow('kms:CreateAlias', [k.Arn, `arn:aws:kms:${REGION}:${ACCOUNT}:alias/x`])]);
    expect(w.run(both, createAlias, { AliasName: 'alias/x', TargetKeyId: k.KeyId })).toEqual({});
  });
});

describe('UpdateAlias', () => {
  it('moves the alias to another key', () => {
    const w = new TestWorld();
    const a = newKey(w);
    const b = newKey(w);
    w.run(w.root(), createAlias, { AliasName: 'alias/cur', TargetKeyId: a.KeyId });
    w.now = new Date(w.now.getTime() + 1000);
    expect(w.run(w.root(), updateAlias, { AliasName: 'alias/cur', TargetKeyId: b.KeyId })).toEqual({});
    const [entry] = w.run<Listed>(w.root(), listAliases, {}).Aliases;
    expect(entry.TargetKeyId).toBe(b.KeyId);
    expect(entry.LastUpdatedDate.getTime() - entry.CreationDate.getTime()).toBe(1000);
    expect(w.run<Listed>(w.root(), listAliases, { KeyId: a.KeyId }).Aliases).toEqual([]);
  });

  it('from a key pending deletion is fine; to one is not (§6.4)', () => {
    const w = new TestWorld();
    const a = newKey(w);
    const b = newKey(w);
    w.run(w.root(), createAlias, { AliasName: 'alias/cur', TargetKeyId: a.KeyId });
    w.run(w.root(), scheduleKeyDeletion, { KeyId: b.KeyId });
    expect(w.fail(w.root(), updateAlias, { AliasName: 'alias/cur', TargetKeyId: b.KeyId }).message).toBe(`${b.Arn} is pending deletion.`);
    const c = newKey(w);
    w.run(w.root(), scheduleKeyDeletion, { KeyId: a.KeyId });
    expect(w.run(w.root(), updateAlias, { AliasName: 'alias/cur', TargetKeyId: c.KeyId })).toEqual({});
  });

  it('a missing alias, and keys of another type', () => {
    const w = new TestWorld();
    const a = newKey(w);
    const rsa = newKey(w, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    expect(w.fail(w.root(), updateAlias, { AliasName: 'alias/none', TargetKeyId: a.KeyId }).message).toBe(`Alias ${aliasArn('alias/none')} is not found.`);
    w.run(w.root(), createAlias, { AliasName: 'alias/sym', TargetKeyId: a.KeyId });
    expect(w.fail(w.root(), updateAlias, { AliasName: 'alias/sym', TargetKeyId: rsa.KeyId }).code).toBe('ValidationException');
  });
});

describe('DeleteAlias and ListAliases', () => {
  it('deletes; a missing alias is NotFound', () => {
    const w = new TestWorld();
    const k = newKey(w);
    w.run(w.root(), createAlias, { AliasName: 'alias/gone', TargetKeyId: k.KeyId });
    expect(w.run(w.root(), deleteAlias, { AliasName: 'alias/gone' })).toEqual({});
    expect(w.fail(w.root(), deleteAlias, { AliasName: 'alias/gone' }).message).toBe(`Alias ${aliasArn('alias/gone')} is not found.`);
    expect(w.fail(w.root(), describeKey, { KeyId: 'alias/gone' }).code).toBe('NotFoundException');
    expect(w.fail(w.root(), deleteAlias, { AliasName: 'gone' }).code).toBe('ValidationException');
  });

  it('filters by KeyId, pages, and keeps accounts and Regions apart', () => {
    const w = new TestWorld();
    const a = newKey(w);
    const b = newKey(w);
    for (const n of ['alias/a1', 'alias/a2', 'alias/a3']) w.run(w.root(), createAlias, { AliasName: n, TargetKeyId: a.KeyId });
    w.run(w.root(), createAlias, { AliasName: 'alias/b1', TargetKeyId: b.KeyId });
    const eu = w.run<{ KeyMetadata: Meta }>(w.root(), createKey, {}, { region: 'eu-west-1' }).KeyMetadata;
    w.run(w.root(), createAlias, { AliasName: 'alias/a1', TargetKeyId: eu.KeyId }, { region: 'eu-west-1' });
    expect(w.run<Listed>(w.root(), listAliases, { KeyId: b.Arn }).Aliases.map((x) => x.AliasName)).toEqual(['alias/b1']);
    const p1 = w.run<Listed>(w.root(), listAliases, { Limit: 3 });
    expect(p1.Aliases.map((x) => x.AliasName)).toEqual(['alias/a1', 'alias/a2', 'alias/a3']);
    expect(p1.Truncated).toBe(true);
    const p2 = w.run<Listed>(w.root(), listAliases, { Limit: 3, Marker: p1.NextMarker });
    expect(p2).toMatchObject({ Truncated: false });
    expect(p2.Aliases.map((x) => x.AliasName)).toEqual(['alias/b1']);
    expect(w.run<Listed>(w.root(OTHER), listAliases, {}).Aliases).toEqual([]);
    expect(w.fail(w.root(), listAliases, { Marker: 'nope' }).code).toBe('InvalidMarkerException');
  });

  it('DeleteAlias and UpdateAlias need the permission on the alias too', () => {
    const w = new TestWorld();
    const k = newKey(w);
    w.run(w.root(), createAlias, { AliasName: 'alias/x', TargetKeyId: k.KeyId });
    const keyOnly = w.user('keyonly', [allow(['kms:DeleteAlias', 'kms:UpdateAlias'], k.Arn)]);
    expect(w.fail(keyOnly, deleteAlias, { AliasName: 'alias/x' }).message).toContain(`kms:DeleteAlias on resource: ${aliasArn('alias/x')}`);
    expect(w.fail(keyOnly, updateAlias, { AliasName: 'alias/x', TargetKeyId: k.KeyId }).message).toContain(`kms:UpdateAlias on resource: ${aliasArn('alias/x')}`);
    expect(w.fail(w.user('nobody'), listAliases, {}).message).toContain('kms:ListAliases on resource: * because no identity-based policy allows');
  });
});
