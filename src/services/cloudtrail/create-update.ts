// CreateTrail and UpdateTrail, checked in the order of aws-behavior.md §2.4.
import type { Call } from '../../core/call.js';
import { authorizeCloudTrail } from './authorize.js';
import { checkDestination } from './destination.js';
import { invalidParameterCombination, maximumNumberOfTrailsExceeded, notOrganizationMasterAccount, organizationsNotInUse, trailAlreadyExists } from './errors.js';
import { checkTrailName, trailArn } from './names.js';
import { finishDigests, startDigests } from './digest-delivery.js';
import { checkTags, mergeTags } from './tags.js';
import { organizationOf, resolveOwnTrail, saveTrail, TRAILS, trailKey, trailView, type Organization, type TrailRecord } from './trails.js';

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

function organizationFor(call: Call, isOrganizationTrail: boolean): Organization | undefined {
  if (!isOrganizationTrail) return undefined;
  const org = organizationOf(call);
  if (!org) throw organizationsNotInUse();
  if (org.MasterAccountId !== call.account) throw notOrganizationMasterAccount(trailArn(call.region, call.account, '…'));
  return org;
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
  const org = organizationFor(call, input.IsOrganizationTrail ?? false);
  const existing = call.tx.get<TrailRecord>(TRAILS, trailKey(call.account, call.region, input.Name));
  if (existing && !existing.deleted) throw trailAlreadyExists(input.Name, call.account);
  const live = call.tx.scan<TrailRecord>(TRAILS, { prefix: `${call.account}/${call.region}/` }).filter((e) => !e.value.deleted);
  if (live.length >= MAX_TRAILS_PER_REGION) {
    throw maximumNumberOfTrailsExceeded(call.account, call.region);
  }
  const tags = input.TagsList ?? [];
  checkTags(tags);
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

export function updateTrail(call: Call, input: TrailInput) {
  const trail = resolveOwnTrail(call, input.Name);
  authorizeCloudTrail(call, 'UpdateTrail', trail.TrailARN);
  refuseUnsupported(input);
  const includeGlobal = input.IncludeGlobalServiceEvents ?? trail.IncludeGlobalServiceEvents;
  const multiRegion = input.IsMultiRegionTrail ?? trail.IsMultiRegionTrail;
  if (multiRegion && !includeGlobal) throw invalidParameterCombination('Multi-Region trail must include global service events.');
  const isOrg = input.IsOrganizationTrail ?? trail.IsOrganizationTrail;
  const org = organizationFor(call, isOrg);
  const bucket = input.S3BucketName ?? trail.S3BucketName;
  const prefix = input.S3KeyPrefix !== undefined ? input.S3KeyPrefix || undefined : trail.S3KeyPrefix;
  // `KmsKeyId: ""` removes SSE-KMS (§0 item 1).
  const kmsKeyId = input.KmsKeyId !== undefined ? input.KmsKeyId || undefined : trail.KmsKeyId;
  // The bucket and key tests run again on the resulting configuration whenever the destination
  // or the organization scope changes (§2.4, last paragraph).
  const changed = ['S3BucketName', 'S3KeyPrefix', 'KmsKeyId', 'IsOrganizationTrail', 'IsMultiRegionTrail'].some((m) => input[m as keyof TrailInput] !== undefined);
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
