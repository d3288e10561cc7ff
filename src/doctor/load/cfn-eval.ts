// Intrinsic functions and pseudo parameters, evaluated symbolically. A resource's Ref and GetAtt
// values are unique placeholders (a key's ARN, a bucket's generated name), so values that flow from
// one resource to another stay equal and the engine decides as it would after deployment. What
// cannot be known before deploy (an import, a parameter without a value) is Unknown.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html

import { InputError } from '../model.js';
import { isUnknown, Unknown } from '../values.js';

type Obj = Record<string, unknown>;

/** `AWS::NoValue`: the property or list item is removed. */
export const NO_VALUE = Symbol('AWS::NoValue');

export interface Pseudo {
  accountId: string;
  region: string;
  partition: string;
  stackName: string;
}

export interface ResourceAttrs {
  ref: unknown;
  attrs: Record<string, unknown>;
}

export interface EvalContext {
  file: string;
  pseudo: Pseudo;
  parameters: Record<string, unknown>;
  mappings: Obj;
  conditions: Obj;
  /** Ref and GetAtt values of each resource (resolve lazily: they may depend on properties). */
  resource(logicalId: string): ResourceAttrs | undefined;
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v);

function pseudo(name: string, ctx: EvalContext): unknown {
  switch (name) {
    case 'AWS::AccountId': return ctx.pseudo.accountId;
    case 'AWS::Region': return ctx.pseudo.region;
    case 'AWS::Partition': return ctx.pseudo.partition;
    case 'AWS::StackName': return ctx.pseudo.stackName;
    case 'AWS::StackId': return `arn:${ctx.pseudo.partition}:cloudformation:${ctx.pseudo.region}:${ctx.pseudo.accountId}:stack/${ctx.pseudo.stackName}/00000000-0000-0000-0000-000000000000`;
    case 'AWS::URLSuffix': return 'amazonaws.com';
    case 'AWS::NotificationARNs': return [];
    case 'AWS::NoValue': return NO_VALUE;
    default: return undefined;
  }
}

function ref(name: string, ctx: EvalContext): unknown {
  const p = pseudo(name, ctx);
  if (p !== undefined) return p;
  if (name in ctx.parameters) return ctx.parameters[name];
  const r = ctx.resource(name);
  if (r) return r.ref;
  throw new InputError(`\`${ctx.file}\`: \`Ref ${name}\` names no parameter or resource`);
}

function getAtt(args: unknown, ctx: EvalContext): unknown {
  const [id, attr] = Array.isArray(args) ? args : [];
  const name = evaluate(attr, ctx);
  if (typeof id !== 'string' || isUnknown(name)) return new Unknown(`\`Fn::GetAtt ${String(id)}\``);
  const r = ctx.resource(id);
  if (!r) throw new InputError(`\`${ctx.file}\`: \`Fn::GetAtt ${id}.${String(name)}\` names no resource`);
  return r.attrs[String(name)] ?? new Unknown(`\`${id}.${String(name)}\``);
}

function sub(args: unknown, ctx: EvalContext): unknown {
  const [template, vars] = Array.isArray(args) ? args : [args, {}];
  if (typeof template !== 'string') return new Unknown('an `Fn::Sub` with a computed template');
  const local: Obj = {};
  for (const [k, v] of Object.entries(isObj(vars) ? vars : {})) local[k] = evaluate(v, ctx);
  let unknown: Unknown | undefined;
  const text = template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    let v: unknown;
    if (name in local) v = local[name];
    else if (name.includes('.') && !name.startsWith('AWS::')) {
      const dot = name.indexOf('.');
      v = getAtt([name.slice(0, dot), name.slice(dot + 1)], ctx);
    } else v = ref(name, ctx);
    if (isUnknown(v)) unknown ??= v;
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : whole;
  });
  return unknown ?? text;
}

function condition(name: unknown, ctx: EvalContext): unknown {
  if (typeof name !== 'string' || !(name in ctx.conditions)) throw new InputError(`\`${ctx.file}\`: condition \`${String(name)}\` is not defined`);
  return evaluate(ctx.conditions[name], ctx);
}

