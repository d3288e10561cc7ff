// The request file of `trailkey eval` (and of the decision tables): a request plus the policies that
// apply to it. Every problem names the bad field so that a suite driving the CLI can act on it.
import { compilePolicy, type CompiledPolicy } from './compile.js';
import type { PolicySet } from './evaluate.js';
import { PolicyError } from './policy-error.js';
import { prepareRequest, RequestError, type PreparedRequest } from './request.js';
import type { ContextValue, EvalRequest, ResourceKind } from './types.js';

export interface RequestFile extends EvalRequest {
  identityPolicies?: unknown[];
  resourcePolicy?: unknown;
}

const RESOURCE_KINDS: readonly ResourceKind[] = ['kms-key', 's3', 'role-trust', 'other'];
const FIELDS = new Set(['principal', 'action', 'resource', 'resourceAccount', 'resourceKind', 'context', 'identityPolicies', 'resourcePolicy']);

function fail(field: string, message: string): never {
  throw new RequestError(message, field);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Checks the shape of a parsed request file and returns it typed. */
export function readRequestFile(value: unknown): RequestFile {
  if (!isObject(value)) fail('$', 'the request must be a JSON object');
  for (const key of Object.keys(value)) if (!FIELDS.has(key)) fail(key, `unknown field \`${key}\``);
  const { principal, action, resource, resourceAccount, resourceKind, context, identityPolicies, resourcePolicy } = value;
  if (principal !== 'anonymous') {
    if (!isObject(principal)) fail('principal', 'principal must be {"AWS": "<arn>"}, {"Service": "<name>"} or "anonymous"');
    const keys = Object.keys(principal);
    if (keys.length !== 1 || (keys[0] !== 'AWS' && keys[0] !== 'Service')) {
      fail('principal', 'principal must have exactly one key, `AWS` or `Service`');
    }
    if (typeof principal[keys[0]] !== 'string' || principal[keys[0]] === '') fail(`principal.${keys[0]}`, `principal.${keys[0]} must be a non-empty string`);
  }
  if (typeof action !== 'string' || action === '') fail('action', 'action must be a non-empty string such as `kms:Decrypt`');
  if (typeof resource !== 'string' || resource === '') fail('resource', 'resource must be an ARN or `*`');
  if (resourceAccount !== undefined && (typeof resourceAccount !== 'string' || !/^\d{12}$/.test(resourceAccount))) {
    fail('resourceAccount', 'resourceAccount must be a 12-digit account id');
  }
  if (resourceKind !== undefined && !RESOURCE_KINDS.includes(resourceKind as ResourceKind)) {
    fail('resourceKind', `resourceKind must be one of ${RESOURCE_KINDS.map((k) => '`' + k + '`').join(', ')}`);
  }
  if (context !== undefined) {
    if (!isObject(context)) fail('context', 'context must be an object of strings or arrays of strings');
    for (const [key, v] of Object.entries(context)) {
      const ok = typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
      if (!ok) fail(`context.${key}`, `context value \`${key}\` must be a string or an array of strings`);
    }
  }
  if (identityPolicies !== undefined && !Array.isArray(identityPolicies)) fail('identityPolicies', 'identityPolicies must be an array of policies');
  return {
    principal: principal as EvalRequest['principal'],
    action,
    resource,
    resourceAccount: resourceAccount as string | undefined,
    resourceKind: resourceKind as ResourceKind | undefined,
    context: context as Record<string, ContextValue> | undefined,
    identityPolicies: identityPolicies as unknown[] | undefined,
    resourcePolicy,
  };
}

/** Compiles the file's policies; a policy the engine cannot interpret names its field and path. */
export function compileRequestFile(file: RequestFile): { request: PreparedRequest; policies: PolicySet } {
  const compile = (doc: unknown, name: string, kind: CompiledPolicy['kind']) => {
    try {
      return compilePolicy(doc, { name, kind });
    } catch (e) {
      if (e instanceof PolicyError) fail(name, `${name}: ${e.message}`);
      throw e;
    }
  };
  const resourceKind = file.resourceKind ?? 'other';
  const resourcePolicyKind = resourceKind === 'kms-key' ? 'kms-key' : resourceKind === 's3' ? 's3-bucket' : 'resource';
  const identity = (file.identityPolicies ?? []).map((doc, i) => compile(doc, `identityPolicies[${i}]`, 'identity'));
  const resource = file.resourcePolicy === undefined ? null : compile(file.resourcePolicy, 'resourcePolicy', resourcePolicyKind);
  return { request: prepareRequest(file), policies: { identity, resource } };
}
