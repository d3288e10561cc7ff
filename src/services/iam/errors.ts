// IAM's error codes and texts (awsQuery; https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
// and each operation's Errors section). One factory per code.
import { AwsError } from '../../core/aws-error.js';

export const noSuchEntity = (message: string) => new AwsError('NoSuchEntity', message, 404);
export const entityAlreadyExists = (message: string) => new AwsError('EntityAlreadyExists', message, 409);
export const deleteConflict = (message: string) => new AwsError('DeleteConflict', message, 409);
export const limitExceeded = (message: string) => new AwsError('LimitExceeded', message, 409);
export const malformedPolicyDocument = (message: string) => new AwsError('MalformedPolicyDocument', message, 400);
export const invalidInput = (message: string) => new AwsError('InvalidInput', message, 400);
export const accessDenied = (message: string) => new AwsError('AccessDenied', message, 403);
