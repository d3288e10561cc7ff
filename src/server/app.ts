// The whole request pipeline, top to bottom, in one function (DESIGN.md "One request"):
// route → authenticate (SigV4) → decode + validate against the model → run the operation in one
// store transaction as the caller, recording it as a CloudTrail event → encode. Every failure
// becomes the protocol's AWS error; nothing escapes as a crash.
import { AwsError, internalError, isAwsError } from '../core/aws-error.js';
import { Call } from '../core/call.js';
import { identityPolicies } from '../core/identities.js';
import { serviceIdentity, type Identity } from '../core/identity.js';
import { cryptoIds } from '../core/ids.js';
import type { Ids } from '../core/call.js';
import { validateInput, WireTypeError } from '../core/model.js';
import { isContinuation, type ServiceDef } from '../core/service.js';
import { decodeJson, jsonError, jsonResponse } from '../protocol/json.js';
import { asXmlModel } from '../protocol/rest-xml-model.js';
import { decodeRestXml, encodeRestXml, findOperation, restXmlError, s3Address } from '../protocol/rest-xml.js';
import { decodeQuery, queryError, queryResponse } from '../protocol/query.js';
import { route, type Route } from '../protocol/route.js';
import { queryServicesFor, SERVICES } from '../services/index.js';
import { entityTooLarge, internalError as s3InternalError, notImplemented as s3NotImplemented } from '../services/s3/errors.js';
import type { Store, Tx } from '../store/index.js';
import { authenticate, authenticateS3, type AuthMode } from './authenticate.js';
import { isRecorded, recordCall, type CallFacts } from './record.js';
import type { BodyLimit, WireRequest, WireResponse } from './http.js';

export interface AppOptions {
  store: Store;
  /** The Region for requests that do not name one in their credential scope. */
  region: string;
  auth: AuthMode;
  clock?: () => Date;
  ids?: Ids;
  log?: (line: string) => void;
  /** The emulator's own endpoints under /_trailkey/. */
  endpoint: (name: string, request: WireRequest, requestId: string) => Promise<WireResponse>;
}

/** The global condition keys of an S3 request, as the JSON/query branch sets them (aws:SecureTransport is false: trailkey speaks plain HTTP, §7.10). */
function commonContext(request: WireRequest, now: Date, region: string): Record<string, string> {
  return {
    'aws:SourceIp': request.remoteAddress.replace(/^::ffff:/, ''),
    'aws:SecureTransport': 'false',
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
    'aws:RequestedRegion': region,
    ...(request.headers['user-agent'] ? { 'aws:UserAgent': request.headers['user-agent'] } : {}),
  };
}

export interface App {
  handle(request: WireRequest): Promise<WireResponse>;
}

const QUERY_NAMESPACE: Readonly<Record<string, string>> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

function errorResponse(r: Route, error: AwsError, requestId: string, method: string): WireResponse {
  // S3 errors may carry headers (x-amz-bucket-region on a wrong-Region request, ETag on a 304).
  if (r.protocol === 'rest-xml') return restXmlError(error, requestId, method, (error as { headers?: Record<string, string> }).headers);
  if (r.protocol === 'query') return queryError(error, requestId, QUERY_NAMESPACE[r.service] ?? QUERY_NAMESPACE.iam);
  return jsonError(error, requestId);
}

/** The protocol's answer to a failure of the emulator itself. */
function internalErrorOf(r: Route): AwsError {
  if (r.protocol === 'rest-xml') return s3InternalError();
  return internalError(r.protocol === 'query' ? 'ServiceFailure' : 'InternalFailure');
}

function unknownOperation(r: Route): AwsError {
  // IAM/STS answer InvalidAction; the JSON services UnknownOperationException (aws-behavior.md §0.1 item 14).
  if (r.protocol === 'query') return new AwsError('InvalidAction', `Could not find operation ${r.operation} for service ${r.service}`, 400);
  return new AwsError('UnknownOperationException', `Unknown operation ${r.operation}`, 400);
}

/** The largest JSON/query request body (KMS policies are at most 32 KB). */
export const MAX_BODY = 1024 * 1024;

