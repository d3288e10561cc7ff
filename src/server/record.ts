// Every API call the emulator serves becomes a CloudTrail event record (aws-behavior.md §4.2):
// a successful call's record commits in the call's own transaction; a failed call, whose
// transaction rolled back, is recorded in a transaction of its own (app.ts execute).
//
// A call on another account's resource (a bucket, a key, a role) is delivered to both accounts,
// each copy with its own eventID and recipientAccountId and one sharedEventID (CTUG
// cloudtrail-event-reference-record-contents: sharedEventID "when an account uses an AWS KMS key
// that belongs to another account, the account that used the KMS key and the account that owns the
// KMS key receive separate CloudTrail events for the same action"). Anonymous calls go to the
// resource owner only.
import type { Identity } from '../core/identity.js';
import type { Ids } from '../core/call.js';
import type { ServiceDef } from '../core/service.js';
import { asXmlModel, shapeOf, type XmlModel } from '../protocol/rest-xml-model.js';
import { eventRecord, type PrefixResource, type Resource } from '../services/cloudtrail/event-record.js';
import { dataEventsLogged, recordEvent } from '../services/cloudtrail/events.js';
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
  /** The Host the request was sent to (S3 records it in requestParameters). */
  host?: string;
  input: unknown;
  output?: unknown;
  error?: { code: string; message: string };
  /** Set for calls a service made on a principal's behalf. */
  invokedBy?: string;
  /** The account that owns the call's resource, when known (a bucket's owner). */
  resourceOwner?: string;
  /** The ARN of the call's resource when the output does not name it (the key of a failed KMS call). */
  resourceArn?: string;
}

/**
 * S3's object-level operations: data events, recorded only for trails whose event selectors ask for
 * them (S3 UG cloudtrail-logging-s3-info). ListObjects and ListObjectsV2 are data events too: a
 * recorded ListObjects event has `"eventCategory": "Data"` and `"managementEvent": false` [OBS].
 * ListMultipartUploads, a bucket-level call, stays a management event [INF].
 */
export const S3_DATA_EVENTS: ReadonlySet<string> = new Set([
  'GetObject', 'HeadObject', 'PutObject', 'DeleteObject', 'DeleteObjects', 'CopyObject', 'ListObjects', 'ListObjectsV2',
  'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload', 'ListParts',
]);

/** S3 calls that name the objects they read or change by prefix (`ARNPrefix`) rather than by key [OBS ListObjects; INF DeleteObjects]. */
const S3_PREFIX_CALLS: ReadonlySet<string> = new Set(['ListObjects', 'ListObjectsV2', 'DeleteObjects']);

const ACCOUNT = /^\d{12}$/;
/** The fifth field of an ARN (its account), or ''. */
function accountOf(arn: string): string {
  let start = 0;
  for (let field = 0; field < 4; field++) {
    start = arn.indexOf(':', start) + 1;
    if (start === 0) return '';
  }
  const end = arn.indexOf(':', start);
  return end < 0 ? arn.slice(start) : arn.slice(start, end);
}

