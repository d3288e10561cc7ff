// Real cryptography for symmetric KMS keys (aws-behavior.md §6.7; AWS KMS cryptographic details,
// "Customer data operations": AES-256-GCM under the key's 256-bit key material, with a cleartext
// header that names the key, protected as additional authenticated data).
//
// Blob format (trailkey's own; §6.7 says the format is free [INF]):
//
//   0x01 (version) | u16 length | key ARN (UTF-8) | u8 length | key-material id (ASCII)
//   | 12-byte IV | ciphertext | 16-byte GCM tag
//
// The AAD is the header (everything before the IV) followed by the canonical serialisation of the
// encryption context, so a different context, a different key, or any changed byte fails the tag
// check, which Decrypt reports as InvalidCiphertextException with an empty message. The header
// carries the full key ARN because Decrypt without KeyId must find keys of other accounts too.
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import type { Ids } from '../../core/call.js';

const VERSION = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Symmetric key material: 256 bits (KMSDG `concepts.md`, SYMMETRIC_DEFAULT). */
export const MATERIAL_BYTES = 32;

export type EncryptionContext = Readonly<Record<string, string>>;

export interface KeyMaterial {
  id: string;
  bytes: Buffer;
}

/** Fresh key material; its id is a SHA-256 over the key id and the bytes (64 hex, as AWS's KeyMaterialId looks). */
export function newKeyMaterial(ids: Ids, keyId: string): KeyMaterial {
  const bytes = ids.bytes(MATERIAL_BYTES);
  const id = createHash('sha256').update('trailkey key material\0').update(keyId).update('\0').update(bytes).digest('hex');
  return { id, bytes };
}

/**
 * The encryption context as bytes: pairs sorted by the UTF-8 bytes of the key, each key and value
 * length-prefixed. Order-independent, exact and case-sensitive (§6.7); no context ≡ empty context.
 */
export function canonicalContext(context: EncryptionContext | undefined): Buffer {
  const pairs: [Buffer, Buffer][] = [];
  let size = 4;
  for (const [k, v] of Object.entries(context ?? {})) {
    const pair: [Buffer, Buffer] = [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')];
    pairs.push(pair);
    size += 8 + pair[0].length + pair[1].length;
  }
  if (pairs.length > 1) pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  // One buffer, written in place: this runs for every KMS call that seals or opens a key (each
  // SSE-KMS object read, bench/validate).
  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt32BE(pairs.length, 0);
  for (const [k, v] of pairs) {
    at = out.writeUInt32BE(k.length, at);
    at += k.copy(out, at);
    at = out.writeUInt32BE(v.length, at);
    at += v.copy(out, at);
  }
  return out;
}

function header(keyArn: string, materialId: string): Buffer {
  const arn = Buffer.from(keyArn, 'utf8');
  const mid = Buffer.from(materialId, 'ascii');
  const h = Buffer.alloc(1 + 2 + arn.length + 1 + mid.length);
  h.writeUInt8(VERSION, 0);
  h.writeUInt16BE(arn.length, 1);
  arn.copy(h, 3);
  h.writeUInt8(mid.length, 3 + arn.length);
  mid.copy(h, 4 + arn.length);
  return h;
}

/** Encrypts `plaintext` under the key material; the blob names `keyArn`. */
export function seal(keyArn: string, material: KeyMaterial, plaintext: Buffer, context: EncryptionContext | undefined, ids: Ids): Buffer {
  const head = header(keyArn, material.id);
  const iv = ids.bytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', material.bytes, iv);
  cipher.setAAD(Buffer.concat([head, canonicalContext(context)]));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([head, iv, body, cipher.getAuthTag()]);
}

/** A parsed blob. Nothing in it is trusted until `unseal` has checked the tag. */
export interface Envelope {
  keyArn: string;
  materialId: string;
  header: Buffer;
  iv: Buffer;
  body: Buffer;
  tag: Buffer;
}

/** The blob's parts, or null when it is not a blob of this format (InvalidCiphertextException). */
export function parseBlob(blob: Buffer): Envelope | null {
  if (blob.length < 3 || blob[0] !== VERSION) return null;
  const arnLength = blob.readUInt16BE(1);
  let at = 3 + arnLength;
  if (blob.length < at + 1) return null;
  const keyArn = blob.subarray(3, at).toString('utf8');
  const midLength = blob.readUInt8(at);
  at += 1;
  if (blob.length < at + midLength + IV_BYTES + TAG_BYTES) return null;
  const materialId = blob.subarray(at, at + midLength).toString('ascii');
  at += midLength;
  return {
    keyArn,
    materialId,
    header: blob.subarray(0, at),
    iv: blob.subarray(at, at + IV_BYTES),
    body: blob.subarray(at + IV_BYTES, blob.length - TAG_BYTES),
    tag: blob.subarray(blob.length - TAG_BYTES),
  };
}

/** The plaintext, or null when the tag does not verify (wrong key, wrong context, tampered bytes). */
export function unseal(envelope: Envelope, materialBytes: Buffer, context: EncryptionContext | undefined): Buffer | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', materialBytes, envelope.iv);
    decipher.setAAD(Buffer.concat([envelope.header, canonicalContext(context)]));
    decipher.setAuthTag(envelope.tag);
    return Buffer.concat([decipher.update(envelope.body), decipher.final()]);
  } catch {
    return null;
  }
}
