// What the SigV4 verifier takes and gives back. The verifier is pure: the server hands in the request
// as received (raw path and query, lower-case headers, the body's hash), the clock and a key lookup,
// and gets a value back — success with what later stages need (caller key, scope, payload mode, the
// seed signature and signing key for aws-chunked bodies), or a failure naming one reason from a
// closed set with the data AWS puts in its error texts. The per-protocol error mappers
// (errors-json.ts, errors-query.ts, errors-s3.ts) turn a failure into AWS's code, status and message.
// Process: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html

/** A received request, as the verifier needs it. */
export interface SigV4Request {
  /** HTTP method as received, e.g. `GET`. */
  readonly method: string;
  /** The path as received on the wire: not percent-decoded, without the query. */
  readonly path: string;
  /** The raw query string without the leading `?` (`''` when there is none). */
  readonly query: string;
  /**
   * Lower-case header names. A string is one value (Node's `req.headers`); an array keeps repeated
   * header lines apart (Node's `req.headersDistinct`), and SigV4 joins them with `,`. Node joins
   * repeats with `, `, which cannot be told from one value containing a comma: pass
   * `headersDistinct` where repeated signed headers must verify exactly.
   */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Lower-case hex SHA-256 of the received body, or undefined when the server has not computed it. */
  readonly bodyHash?: string;
}

/** What the server knows about an access key. */
export interface SigningCredentials {
  readonly secretAccessKey: string;
  /** Temporary credentials only: the session token requests must carry. */
  readonly sessionToken?: string;
  /** When the credentials stop working (temporary credentials). */
  readonly expiration?: Date;
}

export type CredentialLookup = (accessKeyId: string) => SigningCredentials | undefined;

/** The Region(s) this endpoint answers for: one name, a set, or a predicate. */
export type RegionMatcher = string | ReadonlySet<string> | ((region: string) => boolean);

export interface VerifyOptions {
  /** The server's clock (injected: the verifier reads no clock of its own). */
  readonly now: Date;
  /** Finds the secret (and token, expiry) of an access key id; undefined when the key is unknown. */
  readonly lookup: CredentialLookup;
  readonly region: RegionMatcher;
  /** Expected signing name (`kms`, `cloudtrail`, `s3`, `sts`, `iam`); any when omitted. */
  readonly service?: string;
  /** Allowed clock skew; default 15 min for S3, 5 min otherwise (KMS observed, see aws-behavior.md §8.2). */
  readonly skewMs?: number;
}

/** How the body is covered by the signature (from `x-amz-content-sha256` for S3). */
export type PayloadMode =
  | 'signed'
  | 'unsigned'
  | 'streaming-signed'
  | 'streaming-signed-trailer'
  | 'streaming-unsigned-trailer';

export interface SigV4Success {
  readonly ok: true;
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
  /** The SignedHeaders list, lower case, in the order the client sent it. */
  readonly signedHeaders: readonly string[];
  /** The request time (X-Amz-Date, or the Date header). */
  readonly date: Date;
  /** The request time as it appears in the string to sign (`20150830T123600Z`). */
  readonly amzDate: string;
  /** The credential scope, `20150830/us-east-1/s3/aws4_request`. */
  readonly scope: string;
  readonly sessionToken?: string;
  readonly presigned: boolean;
  /** Presigned requests: when the URL stops working (X-Amz-Date + X-Amz-Expires). */
  readonly expiresAt?: Date;
  readonly payload: PayloadMode;
  /** The payload hash used in the canonical request (hex, or an S3 sentinel such as UNSIGNED-PAYLOAD). */
  readonly payloadHash: string;
  /** The request's signature: the first link of an aws-chunked signature chain. */
  readonly seedSignature: string;
  /** The derived signing key (shared, do not modify): signs aws-chunked chunks. */
  readonly signingKey: Buffer;
}

