// Which trails queue an event, under which Region folder and account: logging state, accounts and
// organization trails, Regions and multi-Region trails, global service events, selectors.
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import type { CloudTrailEvent } from './event-record.js';
import { expireHistory, HISTORY, QUEUES, queuedEvent, queueTopic, recordEvent, type Queue, type QueuedEvent } from './events.js';
import { TRAILS, trailKey, type TrailRecord } from './trails.js';

const MGMT = '111111111111';
const MEMBER = '222222222222';
const OTHER = '333333333333';

function trail(name: string, change: Partial<TrailRecord> = {}): TrailRecord {
  const home = change.HomeRegion ?? 'us-east-1';
  const account = change.account ?? MGMT;
  return {
    Name: name,
    TrailARN: `arn:aws:cloudtrail:${home}:${account}:trail/${name}`,
    HomeRegion: home,
    account,
    S3BucketName: 'logs',
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: false,
    LogFileValidationEnabled: false,
    IsOrganizationTrail: false,
    Tags: [],
    status: { IsLogging: true },
    CreatedTime: '2026-01-01T00:00:00.000Z',
    ...change,
  };
}

function event(change: Partial<CloudTrailEvent> = {}): CloudTrailEvent {
  return {
    eventVersion: '1.11',
    userIdentity: { type: 'Root', principalId: MGMT, arn: `arn:aws:iam::${MGMT}:root`, accountId: MGMT },
    eventTime: '2026-05-01T10:00:00Z',
    eventSource: 'kms.amazonaws.com',
    eventName: 'ListKeys',
    awsRegion: 'us-east-1',
    sourceIPAddress: '127.0.0.1',
    requestParameters: null,
    responseElements: null,
    requestID: 'r-1',
    eventID: `e-${Math.random()}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: MGMT,
    eventCategory: 'Management',
    ...change,
  };
}

function world(trails: TrailRecord[], org?: { Id: string; MasterAccountId: string; Members: string[] }): Store {
  const store = openStore({ data: ':memory:' });
  store.transaction((tx) => {
    for (const t of trails) tx.put(TRAILS, trailKey(t.account, t.HomeRegion, t.Name), t);
    if (org) tx.put('org.organization', 'organization', org);
  });
  return store;
}

/** `<trail name> <region> <account>` for every queued copy of each event. */
function queued(store: Store): string[] {
  const out: string[] = [];
  for (const { value: q } of store.scan<Queue>(QUEUES)) {
    const n = store.queueLength(queueTopic(q));
    for (let i = 0; i < n; i++) out.push(`${q.trailArn.split('/')[1]} ${q.region} ${q.account}`);
  }
  return out.sort();
}

const record = (store: Store, e: CloudTrailEvent) => store.transaction((tx) => recordEvent(tx, e));

describe('recordEvent', () => {
  it('queues the record as its JSON text, once, and keeps management events for LookupEvents', () => {
    const store = world([trail('main')]);
    const e = event();
    record(store, e);
    const [item] = store.readBatch<QueuedEvent>(queueTopic({ trailArn: trail('main').TrailARN, region: 'us-east-1', account: MGMT }), 0, 10);
    expect(item.value).toEqual({ eventTime: e.eventTime, json: JSON.stringify(e) });
    expect(JSON.parse(item.value.json)).toEqual(e);
    expect(store.count(HISTORY)).toBe(1);
    // Data events are not in the event history (S3 UG: "Event history doesn't record data events").
    record(store, event({ eventCategory: 'Data', managementEvent: false }));
    expect(store.count(HISTORY)).toBe(1);
  });

  it('reads queued events of the older object form', () => {
    const e = event();
    expect(queuedEvent({ record: e })).toEqual({ eventTime: e.eventTime, json: JSON.stringify(e) });
  });

  it('queues only for logging trails of the recipient account that cover the Region', () => {
    const store = world([
      trail('main'),
      trail('stopped', { status: { IsLogging: false } }),
      trail('deleted', { deleted: true }),
      trail('west', { HomeRegion: 'us-west-2' }),
      trail('everywhere', { HomeRegion: 'eu-west-1', IsMultiRegionTrail: true }),
      trail('theirs', { account: OTHER }),
    ]);
    record(store, event());
    record(store, event({ awsRegion: 'us-west-2' }));
    expect(queued(store)).toEqual(['everywhere us-east-1 111111111111', 'everywhere us-west-2 111111111111', 'main us-east-1 111111111111', 'west us-west-2 111111111111']);
  });

  it('files global service events under us-east-1, or a single-Region trail’s own Region, only when included', () => {
    const store = world([
      trail('main'),
      trail('west', { HomeRegion: 'us-west-2' }),
      trail('west-no-global', { HomeRegion: 'us-west-2', IncludeGlobalServiceEvents: false }),
      trail('everywhere', { HomeRegion: 'eu-west-1', IsMultiRegionTrail: true }),
    ]);
    record(store, event({ eventSource: 'iam.amazonaws.com', eventName: 'ListUsers' }));
    expect(queued(store)).toEqual(['everywhere us-east-1 111111111111', 'main us-east-1 111111111111', 'west us-west-2 111111111111']);
  });

  it('gives an organization trail its member accounts’ events, each in its account’s queue', () => {
    const org = { Id: 'o-a1b2c3d4e5', MasterAccountId: MGMT, Members: [MGMT, MEMBER] };
    const store = world([trail('org', { IsOrganizationTrail: true, OrganizationId: org.Id }), trail('plain')], org);
    record(store, event());
    record(store, event({ recipientAccountId: MEMBER }));
    record(store, event({ recipientAccountId: OTHER }));
    expect(queued(store)).toEqual(['org us-east-1 111111111111', 'org us-east-1 222222222222', 'plain us-east-1 111111111111']);
  });

  it('applies the event selectors: no data events by default, data events when a selector names them', () => {
    const getObject = event({
      eventSource: 's3.amazonaws.com',
      eventName: 'GetObject',
      eventCategory: 'Data',
      managementEvent: false,
      resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::data/a.txt' }, { accountId: MGMT, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::data' }],
    });
    const store = world([
      trail('management'),
      trail('data', { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::data/'] }] }] }),
    ]);
    record(store, getObject);
    record(store, event());
    expect(queued(store)).toEqual(['data us-east-1 111111111111', 'management us-east-1 111111111111']);
  });
});

describe('expireHistory', () => {
  it('deletes the events older than 90 days, in every account and Region, and keeps the rest', () => {
    const store = world([]);
    const now = new Date('2026-05-01T10:00:00Z');
    const day = 24 * 3600 * 1000;
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const events = [
      event({ eventTime: at(91), eventID: 'old-1' }),
      event({ eventTime: at(89), eventID: 'new-1' }),
      event({ eventTime: at(200), eventID: 'old-2', awsRegion: 'us-west-2' }),
      event({ eventTime: at(1), eventID: 'new-2', awsRegion: 'us-west-2' }),
      event({ eventTime: at(95), eventID: 'old-3', recipientAccountId: OTHER }),
      event({ eventTime: at(90), eventID: 'edge', recipientAccountId: OTHER }),
    ];
    for (const e of events) record(store, e);
    // A key of trailkey 0.1 (no recording time) expires the same way.
    store.transaction((tx) => tx.put(HISTORY, `${MGMT}/eu-west-1/${at(100)}/old-4`, JSON.stringify(event({ eventID: 'old-4' }))));
    expect(store.transaction((tx) => expireHistory(tx, now))).toBe(4);
    const left = store.scan<string>(HISTORY).map((e) => JSON.parse(e.value).eventID).sort();
    expect(left).toEqual(['edge', 'new-1', 'new-2']);
    expect(store.transaction((tx) => expireHistory(tx, now))).toBe(0);
  });
});
