// LookupEvents over the stored history: pages of the key range past an attribute filter, and
// history entries of both forms (the JSON text, and the objects of trailkey 0.1 data directories).
// The API's behaviour through the SDK is in test/conformance/cloudtrail-api.test.ts.
import { describe, expect, it } from 'vitest';
import { Call } from '../../core/call.js';
import { rootIdentity } from '../../core/identity.js';
import { cryptoIds } from '../../core/ids.js';
import { openStore } from '../../store/index.js';
import type { CloudTrailEvent } from './event-record.js';
import { HISTORY, recordEvent } from './events.js';
import { lookupEvents } from './lookup-events.js';

const A = '111111111111';
const now = new Date('2026-05-01T12:00:00Z');

function event(i: number, eventName: string): CloudTrailEvent {
  const second = String(i % 60).padStart(2, '0');
  const minute = String(Math.floor(i / 60)).padStart(2, '0');
  return {
    eventVersion: '1.11',
    userIdentity: { type: 'Root', principalId: A, arn: `arn:aws:iam::${A}:root`, accountId: A, accessKeyId: A },
    eventTime: `2026-05-01T10:${minute}:${second}Z`,
    eventSource: 'kms.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '127.0.0.1',
    requestParameters: null,
    responseElements: null,
    requestID: `r-${i}`,
    eventID: `e-${String(i).padStart(4, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: A,
    eventCategory: 'Management',
  };
}

function lookup(store: ReturnType<typeof openStore>, input: Parameters<typeof lookupEvents>[1]) {
  return store.transaction((tx) => {
    const call = new Call({
      identity: rootIdentity(A, A),
      region: 'us-east-1',
      requestId: 'r',
      now,
      tx,
      ids: cryptoIds,
      requestContext: {},
      identityPolicies: () => [],
      invoke: () => undefined,
      fact: () => undefined,
    });
    return lookupEvents(call, input);
  });
}

describe('lookupEvents', () => {
  it('finds a matching event below many that the filter skips, and pages on from it', () => {
    const store = openStore({ data: ':memory:' });
    store.transaction((tx) => {
      for (let i = 0; i < 1000; i++) recordEvent(tx, event(i, i === 3 || i === 5 ? 'CreateKey' : 'ListKeys'));
    });
    const first = lookup(store, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateKey' }], MaxResults: 1 });
    expect(first.Events.map((e) => e.EventId)).toEqual(['e-0005']);
    const second = lookup(store, { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateKey' }], MaxResults: 1, NextToken: first.NextToken });
    expect(second.Events.map((e) => e.EventId)).toEqual(['e-0003']);
    expect(second.NextToken).toBeUndefined();
    // A window inside the history: both ends inclusive, to the second.
    const window = lookup(store, { StartTime: new Date('2026-05-01T10:00:03Z'), EndTime: new Date('2026-05-01T10:00:05Z') });
    expect(window.Events.map((e) => e.EventId)).toEqual(['e-0005', 'e-0004', 'e-0003']);
  });

  it('lists the events of one second newest first, in the order they were recorded', () => {
    const store = openStore({ data: ':memory:' });
    store.transaction((tx) => {
      for (const id of ['e-c', 'e-a', 'e-b']) recordEvent(tx, { ...event(0, 'ListKeys'), eventID: id });
    });
    expect(lookup(store, {}).Events.map((e) => e.EventId)).toEqual(['e-b', 'e-a', 'e-c']);
  });

  it('answers with the stored text, and reads entries stored as objects', () => {
    const store = openStore({ data: ':memory:' });
    const text = event(1, 'ListKeys');
    const object = event(2, 'CreateKey');
    store.transaction((tx) => {
      recordEvent(tx, text);
      tx.put(HISTORY, `${A}/us-east-1/${object.eventTime}/${object.eventID}`, object);
    });
    const { Events } = lookup(store, {});
    expect(Events.map((e) => [e.EventName, JSON.parse(e.CloudTrailEvent)])).toEqual([
      ['CreateKey', object],
      ['ListKeys', text],
    ]);
    expect(Events[1].CloudTrailEvent).toBe(JSON.stringify(text));
  });
});
