// From a TrailSetup (values that may be unknown) to the TrailFacts of src/policy/cloudtrail.

import { parseKmsArn, resolveTrail, TrailFactsError, type TrailFacts } from '../../policy/cloudtrail/index.js';
import type { TrailSetup } from '../model.js';
import { isUnknown, Unknown, type Value } from '../values.js';

export interface TrailFactsResult {
  /** undefined when a value every request needs is unknown. */
  facts?: TrailFacts;
  /** The first unknown value the requests are built from (paths, key ARN, organization). */
  requestsUnknown?: Unknown;
  /** Unknown key facts, by TrailFacts field. */
  unknownFacts: Partial<Record<keyof TrailFacts, Unknown>>;
}

export function trailFactsOf(t: TrailSetup): TrailFactsResult {
  const unknownFacts: TrailFactsResult['unknownFacts'] = {};
  let requestsUnknown: Unknown | undefined;
  const need = <T>(v: Value<T> | undefined): T | undefined => {
    if (isUnknown(v)) {
      requestsUnknown ??= v;
      return undefined;
    }
    return v;
  };
  const fact = <T>(field: keyof TrailFacts, v: Value<T> | undefined): T | undefined => {
    if (isUnknown(v)) {
      unknownFacts[field] = v;
      return undefined;
    }
    return v;
  };
  const arn = need(t.arn);
  const bucket = need(t.bucketName);
  if (arn === undefined || bucket === undefined) return { requestsUnknown, unknownFacts };
  const key = t.key;
  const keyArn = key ? need(key.arn) : t.keyIdAsGiven !== undefined ? need(t.keyIdAsGiven) : undefined;
  const isOrg = need(t.isOrganizationTrail);
  const orgMissing = (): undefined => {
    requestsUnknown ??= new Unknown('the organization id of the organization trail (pass --org-id o-…)');
    return undefined;
  };
  const facts: TrailFacts = {
    trailArn: arn,
    bucket,
    prefix: need(t.prefix) || undefined,
    bucketAccount: fact('bucketAccount', t.bucket?.account),
    bucketRegion: fact('bucketRegion', t.bucket?.region),
    keyArn: keyArn && parseKmsArn(keyArn)?.type === 'key' ? keyArn : undefined,
    keyRegion: key ? fact('keyRegion', key.region) : undefined,
    keySpec: key ? fact('keySpec', key.spec) : undefined,
    keyUsage: key ? fact('keyUsage', key.usage) : undefined,
    keyState: key ? fact('keyState', key.state) : undefined,
    multiRegionKeyType: key?.multiRegionKeyType,
    replicaHasOwnPolicy: key?.multiRegionKeyType === 'REPLICA' && key.policy !== undefined && !isUnknown(key.policy) ? !key.policy.isDefault : undefined,
    keyIdAsGiven: fact('keyIdAsGiven', t.keyIdAsGiven),
    isOrganizationTrail: isOrg,
    organizationId: isOrg ? (need(t.organizationId) ?? orgMissing()) : undefined,
    memberAccounts: t.memberAccounts,
    bucketKeyEnabled: need(t.bucket?.bucketKeyEnabled),
    isMultiRegionTrail: need(t.isMultiRegionTrail),
    logFileValidationEnabled: need(t.logFileValidationEnabled),
  };
  if (!requestsUnknown) {
    try {
      resolveTrail(facts);
    } catch (e) {
      // Facts that cannot make a request (an evaluated name that is no trail ARN): nothing to decide.
      if (!(e instanceof TrailFactsError)) throw e;
      requestsUnknown = new Unknown(`a usable ${e.field} (${e.message})`);
    }
  }
  return { facts, requestsUnknown, unknownFacts };
}