function resources(f: CallFacts): { list?: (Resource | PrefixResource)[]; owner?: string } {
  const input = (f.input ?? {}) as Record<string, unknown>;
  const output = f.output as { KeyId?: unknown; KeyMetadata?: { Arn?: unknown } } | undefined;
  switch (f.service.name) {
    case 's3': {
      if (typeof input.Bucket !== 'string') return {};
      const owner = f.resourceOwner ?? (f.identity.type === 'Anonymous' ? undefined : f.identity.account);
      const bucket: Resource = { accountId: owner, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${input.Bucket}` };
      if (S3_PREFIX_CALLS.has(f.operation)) {
        const prefix = typeof input.Prefix === 'string' ? input.Prefix : '';
        return { list: [{ type: 'AWS::S3::Object', ARNPrefix: `arn:aws:s3:::${input.Bucket}/${prefix}` }, bucket], owner };
      }
      if (typeof input.Key === 'string') return { list: [{ type: 'AWS::S3::Object', ARN: `arn:aws:s3:::${input.Bucket}/${input.Key}` }, bucket], owner };
      return { list: [bucket], owner };
    }
    case 'kms': {
      const arn = [output?.KeyMetadata?.Arn, output?.KeyId, f.resourceArn].find((a): a is string => typeof a === 'string' && a.startsWith('arn:'));
      return arn ? { list: [{ accountId: accountOf(arn), type: 'AWS::KMS::Key', ARN: arn }], owner: accountOf(arn) } : {};
    }
    case 'sts': {
      if (f.operation !== 'AssumeRole' || typeof input.RoleArn !== 'string') return {};
      return { list: [{ accountId: accountOf(input.RoleArn), type: 'AWS::IAM::Role', ARN: input.RoleArn }], owner: accountOf(input.RoleArn) };
    }
    default:
      return {};
  }
}

interface S3Names {
  /** Request members that travel in headers and the query string, by wire name. */
  request: [member: string, wire: string][];
  /** The body member, if any. */
  payload?: string;
  /** Response members that travel in x-amz-* headers. */
  response: [member: string, wire: string][];
}

/** Headers that describe the transfer rather than the request; S3's records leave them out [INF]. */
const TRANSFER_HEADER = /^(content-|x-amz-checksum-|x-amz-sdk-checksum-|x-amz-content-sha256|x-amz-decoded-content-length|expires$|cache-control$|x-amz-server-side-encryption-customer-key$)/i;

const s3Names = new Map<string, S3Names>();

function namesOf(model: XmlModel, operation: string): S3Names {
  let names = s3Names.get(operation);
  if (names) return names;
  const op = model.operations[operation];
  const input = op?.input ? shapeOf(model, op.input) : undefined;
  const output = op?.output ? shapeOf(model, op.output) : undefined;
  names = { request: [], response: [], payload: input?.payload };
  for (const [member, ref] of Object.entries(input?.members ?? {})) {
    if ((ref.location === 'header' || ref.location === 'querystring') && ref.locationName && !TRANSFER_HEADER.test(ref.locationName)) names.request.push([member, ref.locationName]);
  }
  for (const [member, ref] of Object.entries(output?.members ?? {})) {
    if (ref.location === 'header' && ref.locationName?.toLowerCase().startsWith('x-amz-')) names.response.push([member, ref.locationName]);
  }
  s3Names.set(operation, names);
  return names;
}

/** A body structure as S3's records show it: member names as on the wire (PascalCase), no bytes. */
function asIs(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return undefined;
  if (Array.isArray(v)) return v.map(asIs);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, item] of Object.entries(v)) if (item !== undefined) out[k] = asIs(item);
  return out;
}

const wireValue = (v: unknown) => (v instanceof Date ? v.toUTCString() : typeof v === 'object' ? JSON.stringify(v) : String(v));

/**
 * S3 records name request members by their wire names: `{"bucketName": …, "Host": …, "key": …,
 * "x-amz-acl": …, "prefix": …}` [OBS recorded S3 events; CTUG cloudtrail-log-file-examples]. A
 * bucket policy shows as the parsed document under `bucketPolicy`; other bodies (CreateBucket's
 * configuration) under their own names. Object data never appears.
 */
function s3RequestParameters(f: CallFacts): Record<string, unknown> {
  const input = (f.input ?? {}) as Record<string, unknown>;
  const names = namesOf(asXmlModel(f.service.model), f.operation);
  const out: Record<string, unknown> = {};
  if (typeof input.Bucket === 'string') out.bucketName = input.Bucket;
  if (f.host) out.Host = f.host;
  if (typeof input.Key === 'string') out.key = input.Key;
  for (const [member, wire] of names.request) if (input[member] !== undefined) out[wire] = wireValue(input[member]);
  const body = names.payload ? input[names.payload] : undefined;
  if (names.payload === 'Policy' && typeof body === 'string') {
    try {
      out.bucketPolicy = JSON.parse(body);
    } catch {
      out.bucketPolicy = body;
    }
  } else if (names.payload && names.payload !== 'Body' && body !== undefined && !(body instanceof Uint8Array)) {
    out[names.payload] = asIs(body);
  }
  return out;
}

function s3ResponseElements(f: CallFacts): Record<string, unknown> | null {
  if (f.output === undefined || f.output === null) return null;
  const output = f.output as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [member, wire] of namesOf(asXmlModel(f.service.model), f.operation).response) if (output[member] !== undefined) out[wire] = wireValue(output[member]);
  return out;
}

const categoryOf = (f: Pick<CallFacts, 'service' | 'operation'>) => (f.service.name === 's3' && S3_DATA_EVENTS.has(f.operation) ? 'Data' : 'Management');

/**
 * Whether a call makes any record: data events are only queued for trails, never kept in the
 * history, so none is made when no trail can log data events. Lets the caller skip gathering the
 * facts of a record that will not be made.
 */
export function isRecorded(tx: Tx, f: Pick<CallFacts, 'service' | 'operation'>): boolean {
  return categoryOf(f) === 'Management' || dataEventsLogged(tx);
}

export function recordCall(tx: Tx, f: CallFacts, ids: Ids): void {
  const s3 = f.service.name === 's3';
  const category = categoryOf(f);
  const { list, owner } = resources(f);
  const caller = f.identity.type === 'Anonymous' ? undefined : f.identity.account;
  const recipients = [...new Set([caller, owner])].filter((a): a is string => a !== undefined && ACCOUNT.test(a));
  if (recipients.length === 0) return; // an anonymous call on a bucket that does not exist concerns no account
  const shared = recipients.length > 1 ? ids.uuid() : undefined;
  const readOnly = f.service.readOnly?.(f.operation) ?? false;
  const requestParameters = s3 ? s3RequestParameters(f) : undefined;
  const responseElements = s3 && !readOnly && !f.error ? s3ResponseElements(f) : undefined;
  for (const recipient of recipients) {
    recordEvent(
      tx,
      eventRecord({
        identity: f.identity,
        service: f.service.name,
        operation: f.operation,
        // IAM is global: its events are recorded in us-east-1 (CTUG global service events).
        region: f.service.name === 'iam' ? 'us-east-1' : f.region,
        time: f.now,
        requestId: f.requestId,
        eventId: ids.uuid(),
        sourceIp: f.sourceIp,
        userAgent: f.userAgent,
        requestParameters,
        input: f.input,
        output: f.output,
        responseElements,
        error: f.error,
        readOnly,
        category,
        recipientAccount: recipient,
        resources: list,
        invokedBy: f.invokedBy,
        sharedEventId: shared,
      }),
    );
  }
}
