// Warnings: the policy is accepted (or its rejection is reported elsewhere), but it does not do what
// its author meant. One function per rule; each cites its source in checks.ts.

import { isIP } from 'node:net';
import { isSingleValuedKey } from '../context-keys.js';
import { actionProblem } from './action-shape.js';
import type { Reporter } from './report.js';
import type { ConditionEntry, PolicyModel } from './structure.js';

const VARIABLE = /\$\{[^}]*\}/;

/** `*` and `?` outside `${…}` (`${*}` and `${?}` are the escapes for literal wildcards, §4.7). */
function firstWildcard(value: string): string | undefined {
  const m = /[*?]/.exec(value.replace(/\$\{[^}]*\}/g, ''));
  return m?.[0];
}

const EQUALS_OPERATORS: Readonly<Record<string, string>> = {
  StringEquals: 'StringLike',
  StringNotEquals: 'StringNotLike',
  StringEqualsIgnoreCase: 'StringLike',
  StringNotEqualsIgnoreCase: 'StringNotLike',
};

function wildcardInStringEquals(c: ConditionEntry, r: Reporter, stmt: number): void {
  const base = c.parsed?.base;
  if (base === undefined) return;
  const like = EQUALS_OPERATORS[base];
  if (like === undefined) return;
  for (const v of c.values) {
    const char = firstWildcard(v.value);
    if (char !== undefined) r.report('wildcard-in-string-equals', v.path, { char, operator: c.operator, suggestion: c.operator.replace(base, like) }, { stmt });
  }
}

function setOperatorOnSingleValuedKey(c: ConditionEntry, r: Reporter, stmt: number): void {
  const qualifier = c.parsed?.qualifier;
  if (qualifier == null || !isSingleValuedKey(c.key)) return;
  if (r.hasErrorAt(c.keyPath)) return; // KMS rejects ForAllValues with kms:EncryptionContext:<k>
  r.report('set-operator-on-single-valued-key', c.keyPath, { qualifier, key: c.key }, { stmt });
}

