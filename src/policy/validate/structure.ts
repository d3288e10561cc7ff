// The grammar walker: one pass over the parsed document that reports grammar ("syntax") errors
// and returns a model of the well-formed parts with a JSON path on every value, for the rule
// modules to check. The grammar is the IAM policy language's, shared by every kind (identity, key,
// bucket and trust policies are all written in it):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// What counts as a grammar error follows policy-semantics.md §4.10 rule 1 (moto's AWS-derived
// list). The kinds differ only in the texts (checks.ts).

import { parseOperatorName, type OperatorName } from '../operator-name.js';
import { index, key, ROOT } from './json-path.js';
import type { Reporter } from './report.js';

export interface Located<T> {
  value: T;
  path: string;
}

/** Action/NotAction or Resource/NotResource: its well-formed string values. */
export interface ValueList {
  element: string;
  path: string;
  items: Located<string>[];
  isArray: boolean;
  /** Some values were not strings (already a grammar error). */
  malformed: boolean;
}

export type PrincipalType = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface PrincipalEntry extends Located<string> {
  type: PrincipalType;
}

export interface PrincipalElement {
  element: 'Principal' | 'NotPrincipal';
  path: string;
  /** `"Principal": "*"`. */
  star: boolean;
  entries: PrincipalEntry[];
  /** The element had grammar errors; its entries are the well-formed ones. */
  malformed: boolean;
}

/** One `Operator: {Key: values}` pair. Values are strings (numbers and booleans in their string form). */
export interface ConditionEntry {
  operator: string;
  operatorPath: string;
  parsed: OperatorName | null;
  key: string;
  keyPath: string;
  values: Located<string>[];
  isArray: boolean;
}

export interface OperatorBlock {
  operator: string;
  path: string;
  parsed: OperatorName | null;
  empty: boolean;
}

export interface StatementModel {
  index: number;
  path: string;
  sid?: Located<string>;
  effect?: Located<string>;
  principal?: PrincipalElement;
  action?: ValueList;
  resource?: ValueList;
  operators: OperatorBlock[];
  conditions: ConditionEntry[];
}

