// Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'company-wide'}`, and the escapes
// `${*}`, `${?}`, `${$}` that stand for a literal `*`, `?` and `$`.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// Variables are substituted only under Version 2012-10-17; under 2008-10-17 or with no Version the
// text is literal (policy-semantics.md §4.7). Variable names are case-insensitive.

import type { GlobPiece } from './glob.js';
import type { ContextValue } from './types.js';

export interface Variable {
  /** The context key, lower-cased for lookup. */
  readonly variable: string;
  readonly fallback: string | undefined;
}

export type TemplatePart = GlobPiece | Variable;

export interface Template {
  readonly parts: readonly TemplatePart[];
  readonly hasVariables: boolean;
}

const ESCAPES: Readonly<Record<string, string>> = { '*': '*', '?': '?', $: '$' };
// `key` or `key, 'default'`: the doc's form is a comma, a space and a single-quoted default.
const VARIABLE = /^\s*([^\s,'}]+)\s*(?:,\s*'([^']*)'\s*)?$/;

export function parseTemplate(text: string, substitute: boolean): Template {
  if (!substitute || !text.includes('${')) return { parts: [text], hasVariables: false };
  const parts: TemplatePart[] = [];
  let hasVariables = false;
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('${', i);
    const close = open < 0 ? -1 : text.indexOf('}', open + 2);
    if (open < 0 || close < 0) {
      plain += text.slice(i);
      break;
    }
    plain += text.slice(i, open);
    const inner = text.slice(open + 2, close);
    const escaped = ESCAPES[inner];
    const variable = escaped === undefined ? VARIABLE.exec(inner) : null;
    if (escaped !== undefined || variable) {
      if (plain) parts.push(plain);
      plain = '';
      if (escaped !== undefined) parts.push({ literal: escaped });
      else {
        parts.push({ variable: variable![1].toLowerCase(), fallback: variable![2] });
        hasVariables = true;
      }
    } else {
      // Not a variable reference: keep the text as written.
      plain += text.slice(open, close + 1);
    }
    i = close + 1;
  }
  if (plain || parts.length === 0) parts.push(plain);
  return { parts, hasVariables };
}

/**
 * Substitutes variables from the context. Substituted text is literal (no wildcard meaning), as
 * iam-simulate does; AWS does not document it (policy-semantics.md §4.6, §4.11 item 4).
 * Returns null when a variable is missing and has no default, or names a multi-valued key (only
 * single-valued keys can be variables, §4.7): the value then matches nothing.
 */
export function resolveTemplate(
  template: Template,
  context: ReadonlyMap<string, ContextValue>,
): GlobPiece[] | null {
  const out: GlobPiece[] = [];
  for (const part of template.parts) {
    if (typeof part === 'string' || 'literal' in part) {
      out.push(part);
      continue;
    }
    const value = context.get(part.variable);
    if (typeof value === 'string') out.push({ literal: value });
    else if (value === undefined && part.fallback !== undefined) out.push({ literal: part.fallback });
    else return null;
  }
  return out;
}

/** The text a template stands for when wildcards do not apply (StringEquals and friends). */
export function joinPieces(pieces: readonly GlobPiece[]): string {
  let s = '';
  for (const p of pieces) s += typeof p === 'string' ? p : p.literal;
  return s;
}

export function templateText(template: Template): string {
  let s = '';
  for (const p of template.parts) {
    if (typeof p === 'string') s += p;
    else if ('literal' in p) s += '${' + p.literal + '}';
    else s += '${' + p.variable + (p.fallback === undefined ? '' : `, '${p.fallback}'`) + '}';
  }
  return s;
}
