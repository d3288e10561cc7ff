// What other services may know of a key without asking KMS through its API (ServiceDef.facts,
// Call.fact): CloudTrail resolving `KmsKeyId` to the key ARN it stores and echoes (§0 item 1) and
// reading the key's spec and state for its own checks. No authorization and no event: decisions
// about using the key still go through Call.call('kms:GenerateDataKey', …).
import { isAwsError } from '../../core/aws-error.js';
import type { Call } from '../../core/call.js';
import { resolveKey } from './keys.js';

export interface KeyFact {
  KeyId: string;
  Arn: string;
  AWSAccountId: string;
  Region: string;
  KeyState: string;
  KeySpec: string;
  KeyUsage: string;
  Origin: string;
  MultiRegion: boolean;
  /** The key policy text: CloudTrail's configuration-time test evaluates it (aws-behavior.md §2.5). */
  Policy: string;
}

/** The key a KeyId (id, key ARN, alias name, alias ARN) names in the caller's account and Region, or null. */
export function keyFact(call: Call, input: { KeyId: string }): KeyFact | null {
  try {
    const { key } = resolveKey(call, input.KeyId, { aliases: true });
    const { KeyId, Arn, AWSAccountId, Region, KeyState, KeySpec, KeyUsage, Origin, MultiRegion, Policy } = key;
    return { KeyId, Arn, AWSAccountId, Region, KeyState, KeySpec, KeyUsage, Origin, MultiRegion, Policy };
  } catch (e) {
    if (isAwsError(e)) return null;
    throw e;
  }
}
