// Basic and advanced event selectors against event records
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html).
import { describe, expect, it } from 'vitest';
import type { CloudTrailEvent } from './event-record.js';
import { mayLogDataEvents, selectorsSelect } from './selector-match.js';
import type { AdvancedEventSelector, EventSelector, TrailRecord } from './trails.js';

const base = {
  eventVersion: '1.11',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111111111111:user/alice' },
  eventTime: '2026-05-01T10:00:00Z',
  awsRegion: 'us-east-1',
  sourceIPAddress: '127.0.0.1',
  requestParameters: null,
  responseElements: null,
  requestID: 'r',
  eventID: 'e',
  eventType: 'AwsApiCall',
  recipientAccountId: '111111111111',
} as const;

const listKeys: CloudTrailEvent = { ...base, eventSource: 'kms.amazonaws.com', eventName: 'ListKeys', readOnly: true, managementEvent: true, eventCategory: 'Management' };
const createKey: CloudTrailEvent = { ...listKeys, eventName: 'CreateKey', readOnly: false };
const createBucket: CloudTrailEvent = { ...listKeys, eventSource: 's3.amazonaws.com', eventName: 'CreateBucket', readOnly: false };
const bucket = { accountId: '111111111111', type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::data' };
const getObject: CloudTrailEvent = {
  ...base,
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  readOnly: true,
  managementEvent: false,
  eventCategory: 'Data',
  resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::data/logs/a.txt' }, bucket],
};
const putObject: CloudTrailEvent = { ...getObject, eventName: 'PutObject', readOnly: false };
const listObjects: CloudTrailEvent = { ...getObject, eventName: 'ListObjects', resources: [{ type: 'AWS::S3::Object', ARNPrefix: 'arn:aws:s3:::data/' }, bucket] };
const otherBucket: CloudTrailEvent = { ...getObject, resources: [{ type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::other/a.txt' }, { ...bucket, ARN: 'arn:aws:s3:::other' }] };

const withBasic = (EventSelectors: EventSelector[]) => ({ EventSelectors }) as TrailRecord;
const withAdvanced = (AdvancedEventSelectors: AdvancedEventSelector[]) => ({ AdvancedEventSelectors }) as TrailRecord;
const selected = (trail: TrailRecord, events: CloudTrailEvent[]) => events.filter((e) => selectorsSelect(trail, e)).map((e) => `${e.eventName}${e.resources ? ' ' + JSON.stringify(e.resources[0]) : ''}`);

describe('selectorsSelect', () => {
  it('without selectors: every management event, no data event', () => {
    expect(selected({} as TrailRecord, [listKeys, createKey, getObject])).toEqual(['ListKeys', 'CreateKey']);
  });

  it('basic: ReadWriteType, IncludeManagementEvents and ExcludeManagementEventSources', () => {
    expect(selected(withBasic([{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }]), [listKeys, createKey, createBucket])).toEqual(['CreateKey', 'CreateBucket']);
    expect(selected(withBasic([{ ReadWriteType: 'ReadOnly', IncludeManagementEvents: true }]), [listKeys, createKey])).toEqual(['ListKeys']);
    expect(selected(withBasic([{ ReadWriteType: 'All', IncludeManagementEvents: false }]), [listKeys, createKey])).toEqual([]);
    expect(selected(withBasic([{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }]), [listKeys, createBucket])).toEqual(['CreateBucket']);
  });

  it('basic DataResources: ARN prefixes, every bucket, list calls by their prefix', () => {
    const only = (Values: string[], ReadWriteType: EventSelector['ReadWriteType'] = 'All') =>
      withBasic([{ ReadWriteType, IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values }] }]);
    const all = [getObject, putObject, listObjects, otherBucket, listKeys];
    expect(selected(only(['arn:aws:s3:::data/']), all)).toHaveLength(3);
    expect(selected(only(['arn:aws:s3:::data/logs/']), all)).toEqual(['GetObject {"type":"AWS::S3::Object","ARN":"arn:aws:s3:::data/logs/a.txt"}', 'PutObject {"type":"AWS::S3::Object","ARN":"arn:aws:s3:::data/logs/a.txt"}']);
    expect(selected(only(['arn:aws:s3']), all)).toHaveLength(4);
    expect(selected(only(['arn:aws:s3:::']), all)).toHaveLength(4);
    expect(selected(only(['arn:aws:s3:::data/'], 'WriteOnly'), all).map((s) => s.split(' ')[0])).toEqual(['PutObject']);
    // A Lambda data resource does not select S3 objects.
    expect(selected(withBasic([{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::Lambda::Function', Values: ['arn:aws:lambda'] }] }]), [getObject])).toEqual([]);
  });

  it('advanced: every field selector of one selector must match; any selector may', () => {
    const management: AdvancedEventSelector = { Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'eventSource', NotEquals: ['kms.amazonaws.com'] }] };
    const s3Writes: AdvancedEventSelector = {
      Name: 'writes',
      FieldSelectors: [
        { Field: 'eventCategory', Equals: ['Data'] },
        { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        { Field: 'readOnly', Equals: ['false'] },
        { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::data/'] },
      ],
    };
    const all = [listKeys, createBucket, getObject, putObject, otherBucket, listObjects];
    expect(selected(withAdvanced([management]), all)).toEqual(['CreateBucket']);
    expect(selected(withAdvanced([management, s3Writes]), all).map((s) => s.split(' ')[0])).toEqual(['CreateBucket', 'PutObject']);
    const reads: AdvancedEventSelector = { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'eventName', Equals: ['ListObjects'] }, { Field: 'resources.ARN', EndsWith: ['data/'] }] };
    expect(selected(withAdvanced([reads]), all).map((s) => s.split(' ')[0])).toEqual(['ListObjects']);
    const notUser: AdvancedEventSelector = { FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'userIdentity.arn', NotStartsWith: ['arn:aws:iam::111111111111:user/'] }] };
    expect(selected(withAdvanced([notUser]), all)).toEqual([]);
  });

  it('advanced selectors take precedence over basic ones', () => {
    const trail = { EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }], AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }] } as TrailRecord;
    expect(selected(trail, [listKeys, getObject]).map((s) => s.split(' ')[0])).toEqual(['GetObject']);
  });
});

