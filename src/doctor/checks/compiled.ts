// Each policy document is compiled once, however many trails share it.

import { compileFor } from '../../policy/cloudtrail/index.js';
import type { CompiledPolicy } from '../../policy/index.js';
import type { PolicyDoc } from '../model.js';

const compiled = new WeakMap<PolicyDoc, CompiledPolicy>();

/** Throws PolicyError when the engine cannot interpret the document. */
export function compiledOf(target: 'key' | 'bucket', doc: PolicyDoc | null): CompiledPolicy | null {
  if (doc === null) return null;
  let c = compiled.get(doc);
  if (!c) {
    c = compileFor(target, doc.document as object)!;
    compiled.set(doc, c);
  }
  return c;
}
