// Log file integrity validation: the digest chain walked as the AWS CLI walks it (CLI-VAL
// DigestTraverser.traverse, newest digest first, following previousDigestS3Object, falling back to
// the next older listed digest when the chain breaks), so that it finds exactly the problems AWS's
// validator finds — and then says more: what a missing file covered, which permission a reader
// lacks. Every listed digest is fetched up front and every log file checked in parallel; only the
// walk itself, in memory, is sequential.
import { hash } from 'node:crypto';
import { parseTrailArn } from '../policy/cloudtrail/arn.js';
import {
  checkSignature, digestKeyPattern, displayDate, keyStampOf, markerKey, REQUIRED_DIGEST_KEYS, stampDate, stringToSign, digestFolder,
  type Digest, type DigestLocation, type DigestLogFile,
} from './digest-file.js';
import { gunzipMember } from './gzip.js';
import { pool } from './pool.js';
import { SourceError, type Fetched, type PublicKey, type ReadFailure, type Source } from './source.js';

export interface ValidateOptions {
  trailArn: string;
  start: Date;
  end: Date;
  /** The Region whose digests are validated (the CLI's Region); default: the trail's home Region. */
  region?: string;
  /** Where the digests are, when not where the trail now delivers (the CLI's --s3-bucket, --s3-prefix). */
  bucket?: string;
  prefix?: string;
  /** The member account, for organization trails (the CLI's --account-id). */
  account?: string;
  /** Files fetched at once (default 32). */
  concurrency?: number;
  /** Called as files are checked: how many are done out of how many known so far. */
  onProgress?: (done: number, total: number) => void;
}

export type Verdict = 'valid' | 'invalid' | 'unreadable';

export interface FileResult {
  kind: 'digest' | 'log';
  bucket: string;
  key: string;
  verdict: Verdict;
  /** The AWS CLI's words after `INVALID: ` for the same problem (for `unreadable`, what AWS answered). */
  reason?: string;
  /** What the AWS CLI does not say: what the file covered, what changed, who may not read it. */
  detail?: string;
  /** Digests: the period they cover; logs: the period of the digest that lists them. */
  digestStartTime?: string;
  digestEndTime?: string;
  /** Log files: the events they held, from the digest. */
  oldestEventTime?: string | null;
  newestEventTime?: string | null;
  /** Log files: the digest that lists them, `s3://<bucket>/<key>`. */
  digest?: string;
  /** Unreadable files: the permission the reader lacks, on what, and AWS's reason when it gave one. */
  permission?: { action: string; resource: string; principal?: string; because?: string };
}

export interface Report {
  trailArn: string;
  start: string;
  end: string;
  /** The period the valid digests cover, as the CLI reports it ("Results found for … to …"). */
  found?: { start: string; end: string };
  /** Newest first, as walked. */
  digests: FileResult[];
  logs: FileResult[];
  /** Breaks in the chain that are not errors: logging or validation was off (CLI on_gap). */
  gaps: { from: string; to: string }[];
}

/** Validation could not run: the trail, the bucket listing or the public keys could not be read. */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly permission?: { action: string; resource: string; principal?: string },
  ) {
    super(message);
  }
}

/** The CLI asks ListPublicKeys up to end; a digest ending up to an hour after `end` is still listed, so we ask two hours more. */
const PUBLIC_KEY_MARGIN_MS = 2 * 3600_000;
/** Digests that end up to an hour after `end` cover log files delivered before it (CLI load_digest_keys_in_range). */
const LISTING_MARGIN_MS = 3600_000;

type DigestOutcome =
  | { ok: true; digest: Digest; inflated: Buffer }
  | { ok: false; notFound?: true; reason: string; detail?: string; failure?: ReadFailure; claimed?: string };

interface Denial {
  action: string;
  /** Absent when AWS does not name it (KMS Decrypt says "the resource associated with this ciphertext"). */
  resource?: string;
  principal?: string;
  /** AWS's `because …` clause: which kind of policy is missing the grant, or denies. */
  because?: string;
}

