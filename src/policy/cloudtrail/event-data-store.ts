// CloudTrail Lake event data stores encrypted with a customer managed key (aws-behavior.md §2.8):
// the key must be in the store's Region and account; the key policy must let cloudtrail.amazonaws.com
// GenerateDataKey and Decrypt WITHOUT aws:SourceArn/aws:SourceAccount, which event data stores do not
// support (policy-semantics.md §4.9); and the calling principal needs GenerateDataKey and Decrypt too.

import type { EvalRequest } from '../types.js';
import { parseEventDataStoreArn, parseKmsArn } from './arn.js';
import { compileFor, evaluateRequest, type PolicyInput, type RequirementResult } from './check.js';
import type { KeyFactResult } from './key-facts.js';
import type { TrailRequest } from './requests.js';
import { CLOUDTRAIL_SERVICE, REQUIREMENTS, type RequirementId } from './requirements.js';

export interface EventDataStoreFacts {
  /** `arn:aws:cloudtrail:<region>:<account>:eventdatastore/<id>`. */
  eventDataStoreArn: string;
  keyArn: string;
  keyRegion?: string;
  /** The principal that creates or queries the store. Not given: the store account's root stands for it. */
  callerArn?: string;
}

export class EventDataStoreFactsError extends Error {
  override name = 'EventDataStoreFactsError';
}

function parse(facts: EventDataStoreFacts) {
  const store = parseEventDataStoreArn(facts.eventDataStoreArn);
  if (!store) throw new EventDataStoreFactsError(`\`${facts.eventDataStoreArn}\` is not an event data store arn`);
  const key = parseKmsArn(facts.keyArn);
  if (key?.type !== 'key') throw new EventDataStoreFactsError(`\`${facts.keyArn}\` is not a kms key arn`);
  return { store, key };
}

/**
 * No encryption context and no aws:Source* keys: the documented event-data-store statements carry no
 * condition, and which context Lake sends is not public [INF], so a policy may rely on neither.
 */
export function eventDataStoreRequests(facts: EventDataStoreFacts): TrailRequest[] {
  const { store, key } = parse(facts);
  const caller = facts.callerArn ?? `arn:${store.partition}:iam::${store.account}:root`;
  const request = (principal: EvalRequest['principal'], action: string): EvalRequest => ({
    principal, action, resource: facts.keyArn, resourceAccount: key.account, resourceKind: 'kms-key', context: {},
  });
  const make = (requirement: RequirementId, r: EvalRequest): TrailRequest => ({
    id: requirement, requirement, stage: 'create', target: 'key', request: r, what: REQUIREMENTS[requirement].what,
  });
  return [
    make('eds.generate-data-key', request({ Service: CLOUDTRAIL_SERVICE }, 'kms:GenerateDataKey')),
    make('eds.decrypt', request({ Service: CLOUDTRAIL_SERVICE }, 'kms:Decrypt')),
    make('eds.caller-generate-data-key', request({ AWS: caller }, 'kms:GenerateDataKey')),
    make('eds.caller-decrypt', request({ AWS: caller }, 'kms:Decrypt')),
  ];
}

/**
 * The caller's results pass only on a key-policy grant that needs nothing more. When the key policy
 * delegates to the caller's account (`decision.missing === 'identity'`) the caller's IAM policy decides,
 * which these checks cannot see.
 */
export function checkKeyPolicyForEventDataStore(facts: EventDataStoreFacts, keyPolicy: PolicyInput): RequirementResult[] {
  const compiled = compileFor('key', keyPolicy);
  return eventDataStoreRequests(facts).map((r) => evaluateRequest(r, compiled));
}

/** Region and account of the key (§2.8): same Region as the store; keys from other accounts are not supported. */
export function checkEventDataStoreKeyFacts(facts: EventDataStoreFacts): KeyFactResult[] {
  const { store, key } = parse(facts);
  const region = facts.keyRegion ?? key.region;
  const sameRegion = region === store.region;
  const sameAccount = key.account === store.account;
  return [
    {
      id: 'key.region', pass: sameRegion, error: 'KmsKeyNotFoundException',
      cause: sameRegion
        ? `the key and the event data store are both in \`${region}\`.`
        : `the key is in \`${region}\` but the event data store is in \`${store.region}\`; Lake needs a key in the store's Region.`,
    },
    {
      id: 'key.reference', pass: sameAccount, error: 'KmsKeyNotFoundException',
      cause: sameAccount
        ? 'the key is in the event data store\'s account.'
        : `the key belongs to account \`${key.account}\` but the event data store to \`${store.account}\`; Lake does not support keys from other accounts.`,
    },
  ];
}