describe('mayLogDataEvents', () => {
  it('is false only when no selector can select a data event', () => {
    expect(mayLogDataEvents({} as TrailRecord)).toBe(false);
    expect(mayLogDataEvents(withBasic([{ ReadWriteType: 'All', IncludeManagementEvents: true }]))).toBe(false);
    expect(mayLogDataEvents(withBasic([{ ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }]))).toBe(true);
    expect(mayLogDataEvents(withAdvanced([{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }]))).toBe(false);
    expect(mayLogDataEvents(withAdvanced([{ FieldSelectors: [{ Field: 'eventCategory', NotEquals: ['Data'] }] }]))).toBe(false);
    expect(mayLogDataEvents(withAdvanced([{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }]))).toBe(true);
    // No eventCategory field: anything may match.
    expect(mayLogDataEvents(withAdvanced([{ FieldSelectors: [{ Field: 'eventName', Equals: ['GetObject'] }] }]))).toBe(true);
  });

  it('agrees with selectorsSelect: a trail that selects a data event may log data events', () => {
    const trails = [
      {} as TrailRecord,
      withBasic([{ ReadWriteType: 'All', IncludeManagementEvents: true }]),
      withBasic([{ ReadWriteType: 'ReadOnly', DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::data/'] }] }]),
      withAdvanced([{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }]),
      withAdvanced([{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'eventName', Equals: ['PutObject'] }] }]),
    ];
    for (const trail of trails) {
      if ([getObject, putObject, listObjects, otherBucket].some((e) => selectorsSelect(trail, e))) expect(mayLogDataEvents(trail)).toBe(true);
    }
  });
});
