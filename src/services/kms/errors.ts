// KMS's error codes and texts (awsJson1_1, HTTP 400 unless noted). One factory per AWS error code;
// where a code has several texts, the factory is an object with one function per text, so that
// every client-visible text lives here and nowhere else (DESIGN.md principle 2). Texts are verbatim
// from aws-behavior.md §6.3–§6.6 unless a comment marks them [EMU] (copied from an emulator that
// records AWS) or [INF] (not public; our decision).
import { AwsError } from '../../core/aws-error.js';

const err = (code: string, message: string, status = 400) => new AwsError(code, message, status);

/** NotFoundException (§6.5). */
export const notFound = {
  /** A key id that is neither a UUID nor `mrk-` + 32 hex digits. */
  invalidKeyId: (value: string) => err('NotFoundException', `Invalid keyId '${value}'`),
  /** A well-formed key id or key ARN that names no key. No trailing period. */
  key: (keyArn: string) => err('NotFoundException', `Key '${keyArn}' does not exist`),
  /** A key or alias ARN that names another Region. */
  invalidArn: (region: string) => err('NotFoundException', `Invalid arn ${region}`),
  /** An alias name or alias ARN that names no alias: AWS shows the alias ARN. */
  alias: (aliasArn: string) => err('NotFoundException', `Alias ${aliasArn} is not found.`),
  /** GetKeyPolicy/PutKeyPolicy with a PolicyName other than `default` [EMU moto `_assert_default_policy`]. */
  policy: () => err('NotFoundException', 'No such policy exists'),
};

/** DisabledException (§6.4). */
export const disabled = (keyArn: string) => err('DisabledException', `${keyArn} is disabled.`);

/** KMSInvalidStateException (§6.4): `<key ARN> is pending deletion.`, `… is pending import.`, `… is not pending deletion.` */
export const kmsInvalidState = (keyArn: string, state: string) => err('KMSInvalidStateException', `${keyArn} is ${state}.`);

/** A wrong encryption context, a tampered or foreign blob: always an empty message (§6.5, §6.7). */
export const invalidCiphertext = () => err('InvalidCiphertextException', '');

/** AccessDeniedException is HTTP 400 in KMS (§6.6); the text comes from core/access-denied.ts or authorize.ts. */
export const accessDenied = (message: string) => err('AccessDeniedException', message);

export const malformedPolicyDocument = (message: string) => err('MalformedPolicyDocumentException', message);

