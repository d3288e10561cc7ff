// recordCall: what a served call becomes — data or management event, S3's wire-named parameters,
// resources, and one copy per account involved (caller and resource owner, with a sharedEventID).
import { describe, expect, it } from 'vitest';
import type { Identity } from '../core/identity.js';
import { HISTORY, historyRecord, type HistoryEntry } from '../services/cloudtrail/events.js';
import type { EventRecord } from '../services/cloudtrail/event-record.js';
import { SERVICES } from '../services/index.js';
import { openStore } from '../store/index.js';
import { recordCall, S3_DATA_EVENTS, type CallFacts } from './record.js';

const A = '111111111111';
const B = '222222222222';
const alice: Identity = { type: 'IAMUser', arn: `arn:aws:iam::${A}:user/alice`, account: A, principalId: 'AIDAALICE', userName: 'alice', accessKeyId: 'AKIAALICE' };
const anonymous: Identity = { type: 'Anonymous', arn: '', account: '', principalId: '' };
let n = 0;
const ids = { uuid: () => `id-${++n}`, bytes: (k: number) => Buffer.alloc(k) };

function facts(change: Partial<CallFacts> & Pick<CallFacts, 'operation'>): CallFacts {
  return {
    service: SERVICES.s3,
    identity: alice,
    region: 'us-east-1',
    now: new Date('2026-05-01T10:00:00Z'),
    requestId: 'req',
    sourceIp: '192.0.2.7',
    userAgent: 'aws-cli/2',
    host: '127.0.0.1:4566',
    input: {},
    ...change,
  };
}

/** Every record recordCall wrote (all of them go to the event history here, data events aside). */
function recorded(f: CallFacts): EventRecord[] {
  const store = openStore({ data: ':memory:' });
  store.transaction((tx) => recordCall(tx, f, ids));
  return store.scan<HistoryEntry>(HISTORY).map((e) => historyRecord(e.value) as EventRecord);
}

/** Records of data events, which the history does not keep: captured from a trail that logs everything. */
function recordedData(f: CallFacts): EventRecord[] {
  const store = openStore({ data: ':memory:' });
  store.transaction((tx) => {
    tx.put('cloudtrail.trails', `${A}/us-east-1/all`, {
      Name: 'all', TrailARN: `arn:aws:cloudtrail:us-east-1:${A}:trail/all`, HomeRegion: 'us-east-1', account: A, S3BucketName: 'l', IncludeGlobalServiceEvents: true,
      IsMultiRegionTrail: true, LogFileValidationEnabled: false, IsOrganizationTrail: false, Tags: [], status: { IsLogging: true }, CreatedTime: '',
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }] }],
    });
    recordCall(tx, f, ids);
  });
  const out: EventRecord[] = [];
  for (const { key } of store.scan('cloudtrail.queues')) for (const item of store.readBatch<{ json: string }>(key, 0, 100)) out.push(JSON.parse(item.value.json));
  return out;
}

