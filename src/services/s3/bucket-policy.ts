// PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy.
// https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html: the owning account's
// root user may always use these, even against a Deny in the policy; any other caller needs the
// permission AND must belong to the owning account, else 405 MethodNotAllowed. Policies are
// validated by the engine with S3's MalformedPolicy texts, in AWS's order (policy/validate).
import { AwsError } from '../../core/aws-error.js';
import type { Call } from '../../core/call.js';
import { policyError } from '../../core/policy-document.js';
import { allowed, isOwnerRoot } from './authorize.js';
import { bucketFor } from './bucket-lookup.js';
import { accessDenied, malformedPolicy, methodNotAllowed, noSuchBucketPolicy } from './errors.js';
import { bucketArn } from './names.js';
import { isPublicPolicy } from './public-policy.js';
import { T, type BucketRecord } from './records.js';

function authorizePolicyOperation(call: Call, bucket: BucketRecord, action: string, method: string): void {
  if (isOwnerRoot(call, bucket)) return;
  if (!allowed(call, bucket, action, bucketArn(bucket.Name))) throw accessDenied();
  if (call.identity.type === 'AWSService' || call.identity.account !== bucket.Owner) throw methodNotAllowed(method, 'BUCKETPOLICY');
}

export function putBucketPolicy(call: Call, input: { Bucket: string; Policy?: string; ExpectedBucketOwner?: string }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizePolicyOperation(call, bucket, 's3:PutBucketPolicy', 'PUT');
  const text = input.Policy ?? '';
  const problem = policyError(text, 's3-bucket', { bucket: bucket.Name });
  if (problem) throw problem.code && problem.code !== 'MalformedPolicy' ? new AwsError(problem.code, problem.message, 400) : malformedPolicy(problem.message);
  if (bucket.PublicAccessBlock?.BlockPublicPolicy && isPublicPolicy(text)) {
    // The text S3 has answered since 2023 [OBS, many public reports].
    throw accessDenied(
      `User: ${call.identity.arn} is not authorized to perform: s3:PutBucketPolicy on resource: "${bucketArn(bucket.Name)}" because public policies are blocked by the BlockPublicPolicy block public access setting.`,
    );
  }
  call.tx.put(T.buckets, bucket.Name, { ...bucket, Policy: text });
  return {};
}

export function getBucketPolicy(call: Call, input: { Bucket: string; ExpectedBucketOwner?: string }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizePolicyOperation(call, bucket, 's3:GetBucketPolicy', 'GET');
  if (bucket.Policy === undefined) throw noSuchBucketPolicy(bucket.Name);
  return { Policy: bucket.Policy };
}

export function deleteBucketPolicy(call: Call, input: { Bucket: string; ExpectedBucketOwner?: string }) {
  const bucket = bucketFor(call, input.Bucket, input.ExpectedBucketOwner);
  authorizePolicyOperation(call, bucket, 's3:DeleteBucketPolicy', 'DELETE');
  // Deleting a policy that does not exist succeeds (204), as in S3.
  const { Policy: _dropped, ...rest } = bucket;
  call.tx.put(T.buckets, bucket.Name, rest);
  return {};
}
