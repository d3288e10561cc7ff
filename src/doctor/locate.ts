// Line numbers for results: a path of keys and indexes into a JSON or YAML file, to the line and
// column where that value's key (or item) starts. YAML is a superset of JSON, so one parser serves
// policy files, Terraform plans and CloudFormation templates alike.

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Location } from './report.js';
import type { SourceRef } from './model.js';

interface Parsed {
  root: Node | null;
  lines: LineCounter;
}

const texts = new Map<string, Parsed>();

function parse(text: string): Parsed {
  const hit = texts.get(text);
  if (hit) return hit;
  const lines = new LineCounter();
  // Tags (CloudFormation's !Ref…) only need to parse; their meaning is irrelevant for positions.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, strict: false, logLevel: 'silent' });
  const parsed = { root: (doc.contents as Node | null) ?? null, lines };
  if (texts.size > 16) texts.clear();
  texts.set(text, parsed);
  return parsed;
}

/** 1-based line and column of the deepest part of `path` that exists in the file. */
export function locate(text: string, path: readonly (string | number)[]): { line: number; column: number } | undefined {
  const { root, lines } = parse(text);
  let node: Node | null = root;
  let offset: number | undefined = root?.range?.[0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = (pair.value as Node | null) ?? null;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  if (offset === undefined) return undefined;
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** `$.Statement[0].Condition.StringEquals["aws:SourceArn"]` → ['Statement', 0, 'Condition', 'StringEquals', 'aws:SourceArn']. */
export function parseJsonPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  for (const m of path.slice(1).matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]) as string);
  }
  return out;
}

/** The location of a source value, and of a JSON path inside it when it is a policy object. */
export function locationOf(source: SourceRef | undefined, files: ReadonlyMap<string, string>, policyPath?: string): Location | undefined {
  if (!source) return undefined;
  const text = files.get(source.file);
  const inner = policyPath && !source.embedded ? parseJsonPath(policyPath) : [];
  const pos = text === undefined ? undefined : locate(text, [...source.path, ...inner]);
  return { file: source.file, ...(pos ?? {}), ...(policyPath ? { policyPath } : {}) };
}
