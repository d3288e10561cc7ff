import { describe, expect, it } from 'vitest';
import { checkEventDataStoreKeyFacts, checkKeyPolicyForEventDataStore, type EventDataStoreFacts } from './index.js';

const STORE = 'arn:aws:cloudtrail:us-east-1:111111111111:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE';
const KEY = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const facts: EventDataStoreFacts = { eventDataStoreArn: STORE, keyArn: KEY };

const lake = (condition?: object) => ({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
    {
      Sid: 'Allow CloudTrail to encrypt event data store', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*', ...(condition ? { Condition: condition } : {}),
    },
  ],
});
const passed = (policy: object, f = facts) =>
  Object.fromEntries(checkKeyPolicyForEventDataStore(f, policy).map((r) => [r.id, r.pass]));

describe('event data stores', () => {
  it('passes the documented statement, with the account root standing for the caller', () => {
    expect(passed(lake())).toEqual({
      'eds.generate-data-key': true, 'eds.decrypt': true, 'eds.caller-generate-data-key': true, 'eds.caller-decrypt': true,
    });
  });

  it('fails a statement conditioned on aws:SourceArn, which Lake does not send', () => {
    const r = passed(lake({ StringEquals: { 'aws:SourceArn': STORE } }));
    expect(r['eds.generate-data-key']).toBe(false);
    expect(r['eds.decrypt']).toBe(false);
  });

  it('leaves a named caller to its IAM policy when the key only delegates to the account', () => {
    const r = checkKeyPolicyForEventDataStore({ ...facts, callerArn: 'arn:aws:iam::111111111111:user/alice' }, lake());
    const caller = r.find((x) => x.id === 'eds.caller-decrypt')!;
    expect(caller.pass).toBe(false);
    expect(caller.decision.missing).toBe('identity');
  });

  it('wants the key in the store Region and account', () => {
    expect(checkEventDataStoreKeyFacts(facts).every((r) => r.pass)).toBe(true);
    const other = checkEventDataStoreKeyFacts({ ...facts, keyArn: KEY.replace('us-east-1:111111111111', 'eu-west-1:222222222222') });
    expect(other.filter((r) => !r.pass).map((r) => r.id)).toEqual(['key.region', 'key.reference']);
  });
});
