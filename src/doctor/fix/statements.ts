// The least-privilege statements `trailkey fix` adds, in the documented shapes (aws-behavior.md §2.5,
// §2.8, §3; https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html),
// with aws:SourceArn naming exactly the trails that use the policy.

import { bucketArn, CLOUDTRAIL_SERVICE, resolveTrail, type TrailFacts } from '../../policy/cloudtrail/index.js';

type Statement = Record<string, unknown>;

const one = <T>(list: T[]): T | T[] => (list.length === 1 ? list[0] : list);
const uniq = <T>(list: T[]): T[] => [...new Set(list)];

function trailArns(trails: readonly TrailFacts[]): string | string[] {
  return one(uniq(trails.map((t) => t.trailArn)));
}

/** `arn:aws:cloudtrail:*:<account>:trail/*` per owner account: the documented encryption-context pattern, any Region. */
function contextPatterns(trails: readonly TrailFacts[]): string | string[] {
  return one(uniq(trails.map((t) => {
    const r = resolveTrail(t);
    return `arn:${r.trail.partition}:cloudtrail:*:${r.trail.account}:trail/*`;
  })));
}

const cloudtrail = { Service: CLOUDTRAIL_SERVICE };

export function encryptStatement(sid: string, trails: readonly TrailFacts[]): Statement {
  return {
    Sid: sid, Effect: 'Allow', Principal: cloudtrail, Action: 'kms:GenerateDataKey*', Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceArn': trailArns(trails) },
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': contextPatterns(trails) },
    },
  };
}

export function describeStatement(sid: string, trails: readonly TrailFacts[]): Statement {
  return { Sid: sid, Effect: 'Allow', Principal: cloudtrail, Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: { 'aws:SourceArn': trailArns(trails) } } };
}

export function bucketKeyDecryptStatement(sid: string, trails: readonly TrailFacts[]): Statement {
  return {
    Sid: sid, Effect: 'Allow', Principal: cloudtrail, Action: 'kms:Decrypt', Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceArn': trailArns(trails) },
      StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': contextPatterns(trails) },
    },
  };
}

/** Event data stores take no source conditions (aws-behavior.md §2.8). */
export function lakeStatement(sid: string): Statement {
  return { Sid: sid, Effect: 'Allow', Principal: cloudtrail, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' };
}

export function aclStatement(sid: string, trails: readonly TrailFacts[]): Statement {
  const t = resolveTrail(trails[0]);
  return {
    Sid: sid, Effect: 'Allow', Principal: cloudtrail, Action: 's3:GetBucketAcl', Resource: bucketArn(trails[0].bucket, t.trail.partition),
    Condition: { StringEquals: { 'aws:SourceArn': trailArns(trails) } },
  };
}

/** Exactly the folders the trails write: `[prefix/]AWSLogs/<account>/*`, and `AWSLogs/<o-id>/*` for organization trails. */
export function writeStatement(sid: string, trails: readonly TrailFacts[]): Statement {
  const resources = uniq(trails.flatMap((f) => {
    const t = resolveTrail(f);
    const base = `${bucketArn(f.bucket, t.trail.partition)}/${f.prefix ? `${f.prefix}/` : ''}AWSLogs/`;
    return f.isOrganizationTrail ? [`${base}${t.sourceAccount}/*`, `${base}${f.organizationId}/*`] : [`${base}${t.sourceAccount}/*`];
  }));
  return {
    Sid: sid, Effect: 'Allow', Principal: cloudtrail, Action: 's3:PutObject', Resource: one(resources),
    Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArns(trails) } },
  };
}