/**
 * `User: <arn> is not authorized to perform: <action> on resource: <arn> because …`, AWS's
 * access-denied text (§0 item 13), which S3 passes on for a KMS denial (§0 item 9).
 */
export function deniedBy(message: string): Denial | undefined {
  const m = /is not authorized to perform: (\S+) on (?:resource: "?([^"\s]+?)"?|the resource associated with this ciphertext)(?:\s+(.*?))?\.?$/.exec(message);
  if (!m) return undefined;
  const principal = /User: (\S+) is not authorized/.exec(message)?.[1];
  return { action: m[1], resource: m[2], principal, because: m[3]?.replace(/^because /, '') || undefined };
}

export async function validateLogs(source: Source, options: ValidateOptions): Promise<Report> {
  const arn = parseTrailArn(options.trailArn);
  if (!arn) throw new ValidationError(`\`${options.trailArn}\` is not a trail ARN (arn:aws:cloudtrail:<region>:<account>:trail/<name>)`);
  if (options.start > options.end) throw new ValidationError('invalid time range: the start time must occur before the end time');
  const run = pool(options.concurrency ?? 32);
  const region = options.region ?? arn.region;

  // The public keys do not depend on the trail: asked at once, they arrive while the trail and the
  // digests are looked up. Their errors still come after those of the lookups, as the CLI's do.
  const keyList = source.listPublicKeys(options.start, new Date(options.end.getTime() + PUBLIC_KEY_MARGIN_MS)).catch((e) => rethrow(e, '*'));
  keyList.catch(() => undefined);

  let bucket = options.bucket;
  let prefix = options.prefix;
  let organizationId: string | undefined;
  if (bucket === undefined) {
    const trail = await source.findTrail(options.trailArn).catch((e) => rethrow(e, options.trailArn));
    if (!trail) throw new ValidationError(`a trail could not be found for \`${options.trailArn}\``);
    bucket = trail.S3BucketName;
    prefix = trail.S3KeyPrefix || undefined;
    if (trail.IsOrganizationTrail) {
      if (!options.account) throw new ValidationError('the trail is an organization trail: name the member account with --account-id');
      organizationId = await organizationFolder(source, bucket, prefix).catch((e) => rethrow(e, `arn:aws:s3:::${bucket}`));
    }
  }
  const location: DigestLocation = { bucket, prefix, account: options.account ?? arn.account, region, homeRegion: arn.region, trailName: arn.name, organizationId };

  const report: Report = { trailArn: options.trailArn, start: displayDate(options.start), end: displayDate(options.end), digests: [], logs: [], gaps: [] };
  let done = 0;
  let total = 0;
  const progress = (more: number, finished: number) => {
    total += more;
    done += finished;
    options.onProgress?.(done, total);
  };

  // Fetch every listed digest at once; the walk then reads them from memory (and fetches a
  // digest that only a previousDigestS3Object names when it gets there).
  const fetched = new Map<string, Promise<Fetched>>();
  const fetchDigest = (b: string, k: string) => {
    const id = `${b}\n${k}`;
    let f = fetched.get(id);
    if (!f) {
      progress(1, 0);
      f = run(() => source.getObject(b, k)).finally(() => progress(0, 1));
      fetched.set(id, f);
    }
    return f;
  };
  const listDigests = async (b: string) => {
    const at = { ...location, bucket: b };
    const keys = await source.listKeys(b, digestFolder(at), markerKey(at, options.start)).catch((e) => rethrow(e, `arn:aws:s3:::${b}`));
    const pattern = digestKeyPattern(at);
    const from = stampOf(options.start);
    const to = stampOf(new Date(options.end.getTime() + LISTING_MARGIN_MS));
    const inRange: string[] = [];
    for (const key of keys) {
      if (!pattern.test(key)) continue;
      const stamp = keyStampOf(key);
      if (stamp > to) break;
      if (stamp >= from) inRange.push(key);
    }
    // Newest first, as the walk reads them: the first one asked is the SDK's (source.ts), which the rest wait for.
    for (let i = inRange.length - 1; i >= 0; i--) void fetchDigest(b, inRange[i]);
    return inRange;
  };

  // The listing's errors first, as the CLI's, then the public keys'.
  let digests = await listDigests(bucket);
  const keys = await keyList;
  const publicKeys = new Map<string, PublicKey>();
  if (keys.length === 0) throw new ValidationError(`no public keys found between ${report.start} and ${displayDate(options.end)}`);
  for (const k of keys) publicKeys.set(k.fingerprint, k);

  const logChecks: Promise<void>[] = [];
  // The CLI's walk, step for step.
  const startMs = options.start.getTime();
  let [key, lastStart] = lastDigest(digests);
  let current = bucket;
  /** The digest whose previousDigestS3Object led to this one, if one did. */
  let pointedFrom: Digest | undefined;
  while (key && lastStart !== undefined && startMs <= lastStart.getTime()) {
    const outcome = await examine(await fetchDigest(current, key), current, key, publicKeys, location.homeRegion);
    if (outcome.ok) {
      const { digest } = outcome;
      const result: FileResult = { kind: 'digest', bucket: current, key, verdict: 'valid', digestStartTime: digest.digestStartTime, digestEndTime: digest.digestEndTime };
      report.digests.push(result);
      trackFound(report, digest, options);
      lastStart = new Date(digest.digestStartTime);
      for (const log of digest.logFiles ?? []) {
        const entry: FileResult = {
          kind: 'log', bucket: log.s3Bucket, key: log.s3Object, verdict: 'valid', digest: `s3://${current}/${key}`,
          digestStartTime: digest.digestStartTime, digestEndTime: digest.digestEndTime,
          oldestEventTime: log.oldestEventTime ?? null, newestEventTime: log.newestEventTime ?? null,
        };
        report.logs.push(entry);
        progress(1, 0);
        logChecks.push(run(() => checkLog(source, log, entry)).finally(() => progress(0, 1)));
      }
      if (digest.previousDigestS3Bucket == null) {
        // A starting digest: the chain ends here. An older digest means logging or validation was off between.
        const next = nextDigest(digests, key);
        if (next[0]) report.gaps.push({ from: displayDate(next[1]!), to: displayDate(lastStart) });
        key = next[0];
        pointedFrom = undefined;
      } else {
        key = digest.previousDigestS3Object ?? undefined;
        pointedFrom = digest;
        if (digest.previousDigestS3Bucket !== current) {
          current = digest.previousDigestS3Bucket;
          digests = await listDigests(current);
        }
      }
      continue;
    }
    const result: FileResult = { kind: 'digest', bucket: current, key, verdict: outcome.failure && !outcome.notFound ? 'unreadable' : 'invalid', reason: outcome.reason };
    // The period the digest covered: it ended where the digest that names it starts.
    const endedAt = pointedFrom?.digestStartTime ?? displayStamp(key);
    if (endedAt) result.digestEndTime = endedAt;
    result.detail = outcome.detail;
    if (outcome.failure && !outcome.notFound) await explainDenial(source, result, outcome.failure);
    report.digests.push(result);
    const next = nextDigest(digests, key);
    const since = next[1] ? displayDate(next[1]) : undefined;
    if (result.verdict === 'invalid') {
      const span = since ? `between ${since} and ${endedAt ?? 'its end'}` : `up to ${endedAt ?? 'its end'}`;
      const what = outcome.notFound ? 'missing' : 'invalid';
      result.detail = [outcome.detail, `the log files delivered ${span} cannot be verified: their digest is ${what}`].filter(Boolean).join('; ');
    }
    key = next[0];
    pointedFrom = undefined;
  }
  await Promise.all(logChecks);
  return report;
}

