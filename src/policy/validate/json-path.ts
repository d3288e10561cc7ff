// JSON paths for findings: `$`, `$.Statement[0]`, `$.Statement[0].Condition.StringEquals["aws:SourceArn"]`.
// Keys that are plain identifiers use dot notation; any other key is bracket-quoted with JSON
// string escaping, so a path can always be read back unambiguously.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export const ROOT = '$';

/** `path` followed by an object key. */
export function key(path: string, name: string): string {
  return IDENTIFIER.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}

/** `path` followed by an array index. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}
