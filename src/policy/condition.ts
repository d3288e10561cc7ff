// The Condition element: `{Operator: {Key: value | [values]}}`. Operators and keys are ANDed,
// values of one key are ORed under a positive operator and NORed under a negated one.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
import type { GlobPiece } from './glob.js';
import { parseOperatorName, type SetQualifier } from './operator-name.js';
import { OPERATORS, type OperatorDef, type ValueTest } from './operators/index.js';
import { PolicyError } from './policy-error.js';
import { parseTemplate, resolveTemplate, templateText, type Template } from './template.js';
import type { ContextValue } from './types.js';

export type Context = ReadonlyMap<string, ContextValue>;

interface PolicyValue {
  readonly text: string;
  readonly template: Template;
  /** Compiled once when the value has no variables; null means compile per request after substitution. */
  readonly test: ValueTest | null;
}

export interface CompiledCondition {
  readonly operator: string;
  readonly key: string;
  /** Lower-cased key: key names are case-insensitive, including the tag or encryption-context part. */
  readonly lookup: string;
  readonly def: OperatorDef;
  readonly qualifier: SetQualifier | null;
  readonly ifExists: boolean;
  /** For `Null`: true when the condition asks for the key to be absent. */
  readonly nullWantsAbsent: boolean | null;
  readonly values: readonly PolicyValue[];
}

/** JSON numbers and booleans are accepted as values and stand for their string form. */
function valueText(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new PolicyError(`condition values must be strings, numbers or booleans`, path);
}

export function compileConditions(block: unknown, substitute: boolean, path: string): CompiledCondition[] {
  if (block === undefined) return [];
  if (block === null || typeof block !== 'object' || Array.isArray(block)) {
    throw new PolicyError('the Condition element must be an object', path);
  }
  const out: CompiledCondition[] = [];
  for (const [operator, body] of Object.entries(block)) {
    const opPath = `${path}.${operator}`;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new PolicyError(`the body of condition operator \`${operator}\` must be an object`, opPath);
    }
    const entries = Object.entries(body);
    const name = parseOperatorName(operator);
    if (!name) {
      // AWS accepts an unknown operator only with an empty body, where it imposes nothing (§4.10).
      if (entries.length === 0) continue;
      throw new PolicyError(`unknown condition operator \`${operator}\``, opPath);
    }
    const def = OPERATORS[name.base];
    const isNull = name.base === 'Null';
    for (const [key, raw] of entries) {
      const keyPath = `${opPath}["${key}"]`;
      const list = Array.isArray(raw) ? raw : [raw];
      const values = list.map((v, i) => {
        const text = valueText(v, Array.isArray(raw) ? `${keyPath}[${i}]` : keyPath);
        const template = parseTemplate(text, substitute && def.variables);
        return { text, template, test: template.hasVariables ? null : def.compile(template.parts as GlobPiece[]) };
      });
      out.push({
        operator,
        key,
        lookup: key.toLowerCase(),
        def,
        qualifier: name.qualifier,
        ifExists: name.ifExists,
        // Decision: `"True"`/`"False"` count as `true`/`false` (§4.11 item 7 leaves case open).
        nullWantsAbsent: isNull ? values.some((v) => v.text.trim().toLowerCase() === 'true') : null,
        values,
      });
    }
  }
  return out;
}

/** True when some policy value matches the request value (the positive comparison). */
function anyValueMatches(condition: CompiledCondition, context: Context, requestValue: string): boolean {
  for (const value of condition.values) {
    if (value.test) {
      if (value.test(requestValue)) return true;
      continue;
    }
    // A variable missing without a default matches nothing, so a negated operator then holds (§4.7).
    const pieces = resolveTemplate(value.template, context);
    if (pieces !== null && condition.def.compile(pieces)(requestValue)) return true;
  }
  return false;
}

/** Whether one request value satisfies the operator: a match for positive operators, no match for negated ones. */
function satisfies(condition: CompiledCondition, context: Context, requestValue: string): boolean {
  return anyValueMatches(condition, context, requestValue) !== condition.def.negated;
}

/**
 * Evaluates one condition. Missing-key and empty-set rules (policy-semantics.md §4.5):
 * positive → false, negated → true, IfExists → true, ForAllValues → true, ForAnyValue → false;
 * `Null: true` holds when the key is absent. An empty value list imposes nothing (§4.5, treated as
 * true as IAM accepts it at save time; unverified at run time).
 *
 * Decision for a multi-valued request value under an operator without a set qualifier (§4.11
 * item 1, undocumented): a positive operator holds when ANY request value matches, a negated one
 * when NONE does — the ForAnyValue reading, so a Deny with a negated operator still catches a
 * request that carries a forbidden value among others.
 */
export function conditionHolds(condition: CompiledCondition, context: Context): boolean {
  const value = context.get(condition.lookup);
  if (condition.nullWantsAbsent !== null) return condition.nullWantsAbsent === (value === undefined);
  if (condition.values.length === 0) return true;
  if (value === undefined) {
    if (condition.qualifier === 'ForAllValues') return true;
    if (condition.qualifier === 'ForAnyValue') return false;
    return condition.ifExists || condition.def.negated;
  }
  if (typeof value === 'string') {
    // An empty string is a null dataset for the set operators ("ForAllValues … returns true if the
    // context key value resolves to a null dataset, such as an empty string"); any other single
    // string behaves as a one-element set.
    if (value === '' && condition.qualifier !== null) return condition.qualifier === 'ForAllValues';
    return satisfies(condition, context, value);
  }
  if (condition.qualifier === 'ForAllValues') {
    for (const v of value) if (!satisfies(condition, context, v)) return false;
    return true;
  }
  if (condition.qualifier === 'ForAnyValue') {
    for (const v of value) if (satisfies(condition, context, v)) return true;
    return false;
  }
  let matched = false;
  for (const v of value) {
    if (anyValueMatches(condition, context, v)) {
      matched = true;
      break;
    }
  }
  return matched !== condition.def.negated;
}

/** One sentence for the trace: `` `aws:SourceArn` StringEquals `…/trail/*` ≠ `…/trail/main` ``. */
export function describeCondition(condition: CompiledCondition, context: Context, holds: boolean): string {
  const policy = condition.values.map((v) => '`' + templateText(v.template) + '`').join(' or ');
  const head = `condition \`${condition.key}\` ${condition.operator}`;
  const value = context.get(condition.lookup);
  if (condition.nullWantsAbsent !== null) {
    const present = value !== undefined;
    return `${head} \`${condition.nullWantsAbsent}\`: the key is ${present ? 'present' : 'absent'}`;
  }
  if (value === undefined) return `${head} ${policy}: the key is absent from the request, so it is ${holds}`;
  const shown = typeof value === 'string' ? '`' + value + '`' : '[' + value.map((v) => '`' + v + '`').join(', ') + ']';
  if (condition.qualifier) return `${head} ${policy} against ${shown}: ${holds ? 'holds' : 'fails'}`;
  const matched = holds !== condition.def.negated;
  return `${head} ${policy} ${matched ? '=' : '≠'} ${shown}${condition.def.negated ? (holds ? ', so it holds' : ', so it fails') : ''}`;
}