/** The walk's error paths, the CLI's message for each (CLI-VAL DigestTraverser, DigestProvider, Sha256RSADigestValidator). */
async function examine(fetched: Fetched, bucket: string, key: string, publicKeys: Map<string, PublicKey>, homeRegion: string): Promise<DigestOutcome> {
  if ('failure' in fetched) {
    if (fetched.failure.code === 'NoSuchKey') return { ok: false, notFound: true, reason: 'not found', failure: fetched.failure };
    return { ok: false, reason: `${fetched.failure.code}: ${fetched.failure.message}`, failure: fetched.failure };
  }
  const inflated = await gunzipMember(fetched.body);
  if ('problem' in inflated) return { ok: false, reason: 'invalid format', detail: inflated.problem === 'invalid format' ? 'not a gzip file' : inflated.problem };
  let digest: Digest;
  try {
    digest = JSON.parse(inflated.data.toString('utf8')) as Digest;
  } catch {
    return { ok: false, reason: 'invalid format', detail: 'not JSON' };
  }
  if (digest === null || typeof digest !== 'object' || Array.isArray(digest)) return { ok: false, reason: 'invalid format', detail: 'not a JSON object' };
  // Only the presence of signature-algorithm is required: SHA256withRSA is verified whatever it says, as the CLI does.
  const signature = fetched.metadata['signature'];
  const algorithm = fetched.metadata['signature-algorithm'];
  if (signature === undefined || algorithm === undefined) {
    const missing = [signature === undefined ? 'signature' : '', algorithm === undefined ? 'signature-algorithm' : ''].filter(Boolean).join(' and ');
    return { ok: false, reason: 'signature verification failed', detail: `the object has no ${missing} metadata` };
  }
  const absent = REQUIRED_DIGEST_KEYS.filter((k) => !(k in digest));
  if (absent.length) return { ok: false, reason: 'invalid format', detail: `no ${absent.join(', ')}` };
  if (digest.digestS3Bucket !== bucket || digest.digestS3Object !== key) {
    return { ok: false, reason: 'has been moved from its original location', detail: `CloudTrail wrote it to s3://${digest.digestS3Bucket}/${digest.digestS3Object}` };
  }
  const fingerprint = digest.digestPublicKeyFingerprint;
  const publicKey = publicKeys.get(fingerprint);
  if (!publicKey) return { ok: false, reason: `public key not found in region ${homeRegion} for fingerprint ${fingerprint}` };
  switch (checkSignature(publicKey.value, signature, stringToSign(digest, inflated.data))) {
    case 'valid':
      return { ok: true, digest, inflated: inflated.data };
    case 'bad-key':
      return { ok: false, reason: `Unable to load PKCS #1 key with fingerprint ${fingerprint}` };
    case 'malformed-signature':
      return { ok: false, reason: 'signature verification failed', detail: 'the signature metadata is not hexadecimal' };
    case 'bad-signature':
      return { ok: false, reason: 'signature verification failed', detail: 'the digest or its signature metadata changed after CloudTrail signed it' };
  }
}

