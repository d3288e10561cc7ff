// The exact requests CloudTrail makes of the key and the bucket, as engine requests
// (aws-behavior.md §2.5, §3, §10; policy-semantics.md §4.9). Every check in this folder, and the
// emulator's CreateTrail, evaluates these and nothing else.

import type { ContextValue, EvalRequest } from '../types.js';
import { bucketArn } from './arn.js';
import { resolveTrail, type ResolvedTrail, type TrailFacts } from './facts.js';
import { digestObjectKey, logObjectKey } from './paths.js';
import { CLOUDTRAIL_SERVICE, describeKeyStage, REQUIREMENTS, type RequirementId, type Stage, type Target } from './requirements.js';

export interface TrailRequest {
  /** Stable: the requirement id, with `@<account>/<region>` for per-account or per-Region delivery requests. */
  id: string;
  requirement: RequirementId;
  stage: Stage;
  target: Target;
  request: EvalRequest;
  /** What CloudTrail does, as a phrase for messages. */
  what: string;
}

/** A Region other than the home Region, standing for every other Region of a multi-Region trail. */
function otherRegion(home: string): string {
  return home === 'us-east-1' ? 'eu-west-1' : 'us-east-1';
}

function sourceKeys(t: ResolvedTrail): Record<string, string> {
  // aws:SourceArn is the trail ARN; for organization trails that is the management account's trail,
  // also for member accounts' logs (aws-behavior.md §0.1 item 13 [INF]).
  return { 'aws:SourceArn': t.trailArn, 'aws:SourceAccount': t.sourceAccount };
}

/**
 * The KMS request. Encryption context keys are sent as `kms:EncryptionContext:<k>` and all the keys
 * as the multivalued `kms:EncryptionContextKeys` (https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html).
 * `kms:CallerAccount` is left out: how KMS sees the service principal's account is not public
 * (aws-behavior.md §0.1 item 8), so a policy must not rely on it.
 */
function kmsRequest(t: ResolvedTrail, action: string, context: Record<string, string> | null): EvalRequest {
  const keys: Record<string, ContextValue> = { ...sourceKeys(t) };
  if (context) {
    for (const [k, v] of Object.entries(context)) keys[`kms:EncryptionContext:${k}`] = v;
    keys['kms:EncryptionContextKeys'] = Object.keys(context);
  }
  return {
    principal: { Service: CLOUDTRAIL_SERVICE },
    action,
    resource: t.facts.keyArn!,
    resourceAccount: t.keyAccount,
    resourceKind: 'kms-key',
    context: keys,
  };
}

/**
 * The S3 request. PutObject carries `s3:x-amz-acl = bucket-owner-full-control` (§3) and, for a trail
 * with a key, the SSE-KMS headers that ask S3 to encrypt with it [INF: CloudTrail must name its key to
 * S3 somehow, and the SSE headers are S3's only way], so bucket policies that demand AES256 deny it.
 */
function s3Request(t: ResolvedTrail, action: string, resource: string, put: boolean): EvalRequest {
  const context: Record<string, ContextValue> = { ...sourceKeys(t) };
  if (put) {
    context['s3:x-amz-acl'] = 'bucket-owner-full-control';
    if (t.facts.keyArn) {
      context['s3:x-amz-server-side-encryption'] = 'aws:kms';
      context['s3:x-amz-server-side-encryption-aws-kms-key-id'] = t.facts.keyArn;
    }
  }
  return {
    principal: { Service: CLOUDTRAIL_SERVICE },
    action,
    resource,
    resourceAccount: t.bucketAccount,
    resourceKind: 's3',
    context,
  };
}

function make(requirement: RequirementId, stage: Stage, request: EvalRequest, suffix = ''): TrailRequest {
  const r = REQUIREMENTS[requirement];
  return { id: requirement + suffix, requirement, stage, target: r.target, request, what: r.what };
}

/** Every request CloudTrail makes for this trail, create-time ones first, in the order AWS checks (§2.4). */
export function trailRequests(facts: TrailFacts): TrailRequest[] {
  const t = resolveTrail(facts);
  const { partition, region: home } = t.trail;
  const bucket = facts.bucket;
  const objectArn = (key: string) => `${bucketArn(bucket, partition)}/${key}`;
  const regions = facts.isMultiRegionTrail ? [home, otherRegion(home)] : [home];
  const owner = t.accounts[0];
  const out: TrailRequest[] = [];

  // Bucket policy: checked before the key (§2.4 step 9 before 12).
  out.push(make('bucket.get-bucket-acl', 'create', s3Request(t, 's3:GetBucketAcl', bucketArn(bucket, partition), false)));
  out.push(make('bucket.put-object', 'create', s3Request(t, 's3:PutObject', objectArn(logObjectKey(owner.folder, owner.account, home)), true)));

  // Key policy: the configuration-time GenerateDataKey, whose aws:s3:arn is the account folder (§2.5).
  if (facts.keyArn) {
    const probe = { 'aws:cloudtrail:arn': t.trailArn, 'aws:s3:arn': objectArn(owner.folder) };
    out.push(make('key.generate-data-key', 'create', kmsRequest(t, 'kms:GenerateDataKey', probe)));
    out.push(make('key.describe-key', describeKeyStage(facts.bucketKeyEnabled), kmsRequest(t, 'kms:DescribeKey', null)));
    // With a Bucket Key, Decrypt is evaluated with the same request as the test (§2.5 algorithm).
    if (facts.bucketKeyEnabled) out.push(make('key.decrypt-bucket-key', 'create', kmsRequest(t, 'kms:Decrypt', probe)));
  }

  // Delivery: every account folder and Region the trail writes (§4.1). The owner's home-Region log
  // file is the create-time request above.
  for (const a of t.accounts) {
    for (const region of regions) {
      const suffix = `@${a.account}/${region}`;
      const key = logObjectKey(a.folder, a.account, region);
      if (a !== owner || region !== home) out.push(make('bucket.put-object-delivery', 'delivery', s3Request(t, 's3:PutObject', objectArn(key), true), suffix));
      if (facts.keyArn) {
        // Per object, S3 asks for a data key with the object ARN, or the bucket ARN under a Bucket Key (§10).
        const s3arn = facts.bucketKeyEnabled ? bucketArn(bucket, partition) : objectArn(key);
        const context = { 'aws:cloudtrail:arn': t.trailArn, 'aws:s3:arn': s3arn };
        out.push(make('key.generate-data-key-delivery', 'delivery', kmsRequest(t, 'kms:GenerateDataKey', context), suffix));
      }
    }
  }
  if (facts.logFileValidationEnabled) {
    const key = digestObjectKey(owner.folder, owner.account, home, t.trail.name, home);
    out.push(make('bucket.put-object-digest', 'delivery', s3Request(t, 's3:PutObject', objectArn(key), true)));
  }
  if (facts.isOrganizationTrail) {
    // The documented organization bucket policy keeps the management account's own folder (§3).
    const folder = `${facts.prefix ? `${facts.prefix}/` : ''}AWSLogs/${owner.account}/`;
    out.push(make('bucket.put-object-management-folder', 'advisory', s3Request(t, 's3:PutObject', objectArn(logObjectKey(folder, owner.account, home)), true)));
  }
  return out;
}
