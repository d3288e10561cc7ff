// Members the KMS API has gained since the botocore model that model.json is extracted from (the
// AWS CLI 2.9.19 that Debian ships), which today's SDKs send. Dropping them as unknown members would
// change what the request means, so they are added to the served model here, on top of the
// generated file (a new extraction keeps them):
//   - DryRun on Encrypt, Decrypt, ReEncrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext,
//     CreateGrant, RetireGrant and RevokeGrant (KMS API reference, "DryRun"; KMSDG
//     `testing-permissions.md`): `DryRun: true` from @aws-sdk/client-kms must answer
//     DryRunOperationException, not do the work — without this a dry-run CreateGrant made a grant.
//   - PolicyName is optional in GetKeyPolicy and PutKeyPolicy ("If no policy name is specified, the
//     default value is default", API reference); @aws-sdk/client-kms v3 lets callers omit it, and
//     the operations already default it.
import type { Model, Shape } from '../../core/model.js';

export const DRY_RUN_REQUESTS = [
  'EncryptRequest', 'DecryptRequest', 'ReEncryptRequest', 'GenerateDataKeyRequest', 'GenerateDataKeyWithoutPlaintextRequest',
  'CreateGrantRequest', 'RetireGrantRequest', 'RevokeGrantRequest',
] as const;

const OPTIONAL_POLICY_NAME = ['GetKeyPolicyRequest', 'PutKeyPolicyRequest'] as const;

/** The model with the current API's members; `model` itself is left as it is. */
export function withCurrentApi(model: Model): Model {
  const shapes: Record<string, Shape> = { ...model.shapes, NullableBooleanType: { type: 'boolean' } };
  for (const name of DRY_RUN_REQUESTS) {
    const shape = shapes[name];
    shapes[name] = { ...shape, members: { ...shape.members, DryRun: shape.members?.DryRun ?? { shape: 'NullableBooleanType' } } };
  }
  for (const name of OPTIONAL_POLICY_NAME) {
    const shape = shapes[name];
    shapes[name] = { ...shape, required: (shape.required ?? []).filter((m) => m !== 'PolicyName') };
  }
  return { ...model, shapes };
}
