// `trailkey audit`: the doctor's checks on a live account (or the emulator) instead of files. The
// Setup is read through the AWS SDK (read.ts) and diagnosed by the same diagnose() as `check`.
import { diagnose, type DiagnoseOptions } from '../diagnose.js';
import type { BucketSetup, Setup } from '../model.js';
import type { Report } from '../report.js';
import { mergeVariants } from '../run.js';
import { isUnknown, type Unknown } from '../values.js';
import { readAccount, type AuditOptions } from './read.js';

export { readAccount, type AuditOptions } from './read.js';
export { AuditError } from './errors.js';
export type { Credentials } from './clients.js';

/** The setup with every bucket whose Bucket Key setting is unknown set to `on`. */
function withBucketKey(setup: Setup, on: boolean): Setup {
  const map = new Map<BucketSetup, BucketSetup>(setup.buckets.map((b) => [b, isUnknown(b.bucketKeyEnabled) ? { ...b, bucketKeyEnabled: on } : b]));
  return { ...setup, buckets: [...map.values()], trails: setup.trails.map((t) => (t.bucket ? { ...t, bucket: map.get(t.bucket)! } : t)) };
}

/**
 * diagnose() for what the audit read. Whether a bucket uses an S3 Bucket Key changes CloudTrail's
 * requests (Decrypt, and the encryption context of each log file), so when the auditor may not read
 * it (s3:GetEncryptionConfiguration) the account is diagnosed both ways and only verdicts that do
 * not depend on it are kept; the rest are "unknown" and name the permission.
 */
export function diagnoseAccount(setup: Setup, options: DiagnoseOptions = {}): Report {
  const unread = setup.buckets.filter((b) => isUnknown(b.bucketKeyEnabled));
  if (unread.length === 0) return diagnose(setup, options);
  const without = diagnose(withBucketKey(setup, false), options);
  const withKey = diagnose(withBucketKey(setup, true), options);
  const what = unread.map((b) => (b.bucketKeyEnabled as Unknown).what).join(' and ');
  return mergeVariants(without, without.results, [{ results: withKey.results, what }]);
}

export async function runAudit(options: AuditOptions, diagnoseOptions: DiagnoseOptions = {}): Promise<Report> {
  return diagnoseAccount(await readAccount(options), diagnoseOptions);
}
