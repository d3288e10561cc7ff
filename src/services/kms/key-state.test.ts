// The §6.4 table, row by row: every operation against a key that is Enabled, Disabled or
// PendingDeletion, through the real operations.
import { describe, expect, it } from 'vitest';
import type { OperationFn } from '../../core/service.js';
import { createAlias, deleteAlias, listAliases, updateAlias } from './aliases.js';
import { decrypt, encrypt, generateDataKey, generateDataKeyWithoutPlaintext, reEncrypt } from './crypto-operations.js';
import { createGrant, listGrants, retireGrant, revokeGrant } from './grant-operations.js';
import {
  cancelKeyDeletion,
  createKey,
  describeKey,
  disableKey,
  enableKey,
  scheduleKeyDeletion,
  updateKeyDescription,
} from './key-operations.js';
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from './key-policy-operations.js';
import { KEY_STATES, type KeyState, type StateOperation } from './key-state.js';
import { listResourceTags, tagResource, untagResource } from './tags.js';
import { keyPolicy, rootStatement, TestWorld } from './test-call.js';

interface Fixture {
  KeyId: string;
  blob: Buffer;
  grantId: string;
  grantToken: string;
}

const INPUTS: Record<StateOperation, (f: Fixture) => [OperationFn, object]> = {
  Encrypt: (f) => [encrypt, { KeyId: f.KeyId, Plaintext: Buffer.from('x') }],
  Decrypt: (f) => [decrypt, { CiphertextBlob: f.blob }],
  ReEncrypt: (f) => [reEncrypt, { CiphertextBlob: f.blob, DestinationKeyId: f.KeyId }],
  GenerateDataKey: (f) => [generateDataKey, { KeyId: f.KeyId, KeySpec: 'AES_256' }],
  GenerateDataKeyWithoutPlaintext: (f) => [generateDataKeyWithoutPlaintext, { KeyId: f.KeyId, KeySpec: 'AES_256' }],
  CreateGrant: (f) => [createGrant, { KeyId: f.KeyId, GranteePrincipal: 'arn:aws:iam::111122223333:root', Operations: ['Encrypt'] }],
  DescribeKey: (f) => [describeKey, { KeyId: f.KeyId }],
  GetKeyPolicy: (f) => [getKeyPolicy, { KeyId: f.KeyId, PolicyName: 'default' }],
  PutKeyPolicy: (f) => [putKeyPolicy, { KeyId: f.KeyId, PolicyName: 'default', Policy: keyPolicy(rootStatement()) }],
  ListKeyPolicies: (f) => [listKeyPolicies, { KeyId: f.KeyId }],
  ListResourceTags: (f) => [listResourceTags, { KeyId: f.KeyId }],
  DeleteAlias: () => [deleteAlias, { AliasName: 'alias/pre' }],
  ListAliases: (f) => [listAliases, { KeyId: f.KeyId }],
  ListGrants: (f) => [listGrants, { KeyId: f.KeyId }],
  RevokeGrant: (f) => [revokeGrant, { KeyId: f.KeyId, GrantId: f.grantId }],
  RetireGrant: (f) => [retireGrant, { GrantToken: f.grantToken }],
  CreateAlias: (f) => [createAlias, { AliasName: 'alias/new', TargetKeyId: f.KeyId }],
  TagResource: (f) => [tagResource, { KeyId: f.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }],
  UntagResource: (f) => [untagResource, { KeyId: f.KeyId, TagKeys: ['a'] }],
  UpdateKeyDescription: (f) => [updateKeyDescription, { KeyId: f.KeyId, Description: 'd' }],
  ScheduleKeyDeletion: (f) => [scheduleKeyDeletion, { KeyId: f.KeyId }],
  EnableKey: (f) => [enableKey, { KeyId: f.KeyId }],
  DisableKey: (f) => [disableKey, { KeyId: f.KeyId }],
  UpdateAlias: (f) => [updateAlias, { AliasName: 'alias/spare', TargetKeyId: f.KeyId }],
  CancelKeyDeletion: (f) => [cancelKeyDeletion, { KeyId: f.KeyId }],
};

