// Closing digest periods: every (trail, Region, account) with validation enabled gets a digest per
// period — also an empty one when no log file was delivered — written AS CloudTrail through
// s3:PutObject with the signature in user metadata, and the next period opened in the same
// transaction that commits the object.
import { isAwsError } from '../../core/aws-error.js';
import { serviceIdentity } from '../../core/identity.js';
import type { Store, Tx } from '../../store/index.js';
import { CLOUDTRAIL_PRINCIPAL, findTrail, setStatus, trailEncryption, type Invoke } from './delivery.js';
import { buildDigest, DIGEST_LAST_END, DIGEST_STATE, digestEnd, digestStateKey, seconds, type DigestLogFile, type DigestState } from './digest.js';
import { currentSigningKey } from './signing-keys.js';
import { queueTopic, type Queue } from './events.js';
import type { TrailRecord } from './trails.js';

function openState(trail: TrailRecord, region: string, account: string, at: Date): DigestState {
  return { trailArn: trail.TrailARN, region, account, periodStart: seconds(at), logFiles: [] };
}

/**
 * Adds a delivered log file to its open period (in the delivery's own transaction). A file of a
 * Region or account that has no open period yet (another Region of a multi-Region trail, a member
 * account of an organization trail) starts a chain there. A file delivered after the trail stopped
 * (events queued before StopLogging) still gets digested, in a period that closes at once.
 */
export function addToDigest(tx: Tx, trail: TrailRecord, q: Queue, entry: DigestLogFile, at: Date): void {
  const key = digestStateKey(trail.TrailARN, q.region, q.account);
  const stopped = !trail.status.IsLogging || trail.deleted === true;
  const state = tx.get<DigestState>(DIGEST_STATE, key) ?? { ...openState(trail, q.region, q.account, at), final: stopped ? true : undefined };
  state.logFiles.push(entry);
  tx.put(DIGEST_STATE, key, state);
}

/**
 * Starts digests for a trail's home Region and owner when logging starts or validation is turned
 * on. A restart of logging begins a new chain: the starting digest has no previous (§5.1). A chain
 * whose final digest is still unwritten (StopLogging, then StartLogging before the next delivery
 * round) simply goes on: nothing ended it.
 */
export function startDigests(tx: Tx, trail: TrailRecord, at: Date): void {
  const key = digestStateKey(trail.TrailARN, trail.HomeRegion, trail.account);
  const existing = tx.get<DigestState>(DIGEST_STATE, key);
  if (existing) tx.put(DIGEST_STATE, key, { ...existing, final: undefined });
  else tx.put(DIGEST_STATE, key, openState(trail, trail.HomeRegion, trail.account, at));
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
    // A final digest waits until the events queued before StopLogging/DeleteTrail are delivered
    // (a round delivers the backlog it found when it began), so that it lists their log files
    // rather than leaving them to a chain of their own.
    if (state.final && store.readBatch(queueTopic(state), 0, 1).length > 0) continue;
    const trail = findTrail(store, state.trailArn);
    if (!trail || (!trail.LogFileValidationEnabled && !state.final)) {
      store.transaction((tx) => tx.delete(DIGEST_STATE, key));
      continue;
    }
    const end = digestEnd(state, store.get<string>(DIGEST_LAST_END, key), now);
    // Each Region's CloudTrail signs the digests of that Region: validators ask ListPublicKeys in
    // the Region they validate (CLI-VAL PublicKeyProvider uses the CLI's Region).
    const signingKey = store.transaction((tx) => currentSigningKey(tx, state.region, end));
    const digest = buildDigest(trail, state, end, signingKey);
    // Decision (§0.1 item 6), kept: a trail with a KMS key encrypts its digest files with it, as
    // its log files — SSE-KMS, CloudTrail's context `aws:cloudtrail:arn` plus S3's `aws:s3:arn` —
    // because the current CloudTrail guide says the key encrypts "log files, digest files" and that
    // readers need kms:Decrypt for both (the 2023 guide said SSE-S3 always). A reader who may
    // decrypt the logs may therefore decrypt the digests, and `validate-logs` needs it for both.
    // Without a key, SSE-S3.
    const encryption = trailEncryption(trail);
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
            // StopLogging or DeleteTrail while this digest was being written: the next one is final.
            const stopping = current?.final === true && !state.final;
            // A final digest ends the chain; a later StartLogging starts a new one.
            if (state.final && late.length === 0) tx.delete(DIGEST_STATE, key);
            else tx.put(DIGEST_STATE, key, { ...digest.next, logFiles: late, final: (state.final && late.length > 0) || stopping ? true : undefined });
            // Outlives the chain, so that no later digest of this trail and Region reuses its key.
            tx.put(DIGEST_LAST_END, key, digest.end);
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
