// Encrypt, Decrypt, ReEncrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext, GenerateRandom
// (KMS API reference; aws-behavior.md §6.5–§6.7). Symmetric keys only: asymmetric encryption is not
// implemented — a SIGN_VERIFY or GENERATE_VERIFY_MAC key is refused with AWS's
// InvalidKeyUsageException, an RSA/SM2 ENCRYPT_DECRYPT key with NotImplemented for Encrypt/Decrypt
// (AWS would do RSA-OAEP) and with InvalidKeyUsageException for the data-key operations (AWS refuses
// those for every asymmetric key).
import type { Call } from '../../core/call.js';
import type { ContextValue } from '../../policy/index.js';
import { authorizeIdentity, authorizeKey, ciphertextDenial, encryptionContextKeys } from './authorize.js';
import { parseBlob, seal, unseal, type EncryptionContext, type Envelope, type KeyMaterial } from './crypto.js';
import { accessDenied, dryRunOperation, incorrectKey, invalidCiphertext, invalidKeyUsage, notImplemented, validation } from './errors.js';
import { checkKeyState } from './key-state.js';
import { isKeyIdShape, loadKey, resolveKey, type KeyRecord, type Resolved } from './keys.js';

const SYMMETRIC = 'SYMMETRIC_DEFAULT';

/** The key can do symmetric encryption, or the error AWS (or trailkey, for RSA) gives for `operation`. */
function requireSymmetric(key: KeyRecord, operation: string): void {
  if (key.KeyUsage !== 'ENCRYPT_DECRYPT') throw invalidKeyUsage.usage(key.Arn, key.KeyUsage, operation);
  if (key.KeySpec === SYMMETRIC) return;
  if (operation === 'Encrypt' || operation === 'Decrypt' || operation === 'ReEncrypt') throw notImplemented('asymmetric encryption');
  throw invalidKeyUsage.spec(key.Arn, key.KeySpec, operation);
}

/** EncryptionAlgorithm must be SYMMETRIC_DEFAULT (or absent) for a symmetric key. */
function checkAlgorithm(key: KeyRecord, algorithm: string | undefined): void {
  if (algorithm !== undefined && algorithm !== SYMMETRIC) throw invalidKeyUsage.algorithm(algorithm, key.KeySpec);
}

function currentMaterial(key: KeyRecord): KeyMaterial {
  const id = key.CurrentKeyMaterialId!;
  return { id, bytes: key.KeyMaterial[id] };
}

type Ctx = Record<string, ContextValue>;

function cryptoContext(ec: EncryptionContext | undefined, extra: Ctx = {}): Ctx {
  return { ...encryptionContextKeys(ec), 'kms:EncryptionAlgorithm': SYMMETRIC, ...extra };
}

interface EncryptInput {
  KeyId: string;
  Plaintext: Buffer;
  EncryptionContext?: Record<string, string>;
  GrantTokens?: string[];
  EncryptionAlgorithm?: string;
  DryRun?: boolean;
}

export function encrypt(call: Call, input: EncryptInput) {
  const { key, alias } = resolveKey(call, input.KeyId, { aliases: true });
  const ec = input.EncryptionContext;
  authorizeKey(call, key, 'kms:Encrypt', { alias, context: cryptoContext(ec), encryptionContext: ec, grantTokens: input.GrantTokens });
  checkKeyState(key, 'Encrypt');
  requireSymmetric(key, 'Encrypt');
  checkAlgorithm(key, input.EncryptionAlgorithm);
  if (input.DryRun === true) throw dryRunOperation();
  const CiphertextBlob = seal(key.Arn, currentMaterial(key), input.Plaintext, ec, call.ids);
  return { CiphertextBlob, KeyId: key.Arn, EncryptionAlgorithm: SYMMETRIC };
}

interface DataKeyInput {
  KeyId: string;
  EncryptionContext?: Record<string, string>;
  NumberOfBytes?: number;
  KeySpec?: string;
  GrantTokens?: string[];
  DryRun?: boolean;
}

