// The IAM policy language's checks after the grammar, in AWS's order (policy-semantics.md §4.10
// rules 2-8). The texts are IAM's; checks.ts decides per kind whether a failure is an error, a
// warning or nothing. Ported from moto's AWS-derived validator (getmoto/moto
// moto/iam/policy_validation.py); departures are commented where they occur.

import { isLegacyDate } from './iso-date.js';
import type { Reporter } from './report.js';
import type { PolicyModel, StatementModel, ValueList } from './structure.js';

/** §4.10 rule 2: Version missing or 2008-10-17. */
export function checkVersion(model: PolicyModel, r: Reporter): void {
  const v = model.version;
  if (v === undefined) r.report('version-too-old', '$', { value: '' });
  else if (v.value === '2008-10-17') r.report('version-too-old', v.path, { value: v.value });
}

/** §4.10 rule 3, first half: Effect exactly Allow/Deny, and Date* values IAM can parse. */
export function checkLegacyStatements(model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    const place = { stmt: s.index };
    const e = s.effect;
    if (e !== undefined && e.value !== 'Allow' && e.value !== 'Deny' && ['allow', 'deny'].includes(e.value.toLowerCase())) {
      r.report('effect-case', e.path, { value: e.value }, place);
    }
    for (const c of s.conditions) {
      if (c.parsed === null || !c.parsed.base.startsWith('Date')) continue;
      for (const v of c.values) if (!isLegacyDate(v.value)) r.report('date-value', v.path, { value: v.value }, place);
    }
  }
}

const REGION_ERRORS: Readonly<Record<string, (resource: string) => string>> = {
  iam: (res) => `IAM resource ${res} cannot contain region information.`,
  s3: (res) => `Resource ${res} can not contain region information.`,
};

const IAM_PATH_STARTS = [
  'user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/',
  'policy/', 'sms-mfa/', 'saml-provider/', 'oidc-provider/', 'report/', 'access-report/',
];

function partition(s: string, sep: string): [string, string, string] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, '', ''] : [s.slice(0, at), sep, s.slice(at + sep.length)];
}

/** §4.10 rule 7: IAM's text for a Resource it refuses, or null. */
export function resourceFormatError(resource: string): string | null {
  if (resource === '*') return null;
  const [, colon, afterPrefix] = partition(resource, ':');
  if (colon === '') return `Resource ${resource} must be in ARN format or "*".`;
  const [partitionName, sep, afterPartition] = partition(afterPrefix, ':');
  if (partitionName !== 'aws' && partitionName !== '*') {
    // IAM echoes the ARN with missing parts shown as `*`.
    const parts = afterPartition.split(':');
    const arn1 = parts[0] !== '' || parts.length > 1 ? parts[0] : '*';
    const arn2 = parts.length > 1 ? parts[1] : '*';
    const arn3 = parts.length > 2 ? parts[2] : '*';
    const arn4 = parts.length > 3 ? parts.slice(3).join(':') : '*';
    return `Partition "${partitionName}" is not valid for resource "arn:${partitionName}:${arn1}:${arn2}:${arn3}:${arn4}".`;
  }
  if (sep !== ':') return 'Resource vendor must be fully qualified and cannot contain regexes.';
  const [service, , afterService] = partition(afterPartition, ':');
  const regionError = REGION_ERRORS[service];
  if (regionError !== undefined && !afterService.startsWith(':')) return regionError(resource);
  const resourcePart = partition(partition(afterService, ':')[2], ':')[2];
  // IAM's own text allows a bare "*" path, which moto forgets.
  if (service === 'iam' && resourcePart !== '*' && !IAM_PATH_STARTS.some((p) => resourcePart.startsWith(p))) {
    return `IAM resource path must either be "*" or start with ${IAM_PATH_STARTS.join(', ')}.`;
  }
  return null;
}

