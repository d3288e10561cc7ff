// S3 bucket policies: policy-semantics.md §4.10 "S3 bucket policies", aws-behavior.md §3.
import { describe, expect, it } from 'vitest';
import { hasErrors, validatePolicy } from './index.js';
import { s3ActionTypes, S3_ACTIONS } from './s3-actions.js';
import { s3ResourceType } from './s3.js';

type Json = Record<string, unknown>;

const BUCKET = 'trail-logs';
const stmt = (extra: Json = {}): Json => ({
  Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/111122223333/*`, ...extra,
});
const policy = (...statements: Json[]): Json => ({ Version: '2012-10-17', Statement: statements });
const validate = (doc: unknown, options: { bucket?: string } = { bucket: BUCKET }) => validatePolicy(doc, 's3-bucket', options);
const errors = (doc: unknown, options?: { bucket?: string }) => validate(doc, options).filter((f) => f.severity === 'error');
const first = (doc: unknown, options?: { bucket?: string }) => errors(doc, options)[0];
const without = (o: Json, k: string): Json => Object.fromEntries(Object.entries(o).filter(([name]) => name !== k));
const err = (message: string, path: string, rule: string) => ({ severity: 'error', rule, code: 'MalformedPolicy', message, path });

describe('valid bucket policies', () => {
  it('the CloudTrail bucket policy (aws-behavior.md §3) has no findings', () => {
    const doc = policy(
      {
        Sid: 'AWSCloudTrailAclCheck20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${BUCKET}`,
        Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' } },
      },
      {
        Sid: 'AWSCloudTrailWrite20150319', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/111122223333/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:111122223333:trail/t' } },
      },
    );
    expect(validate(doc)).toEqual([]);
  });

  it('accepts Version 2008-10-17 and no Version', () => {
    expect(validate({ ...policy(stmt()), Version: '2008-10-17' })).toEqual([]);
    expect(validate({ Statement: [stmt()] })).toEqual([]);
  });

  it('accepts Sids with spaces, CanonicalUser and "*" principals, and s3:* on bucket and objects', () => {
    const doc = policy(stmt({
      Sid: 'Read for all',
      Principal: { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be', AWS: '*' },
      Action: ['s3:*'],
      Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`],
    }));
    expect(validate(doc)).toEqual([]);
    expect(validate(policy(stmt({ Principal: '*', Action: '*' })))).toEqual([]);
  });
});

describe('reading the document', () => {
  it('requires the first byte to be "{"', () => {
    expect(errors(` ${JSON.stringify(policy(stmt()))}`)).toEqual([
      err("Policies must be valid JSON and the first byte must be '{'", '$', 'syntax'),
    ]);
  });
  it('rejects invalid JSON', () => {
    expect(errors('{"Version": "2012-10-17",}')).toEqual([err('This policy contains invalid Json', '$', 'syntax')]);
  });
  it('answers the first-byte rule before JSON', () => {
    expect(first('nope')?.message).toBe("Policies must be valid JSON and the first byte must be '{'");
  });
  it('rejects a missing or empty Statement', () => {
    expect(errors({ Version: '2012-10-17' })).toEqual([err('Missing required field Statement', '$', 'syntax')]);
    expect(errors({ Version: '2012-10-17', Statement: [] })).toEqual([err('Could not parse the policy: Statement is empty!', '$.Statement', 'syntax')]);
  });
  it('rejects an unknown Version', () => {
    expect(errors({ ...policy(stmt()), Version: '2012-10-18' })).toEqual([err('The policy must contain a valid version string', '$.Version', 'version')]);
  });
  it('answers grammar errors with "Invalid bucket policy syntax."', () => {
    expect(errors(policy(stmt({ Principal: { service: 'cloudtrail.amazonaws.com' } })))).toEqual([
      err('Invalid bucket policy syntax.', '$.Statement[0].Principal.service', 'syntax'),
    ]);
  });
  it('rejects a policy over 20 KB', () => {
    const many = policy(...Array.from({ length: 200 }, (_, i) => stmt({ Sid: `S${i}` })));
    expect(JSON.stringify(many).length).toBeGreaterThan(20480);
    expect(first(many)).toEqual(err('Policy exceeds the maximum allowed document size.', '$', 'size'));
    const fits = policy(...Array.from({ length: 100 }, (_, i) => stmt({ Sid: `S${i}` })));
    expect(errors(JSON.stringify(fits, null, 2))).toEqual([]); // whitespace does not count
  });
});

describe('statement checks', () => {
  it('rejects a missing or invalid Effect', () => {
    const { Effect: _e, ...noEffect } = stmt();
    expect(errors(policy(noEffect))).toEqual([err('Missing required field Effect', '$.Statement[0]', 'syntax')]);
    expect(errors(policy(stmt({ Effect: 'hello' })))).toEqual([err('Invalid effect: hello', '$.Statement[0].Effect', 'syntax')]);
    expect(errors(policy(stmt({ Effect: 'allow' })))).toEqual([err('Invalid effect: allow', '$.Statement[0].Effect', 'legacy-parsing')]);
  });
  it('rejects a missing, empty or invalid Principal', () => {
    const { Principal: _p, ...noPrincipal } = stmt();
    expect(errors(policy(noPrincipal))).toEqual([err('Missing required field Principal', '$.Statement[0]', 'missing-principal')]);
    expect(errors(policy(stmt({ Principal: { AWS: [] } })))).toEqual([err('Missing required field Principal cannot be empty!', '$.Statement[0].Principal', 'missing-principal')]);
    expect(errors(policy(stmt({ Principal: { AWS: 'arn:aws:iam::111122223333:role/*' } })))).toEqual([
      err('Invalid principal in policy', '$.Statement[0].Principal.AWS', 'invalid-principal'),
    ]);
    expect(errors(policy(stmt({ Principal: { Service: 'amazonaws.com' } })))[0]?.message).toBe('Invalid principal in policy');
  });
  it('rejects a missing Resource or Action', () => {
    const { Resource: _r, ...noResource } = stmt();
    const { Action: _a, ...noAction } = stmt();
    expect(errors(policy(noResource))).toEqual([err('Missing required field Resource', '$.Statement[0]', 'missing-resource')]);
    expect(errors(policy(noAction))).toEqual([err('Missing required field Action', '$.Statement[0]', 'missing-action')]);
  });
  it.each(['*', 'arn:aws:s3:::other-bucket/*', `arn:aws:s3:::${BUCKET}x`, `arn:aws:s3:us-east-1::${BUCKET}`, `arn:aws:s3:::${BUCKET}*`, `${BUCKET}/*`])(
    'rejects the resource %s', (resource) => {
      expect(errors(policy(stmt({ Resource: [`arn:aws:s3:::${BUCKET}/*`, resource] })))).toEqual([
        err('Policy has invalid resource', '$.Statement[0].Resource[1]', 'invalid-resource'),
      ]);
    });
  it('without a bucket, accepts any one bucket name but not wildcards', () => {
    expect(errors(policy(stmt({ Resource: 'arn:aws:s3:::whatever/*' })), {})).toEqual([]);
    expect(errors(policy(stmt({ Resource: 'arn:aws:s3:::*/*' })), {})[0]?.message).toBe('Policy has invalid resource');
  });
  it.each(['kms:Decrypt', 'GetObject', 's3:Get:Object', 'iam:*'])('rejects the non-S3 action %s', (action) => {
    expect(errors(policy(stmt({ Action: ['s3:PutObject', action] })))).toEqual([
      err('Policy has invalid action', '$.Statement[0].Action[1]', 'invalid-action'),
    ]);
  });
  it('rejects an action that applies to none of the statement\'s resources', () => {
    const doc = policy(stmt({ Action: ['s3:PutObject', 's3:GetBucketAcl'] }));
    expect(errors(doc)).toEqual([err('Action does not apply to any resource(s) in statement', '$.Statement[0].Action[1]', 'action-resource-mismatch')]);
    expect(first(policy(stmt({ Action: 's3:ListAllMyBuckets', Resource: [`arn:aws:s3:::${BUCKET}`, `arn:aws:s3:::${BUCKET}/*`] })))?.rule).toBe('action-resource-mismatch');
    expect(first(policy(stmt({ Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}` })))?.rule).toBe('action-resource-mismatch');
  });
  it('matches action names case-insensitively and expands wildcards', () => {
    expect(errors(policy(stmt({ Action: ['S3:putobject', 's3:Get*', 's3:*Object'] })))).toEqual([]);
    expect(first(policy(stmt({ Action: 's3:GetBucket*' })))?.rule).toBe('action-resource-mismatch');
  });
  it('does not check applicability for NotAction or NotResource', () => {
    expect(errors(policy(without(stmt({ Effect: 'Deny', NotAction: 's3:GetBucketAcl' }), 'Action')))).toEqual([]);
    expect(errors(policy(without(stmt({ Effect: 'Deny', Action: 's3:GetBucketAcl', NotResource: `arn:aws:s3:::${BUCKET}/x` }), 'Resource')))).toEqual([]);
  });
  it('warns about S3 action names it does not know instead of rejecting them', () => {
    expect(validate(policy(stmt({ Action: 's3:GetObjekt' })))).toEqual([
      { severity: 'warning', rule: 'unknown-s3-action', message: '`s3:GetObjekt` names no s3 action we know, so it may match no request', path: '$.Statement[0].Action' },
    ]);
  });
  it('warns, not rejects, about duplicate Sids', () => {
    const f = validate(policy(stmt({ Sid: 'a' }), stmt({ Sid: 'a' })));
    expect(hasErrors(f)).toBe(false);
    expect(f.map((x) => x.rule)).toEqual(['duplicate-sid']);
  });
});

describe('order: statement by statement', () => {
  it('reports statement 0\'s last check before statement 1\'s first', () => {
    const doc = policy(stmt({ Action: 'kms:Decrypt' }), stmt({ Effect: 'hello' }));
    expect(errors(doc).map((f) => f.message)).toEqual(['Policy has invalid action', 'Invalid effect: hello']);
  });
  it('checks Effect, Principal, Resource, Action in that order within a statement', () => {
    const doc = policy({ Effect: 'allow', Principal: { AWS: 'x' }, Action: 'kms:Decrypt', Resource: '*' });
    expect(errors(doc).map((f) => f.rule)).toEqual(['legacy-parsing', 'invalid-principal', 'invalid-resource', 'invalid-action']);
  });
  it('reports document-level errors before any statement', () => {
    const doc = { Version: 'x', Statement: [stmt({ Effect: 'hello' })] };
    expect(errors(doc).map((f) => f.rule)).toEqual(['version', 'syntax']);
  });
});

describe('s3 helpers', () => {
  it('s3ResourceType tells buckets from objects', () => {
    expect(s3ResourceType('arn:aws:s3:::b', 'b')).toBe('bucket');
    expect(s3ResourceType('arn:aws:s3:::b/', 'b')).toBe('object');
    expect(s3ResourceType('arn:aws:s3:::b/k/*', 'b')).toBe('object');
    expect(s3ResourceType('arn:aws:s3:::c/k', 'b')).toBeNull();
  });
  it('s3ActionTypes expands patterns over the table', () => {
    expect([...s3ActionTypes('s3:GetObject')]).toEqual(['object']);
    expect(s3ActionTypes('s3:*')).toEqual(new Set(['object', 'bucket', 'none']));
    expect(s3ActionTypes('s3:Nope*').size).toBe(0);
    expect(S3_ACTIONS.get('s3:getbucketacl')).toBe('bucket');
  });
});