function fn(name: string, args: unknown, ctx: EvalContext): unknown {
  const all = (list: unknown): unknown[] | Unknown => {
    const items = Array.isArray(list) ? list.map((x) => evaluate(x, ctx)) : [evaluate(list, ctx)];
    return items.find(isUnknown) ?? items;
  };
  switch (name) {
    case 'Ref': return typeof args === 'string' ? ref(args, ctx) : new Unknown('a `Ref` to a computed name');
    case 'Condition': return condition(args, ctx);
    case 'Fn::GetAtt': return getAtt(typeof args === 'string' ? args.split('.') : args, ctx);
    case 'Fn::Sub': return sub(args, ctx);
    case 'Fn::Join': {
      const [sep, list] = Array.isArray(args) ? args : [];
      const items = evaluate(list, ctx);
      if (isUnknown(items)) return items;
      const vals = (Array.isArray(items) ? items : []).filter((x) => x !== NO_VALUE);
      return vals.find(isUnknown) ?? vals.map(String).join(String(sep ?? ''));
    }
    case 'Fn::Select': {
      const v = all(args);
      if (isUnknown(v)) return v;
      const [i, list] = v;
      return Array.isArray(list) ? (list[Number(i)] ?? new Unknown('an `Fn::Select` out of range')) : new Unknown('an `Fn::Select` of a computed list');
    }
    case 'Fn::Split': {
      const v = all(args);
      if (isUnknown(v)) return v;
      const [sep, s] = v;
      return String(s).split(String(sep));
    }
    case 'Fn::If': {
      const [cond, yes, no] = Array.isArray(args) ? args : [];
      const c = condition(cond, ctx);
      if (isUnknown(c)) return c;
      return evaluate(c ? yes : no, ctx);
    }
    case 'Fn::Equals': {
      const v = all(args);
      if (isUnknown(v)) return v;
      return JSON.stringify(v[0]) === JSON.stringify(v[1]) || String(v[0]) === String(v[1]);
    }
    case 'Fn::Not': {
      const v = all(args);
      return isUnknown(v) ? v : !v[0];
    }
    case 'Fn::And': {
      const v = all(args);
      return isUnknown(v) ? v : v.every(Boolean);
    }
    case 'Fn::Or': {
      const v = all(args);
      return isUnknown(v) ? v : v.some(Boolean);
    }
    case 'Fn::FindInMap': {
      const v = all(args);
      if (isUnknown(v)) return v;
      const [map, top, second] = v.map(String);
      const found = (ctx.mappings[map] as Obj | undefined)?.[top] as Obj | undefined;
      return found?.[second] ?? new Unknown(`\`Fn::FindInMap ${map}.${top}.${second}\``);
    }
    case 'Fn::Base64': return evaluate(args, ctx);
    case 'Fn::ImportValue': {
      const v = evaluate(args, ctx);
      return new Unknown(`the export \`${isUnknown(v) ? '?' : String(v)}\` of another stack (Fn::ImportValue)`);
    }
    case 'Fn::GetAZs': return new Unknown('the Availability Zones (Fn::GetAZs)');
    case 'Fn::Cidr': return new Unknown('an `Fn::Cidr`');
    case 'Fn::Length': {
      const v = evaluate(args, ctx);
      return Array.isArray(v) ? v.length : v;
    }
    case 'Fn::ToJsonString': {
      const v = evaluate(args, ctx);
      return isUnknown(v) ? v : JSON.stringify(v);
    }
    default: return new Unknown(`\`${name}\``);
  }
}

const FUNCTION_KEY = /^(Ref|Condition|Fn::[A-Za-z]+)$/;

/** Evaluates a template value. Objects with one intrinsic key are calls; NoValue removes items. */
export function evaluate(value: unknown, ctx: EvalContext): unknown {
  if (Array.isArray(value)) return value.map((v) => evaluate(v, ctx)).filter((v) => v !== NO_VALUE);
  if (!isObj(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && FUNCTION_KEY.test(keys[0]) && !(keys[0] === 'Condition' && typeof value.Condition !== 'string')) {
    return fn(keys[0], value[keys[0]], ctx);
  }
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    const e = evaluate(v, ctx);
    if (e !== NO_VALUE) out[k] = e;
  }
  return out;
}
