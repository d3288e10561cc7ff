// Event records as CloudTrail writes them (aws-behavior.md §4.2, §4.3): member order, userIdentity
// per identity type, requestParameters in lowerCamelCase without secrets, responseElements.
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../core/identity.js';
import { eventRecord, type ApiCall } from './event-record.js';

const ACCOUNT = '111111111111';
const user: Identity = { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, account: ACCOUNT, principalId: 'AIDAALICE00000000001', userName: 'alice', accessKeyId: 'AKIAALICE00000000001' };
const session: Identity = {
  type: 'AssumedRole',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/s1`,
  account: ACCOUNT,
  principalId: 'AROAADMIN0000000001:s1',
  accessKeyId: 'ASIASESSION000000001',
  sessionIssuer: { type: 'Role', principalId: 'AROAADMIN0000000001', arn: `arn:aws:iam::${ACCOUNT}:role/Admin`, accountId: ACCOUNT, userName: 'Admin' },
  sessionIssuedAt: new Date('2026-05-01T09:59:30.123Z'),
};

const call = (change: Partial<ApiCall>): ApiCall => ({
  identity: user,
  service: 'kms',
  operation: 'GenerateDataKey',
  region: 'us-east-1',
  time: new Date('2026-05-01T10:00:00.456Z'),
  requestId: 'req-1',
  eventId: 'evt-1',
  sourceIp: '192.0.2.1',
  userAgent: 'aws-cli/2.15.0',
  input: { KeyId: 'alias/logs', KeySpec: 'AES_256', EncryptionContext: { 'aws:cloudtrail:arn': 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t', Team: 'Blue' } },
  output: { KeyId: 'arn:aws:kms:us-east-1:111111111111:key/k', Plaintext: Buffer.alloc(32), CiphertextBlob: Buffer.alloc(64) },
  readOnly: true,
  category: 'Management',
  recipientAccount: ACCOUNT,
  ...change,
});

describe('eventRecord', () => {
  it('writes the members in AWS’s order, times to the second', () => {
    const r = eventRecord(call({ resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: 'arn:aws:kms:us-east-1:111111111111:key/k' }] }));
    expect(Object.keys(JSON.parse(JSON.stringify(r)))).toEqual([
      'eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'requestParameters', 'responseElements',
      'requestID', 'eventID', 'readOnly', 'resources', 'eventType', 'managementEvent', 'recipientAccountId', 'eventCategory',
    ]);
    expect(r).toMatchObject({ eventVersion: '1.11', eventTime: '2026-05-01T10:00:00Z', eventSource: 'kms.amazonaws.com', eventType: 'AwsApiCall', managementEvent: true });
  });

  it('logs request members in lowerCamelCase, keeps encryption-context keys, and leaves out keys and plaintext', () => {
    const r = eventRecord(call({ readOnly: false, operation: 'Encrypt', input: { KeyId: 'k', Plaintext: Buffer.from('secret'), EncryptionContext: { Team: 'Blue' } } }));
    expect(r.requestParameters).toEqual({ keyId: 'k', encryptionContext: { Team: 'Blue' } });
    expect(r.responseElements).toEqual({ keyId: 'arn:aws:kms:us-east-1:111111111111:key/k' });
    expect(JSON.stringify(r)).not.toContain('secret');
    // Credentials in responses (CreateAccessKey, AssumeRole) lose their secrets.
    const created = eventRecord(call({ service: 'iam', operation: 'CreateAccessKey', readOnly: false, input: {}, output: { AccessKey: { AccessKeyId: 'AKIA1', SecretAccessKey: 'shh', Status: 'Active' } } }));
    expect(created.requestParameters).toBeNull();
    expect(created.responseElements).toEqual({ accessKey: { accessKeyId: 'AKIA1', status: 'Active' } });
  });

  it('has no response elements for read-only calls and failures, and carries the error', () => {
    expect(eventRecord(call({})).responseElements).toBeNull();
    const failed = eventRecord(call({ readOnly: false, operation: 'CreateKey', input: {}, output: undefined, error: { code: 'AccessDeniedException', message: 'User: … is not authorized' } }));
    expect(failed).toMatchObject({ errorCode: 'AccessDeniedException', errorMessage: 'User: … is not authorized', responseElements: null, requestParameters: null });
    expect(Object.keys(failed).indexOf('errorCode')).toBe(Object.keys(failed).indexOf('userAgent') + 1);
  });

  it('describes each kind of caller (§4.3)', () => {
    expect(eventRecord(call({})).userIdentity).toEqual({ type: 'IAMUser', principalId: 'AIDAALICE00000000001', arn: user.arn, accountId: ACCOUNT, accessKeyId: 'AKIAALICE00000000001', userName: 'alice' });
    expect(eventRecord(call({ identity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root`, account: ACCOUNT, principalId: ACCOUNT, accessKeyId: ACCOUNT } })).userIdentity).toEqual({
      type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT, accessKeyId: ACCOUNT,
    });
    expect(eventRecord(call({ identity: session })).userIdentity).toEqual({
      type: 'AssumedRole',
      principalId: 'AROAADMIN0000000001:s1',
      arn: session.arn,
      accountId: ACCOUNT,
      accessKeyId: 'ASIASESSION000000001',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAADMIN0000000001', arn: `arn:aws:iam::${ACCOUNT}:role/Admin`, accountId: ACCOUNT, userName: 'Admin' },
        attributes: { creationDate: '2026-05-01T09:59:30Z', mfaAuthenticated: 'false' },
      },
    });
    expect(eventRecord(call({ service: 's3', identity: { type: 'Anonymous', arn: '', account: '', principalId: '' } })).userIdentity).toEqual({ type: 'AWSAccount', principalId: '', accountId: 'anonymous' });
  });

  it('shows calls a service makes on a principal’s behalf with invokedBy, and the service’s own calls as AWSService', () => {
    const onBehalf = eventRecord(call({ identity: session, invokedBy: 's3.amazonaws.com' }));
    expect(onBehalf.userIdentity.invokedBy).toBe('s3.amazonaws.com');
    expect(onBehalf).toMatchObject({ sourceIPAddress: 's3.amazonaws.com', userAgent: 's3.amazonaws.com' });
    const service = eventRecord(call({ identity: { type: 'AWSService', arn: 'cloudtrail.amazonaws.com', account: ACCOUNT, principalId: 'cloudtrail.amazonaws.com' }, invokedBy: 's3.amazonaws.com' }));
    expect(service.userIdentity).toEqual({ type: 'AWSService', invokedBy: 'cloudtrail.amazonaws.com' });
    expect(service).toMatchObject({ sourceIPAddress: 'cloudtrail.amazonaws.com', userAgent: 'cloudtrail.amazonaws.com' });
  });

  it('brackets S3 user agents, truncates long ones, and adds sharedEventID when given', () => {
    expect(eventRecord(call({ service: 's3', operation: 'GetObject' })).userAgent).toBe('[aws-cli/2.15.0]');
    expect(eventRecord(call({ userAgent: 'x'.repeat(5000) })).userAgent).toHaveLength(1000);
    const shared = eventRecord(call({ sharedEventId: 'shared-1' }));
    expect(shared.sharedEventID).toBe('shared-1');
    expect(Object.keys(shared).indexOf('sharedEventID')).toBe(Object.keys(shared).indexOf('recipientAccountId') + 1);
  });

  it('takes request parameters and response elements already mapped (S3) as given', () => {
    const r = eventRecord(call({ service: 's3', operation: 'PutObject', readOnly: false, category: 'Data', requestParameters: { bucketName: 'b', key: 'k', 'x-amz-acl': 'private' }, responseElements: { 'x-amz-server-side-encryption': 'AES256' } }));
    expect(r).toMatchObject({ requestParameters: { bucketName: 'b', key: 'k', 'x-amz-acl': 'private' }, responseElements: { 'x-amz-server-side-encryption': 'AES256' }, managementEvent: false, eventCategory: 'Data' });
  });
});
