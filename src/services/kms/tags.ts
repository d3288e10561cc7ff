// Tags on keys: TagResource, UntagResource, ListResourceTags, and the checks CreateKey's Tags share
// (aws-behavior.md §6.1, §6.5; KMSDG `tagging-keys.md`). Lengths are the model's (checked before the
// operation runs); the rest: `aws:` reserved, no duplicate keys, at most 50 tags per key.
import type { Call } from '../../core/call.js';
import { compareKeys } from '../../store/index.js';
import { authorizeKey, requestTagKeys } from './authorize.js';
import { tag } from './errors.js';
import { checkKeyState } from './key-state.js';
import { resolveKey, saveKey, type Tag } from './keys.js';
import { page } from './paging.js';

export const MAX_TAGS = 50;

const reserved = (key: string) => key.toLowerCase().startsWith('aws:');

/**
 * Order of the checks as LocalStack's recorded runs show them [EMU]: duplicates, then the count,
 * then each tag's prefix. The count is of the key's tags after the change [INF: AWS's quota is per key].
 */
export function checkTags(tags: readonly Tag[], existing: readonly Tag[] = []): void {
  const keys = new Set(tags.map((t) => t.TagKey));
  if (keys.size < tags.length) throw tag.duplicate();
  const after = new Set([...existing.map((t) => t.TagKey), ...keys]);
  if (tags.length > MAX_TAGS || after.size > MAX_TAGS) throw tag.tooMany();
  if (tags.some((t) => reserved(t.TagKey))) throw tag.reserved();
}

export function tagResource(call: Call, input: { KeyId: string; Tags: Tag[] }) {
  const { key } = resolveKey(call, input.KeyId, { aliases: false });
  authorizeKey(call, key, 'kms:TagResource', { context: requestTagKeys(input.Tags) });
  checkKeyState(key, 'TagResource');
  checkTags(input.Tags, key.Tags);
  // An existing key gets the new value in place ("To edit a tag, specify an existing tag key and a new value").
  const tags = key.Tags.map((t) => ({ ...t }));
  for (const t of input.Tags) {
    const existing = tags.find((x) => x.TagKey === t.TagKey);
    if (existing) existing.TagValue = t.TagValue;
    else tags.push({ TagKey: t.TagKey, TagValue: t.TagValue });
  }
  saveKey(call, { ...key, Tags: tags });
  return {};
}

export function untagResource(call: Call, input: { KeyId: string; TagKeys: string[] }) {
  const { key } = resolveKey(call, input.KeyId, { aliases: false });
  authorizeKey(call, key, 'kms:UntagResource', { context: input.TagKeys.length ? { 'aws:TagKeys': input.TagKeys } : {} });
  checkKeyState(key, 'UntagResource');
  // Removing an `aws:` key is refused like adding one [INF]; an absent key is no error.
  if (input.TagKeys.some(reserved)) throw tag.reserved();
  const remove = new Set(input.TagKeys);
  saveKey(call, { ...key, Tags: key.Tags.filter((t) => !remove.has(t.TagKey)) });
  return {};
}

export function listResourceTags(call: Call, input: { KeyId: string; Limit?: number; Marker?: string }) {
  const { key } = resolveKey(call, input.KeyId, { aliases: false });
  authorizeKey(call, key, 'kms:ListResourceTags');
  checkKeyState(key, 'ListResourceTags');
  // API reference: Limit 1–50, default 50 (the model allows up to 1000; more than 50 gives 50 [INF]).
  const sorted = [...key.Tags].sort((a, b) => compareKeys(a.TagKey, b.TagKey));
  const { items, NextMarker, Truncated } = page(sorted, (t) => t.TagKey, input.Marker, Math.min(input.Limit ?? MAX_TAGS, MAX_TAGS));
  return { Tags: items.map((t) => ({ TagKey: t.TagKey, TagValue: t.TagValue })), NextMarker, Truncated };
}
