// Builds a CloudTrail event record for an API call (aws-behavior.md §4.2, §4.3;
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
// Members come in the order AWS's records list them; absent optional members are left out.
import type { Identity } from '../../core/identity.js';

export const EVENT_VERSION = '1.11';

/** A resource named by its ARN. S3 objects carry no accountId, their bucket does (CTUG S3 examples). */
export interface Resource {
  type: string;
  ARN: string;
  accountId?: string;
}

/**
 * The objects an S3 list call reads, named by prefix: `{"type":"AWS::S3::Object","ARNPrefix":
 * "arn:aws:s3:::<bucket>/<prefix>"}` in a recorded ListObjects data event [OBS]. Only data events
 * have them.
 */
export interface PrefixResource {
  type: string;
  ARNPrefix: string;
}

export interface ApiCall {
  identity: Identity;
  /** The service's signing name: `kms`, `s3`, `iam`, `sts`, `cloudtrail`. */
  service: string;
  operation: string;
  region: string;
  time: Date;
  requestId: string;
  eventId: string;
  sourceIp: string;
  userAgent?: string;
  /** The request members as the record shows them: already mapped (S3's wire names); else `input` is. */
  requestParameters?: Record<string, unknown> | null;
  input: unknown;
  output?: unknown;
  /** The response members as the record shows them (S3's header names); else `output` is mapped. */
  responseElements?: Record<string, unknown> | null;
  error?: { code: string; message: string };
  readOnly: boolean;
  /** `Data` for S3 object-level calls; `Management` otherwise. */
  category: 'Management' | 'Data';
  /** The account that receives this copy of the event (recipientAccountId). */
  recipientAccount: string;
  resources?: (Resource | PrefixResource)[];
  /** For calls a service makes on a principal's behalf (userIdentity.invokedBy). */
  invokedBy?: string;
  /** Extra record members a service adds (KMS `additionalEventData`). */
  additionalEventData?: Record<string, unknown>;
  /** Set when one call is delivered to two accounts (the caller's and the resource owner's). */
  sharedEventId?: string;
}

interface RecordFields {
  eventVersion: string;
  userIdentity: Record<string, unknown>;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: unknown;
  responseElements: unknown;
  additionalEventData?: Record<string, unknown>;
  requestID: string;
  eventID: string;
  readOnly: boolean;
  eventType: 'AwsApiCall';
  managementEvent: boolean;
  recipientAccountId: string;
  sharedEventID?: string;
  eventCategory: 'Management' | 'Data';
}

/** Any event record: what trails select and log files hold. */
export interface CloudTrailEvent extends RecordFields {
  resources?: (Resource | PrefixResource)[];
}

/**
 * A management event record, as the event history (LookupEvents) keeps it. Its resources always
 * have ARNs: prefix resources come only from S3 list calls, which are data events.
 */
export interface EventRecord extends RecordFields {
  resources?: Resource[];
}

/** Members that never appear in a record: secrets and data (KMS omits plaintext and ciphertext). */
const SECRET = new Set(['SecretAccessKey', 'SessionToken', 'Plaintext', 'CiphertextBlob', 'Body', 'SSECustomerKey', 'Password', 'NewPassword', 'OldPassword']);
/** Maps whose keys are data, not member names: kept as given. */
const MAPS = new Set(['EncryptionContext', 'Metadata']);

/** `YYYY-MM-DDTHH:MM:SSZ`, the records' time format. Remembers the last second: events come in bursts. */
export function recordTime(d: Date): string {
  const seconds = Math.floor(d.getTime() / 1000);
  if (seconds !== lastTime.seconds) lastTime = { seconds, text: `${d.toISOString().slice(0, 19)}Z` };
  return lastTime.text;
}

let lastTime = { seconds: NaN, text: '' };

/**
 * JSON services log members in lowerCamelCase (`{"keyId": …, "encryptionContext": {…}}`, §4.2);
 * maps keep their keys; bytes and secrets are left out.
 */
export function camel(value: unknown, mapKeys = false): unknown {
  if (value instanceof Date) return recordTime(value);
  if (value instanceof Uint8Array) return undefined;
  if (Array.isArray(value)) return value.map((v) => camel(v) ?? null);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v === undefined || SECRET.has(k)) continue;
    const converted = camel(v, MAPS.has(k) || (k === 'Tags' && !Array.isArray(v)));
    if (converted === undefined) continue;
    out[mapKeys ? k : k.charAt(0).toLowerCase() + k.slice(1)] = converted;
  }
  return out;
}

function userIdentity(id: Identity, invokedBy: string | undefined): Record<string, unknown> {
  // A service acting for itself (CloudTrail delivering logs): only the service's name.
  if (id.type === 'AWSService') return { type: 'AWSService', invokedBy: id.arn };
  // Unsigned S3 requests: `{"type":"AWSAccount","principalId":"","accountId":"anonymous"}` [OBS, a recorded ListObjects event].
  if (id.type === 'Anonymous') return { type: 'AWSAccount', principalId: '', accountId: 'anonymous' };
  const out: Record<string, unknown> = { type: id.type, principalId: id.principalId, arn: id.arn, accountId: id.account };
  if (id.accessKeyId) out.accessKeyId = id.accessKeyId;
  if (id.userName) out.userName = id.userName;
  if (id.sessionIssuer) {
    out.sessionContext = {
      sessionIssuer: id.sessionIssuer,
      attributes: { ...(id.sessionIssuedAt ? { creationDate: recordTime(id.sessionIssuedAt) } : {}), mfaAuthenticated: 'false' },
    };
  }
  if (invokedBy) out.invokedBy = invokedBy;
  return out;
}

/** userAgent is at most 1 KB (§4.2); S3 records show it in brackets (`"[aws-cli/2.15.0 …]"`) [OBS]. */
function agent(c: ApiCall): string | undefined {
  // Calls a service makes itself or on a principal's behalf show the service's name (§4.2).
  if (c.identity.type === 'AWSService') return c.identity.arn;
  if (c.invokedBy) return c.invokedBy;
  if (c.userAgent === undefined) return undefined;
  const ua = c.userAgent.length > 1000 ? c.userAgent.slice(0, 1000) : c.userAgent;
  return c.service === 's3' ? `[${ua}]` : ua;
}

function emptyToNull(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  return typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0 ? null : v;
}

export function eventRecord(c: ApiCall): CloudTrailEvent {
  const requestParameters = emptyToNull(c.requestParameters !== undefined ? c.requestParameters : camel(c.input));
  // Read-only calls and failures carry no response elements (§4.2).
  const responseElements = c.readOnly || c.error ? null : emptyToNull(c.responseElements !== undefined ? c.responseElements : camel(c.output));
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentity(c.identity, c.invokedBy),
    eventTime: recordTime(c.time),
    eventSource: `${c.service}.amazonaws.com`,
    eventName: c.operation,
    awsRegion: c.region,
    sourceIPAddress: c.identity.type === 'AWSService' ? c.identity.arn : c.invokedBy ?? c.sourceIp,
    userAgent: agent(c),
    errorCode: c.error?.code,
    errorMessage: c.error?.message,
    requestParameters,
    responseElements,
    additionalEventData: c.additionalEventData,
    requestID: c.requestId,
    eventID: c.eventId,
    readOnly: c.readOnly,
    resources: c.resources,
    eventType: 'AwsApiCall',
    managementEvent: c.category === 'Management',
    recipientAccountId: c.recipientAccount,
    sharedEventID: c.sharedEventId,
    eventCategory: c.category,
  };
}