describe('recordCall', () => {
  it('classifies S3 object-level calls as data events and bucket-level calls as management events', () => {
    expect([...S3_DATA_EVENTS].every((op) => SERVICES.s3.operations[op])).toBe(true);
    for (const op of Object.keys(SERVICES.s3.operations)) {
      const data = S3_DATA_EVENTS.has(op);
      expect(data, op).toBe(/Object|Upload|ListParts/.test(op) && op !== 'ListMultipartUploads');
    }
    expect(recorded(facts({ operation: 'GetObject', input: { Bucket: 'b', Key: 'k' } }))).toEqual([]);
    expect(recordedData(facts({ operation: 'GetObject', input: { Bucket: 'b', Key: 'k' } }))).toHaveLength(1);
    expect(recorded(facts({ operation: 'CreateBucket', input: { Bucket: 'b' } }))).toHaveLength(1);
  });

  it('names S3 request members as on the wire, with the Host, a parsed bucket policy and no object data', () => {
    const [put] = recordedData(facts({
      operation: 'PutObject',
      input: { Bucket: 'b', Key: 'dir/k', Body: Buffer.from('secret data'), ACL: 'private', ServerSideEncryption: 'aws:kms', ContentType: 'text/plain', ChecksumCRC32: 'AAAAAA==' },
      output: undefined,
    }));
    expect(put.requestParameters).toEqual({ bucketName: 'b', Host: '127.0.0.1:4566', key: 'dir/k', 'x-amz-acl': 'private', 'x-amz-server-side-encryption': 'aws:kms' });
    expect(JSON.stringify(put)).not.toContain('secret data');
    const [policy] = recorded(facts({ operation: 'PutBucketPolicy', input: { Bucket: 'b', Policy: '{"Version":"2012-10-17","Statement":[]}' } }));
    expect(policy.requestParameters).toEqual({ bucketName: 'b', Host: '127.0.0.1:4566', bucketPolicy: { Version: '2012-10-17', Statement: [] } });
    const [created] = recorded(facts({ operation: 'CreateBucket', input: { Bucket: 'b', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }, output: { Location: '/b' } }));
    expect(created.requestParameters).toEqual({ bucketName: 'b', Host: '127.0.0.1:4566', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } });
    const [encrypted] = recordedData(facts({ operation: 'PutObject', input: { Bucket: 'b', Key: 'k' }, output: { ETag: '"e"', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k' } }));
    expect(encrypted.responseElements).toEqual({ 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-aws-kms-key-id': 'arn:aws:kms:us-east-1:111111111111:key/k' });
  });

  it('gives a call on another account’s resource to both accounts, with one sharedEventID', () => {
    const records = recorded(facts({
      service: SERVICES.kms,
      operation: 'DescribeKey',
      identity: { ...alice, arn: `arn:aws:iam::${B}:user/bob`, account: B },
      input: { KeyId: `arn:aws:kms:us-east-1:${A}:key/k` },
      output: { KeyMetadata: { Arn: `arn:aws:kms:us-east-1:${A}:key/k` } },
    }));
    expect(records.map((r) => r.recipientAccountId).sort()).toEqual([A, B]);
    expect(records[0].sharedEventID).toBeDefined();
    expect(records[0].sharedEventID).toBe(records[1].sharedEventID);
    expect(records[0].eventID).not.toBe(records[1].eventID);
    // A call in the caller's own account has one copy and no sharedEventID.
    const own = recorded(facts({ service: SERVICES.kms, operation: 'DescribeKey', input: {}, output: { KeyMetadata: { Arn: `arn:aws:kms:us-east-1:${A}:key/k` } } }));
    expect(own).toHaveLength(1);
    expect(own[0].sharedEventID).toBeUndefined();
  });

  it('gives an anonymous call to the bucket owner only, and records none for a bucket that does not exist', () => {
    const [list] = recordedData(facts({ operation: 'ListObjects', identity: anonymous, resourceOwner: A, input: { Bucket: 'public' } }));
    expect(list).toMatchObject({
      userIdentity: { type: 'AWSAccount', principalId: '', accountId: 'anonymous' },
      recipientAccountId: A,
      resources: [{ type: 'AWS::S3::Object', ARNPrefix: 'arn:aws:s3:::public/' }, { accountId: A, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::public' }],
    });
    expect(recordedData(facts({ operation: 'ListObjects', identity: anonymous, input: { Bucket: 'nowhere' } }))).toEqual([]);
  });

  it('records IAM calls in us-east-1, and a failed KMS call with the key it named', () => {
    const [iam] = recorded(facts({ service: SERVICES.iam, operation: 'ListUsers', region: 'eu-west-1', input: {} }));
    expect(iam).toMatchObject({ eventSource: 'iam.amazonaws.com', awsRegion: 'us-east-1', readOnly: true });
    const [failed] = recorded(facts({
      service: SERVICES.kms, operation: 'Decrypt', input: { CiphertextBlob: Buffer.alloc(8) }, error: { code: 'AccessDeniedException', message: 'no' }, resourceArn: `arn:aws:kms:us-east-1:${A}:key/k`,
    }));
    expect(failed).toMatchObject({ errorCode: 'AccessDeniedException', requestParameters: null, resources: [{ accountId: A, type: 'AWS::KMS::Key', ARN: `arn:aws:kms:us-east-1:${A}:key/k` }] });
  });
});
