// Digest files (aws-behavior.md §5.1): for each period, a gzip JSON object that lists the log files
// delivered in it with the SHA-256 of their uncompressed bytes, chained to the previous digest and
// signed SHA256withRSA; the signature travels in the object's user metadata.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { accountFolder } from '../../policy/cloudtrail/index.js';
import type { EventRecord } from './event-record.js';
import { signDigest, type SigningKey } from './signing-keys.js';
import type { TrailRecord } from './trails.js';

export const DIGEST_STATE = 'cloudtrail.digestState';
/**
 * The end time (`YYYY-MM-DDTHH:MM:SSZ`) of the last digest written per `<trailArn>|<region>|<account>`.
 * It outlives a chain (StopLogging, then StartLogging), because a digest's key holds its end time
 * to the second and a second digest ending in the same second would overwrite the first.
 */
export const DIGEST_LAST_END = 'cloudtrail.digestLastEnd';

export interface DigestLogFile {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  hashAlgorithm: 'SHA-256';
  newestEventTime: string;
  oldestEventTime: string;
}

export interface PreviousDigest {
  bucket: string;
  key: string;
  /** Hex SHA-256 of the previous digest's uncompressed bytes. */
  hash: string;
  signature: string;
}

/** The open period of one (trail, Region, account): key `<trailArn>|<region>|<account>`. */
export interface DigestState {
  trailArn: string;
  region: string;
  account: string;
  periodStart: string;
  logFiles: DigestLogFile[];
  /** Absent for a starting digest: validation just enabled, or logging restarted. */
  previous?: PreviousDigest;
  /** StopLogging or DeleteTrail: write this period's digest now, and end the chain. */
  final?: boolean;
}

export const digestStateKey = (trailArn: string, region: string, account: string) => `${trailArn}|${region}|${account}`;

/** `YYYY-MM-DDTHH:MM:SSZ`, the digest's time format. */
export const seconds = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * When a digest closed at `now` ends: now, to the second, but always at least one second after the
 * digest before it (same trail, Region and account), so that no two digests share an S3 key
 * (`…_<YYYYMMDDTHHMMSSZ>.json.gz`). Two digests closed within one second (a flush right after
 * another, StopLogging right after a flush) therefore end one second apart, the later one up to a
 * second ahead of the clock [INF: AWS closes digests an hour apart and never meets the case].
 */
export function digestEnd(state: DigestState, lastEnd: string | undefined, now: Date): Date {
  const floor = Math.floor(now.getTime() / 1000) * 1000;
  const after = [state.previous ? Date.parse(state.periodStart) : NaN, lastEnd ? Date.parse(lastEnd) : NaN].filter((t) => !Number.isNaN(t));
  return new Date(Math.max(floor, Date.parse(state.periodStart), ...after.map((t) => t + 1000)));
}

/** A log file's digest entry, from its uncompressed bytes and the event times it holds (sorted or not). */
export function logFileEntry(bucket: string, key: string, uncompressed: Buffer, records: Pick<EventRecord, 'eventTime'>[]): DigestLogFile {
  const times = records.map((r) => r.eventTime).sort();
  return logFileSpan(bucket, key, uncompressed, times[0], times[times.length - 1]);
}

/** A log file's digest entry when its oldest and newest event times are already known. */
export function logFileSpan(bucket: string, key: string, uncompressed: Buffer, oldestEventTime: string, newestEventTime: string): DigestLogFile {
  return {
    s3Bucket: bucket,
    s3Object: key,
    hashValue: createHash('sha256').update(uncompressed).digest('hex'),
    hashAlgorithm: 'SHA-256',
    newestEventTime,
    oldestEventTime,
  };
}

/** `…/CloudTrail-Digest/<region>/<YYYY>/<MM>/<DD>/<acct>_CloudTrail-Digest_<region>_<trail>_<home>_<YYYYMMDDTHHMMSSZ>.json.gz`. */
export function digestKey(trail: TrailRecord, state: DigestState, end: Date): string {
  const iso = end.toISOString();
  const day = `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
  const stamp = iso.slice(0, 19).replace(/[-:]/g, '') + 'Z';
  const folder = accountFolder(trail.S3KeyPrefix, state.account, trail.IsOrganizationTrail ? trail.OrganizationId : undefined);
  return `${folder}CloudTrail-Digest/${state.region}/${day}/${state.account}_CloudTrail-Digest_${state.region}_${trail.Name}_${trail.HomeRegion}_${stamp}.json.gz`;
}

export interface BuiltDigest {
  key: string;
  /** digestEndTime. */
  end: string;
  /** gzip of `json`. */
  body: Buffer;
  json: Buffer;
  signature: string;
  /** The state that opens the next period. */
  next: DigestState;
}

export function buildDigest(trail: TrailRecord, state: DigestState, end: Date, key: SigningKey): BuiltDigest {
  const objectKey = digestKey(trail, state, end);
  const times = state.logFiles.flatMap((f) => [f.oldestEventTime, f.newestEventTime]).sort();
  const p = state.previous;
  const digest = {
    awsAccountId: state.account,
    digestStartTime: state.periodStart,
    digestEndTime: seconds(end),
    digestS3Bucket: trail.S3BucketName,
    digestS3Object: objectKey,
    digestPublicKeyFingerprint: key.Fingerprint,
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: times.length ? times[times.length - 1] : null,
    oldestEventTime: times.length ? times[0] : null,
    previousDigestS3Bucket: p?.bucket ?? null,
    previousDigestS3Object: p?.key ?? null,
    previousDigestHashValue: p?.hash ?? null,
    previousDigestHashAlgorithm: p ? 'SHA-256' : null,
    previousDigestSignature: p?.signature ?? null,
    logFiles: state.logFiles,
  };
  // Serialise once and hash exactly the bytes stored (§5.1).
  const json = Buffer.from(JSON.stringify(digest), 'utf8');
  const hash = createHash('sha256').update(json).digest('hex');
  const stringToSign = `${digest.digestEndTime}\n${trail.S3BucketName}/${objectKey}\n${hash}\n${p?.signature ?? 'null'}`;
  const signature = signDigest(key, stringToSign);
  return {
    key: objectKey,
    end: digest.digestEndTime,
    body: gzipSync(json),
    json,
    signature,
    next: {
      ...state,
      periodStart: digest.digestEndTime,
      logFiles: [],
      previous: { bucket: trail.S3BucketName, key: objectKey, hash, signature },
    },
  };
}