function multipleBoolValues(c: ConditionEntry, r: Reporter, stmt: number): void {
  if (c.parsed?.base === 'Bool' && c.values.length > 1) r.report('multiple-bool-values', c.keyPath, { key: c.key, count: String(c.values.length) }, { stmt });
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  if (rest.length > 0) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** §4.6: values an operator cannot compare. Variables are left to the variable lints. */
function invalidConditionValue(c: ConditionEntry, r: Reporter, stmt: number): void {
  const base = c.parsed?.base;
  if (base === undefined) return;
  let expected: string | undefined;
  let valid: (v: string) => boolean = () => true;
  if (base === 'Bool' || base === 'Null') {
    expected = '`true` or `false`';
    valid = (v) => ['true', 'false'].includes(v.toLowerCase());
  } else if (base.startsWith('Numeric')) {
    expected = 'a number';
    valid = (v) => NUMBER.test(v);
  } else if (base === 'IpAddress' || base === 'NotIpAddress') {
    expected = 'an ip address or cidr block';
    valid = isCidr;
  } else if (base.startsWith('Arn')) {
    // "A value with fewer than six parts matches nothing" (§4.6).
    expected = 'an arn with six colon-separated parts';
    valid = (v) => v.split(':').length >= 6;
  }
  if (expected === undefined) return;
  for (const v of c.values) {
    if (VARIABLE.test(v.value) || valid(v.value)) continue;
    r.report('invalid-condition-value', v.path, { operator: c.operator, value: v.value, expected }, { stmt });
  }
}

// §4.7: variables are substituted in String*/Arn* values (Bool disputed) and nowhere else.
const NO_VARIABLES = (base: string): boolean =>
  base.startsWith('Numeric') || base.startsWith('Date') || base === 'IpAddress' || base === 'NotIpAddress' || base === 'BinaryEquals' || base === 'Null';

/** Index of an ARN's fifth colon, not counting colons inside `${…}`; the length when there is none. */
function fifthColon(arn: string): number {
  let colons = 0;
  for (let i = 0; i < arn.length; i++) {
    if (arn.startsWith('${', i)) {
      const end = arn.indexOf('}', i);
      if (end < 0) break;
      i = end;
    } else if (arn[i] === ':' && ++colons === 5) return i;
  }
  return arn.length;
}

function variables(model: PolicyModel, r: Reporter): void {
  const version = model.version?.value;
  const literal = version !== '2012-10-17';
  // Where the version itself is an error (identity policies), every value is moot.
  if (literal && r.hasErrorAt(model.version?.path ?? '$', 'version')) return;
  const report = (value: string, path: string, stmt: number, where?: string): void => {
    const variable = VARIABLE.exec(value)?.[0];
    if (variable === undefined) return;
    if (literal) r.report('policy-variable-literal', path, { variable, version: version ?? '' }, { stmt });
    else if (where !== undefined) r.report('policy-variable-not-supported', path, { variable, where }, { stmt });
  };
  for (const s of model.statements) {
    for (const item of s.resource?.items ?? []) {
      // Only the resource part, after the fifth colon, is substituted (§4.3, §4.7).
      const head = item.value.slice(0, fifthColon(item.value));
      report(item.value, item.path, s.index, VARIABLE.test(head) ? 'outside the resource part of an arn (after the fifth colon)' : undefined);
    }
    for (const c of s.conditions) {
      const base = c.parsed?.base;
      if (base === undefined) continue;
      const where = NO_VARIABLES(base) ? `under \`${c.operator}\`` : undefined;
      for (const v of c.values) report(v.value, v.path, s.index, where);
    }
  }
}

/** §4.4: Allow+NotPrincipal, and Deny+NotPrincipal lists that leave a caller's chain incomplete. */
function notPrincipal(model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    const p = s.principal;
    if (p?.element !== 'NotPrincipal' || s.effect === undefined) continue;
    const place = { stmt: s.index };
    if (s.effect.value === 'Allow') {
      r.report('allow-with-not-principal', p.path, {}, place);
      continue;
    }
    if (s.effect.value !== 'Deny') continue;
    const listed = p.entries.filter((e) => e.type === 'AWS').map((e) => e.value);
    const accounts = new Set<string>();
    const roles = new Set<string>(); // `<account>/<role name>`
    for (const v of listed) {
      if (/^\d{12}$/.test(v)) accounts.add(v);
      const root = /^arn:[^:]+:iam::(\d{12}):root$/.exec(v);
      if (root?.[1] !== undefined) accounts.add(root[1]);
      const role = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(v);
      if (role?.[1] !== undefined && role[2] !== undefined) roles.add(`${role[1]}/${role[2]}`);
    }
    for (const e of p.entries) {
      if (e.type !== 'AWS') continue;
      const m = /^arn:([^:]+):(iam|sts)::(\d{12}):(user|role|assumed-role|federated-user)\/(.*)$/.exec(e.value);
      if (m === null) continue;
      const [, partition = 'aws', , account = '', type = '', rest = ''] = m;
      if (!accounts.has(account)) {
        r.report('deny-with-not-principal', e.path, { value: e.value, missing: `its account \`arn:${partition}:iam::${account}:root\`` }, place);
      } else if (type === 'assumed-role') {
        const roleName = rest.split('/')[0] ?? '';
        if (!roles.has(`${account}/${roleName}`)) {
          r.report('deny-with-not-principal', e.path, { value: e.value, missing: `its role \`arn:${partition}:iam::${account}:role/${roleName}\`` }, place);
        }
      }
    }
  }
}

export interface LintInput {
  model: PolicyModel;
  duplicateKeys: ReadonlyArray<{ path: string; key: string }>;
}

export function runLints({ model, duplicateKeys }: LintInput, r: Reporter): void {
  for (const d of duplicateKeys) r.report('duplicate-key', d.path, { key: d.key });
  for (const s of model.statements) {
    for (const item of s.action?.items ?? []) {
      if (r.hasErrorAt(item.path)) continue; // AWS already rejects this one
      const reason = actionProblem(item.value);
      if (reason !== null) r.report('malformed-action', item.path, { element: s.action?.element ?? 'Action', value: item.value, reason }, { stmt: s.index });
    }
    for (const o of s.operators) {
      if (o.parsed === null && o.empty) r.report('unknown-operator', o.path, { operator: o.operator }, { stmt: s.index });
      if (o.parsed?.base === 'Null' && o.parsed.ifExists) r.report('null-with-if-exists', o.path, { operator: o.operator }, { stmt: s.index });
    }
    for (const c of s.conditions) {
      wildcardInStringEquals(c, r, s.index);
      setOperatorOnSingleValuedKey(c, r, s.index);
      multipleBoolValues(c, r, s.index);
      invalidConditionValue(c, r, s.index);
    }
  }
  variables(model, r);
  notPrincipal(model, r);
}
