// CreateBucket, HeadBucket, ListBuckets, DeleteBucket, GetBucketLocation, GetBucketAcl,
// GetBucketOwnershipControls. https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html
import type { Call } from '../../core/call.js';
import { authorizeS3, checkExpectedOwner } from './authorize.js';
import { bucketFor } from './bucket-lookup.js';
import {
  bucketAlreadyExists,
  bucketAlreadyOwnedByYou,
  bucketNotEmpty,
  illegalLocationConstraint,
  invalidArgument,
  invalidLocationConstraint,
  noSuchBucket,
  notImplementedHeader,
} from './errors.js';
import { bucketArn, checkBucketName, isRegionName, ownerOf } from './names.js';
import { deleteBlobsThen } from './put-object.js';
import { T, blobsOf, getBucket, type BucketRecord, type PartRecord } from './records.js';

const OWNERSHIPS = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'] as const;

/**
 * The Region a CreateBucket asks for. One endpoint serves every Region, so the Region the request
 * was signed for plays the part of the regional endpoint: us-east-1 (the global endpoint) accepts
 * any constraint, another Region only its own; us-east-1 itself is never a valid constraint, and
 * `EU` is the old name of eu-west-1 (API reference, CreateBucketConfiguration).
 */
function bucketRegion(call: Call, constraint: string | undefined): string {
  if (constraint !== undefined && (constraint === 'us-east-1' || (constraint !== 'EU' && !isRegionName(constraint)))) {
    throw invalidLocationConstraint(constraint);
  }
  const region = constraint === undefined ? 'us-east-1' : constraint === 'EU' ? 'eu-west-1' : constraint;
  if (call.region !== 'us-east-1' && region !== call.region) throw illegalLocationConstraint(constraint);
  return region;
}

interface CreateBucketInput {
  Bucket: string;
  ACL?: string;
  CreateBucketConfiguration?: { LocationConstraint?: string };
  ObjectOwnership?: string;
  ObjectLockEnabledForBucket?: boolean;
  GrantFullControl?: string;
  GrantRead?: string;
  GrantReadACP?: string;
  GrantWrite?: string;
  GrantWriteACP?: string;
}

