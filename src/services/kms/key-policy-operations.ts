// GetKeyPolicy, PutKeyPolicy, ListKeyPolicies (KMS API reference; aws-behavior.md §6.2, §6.3).
// Every key has exactly one policy, named `default`. None of these works across accounts: the
// engine refuses them for another account's key (§6.6).
import type { Call } from '../../core/call.js';
import { authorizeKey, keyContext } from './authorize.js';
import { notFound } from './errors.js';
import { checkKeyState } from './key-state.js';
import { resolveKey, saveKey } from './keys.js';
import { checkNewKeyPolicy } from './policy.js';

const POLICY_NAME = 'default';

export function getKeyPolicy(call: Call, input: { KeyId: string; PolicyName?: string }) {
  const { key } = resolveKey(call, input.KeyId, { aliases: false });
  authorizeKey(call, key, 'kms:GetKeyPolicy');
  checkKeyState(key, 'GetKeyPolicy');
  // PolicyName is optional (default `default`) in the current API (api-updates.ts).
  if ((input.PolicyName ?? POLICY_NAME) !== POLICY_NAME) throw notFound.policy();
  // The text as submitted, byte for byte (§0.1 item 12 [INF: yes]).
  return { Policy: key.Policy };
}

export function putKeyPolicy(call: Call, input: { KeyId: string; PolicyName?: string; Policy: string; BypassPolicyLockoutSafetyCheck?: boolean }) {
  const { key } = resolveKey(call, input.KeyId, { aliases: false });
  const bypass = input.BypassPolicyLockoutSafetyCheck;
  authorizeKey(call, key, 'kms:PutKeyPolicy', {
    context: bypass === undefined ? {} : { 'kms:BypassPolicyLockoutSafetyCheck': String(bypass) },
  });
  checkKeyState(key, 'PutKeyPolicy');
  if ((input.PolicyName ?? POLICY_NAME) !== POLICY_NAME) throw notFound.policy();
  checkNewKeyPolicy(call, {
    text: input.Policy,
    keyArn: key.Arn,
    account: key.AWSAccountId,
    keyContext: keyContext(call, key),
    bypassLockoutCheck: bypass === true,
  });
  saveKey(call, { ...key, Policy: input.Policy });
  return {};
}

export function listKeyPolicies(call: Call, input: { KeyId: string; Limit?: number; Marker?: string }) {
  const { key } = resolveKey(call, input.KeyId, { aliases: false });
  authorizeKey(call, key, 'kms:ListKeyPolicies');
  checkKeyState(key, 'ListKeyPolicies');
  return { PolicyNames: [POLICY_NAME], Truncated: false };
}