/** §4.10 rule 3: ARNs with fewer than six parts that contain `::` (`arn:aws:s3::bucket`, `arn:aws::x`). */
function failsLegacyParsing(resource: string): boolean {
  if (resource === '*') return false;
  const colons = resource.split(':').length - 1;
  // moto checks `split(":")[2]` for a single string and (by mistake) `resource[2]` for lists;
  // we apply the string form to both.
  const third = resource.split(':')[2];
  return !(colons >= 5 || !resource.includes('::')) || third === undefined || third === '';
}

/**
 * §4.10 rules 3 (legacy resources) and 7 (formats). IAM visits Resource of every statement, then
 * NotResource; the first format error wins, and once one is found the legacy check of later
 * elements is skipped (moto: `_resource_error`), so a later legacy error never hides it.
 */
export function checkResources(model: PolicyModel, r: Reporter): void {
  let formatErrorSeen = false;
  for (const element of ['Resource', 'NotResource'] as const) {
    const sub = element === 'Resource' ? 0 : 1;
    for (const s of model.statements) {
      const list = s.resource;
      if (list === undefined || list.element !== element) continue;
      const place = { stmt: s.index, sub };
      for (const item of list.items) {
        const message = resourceFormatError(item.value);
        if (message !== null) {
          r.report('resource-format', item.path, { message, value: item.value }, place);
          formatErrorSeen = true;
        }
      }
      if (formatErrorSeen) continue;
      for (const item of list.items) {
        if (failsLegacyParsing(item.value)) r.report('legacy-resource', item.path, { value: item.value }, place);
      }
    }
  }
}

/** §4.10 rule 4 (duplicate non-empty Sids) and the IAM Sid alphabet. */
export function checkSids(model: PolicyModel, r: Reporter): void {
  const seen = new Set<string>();
  for (const s of model.statements) {
    const sid = s.sid;
    if (sid === undefined || sid.value === '') continue;
    if (seen.has(sid.value)) r.report('duplicate-sid', sid.path, { value: sid.value }, { stmt: s.index });
    seen.add(sid.value);
  }
  for (const s of model.statements) {
    if (s.sid !== undefined && !/^[0-9A-Za-z]*$/.test(s.sid.value)) {
      r.report('sid-format', s.sid.path, { value: s.sid.value }, { stmt: s.index });
    }
  }
}

/** Absent, or an empty list. A list whose values were all malformed was a grammar error already. */
function isEmpty(list: ValueList | undefined): boolean {
  return list === undefined || (list.isArray && list.items.length === 0 && !list.malformed);
}

function emptyPath(s: StatementModel, list: ValueList | undefined): string {
  return list === undefined ? s.path : list.path;
}

/** §4.10 rules 5 and 6: no Action/NotAction (or an empty list), no Resource/NotResource. */
export function checkExistence(model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    if (isEmpty(s.action)) {
      r.report('missing-action', emptyPath(s, s.action), {}, { stmt: s.index });
    }
  }
  for (const s of model.statements) {
    if (isEmpty(s.resource)) r.report('missing-resource', emptyPath(s, s.resource), {}, { stmt: s.index });
  }
}

/** §4.10 rule 8: IAM's text for an action it refuses, or null. */
export function actionFormatError(action: string): string | null {
  const parts = action.split(':');
  if (parts.length === 1 && parts[0] !== '*') return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  if (parts.length > 2) return 'Actions/Condition can contain only one colon.';
  const vendor = parts[0] ?? '';
  if (vendor !== '*' && /[^a-zA-Z0-9\-.]/.test(vendor)) return `Vendor ${vendor} is not valid`;
  return null;
}

/** §4.10 rule 8: Action of every statement, then NotAction. */
export function checkActions(model: PolicyModel, r: Reporter): void {
  for (const element of ['Action', 'NotAction'] as const) {
    for (const s of model.statements) {
      if (s.action === undefined || s.action.element !== element) continue;
      for (const item of s.action.items) {
        const message = actionFormatError(item.value);
        if (message !== null) r.report('action-format', item.path, { message, value: item.value }, { stmt: s.index, sub: element === 'Action' ? 0 : 1 });
      }
    }
  }
}