/** CreateAlias on an existing alias; AWS shows the alias ARN [EMU LocalStack, whose comment says AWS does]. */
export const alreadyExists = (aliasArn: string) => err('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`);

/** `alias/` with nothing after it [INF: text not public]. */
export const invalidAliasName = (aliasName: string) => err('InvalidAliasNameException', `Alias name ${aliasName} is not valid.`);

/**
 * `alias/aws/…` is reserved for AWS managed keys (KMS API reference, CreateAlias). AWS's answer is
 * not in the public record; moto answers NotAuthorizedException with no message [EMU], which we copy.
 */
export const notAuthorized = () => err('NotAuthorizedException', '');

/** Decrypt/ReEncrypt whose KeyId is not the key that encrypted the blob (§6.5). */
export const incorrectKey = () =>
  err('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');

/** InvalidKeyUsageException. */
export const invalidKeyUsage = {
  /** §6.5: `<key ARN> key usage is SIGN_VERIFY which is not valid for Encrypt.` */
  usage: (keyArn: string, usage: string, operation: string) =>
    err('InvalidKeyUsageException', `${keyArn} key usage is ${usage} which is not valid for ${operation}.`),
  /**
   * An ENCRYPT_DECRYPT key that is not symmetric, for the operations that need a symmetric key
   * (GenerateDataKey*) [INF: the text follows the key-usage sentence].
   */
  spec: (keyArn: string, spec: string, operation: string) =>
    err('InvalidKeyUsageException', `${keyArn} key spec is ${spec} which is not valid for ${operation}.`),
  /**
   * An EncryptionAlgorithm the key does not support [INF: the text of the observed MAC-algorithm
   * answer, `Algorithm HMAC_SHA_256 is incompatible with key spec HMAC_224.` (LS-KMS-SNAP)].
   */
  algorithm: (algorithm: string, spec: string) => err('InvalidKeyUsageException', `Algorithm ${algorithm} is incompatible with key spec ${spec}.`),
};

/** TagException texts (§6.5, OBS LS-KMS-SNAP). */
export const tag = {
  reserved: () => err('TagException', 'Tags beginning with aws: are reserved'),
  duplicate: () => err('TagException', 'Duplicate tag keys'),
  tooMany: () => err('TagException', 'Too many tags'),
};

/** LimitExceededException: the key policy over 32 KB (its text comes from the policy validator). */
export const limitExceeded = (message: string) => err('LimitExceededException', message);

/** ValidationException texts that the model's constraints do not produce. */
export const validation = {
  /** Any text the policy validator produced with code ValidationException. */
  text: (message: string) => err('ValidationException', message),
  /** §6.5, OBS LS-KMS-SNAP `test_create_alias`. */
  aliasPrefix: () =>
    err('ValidationException', 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html'),
  /** OBS hashicorp/terraform-provider-aws#12891: `alias/Service:Test contains invalid characters for an alias`. */
  aliasCharacters: (aliasName: string) => err('ValidationException', `${aliasName} contains invalid characters for an alias`),
  /** CreateAlias/UpdateAlias with an alias as TargetKeyId [EMU moto]. */
  aliasTarget: () => err('ValidationException', 'Aliases must refer to keys. Not aliases'),
  /** [EMU LocalStack, moto]; window 7–30 days per the API reference (the model type allows 1–365). */
  pendingWindow: (days: number) => err('ValidationException', `PendingWindowInDays should be between 7 and 30, but it is ${days}`),
  /** GenerateDataKey with neither or both of KeySpec and NumberOfBytes [EMU moto]. */
  dataKeySize: () => err('ValidationException', 'Please specify either number of bytes or key spec.'),
  /** GenerateRandom without NumberOfBytes (OBS LS-KMS-SNAP `test_generate_random_invalid_number_of_bytes[None]`). */
  numberOfBytesRequired: () => err('ValidationException', 'NumberOfBytes is required.'),
  /** Non-symmetric key spec without KeyUsage (OBS LS-KMS-SNAP `test_hmac_create_key_invalid_operations`). */
  keyUsageRequired: () => err('ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.'),
  /** KeyUsage that the key spec does not support [EMU LocalStack's KEY_AGREEMENT text, applied to every pair]. */
  keyUsageSpec: (usage: string, spec: string) => err('ValidationException', `KeyUsage ${usage} is not compatible with KeySpec ${spec}`),
  /** Both KeySpec and the deprecated CustomerMasterKeySpec, with different values [INF]. */
  specConflict: () => err('ValidationException', 'KeySpec and CustomerMasterKeySpec must not both be specified with different values.'),
  /** UpdateAlias to a key of another type or key usage (API reference, UpdateAlias) [INF: text]. */
  aliasKeyType: () => err('ValidationException', 'The current and new KMS key must be the same type and have the same key usage.'),
  /** RetireGrant with neither a GrantToken nor KeyId and GrantId [EMU LocalStack]. */
  retireGrantIdentifiers: () => err('ValidationException', 'Grant token OR (grant ID, key ID) must be specified'),
};

/**
 * InvalidGrantTokenException, InvalidGrantIdException and InvalidMarkerException: AWS's texts are
 * not public. As for the other unknown KMS texts (policy/validate/checks.ts) the message is empty
 * [INF]; LocalStack raises InvalidGrantIdException without a message too [EMU].
 */
export const invalidGrantToken = () => err('InvalidGrantTokenException', '');
export const invalidGrantId = () => err('InvalidGrantIdException', '');
export const invalidMarker = () => err('InvalidMarkerException', '');

/** §6.5; the served model carries DryRun through api-updates.ts. */
export const dryRunOperation = () => err('DryRunOperationException', 'The request would have succeeded, but the DryRun option is set.');

/** What trailkey does not emulate (custom key stores, asymmetric cryptography): refused loudly (principle 4). */
export const notImplemented = (what: string) => err('NotImplemented', `trailkey does not implement ${what}`, 501);
