// Who may do what to a bucket and its objects (policy-semantics.md §4.2 "Same account, ordinary
// services such as S3", "Cross account", "Service principal", "Anonymous"; S3 specifics). The engine
// decides from the bucket policy and the caller's identity policies with resourceKind 's3': in the
// bucket owner's account either side may allow; another account needs both; a service principal
// (CloudTrail delivering logs) and an anonymous caller only the bucket policy. Object Ownership is
// BucketOwnerEnforced (the default for new buckets), so ACLs never grant anything: policies alone decide.
import type { Call } from '../../core/call.js';
import { compilePolicy, type CompiledPolicy, type ContextValue, type Decision } from '../../policy/index.js';
import { accessDenied, wrongRegion } from './errors.js';
import { isPublicPolicy } from './public-policy.js';
import type { BucketRecord } from './records.js';

type Context = Record<string, ContextValue>;

const compiled = new Map<string, CompiledPolicy>();
const CACHE_LIMIT = 1000;

/** Compiled bucket policies, cached by text (a changed policy is a new entry). */
export function compiledBucketPolicy(text: string): CompiledPolicy {
  let policy = compiled.get(text);
  if (!policy) {
    if (compiled.size >= CACHE_LIMIT) compiled.clear();
    policy = compilePolicy(text, { name: 'bucket policy', kind: 's3-bucket' });
    compiled.set(text, policy);
  }
  return policy;
}

/**
 * Block Public Access, RestrictPublicBuckets: while the bucket policy is public, only the bucket
 * owner's account and AWS service principals get anything from it ("blocks all cross-account
 * access to the bucket, except by AWS service principals").
 */
function restrictedByPublicAccessBlock(call: Call, bucket: BucketRecord): boolean {
  if (!bucket.PublicAccessBlock?.RestrictPublicBuckets || !bucket.Policy) return false;
  if (call.identity.type === 'AWSService') return false;
  if (call.identity.type !== 'Anonymous' && call.identity.account === bucket.Owner) return false;
  return isPublicPolicy(bucket.Policy);
}

/** The engine's decision for `action` on `resource` of `bucket` (undefined: a bucket being created). */
export function decide(call: Call, bucket: BucketRecord | undefined, action: string, resource: string, context: Context = {}): Decision {
  const owner = bucket?.Owner ?? call.account;
  const restricted = bucket !== undefined && restrictedByPublicAccessBlock(call, bucket);
  return call.authorize({
    action,
    resource,
    resourceKind: 's3',
    resourceAccount: owner,
    resourcePolicy: bucket?.Policy && !restricted ? compiledBucketPolicy(bucket.Policy) : null,
    context: { 's3:ResourceAccount': owner, ...context },
  });
}

export function allowed(call: Call, bucket: BucketRecord | undefined, action: string, resource: string, context: Context = {}): boolean {
  return decide(call, bucket, action, resource, context).effect === 'Allow';
}

/** Throws S3's 403 AccessDenied unless the caller may perform `action`. */
export function authorizeS3(call: Call, bucket: BucketRecord | undefined, action: string, resource: string, context: Context = {}): void {
  if (!allowed(call, bucket, action, resource, context)) throw accessDenied();
}

/**
 * The bucket policy operations (PutBucketPolicy API reference): the root user of the owning account
 * may always use them, even against a Deny; anyone else needs the permission and must belong to the
 * owning account, or gets 405 MethodNotAllowed.
 */
export function isOwnerRoot(call: Call, bucket: BucketRecord): boolean {
  return call.identity.type === 'Root' && call.identity.account === bucket.Owner;
}

/**
 * A request signed for another Region than the bucket's is refused [§8.2], as S3 does; the AWS CLI
 * follows the Region in the answer. Only for requests that came over the wire signed (the server
 * puts s3:authType in the context); calls between services carry no signature.
 */
export function checkRegion(call: Call, bucket: BucketRecord): void {
  const authType = call.requestContext['s3:authType'];
  if (authType === undefined || call.identity.type === 'Anonymous' || call.identity.type === 'AWSService') return;
  if (call.region !== bucket.Region) throw wrongRegion(call.region, bucket.Region, authType === 'REST-QUERY-STRING');
}

/** x-amz-expected-bucket-owner: another owner is 403 Access Denied (API reference, every operation). */
export function checkExpectedOwner(bucket: BucketRecord, expected: string | undefined): void {
  if (expected !== undefined && expected !== bucket.Owner) throw accessDenied();
}
