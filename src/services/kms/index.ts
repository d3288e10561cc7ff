// AWS KMS (awsJson1_1, `TrentService.<Operation>`, aws-behavior.md §1, §6): keys, key policies,
// aliases, grants, tags and symmetric cryptography, authorized by the policy engine.
import type { Model } from '../../core/model.js';
import type { ServiceDef } from '../../core/service.js';
import { createAlias, deleteAlias, listAliases, updateAlias } from './aliases.js';
import { withCurrentApi } from './api-updates.js';
import { decrypt, encrypt, generateDataKey, generateDataKeyWithoutPlaintext, generateRandom, reEncrypt } from './crypto-operations.js';
import { keyFact } from './facts.js';
import { createGrant, listGrants, retireGrant, revokeGrant } from './grant-operations.js';
import {
  cancelKeyDeletion,
  createKey,
  describeKey,
  disableKey,
  enableKey,
  listKeys,
  scheduleKeyDeletion,
  updateKeyDescription,
} from './key-operations.js';
import { getKeyPolicy, listKeyPolicies, putKeyPolicy } from './key-policy-operations.js';
import modelJson from './model.json' with { type: 'json' };
import { listResourceTags, tagResource, untagResource } from './tags.js';

// CloudTrail records KMS's cryptographic operations as read-only events, like Describe/Get/List
// (KMSDG `ct-*.md` event examples: Encrypt, Decrypt and GenerateDataKey show `"readOnly": true`;
// ReEncrypt, GenerateDataKeyWithoutPlaintext and GenerateRandom likewise [INF]).
const READ_ONLY = new Set(['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'GenerateRandom']);

export const kms: ServiceDef = {
  name: 'kms',
  protocol: 'json',
  model: withCurrentApi(modelJson as unknown as Model),
  operations: {
    CreateKey: createKey,
    DescribeKey: describeKey,
    GetKeyPolicy: getKeyPolicy,
    PutKeyPolicy: putKeyPolicy,
    ListKeyPolicies: listKeyPolicies,
    ListKeys: listKeys,
    CreateAlias: createAlias,
    UpdateAlias: updateAlias,
    DeleteAlias: deleteAlias,
    ListAliases: listAliases,
    EnableKey: enableKey,
    DisableKey: disableKey,
    ScheduleKeyDeletion: scheduleKeyDeletion,
    CancelKeyDeletion: cancelKeyDeletion,
    GenerateDataKey: generateDataKey,
    GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
    Encrypt: encrypt,
    Decrypt: decrypt,
    ReEncrypt: reEncrypt,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListResourceTags: listResourceTags,
    CreateGrant: createGrant,
    ListGrants: listGrants,
    RetireGrant: retireGrant,
    RevokeGrant: revokeGrant,
    GenerateRandom: generateRandom,
    UpdateKeyDescription: updateKeyDescription,
  },
  readOnly: (op) => /^(Describe|Get|List)/.test(op) || READ_ONLY.has(op),
  facts: { key: keyFact },
};
