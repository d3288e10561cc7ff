// Closing digest periods: every (trail, Region, account) with validation enabled gets a digest per
// period — also an empty one when no log file was delivered — written AS CloudTrail through
// s3:PutObject with the signature in user metadata, and the next period opened in the same
// transaction that commits the object.
import { isAwsError } from '../../core/aws-error.js';
import { serviceIdentity } from '../../core/identity.js';
import type { Store, Tx } from '../../store/index.js';
import { CLOUDTRAIL_PRINCIPAL, findTrail, setStatus, type Invoke } from './delivery.js';
import { buildDigest, DIGEST_STATE, digestStateKey, seconds, type DigestLogFile, type DigestState } from './digest.js';
import { currentSigningKey } from './signing-keys.js';
import type { Queue } from './events.js';
import type { TrailRecord } from './trails.js';

function openState(trail: TrailRecord, region: string, account: string, at: Date): DigestState {
  return { trailArn: trail.TrailARN, region, account, periodStart: seconds(at), logFiles: [] };
}

/** Adds a delivered log file to its open period (in the delivery's own transaction). */
export function addToDigest(tx: Tx, trail: TrailRecord, q: Queue, entry: DigestLogFile, at: Date): void {
  const key = digestStateKey(trail.TrailARN, q.region, q.account);
  const state = tx.get<DigestState>(DIGEST_STATE, key) ?? openState(trail, q.region, q.account, at);
  state.logFiles.push(entry);
  tx.put(DIGEST_STATE, key, state);
}

/**
 * Starts digests for a trail's home Region and owner when logging starts or validation is turned
 * on. A restart of logging begins a new chain: the starting digest has no previous (§5.1).
 */
export function startDigests(tx: Tx, trail: TrailRecord, at: Date): void {
  const key = digestStateKey(trail.TrailARN, trail.HomeRegion, trail.account);
  const existing = tx.get<DigestState>(DIGEST_STATE, key);
  tx.put(DIGEST_STATE, key, { ...openState(trail, trail.HomeRegion, trail.account, at), logFiles: existing?.logFiles ?? [] });
}

/** StopLogging and DeleteTrail: every open period of the trail gets its final digest at the next delivery. */
export function finishDigests(tx: Tx, trailArn: string): void {
  for (const { key, value } of tx.scan<DigestState>(DIGEST_STATE, { prefix: `${trailArn}|` })) tx.put(DIGEST_STATE, key, { ...value, final: true });
}

/**
 * Writes the digest of every period that ended (`periodMs` long), or of every open period when
 * `force` (flush, StopLogging, DeleteTrail write a final digest, §5.1).
 */
export async function deliverDigests(store: Store, invoke: Invoke, now: Date, periodMs: number, force: boolean, only?: string): Promise<number> {
  let written = 0;
  for (const { key, value: state } of store.scan<DigestState>(DIGEST_STATE)) {
    if (only && state.trailArn !== only) continue;
    const due = state.final || Date.parse(state.periodStart) + periodMs <= now.getTime();
    if (!force && !due) continue;
    const trail = findTrail(store, state.trailArn);
    if (!trail || (!trail.LogFileValidationEnabled && !state.final)) {
      store.transaction((tx) => tx.delete(DIGEST_STATE, key));
      continue;
    }
    // A digest ends no earlier than it starts, to the second.
    const end = new Date(Math.max(now.getTime(), Date.parse(state.periodStart)));
    const signingKey = store.transaction((tx) => currentSigningKey(tx, trail.HomeRegion, end));
    const digest = buildDigest(trail, state, end, signingKey);
    const encryption = trail.KmsKeyId
      ? {
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: trail.KmsKeyId,
          SSEKMSEncryptionContext: Buffer.from(JSON.stringify({ 'aws:cloudtrail:arn': trail.TrailARN })).toString('base64'),
        }
      : { ServerSideEncryption: 'AES256' };
    try {
      await invoke(
        's3:PutObject',
        {
          Bucket: trail.S3BucketName,
          Key: digest.key,
          Body: digest.body,
          ACL: 'bucket-owner-full-control',
          ContentType: 'application/json',
          ContentEncoding: 'gzip',
          Metadata: { signature: digest.signature, 'signature-algorithm': 'SHA256withRSA' },
          ...encryption,
        },
        {
          identity: serviceIdentity(CLOUDTRAIL_PRINCIPAL, trail.account),
            context: { 'aws:SourceArn': trail.TrailARN, 'aws:SourceAccount': trail.account },
          commit: (tx) => {
            // Log files delivered while the digest was being written stay for the next period.
            const current = tx.get<DigestState>(DIGEST_STATE, key);
            const late = current ? current.logFiles.slice(state.logFiles.length) : [];
            // A final digest ends the chain; a later StartLogging starts a new one.
            if (state.final && late.length === 0) tx.delete(DIGEST_STATE, key);
            else tx.put(DIGEST_STATE, key, { ...digest.next, logFiles: late, final: state.final && late.length > 0 ? true : undefined });
            setStatus(tx, trail.TrailARN, { LatestDigestDeliveryTime: end.toISOString(), LatestDigestDeliveryError: undefined });
          },
        },
      );
      written++;
    } catch (e) {
      if (!isAwsError(e)) throw e;
      store.transaction((tx) => setStatus(tx, trail.TrailARN, { LatestDigestDeliveryError: e.code }));
    }
  }
  return written;
}
