// The one error type every service throws and every protocol serialises (principle 4).
// Factories named after the AWS error code live in each service's errors.ts.

export class AwsError extends Error {
  constructor(
    /** The AWS error code, as the wire carries it (`NotFoundException`, `NoSuchBucket`). */
    readonly code: string,
    message: string,
    /** HTTP status: 400 for client faults unless the reference says otherwise. */
    readonly status = 400,
    /** Extra elements the wire carries beside code and message (S3's `<BucketName>`, ...). */
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = code;
  }

  /** awsQuery's `<Type>`: Receiver for server faults, Sender otherwise. */
  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

export function isAwsError(e: unknown): e is AwsError {
  return e instanceof AwsError;
}

/** A fault inside trailkey: reported as AWS reports its own internal errors, never as a crash. */
export function internalError(code = 'InternalFailure'): AwsError {
  return new AwsError(code, 'The request processing has failed because of an unknown error, exception or failure.', 500);
}
