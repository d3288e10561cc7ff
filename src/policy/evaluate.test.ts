import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile.js';
import { evaluate } from './evaluate.js';
import { explain } from './explain.js';
import { prepareRequest } from './request.js';

const KEY = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TRAIL = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/main';

const keyPolicy = compilePolicy(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Enable IAM policies', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'Allow CloudTrail to encrypt logs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: KEY,
        Condition: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': ['arn:aws:cloudtrail:*:111111111111:trail/*'] },
          StringEquals: { 'aws:SourceArn': TRAIL },
        },
      },
    ],
  },
  { name: 'resourcePolicy', kind: 'kms-key' },
);

const cloudtrail = (sourceArn: string) =>
  prepareRequest({
    principal: { Service: 'cloudtrail.amazonaws.com' },
    action: 'kms:GenerateDataKey',
    resource: KEY,
    resourceKind: 'kms-key',
    context: { 'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL, 'AWS:SourceArn': sourceArn },
  });

describe('evaluate', () => {
  it('allows CloudTrail for its own trail and names the deciding statement', () => {
    const d = evaluate(cloudtrail(TRAIL), { resource: keyPolicy });
    expect(d.effect).toBe('Allow');
    expect(d.reasons.map((r) => r.statement)).toEqual(['Allow CloudTrail to encrypt logs']);
    expect(d.trace).toEqual([]);
  });

  it('denies another trail and the trace says which condition failed', () => {
    const other = 'arn:aws:cloudtrail:us-east-1:111111111111:trail/other';
    const d = evaluate(cloudtrail(other), { resource: keyPolicy }, { trace: true });
    expect(d.effect).toBe('ImplicitDeny');
    expect(d.missing).toBe('service-needs-resource-policy');
    const st = d.trace.find((t) => t.statement === 'Allow CloudTrail to encrypt logs')!;
    expect(st.applies).toBe(false);
    expect(st.checks.find((c) => !c.ok)!.text).toBe(
      `condition \`aws:SourceArn\` StringEquals \`${TRAIL}\` ≠ \`${other}\``,
    );
    expect(explain(d, cloudtrail(other))).toContain('matches the action but fails');
  });
});