export interface PolicyModel {
  version?: Located<string>;
  statements: StatementModel[];
}

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition',
]);
const EXCLUSIVE: ReadonlyArray<readonly [string, string]> = [
  ['Principal', 'NotPrincipal'], ['Action', 'NotAction'], ['Resource', 'NotResource'],
];
export const VERSIONS = ['2008-10-17', '2012-10-17'] as const;
const PRINCIPAL_TYPES: ReadonlySet<string> = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const has = (o: Record<string, unknown>, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Walks `doc`; returns undefined when there is no statement list to check further. */
export function walkStructure(doc: unknown, r: Reporter): PolicyModel | undefined {
  if (!isObject(doc)) {
    r.report('syntax', ROOT);
    return undefined;
  }
  for (const k of Object.keys(doc)) if (!TOP_LEVEL.has(k)) r.report('syntax', key(ROOT, k));

  let version: Located<string> | undefined;
  if (has(doc, 'Version')) {
    const v = doc.Version;
    const path = key(ROOT, 'Version');
    if (typeof v !== 'string') r.report('syntax', path);
    else {
      version = { value: v, path };
      if (!(VERSIONS as readonly string[]).includes(v)) r.report('unknown-version', path, { value: v });
    }
  }
  if (has(doc, 'Id') && typeof doc.Id !== 'string') r.report('syntax', key(ROOT, 'Id'));

  if (!has(doc, 'Statement')) {
    r.report('missing-statement', ROOT);
    return undefined;
  }
  const raw = doc.Statement;
  const statementsPath = key(ROOT, 'Statement');
  let entries: Array<[unknown, string]>;
  if (Array.isArray(raw)) {
    if (raw.length === 0) {
      r.report('empty-statement', statementsPath);
      return undefined;
    }
    entries = raw.map((s, i) => [s, index(statementsPath, i)]);
  } else if (isObject(raw)) {
    entries = [[raw, statementsPath]];
  } else {
    r.report('syntax', statementsPath);
    return undefined;
  }

  const statements: StatementModel[] = [];
  entries.forEach(([s, path], i) => {
    if (!isObject(s)) r.report('syntax', path, {}, { stmt: i });
    else statements.push(walkStatement(s, path, i, r));
  });
  return { version, statements };
}

function walkStatement(s: Record<string, unknown>, path: string, i: number, r: Reporter): StatementModel {
  const place = { stmt: i };
  const syntax = (at: string): void => r.report('syntax', at, {}, place);
  const model: StatementModel = { index: i, path, operators: [], conditions: [] };

  for (const k of Object.keys(s)) if (!STATEMENT_KEYS.has(k)) syntax(key(path, k));
  for (const [a, b] of EXCLUSIVE) if (has(s, a) && has(s, b)) syntax(key(path, b));

  if (has(s, 'Sid')) {
    if (typeof s.Sid === 'string') model.sid = { value: s.Sid, path: key(path, 'Sid') };
    else syntax(key(path, 'Sid'));
  }

  if (!has(s, 'Effect')) r.report('missing-effect', path, {}, place);
  else if (typeof s.Effect !== 'string') syntax(key(path, 'Effect'));
  else {
    model.effect = { value: s.Effect, path: key(path, 'Effect') };
    // The grammar accepts Allow/Deny in any case; exact case is a later "legacy parsing" check.
    if (!['allow', 'deny'].includes(s.Effect.toLowerCase())) {
      r.report('effect-syntax', model.effect.path, { value: s.Effect }, place);
    }
  }

  for (const element of ['Principal', 'NotPrincipal'] as const) {
    if (has(s, element) && model.principal === undefined) {
      model.principal = walkPrincipal(s[element], element, key(path, element), syntax);
    }
  }
  for (const element of ['Action', 'NotAction'] as const) {
    if (has(s, element) && model.action === undefined) model.action = walkStrings(s[element], element, key(path, element), syntax);
  }
  for (const element of ['Resource', 'NotResource'] as const) {
    if (has(s, element) && model.resource === undefined) model.resource = walkStrings(s[element], element, key(path, element), syntax);
  }
  if (has(s, 'Condition')) walkCondition(s.Condition, key(path, 'Condition'), model, r, i);
  return model;
}

/** A string or an array of strings (Action, Resource and their Not forms). */
function walkStrings(v: unknown, element: string, path: string, syntax: (at: string) => void): ValueList {
  const list: ValueList = { element, path, items: [], isArray: Array.isArray(v), malformed: false };
  const bad = (at: string): void => {
    list.malformed = true;
    syntax(at);
  };
  if (typeof v === 'string') list.items.push({ value: v, path });
  else if (Array.isArray(v)) {
    v.forEach((item, j) => {
      if (typeof item === 'string') list.items.push({ value: item, path: index(path, j) });
      else bad(index(path, j));
    });
  } else bad(path);
  return list;
}

/** `"*"` or `{Type: string | string[]}` with Type one of AWS, Service, Federated, CanonicalUser. */
function walkPrincipal(v: unknown, element: 'Principal' | 'NotPrincipal', path: string, syntax: (at: string) => void): PrincipalElement {
  const out: PrincipalElement = { element, path, star: false, entries: [], malformed: false };
  const bad = (at: string): void => {
    out.malformed = true;
    syntax(at);
  };
  if (v === '*') {
    out.star = true;
    return out;
  }
  // Any other string (`"Principal": "arn:…"`) is outside the grammar: only "*" may stand alone.
  if (!isObject(v)) {
    bad(path);
    return out;
  }
  for (const [type, values] of Object.entries(v)) {
    const at = key(path, type);
    if (!PRINCIPAL_TYPES.has(type)) {
      bad(at); // e.g. lower-case `service` (cloudtools/awacs#58)
      continue;
    }
    const t = type as PrincipalType;
    if (typeof values === 'string') out.entries.push({ type: t, value: values, path: at });
    else if (Array.isArray(values)) {
      values.forEach((item, j) => {
        if (typeof item === 'string') out.entries.push({ type: t, value: item, path: index(at, j) });
        else bad(index(at, j));
      });
    } else bad(at);
  }
  return out;
}

/** `{Operator: {Key: scalar | scalar[]}}`; JSON numbers and booleans count as their string form (§4.5). */
function walkCondition(v: unknown, path: string, model: StatementModel, r: Reporter, stmt: number): void {
  const syntax = (at: string): void => r.report('syntax', at, {}, { stmt });
  if (!isObject(v)) {
    syntax(path);
    return;
  }
  for (const [operator, body] of Object.entries(v)) {
    const operatorPath = key(path, operator);
    if (!isObject(body)) {
      syntax(operatorPath);
      continue;
    }
    const parsed = parseOperatorName(operator);
    const empty = Object.keys(body).length === 0;
    model.operators.push({ operator, path: operatorPath, parsed, empty });
    // §4.10 rule 1 / §4.8: an unknown operator (including a malformed qualifier such as
    // `ForAnyValue::StringEquals`) is a syntax error unless its block is empty.
    if (parsed === null && !empty) r.report('unknown-operator-with-body', operatorPath, { operator }, { stmt });
    for (const [k, raw] of Object.entries(body)) {
      const keyPath = key(operatorPath, k);
      const entry: ConditionEntry = { operator, operatorPath, parsed, key: k, keyPath, values: [], isArray: Array.isArray(raw) };
      const scalar = (x: unknown, at: string): void => {
        if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') entry.values.push({ value: String(x), path: at });
        else syntax(at);
      };
      if (Array.isArray(raw)) raw.forEach((x, j) => scalar(x, index(keyPath, j)));
      else scalar(raw, keyPath);
      model.conditions.push(entry);
    }
  }
}