function dataKey(call: Call, input: DataKeyInput, operation: 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext') {
  const { key, alias } = resolveKey(call, input.KeyId, { aliases: true });
  // Exactly one of KeySpec and NumberOfBytes [EMU moto: after the key is found].
  if ((input.KeySpec === undefined) === (input.NumberOfBytes === undefined)) throw validation.dataKeySize();
  const size = input.NumberOfBytes ?? (input.KeySpec === 'AES_128' ? 16 : 32);
  const ec = input.EncryptionContext;
  authorizeKey(call, key, `kms:${operation}`, { alias, context: cryptoContext(ec), encryptionContext: ec, grantTokens: input.GrantTokens });
  checkKeyState(key, operation);
  requireSymmetric(key, operation);
  if (input.DryRun === true) throw dryRunOperation();
  const Plaintext = call.ids.bytes(size);
  const CiphertextBlob = seal(key.Arn, currentMaterial(key), Plaintext, ec, call.ids);
  return { CiphertextBlob, Plaintext, KeyId: key.Arn };
}

export function generateDataKey(call: Call, input: DataKeyInput) {
  return dataKey(call, input, 'GenerateDataKey');
}

export function generateDataKeyWithoutPlaintext(call: Call, input: DataKeyInput) {
  const { CiphertextBlob, KeyId } = dataKey(call, input, 'GenerateDataKeyWithoutPlaintext');
  return { CiphertextBlob, KeyId };
}

interface Source {
  envelope: Envelope;
  key: KeyRecord;
  /** The KeyId the request gave (the key the blob names, or IncorrectKeyException). */
  requested?: Resolved;
}

const BLOB_KEY_ARN = /^arn:aws[a-z-]*:kms:([^:]*):(\d{12}):key\/(.+)$/;

/**
 * The key a blob was made under. Decrypt finds it from the blob (§6.7: the header names it); a
 * request KeyId must name the same key (IncorrectKeyException). A blob naming a key that is not in
 * this Region (or does not exist) is the "resource associated with this ciphertext" of §6.6, which
 * AWS answers with AccessDenied — or IncorrectKey when the request named a key that does exist.
 */
function ciphertextKey(call: Call, blob: Buffer, keyId: string | undefined, action: string): Source {
  const envelope = parseBlob(blob);
  const m = envelope && BLOB_KEY_ARN.exec(envelope.keyArn);
  // A header that does not name a well-formed key is a corrupt blob, not a missing key.
  if (!envelope || !m || !isKeyIdShape(m[3])) throw invalidCiphertext();
  const requested = keyId === undefined ? undefined : resolveKey(call, keyId, { aliases: true });
  const [, region, account, id] = m;
  const key = region === call.region ? loadKey(call, account, region, id) : undefined;
  if (!key) {
    if (requested) throw incorrectKey();
    throw accessDenied(ciphertextDenial(call.identity.arn, action)(null));
  }
  if (requested && requested.key.Arn !== key.Arn) throw incorrectKey();
  return { envelope, key, requested };
}

/** Decrypts after the checks; a wrong context, key material or byte is InvalidCiphertextException. */
function openBlob(source: Source, context: EncryptionContext | undefined): Buffer {
  const bytes = source.key.KeyMaterial[source.envelope.materialId];
  const plaintext = bytes ? unseal(source.envelope, bytes, context) : null;
  if (!plaintext) throw invalidCiphertext();
  return plaintext;
}

interface DecryptInput {
  CiphertextBlob: Buffer;
  EncryptionContext?: Record<string, string>;
  GrantTokens?: string[];
  KeyId?: string;
  EncryptionAlgorithm?: string;
  DryRun?: boolean;
}

