// CreateTrail and UpdateTrail, checked in the order of aws-behavior.md §2.4.
import type { Call } from '../../core/call.js';
import { authorizeCloudTrail, authorizeTrail } from './authorize.js';
import { checkDestination } from './destination.js';
import { invalidParameterCombination, maximumNumberOfTrailsExceeded, notOrganizationMasterAccount, organizationsNotInUse, trailAlreadyExists } from './errors.js';
import { checkTrailName, trailArn } from './names.js';
import { finishDigests, startDigests } from './digest-delivery.js';
import { checkTags, mergeTags } from './tags.js';
import { organizationOf, resolveOwnTrail, saveTrail, trailCoversRegion, TRAILS, trailKey, trailView, type Organization, type TrailRecord } from './trails.js';

interface TrailInput {
  Name: string;
  S3BucketName?: string;
  S3KeyPrefix?: string;
  SnsTopicName?: string;
  IncludeGlobalServiceEvents?: boolean;
  IsMultiRegionTrail?: boolean;
  EnableLogFileValidation?: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  KmsKeyId?: string;
  IsOrganizationTrail?: boolean;
  TagsList?: { Key: string; Value?: string }[];
}

/** The Create/UpdateTrail output: the Trail fields without HomeRegion or selector flags (§2.1). */
function output(t: TrailRecord) {
  const { HomeRegion: _home, HasCustomEventSelectors: _c, HasInsightSelectors: _i, ...rest } = trailView(t);
  return rest;
}

const MAX_TRAILS_PER_REGION = 5;

/** §2.4 step 4: an organization trail needs an organization (the config file's) and its management account. */
function organizationFor(call: Call, isOrganizationTrail: boolean, arn: string): Organization | undefined {
  if (!isOrganizationTrail) return undefined;
  const org = organizationOf(call);
  if (!org) throw organizationsNotInUse();
  if (org.MasterAccountId !== call.account) throw notOrganizationMasterAccount(arn);
  return org;
}

/**
 * §2.4 step 5, the 5-trails-per-Region quota. A multi-Region trail exists in every Region and counts
 * there too ("In shadow Regions, to get latest resource count metric, call the ListTrails API",
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/WhatIsCloudTrail-Limits.html), so a
 * new trail is refused in the first Region it would make the sixth. The Regions checked for a new
 * multi-Region trail are those where the account has trails (every other Region has fewer than 5).
 * Organization trails of a management account count in that account only [INF].
 */
function checkTrailLimit(call: Call, multiRegion: boolean): void {
  const live = call.tx.scan<TrailRecord>(TRAILS, { prefix: `${call.account}/` }).map((e) => e.value).filter((t) => !t.deleted);
  const regions = multiRegion ? [call.region, ...new Set(live.map((t) => t.HomeRegion))] : [call.region];
  for (const region of regions) {
    if (live.filter((t) => trailCoversRegion(t, region)).length >= MAX_TRAILS_PER_REGION) throw maximumNumberOfTrailsExceeded(call.account, region);
  }
}

/** Members that need a CloudWatch Logs or SNS service trailkey does not emulate are refused loudly. */
function refuseUnsupported(input: TrailInput): void {
  for (const m of ['SnsTopicName', 'CloudWatchLogsLogGroupArn', 'CloudWatchLogsRoleArn'] as const) {
    if (input[m]) throw invalidParameterCombination(`trailkey does not emulate the service behind ${m}; leave it out.`);
  }
}

