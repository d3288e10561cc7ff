// AddTags, RemoveTags, ListTags for trails (50 tags; key 1–128, value 0–256, aws-behavior.md §2.1).
import type { Call } from '../../core/call.js';
import { authorizeCloudTrail } from './authorize.js';
import { invalidTagParameter, resourceNotFound, tagsLimitExceeded } from './errors.js';
import { resolveTrail, saveTrail, type TrailRecord } from './trails.js';

type Tag = { Key: string; Value?: string };

export function checkTags(tags: Tag[]): void {
  for (const t of tags) {
    if (!t.Key || t.Key.length > 128) throw invalidTagParameter(`Tag key must be 1 to 128 characters: ${t.Key ?? ''}`);
    if ((t.Value ?? '').length > 256) throw invalidTagParameter(`Tag value must be at most 256 characters for key ${t.Key}`);
    if (t.Key.startsWith('aws:')) throw invalidTagParameter(`Tag keys beginning with aws: are reserved: ${t.Key}`);
  }
}

export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t]));
  for (const t of added) byKey.set(t.Key, t);
  const merged = [...byKey.values()];
  if (merged.length > 50) throw tagsLimitExceeded('The number of tags exceeds the limit of 50 tags per resource.');
  return merged;
}

function own(call: Call, arn: string): TrailRecord {
  try {
    const { trail } = resolveTrail(call, arn);
    if (trail.account !== call.account) throw resourceNotFound(`Resource not found: ${arn}`);
    return trail;
  } catch (e) {
    if ((e as { code?: string }).code === 'TrailNotFoundException') throw resourceNotFound(`Resource not found: ${arn}`);
    throw e;
  }
}

export function addTags(call: Call, input: { ResourceId: string; TagsList?: Tag[] }) {
  const trail = own(call, input.ResourceId);
  authorizeCloudTrail(call, 'AddTags', trail.TrailARN);
  checkTags(input.TagsList ?? []);
  trail.Tags = mergeTags(trail.Tags, input.TagsList ?? []);
  saveTrail(call, trail);
  return {};
}

export function removeTags(call: Call, input: { ResourceId: string; TagsList?: Tag[] }) {
  const trail = own(call, input.ResourceId);
  authorizeCloudTrail(call, 'RemoveTags', trail.TrailARN);
  const drop = new Set((input.TagsList ?? []).map((t) => t.Key));
  trail.Tags = trail.Tags.filter((t) => !drop.has(t.Key));
  saveTrail(call, trail);
  return {};
}

export function listTags(call: Call, input: { ResourceIdList: string[] }) {
  const ResourceTagList = input.ResourceIdList.map((arn) => {
    const trail = own(call, arn);
    authorizeCloudTrail(call, 'ListTags', trail.TrailARN);
    return { ResourceId: trail.TrailARN, TagsList: trail.Tags };
  });
  return { ResourceTagList };
}