const STATE_TEXT: Partial<Record<KeyState, string>> = { PendingDeletion: 'pending deletion', Disabled: 'disabled' };

function setUp(state: KeyState): { w: TestWorld; f: Fixture; arn: string } {
  const w = new TestWorld();
  const root = w.root();
  const { KeyId, Arn } = w.run<{ KeyMetadata: { KeyId: string; Arn: string } }>(root, createKey, {}).KeyMetadata;
  const spare = w.run<{ KeyMetadata: { KeyId: string } }>(root, createKey, {}).KeyMetadata.KeyId;
  w.run(root, createAlias, { AliasName: 'alias/pre', TargetKeyId: KeyId });
  w.run(root, createAlias, { AliasName: 'alias/spare', TargetKeyId: spare });
  const blob = w.run<{ CiphertextBlob: Buffer }>(root, encrypt, { KeyId, Plaintext: Buffer.from('x') }).CiphertextBlob;
  const g = w.run<{ GrantId: string; GrantToken: string }>(root, createGrant, { KeyId, GranteePrincipal: 'arn:aws:iam::111122223333:root', RetiringPrincipal: 'arn:aws:iam::111122223333:root', Operations: ['Decrypt'] });
  if (state === 'Disabled') w.run(root, disableKey, { KeyId });
  if (state === 'PendingDeletion') w.run(root, scheduleKeyDeletion, { KeyId });
  return { w, f: { KeyId, blob, grantId: g.GrantId, grantToken: g.GrantToken }, arn: Arn };
}

describe('key states (§6.4)', () => {
  const cases = (Object.keys(KEY_STATES) as StateOperation[]).flatMap((op) =>
    (['Enabled', 'Disabled', 'PendingDeletion'] as const).map((state) => [op, state, KEY_STATES[op][state]] as const),
  );

  it.each(cases)('%s on a %s key: %s', (op, state, outcome) => {
    const { w, f, arn } = setUp(state);
    const [fn, input] = INPUTS[op](f);
    if (outcome === 'ok') {
      expect(() => w.run(w.root(), fn, input)).not.toThrow();
      return;
    }
    const e = w.fail(w.root(), fn, input);
    if (outcome === 'disabled') expect([e.code, e.message]).toEqual(['DisabledException', `${arn} is disabled.`]);
    else if (outcome === 'not-pending') expect([e.code, e.message]).toEqual(['KMSInvalidStateException', `${arn} is not pending deletion.`]);
    else expect([e.code, e.message]).toEqual(['KMSInvalidStateException', `${arn} is ${STATE_TEXT[state]}.`]);
  });

  it('the rows say what §6.4 says', () => {
    const crypto = ['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'CreateGrant'] as const;
    for (const op of crypto) expect([KEY_STATES[op].Disabled, KEY_STATES[op].PendingDeletion]).toEqual(['disabled', 'invalid']);
    for (const op of ['DescribeKey', 'GetKeyPolicy', 'PutKeyPolicy', 'ListKeyPolicies', 'ListResourceTags', 'DeleteAlias', 'ListAliases', 'ListGrants', 'RevokeGrant', 'RetireGrant'] as const) {
      expect(Object.values(KEY_STATES[op]).every((o) => o === 'ok')).toBe(true);
    }
    for (const op of ['CreateAlias', 'TagResource', 'UntagResource', 'UpdateKeyDescription', 'DisableKey', 'EnableKey', 'ScheduleKeyDeletion', 'UpdateAlias'] as const) {
      expect([KEY_STATES[op].Enabled, KEY_STATES[op].Disabled, KEY_STATES[op].PendingDeletion]).toEqual(['ok', 'ok', 'invalid']);
    }
  });
});
