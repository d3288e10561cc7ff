// Turns the caller's document into text (what size and character rules measure) and a value
// (what the grammar walker reads). A string is the document as sent and is parsed as JSON; any
// other value is taken as already parsed, and its text is our compact JSON form of it, which is
// what a client would send.

import { findDuplicateKeys, type DuplicateKey } from './duplicate-keys.js';
import { ROOT } from './json-path.js';
import type { Reporter } from './report.js';

export interface Source {
  text: string;
  /** Undefined when the text is not JSON. */
  value: unknown;
  parsed: boolean;
  duplicateKeys: DuplicateKey[];
}

/** The lint input; a document nested deeper than the call stack allows simply gets no lint. */
function duplicateKeysOf(text: string): DuplicateKey[] {
  try {
    return findDuplicateKeys(text);
  } catch {
    return [];
  }
}

export function readSource(document: unknown, r: Reporter): Source {
  if (typeof document !== 'string') {
    let text = '';
    try {
      text = JSON.stringify(document) ?? '';
    } catch {
      // cycles or BigInt: the walker reports what it cannot read
    }
    return { text, value: document, parsed: true, duplicateKeys: [] };
  }
  // S3 looks at the first byte before parsing (checks.ts `s3-first-byte`).
  if (!document.startsWith('{')) r.report('s3-first-byte', ROOT);
  try {
    const value: unknown = JSON.parse(document);
    return { text: document, value, parsed: true, duplicateKeys: duplicateKeysOf(document) };
  } catch {
    r.report('invalid-json', ROOT);
    return { text: document, value: undefined, parsed: false, duplicateKeys: [] };
  }
}
