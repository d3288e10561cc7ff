// The AWS SDK clients `trailkey audit` reads an account with: one per service and Region, with the
// SDK's standard credential chain (environment, shared config and credentials files, SSO, process,
// web identity, container and instance roles) unless a test passes credentials.

import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';

/** Access key credentials, as the SDK takes them. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ClientOptions {
  /** The Region to read trails in; undefined: the SDK's (AWS_REGION, then the profile's `region`). */
  region?: string;
  /** One endpoint for every service (the emulator); undefined: AWS's, or AWS_ENDPOINT_URL[_<SERVICE>]. */
  endpoint?: string;
  /** undefined: the SDK's credential chain. */
  credentials?: Credentials;
  /** SDK attempts per call (default 3, with the SDK's backoff). */
  maxAttempts?: number;
}

export interface Clients {
  /** The Region trails are read in, once the SDK has resolved it. */
  region(): Promise<string>;
  cloudtrail(): CloudTrailClient;
  kms(region: string): KMSClient;
  s3(region: string): S3Client;
  /** Closes every client's sockets. */
  destroy(): void;
}

/** An endpoint other than AWS's, given or from the environment: S3 then needs path-style requests. */
function customEndpoint(options: ClientOptions): boolean {
  return Boolean(options.endpoint || process.env.AWS_ENDPOINT_URL || process.env.AWS_ENDPOINT_URL_S3);
}

export function makeClients(options: ClientOptions): Clients {
  const base = {
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  };
  const cloudtrail = new CloudTrailClient({ ...base, ...(options.region ? { region: options.region } : {}) });
  const kms = new Map<string, KMSClient>();
  const s3 = new Map<string, S3Client>();
  return {
    region: async () => (typeof cloudtrail.config.region === 'function' ? cloudtrail.config.region() : cloudtrail.config.region),
    cloudtrail: () => cloudtrail,
    kms: (region) => {
      let c = kms.get(region);
      if (!c) kms.set(region, (c = new KMSClient({ ...base, region })));
      return c;
    },
    s3: (region) => {
      let c = s3.get(region);
      if (!c) {
        // followRegionRedirects: a bucket whose Region we could not read is still reached through
        // S3's redirect (PermanentRedirect / AuthorizationHeaderMalformed name its Region).
        c = new S3Client({ ...base, region, forcePathStyle: customEndpoint(options), followRegionRedirects: true });
        s3.set(region, c);
      }
      return c;
    },
    destroy: () => {
      cloudtrail.destroy();
      for (const c of kms.values()) c.destroy();
      for (const c of s3.values()) c.destroy();
    },
  };
}
