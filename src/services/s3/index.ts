// S3 (rest-xml): buckets, bucket policies and settings, objects with SSE-S3/SSE-KMS, listings and
// multipart uploads. Operations that store or read object bodies return a Continuation (see
// core/service.ts), possibly nested: the server (or a service calling through Call.call) runs
// `io` with the blob store, then `finish` in a new transaction, until a plain output comes back.
import type { Call } from '../../core/call.js';
import type { Model } from '../../core/model.js';
import type { ServiceDef } from '../../core/service.js';
import { deleteBucketPolicy, getBucketPolicy, putBucketPolicy } from './bucket-policy.js';
import {
  deleteBucketEncryption,
  deletePublicAccessBlock,
  getBucketEncryption,
  getPublicAccessBlock,
  putBucketEncryption,
  putPublicAccessBlock,
} from './bucket-settings.js';
import { createBucket, deleteBucket, getBucketAcl, getBucketLocation, getBucketOwnershipControls, headBucket, listBuckets } from './buckets.js';
import { copyObject } from './copy-object.js';
import { deleteObject, deleteObjects } from './delete-object.js';
import { getObjectOp, headObject } from './get-object.js';
import { listObjects, listObjectsV2 } from './list-objects.js';
import modelJson from './model.json' with { type: 'json' };
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './multipart.js';
import { putObject } from './put-object.js';
import { getBucket } from './records.js';

/** What other services may know of a bucket (CloudTrail checking a trail's bucket): no authorization, no event. */
function bucketFact(call: Call, input: { Bucket: string }) {
  const b = getBucket(call.tx, input.Bucket);
  if (!b) return undefined;
  return { Name: b.Name, Owner: b.Owner, Region: b.Region, CreationDate: b.CreationDate, Policy: b.Policy, Encryption: b.Encryption };
}

export const s3: ServiceDef = {
  name: 's3',
  protocol: 'rest-xml',
  model: modelJson as unknown as Model,
  operations: {
    CreateBucket: createBucket,
    HeadBucket: headBucket,
    ListBuckets: listBuckets,
    DeleteBucket: deleteBucket,
    PutBucketPolicy: putBucketPolicy,
    GetBucketPolicy: getBucketPolicy,
    DeleteBucketPolicy: deleteBucketPolicy,
    GetBucketAcl: getBucketAcl,
    GetBucketLocation: getBucketLocation,
    GetBucketOwnershipControls: getBucketOwnershipControls,
    PutBucketEncryption: putBucketEncryption,
    GetBucketEncryption: getBucketEncryption,
    DeleteBucketEncryption: deleteBucketEncryption,
    PutPublicAccessBlock: putPublicAccessBlock,
    GetPublicAccessBlock: getPublicAccessBlock,
    DeletePublicAccessBlock: deletePublicAccessBlock,
    PutObject: putObject,
    GetObject: getObjectOp,
    HeadObject: headObject,
    DeleteObject: deleteObject,
    DeleteObjects: deleteObjects,
    CopyObject: copyObject,
    ListObjects: listObjects,
    ListObjectsV2: listObjectsV2,
    CreateMultipartUpload: createMultipartUpload,
    UploadPart: uploadPart,
    CompleteMultipartUpload: completeMultipartUpload,
    AbortMultipartUpload: abortMultipartUpload,
    ListParts: listParts,
    ListMultipartUploads: listMultipartUploads,
  },
  readOnly: (op) => /^(Get|List|Head)/.test(op),
  facts: { bucket: bucketFact },
};
