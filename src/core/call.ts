// What every operation receives: the caller, where and when, the store transaction, injected
// randomness (principle 11), authorization through the policy engine, and calls to other
// operations through the operation table (so a service's own calls are authorized and recorded
// like anyone's).
import { evaluate, prepareRequest, type CompiledPolicy, type ContextValue, type Decision, type ResourceKind } from '../policy/index.js';
import type { Tx } from '../store/index.js';
import { principalOf, type Identity } from './identity.js';

export interface AuthRequest {
  action: string;
  resource: string;
  resourceKind: ResourceKind;
  resourceAccount?: string;
  resourcePolicy?: CompiledPolicy | null;
  context?: Readonly<Record<string, ContextValue>>;
}

export interface Ids {
  uuid(): string;
  bytes(n: number): Buffer;
}

export interface CallOptions {
  identity: Identity;
  region: string;
  requestId: string;
  now: Date;
  tx: Tx;
  ids: Ids;
  /** Context keys of the request itself (aws:SourceIp, aws:SecureTransport, aws:CurrentTime, …). */
  requestContext: Readonly<Record<string, ContextValue>>;
  identityPolicies: (identity: Identity) => readonly CompiledPolicy[];
  invoke: (parent: Call, operation: string, input: object, as: Identity, context: Readonly<Record<string, ContextValue>>) => unknown;
  /** Runs a service's read-only fact query (see ServiceDef.facts). */
  fact: (parent: Call, service: string, name: string, input: object) => unknown;
}

export class Call {
  readonly identity: Identity;
  readonly region: string;
  readonly requestId: string;
  readonly now: Date;
  readonly tx: Tx;
  readonly ids: Ids;
  readonly requestContext: Readonly<Record<string, ContextValue>>;
  private readonly options: CallOptions;

  constructor(options: CallOptions) {
    this.options = options;
    this.identity = options.identity;
    this.region = options.region;
    this.requestId = options.requestId;
    this.now = options.now;
    this.tx = options.tx;
    this.ids = options.ids;
    this.requestContext = options.requestContext;
  }

  /** The account the caller acts in. */
  get account(): string {
    return this.identity.account;
  }

  /** Evaluates this caller's request with its identity policies and the resource's policy. */
  authorize(request: AuthRequest): Decision {
    const prepared = prepareRequest(
      {
        principal: principalOf(this.identity),
        action: request.action,
        resource: request.resource,
        resourceAccount: request.resourceAccount,
        resourceKind: request.resourceKind,
        context: request.context,
      },
      this.requestContext,
    );
    return evaluate(prepared, { identity: this.options.identityPolicies(this.identity), resource: request.resourcePolicy });
  }

  /** Runs another operation (`kms:GenerateDataKey`) as `as` (default: this caller), in this transaction. */
  call<O = unknown>(operation: string, input: object, as: Identity = this.identity, context: Readonly<Record<string, ContextValue>> = {}): O {
    return this.options.invoke(this, operation, input, as, context) as O;
  }

  /**
   * Reads a fact another service keeps (`fact('kms', 'key', {KeyId})`): what AWS's services know of
   * each other internally, such as CloudTrail resolving a key ARN for its error text, with no
   * authorization and no event. Never a way around a policy: decisions go through call()/authorize().
   */
  fact<O = unknown>(service: string, name: string, input: object): O {
    return this.options.fact(this, service, name, input) as O;
  }

  /** A Call for the same request in another Region (a key named by the ARN of another Region). */
  inRegion(region: string): Call {
    return region === this.region ? this : new Call({ ...this.options, region });
  }

  /** A Call for the same request acting as another identity (a service on an account's behalf). */
  as(identity: Identity, context: Readonly<Record<string, ContextValue>> = {}): Call {
    return new Call({ ...this.options, identity, requestContext: { ...this.requestContext, ...context } });
  }
}
