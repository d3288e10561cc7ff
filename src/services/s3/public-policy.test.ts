import { describe, expect, it } from 'vitest';
import { isPublicPolicy } from './public-policy.js';

const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };

describe('Block Public Access: is a bucket policy public?', () => {
  it('is public when it allows everyone without a fixing condition', () => {
    expect(isPublicPolicy(policy({ ...read, Principal: '*' }))).toBe(true);
    expect(isPublicPolicy(policy({ ...read, Principal: { AWS: ['*'] } }))).toBe(true);
    expect(isPublicPolicy(policy({ ...read, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' } }))).toBe(true);
    expect(isPublicPolicy(policy({ ...read, Principal: '*', Condition: { StringLike: { 'aws:SourceArn': 'arn:aws:cloudtrail:*' } } }))).toBe(true);
    expect(isPublicPolicy(policy({ ...read, Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } }))).toBe(true);
  });

  it('is not public when the grant names principals or is pinned to fixed values', () => {
    expect(isPublicPolicy(policy({ ...read, Principal: { Service: 'cloudtrail.amazonaws.com' } }))).toBe(false);
    expect(isPublicPolicy(policy({ ...read, Principal: { AWS: 'arn:aws:iam::111122223333:root' } }))).toBe(false);
    expect(isPublicPolicy(policy({ ...read, Principal: '*', Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }))).toBe(false);
    expect(isPublicPolicy(policy({ ...read, Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }))).toBe(false);
    expect(isPublicPolicy(policy({ ...read, Principal: '*', Condition: { StringLike: { 'aws:userid': 'AROAEXAMPLE:*' } } }))).toBe(false);
    expect(isPublicPolicy(policy({ ...read, Effect: 'Deny', Principal: '*' }))).toBe(false);
  });
});
