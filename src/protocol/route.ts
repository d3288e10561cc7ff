// Which service and operation a request is for, from the wire alone:
//   awsJson1_1  X-Amz-Target: TrentService.<Op> (KMS), com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>
//   awsQuery    Action=<Op> in a form body or the query string (IAM, STS), told apart by the
//               SigV4 credential scope's service, else by which service has that action
//   rest-xml    everything else (S3)
//   /_trailkey/ the emulator's own endpoints

export type Protocol = 'json' | 'query' | 'rest-xml' | 'trailkey';

export interface Route {
  protocol: Protocol;
  /** `kms`, `cloudtrail`, `iam`, `sts`, `s3`, or `trailkey`. */
  service: string;
  /** The operation, or the whole X-Amz-Target when it names no known operation. */
  operation: string;
}

// The model's targetPrefix, and the bare service shape name that smithy-generated clients
// (current @aws-sdk v3) send for CloudTrail; AWS accepts both.
const JSON_TARGETS: Readonly<Record<string, string>> = {
  TrentService: 'kms',
  'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101': 'cloudtrail',
  CloudTrail_20131101: 'cloudtrail',
};

export interface RouteInput {
  method: string;
  path: string;
  headers: Readonly<Record<string, string | undefined>>;
  /** The form parameters: a form-encoded body, or the query string of a request to `/` that carries Action. */
  form: URLSearchParams | null;
  /** Service names that have a given awsQuery action. */
  queryServicesFor: (action: string) => readonly string[];
}

/** The service named in the SigV4 credential scope (`Credential=AKID/date/region/<service>/aws4_request`). */
export function scopeService(headers: Readonly<Record<string, string | undefined>>, query: URLSearchParams | null): string | null {
  const auth = headers['authorization'];
  const credential = auth ? /Credential=([^,\s]+)/.exec(auth)?.[1] : query?.get('X-Amz-Credential');
  const parts = credential?.split('/');
  return parts && parts.length === 5 ? parts[3] : null;
}

export function route(input: RouteInput): Route {
  if (input.path.startsWith('/_trailkey/')) return { protocol: 'trailkey', service: 'trailkey', operation: input.path.slice(11) };
  const target = input.headers['x-amz-target'];
  if (target !== undefined) {
    const dot = target.lastIndexOf('.');
    const service = JSON_TARGETS[target.slice(0, dot)];
    return { protocol: 'json', service: service ?? 'unknown', operation: dot < 0 ? target : target.slice(dot + 1) };
  }
  const action = input.form?.get('Action');
  if (action) {
    const candidates = input.queryServicesFor(action);
    const scoped = scopeService(input.headers, input.form);
    const service = scoped && candidates.includes(scoped) ? scoped : candidates[0] ?? scoped ?? 'unknown';
    return { protocol: 'query', service, operation: action };
  }
  return { protocol: 'rest-xml', service: 's3', operation: '' };
}
