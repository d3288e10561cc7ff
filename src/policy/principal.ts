// Principals: the caller making a request, and the Principal/NotPrincipal element that names callers.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
import { PolicyError } from './policy-error.js';

export type CallerKind = 'root' | 'user' | 'role' | 'role-session' | 'federated-user' | 'service' | 'anonymous';

export interface Caller {
  readonly kind: CallerKind;
  /** The ARN as given (session ARN for role sessions); the service name for services; '' for anonymous. */
  readonly arn: string;
  readonly account: string | null;
  /** `account:RoleName` for roles and role sessions: a role ARN in a policy matches all its sessions. */
  readonly role: string | null;
  /** The user, role-session or federated-user name. */
  readonly name: string | null;
}

const ACCOUNT = /^\d{12}$/;
const IAM_ARN = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):(.+)$/;

export const ANONYMOUS: Caller = { kind: 'anonymous', arn: '', account: null, role: null, name: null };

export function serviceCaller(service: string): Caller {
  return { kind: 'service', arn: service, account: null, role: null, name: null };
}

/** Parses the ARN of an IAM caller, or returns null when it is not one. A bare account id is its root. */
export function parseCallerArn(arn: string): Caller | null {
  if (ACCOUNT.test(arn)) return { kind: 'root', arn: `arn:aws:iam::${arn}:root`, account: arn, role: null, name: null };
  const m = IAM_ARN.exec(arn);
  if (!m) return null;
  const [, , service, account, rest] = m;
  const base = { arn, account };
  if (service === 'iam') {
    if (rest === 'root') return { ...base, kind: 'root', role: null, name: null };
    const slash = rest.lastIndexOf('/');
    const name = rest.slice(slash + 1);
    if (slash < 0 || !name) return null;
    if (rest.startsWith('user/')) return { ...base, kind: 'user', role: null, name };
    if (rest.startsWith('role/')) return { ...base, kind: 'role', role: `${account}:${name}`, name };
    return null;
  }
  const session = /^assumed-role\/([^/]+)\/(.+)$/.exec(rest);
  if (session) return { ...base, kind: 'role-session', role: `${account}:${session[1]}`, name: session[2] };
  const federated = /^federated-user\/(.+)$/.exec(rest);
  if (federated) return { ...base, kind: 'federated-user', role: null, name: federated[1] };
  return null;
}

/** The Principal or NotPrincipal element, normalised into sets for constant-time matching. */
export interface PrincipalSet {
  readonly any: boolean;
  /** Account ids: `"111111111111"` and `arn:aws:iam::111111111111:root` both name the account (delegation). */
  readonly accounts: ReadonlySet<string>;
  /** Exact IAM ARNs: users, role sessions, federated users. Case-sensitive. */
  readonly arns: ReadonlySet<string>;
  /** `account:RoleName` of role ARNs; the session ARN has no role path, so the path is dropped. */
  readonly roles: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  /** Federated and CanonicalUser values: kept for completeness, they match no caller this engine models. */
  readonly others: ReadonlySet<string>;
  /** The element as written, for the trace. */
  readonly text: string;
}

function strings(value: unknown, path: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  for (const v of list) if (typeof v !== 'string') throw new PolicyError('principal values must be strings', path);
  return list as string[];
}

export function compilePrincipals(element: unknown, path: string): PrincipalSet {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const roles = new Set<string>();
  const services = new Set<string>();
  const others = new Set<string>();
  let any = false;
  const text = JSON.stringify(element);
  if (element === '*') return { any: true, accounts, arns, roles, services, others, text };
  if (element === null || typeof element !== 'object' || Array.isArray(element)) {
    throw new PolicyError('the Principal element must be "*" or an object', path);
  }
  for (const [type, value] of Object.entries(element)) {
    const list = strings(value, `${path}.${type}`);
    if (type === 'AWS') {
      for (const v of list) {
        if (v === '*') any = true;
        else {
          const caller = parseCallerArn(v);
          // Unique ids (AIDA…, AROA…) are what a stored policy shows after its user or role was
          // deleted; they match nothing new, so they go nowhere.
          if (!caller) continue;
          if (caller.kind === 'root') accounts.add(caller.account!);
          else if (caller.kind === 'role') roles.add(caller.role!);
          else arns.add(caller.arn);
        }
      }
    } else if (type === 'Service') list.forEach((v) => services.add(v));
    else if (type === 'Federated' || type === 'CanonicalUser') list.forEach((v) => others.add(`${type}:${v}`));
    else throw new PolicyError(`unknown principal type \`${type}\``, `${path}.${type}`);
  }
  return { any, accounts, arns, roles, services, others, text };
}

/** How a principal element matched the caller: `direct` (its ARN, role, service or `*`) or through its `account`. */
export type PrincipalMatch = 'direct' | 'account' | null;

export function matchPrincipal(set: PrincipalSet, caller: Caller): PrincipalMatch {
  if (set.any) return 'direct';
  switch (caller.kind) {
    case 'anonymous':
      return null;
    case 'service':
      return set.services.has(caller.arn) ? 'direct' : null;
    default:
      if (set.arns.has(caller.arn)) return 'direct';
      if (caller.role !== null && set.roles.has(caller.role)) return 'direct';
      return set.accounts.has(caller.account!) ? 'account' : null;
  }
}

/**
 * NotPrincipal with Deny: AWS walks the caller's identity chain (account; for sessions the role; then
 * the principal itself) and the statement applies unless every link is listed. Listing only Bob
 * still denies Bob; listing Bob and his account exempts Bob but not Eve (policy-semantics.md §4.4).
 */
export function wholeChainListed(set: PrincipalSet, caller: Caller): boolean {
  if (set.any) return true;
  switch (caller.kind) {
    case 'anonymous':
      return false;
    case 'service':
      return set.services.has(caller.arn);
    case 'root':
      return set.accounts.has(caller.account!);
    case 'role':
      return set.accounts.has(caller.account!) && set.roles.has(caller.role!);
    case 'role-session':
      return set.accounts.has(caller.account!) && set.roles.has(caller.role!) && set.arns.has(caller.arn);
    default:
      return set.accounts.has(caller.account!) && set.arns.has(caller.arn);
  }
}

/**
 * NotPrincipal with Allow grants to everyone except the listed. Decision (AWS documents no chain rule
 * for Allow): a caller is excluded when any link of its chain is listed, the reading that grants
 * less, so listing an account excludes the whole account as a reader would expect.
 */
export function anyLinkListed(set: PrincipalSet, caller: Caller): boolean {
  return matchPrincipal(set, caller) !== null;
}
