import { describe, expect, it } from 'vitest';
import { exemptCloudTrail, repairActions, repairForAllValues, repairWildcards } from './repair.js';

describe('repairs of existing statements', () => {
  it('rewrites malformed actions', () => {
    const s = { Sid: 'x', Action: ['kms=Decrypt', 'kms:Encrypt, kms:ReEncrypt*', ' kms:DescribeKey '] };
    expect(repairActions(s, 0)).toHaveLength(1);
    expect(s.Action).toEqual(['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:DescribeKey']);
    const ok = { Action: 'kms:Decrypt' };
    expect(repairActions(ok, 0)).toEqual([]);
  });

  it('moves wildcard values from StringEquals to StringLike, merging with what is there', () => {
    const s = { Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:1:trail/*', 's3:x-amz-acl': 'bucket-owner-full-control' }, StringLike: { 'aws:SourceArn': 'arn:x' } } };
    expect(repairWildcards(s, 0)).toHaveLength(1);
    expect(s.Condition).toEqual({ StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' }, StringLike: { 'aws:SourceArn': ['arn:x', 'arn:aws:cloudtrail:*:1:trail/*'] } });
  });

  it("names CloudTrail's trails exactly instead of a pattern under StringEquals, when it can", () => {
    const s = { Principal: { Service: 'cloudtrail.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:*:1:trail/*' } } };
    expect(repairWildcards(s, 0, (_s, key) => (key === 'aws:SourceArn' ? ['arn:aws:cloudtrail:us-east-1:1:trail/t'] : undefined))).toHaveLength(1);
    expect(s.Condition).toEqual({ StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:1:trail/t' } });
  });

  it('removes ForAllValues from encryption-context keys only', () => {
    const s = { Condition: { 'ForAllValues:StringLike': { 'kms:EncryptionContext:aws:cloudtrail:arn': 'a*', 'kms:EncryptionContextKeys': ['aws:*'] } } };
    expect(repairForAllValues(s, 0)).toHaveLength(1);
    expect(s.Condition).toEqual({ 'ForAllValues:StringLike': { 'kms:EncryptionContextKeys': ['aws:*'] }, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'a*' } });
  });

  it('exempts CloudTrail from a Deny, once', () => {
    const s: Record<string, unknown> = { Sid: 'd', Effect: 'Deny', Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256' } } };
    expect(exemptCloudTrail(s, 0)).toHaveLength(1);
    expect(s.Condition).toEqual({ StringNotEquals: { 's3:x-amz-server-side-encryption': 'AES256', 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com' } });
    expect(exemptCloudTrail(s, 0)).toEqual([]);
  });
});
