// The seed documents (../shared/seeds/) quote key-policy statements and a bucket policy that
// CloudTrail's documentation gives as valid: they must produce no errors. The JSON below is copied
// verbatim from the seed files (code blocks), so a change there is a deliberate change here.
import { describe, expect, it } from 'vitest';
import { hasErrors, validatePolicy } from './index.js';

// 000_1e2eea2d6755d922.txt: "an example snippet of an S3 bucket policy allowing CloudTrail to write logs"
const SEED_000_BUCKET_POLICY = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"Service\": \"cloudtrail.amazonaws.com\"\n      },\n      \"Action\": \"s3:PutObject\",\n      \"Resource\": \"arn:aws:s3:::my-encrypted-s3-bucket/*\",\n      \"Condition\": {\n        \"StringEquals\": {\n          \"s3:x-amz-server-side-encryption\": \"AES256\"\n        }\n      }\n    }\n  ]\n}\n";
// 000_1e2eea2d6755d922.txt: labelled "an IAM policy that allows the use of a KMS key", but it names a
// Principal, so it is a key policy (as an identity policy AWS rejects it).
const SEED_000_KEY_POLICY = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Principal\": {\n        \"Service\": \"cloudtrail.amazonaws.com\"\n      },\n      \"Action\": \"kms:Encrypt\",\n      \"Resource\": \"arn:aws:kms:us-east-1:123456789012:key/my-key-id\"\n    }\n  ]\n}\n";
// 001_a903e4e893e8cb75.txt: the three key-policy statements of "CloudTrail KMS Policies".
const SEED_001_STATEMENTS = [
  "{\n    \"Sid\": \"Allow CloudTrail to encrypt logs\",\n    \"Effect\": \"Allow\",\n    \"Principal\": {\n        \"Service\": \"cloudtrail.amazonaws.com\"\n    },\n    \"Action\": \"kms:GenerateDataKey*\",\n    \"Resource\": \"arn:aws:kms:<region code>:<account id>:key/<kms key id>\",\n    \"Condition\": {\n        \"StringLike\": {\n            \"kms:EncryptionContext:aws:cloudtrail:arn\": [\n                \"arn:aws:cloudtrail:*:<account id>:trail/*\"\n            ]\n        },\n        \"StringEquals\": {\n            \"aws:SourceArn\": \"arn:aws:cloudtrail:<region code>:<account id>:trail/<trail name>\"\n        }\n    }\n}\n",
  "{\n    \"Sid\": \"Enable CloudTrail log decrypt permissions\",\n    \"Effect\": \"Allow\",\n    \"Principal\": {\n        \"AWS\": \"arn:aws:iam::<account id>:user/<user name>\"\n    },\n    \"Action\": \"kms:Decrypt\",\n    \"Resource\": \"*\",\n    \"Condition\": {\n        \"Null\": {\n            \"kms:EncryptionContext:aws:cloudtrail:arn\": \"false\"\n        }\n    }\n}\n",
  "{\n    \"Sid\": \"Allow CloudTrail access\",\n    \"Effect\": \"Allow\",\n    \"Principal\": {\n        \"Service\": \"cloudtrail.amazonaws.com\"\n    },\n    \"Action\": \"kms:DescribeKey\",\n    \"Resource\": \"arn:aws:kms:<region code>:<account id>:key/<key id>\",\n    \"Condition\": {\n        \"StringEquals\": {\n            \"aws:SourceArn\": \"arn:aws:cloudtrail:<region code>:<account id>:trail/<trail name>\"\n        }\n    }\n}\n",
];
// 002_231da55439522f8d.txt: "Granting encrypt permissions" (single account, then two accounts).
const SEED_002_STATEMENTS = [
  "{ \"Sid\": \"Allow CloudTrail to encrypt logs\", \"Effect\": \"Allow\", \"Principal\": { \"Service\": \"cloudtrail.amazonaws.com\" }, \"Action\": \"kms:GenerateDataKey*\", \"Resource\": \"*\", \"Condition\": { \"StringLike\": { \"kms:EncryptionContext:aws:cloudtrail:arn\": [ \"arn:aws:cloudtrail:*:aws-account-id:trail/*\" ] } } }",
  "{ \"Sid\": \"Enable CloudTrail Encrypt Permissions\", \"Effect\": \"Allow\", \"Principal\": { \"Service\": \"cloudtrail.amazonaws.com\" }, \"Action\": \"kms:GenerateDataKey*\", \"Resource\": \"*\", \"Condition\": { \"StringLike\": { \"kms:EncryptionContext:aws:cloudtrail:arn\": [ \"arn:aws:cloudtrail:*:111111111111:trail/*\", \"arn:aws:cloudtrail:*:222222222222:trail/*\" ] } } }",
];

/** A key policy of the given statement texts, the default IAM-delegation statement first. */
const keyPolicy = (statements: readonly string[]): string =>
  `{"Version":"2012-10-17","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"kms:*","Resource":"*"},${statements.join(',')}]}`;

// The seed's placeholders, filled in as a user would.
const fill = (text: string): string => text
  .replaceAll('<account id>', '111122223333')
  .replaceAll('<region code>', 'us-east-1')
  .replaceAll('<kms key id>', '1234abcd-12ab-34cd-56ef-1234567890ab')
  .replaceAll('<key id>', '1234abcd-12ab-34cd-56ef-1234567890ab')
  .replaceAll('<user name>', 'log-reader')
  .replaceAll('<trail name>', 'management-events');

describe('seed 000', () => {
  it('the bucket policy is valid for its bucket', () => {
    expect(validatePolicy(SEED_000_BUCKET_POLICY, 's3-bucket', { bucket: 'my-encrypted-s3-bucket' })).toEqual([]);
  });
  it('the bucket policy names another bucket than ours', () => {
    expect(validatePolicy(SEED_000_BUCKET_POLICY, 's3-bucket', { bucket: 'other' }).map((f) => f.message)).toEqual(['Policy has invalid resource']);
  });
  it('the "IAM policy" is a valid key policy', () => {
    expect(validatePolicy(SEED_000_KEY_POLICY, 'kms-key')).toEqual([]);
  });
  it('the "IAM policy" is rejected as an identity policy, because it names a principal', () => {
    expect(validatePolicy(SEED_000_KEY_POLICY, 'identity')[0]?.message).toBe('Policy document should not specify a principal.');
  });
});

describe('seed 001', () => {
  it('the statements, placeholders filled in, make a key policy without findings', () => {
    expect(validatePolicy(keyPolicy(SEED_001_STATEMENTS.map(fill)), 'kms-key')).toEqual([]);
  });
  it.each(SEED_001_STATEMENTS.map((s, i) => [i, s] as const))('statement %i alone has no errors', (_i, statement) => {
    expect(hasErrors(validatePolicy(keyPolicy([fill(statement)]), 'kms-key'))).toBe(false);
  });
  it('with the placeholders left in, only the placeholder principal is refused', () => {
    const findings = validatePolicy(keyPolicy(SEED_001_STATEMENTS), 'kms-key');
    expect(findings).toEqual([{
      severity: 'error', rule: 'invalid-principal', code: 'MalformedPolicyDocumentException',
      message: 'Policy contains a statement with one or more invalid principals.', path: '$.Statement[2].Principal.AWS',
    }]);
  });
});

describe('seed 002', () => {
  it('both statements make a key policy without findings, as written', () => {
    expect(validatePolicy(keyPolicy(SEED_002_STATEMENTS), 'kms-key')).toEqual([]);
  });
});
