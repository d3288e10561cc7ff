// How a key's state decides each operation: aws-behavior.md §6.4 (KMSDG `key-state.md`), as data.
// States the emulator can produce: Enabled, Disabled, PendingDeletion, and PendingImport (keys with
// Origin EXTERNAL, which stay there: trailkey serves no ImportKeyMaterial). Creating, Updating,
// Unavailable and PendingReplicaDeletion belong to replicas and custom key stores, which it does not have.
import { disabled, kmsInvalidState } from './errors.js';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';

/** ok; DisabledException; KMSInvalidStateException `<arn> is <state>.`; `<arn> is not pending deletion.` */
type Outcome = 'ok' | 'disabled' | 'invalid' | 'not-pending';
type Row = Readonly<Record<KeyState, Outcome>>;

const ANY: Row = { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' };
// Cryptographic operations. PendingDeletion: the table also allows DisabledException; observed AWS
// answers KMSInvalidStateException (§6.4). PendingImport: `… is pending import.` (OBS LS-KMS-SNAP
// `test_import_key_symmetric`).
const CRYPTO: Row = { Enabled: 'ok', Disabled: 'disabled', PendingDeletion: 'invalid', PendingImport: 'invalid' };
// Management operations that refuse only keys pending deletion.
const MANAGE: Row = { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'invalid', PendingImport: 'ok' };

export const KEY_STATES = {
  Encrypt: CRYPTO,
  Decrypt: CRYPTO,
  ReEncrypt: CRYPTO,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  // §6.4 puts CreateGrant with the cryptographic operations. PendingImport [INF]: allowed, so that
  // grants can be prepared before the key material arrives.
  CreateGrant: { ...CRYPTO, PendingImport: 'ok' },
  DescribeKey: ANY,
  GetKeyPolicy: ANY,
  PutKeyPolicy: ANY,
  ListKeyPolicies: ANY,
  ListResourceTags: ANY,
  DeleteAlias: ANY,
  ListAliases: ANY,
  ListGrants: ANY,
  RevokeGrant: ANY,
  RetireGrant: ANY,
  CreateAlias: MANAGE,
  TagResource: MANAGE,
  UntagResource: MANAGE,
  UpdateKeyDescription: MANAGE,
  ScheduleKeyDeletion: MANAGE,
  // A key without key material cannot be enabled, nor disabled and then enabled [INF: keeps a key
  // that has no material from ever becoming Enabled].
  EnableKey: { ...MANAGE, PendingImport: 'invalid' },
  DisableKey: { ...MANAGE, PendingImport: 'invalid' },
  // UpdateAlias: the key the alias moves to; the key it leaves may be in any state (§6.4).
  UpdateAlias: MANAGE,
  CancelKeyDeletion: { Enabled: 'not-pending', Disabled: 'not-pending', PendingDeletion: 'ok', PendingImport: 'not-pending' },
} as const satisfies Record<string, Row>;

export type StateOperation = keyof typeof KEY_STATES;

const STATE_TEXT: Readonly<Record<KeyState, string>> = {
  Enabled: 'enabled',
  Disabled: 'disabled',
  PendingDeletion: 'pending deletion',
  PendingImport: 'pending import',
};

/** Throws the error §6.4 gives when `operation` meets a key in this state. */
export function checkKeyState(key: { Arn: string; KeyState: KeyState }, operation: StateOperation): void {
  const outcome: Outcome = KEY_STATES[operation][key.KeyState];
  switch (outcome) {
    case 'ok':
      return;
    case 'disabled':
      throw disabled(key.Arn);
    case 'invalid':
      throw kmsInvalidState(key.Arn, STATE_TEXT[key.KeyState]);
    case 'not-pending':
      throw kmsInvalidState(key.Arn, 'not pending deletion');
  }
}
