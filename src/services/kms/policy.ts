// Key policies (aws-behavior.md §6.2, §6.3; policy-semantics.md §4.10 "KMS key policies"): the
// default policy, and the checks a new policy passes at CreateKey and PutKeyPolicy, in this order
// [INF: AWS documents the checks, not their order]: what the policy validator rejects (syntax,
// size, principal forms, OverlyPermissiveCondition), principals that do not exist, the lockout check.
import type { Call } from '../../core/call.js';
import { getRole, getUser } from '../../core/identities.js';
import type { CompiledPolicy, ContextValue } from '../../policy/index.js';
import { validatePolicy } from '../../policy/validate/index.js';
import { compiledKeyPolicy } from './authorize.js';
import { limitExceeded, malformedPolicyDocument, validation } from './errors.js';

/**
 * CreateKey without Policy (§6.2): one statement that gives the account principal `kms:*`, which
 * lets the account's IAM policies grant access. Emitted with the spacing of AWS's get-key-policy
 * output (`"Key" : value`, `[ {` … `} ]`), and with the Sid AWS returns, `Enable IAM User Permissions`.
 */
export function defaultKeyPolicy(account: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${account}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;
}

const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';
const LOCKOUT = 'The new key policy will not allow you to update the key policy in the future.';

export interface NewPolicy {
  text: string;
  /** The key the policy is for: its ARN, its account, and the condition keys that describe it. */
  keyArn: string;
  account: string;
  keyContext: Readonly<Record<string, ContextValue>>;
  bypassLockoutCheck: boolean;
}

/** Checks a policy about to be attached to a key; returns it compiled, or throws AWS's answer. */
export function checkNewKeyPolicy(call: Call, policy: NewPolicy): CompiledPolicy {
  const first = validatePolicy(policy.text, 'kms-key').find((f) => f.severity === 'error');
  if (first) {
    if (first.code === 'LimitExceededException') throw limitExceeded(first.message);
    if (first.code === 'ValidationException') throw validation.text(first.message);
    throw malformedPolicyDocument(first.message);
  }
  let compiled: CompiledPolicy;
  try {
    compiled = compiledKeyPolicy(policy.text);
  } catch {
    // The validator accepted what the compiler cannot read: an unknown text, as for syntax errors.
    throw malformedPolicyDocument('');
  }
  if (!principalsExist(call, policy.text)) throw malformedPolicyDocument(INVALID_PRINCIPALS);
  if (!policy.bypassLockoutCheck) {
    // §6.3 [INF]: simulate the caller's next PutKeyPolicy against the new policy, with its IAM policies.
    const decision = call.authorize({
      action: 'kms:PutKeyPolicy',
      resource: policy.keyArn,
      resourceKind: 'kms-key',
      resourceAccount: policy.account,
      resourcePolicy: compiled,
      context: policy.keyContext,
    });
    if (decision.effect !== 'Allow') throw malformedPolicyDocument(LOCKOUT);
  }
  return compiled;
}

const USER_OR_ROLE = /^arn:aws[a-z-]*:iam::(\d{12}):(user|role)(\/(?:.*\/)?)([^/]+)$/;
const SESSION = /^arn:aws[a-z-]*:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

/**
 * KMS refuses a policy naming a user or role that does not exist ("invalid principals", §6.3).
 * Users and roles are looked up in the emulator's IAM tables, in any account; a session ARN needs
 * its role. Accounts (any 12-digit id, `:root` ARNs), `*`, services, federated users and unique ids
 * are accepted as their form is [INF: AWS cannot check accounts, and trailkey cannot check the rest].
 * Names compare case-insensitively, as IAM names are unique regardless of case [INF].
 */
function principalsExist(call: Call, text: string): boolean {
  const doc = JSON.parse(text) as { Statement?: unknown };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const st of statements) {
    if (st === null || typeof st !== 'object') continue;
    for (const element of ['Principal', 'NotPrincipal']) {
      const p = (st as Record<string, unknown>)[element];
      if (p === null || typeof p !== 'object') continue;
      const aws = (p as Record<string, unknown>).AWS;
      const values = Array.isArray(aws) ? aws : aws === undefined ? [] : [aws];
      for (const v of values) if (typeof v === 'string' && !principalExists(call, v)) return false;
    }
  }
  return true;
}

function principalExists(call: Call, arn: string): boolean {
  const m = USER_OR_ROLE.exec(arn);
  if (m) {
    const [, account, kind, path, name] = m;
    const record = kind === 'user' ? getUser(call.tx, account, name) : getRole(call.tx, account, name);
    return record !== undefined && record.Path.toLowerCase() === path.toLowerCase();
  }
  const s = SESSION.exec(arn);
  if (s) return getRole(call.tx, s[1], s[2]) !== undefined;
  return true;
}
