// A request ready for evaluation: the caller parsed, the action lower-cased, the resource split into
// its ARN parts and the context keyed case-insensitively, with the keys AWS derives from the caller.
import { splitArn } from './operators/arn.js';
import { ANONYMOUS, parseCallerArn, serviceCaller, type Caller } from './principal.js';
import type { ContextValue, EvalRequest, ResourceKind } from './types.js';

export interface PreparedRequest {
  readonly caller: Caller;
  readonly action: string;
  readonly actionLower: string;
  readonly resource: string;
  readonly resourceParts: readonly string[] | null;
  /** The resource owner: the request's resourceAccount, else the ARN's account, else the caller's. */
  readonly resourceAccount: string | null;
  readonly resourceKind: ResourceKind;
  /** Lower-cased keys: condition key names are case-insensitive (policy-semantics.md §4.5). */
  readonly context: ReadonlyMap<string, ContextValue>;
}

export class RequestError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

// Parsed callers by ARN: a server authorizes the same few callers over and over. Callers are
// read-only, so one object can serve every request. Bounded; emptied when full.
const callers = new Map<string, Caller>();
const MAX_CALLERS = 4096;

export function callerOf(principal: EvalRequest['principal']): Caller {
  if (principal === 'anonymous') return ANONYMOUS;
  if ('Service' in principal) return serviceCaller(principal.Service);
  const known = callers.get(principal.AWS);
  if (known !== undefined) return known;
  const caller = parseCallerArn(principal.AWS);
  if (!caller) {
    throw new RequestError(
      `\`${principal.AWS}\` is not the ARN of a root, user, role, assumed-role session or federated user`,
      'principal.AWS',
    );
  }
  if (callers.size >= MAX_CALLERS) callers.clear();
  callers.set(principal.AWS, caller);
  return caller;
}

const PRINCIPAL_TYPE: Readonly<Record<Caller['kind'], string>> = {
  root: 'Account',
  user: 'User',
  role: 'AssumedRole',
  'role-session': 'AssumedRole',
  'federated-user': 'FederatedUser',
  service: 'Service',
  anonymous: 'Anonymous',
};

/**
 * The global keys AWS derives from the caller (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 * `aws:userid` needs the unique id of users and roles, which an ARN does not carry: it is derived
 * only for the root (the account id) and federated users (`account:name`). For a role session,
 * `aws:PrincipalArn` is the role ARN; the session ARN has no role path, so none is assumed.
 */
function derivedKeys(caller: Caller, action: string): [string, string][] {
  const keys: [string, string][] = [['aws:PrincipalType', PRINCIPAL_TYPE[caller.kind]]];
  if (caller.kind === 'service') {
    keys.push(['aws:PrincipalIsAWSService', 'true'], ['aws:PrincipalServiceName', caller.arn]);
    return keys;
  }
  if (caller.kind === 'anonymous') return keys;
  const account = caller.account!;
  const principalArn =
    caller.kind === 'role-session' ? `arn:${caller.arn.split(':')[1]}:iam::${account}:role/${caller.role!.split(':')[1]}` : caller.arn;
  keys.push(['aws:PrincipalArn', principalArn], ['aws:PrincipalAccount', account], ['aws:PrincipalIsAWSService', 'false']);
  if (caller.kind === 'user') keys.push(['aws:username', caller.name!]);
  if (caller.kind === 'root') keys.push(['aws:userid', account]);
  if (caller.kind === 'federated-user') keys.push(['aws:userid', `${account}:${caller.name}`]);
  if (action.toLowerCase().startsWith('kms:')) keys.push(['kms:CallerAccount', account]);
  return keys;
}

// Condition key names lower-cased, by name: the same few dozen names come with every request.
const lowerNames = new Map<string, string>();

function lower(name: string): string {
  let l = lowerNames.get(name);
  if (l === undefined) {
    if (lowerNames.size >= 4096) lowerNames.clear();
    lowerNames.set(name, (l = name.toLowerCase()));
  }
  return l;
}

/**
 * `inherited`: context keys that `request.context` may override (a server's keys of the whole
 * request, beneath an operation's own), so that a caller need not merge the two objects first.
 */
export function prepareRequest(request: EvalRequest, inherited?: Readonly<Record<string, ContextValue>>): PreparedRequest {
  const caller = callerOf(request.principal);
  const context = new Map<string, ContextValue>();
  for (const source of [inherited, request.context]) {
    if (source === undefined) continue;
    for (const key in source) context.set(lower(key), source[key]);
  }
  for (const [key, value] of derivedKeys(caller, request.action)) {
    const k = lower(key);
    if (!context.has(k)) context.set(k, value);
  }
  const resourceParts = request.resource === '*' ? null : splitArn(request.resource);
  const arnAccount = resourceParts && /^\d{12}$/.test(resourceParts[4]) ? resourceParts[4] : null;
  return {
    caller,
    action: request.action,
    actionLower: request.action.toLowerCase(),
    resource: request.resource,
    resourceParts,
    resourceAccount: request.resourceAccount ?? arnAccount ?? caller.account,
    resourceKind: request.resourceKind ?? 'other',
    context,
  };
}
