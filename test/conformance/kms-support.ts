// Shared by the KMS conformance tests: clients for one server, the error an SDK call surfaces,
// policy documents, and IAM users made through the IAM API.
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { clientConfig, type Credentials } from './harness.js';

export const REGION = 'us-east-1';

export const kmsAt = (url: string, c: Credentials, region = REGION) => new KMSClient(clientConfig(url, c, region));
export const iamAt = (url: string, c: Credentials) => new IAMClient(clientConfig(url, c));
export const stsAt = (url: string, c: Credentials) => new STSClient(clientConfig(url, c));

/** What a client sees of an AWS error: the code as the SDK names it, the message and the HTTP status. */
export interface Failure {
  name: string;
  message: string;
  status: number | undefined;
}

/** The error `request` rejects with; fails the test when it succeeds. */
export async function failure(request: Promise<unknown>): Promise<Failure> {
  let result: unknown;
  try {
    result = await request;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  const summary = JSON.stringify(result, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
  throw new Error(`expected the request to fail, it answered ${summary}`);
}

/** An AccessDeniedException as KMS words it (aws-behavior.md §6.6). */
export const denied = (caller: string, action: string, resource: string, why: string): Failure => ({
  name: 'AccessDeniedException',
  message: `User: ${caller} is not authorized to perform: ${action} on resource: ${resource} ${why}`,
  status: 400,
});

export const noIdentityPolicy = (action: string) => `because no identity-based policy allows the ${action} action`;
export const noResourcePolicy = (action: string) => `because no resource-based policy allows the ${action} action`;

export const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** The statement of the default key policy: the account's IAM policies decide. */
export const accountStatement = (account: string) => ({
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: 'kms:*',
  Resource: '*',
});

export const allowStatement = (principal: string, action: string | string[]) => ({ Effect: 'Allow', Principal: { AWS: principal }, Action: action, Resource: '*' });

/** An IAM identity policy. */
export const identityPolicy = (effect: 'Allow' | 'Deny', action: string | string[], resource = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: resource }] });

export interface User {
  arn: string;
  credentials: Credentials;
}

/** Creates an IAM user with an access key, and its inline policies, as `admin` (a root). */
export async function makeUser(url: string, admin: Credentials, name: string, policies: Record<string, string> = {}): Promise<User> {
  const iam = iamAt(url, admin);
  const { User } = await iam.send(new CreateUserCommand({ UserName: name }));
  for (const [PolicyName, PolicyDocument] of Object.entries(policies)) {
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName, PolicyDocument }));
  }
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  return { arn: User!.Arn!, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } };
}

export const bytes = (text: string) => new TextEncoder().encode(text);
export const text = (b: Uint8Array | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

/**
 * What the SDK shows for an AWS error whose message is empty (InvalidCiphertextException and the
 * other texts KMS leaves empty): smithy's decorateServiceException replaces a falsy message with
 * "UnknownError". The wire form, `"message": ""`, is checked with rawKms.
 */
export const EMPTY_MESSAGE_IN_SDK = 'UnknownError';

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** node:crypto behind the hash interface @smithy/signature-v4 expects. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}
const toBuffer = (d: SourceData) => (typeof d === 'string' ? Buffer.from(d) : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d));

export interface RawResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The body as JSON, or undefined when it is not JSON. */
  json: Record<string, unknown> | undefined;
}

/**
 * A KMS request sent with fetch, exactly as given: `target` is the X-Amz-Target; the body is sent
 * as is; with credentials it is signed by @smithy/signature-v4 (the SDK's signer), else unsigned.
 */
export async function rawKms(
  url: string,
  options: {
    target: string;
    body: string;
    credentials?: Credentials;
    region?: string;
    service?: string;
    headers?: Record<string, string>;
    /** A body to send instead of the one signed. */
    sentBody?: string;
    /** Changes the headers after signing. */
    tamper?: (headers: Record<string, string>) => void;
  },
): Promise<RawResponse> {
  const u = new URL(url);
  let request = new HttpRequest({
    method: 'POST',
    protocol: u.protocol,
    hostname: u.hostname,
    port: Number(u.port),
    path: '/',
    headers: { host: u.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': options.target, ...options.headers },
    body: options.body,
  });
  if (options.credentials) {
    const signer = new SignatureV4({ credentials: options.credentials, region: options.region ?? REGION, service: options.service ?? 'kms', sha256: Sha256 });
    request = (await signer.sign(request)) as HttpRequest;
  }
  const { host: _host, ...headers } = request.headers;
  options.tamper?.(headers);
  const response = await fetch(`${url}/`, { method: 'POST', headers, body: options.sentBody ?? options.body });
  const body = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, body, json };
}
