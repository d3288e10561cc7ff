// Shared by the S3 conformance tests: S3 clients in path and virtual-hosted style, IAM users with
// real (verified) keys, KMS keys, and reading bodies.
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Agent } from 'node:http';
import { lookup } from 'node:dns';
import { clientConfig, type Credentials } from './harness.js';

/**
 * `<bucket>.localhost` does not resolve on every machine (glibc leaves *.localhost to
 * systemd-resolved), so virtual-hosted clients get a resolver that sends it to loopback.
 */
const loopbackAgent = new Agent({
  keepAlive: true,
  lookup: (hostname, options, callback) => {
    if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
      if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
      else (callback as (e: null, a: string, f: number) => void)(null, '127.0.0.1', 4);
      return;
    }
    lookup(hostname, options, callback);
  },
});

export interface S3Options {
  /** Virtual-hosted style through `http://<host>:<port>` (`localhost` or `s3.localhost`). */
  virtualHost?: string;
  region?: string;
  extra?: Partial<S3ClientConfig>;
}

export function s3Client(url: string, credentials: Credentials, options: S3Options = {}): S3Client {
  const base = clientConfig(url, credentials, options.region);
  if (options.virtualHost) {
    const port = new URL(url).port;
    return new S3Client({ ...base, endpoint: `http://${options.virtualHost}:${port}`, forcePathStyle: false, requestHandler: { httpAgent: loopbackAgent }, ...options.extra });
  }
  return new S3Client({ ...base, forcePathStyle: true, ...options.extra });
}

let users = 0;

/** A new IAM user of the account `root` names, with these inline policies, and its verified key. */
export async function userWith(url: string, root: Credentials, policies: object[] = []): Promise<Credentials & { arn: string }> {
  const iam = new IAMClient(clientConfig(url, root));
  const UserName = `s3-user-${++users}-${Date.now()}`;
  const { User } = await iam.send(new CreateUserCommand({ UserName }));
  for (const [i, doc] of policies.entries()) {
    await iam.send(new PutUserPolicyCommand({ UserName, PolicyName: `p${i}`, PolicyDocument: JSON.stringify(doc) }));
  }
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName }));
  return { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey!, arn: User!.Arn! };
}

export const allow = (actions: string | string[], resource: string | string[] = '*', extra: object = {}) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: resource, ...extra }],
});

export const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** A symmetric KMS key made through KMS itself, with this key policy (default when absent). */
export async function kmsKey(url: string, root: Credentials, keyPolicy?: string, region = 'us-east-1'): Promise<{ KeyId: string; Arn: string }> {
  const kms = new KMSClient(clientConfig(url, root, region));
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Policy: keyPolicy }));
  return { KeyId: KeyMetadata!.KeyId!, Arn: KeyMetadata!.Arn! };
}

export async function bodyText(body: unknown): Promise<string> {
  return (body as { transformToString(): Promise<string> }).transformToString();
}

export async function bodyBytes(body: unknown): Promise<Buffer> {
  return Buffer.from(await (body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}
