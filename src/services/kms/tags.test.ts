// TagResource, UntagResource, ListResourceTags and CreateKey's Tags (aws-behavior.md §6.1, §6.5).
import { describe, expect, it } from 'vitest';
import { createKey, scheduleKeyDeletion } from './key-operations.js';
import { listResourceTags, tagResource, untagResource } from './tags.js';
import { allow, TestWorld } from './test-call.js';

type Meta = { KeyId: string; Arn: string };
type Listed = { Tags: { TagKey: string; TagValue: string }[]; NextMarker?: string; Truncated: boolean };
const newKey = (w: TestWorld, input: object = {}) => w.run<{ KeyMetadata: Meta }>(w.root(), createKey, input).KeyMetadata;
const tags = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ TagKey: `${prefix}${String(i).padStart(2, '0')}`, TagValue: `v${i}` }));

describe('tags', () => {
  it('CreateKey tags, TagResource adds and overwrites, UntagResource removes, ListResourceTags lists', () => {
    const w = new TestWorld();
    const k = newKey(w, { Tags: [{ TagKey: 'team', TagValue: 'blue' }] });
    expect(w.run(w.root(), tagResource, { KeyId: k.KeyId, Tags: [{ TagKey: 'team', TagValue: 'red' }, { TagKey: 'env', TagValue: '' }] })).toEqual({});
    expect(w.run<Listed>(w.root(), listResourceTags, { KeyId: k.Arn })).toEqual({
      Tags: [{ TagKey: 'env', TagValue: '' }, { TagKey: 'team', TagValue: 'red' }],
      Truncated: false,
      NextMarker: undefined,
    });
    expect(w.run(w.root(), untagResource, { KeyId: k.KeyId, TagKeys: ['team', 'absent'] })).toEqual({});
    expect(w.run<Listed>(w.root(), listResourceTags, { KeyId: k.KeyId }).Tags).toEqual([{ TagKey: 'env', TagValue: '' }]);
  });

  it.each([
    [[{ TagKey: 'aws:x', TagValue: 'v' }], 'Tags beginning with aws: are reserved'],
    [[{ TagKey: 'AWS:x', TagValue: 'v' }], 'Tags beginning with aws: are reserved'],
    [[{ TagKey: 'a', TagValue: '1' }, { TagKey: 'a', TagValue: '2' }], 'Duplicate tag keys'],
    [tags(51), 'Too many tags'],
  ])('TagException: %j → %s', (input, message) => {
    const w = new TestWorld();
    const k = newKey(w);
    const e = w.fail(w.root(), tagResource, { KeyId: k.KeyId, Tags: input });
    expect([e.code, e.message, e.status]).toEqual(['TagException', message, 400]);
    expect(w.fail(w.root(), createKey, { Tags: input }).message).toBe(message);
  });

  it('at most 50 tags per key, counting those it has', () => {
    const w = new TestWorld();
    const k = newKey(w, { Tags: tags(40) });
    expect(w.run(w.root(), tagResource, { KeyId: k.KeyId, Tags: tags(10, 'x') })).toEqual({});
    expect(w.run(w.root(), tagResource, { KeyId: k.KeyId, Tags: tags(5) })).toEqual({}); // overwrites
    expect(w.fail(w.root(), tagResource, { KeyId: k.KeyId, Tags: [{ TagKey: 'one-more', TagValue: '' }] }).message).toBe('Too many tags');
    expect(w.fail(w.root(), untagResource, { KeyId: k.KeyId, TagKeys: ['aws:x'] }).message).toBe('Tags beginning with aws: are reserved');
  });

  it('ListResourceTags pages at most 50', () => {
    const w = new TestWorld();
    const k = newKey(w, { Tags: tags(50) });
    const p1 = w.run<Listed>(w.root(), listResourceTags, { KeyId: k.KeyId, Limit: 20 });
    expect(p1.Tags).toHaveLength(20);
    const p2 = w.run<Listed>(w.root(), listResourceTags, { KeyId: k.KeyId, Limit: 1000, Marker: p1.NextMarker });
    expect(p2.Tags).toHaveLength(30);
    expect(p2.Tags[0].TagKey).toBe('k20');
    expect(p2.Truncated).toBe(false);
  });

  it('a key pending deletion cannot be tagged (§6.4) but its tags can be listed', () => {
    const w = new TestWorld();
    const k = newKey(w, { Tags: [{ TagKey: 'a', TagValue: 'b' }] });
    w.run(w.root(), scheduleKeyDeletion, { KeyId: k.KeyId });
    const e = w.fail(w.root(), tagResource, { KeyId: k.KeyId, Tags: [{ TagKey: 'c', TagValue: 'd' }] });
    expect([e.code, e.message]).toEqual(['KMSInvalidStateException', `${k.Arn} is pending deletion.`]);
    expect(w.fail(w.root(), untagResource, { KeyId: k.KeyId, TagKeys: ['a'] }).code).toBe('KMSInvalidStateException');
    expect(w.run<Listed>(w.root(), listResourceTags, { KeyId: k.KeyId }).Tags).toHaveLength(1);
  });

  it('aws:RequestTag and aws:TagKeys reach IAM conditions', () => {
    const w = new TestWorld();
    const k = newKey(w);
    const user = w.user('tagger', [allow(['kms:TagResource', 'kms:UntagResource'], '*', { Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } })]);
    expect(w.run(user, tagResource, { KeyId: k.KeyId, Tags: [{ TagKey: 'team', TagValue: 'x' }] })).toEqual({});
    expect(w.fail(user, tagResource, { KeyId: k.KeyId, Tags: [{ TagKey: 'cost', TagValue: 'x' }] }).code).toBe('AccessDeniedException');
    expect(w.fail(user, untagResource, { KeyId: k.KeyId, TagKeys: ['cost'] }).code).toBe('AccessDeniedException');
  });
});
