// CloudTrail's error codes (all HTTP 400, aws-behavior.md §2.3). Texts are verbatim where the
// reference records them; where AWS's text is not public the factory says so and trailkey's text
// names the value at fault.
import { AwsError } from '../../core/aws-error.js';

const e = (code: string) => (message: string) => new AwsError(code, message);

export const invalidTrailName = e('InvalidTrailNameException');
export const trailNotFound = (arn: string, account: string) => new AwsError('TrailNotFoundException', `Unknown trail: ${arn} for the user: ${account}`);
export const trailAlreadyExists = (name: string, account: string) =>
  new AwsError('TrailAlreadyExistsException', `Trail ${name} already exists for customer: ${account}`);
export const maximumNumberOfTrailsExceeded = (account: string, region: string) =>
  new AwsError('MaximumNumberOfTrailsExceededException', `User: ${account} already has 5 trails in ${region}.`);
export const invalidParameterCombination = e('InvalidParameterCombinationException');
export const invalidParameter = e('InvalidParameterException');
// Not public (§0.1 item 5); moto says `S3 bucket <name> does not exist!`.
export const s3BucketDoesNotExist = (bucket: string) => new AwsError('S3BucketDoesNotExistException', `S3 bucket ${bucket} does not exist.`);
export const insufficientS3BucketPolicy = (bucket: string) =>
  new AwsError('InsufficientS3BucketPolicyException', `Incorrect S3 bucket policy is detected for bucket: ${bucket}`);
export const insufficientEncryptionPolicy = (bucket: string, keyArn: string) =>
  new AwsError('InsufficientEncryptionPolicyException', `Insufficient permissions to access S3 bucket ${bucket} or KMS key ${keyArn}.`);
// Texts below are not public (§0.1 item 5): trailkey's wording, naming the value.
export const invalidS3BucketName = (bucket: string) => new AwsError('InvalidS3BucketNameException', `Invalid S3 bucket name: ${bucket}`);
export const invalidS3Prefix = (prefix: string) => new AwsError('InvalidS3PrefixException', `Invalid S3 key prefix: ${prefix}`);
export const invalidKmsKeyId = (id: string) => new AwsError('InvalidKmsKeyIdException', `KMS key ARN is not valid: ${id}`);
export const kmsKeyNotFound = (id: string) => new AwsError('KmsKeyNotFoundException', `KMS key not found: ${id}`);
export const kms = e('KmsException');
export const invalidHomeRegion = (arn: string, home: string) =>
  new AwsError('InvalidHomeRegionException', `The trail ${arn} must be managed from its home Region ${home}.`);
export const cloudTrailArnInvalid = (value: string) => new AwsError('CloudTrailARNInvalidException', `Invalid trail ARN: ${value}`);
export const notOrganizationMasterAccount = (arn: string) =>
  new AwsError('NotOrganizationMasterAccountException', `The organization trail ${arn} can only be changed by the organization's management account.`);
export const organizationsNotInUse = () =>
  new AwsError('OrganizationsNotInUseException', 'This account is not a member of an organization.');
export const invalidEventSelectors = e('InvalidEventSelectorsException');
export const tagsLimitExceeded = e('TagsLimitExceededException');
export const invalidTagParameter = e('InvalidTagParameterException');
export const resourceNotFound = e('ResourceNotFoundException');
export const invalidLookupAttributes = e('InvalidLookupAttributesException');
export const invalidTimeRange = e('InvalidTimeRangeException');
export const invalidMaxResults = e('InvalidMaxResultsException');
export const invalidNextToken = e('InvalidNextTokenException');
export const invalidEventCategory = e('InvalidEventCategoryException');
export const unsupportedOperation = e('UnsupportedOperationException');
export const accessDenied = (message: string) => new AwsError('AccessDeniedException', message);