/**
 * The largest S3 request body: 64 MiB. Bodies are read into memory whole (they are hashed,
 * chunk-verified and encrypted before anything is stored), so the cap bounds each request's memory.
 * Larger files go through multipart upload, as the AWS CLI (8 MiB parts) and the SDKs' upload
 * helpers (5 MiB) already do; S3's own limit for one PUT is 5 GiB.
 */
export const MAX_S3_BODY = 64 * 1024 * 1024;

/** The body cap of a request, from what route() will decide without its body (DESIGN.md "One request"). */
export function requestLimit(request: Pick<WireRequest, 'method' | 'url' | 'headers'>): BodyLimit {
  const q = request.url.indexOf('?');
  const path = q < 0 ? request.url : request.url.slice(0, q);
  const notS3 =
    request.headers['x-amz-target'] !== undefined ||
    (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ||
    path.startsWith('/_trailkey/') ||
    (path === '/' && /(^|&)Action=/.test(q < 0 ? '' : request.url.slice(q + 1)));
  if (notS3) {
    return {
      max: MAX_BODY,
      tooLarge: () => ({ status: 413, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ __type: 'RequestEntityTooLargeException', message: `Request body is larger than ${MAX_BODY} bytes` }) }),
    };
  }
  return {
    max: MAX_S3_BODY,
    // S3's EntityTooLarge (S3 error-code list), with the proposed and the allowed size.
    tooLarge: (size) =>
      restXmlError(entityTooLarge(size, MAX_S3_BODY), cryptoIds.uuid(), request.method),
  };
}

/** Runs a service's read-only fact query for a Call (Call.fact). */
function serviceFact(parent: Call, svc: string, name: string, input: object): unknown {
  const fn = SERVICES[svc]?.facts?.[name];
  if (!fn) throw internalError();
  return fn(parent, input);
}

/** What an internal call (the delivery worker's PutObject as CloudTrail) runs with. */
export interface InternalCall {
  identity: Identity;
  /** Default for S3: the bucket's Region, where a regional endpoint would send the call. */
  region?: string;
  context: Record<string, string>;
  /** Joins the transaction that commits the operation's effects (and its event record). */
  commit?: (tx: Tx, output: unknown) => void;
}

