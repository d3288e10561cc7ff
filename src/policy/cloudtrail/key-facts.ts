// Facts about the key itself that fail a trail whatever its policy says (aws-behavior.md §0 item 6,
// §2.4 steps 10-11, §6.4). Facts that are not given are not checked.

import { parseKmsArn } from './arn.js';
import { resolveTrail, type TrailFacts } from './facts.js';

export type KeyFactId = 'key.region' | 'key.reference' | 'key.spec' | 'key.state' | 'key.replica-policy';

/** The CloudTrail error each failure gives at CreateTrail/UpdateTrail. */
export type KeyFactError = 'KmsKeyNotFoundException' | 'KmsException' | 'InsufficientEncryptionPolicyException';

export interface KeyFactResult {
  id: KeyFactId;
  pass: boolean;
  /** The error CreateTrail/UpdateTrail answers when this fails. */
  error: KeyFactError;
  cause: string;
}

/** States in which KMS refuses cryptographic operations (https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html). */
const UNUSABLE_STATES: Readonly<Record<string, string>> = {
  Disabled: 'is disabled',
  PendingDeletion: 'is pending deletion',
  PendingReplicaDeletion: 'is pending deletion of its replica',
  PendingImport: 'has no key material imported yet',
  Unavailable: 'is unavailable (its custom key store is disconnected)',
  Creating: 'is still being created',
};

/**
 * In the order CreateTrail meets them (§2.4): resolution (Region, how the key is named), then
 * usability (key spec and usage, state, replica policy).
 */
export function checkKeyFacts(facts: TrailFacts): KeyFactResult[] {
  const t = resolveTrail(facts);
  const out: KeyFactResult[] = [];
  if (!facts.keyArn) return out;
  const key = facts.keyArn;
  // §0 item 6 [DOC KMSDG services-cloudtrail]: the key must be in the bucket's Region, not
  // necessarily the trail's; a mismatch is KmsKeyNotFoundException [MODEL].
  if (t.keyRegion && facts.bucketRegion) {
    const pass = t.keyRegion === facts.bucketRegion;
    out.push({
      id: 'key.region', pass, error: 'KmsKeyNotFoundException',
      cause: pass
        ? `the key and the bucket are both in \`${facts.bucketRegion}\`.`
        : `the key is in \`${t.keyRegion}\` but the bucket \`${facts.bucket}\` is in \`${facts.bucketRegion}\`; CloudTrail needs a key in the bucket's Region.`,
    });
  }
  // §0 item 6: keys in other accounts work only when given by ARN; an alias or key id is looked up in
  // the trail's own account [INF: so it is not found]. Aliases and key ids are Regional too: they are
  // looked up in the trail's Region, so a key of another Region (allowed when it is in the bucket's
  // Region) must also be given by its ARN [INF].
  if (facts.keyIdAsGiven !== undefined && !parseKmsArn(facts.keyIdAsGiven)) {
    const otherAccount = t.keyAccount !== undefined && t.keyAccount !== t.trail.account;
    const otherRegion = t.keyRegion !== undefined && t.keyRegion !== t.trail.region;
    if (otherAccount || otherRegion) {
      out.push({
        id: 'key.reference', pass: false, error: 'KmsKeyNotFoundException',
        cause: otherAccount
          ? `the key belongs to account \`${t.keyAccount}\` but the trail names it \`${facts.keyIdAsGiven}\`; a key in another account must be given by its full arn.`
          : `the key is in \`${t.keyRegion}\` but the trail names it \`${facts.keyIdAsGiven}\`, which is looked up in the trail's Region \`${t.trail.region}\`; a key in another Region must be given by its full arn.`,
      });
    }
  } else if (facts.keyIdAsGiven !== undefined && (t.keyAccount !== t.trail.account || t.keyRegion !== t.trail.region)) {
    out.push({ id: 'key.reference', pass: true, error: 'KmsKeyNotFoundException', cause: 'the key of another account or Region is given by its arn.' });
  }
  // §0 item 6: only symmetric encryption keys. Error code not public (§0.1 item 4): KmsException [INF, §2.4 step 11].
  if (facts.keySpec !== undefined || facts.keyUsage !== undefined) {
    const spec = facts.keySpec ?? 'SYMMETRIC_DEFAULT';
    const usage = facts.keyUsage ?? 'ENCRYPT_DECRYPT';
    const pass = spec === 'SYMMETRIC_DEFAULT' && usage === 'ENCRYPT_DECRYPT';
    out.push({
      id: 'key.spec', pass, error: 'KmsException',
      cause: pass
        ? 'the key is a symmetric encryption key.'
        : `the key is \`${spec}\` for \`${usage}\`; CloudTrail needs a symmetric encryption key (\`SYMMETRIC_DEFAULT\`, \`ENCRYPT_DECRYPT\`).`,
    });
  }
  if (facts.keyState !== undefined) {
    const why = UNUSABLE_STATES[facts.keyState];
    out.push({
      id: 'key.state', pass: why === undefined, error: 'KmsException',
      cause: why === undefined ? `the key is \`${facts.keyState}\`.` : `the key \`${key}\` ${why}, and a trail cannot use it (§6.4).`,
    });
  }
  // Multi-Region replicas share key material, not key policies
  // (https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html): a replica
  // created without a policy has the default one, which grants CloudTrail nothing (§6.2).
  if (facts.multiRegionKeyType === 'REPLICA' && facts.replicaHasOwnPolicy !== undefined) {
    const pass = facts.replicaHasOwnPolicy;
    out.push({
      id: 'key.replica-policy', pass, error: 'InsufficientEncryptionPolicyException',
      cause: pass
        ? 'the replica key has its own key policy.'
        : "the key is a multi-Region replica without its own key policy: replicas do not inherit the primary key's policy, so it has the default policy, which grants CloudTrail nothing.",
    });
  }
  return out;
}
