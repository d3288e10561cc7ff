// The whole request pipeline, top to bottom, in one function (DESIGN.md "One request"):
// route → authenticate (SigV4) → decode + validate against the model → run the operation in one
// store transaction as the caller → encode. Every failure becomes the protocol's AWS error; nothing
// escapes as a crash.
import { AwsError, internalError, isAwsError } from '../core/aws-error.js';
import { Call } from '../core/call.js';
import { identityPolicies } from '../core/identities.js';
import type { Identity } from '../core/identity.js';
import { cryptoIds } from '../core/ids.js';
import type { Ids } from '../core/call.js';
import { validateInput, WireTypeError } from '../core/model.js';
import type { ServiceDef } from '../core/service.js';
import { decodeJson, jsonError, jsonResponse } from '../protocol/json.js';
import { decodeQuery, queryError, queryResponse } from '../protocol/query.js';
import { route, type Route } from '../protocol/route.js';
import { queryServicesFor, SERVICES } from '../services/index.js';
import type { Store, Tx } from '../store/index.js';
import { authenticate, type AuthMode } from './authenticate.js';
import { emulatorEndpoint } from './emulator.js';
import type { WireRequest, WireResponse } from './http.js';

export interface AppOptions {
  store: Store;
  /** The Region for requests that do not name one in their credential scope. */
  region: string;
  auth: AuthMode;
  clock?: () => Date;
  ids?: Ids;
  log?: (line: string) => void;
}

export interface App {
  handle(request: WireRequest): Promise<WireResponse>;
}

const QUERY_NAMESPACE: Readonly<Record<string, string>> = {
  iam: 'https://iam.amazonaws.com/doc/2010-05-08/',
  sts: 'https://sts.amazonaws.com/doc/2011-06-15/',
};

function errorResponse(r: Route, error: AwsError, requestId: string): WireResponse {
  if (r.protocol === 'query') return queryError(error, requestId, QUERY_NAMESPACE[r.service] ?? QUERY_NAMESPACE.iam);
  return jsonError(error, requestId);
}

function unknownOperation(r: Route): AwsError {
  // IAM/STS answer InvalidAction; the JSON services UnknownOperationException (aws-behavior.md §0.1 item 14).
  if (r.protocol === 'query') return new AwsError('InvalidAction', `Could not find operation ${r.operation} for service ${r.service}`, 400);
  return new AwsError('UnknownOperationException', `Unknown operation ${r.operation}`, 400);
}

export function createApp(options: AppOptions): App {
  const { store } = options;
  const clock = options.clock ?? (() => new Date());
  const ids = options.ids ?? cryptoIds;
  const log = options.log ?? (() => {});

  /** Runs `service.operation` as `identity` inside `tx`; Call.call() comes back here for service-to-service calls. */
  function run(tx: Tx, service: ServiceDef, operation: string, input: object, base: Omit<ConstructorParameters<typeof Call>[0], 'tx' | 'identityPolicies' | 'invoke'>): unknown {
    const call = new Call({
      ...base,
      tx,
      identityPolicies: (id: Identity) => identityPolicies(tx, id),
      invoke: (parent, target, childInput, as, context) => {
        const [svc, op] = target.split(':');
        const fn = SERVICES[svc]?.operations[op];
        if (!fn) throw internalError();
        return fn(parent.as(as, context), childInput);
      },
    });
    return service.operations[operation](call, input);
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
    try {
      if (r.protocol === 'trailkey') response = emulatorEndpoint(r.operation, request, { store, auth: options.auth, requestId });
      else if (r.protocol === 'rest-xml') throw new AwsError('NotImplemented', 'S3 is not served yet', 501);
      else {
        const service = SERVICES[r.service];
        if (!service || service.protocol !== r.protocol || !service.operations[r.operation]) throw unknownOperation(r);
        const auth = store.transaction((tx) => authenticate(tx, request, { path, query, route: r, now, mode: options.auth, defaultRegion: options.region }));
        who = auth.identity.arn;
        const input = r.protocol === 'json' ? decodeJson(request.body, service.model, r.operation) : decodeQuery(form!, service.model, r.operation);
        const invalid = validateInput(service.model, r.operation, input, r.protocol === 'query' ? 'ValidationError' : 'ValidationException');
        if (invalid) throw invalid;
        const base = {
          identity: auth.identity,
          region: auth.region,
          requestId,
          now,
          ids,
          requestContext: {
            'aws:SourceIp': request.remoteAddress.replace(/^::ffff:/, ''),
            'aws:SecureTransport': 'false',
            'aws:CurrentTime': now.toISOString(),
            'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
            'aws:RequestedRegion': auth.region,
            ...(request.headers['user-agent'] ? { 'aws:UserAgent': request.headers['user-agent'] } : {}),
          },
        };
        const output = store.transaction((tx) => run(tx, service, r.operation, input, base));
        response = r.protocol === 'json' ? jsonResponse(output, requestId) : queryResponse(service.model, r.operation, output, requestId);
      }
    } catch (e) {
      let error: AwsError;
      if (e instanceof WireTypeError) error = r.protocol === 'query' ? new AwsError('MalformedInput', e.message) : e;
      else if (isAwsError(e)) error = e;
      else {
        log(`internal error ${requestId}: ${(e as Error)?.stack ?? String(e)}`);
        error = internalError(r.protocol === 'query' ? 'ServiceFailure' : 'InternalFailure');
      }
      response = errorResponse(r, error, requestId);
    }
    log(`${now.toISOString()} ${response.status} ${r.service}:${r.operation || request.method + ' ' + path} ${who} ${(performance.now() - started).toFixed(1)}ms`);
    return response;
  }

  return { handle };
}
