// The AWS SDK clients and commands the validator uses, named in one place: `npm run build` bundles
// them and what they need with the validator in one file, with V8's code cache, and replaces
// dist/integrity/index.js with a stub that loads it (scripts/bundle-sdk.mjs). Loading the packages
// file by file costs about 0.15 s of a validation's start-up; the bundle about 0.03 s. Without that
// step (tsc alone, or the tests from src/) this module works as it is.
export { CloudTrailClient, DescribeTrailsCommand, ListPublicKeysCommand } from '@aws-sdk/client-cloudtrail';
export { GetBucketLocationCommand, GetObjectCommand, HeadObjectCommand, ListObjectsCommand, S3Client } from '@aws-sdk/client-s3';