export function createTrail(call: Call, input: TrailInput & { S3BucketName: string }) {
  const arn = trailArn(call.region, call.account, input.Name);
  authorizeCloudTrail(call, 'CreateTrail', arn);
  checkTrailName(input.Name);
  const includeGlobal = input.IncludeGlobalServiceEvents ?? true;
  const multiRegion = input.IsMultiRegionTrail ?? false;
  // Checked before the bucket (moto's tests, §2.4 step 3).
  if (multiRegion && !includeGlobal) throw invalidParameterCombination('Multi-Region trail must include global service events.');
  refuseUnsupported(input);
  const org = organizationFor(call, input.IsOrganizationTrail ?? false, arn);
  const existing = call.tx.get<TrailRecord>(TRAILS, trailKey(call.account, call.region, input.Name));
  if (existing && !existing.deleted) throw trailAlreadyExists(input.Name, call.account);
  checkTrailLimit(call, multiRegion);
  const prefix = input.S3KeyPrefix || undefined;
  const keyArn = checkDestination(call, {
    trailArn: arn,
    bucket: input.S3BucketName,
    prefix,
    kmsKeyId: input.KmsKeyId || undefined,
    isOrganizationTrail: org !== undefined,
    organization: org,
    isMultiRegionTrail: multiRegion,
  });
  // Tags last (§2.4 step 13 [INF position]): a trail whose bucket or key is wrong says so first.
  const tags = input.TagsList ?? [];
  checkTags(tags);
  const trail: TrailRecord = {
    Name: input.Name,
    TrailARN: arn,
    HomeRegion: call.region,
    account: call.account,
    S3BucketName: input.S3BucketName,
    S3KeyPrefix: prefix,
    IncludeGlobalServiceEvents: includeGlobal,
    IsMultiRegionTrail: multiRegion,
    LogFileValidationEnabled: input.EnableLogFileValidation ?? false,
    KmsKeyId: keyArn,
    IsOrganizationTrail: org !== undefined,
    OrganizationId: org?.Id,
    Tags: mergeTags([], tags),
    // CreateTrail does not start logging (§2.1).
    status: { IsLogging: false },
    CreatedTime: call.now.toISOString(),
  };
  saveTrail(call, trail);
  return output(trail);
}

/**
 * UpdateTrail: the trail is found first (TrailNotFound, InvalidHomeRegion, NotOrganizationMasterAccount
 * for a member account naming an organization trail), then the members supplied are checked in the
 * order of CreateTrail, and the bucket and key tests run again on the resulting configuration.
 */
export function updateTrail(call: Call, input: TrailInput) {
  authorizeTrail(call, 'UpdateTrail', input.Name);
  const trail = resolveOwnTrail(call, input.Name);
  refuseUnsupported(input);
  const includeGlobal = input.IncludeGlobalServiceEvents ?? trail.IncludeGlobalServiceEvents;
  const multiRegion = input.IsMultiRegionTrail ?? trail.IsMultiRegionTrail;
  if (multiRegion && !includeGlobal) throw invalidParameterCombination('Multi-Region trail must include global service events.');
  const isOrg = input.IsOrganizationTrail ?? trail.IsOrganizationTrail;
  const org = organizationFor(call, isOrg, trail.TrailARN);
  const bucket = input.S3BucketName ?? trail.S3BucketName;
  const prefix = input.S3KeyPrefix !== undefined ? input.S3KeyPrefix || undefined : trail.S3KeyPrefix;
  // `KmsKeyId: ""` removes SSE-KMS (§0 item 1).
  const kmsKeyId = input.KmsKeyId !== undefined ? input.KmsKeyId || undefined : trail.KmsKeyId;
  // The bucket and key tests run again on the resulting configuration whenever the destination
  // or the organization scope changes (§2.4, last paragraph). Decision [INF]: a multi-Region change
  // re-runs them too, since it changes the folders the trail writes; other members (log file
  // validation, global events) leave the destination as it was and are saved without a test, so a
  // key policy broken since CreateTrail does not block them (AWS reports that as a delivery error, §2.6).
  const changed = (['S3BucketName', 'S3KeyPrefix', 'KmsKeyId', 'IsOrganizationTrail', 'IsMultiRegionTrail'] as const).some((m) => input[m] !== undefined);
  const keyArn = changed
    ? checkDestination(call, { trailArn: trail.TrailARN, bucket, prefix, kmsKeyId, isOrganizationTrail: isOrg, organization: org, isMultiRegionTrail: multiRegion })
    : trail.KmsKeyId;
  const updated: TrailRecord = {
    ...trail,
    S3BucketName: bucket,
    S3KeyPrefix: prefix,
    IncludeGlobalServiceEvents: includeGlobal,
    IsMultiRegionTrail: multiRegion,
    LogFileValidationEnabled: input.EnableLogFileValidation ?? trail.LogFileValidationEnabled,
    KmsKeyId: keyArn,
    IsOrganizationTrail: isOrg,
    OrganizationId: org?.Id,
  };
  saveTrail(call, updated);
  // Turning validation on while logging starts a digest chain; turning it off ends it (§5.1).
  if (updated.status.IsLogging && updated.LogFileValidationEnabled && !trail.LogFileValidationEnabled) startDigests(call.tx, updated, call.now);
  if (trail.LogFileValidationEnabled && !updated.LogFileValidationEnabled) finishDigests(call.tx, updated.TrailARN);
  return output(updated);
}
