// Every API call the emulator serves becomes a CloudTrail event record (aws-behavior.md §4.2):
// a successful call's record commits in the call's own transaction; a failed call, whose
// transaction rolled back, is recorded in a transaction of its own.
import type { Identity } from '../core/identity.js';
import type { Ids } from '../core/call.js';
import type { ServiceDef } from '../core/service.js';
import { eventRecord, type ApiCall } from '../services/cloudtrail/event-record.js';
import { recordEvent } from '../services/cloudtrail/events.js';
import type { Tx } from '../store/index.js';

export interface CallFacts {
  service: ServiceDef;
  operation: string;
  identity: Identity;
  region: string;
  now: Date;
  requestId: string;
  sourceIp: string;
  userAgent?: string;
  input: unknown;
  output?: unknown;
  error?: { code: string; message: string };
  /** Set for calls a service made on a principal's behalf. */
  invokedBy?: string;
  /** The resource owner when it is not the caller (a bucket or key of another account). */
  resourceOwner?: string;
}

/** S3 object-level operations are data events (recorded only when a trail's selectors ask for them). */
const S3_OBJECT_OPERATIONS = /Object|MultipartUpload|UploadPart|ListParts/;

function resources(f: CallFacts): ApiCall['resources'] {
  const input = (f.input ?? {}) as Record<string, unknown>;
  if (f.service.name === 's3' && typeof input.Bucket === 'string') {
    const owner = f.resourceOwner ?? f.identity.account;
    const bucket = { ARN: `arn:aws:s3:::${input.Bucket}`, accountId: owner, type: 'AWS::S3::Bucket' };
    if (typeof input.Key !== 'string') return [bucket];
    return [{ ARN: `arn:aws:s3:::${input.Bucket}/${input.Key}`, accountId: owner, type: 'AWS::S3::Object' }, bucket];
  }
  const keyArn = (f.output as { KeyId?: string; KeyMetadata?: { Arn?: string } } | undefined)?.KeyMetadata?.Arn ?? (f.output as { KeyId?: string } | undefined)?.KeyId;
  if (f.service.name === 'kms' && typeof keyArn === 'string' && keyArn.startsWith('arn:')) {
    return [{ ARN: keyArn, accountId: keyArn.split(':')[4], type: 'AWS::KMS::Key' }];
  }
  return undefined;
}

export function recordCall(tx: Tx, f: CallFacts, ids: Ids): void {
  const data = f.service.name === 's3' && S3_OBJECT_OPERATIONS.test(f.operation) && !/^ListObjects/.test(f.operation);
  const res = resources(f);
  recordEvent(
    tx,
    eventRecord({
      identity: f.identity,
      service: f.service.name,
      operation: f.operation,
      // IAM is global: its events are recorded in us-east-1 (§4.2, global service events).
      region: f.service.name === 'iam' ? 'us-east-1' : f.region,
      time: f.now,
      requestId: f.requestId,
      eventId: ids.uuid(),
      sourceIp: f.sourceIp,
      userAgent: f.userAgent,
      input: f.input,
      output: f.output,
      error: f.error,
      readOnly: f.service.readOnly?.(f.operation) ?? false,
      category: data ? 'Data' : 'Management',
      recipientAccount: res?.[0]?.accountId && /^\d{12}$/.test(res[0].accountId) ? res[0].accountId : f.identity.account,
      resources: res,
      invokedBy: f.invokedBy,
    }),
  );
}
