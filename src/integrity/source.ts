// What the validator reads, behind one small interface, and its implementation over the AWS SDK:
// CloudTrail DescribeTrails and ListPublicKeys, S3 GetBucketLocation, ListObjects, GetObject and
// HeadObject. The SDK's standard credential chain and Region/endpoint settings apply, so the same
// code reads the emulator and a real account.
import {
  CloudTrailClient, DescribeTrailsCommand, GetBucketLocationCommand, GetObjectCommand, HeadObjectCommand, ListObjectsCommand, ListPublicKeysCommand, S3Client,
} from './aws-sdk.js';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { leanGetter, templateOf, type ObjectUrlTemplate } from './lean-get.js';

export interface TrailInfo {
  TrailARN: string;
  S3BucketName: string;
  S3KeyPrefix?: string;
  IsOrganizationTrail?: boolean;
}

export interface PublicKey {
  /** DER PKCS#1 RSAPublicKey. */
  value: Uint8Array;
  fingerprint: string;
  validityStart?: Date;
  validityEnd?: Date;
}

/** A failed read, as AWS answered it. */
export interface ReadFailure {
  /** The AWS error code (`NoSuchKey`, `AccessDenied`, …) or the network error's code. */
  code: string;
  status?: number;
  message: string;
}

export type Fetched = { body: Buffer; metadata: Record<string, string> } | { failure: ReadFailure };

/** A call that failed before validation could start: which call, and what AWS said. */
export class SourceError extends Error {
  constructor(
    readonly operation: string,
    readonly failure: ReadFailure,
  ) {
    super(`${operation}: ${failure.code}: ${failure.message}`);
  }
}

export interface Source {
  /** DescribeTrails: the trail with this ARN, or undefined. */
  findTrail(arn: string): Promise<TrailInfo | undefined>;
  /** Keys under `prefix` after `marker`, in S3's order (ListObjects, every page). */
  listKeys(bucket: string, prefix: string, marker: string): Promise<string[]>;
  /** Folders one level under `prefix` (ListObjects with `/` as delimiter). */
  listFolders(bucket: string, prefix: string): Promise<string[]>;
  getObject(bucket: string, key: string): Promise<Fetched>;
  /** HeadObject: the object's KMS key, when it is readable without decrypting. */
  headObject(bucket: string, key: string): Promise<{ kmsKeyId?: string } | { failure: ReadFailure }>;
  listPublicKeys(start: Date, end: Date): Promise<PublicKey[]>;
}

export interface SdkSourceOptions {
  /** The Region CloudTrail is asked in, and whose digests are validated. */
  region: string;
  /** A custom endpoint for every client (the emulator); else the SDK's own resolution, which also reads AWS_ENDPOINT_URL. */
  endpoint?: string;
  /** Explicit credentials; else the SDK's standard chain (environment, profile, SSO, instance role…). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Parallel connections per SDK client (the lean GETs open one per request in flight, which the validator bounds). */
  sockets?: number;
  /**
   * Read objects with a lean signed GET once the SDK has shown where a bucket's objects are
   * (lean-get.ts); false sends every GetObject through the SDK. Default true.
   */
  lean?: boolean;
}

