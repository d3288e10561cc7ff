// AddTags, RemoveTags, ListTags for trails (aws-behavior.md §2.1; CT-MODEL AddTags/ListTags docs):
// 50 tags per trail; keys 1–128 and values 1–256 characters (the model's shapes, checked at the
// edge); ResourceId is a trail ARN; ListTags takes at most 20 ARNs.
import type { Call } from '../../core/call.js';
import { authorizeCloudTrail } from './authorize.js';
import {
  cloudTrailArnInvalid, invalidHomeRegion, invalidParameter, invalidTagParameter, notOrganizationMasterAccount, resourceNotFound, tagsLimitExceeded,
} from './errors.js';
import { TRAIL_ARN } from './names.js';
import { saveTrail, trailCoversRegion, visibleTrails, type TrailRecord } from './trails.js';

type Tag = { Key: string; Value?: string };

const MAX_TAGS = 50;
const MAX_LIST_TAGS_RESOURCES = 20;

/** Tag keys and values beyond the model's lengths: `aws:` is reserved, and one request names a key once (InvalidTagParameterException doc: "duplicate tags"). */
export function checkTags(tags: Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    if (!t.Key || t.Key.length > 128) throw invalidTagParameter(`Tag key must be 1 to 128 characters: ${t.Key ?? ''}`);
    if ((t.Value ?? '').length > 256) throw invalidTagParameter(`Tag value must be at most 256 characters for key ${t.Key}`);
    if (t.Key.toLowerCase().startsWith('aws:')) throw invalidTagParameter(`Tag keys beginning with aws: are reserved: ${t.Key}`);
    if (seen.has(t.Key)) throw invalidTagParameter(`Duplicate tag key: ${t.Key}`);
    seen.add(t.Key);
  }
}

export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const byKey = new Map(existing.map((t) => [t.Key, t]));
  for (const t of added) byKey.set(t.Key, t);
  const merged = [...byKey.values()];
  if (merged.length > MAX_TAGS) throw tagsLimitExceeded(`The number of tags exceeds the limit of ${MAX_TAGS} tags per resource.`);
  return merged;
}

/**
 * The trail a ResourceId names, as the tagging operations see it. Decisions [INF where marked]:
 * - ResourceId must be an ARN (CT-MODEL: "Specifies the ARN of the trail…"); a bare name, or an ARN
 *   that is not CloudTrail's, is CloudTrailARNInvalidException [INF].
 * - Tags are listed "in the current Region" (CT-MODEL ListTags): a trail is found where it records,
 *   its home Region or, for a multi-Region trail, any Region; elsewhere, and for CloudTrail ARNs of
 *   resources trailkey does not have (event data stores, channels, dashboards), it is
 *   ResourceNotFoundException.
 * - A member account sees its organization's trails but cannot change their tags:
 *   NotOrganizationMasterAccountException, which AddTags/RemoveTags list [INF].
 */
function trailFor(call: Call, arn: string): TrailRecord {
  if (!arn.startsWith('arn:') || !/^arn:aws[a-z-]*:cloudtrail:/.test(arn)) throw cloudTrailArnInvalid(arn);
  if (!TRAIL_ARN.test(arn)) throw resourceNotFound(`Resource not found: ${arn}`);
  const trail = visibleTrails(call).find((t) => t.TrailARN === arn);
  if (!trail || !trailCoversRegion(trail, call.region)) throw resourceNotFound(`Resource not found: ${arn}`);
  return trail;
}

/**
 * For AddTags/RemoveTags: "You can tag a trail … that applies to all Amazon Web Services Regions
 * only from the Region in which the trail … was created" (CT-MODEL AddTags). AddTags does not list
 * InvalidHomeRegionException; it is still the exception CT-MODEL describes for exactly this
 * ("called on a trail from a Region other than the Region in which the trail was created") [INF].
 */
function ownTrailFor(call: Call, arn: string): TrailRecord {
  const trail = trailFor(call, arn);
  if (trail.account !== call.account) throw notOrganizationMasterAccount(trail.TrailARN);
  if (trail.HomeRegion !== call.region) throw invalidHomeRegion(trail.TrailARN, trail.HomeRegion);
  return trail;
}

export function addTags(call: Call, input: { ResourceId: string; TagsList: Tag[] }) {
  authorizeCloudTrail(call, 'AddTags', input.ResourceId);
  const trail = ownTrailFor(call, input.ResourceId);
  checkTags(input.TagsList);
  trail.Tags = mergeTags(trail.Tags, input.TagsList);
  saveTrail(call, trail);
  return {};
}

/** Removes tags by key; a key the trail does not have is no error [INF, as in every AWS tagging API]. */
export function removeTags(call: Call, input: { ResourceId: string; TagsList: Tag[] }) {
  authorizeCloudTrail(call, 'RemoveTags', input.ResourceId);
  const trail = ownTrailFor(call, input.ResourceId);
  const drop = new Set(input.TagsList.map((t) => t.Key));
  trail.Tags = trail.Tags.filter((t) => !drop.has(t.Key));
  saveTrail(call, trail);
  return {};
}

/**
 * More than 20 ARNs: CT-MODEL states the limit but lists no exception for it; InvalidParameterException
 * ("The request includes a parameter that is not valid") is CloudTrail's generic one [INF].
 */
export function listTags(call: Call, input: { ResourceIdList: string[] }) {
  for (const arn of input.ResourceIdList) authorizeCloudTrail(call, 'ListTags', arn);
  if (input.ResourceIdList.length > MAX_LIST_TAGS_RESOURCES) {
    throw invalidParameter(`ResourceIdList can contain at most ${MAX_LIST_TAGS_RESOURCES} ARNs; it has ${input.ResourceIdList.length}.`);
  }
  const ResourceTagList = input.ResourceIdList.map((arn) => {
    const trail = trailFor(call, arn);
    return { ResourceId: trail.TrailARN, TagsList: trail.Tags };
  });
  return { ResourceTagList };
}
