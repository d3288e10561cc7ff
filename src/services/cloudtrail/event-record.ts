// Builds a CloudTrail event record for an API call (aws-behavior.md §4.2, §4.3;
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
import type { Identity } from '../../core/identity.js';

export const EVENT_VERSION = '1.11';

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
  input: unknown;
  output?: unknown;
  error?: { code: string; message: string };
  readOnly: boolean;
  /** `Data` for S3 object-level calls; `Management` otherwise. */
  category: 'Management' | 'Data';
  /** The account that owns the resource (recipientAccountId); the caller's by default. */
  recipientAccount: string;
  resources?: { ARN: string; accountId: string; type: string }[];
  /** For calls a service makes on a principal's behalf (userIdentity.invokedBy). */
  invokedBy?: string;
  /** Extra record members a service adds (KMS `additionalEventData`). */
  additionalEventData?: Record<string, unknown>;
}

export interface EventRecord {
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
  resources?: { ARN: string; accountId: string; type: string }[];
  eventType: 'AwsApiCall';
  managementEvent: boolean;
  recipientAccountId: string;
  eventCategory: 'Management' | 'Data';
}

/** Members that never appear in a record: secrets and data (KMS omits plaintext and ciphertext). */
const SECRET = new Set(['SecretAccessKey', 'SessionToken', 'Plaintext', 'CiphertextBlob', 'Body', 'SSECustomerKey', 'Password']);

/** JSON services log members in lowerCamelCase (`{"keyId": …, "encryptionContext": {…}}`); maps keep their keys. */
function camel(value: unknown, mapDepth = false): unknown {
  if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (Buffer.isBuffer(value)) return undefined;
  if (Array.isArray(value)) return value.map((v) => camel(v));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET.has(k) || v === undefined) continue;
    const converted = camel(v, k === 'EncryptionContext' || k === 'Tags' && !Array.isArray(v));
    if (converted === undefined) continue;
    out[mapDepth ? k : k.charAt(0).toLowerCase() + k.slice(1)] = converted;
  }
  return out;
}

function userIdentity(id: Identity, invokedBy?: string): Record<string, unknown> {
  if (id.type === 'AWSService') return { type: 'AWSService', invokedBy: id.arn };
  const base: Record<string, unknown> = { type: id.type, principalId: id.principalId, arn: id.arn, accountId: id.account };
  if (id.accessKeyId) base.accessKeyId = id.accessKeyId;
  if (id.userName) base.userName = id.userName;
  if (id.sessionIssuer) {
    base.sessionContext = {
      sessionIssuer: id.sessionIssuer,
      attributes: { creationDate: (id.sessionIssuedAt ?? new Date(0)).toISOString().replace(/\.\d{3}Z$/, 'Z'), mfaAuthenticated: 'false' },
    };
  }
  if (invokedBy) base.invokedBy = invokedBy;
  return base;
}

export function eventRecord(c: ApiCall): EventRecord {
  const record: EventRecord = {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentity(c.identity, c.invokedBy),
    eventTime: c.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: `${c.service}.amazonaws.com`,
    eventName: c.operation,
    awsRegion: c.region,
    // Calls a service makes itself show the service's name, not an address (§4.2).
    sourceIPAddress: c.identity.type === 'AWSService' ? c.identity.arn : c.invokedBy ?? c.sourceIp,
    userAgent: c.identity.type === 'AWSService' ? c.identity.arn : c.userAgent,
    requestParameters: camel(c.input) ?? null,
    // Read-only calls and failures carry no response elements.
    responseElements: c.readOnly || c.error ? null : (camel(c.output) ?? null),
    requestID: c.requestId,
    eventID: c.eventId,
    readOnly: c.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: c.category === 'Management',
    recipientAccountId: c.recipientAccount,
    eventCategory: c.category,
  };
  if (c.error) {
    record.errorCode = c.error.code;
    record.errorMessage = c.error.message;
  }
  if (c.resources) record.resources = c.resources;
  if (c.additionalEventData) record.additionalEventData = c.additionalEventData;
  if (record.requestParameters !== null && Object.keys(record.requestParameters as object).length === 0) record.requestParameters = null;
  return record;
}