export function failureOf(e: unknown): ReadFailure {
  const err = e as { name?: string; code?: string; message?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode;
  let code = err.Code ?? (err.name && err.name !== 'Error' ? err.name : undefined) ?? err.code ?? 'Error';
  // HEAD answers carry no body: the SDK names them after the status.
  if (code === 'NotFound' || (code === 'Unknown' && status === 404)) code = 'NoSuchKey';
  if ((code === 'Forbidden' || code === 'Unknown') && status === 403) code = 'AccessDenied';
  return { code, status, message: err.message ?? String(e) };
}

/** A source over the AWS SDK v3 clients; `gets` counts the objects read each way. */
export function sdkSource(options: SdkSourceOptions): Source & { readonly gets: { lean: number; sdk: number } } {
  const sockets = options.sockets ?? 64;
  const requestHandler = {
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: sockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: sockets }),
  };
  const lean = options.lean !== false ? leanGetter() : undefined;
  /** Per bucket: where the SDK sent its last GetObject, learned by the middleware below. */
  const templates = new Map<string, ObjectUrlTemplate>();
  const gets = { lean: 0, sdk: 0 };
  const common = {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestHandler,
    maxAttempts: 3,
  };
  const cloudtrail = new CloudTrailClient({ ...common, region: options.region });
  const s3Clients = new Map<string, S3Client>();
  const s3 = (region: string) => {
    let client = s3Clients.get(region);
    if (!client) {
      client = new S3Client({
        ...common,
        region,
        // A custom endpoint (an emulator on 127.0.0.1) has no bucket subdomains.
        forcePathStyle: options.endpoint !== undefined || process.env.AWS_ENDPOINT_URL !== undefined || process.env.AWS_ENDPOINT_URL_S3 !== undefined,
        // The digest check hashes every byte itself; SDK response checksums would do it twice.
        responseChecksumValidation: 'WHEN_REQUIRED',
        requestChecksumCalculation: 'WHEN_REQUIRED',
        // A bucket in another Region than GetBucketLocation could tell us (the call was denied).
        followRegionRedirects: true,
      });
      if (lean) {
        // After the SDK has resolved the endpoint and built the request: remember its URL.
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const input = args.input as { Bucket?: string; Key?: string };
            if (context.commandName === 'GetObjectCommand' && input.Bucket && input.Key) {
              const template = templateOf(args.request as { protocol: string; hostname: string; port?: number; path: string }, input.Key);
              if (template) templates.set(input.Bucket, template);
            }
            return next(args);
          },
          { step: 'build', name: 'trailkeyObjectUrl' },
        );
      }
      s3Clients.set(region, client);
    }
    return client;
  };
  // The CLI asks GetBucketLocation in its own Region and then talks to the bucket's Region
  // (S3ClientProvider); an empty LocationConstraint is us-east-1.
  const regions = new Map<string, Promise<string>>();
  const bucketRegion = (bucket: string) => {
    let region = regions.get(bucket);
    if (!region) {
      region = s3(options.region)
        .send(new GetBucketLocationCommand({ Bucket: bucket }))
        .then(
          (r) => (r.LocationConstraint as string | undefined) || 'us-east-1',
          // Denied or unknown: the client follows S3's redirects instead.
          () => options.region,
        );
      regions.set(bucket, region);
    }
    return region;
  };
  const bucketClient = async (bucket: string) => s3(await bucketRegion(bucket));
  const sdkGet = async (bucket: string, key: string): Promise<Fetched> => {
    try {
      const client = await bucketClient(bucket);
      gets.sdk++;
      const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return { body: Buffer.from(await r.Body!.transformToByteArray()), metadata: r.Metadata ?? {} };
    } catch (e) {
      return { failure: failureOf(e) };
    }
  };
  /** Per bucket: the SDK's first GetObject, in flight or done. */
  const firstGets = new Map<string, Promise<Fetched>>();

  return {
    gets,
    async findTrail(arn) {
      try {
        // As the CLI does: DescribeTrails without arguments lists this Region's trails and the
        // multi-Region trails of others (get_trail_by_arn); a named lookup finds the rest.
        const all = await cloudtrail.send(new DescribeTrailsCommand({}));
        const found = all.trailList?.find((t) => t.TrailARN === arn);
        if (found) return found as TrailInfo;
        const named = await cloudtrail.send(new DescribeTrailsCommand({ trailNameList: [arn] }));
        return named.trailList?.find((t) => t.TrailARN === arn) as TrailInfo | undefined;
      } catch (e) {
        throw new SourceError('cloudtrail:DescribeTrails', failureOf(e));
      }
    },
    async listKeys(bucket, prefix, marker) {
      const client = await bucketClient(bucket);
      const keys: string[] = [];
      let after = marker;
      try {
        for (;;) {
          const page = await client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: after }));
          for (const o of page.Contents ?? []) keys.push(o.Key!);
          if (!page.IsTruncated || !page.Contents?.length) return keys;
          after = page.NextMarker ?? page.Contents[page.Contents.length - 1].Key!;
        }
      } catch (e) {
        throw new SourceError('s3:ListBucket', failureOf(e));
      }
    },
    async listFolders(bucket, prefix) {
      const client = await bucketClient(bucket);
      try {
        const page = await client.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Delimiter: '/' }));
        return (page.CommonPrefixes ?? []).map((p) => p.Prefix!);
      } catch (e) {
        throw new SourceError('s3:ListBucket', failureOf(e));
      }
    },
    async getObject(bucket, key) {
      if (lean && !templates.has(bucket)) {
        // The first GetObject on a bucket goes through the SDK and shows its URL; those asked
        // meanwhile (all the digests are asked at once) wait for it rather than all taking the
        // SDK's slower path.
        const first = firstGets.get(bucket);
        if (!first) {
          const fetched = sdkGet(bucket, key);
          firstGets.set(bucket, fetched);
          return fetched;
        }
        await first;
      }
      const template = templates.get(bucket);
      if (lean && template) {
        try {
          const region = await bucketRegion(bucket);
          const { config } = s3(region);
          // The SDK keeps its estimate of the local clock's skew from S3's Date headers; signing with it as the SDK does.
          const answer = await lean(template, key, region, await config.credentials(), new Date(Date.now() + (config.systemClockOffset ?? 0)));
          if (answer.status === 200) {
            gets.lean++;
            return { body: answer.body, metadata: answer.metadata };
          }
        } catch {
          // A network error, or an answer the lean client does not read: the SDK tries again, with its retries.
        }
      }
      return sdkGet(bucket, key);
    },
    async headObject(bucket, key) {
      try {
        const client = await bucketClient(bucket);
        const r = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { kmsKeyId: r.SSEKMSKeyId };
      } catch (e) {
        return { failure: failureOf(e) };
      }
    },
    async listPublicKeys(start, end) {
      const keys: PublicKey[] = [];
      let NextToken: string | undefined;
      try {
        do {
          const page = await cloudtrail.send(new ListPublicKeysCommand({ StartTime: start, EndTime: end, NextToken }));
          for (const k of page.PublicKeyList ?? []) {
            if (k.Value && k.Fingerprint) keys.push({ value: k.Value, fingerprint: k.Fingerprint, validityStart: k.ValidityStartTime, validityEnd: k.ValidityEndTime });
          }
          NextToken = page.NextToken;
        } while (NextToken);
      } catch (e) {
        throw new SourceError('cloudtrail:ListPublicKeys', failureOf(e));
      }
      return keys;
    },
  };
}
