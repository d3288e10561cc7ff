import { describe, expect, it } from 'vitest';
import { checkTags, mergeTags } from './tags.js';

describe('trail tags', () => {
  it('refuses reserved and duplicate keys and over-long values', () => {
    const invalid = expect.objectContaining({ code: 'InvalidTagParameterException' });
    expect(() => checkTags([{ Key: 'aws:owner', Value: 'x' }])).toThrow(invalid);
    expect(() => checkTags([{ Key: 'AWS:owner', Value: 'x' }])).toThrow(invalid);
    expect(() => checkTags([{ Key: 'a', Value: '1' }, { Key: 'a', Value: '2' }])).toThrow(invalid);
    expect(() => checkTags([{ Key: 'k'.repeat(129) }])).toThrow(invalid);
    expect(() => checkTags([{ Key: 'k', Value: 'v'.repeat(257) }])).toThrow(invalid);
    expect(() => checkTags([{ Key: 'k' }, { Key: 'K', Value: 'v'.repeat(256) }])).not.toThrow();
  });

  it('overwrites by key and keeps at most 50', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(mergeTags(fifty, [{ Key: 'k0', Value: 'w' }])[0]).toEqual({ Key: 'k0', Value: 'w' });
    expect(() => mergeTags(fifty, [{ Key: 'k50' }])).toThrow(
      expect.objectContaining({ code: 'TagsLimitExceededException', message: 'The number of tags exceeds the limit of 50 tags per resource.' }),
    );
  });
});
