// The digest file format as validators see it (aws-behavior.md §5.1): where digests live, how their
// keys carry their end time, the fields a digest must have, the string CloudTrail signs, and the
// SHA256withRSA check against a ListPublicKeys key. Mirrors the AWS CLI's validator (CLI-VAL,
// awscli/customizations/cloudtrail/validation.py), message for message.
import { createHash, createPublicKey, verify } from 'node:crypto';
// From the module itself, not policy/cloudtrail/index.js, which would load the whole policy engine at start-up.
import { accountFolder } from '../policy/cloudtrail/paths.js';

/** The members of one `logFiles[]` entry. */
export interface DigestLogFile {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  hashAlgorithm?: string;
  newestEventTime?: string | null;
  oldestEventTime?: string | null;
}

export interface Digest {
  awsAccountId?: string;
  digestStartTime: string;
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  digestPublicKeyFingerprint: string;
  digestSignatureAlgorithm?: string;
  newestEventTime?: string | null;
  oldestEventTime?: string | null;
  previousDigestS3Bucket?: string | null;
  previousDigestS3Object?: string | null;
  previousDigestHashValue?: string | null;
  previousDigestHashAlgorithm?: string | null;
  previousDigestSignature: string | null;
  logFiles?: DigestLogFile[] | null;
}

/** Members the CLI requires before it looks at a digest's contents (DigestTraverser.required_digest_keys). */
export const REQUIRED_DIGEST_KEYS = ['digestPublicKeyFingerprint', 'digestS3Bucket', 'digestS3Object', 'previousDigestSignature', 'digestEndTime', 'digestStartTime'] as const;

/** Where one trail's digests of one Region are, and how to recognise them. */
export interface DigestLocation {
  bucket: string;
  prefix?: string;
  account: string;
  /** The Region whose digests are validated (the CLI's Region). */
  region: string;
  /** The trail's home Region, the last Region in a digest's name. */
  homeRegion: string;
  trailName: string;
  organizationId?: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/** `[<prefix>/]AWSLogs/[<o-id>/]<account>/CloudTrail-Digest/<region>/`: the folder every digest key starts with. */
export function digestFolder(at: DigestLocation): string {
  return `${accountFolder(at.prefix, at.account, at.organizationId)}CloudTrail-Digest/${at.region}/`;
}

/** The CLI's digest key pattern (DigestProvider._create_digest_key_regex): this trail's digests only. */
export function digestKeyPattern(at: DigestLocation): RegExp {
  const name = `${escape(at.account)}_CloudTrail\\-Digest_${escape(at.region)}_${escape(at.trailName)}_${escape(at.homeRegion)}_.+\\.json\\.gz`;
  return new RegExp(`^${escape(digestFolder(at))}\\d+/\\d+/\\d+/${name}$`);
}

/** `YYYYMMDDTHHMMSSZ`, the key's time format. */
export function keyStamp(d: Date): string {
  return d.toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';
}

/** The end time a digest key carries: characters [-24:-8], as the CLI reads it (extract_digest_key_date). */
export function keyStampOf(key: string): string {
  return key.slice(-24, -8);
}

/** A key stamp as a Date, or undefined when the key does not carry one. */
export function stampDate(stamp: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

/**
 * The key a digest ending one minute before `start` would have: the CLI lists from there
 * (DigestProvider._create_digest_key, used as the ListObjects Marker).
 */
export function markerKey(at: DigestLocation, start: Date): string {
  const d = new Date(start.getTime() - 60_000);
  const iso = d.toISOString();
  const day = `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
  return `${digestFolder(at)}${day}/${at.account}_CloudTrail-Digest_${at.region}_${at.trailName}_${at.homeRegion}_${keyStamp(d)}.json.gz`;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, how times are printed (the CLI's DISPLAY_DATE_FORMAT). */
export const displayDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * The string CloudTrail signs (CTUG cloudtrail-log-file-custom-validation; CLI-VAL
 * Sha256RSADigestValidator._create_string_to_sign): end time, bucket/key, the hex SHA-256 of the
 * uncompressed digest, and the previous digest's signature or `null`.
 */
export function stringToSign(digest: Digest, inflated: Buffer): Buffer {
  const hash = createHash('sha256').update(inflated).digest('hex');
  return Buffer.from(`${digest.digestEndTime}\n${digest.digestS3Bucket}/${digest.digestS3Object}\n${hash}\n${digest.previousDigestSignature ?? 'null'}`, 'utf8');
}

export type SignatureOutcome = 'valid' | 'bad-key' | 'bad-signature' | 'malformed-signature';

/**
 * SHA256withRSA (RSASSA-PKCS1-v1_5, SHA-256) over the string to sign, with a ListPublicKeys key
 * (`Value`: DER PKCS#1 RSAPublicKey). The CLI reports a signature that is not hex as "Unable to
 * load PKCS #1 key" (binascii raises ValueError); we tell the two apart.
 */
export function checkSignature(publicKeyDer: Uint8Array, signatureHex: string, toSign: Buffer): SignatureOutcome {
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(publicKeyDer), format: 'der', type: 'pkcs1' });
  } catch {
    return 'bad-key';
  }
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(signatureHex)) return 'malformed-signature';
  return verify('sha256', toSign, key, Buffer.from(signatureHex, 'hex')) ? 'valid' : 'bad-signature';
}

