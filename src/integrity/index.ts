// Log file integrity validation (aws-behavior.md §5): the digest chain and every log file it lists,
// read through the AWS SDK from the emulator or a real account.
export { validateLogs, ValidationError, type FileResult, type Report, type ValidateOptions, type Verdict } from './validate.js';
export { sdkSource, SourceError, type Fetched, type PublicKey, type ReadFailure, type SdkSourceOptions, type Source, type TrailInfo } from './source.js';
export { summarize, toJson, toText, type Counts, type Summary } from './report.js';
export { checkSignature, digestKeyPattern, stringToSign, type Digest, type DigestLocation, type DigestLogFile } from './digest-file.js';
export { gunzipMember, type Inflated } from './gzip.js';