export type SigV4FailureReason =
  | 'missing-auth' // no Authorization header and no X-Amz-* query authentication
  | 'conflicting-auth' // S3: both an Authorization header and query authentication
  | 'unsupported-algorithm' // not AWS4-HMAC-SHA256 (e.g. SigV2 `AWS …`, SigV4a, `Bearer`)
  | 'malformed-authorization' // a part of the Authorization header is not key=value
  | 'incomplete-signature' // Credential / Signature / SignedHeaders / a date header missing
  | 'malformed-date' // X-Amz-Date (or Date) present but not parseable
  | 'expired' // request time before now - skew
  | 'not-yet-valid' // request time after now + skew
  | 'host-not-signed' // `host` not among SignedHeaders
  | 'malformed-credential' // Authorization Credential not keyid/date/region/service/term
  | 'bad-presign-credential' // X-Amz-Credential not keyid/date/region/service/term
  | 'bad-presign-parameters' // presigned: a parameter missing, or X-Amz-Expires invalid
  | 'wrong-region'
  | 'wrong-service'
  | 'wrong-terminator' // scope does not end in aws4_request
  | 'date-mismatch' // scope date is not the request date
  | 'presign-expired' // S3 presigned: now after X-Amz-Date + X-Amz-Expires
  | 'missing-content-sha256' // S3 header auth without x-amz-content-sha256
  | 'bad-content-sha256' // S3: x-amz-content-sha256 neither hex SHA-256 nor a known sentinel
  | 'unknown-key'
  | 'invalid-token' // session token wrong, missing for temporary keys, or given for permanent keys
  | 'expired-token'
  | 'headers-not-signed' // S3: x-amz-* headers present but not signed
  | 'bad-signature'
  | 'payload-hash-mismatch'; // x-amz-content-sha256 is not the hash of the received body

/** One problem with the credential scope; AWS's JSON/query services report all of them at once. */
export interface ScopeProblem {
  readonly kind: 'region' | 'service' | 'terminator' | 'date';
  /** The value in the scope. */
  readonly sent: string;
  /** What was expected (the service name, the request date; the Region when known). */
  readonly expected?: string;
}

export type MissingPart = 'Credential' | 'Signature' | 'SignedHeaders' | 'Date';

/** Which presigned-URL parameter check failed. */
export type PresignProblem = 'missing' | 'expires-not-number' | 'expires-negative' | 'expires-too-large';

/** A failed verification. `reason` says what failed; the other fields carry what AWS's texts quote. */
export interface SigV4Failure {
  readonly ok: false;
  readonly reason: SigV4FailureReason;
  readonly presigned: boolean;
  /** The `now` the verifier was given. */
  readonly serverTime: Date;
  /** The Authorization header as received, when there was one. */
  readonly authorization?: string;
  readonly accessKeyId?: string;
  /** unsupported-algorithm: the algorithm (first word of the header, or X-Amz-Algorithm). */
  readonly algorithm?: string;
  /** malformed-authorization: the part without `=`. */
  readonly pair?: string;
  /** incomplete-signature: the missing parts; bad-presign-parameters/missing: the missing X-Amz-* names. */
  readonly missing?: readonly string[];
  /** bad-presign-parameters: which check failed. */
  readonly presignProblem?: PresignProblem;
  /** The date as sent (X-Amz-Date or Date value): malformed-date, expired, not-yet-valid, presign-expired. */
  readonly requestTimeText?: string;
  readonly requestTime?: Date;
  /** The skew window applied (expired, not-yet-valid). */
  readonly skewMs?: number;
  /** malformed-credential, bad-presign-credential: the Credential value. */
  readonly credential?: string;
  /** wrong-region, wrong-service, wrong-terminator, date-mismatch: every scope problem, first = reason. */
  readonly scopeProblems?: readonly ScopeProblem[];
  /** The Region in the scope, and the Region expected when the endpoint names one. */
  readonly region?: string;
  readonly expectedRegion?: string;
  /** presign-expired, bad-presign-parameters: X-Amz-Expires as sent and the resulting expiry. */
  readonly expiresText?: string;
  readonly expiresAt?: Date;
  /** invalid-token, expired-token: the token the request carried (undefined when none). */
  readonly sessionToken?: string;
  /** headers-not-signed (sorted); host-not-signed: the SignedHeaders list. */
  readonly headersNotSigned?: readonly string[];
  readonly signedHeaders?: readonly string[];
  /** bad-content-sha256, payload-hash-mismatch: the x-amz-content-sha256 value sent. */
  readonly contentSha256?: string;
  /** payload-hash-mismatch: the hash of the body received. */
  readonly computedSha256?: string;
  /** bad-signature: what the server signed, and the signature the client sent. */
  readonly canonicalRequest?: string;
  readonly stringToSign?: string;
  readonly signatureProvided?: string;
}

export type SigV4Result = SigV4Success | SigV4Failure;

/** An AWS error as a plain value; the protocol layer serialises it. */
export interface AuthError {
  readonly code: string;
  readonly status: number;
  readonly message: string;
  /** Extra elements of an S3 `<Error>` in AWS's order (`AWSAccessKeyId`, `StringToSign`, …). */
  readonly fields?: Readonly<Record<string, string>>;
}