export function decrypt(call: Call, input: DecryptInput) {
  const source = ciphertextKey(call, input.CiphertextBlob, input.KeyId, 'kms:Decrypt');
  const { key } = source;
  const ec = input.EncryptionContext;
  authorizeKey(call, key, 'kms:Decrypt', {
    alias: source.requested?.alias,
    context: cryptoContext(ec),
    encryptionContext: ec,
    grantTokens: input.GrantTokens,
    // Without KeyId the caller knows the key only through the ciphertext (§6.6).
    denial: input.KeyId === undefined ? ciphertextDenial(call.identity.arn, 'kms:Decrypt') : undefined,
  });
  checkKeyState(key, 'Decrypt');
  requireSymmetric(key, 'Decrypt');
  checkAlgorithm(key, input.EncryptionAlgorithm);
  if (input.DryRun === true) throw dryRunOperation();
  const Plaintext = openBlob(source, ec);
  return { KeyId: key.Arn, Plaintext, EncryptionAlgorithm: SYMMETRIC };
}

interface ReEncryptInput {
  CiphertextBlob: Buffer;
  SourceEncryptionContext?: Record<string, string>;
  SourceKeyId?: string;
  DestinationKeyId: string;
  DestinationEncryptionContext?: Record<string, string>;
  SourceEncryptionAlgorithm?: string;
  DestinationEncryptionAlgorithm?: string;
  GrantTokens?: string[];
  DryRun?: boolean;
}

/**
 * kms:ReEncryptFrom on the source key (with the source context) and kms:ReEncryptTo on the
 * destination key (with the destination context), both with kms:ReEncryptOnSameKey (§6.1,
 * KMSDG `conditions-kms.md`). Order [INF]: destination found, source found, both authorized,
 * both states, then the cryptography.
 */
export function reEncrypt(call: Call, input: ReEncryptInput) {
  const destination = resolveKey(call, input.DestinationKeyId, { aliases: true });
  const source = ciphertextKey(call, input.CiphertextBlob, input.SourceKeyId, 'kms:ReEncryptFrom');
  const same = { 'kms:ReEncryptOnSameKey': String(source.key.Arn === destination.key.Arn) };
  const sourceEc = input.SourceEncryptionContext;
  const destinationEc = input.DestinationEncryptionContext;
  authorizeKey(call, source.key, 'kms:ReEncryptFrom', {
    alias: source.requested?.alias,
    context: cryptoContext(sourceEc, same),
    encryptionContext: sourceEc,
    grantTokens: input.GrantTokens,
    denial: input.SourceKeyId === undefined ? ciphertextDenial(call.identity.arn, 'kms:ReEncryptFrom') : undefined,
  });
  authorizeKey(call, destination.key, 'kms:ReEncryptTo', {
    alias: destination.alias,
    context: cryptoContext(destinationEc, same),
    encryptionContext: destinationEc,
    grantTokens: input.GrantTokens,
  });
  checkKeyState(source.key, 'ReEncrypt');
  checkKeyState(destination.key, 'ReEncrypt');
  requireSymmetric(source.key, 'ReEncrypt');
  requireSymmetric(destination.key, 'ReEncrypt');
  checkAlgorithm(source.key, input.SourceEncryptionAlgorithm);
  checkAlgorithm(destination.key, input.DestinationEncryptionAlgorithm);
  if (input.DryRun === true) throw dryRunOperation();
  const plaintext = openBlob(source, sourceEc);
  const CiphertextBlob = seal(destination.key.Arn, currentMaterial(destination.key), plaintext, destinationEc, call.ids);
  return {
    CiphertextBlob,
    SourceKeyId: source.key.Arn,
    KeyId: destination.key.Arn,
    SourceEncryptionAlgorithm: SYMMETRIC,
    DestinationEncryptionAlgorithm: SYMMETRIC,
  };
}

export function generateRandom(call: Call, input: { NumberOfBytes?: number; CustomKeyStoreId?: string }) {
  if (input.CustomKeyStoreId !== undefined) throw notImplemented('custom key stores');
  // The range 1–1024 is the model's; absence is KMS's own check (OBS LS-KMS-SNAP).
  if (input.NumberOfBytes === undefined) throw validation.numberOfBytesRequired();
  authorizeIdentity(call, 'kms:GenerateRandom');
  return { Plaintext: call.ids.bytes(input.NumberOfBytes) };
}
