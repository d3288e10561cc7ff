// The root element of S3 response bodies whose output shape has no payload member. The model does
// not carry these names (SDKs ignore the root when parsing); they are the names in the S3 API
// reference's "Response Syntax" of each operation
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html).
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export const S3_RESPONSE_ROOTS: Readonly<Record<string, string>> = {
  ListBuckets: 'ListAllMyBucketsResult',
  ListObjects: 'ListBucketResult',
  ListObjectsV2: 'ListBucketResult',
  GetBucketAcl: 'AccessControlPolicy',
  GetBucketLocation: 'LocationConstraint',
  DeleteObjects: 'DeleteResult',
  CreateMultipartUpload: 'InitiateMultipartUploadResult',
  CompleteMultipartUpload: 'CompleteMultipartUploadResult',
  ListParts: 'ListPartsResult',
  ListMultipartUploads: 'ListMultipartUploadsResult',
};

/**
 * Outputs whose body is the text of the root element itself, not child elements: GetBucketLocation
 * answers `<LocationConstraint xmlns="…">eu-west-1</LocationConstraint>` (empty for us-east-1).
 */
export const S3_TEXT_ROOTS: Readonly<Record<string, string>> = {
  GetBucketLocation: 'LocationConstraint',
};