/** Downloads a log file, decompresses it and compares the SHA-256 of its bytes with the digest's (CLI-VAL _download_log). */
async function checkLog(source: Source, log: DigestLogFile, result: FileResult): Promise<void> {
  const events = log.oldestEventTime && log.newestEventTime ? `events from ${log.oldestEventTime} to ${log.newestEventTime}` : 'its events';
  const fetched = await source.getObject(log.s3Bucket, log.s3Object);
  if ('failure' in fetched) {
    if (fetched.failure.code === 'NoSuchKey') {
      result.verdict = 'invalid';
      result.reason = 'not found';
      result.detail = `the ${events} it held are gone (listed in ${result.digest})`;
      return;
    }
    result.verdict = 'unreadable';
    result.reason = `${fetched.failure.code}: ${fetched.failure.message}`;
    await explainDenial(source, result, fetched.failure);
    return;
  }
  const inflated = await gunzipMember(fetched.body);
  if ('problem' in inflated) {
    result.verdict = 'invalid';
    result.reason = inflated.problem;
    result.detail = `the file was changed after delivery: its ${events} cannot be verified`;
    return;
  }
  if (hash('sha256', inflated.data, 'hex') !== log.hashValue) {
    result.verdict = 'invalid';
    result.reason = "hash value doesn't match";
    result.detail = `the file was changed after delivery: its ${events} cannot be trusted`;
  }
}

/**
 * Names what a reader may not do. S3 passes KMS's denial on as 403 AccessDenied with KMS's text;
 * when the text does not name the key (or says nothing), HeadObject, which needs s3:GetObject but
 * no KMS call, tells an S3 denial from a KMS one and names the object's key.
 */
