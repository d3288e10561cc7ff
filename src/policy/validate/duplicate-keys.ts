// Finds keys that occur twice in one JSON object. JSON.parse keeps the last occurrence silently, so
// a policy with two `StringEquals` blocks in one Condition loses the first without a word.
// Runs only on text that JSON.parse has already accepted, so it need not diagnose bad JSON.

import { index, key, ROOT } from './json-path.js';

export interface DuplicateKey {
  /** Path of the repeated occurrence. */
  path: string;
  key: string;
}

const WHITESPACE = ' \t\n\r';
const VALUE_END = ',}] \t\n\r';

export function findDuplicateKeys(text: string): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  let i = 0;

  const skipWhitespace = (): void => {
    while (i < text.length && WHITESPACE.includes(text[i] ?? '')) i++;
  };
  const readString = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++; // closing quote
    return JSON.parse(text.slice(start, i)) as string;
  };
  const readValue = (path: string): void => {
    skipWhitespace();
    const c = text[i];
    if (c === '{') readObject(path);
    else if (c === '[') readArray(path);
    else if (c === '"') readString();
    else while (i < text.length && !VALUE_END.includes(text[i] ?? '')) i++;
  };
  const readObject = (path: string): void => {
    i++; // {
    skipWhitespace();
    if (text[i] === '}') { i++; return; }
    const seen = new Set<string>();
    for (;;) {
      skipWhitespace();
      const name = readString();
      const at = key(path, name);
      if (seen.has(name)) out.push({ path: at, key: name });
      seen.add(name);
      skipWhitespace();
      i++; // :
      readValue(at);
      skipWhitespace();
      if (text[i++] !== ',') return; // consumed }
    }
  };
  const readArray = (path: string): void => {
    i++; // [
    skipWhitespace();
    if (text[i] === ']') { i++; return; }
    for (let n = 0; ; n++) {
      readValue(index(path, n));
      skipWhitespace();
      if (text[i++] !== ',') return; // consumed ]
    }
  };

  readValue(ROOT);
  return out;
}
