// Key specs, the key usages each allows, and the algorithms DescribeKey lists for them
// (KMSDG `symm-asymm-choose-key-spec.md`, `asymmetric-key-specs.md`, `hmac.md`; shapes from KMS-MODEL).
// Only SYMMETRIC_DEFAULT keys do cryptography here; the others are created and described faithfully
// and refused by the cryptographic operations (see crypto-operations.ts).
import { validation } from './errors.js';

export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC';

const RSA: readonly KeyUsage[] = ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'];
const ECC: readonly KeyUsage[] = ['SIGN_VERIFY'];
const HMAC: readonly KeyUsage[] = ['GENERATE_VERIFY_MAC'];

/** Usages per spec. ECC keys for KEY_AGREEMENT came after the model trailkey serves, whose enum lacks it. */
export const SPEC_USAGES: Readonly<Record<string, readonly KeyUsage[]>> = {
  SYMMETRIC_DEFAULT: ['ENCRYPT_DECRYPT'],
  RSA_2048: RSA,
  RSA_3072: RSA,
  RSA_4096: RSA,
  ECC_NIST_P256: ECC,
  ECC_NIST_P384: ECC,
  ECC_NIST_P521: ECC,
  ECC_SECG_P256K1: ECC,
  HMAC_224: HMAC,
  HMAC_256: HMAC,
  HMAC_384: HMAC,
  HMAC_512: HMAC,
  SM2: RSA,
};

/**
 * The key usage a CreateKey request yields. Symmetric keys default to ENCRYPT_DECRYPT; every other
 * spec needs KeyUsage (OBS LS-KMS-SNAP for HMAC; the text says "all KMS keys except symmetric").
 */
export function keyUsageFor(spec: string, requested: string | undefined): KeyUsage {
  const allowed = SPEC_USAGES[spec] ?? [];
  if (requested === undefined) {
    if (spec !== 'SYMMETRIC_DEFAULT') throw validation.keyUsageRequired();
    return 'ENCRYPT_DECRYPT';
  }
  if (!allowed.includes(requested as KeyUsage)) throw validation.keyUsageSpec(requested, spec);
  return requested as KeyUsage;
}

const RSA_SIGNING = [
  'RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512',
  'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512',
];
const ECDSA: Readonly<Record<string, string>> = {
  ECC_NIST_P256: 'ECDSA_SHA_256',
  ECC_SECG_P256K1: 'ECDSA_SHA_256',
  ECC_NIST_P384: 'ECDSA_SHA_384',
  ECC_NIST_P521: 'ECDSA_SHA_512',
};

/** EncryptionAlgorithms / SigningAlgorithms / MacAlgorithms as DescribeKey shows them for this spec and usage. */
export function algorithmsOf(spec: string, usage: KeyUsage): Record<string, string[]> {
  if (usage === 'GENERATE_VERIFY_MAC') return { MacAlgorithms: [`HMAC_SHA_${spec.slice('HMAC_'.length)}`] };
  if (usage === 'ENCRYPT_DECRYPT') {
    if (spec === 'SYMMETRIC_DEFAULT') return { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] };
    if (spec === 'SM2') return { EncryptionAlgorithms: ['SM2PKE'] };
    return { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] };
  }
  if (spec === 'SM2') return { SigningAlgorithms: ['SM2DSA'] };
  if (spec.startsWith('RSA_')) return { SigningAlgorithms: [...RSA_SIGNING] };
  return { SigningAlgorithms: [ECDSA[spec]] };
}