async function explainDenial(source: Source, result: FileResult, failure: ReadFailure): Promise<void> {
  const object = `arn:aws:s3:::${result.bucket}/${result.key}`;
  const stated = deniedBy(failure.message);
  let because = stated?.because;
  if (stated?.resource) {
    result.permission = { action: stated.action, resource: stated.resource, principal: stated.principal };
  } else if (stated || failure.code === 'AccessDenied' || failure.status === 403) {
    const head = await source.headObject(result.bucket, result.key);
    if (stated?.action.startsWith('kms:') || !('failure' in head)) {
      const key = 'failure' in head ? undefined : head.kmsKeyId;
      result.permission = { action: stated?.action ?? 'kms:Decrypt', resource: key ?? 'the object’s KMS key', principal: stated?.principal };
    } else {
      result.permission = { action: stated?.action ?? 's3:GetObject', resource: object, principal: stated?.principal };
    }
  } else if (failure.code.startsWith('KMS.')) {
    result.detail = `KMS refused to decrypt it: ${failure.code.slice(4)}: ${failure.message}`;
    return;
  } else {
    return;
  }
  const p = result.permission;
  if (because) p.because = because;
  result.detail = `${p.principal ? `${p.principal} is` : 'you are'} not allowed ${p.action} on ${p.resource}${because ? ` (${because})` : ''}`;
}

function rethrow(e: unknown, resource: string): never {
  if (!(e instanceof SourceError)) throw e;
  const f = e.failure;
  if (f.code === 'AccessDenied' || f.code === 'AccessDeniedException' || f.status === 403) {
    const stated = deniedBy(f.message);
    const permission = { action: stated?.action ?? e.operation, resource: stated?.resource ?? resource, principal: stated?.principal };
    const who = permission.principal ? `${permission.principal} is` : 'you are';
    throw new ValidationError(`${who} not allowed ${permission.action} on ${permission.resource}`, permission);
  }
  if (f.code === 'NoSuchBucket') throw new ValidationError(`the trail's bucket \`${resource.replace('arn:aws:s3:::', '')}\` does not exist`);
  throw new ValidationError(`${e.operation.replace(':', ' ')} failed: ${f.code}: ${f.message}`);
}

/** An organization trail's folder `AWSLogs/<o-id>/`: found in the bucket, so no Organizations call is needed. */
async function organizationFolder(source: Source, bucket: string, prefix: string | undefined): Promise<string | undefined> {
  const base = `${prefix ? `${prefix}/` : ''}AWSLogs/`;
  const folders = await source.listFolders(bucket, base);
  return folders.map((f) => f.slice(base.length, -1)).find((f) => /^o-[a-z0-9]{10,32}$/.test(f));
}

const stampOf = (d: Date) => d.toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';

function displayStamp(key: string): string | undefined {
  const d = stampDate(keyStampOf(key));
  return d ? displayDate(d) : undefined;
}

/** The last listed digest and its key date (CLI _get_last_digest without before_key). */
function lastDigest(digests: string[]): [string | undefined, Date | undefined] {
  const key = digests.pop();
  return key ? [key, stampDate(keyStampOf(key))] : [undefined, undefined];
}

/** The next listed digest older than `before` (CLI _get_last_digest with before_key); listed digests in between are skipped. */
function nextDigest(digests: string[], before: string): [string | undefined, Date | undefined] {
  const limit = keyStampOf(before);
  while (digests.length) {
    const key = digests.pop()!;
    if (keyStampOf(key) < limit) return [key, stampDate(keyStampOf(key))];
  }
  return [undefined, undefined];
}

/** The CLI's "Results found for … to …" (CloudTrailValidateLogs._track_found_times). */
function trackFound(report: Report, digest: Digest, options: ValidateOptions): void {
  const start = new Date(digest.digestStartTime);
  const found = report.found ?? { start: displayDate(options.start), end: '' };
  if (start > options.start) found.start = displayDate(start);
  if (!found.end) found.end = displayDate(new Date(Math.min(new Date(digest.digestEndTime).getTime(), options.end.getTime())));
  report.found = found;
}