export function createBucket(call: Call, input: CreateBucketInput) {
  checkBucketName(input.Bucket);
  const region = bucketRegion(call, input.CreateBucketConfiguration?.LocationConstraint);
  if (input.ObjectLockEnabledForBucket) throw notImplementedHeader('x-amz-bucket-object-lock-enabled');
  const ownership = input.ObjectOwnership ?? 'BucketOwnerEnforced';
  if (!(OWNERSHIPS as readonly string[]).includes(ownership)) throw invalidArgument('Invalid x-amz-object-ownership header', 'x-amz-object-ownership', ownership);
  const context: Record<string, string> = { 's3:locationconstraint': region };
  if (input.ACL !== undefined) context['s3:x-amz-acl'] = input.ACL;
  if (input.ObjectOwnership !== undefined) context['s3:x-amz-object-ownership'] = input.ObjectOwnership;
  authorizeS3(call, undefined, 's3:CreateBucket', bucketArn(input.Bucket), context);
  const existing = getBucket(call.tx, input.Bucket);
  if (existing) {
    if (existing.Owner !== call.account) throw bucketAlreadyExists(input.Bucket);
    // In us-east-1, S3 answers 200 to its owner re-creating a bucket (S3 error-code list, BucketAlreadyOwnedByYou).
    if (existing.Region === 'us-east-1' && region === 'us-east-1') return { Location: `/${input.Bucket}` };
    throw bucketAlreadyOwnedByYou(input.Bucket);
  }
  // With ACLs disabled a bucket takes no ACL but the owner's own (S3 UG, about-object-ownership) [OBS text].
  const grants = input.GrantFullControl ?? input.GrantRead ?? input.GrantReadACP ?? input.GrantWrite ?? input.GrantWriteACP;
  if (ownership === 'BucketOwnerEnforced' && ((input.ACL !== undefined && input.ACL !== 'private') || grants !== undefined)) {
    throw invalidArgument("Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 'x-amz-object-ownership', ownership);
  }
  const record: BucketRecord = {
    Name: input.Bucket,
    Owner: call.account,
    Region: region,
    CreationDate: call.now.toISOString(),
    ObjectOwnership: ownership as BucketRecord['ObjectOwnership'],
    // Block Public Access is on for every new bucket since April 2023 (S3 UG, access-control-block-public-access).
    PublicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  };
  call.tx.put(T.buckets, input.Bucket, record);
  // [INF] AWS answers `/<bucket>` in us-east-1 and an AWS URL elsewhere; the path is enough here.
  return { Location: `/${input.Bucket}` };
}

export function headBucket(call: Call, input: { Bucket: string; ExpectedBucketOwner?: string }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:ListBucket', bucketArn(bucket.Name));
  // x-amz-bucket-region: newer models name it BucketRegion; this model predates it.
  return { $headers: { 'x-amz-bucket-region': bucket.Region } };
}

export function listBuckets(call: Call) {
  // ListAllMyBuckets has no resource-level permissions: identity policies alone decide.
  authorizeS3(call, undefined, 's3:ListAllMyBuckets', '*');
  const Buckets = call.tx
    .scan<BucketRecord>(T.buckets)
    .filter((e) => e.value.Owner === call.account)
    .map((e) => ({ Name: e.value.Name, CreationDate: new Date(e.value.CreationDate) }));
  return { Buckets, Owner: ownerOf(call.account) };
}

export function deleteBucket(call: Call, input: { Bucket: string; ExpectedBucketOwner?: string }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:DeleteBucket', bucketArn(bucket.Name));
  if (call.tx.scan(T.objects, { prefix: `${bucket.Name}/`, limit: 1 }).length > 0) throw bucketNotEmpty(bucket.Name);
  // Multipart uploads still in progress go with the bucket [INF: S3 only documents objects as blocking].
  const blobs: string[] = [];
  for (const { key, value } of call.tx.scan<{ UploadId: string }>(T.uploads, { prefix: `${bucket.Name}/` })) {
    for (const part of call.tx.scan<PartRecord>(T.parts, { prefix: `${value.UploadId}/` })) blobs.push(...blobsOf({ parts: [part.value] }));
    call.tx.deleteRange(T.parts, { prefix: `${value.UploadId}/` });
    call.tx.delete(T.uploads, key);
  }
  call.tx.deleteRange(T.bucketKeys, { prefix: `${bucket.Name}\n` });
  call.tx.delete(T.buckets, bucket.Name);
  return deleteBlobsThen(blobs, {});
}

export function getBucketLocation(call: Call, input: { Bucket: string; ExpectedBucketOwner?: string }) {
  // No Region check: GetBucketLocation is how a client finds the Region, from any endpoint.
  const bucket = getBucket(call.tx, input.Bucket);
  if (!bucket) throw noSuchBucket(input.Bucket);
  checkExpectedOwner(bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:GetBucketLocation', bucketArn(bucket.Name));
  // Buckets in us-east-1 have an empty LocationConstraint (API reference).
  return { LocationConstraint: bucket.Region === 'us-east-1' ? undefined : bucket.Region };
}

export function getBucketAcl(call: Call, input: { Bucket: string; ExpectedBucketOwner?: string }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:GetBucketAcl', bucketArn(bucket.Name));
  // With ACLs disabled (BucketOwnerEnforced) the ACL is always the owner's full control.
  const owner = ownerOf(bucket.Owner);
  return { Owner: owner, Grants: [{ Grantee: { ...owner, Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }] };
}

export function getBucketOwnershipControls(call: Call, input: { Bucket: string; ExpectedBucketOwner?: string }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizeS3(call, bucket, 's3:GetBucketOwnershipControls', bucketArn(bucket.Name));
  return { OwnershipControls: { Rules: [{ ObjectOwnership: bucket.ObjectOwnership }] } };
}
