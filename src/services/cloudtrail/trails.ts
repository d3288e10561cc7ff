// Trail records and how a `Name` parameter (a name or an ARN) finds one (aws-behavior.md §2.2):
// a name finds only trails whose home is the current Region; an ARN finds a trail anywhere, and an
// organization trail also from its member accounts, which see the management account's ARN.
import type { Call } from '../../core/call.js';
import { cloudTrailArnInvalid, invalidHomeRegion, notOrganizationMasterAccount, trailNotFound } from './errors.js';
import { checkTrailName, TRAIL_ARN, trailArn } from './names.js';

export const TRAILS = 'cloudtrail.trails';

export interface EventSelector {
  ReadWriteType?: 'ReadOnly' | 'WriteOnly' | 'All';
  IncludeManagementEvents?: boolean;
  DataResources?: { Type: string; Values: string[] }[];
  ExcludeManagementEventSources?: string[];
}

export interface AdvancedEventSelector {
  Name?: string;
  FieldSelectors: { Field: string; Equals?: string[]; StartsWith?: string[]; EndsWith?: string[]; NotEquals?: string[]; NotStartsWith?: string[]; NotEndsWith?: string[] }[];
}

export interface TrailStatus {
  IsLogging: boolean;
  StartLoggingTime?: string;
  StopLoggingTime?: string;
  LatestDeliveryTime?: string;
  LatestDeliveryAttemptTime?: string;
  LatestDeliveryError?: string;
  LatestDigestDeliveryTime?: string;
  LatestDigestDeliveryError?: string;
}

export interface TrailRecord {
  Name: string;
  TrailARN: string;
  HomeRegion: string;
  /** The owner: the management account for organization trails. */
  account: string;
  S3BucketName: string;
  S3KeyPrefix?: string;
  SnsTopicName?: string;
  IncludeGlobalServiceEvents: boolean;
  IsMultiRegionTrail: boolean;
  LogFileValidationEnabled: boolean;
  CloudWatchLogsLogGroupArn?: string;
  CloudWatchLogsRoleArn?: string;
  /** The full key ARN, never an alias (§0 item 1). */
  KmsKeyId?: string;
  IsOrganizationTrail: boolean;
  /** The organization id for organization trails (the `o-…` path segment). */
  OrganizationId?: string;
  EventSelectors?: EventSelector[];
  AdvancedEventSelectors?: AdvancedEventSelector[];
  Tags: { Key: string; Value?: string }[];
  status: TrailStatus;
  CreatedTime: string;
  /**
   * DeleteTrail marks the trail deleted: it is gone from every API at once, and the delivery worker
   * delivers its remaining events and its final digest (§5.1), then removes the record.
   */
  deleted?: boolean;
}

export const trailKey = (account: string, homeRegion: string, name: string) => `${account}/${homeRegion}/${name}`;

/** The Trail shape of GetTrail/DescribeTrails: optional members omitted when unset. */
export function trailView(t: TrailRecord) {
  return {
    Name: t.Name,
    S3BucketName: t.S3BucketName,
    S3KeyPrefix: t.S3KeyPrefix,
    SnsTopicName: t.SnsTopicName,
    IncludeGlobalServiceEvents: t.IncludeGlobalServiceEvents,
    IsMultiRegionTrail: t.IsMultiRegionTrail,
    HomeRegion: t.HomeRegion,
    TrailARN: t.TrailARN,
    LogFileValidationEnabled: t.LogFileValidationEnabled,
    CloudWatchLogsLogGroupArn: t.CloudWatchLogsLogGroupArn,
    CloudWatchLogsRoleArn: t.CloudWatchLogsRoleArn,
    KmsKeyId: t.KmsKeyId,
    HasCustomEventSelectors: Boolean(t.EventSelectors || t.AdvancedEventSelectors),
    HasInsightSelectors: false,
    IsOrganizationTrail: t.IsOrganizationTrail,
  };
}

/** The organization the caller's account belongs to, from the config file. */
export interface Organization {
  Id: string;
  MasterAccountId: string;
  Members: string[];
}

export function organizationOf(call: Call, account = call.account): Organization | undefined {
  const org = call.tx.get<Organization>('org.organization', 'organization');
  return org && org.Members.includes(account) ? org : undefined;
}

/** Every trail the caller's account can see: its own, and its organization's organization trails. */
export function visibleTrails(call: Call): TrailRecord[] {
  const own = call.tx.scan<TrailRecord>(TRAILS, { prefix: `${call.account}/` }).map((e) => e.value).filter((t) => !t.deleted);
  const org = organizationOf(call);
  if (!org || org.MasterAccountId === call.account) return own;
  const orgTrails = call.tx
    .scan<TrailRecord>(TRAILS, { prefix: `${org.MasterAccountId}/` })
    .map((e) => e.value)
    .filter((t) => t.IsOrganizationTrail && !t.deleted);
  return [...own, ...orgTrails];
}

/**
 * The trail ARN a `Name` parameter stands for, for IAM authorization: the ARN itself, or the ARN a
 * name has in the caller's account and current Region (the ARN TrailNotFoundException prints).
 * Authorization comes before the trail is looked up (aws-behavior.md §2.4 step 1), so a caller
 * without permission learns nothing about which trails exist.
 */
export function paramArn(call: Call, name: string): string {
  return name.startsWith('arn:') ? name : trailArn(call.region, call.account, name);
}

/** Whether a trail is a shadow in the caller's account and Region: homed elsewhere, or another account's organization trail (CT-MODEL DescribeTrails includeShadowTrails). */
export function isShadow(call: Call, t: TrailRecord): boolean {
  return t.HomeRegion !== call.region || t.account !== call.account;
}

export interface Resolved {
  trail: TrailRecord;
  /** Whether the caller named the trail by ARN. */
  byArn: boolean;
}

/** Finds the trail a `Name`/`TrailName` parameter names, or throws TrailNotFound/CloudTrailARNInvalid. */
export function resolveTrail(call: Call, name: string): Resolved {
  if (name.startsWith('arn:')) {
    const m = TRAIL_ARN.exec(name);
    if (!m) throw cloudTrailArnInvalid(name);
    const trail = visibleTrails(call).find((t) => t.TrailARN === name);
    if (!trail) throw trailNotFound(name, call.account);
    return { trail, byArn: true };
  }
  checkTrailName(name);
  const trail = call.tx.get<TrailRecord>(TRAILS, trailKey(call.account, call.region, name));
  if (!trail || trail.deleted) throw trailNotFound(trailArn(call.region, call.account, name), call.account);
  return { trail, byArn: false };
}

/**
 * For calls that change a trail: it must be the caller's own (organization trails belong to the
 * management account) and be called in the trail's home Region (InvalidHomeRegionException).
 */
export function resolveOwnTrail(call: Call, name: string): TrailRecord {
  const { trail } = resolveTrail(call, name);
  if (trail.account !== call.account) throw notOrganizationMasterAccount(trail.TrailARN);
  if (trail.HomeRegion !== call.region) throw invalidHomeRegion(trail.TrailARN, trail.HomeRegion);
  return trail;
}

export function saveTrail(call: Call, trail: TrailRecord): void {
  call.tx.put(TRAILS, trailKey(trail.account, trail.HomeRegion, trail.Name), trail);
}

/** The Regions a trail records: every Region for a multi-Region trail, else its home. */
export function trailCoversRegion(trail: TrailRecord, region: string): boolean {
  return trail.IsMultiRegionTrail || trail.HomeRegion === region;
}
