// KMS through the AWS CLI v2 (`aws --endpoint-url … kms …`), as a user would drive it: blobs in
// and out through files and base64 text, and AWS errors as the CLI prints them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { aws, rootOf, startServer } from './harness.js';

const ACCOUNT = '666666666666';
const root = rootOf(ACCOUNT);
let server: RunningServer;
let files: string;

beforeAll(async () => {
  server = await startServer();
  files = mkdtempSync(join(tmpdir(), 'trailkey-cli-'));
});
afterAll(() => server?.close());

const kms = (...args: string[]) => aws(server.url, root, ['kms', ...args]);

/** Runs the command and returns its JSON output, failing on any exit code but 0. */
async function ok(...args: string[]): Promise<Record<string, unknown>> {
  const r = await kms(...args);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
}

describe('the AWS CLI v2 against KMS', () => {
  it('create-key, create-alias, encrypt / decrypt through files, describe-key, list-aliases, get-key-policy', { timeout: 40_000 }, async () => {
    const { KeyMetadata } = (await ok('create-key', '--description', 'made by the cli', '--tags', 'TagKey=via,TagValue=cli')) as {
      KeyMetadata: { KeyId: string; Arn: string; KeyState: string; Description: string; CreationDate: string };
    };
    expect(KeyMetadata).toMatchObject({ KeyState: 'Enabled', Description: 'made by the cli', Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${KeyMetadata.KeyId}` });
    // The server sends epoch seconds; the CLI v2 prints them in ISO 8601.
    expect(KeyMetadata.CreationDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/);
    expect(Math.abs(Date.parse(KeyMetadata.CreationDate) - Date.now())).toBeLessThan(60_000);
    expect(await ok('create-alias', '--alias-name', 'alias/cli', '--target-key-id', KeyMetadata.KeyId)).toEqual({});

    const plaintext = Buffer.from([0, 1, 2, 250, 255, ...Buffer.from(' binary plaintext\n')]);
    const plainFile = join(files, 'plain.bin');
    writeFileSync(plainFile, plaintext);
    const encrypted = (await ok('encrypt', '--key-id', 'alias/cli', '--plaintext', `fileb://${plainFile}`, '--encryption-context', 'purpose=cli')) as {
      CiphertextBlob: string; KeyId: string; EncryptionAlgorithm: string;
    };
    expect(encrypted).toMatchObject({ KeyId: KeyMetadata.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    // `aws kms encrypt … --query CiphertextBlob --output text | base64 -d > blob`, done in Node.
    const blobFile = join(files, 'blob.bin');
    writeFileSync(blobFile, Buffer.from(encrypted.CiphertextBlob, 'base64'));
    const decrypted = await kms('decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'purpose=cli', '--query', 'Plaintext', '--output', 'text');
    expect([decrypted.code, decrypted.stderr]).toEqual([0, '']);
    expect(Buffer.from(decrypted.stdout.trim(), 'base64').equals(plaintext)).toBe(true);
    // Another encryption context: InvalidCiphertextException, whose message is empty.
    const wrong = await kms('decrypt', '--ciphertext-blob', `fileb://${blobFile}`, '--encryption-context', 'purpose=other');
    expect(wrong.code).toBe(254);
    expect(wrong.stderr.trim()).toBe('An error occurred (InvalidCiphertextException) when calling the Decrypt operation (reached max retries: 0):');

    const [described, aliases, keyPolicy, tags] = await Promise.all([
      ok('describe-key', '--key-id', `arn:aws:kms:us-east-1:${ACCOUNT}:alias/cli`),
      ok('list-aliases', '--key-id', KeyMetadata.KeyId),
      kms('get-key-policy', '--key-id', KeyMetadata.KeyId, '--policy-name', 'default', '--query', 'Policy', '--output', 'text'),
      ok('list-resource-tags', '--key-id', KeyMetadata.Arn),
    ]);
    expect(described).toMatchObject({ KeyMetadata: { KeyId: KeyMetadata.KeyId, Enabled: true } });
    expect((aliases.Aliases as unknown[]).map((a) => (a as { AliasName: string }).AliasName)).toEqual(['alias/cli']);
    expect(aliases.Aliases).toMatchObject([{ AliasArn: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/cli`, TargetKeyId: KeyMetadata.KeyId }]);
    expect(keyPolicy.code).toBe(0);
    // `--output text` prints the policy string as the server returned it, AWS's spacing included.
    expect(keyPolicy.stdout).toBe(`{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${ACCOUNT}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}
`);
    // The CLI pages list-resource-tags itself and drops Truncated and NextMarker from its output.
    expect(tags).toEqual({ Tags: [{ TagKey: 'via', TagValue: 'cli' }] });
  });

  // The harness sets AWS_MAX_ATTEMPTS=1, so the CLI adds "(reached max retries: 0)" to the operation.
  it('prints AWS errors on stderr and exits 254', { timeout: 20_000 }, async () => {
    const [missing, tooMany] = await Promise.all([kms('describe-key', '--key-id', 'alias/nope'), kms('generate-random', '--number-of-bytes', '1025')]);
    expect(missing.code).toBe(254);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim()).toBe(
      `An error occurred (NotFoundException) when calling the DescribeKey operation (reached max retries: 0): Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/nope is not found.`,
    );
    expect(tooMany.code).toBe(254);
    expect(tooMany.stderr.trim()).toBe(
      "An error occurred (ValidationException) when calling the GenerateRandom operation (reached max retries: 0): 1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    );
  });
});
