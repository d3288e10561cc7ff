// Wildcard matching for Action, Resource and the *Like condition operators: `*` is any run of
// characters (including none, `/`, `:` and newlines) and `?` exactly one. Matching uses no regular
// expression: a pattern is split at its stars into fixed-length groups, the first anchored at the
// start, the last at the end, and the middle ones found leftmost in between, which is optimal for
// star-separated patterns. Compiled once; `matches` allocates nothing.

/** A piece of pattern text: in a string `*` and `?` are wildcards; in `{ literal }` they are not. */
export type GlobPiece = string | { readonly literal: string };

interface Group {
  readonly text: string;
  /** Positions that are `?`, or null when the group is plain text (then indexOf/startsWith do the work). */
  readonly any: readonly boolean[] | null;
}

export interface Glob {
  readonly source: string;
  matches(value: string): boolean;
}

const MATCH_ALL: Glob = { source: '*', matches: () => true };

export function compileGlob(pieces: readonly GlobPiece[] | string): Glob {
  const list = typeof pieces === 'string' ? [pieces] : pieces;
  const groups: Group[] = [];
  let text = '';
  let any: boolean[] | null = null;
  let source = '';
  const close = () => {
    groups.push({ text, any });
    text = '';
    any = null;
  };
  for (const piece of list) {
    if (typeof piece !== 'string') {
      text += piece.literal;
      if (any) for (let i = 0; i < piece.literal.length; i++) any.push(false);
      source += piece.literal;
      continue;
    }
    source += piece;
    for (const ch of piece) {
      if (ch === '*') close();
      else if (ch === '?') {
        any ??= Array.from({ length: text.length }, () => false);
        any.push(true);
        text += '?';
      } else {
        // A character outside the BMP is two code units; `?` matches one code unit, as in iam-simulate.
        text += ch;
        if (any) for (let i = 0; i < ch.length; i++) any.push(false);
      }
    }
  }
  close();
  if (groups.length === 2 && groups[0].text === '' && groups[1].text === '') return MATCH_ALL;
  return { source, matches: (value) => matchGroups(groups, value) };
}

/** A pattern with no wildcards at all: plain equality. */
export function exactGlob(text: string): Glob {
  return { source: text, matches: (value) => value === text };
}

function matchGroups(groups: readonly Group[], value: string): boolean {
  const first = groups[0];
  if (groups.length === 1) return value.length === first.text.length && groupAt(first, value, 0);
  if (!groupAt(first, value, 0)) return false;
  const last = groups[groups.length - 1];
  const lastStart = value.length - last.text.length;
  if (lastStart < first.text.length || !groupAt(last, value, lastStart)) return false;
  let pos = first.text.length;
  for (let i = 1; i < groups.length - 1; i++) {
    const g = groups[i];
    const at = find(g, value, pos, lastStart);
    if (at < 0) return false;
    pos = at + g.text.length;
  }
  return true;
}

function groupAt(g: Group, value: string, at: number): boolean {
  if (at + g.text.length > value.length) return false;
  if (g.any === null) return value.startsWith(g.text, at);
  for (let i = 0; i < g.text.length; i++) {
    if (!g.any[i] && value.charCodeAt(at + i) !== g.text.charCodeAt(i)) return false;
  }
  return true;
}

/** Leftmost position >= from where the group fits entirely before `end`, or -1. */
function find(g: Group, value: string, from: number, end: number): number {
  const limit = end - g.text.length;
  if (g.any === null) {
    const at = value.indexOf(g.text, from);
    return at >= 0 && at <= limit ? at : -1;
  }
  for (let at = from; at <= limit; at++) if (groupAt(g, value, at)) return at;
  return -1;
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
