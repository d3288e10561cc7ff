// S3's error codes, statuses and texts: one factory per code (DESIGN.md principle 2). Sources:
// [S3-ERR] the S3 error-code list, https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
// (codes, statuses and most texts); [§n] aws-behavior.md; [API] the operation's page in the S3 API
// reference; [OBS] texts seen in published AWS responses; [INF] not public, our decision.
// `fields` become extra elements of `<Error>` in this order, as S3 writes them.
import { AwsError } from '../../core/aws-error.js';

/** An S3 error that also carries response headers (x-amz-bucket-region on a wrong-Region request). */
export class S3Error extends AwsError {
  constructor(
    code: string,
    message: string,
    status: number,
    fields: Readonly<Record<string, string>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(code, message, status, fields);
  }
}

const err = (code: string, message: string, status = 400, fields: Record<string, string> = {}) => new S3Error(code, message, status, fields);

// [S3-ERR]
export const noSuchBucket = (bucket: string) => err('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
export const noSuchKey = (key: string) => err('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
export const bucketAlreadyExists = (bucket: string) =>
  err(
    'BucketAlreadyExists',
    'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    409,
    { BucketName: bucket },
  );
export const bucketAlreadyOwnedByYou = (bucket: string) =>
  err('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', 409, { BucketName: bucket });
export const bucketNotEmpty = (bucket: string) => err('BucketNotEmpty', 'The bucket you tried to delete is not empty', 409, { BucketName: bucket });
export const invalidBucketName = (bucket: string) => err('InvalidBucketName', 'The specified bucket is not valid.', 400, { BucketName: bucket });
export const noSuchBucketPolicy = (bucket: string) => err('NoSuchBucketPolicy', 'The bucket policy does not exist', 404, { BucketName: bucket }); // [§7.1]
export const malformedPolicy = (message: string) => err('MalformedPolicy', message, 400);
export const malformedXml = () =>
  err('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema', 400);
export const accessDenied = (message = 'Access Denied') => err('AccessDenied', message, 403);
export const invalidRange = (range: string, size: number) =>
  err('InvalidRange', 'The requested range is not satisfiable', 416, { RangeRequested: range, ActualObjectSize: String(size) });
export const preconditionFailed = (condition: string) =>
  err('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, { Condition: condition });
/** 304 has no body; the code only names the case. The validators go with it (RFC 9110 §15.4.5). */
export const notModified = (etag: string, lastModified: Date) =>
  new S3Error('NotModified', 'Not Modified', 304, {}, { etag, 'last-modified': lastModified.toUTCString() });
export const keyTooLong = (size: number) => err('KeyTooLongError', 'Your key is too long', 400, { Size: String(size), MaxSizeAllowed: '1024' });
export const entityTooLarge = (size: number, max: number) =>
  err('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { ProposedSize: String(size), MaxSizeAllowed: String(max) });
export const entityTooSmall = (size: number, partNumber: number, etag: string) =>
  err('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', 400, {
    ProposedSize: String(size),
    MinSizeAllowed: String(5 * 1024 * 1024),
    PartNumber: String(partNumber),
    ETag: etag,
  });
export const noSuchUpload = (uploadId: string) =>
  err('NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 404, {
    UploadId: uploadId,
  });
export const invalidPart = (uploadId: string, partNumber: number, etag: string) =>
  err(
    'InvalidPart',
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    400,
    { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
  );
export const invalidPartOrder = (uploadId: string) =>
  err('InvalidPartOrder', 'The list of parts was not in ascending order. Parts must be ordered by part number.', 400, { UploadId: uploadId });
export const badDigest = (expected: string, calculated: string) =>
  err('BadDigest', 'The Content-MD5 you specified did not match what we received.', 400, { ExpectedDigest: expected, CalculatedDigest: calculated });
export const invalidDigest = (value: string) => err('InvalidDigest', 'The Content-MD5 you specified is not valid.', 400, { 'Content-MD5': value });
/** A wrong x-amz-checksum-* value [OBS: `The CRC32 you specified did not match the calculated checksum.`]. */
export const badChecksum = (algorithm: string) => err('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`, 400);
/** An x-amz-checksum-* value that is not base64 of the right length [OBS]. */
export const invalidChecksumValue = (header: string) => err('InvalidRequest', `Value for ${header} header is invalid.`, 400);
export const methodNotAllowed = (method: string, resourceType: string) =>
  err('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, { Method: method, ResourceType: resourceType });
export const invalidLocationConstraint = (constraint: string) =>
  err('InvalidLocationConstraint', 'The specified location-constraint is not valid', 400, { LocationConstraint: constraint });
export const illegalLocationConstraint = (constraint: string | undefined) =>
  err(
    'IllegalLocationConstraintException',
    `The ${constraint ?? 'unspecified'} location constraint is incompatible for the region specific endpoint this request was sent to.`,
    400,
  );
export const accessControlListNotSupported = () => err('AccessControlListNotSupported', 'The bucket does not allow ACLs', 400);
export const invalidArgument = (message: string, name: string, value: string) =>
  err('InvalidArgument', message, 400, { ArgumentName: name, ArgumentValue: value });
export const invalidStorageClass = (storageClass: string) =>
  err('InvalidStorageClass', 'The storage class you specified is not valid', 400, { StorageClassRequested: storageClass });
export const invalidRequest = (message: string) => err('InvalidRequest', message, 400);
/** S3's NotImplemented: a header names a feature S3 (here: trailkey) does not offer [S3-ERR]. */
export const notImplementedHeader = (header: string) =>
  err('NotImplemented', 'A header you provided implies functionality that is not implemented.', 501, { Header: header });
/** An S3 operation trailkey does not serve: refused loudly (DESIGN.md principle 4). */
export const notImplemented = (operation: string) => err('NotImplemented', `trailkey does not implement ${operation}`, 501);
/** [S3-ERR] InternalError: a fault inside trailkey, never a crash. */
export const internalError = () => err('InternalError', 'We encountered an internal error. Please try again.', 500);
export const noSuchPublicAccessBlock = (bucket: string) =>
  err('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404, { BucketName: bucket });

/**
 * A request signed for another Region than the bucket's [§8.2]; S3 names the bucket's Region in
 * `<Region>` and in the x-amz-bucket-region header, which is what the AWS CLI's redirect reads.
 */
export function wrongRegion(sent: string, expected: string, presigned: boolean): S3Error {
  const text = `the region '${sent}' is wrong; expecting '${expected}'`;
  return presigned
    ? new S3Error('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; ${text}`, 400, { Region: expected }, { 'x-amz-bucket-region': expected })
    : new S3Error('AuthorizationHeaderMalformed', `The authorization header is malformed; ${text}`, 400, { Region: expected }, { 'x-amz-bucket-region': expected });
}

/** A KMS failure as S3 reports it [§7.8, §7.9]: access denied is S3's 403 with KMS's text, the rest `KMS.<code>` 400. */
export function fromKms(e: unknown): unknown {
  if (!(e instanceof AwsError)) return e;
  if (e.code === 'AccessDeniedException') return accessDenied(e.message);
  return err(`KMS.${e.code}`, e.message, 400);
}
