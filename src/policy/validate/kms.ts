// Key-policy rules KMS adds to the policy language
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html,
// aws-behavior.md §6.3). Required elements, principals and the size limit are in the shared
// checks (checks.ts, principal.ts, size.ts); what is KMS's alone is here.

import { isObject } from './structure.js';
import { index, key, ROOT } from './json-path.js';
import type { Reporter } from './report.js';
import type { PolicyModel } from './structure.js';

// KMS-MODEL Policy pattern: tab, LF, CR, and U+0020..U+00FF (printable ASCII and Latin-1).
const OUTSIDE_CHARSET = /[^\u0009\u000A\u000D\u0020-\u00FF]/u;

/** The path of the first key or string value holding a character outside the set, if any. */
function firstOffendingPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return OUTSIDE_CHARSET.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstOffendingPath(value[i], index(path, i));
      if (found !== undefined) return found;
    }
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const at = key(path, k);
      if (OUTSIDE_CHARSET.test(k)) return at;
      const found = firstOffendingPath(v, at);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * The pattern applies to the document text as sent. A JSON escape (`\u2603`) is plain ASCII in that
 * text and passes, so only the text is tested; the path points at the string that holds the
 * character when it can be found, else at the document.
 */
export function checkCharacterSet(text: string, value: unknown, r: Reporter): void {
  if (!OUTSIDE_CHARSET.test(text)) return;
  let path: string | undefined;
  try {
    path = firstOffendingPath(value, ROOT);
  } catch {
    // nested deeper than the call stack allows: point at the document
  }
  r.report('character-set', path ?? ROOT);
}

const ENCRYPTION_CONTEXT = 'kms:encryptioncontext:';
const REQUEST_TAG = 'aws:requesttag/';

/** aws-behavior.md §6.3: `ForAllValues` with `kms:EncryptionContext:<k>` or `aws:RequestTag/<k>`. */
export function checkOverlyPermissive(model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    for (const c of s.conditions) {
      if (c.parsed?.qualifier !== 'ForAllValues') continue;
      const k = c.key.toLowerCase(); // key names are case-insensitive (§4.8)
      const family = k.startsWith(ENCRYPTION_CONTEXT) && k.length > ENCRYPTION_CONTEXT.length ? 'encryption-context'
        : k.startsWith(REQUEST_TAG) && k.length > REQUEST_TAG.length ? 'tag' : undefined;
      if (family !== undefined) r.report('overly-permissive-condition', c.keyPath, { family, key: c.key }, { stmt: s.index });
    }
  }
}
