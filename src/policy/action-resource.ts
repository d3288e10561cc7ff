// Action/NotAction and Resource/NotResource patterns.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
import { splitArn, splitPieces, arnPartsMatch } from './operators/arn.js';
import { compileGlob, type Glob, type GlobPiece } from './glob.js';
import type { Context } from './condition.js';
import { parseTemplate, resolveTemplate, type Template } from './template.js';

/**
 * Actions are `service:Name`; service prefix and name are both case-insensitive, so patterns and the
 * request action are lower-cased. iam-simulate observes that a pattern with a comma, an empty name
 * after the colon, or leading/trailing whitespace matches nothing (so under NotAction it excludes
 * nothing) (policy-semantics.md §4.3).
 */
export function compileAction(pattern: string): Glob {
  const colon = pattern.indexOf(':');
  const broken =
    pattern !== '*' && (pattern.includes(',') || pattern.trim() !== pattern || colon < 0 || colon === pattern.length - 1);
  if (broken) return { source: pattern, matches: () => false };
  return compileGlob(pattern.toLowerCase());
}

export interface ResourcePattern {
  readonly text: string;
  /** `"*"`: every resource, including the `*` of actions that have no resource-level permissions. */
  readonly all: boolean;
  readonly template: Template;
  /** Per-part globs when the pattern has no variables; null means build after substitution. */
  readonly globs: readonly Glob[] | null;
  /** Whole-string glob, for request resources that are not ARNs. */
  readonly whole: Glob | null;
}

/**
 * In identity policies, iam-simulate treats missing trailing segments of a short ARN pattern
 * (`arn:aws:s3:*`) as `*`; in resource policies such a pattern matches nothing (§4.3, empirical).
 */
function partGlobs(pieces: readonly GlobPiece[], shortIsWildcard: boolean): Glob[] | null {
  const parts = splitPieces(pieces);
  if (parts.length < 6) {
    if (!shortIsWildcard) return null;
    while (parts.length < 6) parts.push(['*']);
  }
  return parts.map((p) => compileGlob(p));
}

/**
 * Variables are substituted only in the resource part, after the fifth colon ("You can't use a
 * variable to replace parts of the ARN before the fifth colon", policy variables page); text before
 * it stays as written.
 */
function resourceTemplate(text: string, substitute: boolean): Template {
  let colon = -1;
  for (let i = 0; i < 5 && (colon = text.indexOf(':', colon + 1)) >= 0; i++);
  if (colon < 0) return parseTemplate(text, false);
  const tail = parseTemplate(text.slice(colon + 1), substitute);
  return { parts: [text.slice(0, colon + 1), ...tail.parts], hasVariables: tail.hasVariables };
}

export function compileResource(text: string, substitute: boolean, shortIsWildcard: boolean): ResourcePattern {
  const template = resourceTemplate(text, substitute);
  const all = text === '*';
  const fixed = !template.hasVariables;
  return {
    text,
    all,
    template,
    globs: fixed ? (partGlobs(template.parts as GlobPiece[], shortIsWildcard) ?? NO_PARTS) : null,
    whole: fixed ? compileGlob(template.parts as GlobPiece[]) : null,
  };
}

const NEVER_GLOB: Glob = { source: '', matches: () => false };
const NO_PARTS: readonly Glob[] = Array<Glob>(6).fill(NEVER_GLOB);

/**
 * `resourceParts` is the request resource split into its six ARN parts (null when it is not an ARN).
 * A request for `*` (actions without resource-level permissions) is matched only by the `*` pattern.
 * A pattern whose variable is missing matches no resource (§4.7).
 */
export function resourceMatches(
  pattern: ResourcePattern,
  resource: string,
  resourceParts: readonly string[] | null,
  context: Context,
  shortIsWildcard: boolean,
): boolean {
  if (pattern.all) return true;
  if (resource === '*') return false;
  let globs = pattern.globs;
  let whole = pattern.whole;
  if (globs === null) {
    const pieces = resolveTemplate(pattern.template, context);
    if (pieces === null) return false;
    globs = partGlobs(pieces, shortIsWildcard) ?? NO_PARTS;
    whole = compileGlob(pieces);
  }
  return resourceParts === null ? whole!.matches(resource) : arnPartsMatch(globs, resourceParts);
}

export { splitArn };