export function createApp(options: AppOptions): App & { invoke(operation: string, input: object, call: InternalCall): Promise<unknown> } {
  const { store } = options;
  const clock = options.clock ?? (() => new Date());
  const ids = options.ids ?? cryptoIds;
  const log = options.log ?? (() => {});

  type Base = Omit<ConstructorParameters<typeof Call>[0], 'tx' | 'identityPolicies' | 'invoke' | 'fact'> & { sourceIp: string; userAgent?: string; host?: string };

  /** What every record of this request shares. */
  const facts = (service: ServiceDef, operation: string, base: Base, input: unknown): CallFacts => ({
    service,
    operation,
    identity: base.identity,
    region: base.region,
    now: base.now,
    requestId: base.requestId,
    sourceIp: base.sourceIp,
    userAgent: base.userAgent,
    host: base.host,
    input,
  });

  /**
   * Failed calls a service made on a principal's behalf (S3's GenerateDataKey refused by the key
   * policy): recorded like any failed call, in the transaction that records the request itself —
   * its own when the request fails, whose transaction rolls back.
   */
  type Failures = CallFacts[];

  /**
   * A Call for one transaction of a request. Call.call() comes back here: a service's calls on a
   * principal's behalf (S3's GenerateDataKey for SSE-KMS) run through the same table, are
   * authorized as that principal, and are recorded with `invokedBy` the calling service.
   */
  function newCall(tx: Tx, base: Base, service: ServiceDef, failures: Failures = []): Call {
    // Listed rather than spread from `base`: this runs for every transaction of every request.
    return new Call({
      identity: base.identity,
      region: base.region,
      requestId: base.requestId,
      now: base.now,
      ids: base.ids,
      requestContext: base.requestContext,
      tx,
      identityPolicies: (id: Identity) => identityPolicies(tx, id),
      invoke: (parent, target, childInput, as, context) => {
        const [svc, op] = target.split(':');
        const child = SERVICES[svc];
        const fn = child?.operations[op];
        if (!fn) throw internalError();
        // The service's own endpoint answers the child call: no client address, no client Host.
        const childFacts = { ...facts(child, op, { ...base, identity: as, host: undefined }, childInput), invokedBy: `${service.name}.amazonaws.com` };
        let output: unknown;
        try {
          output = fn(parent.as(as, context), childInput);
        } catch (e) {
          if (isAwsError(e)) failures.push({ ...childFacts, error: { code: e.code, message: e.message } });
          throw e;
        }
        if (!isContinuation(output)) recordCall(tx, { ...childFacts, output }, ids);
        return output;
      },
      fact: serviceFact,
    });
  }

  /**
   * What a record needs to know of the call's resource that the call's output may not say: the
   * account that owns an S3 request's bucket (recipientAccountId), and the key a failed KMS call
   * named (its `resources`, and its owner's copy of the event).
   */
  function resourceFacts(call: Call, f: CallFacts): CallFacts {
    const input = (f.input ?? {}) as Record<string, unknown>;
    if (f.service.name === 's3' && typeof input.Bucket === 'string') {
      return { ...f, resourceOwner: call.fact<{ Owner: string } | undefined>('s3', 'bucket', { Bucket: input.Bucket })?.Owner };
    }
    if (f.service.name === 'kms' && f.error && typeof input.KeyId === 'string') {
      return { ...f, resourceArn: call.fact<{ Arn: string } | null>('kms', 'key', { KeyId: input.KeyId })?.Arn };
    }
    return f;
  }

  /**
   * Records the call in `tx`, with its resource's facts; a data event no trail can log is neither
   * gathered nor built (record.ts isRecorded).
   */
  function record(tx: Tx, call: Call, f: CallFacts): void {
    if (isRecorded(tx, f)) recordCall(tx, resourceFacts(call, f), ids);
  }

  /** Records the child calls that failed, in `tx`. */
  function recordFailures(tx: Tx, base: Base, service: ServiceDef, failures: Failures): void {
    for (const f of failures.splice(0)) record(tx, newCall(tx, { ...base, identity: f.identity }, service), f);
  }

  /** Resolves once `commits` are on disk; a failed commit is an internal error, and says so. */
  async function committed(commits: Promise<void>[]): Promise<void> {
    try {
      await Promise.all(commits);
    } catch (e) {
      throw new Error(`commit failed: ${(e as Error)?.message ?? String(e)}`, { cause: e });
    }
  }

  /** Records a call refused before it ran (a request that does not decode or validate), in its own (batched) transaction. */
  async function recordRefused(service: ServiceDef, operation: string, base: Base, input: unknown, e: unknown): Promise<void> {
    if (!isAwsError(e)) return;
    store.batch((tx) => record(tx, newCall(tx, base, service), { ...facts(service, operation, base, input ?? {}), error: { code: e.code, message: e.message } }));
    await committed([store.durable()]);
  }

  /**
   * Runs an operation and records it as a CloudTrail event. A plain operation runs, is recorded and
   * commits in one transaction. An operation that needs asynchronous I/O returns a Continuation
   * (core/service.ts): its first transaction commits, the I/O runs outside any transaction, then
   * `finish` runs in a new one — where the record and `commit` join the metadata's commit — and may
   * hand back another Continuation (a PutObject that replaced an object deletes the old blobs only
   * after the new metadata is committed). A failed call is recorded in a transaction of its own.
   *
   * Transactions are batched (group commit, Store.batch): the calls of one turn of the event loop
   * commit together, which makes a call's commit several times cheaper (bench/kms). So execute
   * waits for `durable()` before any I/O that depends on a commit (all but a Continuation's that
   * `readsOnly`) and, for every commit it made, before it returns: nothing is acknowledged before
   * it is on disk.
   */
  async function execute(service: ServiceDef, operation: string, input: Record<string, unknown>, base: Base, commit?: InternalCall['commit']): Promise<unknown> {
    let recorded = false;
    const failures: Failures = [];
    const recordOnce = (tx: Tx, call: Call, output: unknown) => {
      recordFailures(tx, base, service, failures);
      if (recorded) return;
      recorded = true;
      // An output still to come (a Continuation that deletes replaced blobs after this commit) is
      // not known yet: the record shows no response elements [INF].
      const plain = isContinuation(output) ? undefined : output;
      record(tx, call, { ...facts(service, operation, base, input), output: plain });
      commit?.(tx, plain);
    };
    try {
      let output = store.batch((tx) => {
        const call = newCall(tx, base, service, failures);
        const o = service.operations[operation](call, input);
        if (!isContinuation(o)) recordOnce(tx, call, o);
        return o;
      });
      // Every commit this call made, to wait for before answering.
      const commits = [store.durable()];
      while (isContinuation(output)) {
        const step = output;
        if (!step.readsOnly) await committed(commits);
        const value = await step.io(store);
        output = store.batch((tx) => {
          const call = newCall(tx, base, service, failures);
          const o = step.finish(call, value);
          recordOnce(tx, call, o);
          return o;
        });
        commits.push(store.durable());
      }
      await committed(commits);
      return output;
    } catch (e) {
      if (isAwsError(e) && (!recorded || failures.length > 0)) {
        store.batch((tx) => {
          recordFailures(tx, base, service, failures);
          if (recorded) return;
          record(tx, newCall(tx, base, service), { ...facts(service, operation, base, input), error: { code: e.code, message: e.message } });
        });
        await committed([store.durable()]);
      }
      throw e;
    }
  }

  function baseOf(request: WireRequest, identity: Identity, region: string, now: Date, requestId: string, extra: Record<string, string> = {}): Base {
    return {
      identity,
      region,
      requestId,
      now,
      ids,
      sourceIp: request.remoteAddress.replace(/^::ffff:/, ''),
      userAgent: request.headers['user-agent'],
      host: request.headers.host,
      requestContext: { ...commonContext(request, now, region), ...extra },
    };
  }

  /** The S3 branch: address (path or virtual host), route by the model, authenticate, decode, run, encode. */
  async function handleS3(request: WireRequest, r: Route, path: string, query: URLSearchParams, now: Date, requestId: string, caller: (who: string) => void): Promise<WireResponse> {
    const service = SERVICES.s3;
    const address = s3Address(request.headers.host, path);
    const operation = findOperation(asXmlModel(service.model), { method: request.method, address, query, headers: request.headers });
    r.operation = operation ?? '';
    // A request for an S3 operation trailkey does not serve is refused loudly (principle 4).
    if (!operation || !service.operations[operation]) throw s3NotImplemented(operation ?? `${request.method} ${path}`);
    // Authentication only reads: no transaction (its reads see every commit so far).
    const auth = authenticateS3(store, request, { path, query, now, mode: options.auth, defaultRegion: options.region });
    caller(auth.identity.arn || 'anonymous');
    const base = baseOf(request, auth.identity, auth.region, now, requestId, auth.context);
    let input: Record<string, unknown>;
    try {
      input = decodeRestXml(service.model, operation, {
        uri: { Bucket: address.bucket, Key: address.key },
        query,
        headers: { ...request.headers, ...auth.trailers },
        body: auth.body,
      });
    } catch (e) {
      // An authenticated request that S3 refuses as malformed is still an API call it records.
      await recordRefused(service, operation, base, { Bucket: address.bucket, Key: address.key }, e);
      throw e;
    }
    const output = await execute(service, operation, input, base);
    return encodeRestXml(service.model, operation, output as Record<string, unknown>, requestId);
  }

  /** The JSON (KMS, CloudTrail) and query (IAM, STS) branch. */
  async function handleApi(request: WireRequest, r: Route, path: string, query: URLSearchParams, form: URLSearchParams | null, now: Date, requestId: string, caller: (who: string) => void): Promise<WireResponse> {
    const service = SERVICES[r.service];
    if (!service || service.protocol !== r.protocol || !service.operations[r.operation]) throw unknownOperation(r);
    const auth = authenticate(store, request, { path, query, route: r, now, mode: options.auth, defaultRegion: options.region });
    caller(auth.identity.arn);
    const base = baseOf(request, auth.identity, auth.region, now, requestId);
    let input: Record<string, unknown> | undefined;
    try {
      input = r.protocol === 'json' ? decodeJson(request.body, service.model, r.operation) : decodeQuery(form!, service.model, r.operation);
      const invalid = validateInput(service.model, r.operation, input, r.protocol === 'query' ? 'ValidationError' : 'ValidationException', service.validatesOwnInput);
      if (invalid) throw invalid;
    } catch (e) {
      // AWS records calls that fail validation (errorCode ValidationException) like any failed call.
      await recordRefused(service, r.operation, base, input, r.protocol === 'query' && e instanceof WireTypeError ? new AwsError('MalformedInput', e.message) : e);
      throw e;
    }
    const output = await execute(service, r.operation, input, base);
    return r.protocol === 'json' ? jsonResponse(output, requestId) : queryResponse(service.model, r.operation, output, requestId);
  }

  async function handle(request: WireRequest): Promise<WireResponse> {
    const started = performance.now();
    const now = clock();
    const requestId = ids.uuid();
    const q = request.url.indexOf('?');
    const path = q < 0 ? request.url : request.url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : request.url.slice(q + 1));
    const isForm = (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const form = isForm ? new URLSearchParams(request.body.toString('utf8')) : query.has('Action') && path === '/' ? query : null;
    const r = route({ method: request.method, path, headers: request.headers, form, queryServicesFor });
    let response: WireResponse;
    let who = '-';
    const caller = (arn: string) => (who = arn);
    try {
      if (r.protocol === 'trailkey') response = await options.endpoint(r.operation, request, requestId);
      else if (r.protocol === 'rest-xml') response = await handleS3(request, r, path, query, now, requestId, caller);
      else response = await handleApi(request, r, path, query, form, now, requestId, caller);
    } catch (e) {
      let error: AwsError;
      if (e instanceof WireTypeError) error = r.protocol === 'query' ? new AwsError('MalformedInput', e.message) : e;
      else if (isAwsError(e)) error = e;
      else {
        log(`internal error ${requestId}: ${(e as Error)?.stack ?? String(e)}`);
        error = internalErrorOf(r);
      }
      response = errorResponse(r, error, requestId, request.method);
    }
    if (options.log) log(`${now.toISOString()} ${response.status} ${r.service}:${r.operation || request.method + ' ' + path} ${who} ${(performance.now() - started).toFixed(1)}ms`);
    return response;
  }

  /** The Region of a bucket, where a Regional S3 endpoint would take a service's call. */
  function bucketRegion(bucket: string): string | undefined {
    const s3 = SERVICES.s3;
    const base: Base = { identity: serviceIdentity('s3.amazonaws.com', ''), region: options.region, requestId: '', now: clock(), ids, sourceIp: '', requestContext: {} };
    return store.transaction((tx) => newCall(tx, base, s3).fact<{ Region: string } | undefined>('s3', 'bucket', { Bucket: bucket })?.Region);
  }

  /** Runs an operation for the emulator itself (delivery), as `call.identity`, recorded like any call. */
  async function invoke(target: string, input: object, call: InternalCall): Promise<unknown> {
    const [svc, op] = target.split(':');
    const service = SERVICES[svc];
    if (!service?.operations[op]) throw internalError();
    const now = clock();
    const bucket = (input as { Bucket?: unknown }).Bucket;
    const region = call.region ?? (svc === 's3' && typeof bucket === 'string' ? bucketRegion(bucket) : undefined) ?? options.region;
    const base: Base = {
      identity: call.identity,
      region,
      requestId: ids.uuid(),
      now,
      ids,
      sourceIp: call.identity.arn,
      userAgent: call.identity.arn,
      // A service reaches S3 at its Regional virtual-hosted endpoint [INF].
      host: svc === 's3' && typeof bucket === 'string' ? `${bucket}.s3.${region}.amazonaws.com` : undefined,
      requestContext: {
        'aws:CurrentTime': now.toISOString(),
        'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
        'aws:RequestedRegion': region,
        ...call.context,
      },
    };
    return execute(service, op, input as Record<string, unknown>, base, call.commit);
  }

  return { handle, invoke };
}
