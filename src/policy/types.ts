// The engine's public shapes. Member names follow AWS where AWS has one (Effect, Sid) and the
// request-file format of `trailkey eval` elsewhere (principal, action, resource, context).

export type Effect = 'Allow' | 'Deny';
export type DecisionEffect = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** What a policy is attached to; decides which validation rules and which evaluation role apply. */
export type PolicyKind = 'identity' | 'kms-key' | 's3-bucket' | 'resource';

/**
 * What the request's resource is; decides the grant rule. A KMS key and an IAM role (for
 * sts:AssumeRole, its trust policy) have no implicit account trust: their resource policy must
 * allow the caller, or name its account and leave the rest to IAM. Only KMS also limits which
 * actions another account can ever perform.
 */
export type ResourceKind = 'kms-key' | 's3' | 'role-trust' | 'other';

/** The caller as given in a request file. */
export type RequestPrincipal = { AWS: string } | { Service: string } | 'anonymous';

/** A context value: a string, or an array for a multi-valued key. */
export type ContextValue = string | readonly string[];

export interface EvalRequest {
  principal: RequestPrincipal;
  action: string;
  resource: string;
  /** The account that owns the resource. Defaults to the account in the resource ARN, else the caller's. */
  resourceAccount?: string;
  resourceKind?: ResourceKind;
  context?: Readonly<Record<string, ContextValue>>;
}

/** A statement that decided the outcome, named by the policy and by Sid (or `#index`). */
export interface Reason {
  /** `resourcePolicy` or `identityPolicies[i]` (or the name given at compile time). */
  policy: string;
  /** The Sid, or `#<index>` when the statement has none. */
  statement: string;
  index: number;
  effect: Effect;
  /** How the statement's principal matched: directly, through the account (delegation), or not applicable (identity policy). */
  via: 'identity' | 'direct' | 'account';
}

/**
 * Why an implicit deny happened:
 * - `resource`: no resource-policy statement allows (or, for KMS, none delegates to the caller's account);
 * - `identity`: the resource side delegates or is cross-account, but no identity policy allows;
 * - `both`: neither side allows;
 * - `cross-account-unsupported`: KMS never allows this action from another account;
 * - `service-needs-resource-policy`: a service principal or anonymous caller, and no resource policy grants it.
 */
export type Missing = 'resource' | 'identity' | 'both' | 'cross-account-unsupported' | 'service-needs-resource-policy';

export interface Check {
  element: 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal' | 'Condition';
  ok: boolean;
  /** One plain sentence, user values in backticks. */
  text: string;
}

export interface StatementTrace {
  policy: string;
  statement: string;
  index: number;
  effect: Effect;
  applies: boolean;
  checks: Check[];
}

export interface Decision {
  effect: DecisionEffect;
  reasons: Reason[];
  missing?: Missing;
  trace: StatementTrace[];
}

/**
 * A validation result with a JSON path into the policy (`$.Statement[0].Condition`).
 * `severity: 'error'` means AWS rejects the policy: `code` is AWS's error code for that policy kind
 * and `message` is AWS's text. `severity: 'warning'` is a lint: AWS accepts the policy but it never
 * does what the author meant; `message` is our own lower-case sentence.
 */
export interface Finding {
  severity: 'error' | 'warning';
  /** Stable rule id, kebab-case (`syntax`, `version`, `wildcard-in-string-equals`). */
  rule: string;
  /** AWS error code for errors (`MalformedPolicyDocument`, `MalformedPolicyDocumentException`, `MalformedPolicy`, ...). */
  code?: string;
  message: string;
  path: string;
}
