// Per-Region RSA-2048 key pairs that sign digest files, with validity windows, rotated and kept in
// the store (aws-behavior.md §5.1). ListPublicKeys returns the public halves as DER PKCS#1
// RSAPublicKey; the fingerprint is what digests name in digestPublicKeyFingerprint.
import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import type { Call } from '../../core/call.js';
import type { Tx } from '../../store/index.js';
import { authorizeCloudTrail } from './authorize.js';
import { invalidTimeRange } from './errors.js';

export const SIGNING_KEYS = 'cloudtrail.signingKeys';

/** How long one key signs before the next takes over. AWS does not publish its period [INF]. */
export const KEY_VALIDITY_MS = 30 * 24 * 3600 * 1000;

export interface SigningKey {
  Region: string;
  /** PKCS#8 PEM; never leaves the store. */
  PrivateKey: string;
  /** DER PKCS#1 RSAPublicKey, base64. */
  PublicKey: string;
  /**
   * Decision (§0.1 item 7: the algorithm is not public, only self-consistency matters), kept: the
   * MD5 of the DER bytes that ListPublicKeys returns as `Value`, 32 hex characters like AWS's
   * examples, so anyone holding the listed key can recompute it. Validators (the AWS CLI, ours)
   * only look the digest's fingerprint up among the listed ones.
   */
  Fingerprint: string;
  ValidityStartTime: string;
  ValidityEndTime: string;
}

const keyId = (region: string, start: string) => `${region}/${start}`;

/**
 * The key that signs at `now` in `region`: the newest whose window holds `now`, else a new one
 * (rotation), valid from `now` for KEY_VALIDITY_MS. Older keys stay listed by ListPublicKeys for
 * the periods they signed.
 */
export function currentSigningKey(tx: Tx, region: string, now: Date): SigningKey {
  const keys = tx.scan<SigningKey>(SIGNING_KEYS, { prefix: `${region}/` }).map((e) => e.value);
  const iso = now.toISOString();
  const valid = keys.reverse().find((k) => k.ValidityStartTime <= iso && iso < k.ValidityEndTime);
  if (valid) return valid;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'pkcs1', format: 'der' });
  const key: SigningKey = {
    Region: region,
    PrivateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    PublicKey: der.toString('base64'),
    Fingerprint: createHash('md5').update(der).digest('hex'),
    ValidityStartTime: iso,
    ValidityEndTime: new Date(now.getTime() + KEY_VALIDITY_MS).toISOString(),
  };
  tx.put(SIGNING_KEYS, keyId(region, key.ValidityStartTime), key);
  return key;
}

/** SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256), hex, as digest metadata carries it (§5.1). */
export function signDigest(key: SigningKey, stringToSign: string): string {
  return sign('sha256', Buffer.from(stringToSign, 'utf8'), createPrivateKey(key.PrivateKey)).toString('hex');
}

/** Every key of `region` valid at some moment of [start, end] (validity windows may overlap), oldest first. */
export function publicKeysIn(tx: Tx, region: string, start: Date, end: Date): SigningKey[] {
  return tx
    .scan<SigningKey>(SIGNING_KEYS, { prefix: `${region}/` })
    .map((e) => e.value)
    .filter((k) => k.ValidityStartTime <= end.toISOString() && k.ValidityEndTime >= start.toISOString());
}

/**
 * ListPublicKeys: every key of this Region valid at some moment of [StartTime, EndTime]; without
 * times, the current key (CT-MODEL ListPublicKeys doc). A Region always has a current key, as in
 * AWS, so a validator that asks before the first digest still gets one.
 */
export function listPublicKeys(call: Call, input: { StartTime?: Date; EndTime?: Date; NextToken?: string }) {
  authorizeCloudTrail(call, 'ListPublicKeys', '*');
  const start = input.StartTime ?? call.now;
  const end = input.EndTime ?? call.now;
  if (start > end) throw invalidTimeRange('Start time must be before end time.');
  currentSigningKey(call.tx, call.region, call.now);
  const PublicKeyList = publicKeysIn(call.tx, call.region, start, end).map((k) => ({
    // DER PKCS#1 RSAPublicKey; the JSON protocol sends blobs base64-encoded, as AWS does (`MIIBCgKCAQEA…`).
    Value: Buffer.from(k.PublicKey, 'base64'),
    ValidityStartTime: new Date(k.ValidityStartTime),
    ValidityEndTime: new Date(k.ValidityEndTime),
    Fingerprint: k.Fingerprint,
  }));
  return { PublicKeyList };
}
