// Repairs of existing statements that keep their author's intent: the same fixes the lints name.
// Each returns a sentence for every change it made.

import { parseOperatorName } from '../../policy/index.js';

type Statement = Record<string, unknown>;
type Block = Record<string, Record<string, unknown>>;

const WILD = /[*?]/;
const LIKE_OF: Readonly<Record<string, string>> = {
  StringEquals: 'StringLike', StringNotEquals: 'StringNotLike', StringEqualsIgnoreCase: 'StringLike', StringNotEqualsIgnoreCase: 'StringNotLike',
};

function label(s: Statement, i: number): string {
  return typeof s.Sid === 'string' && s.Sid ? s.Sid : `#${i}`;
}

/** `kms=Decrypt`, `kms:Decrypt,kms:Encrypt`, ` kms:Decrypt ` → well-formed actions (lint TK042). */
export function repairActions(s: Statement, i: number): string[] {
  const out: string[] = [];
  for (const key of ['Action', 'NotAction']) {
    const v = s[key];
    if (v === undefined) continue;
    const list = (Array.isArray(v) ? v : [v]).map(String);
    const fixed = list.flatMap((a) => a.split(',')).map((a) => a.trim().replace(/^([A-Za-z0-9.-]+)\s*[=;.]\s*([A-Za-z*?][A-Za-z0-9*?]*)$/, '$1:$2')).filter(Boolean);
    const unique = [...new Set(fixed)];
    if (unique.join('\u0000') !== list.join('\u0000')) {
      s[key] = unique.length === 1 && !Array.isArray(v) ? unique[0] : unique;
      out.push(`statement \`${label(s, i)}\`: ${key} ${list.map((a) => `\`${a}\``).join(', ')} → ${unique.map((a) => `\`${a}\``).join(', ')}`);
    }
  }
  return out;
}

/** For a key and its wildcard pattern: the exact values to put instead (CloudTrail's aws:SourceArn), or undefined. */
export type ExactValues = (s: Statement, key: string, pattern: string) => string[] | undefined;

/**
 * Wildcards under StringEquals (literal there, lint TK040). An `aws:SourceArn` of CloudTrail becomes
 * the exact ARNs of the trails it was meant to match (least privilege); anything else moves to
 * StringLike, where the wildcard means what its author meant.
 */
export function repairWildcards(s: Statement, i: number, exact: ExactValues = () => undefined): string[] {
  const cond = s.Condition as Block | undefined;
  if (!cond || typeof cond !== 'object') return [];
  const out: string[] = [];
  for (const [op, body] of Object.entries(cond)) {
    const parsed = parseOperatorName(op);
    const like = parsed && !parsed.qualifier && !parsed.ifExists ? LIKE_OF[parsed.base] : undefined;
    if (!like || !body || typeof body !== 'object') continue;
    for (const [key, v] of Object.entries(body)) {
      const values = (Array.isArray(v) ? v : [v]).map(String);
      if (!values.some((x) => WILD.test(x))) continue;
      const exactValues = values.flatMap((x) => (WILD.test(x) ? (exact(s, key, x) ?? []) : []));
      if (exactValues.length && values.every((x) => !WILD.test(x) || exact(s, key, x)?.length)) {
        const kept = [...new Set([...values.filter((x) => !WILD.test(x)), ...exactValues])];
        body[key] = kept.length === 1 ? kept[0] : kept;
        out.push(`statement \`${label(s, i)}\`: \`${key}\` ${values.filter((x) => WILD.test(x)).map((x) => `\`${x}\``).join(', ')} (literal under \`${op}\`) → ${exactValues.map((x) => `\`${x}\``).join(', ')}`);
        continue;
      }
      // Other values of the key keep their own matching: under Like a value without wildcards is exact.
      delete body[key];
      const target = (cond[like] ??= {});
      const existing = target[key] === undefined ? [] : (Array.isArray(target[key]) ? target[key] : [target[key]]) as string[];
      const merged = [...new Set([...existing, ...values])];
      target[key] = merged.length === 1 ? merged[0] : merged;
      out.push(`statement \`${label(s, i)}\`: \`${key}\` moved from \`${op}\` to \`${like}\`, where \`*\` is a wildcard`);
    }
    if (Object.keys(body).length === 0) delete cond[op];
  }
  return out;
}

/** `ForAllValues:` on kms:EncryptionContext:<k> is removed, as KMS's own message says (lint TK043). */
export function repairForAllValues(s: Statement, i: number): string[] {
  const cond = s.Condition as Block | undefined;
  if (!cond || typeof cond !== 'object') return [];
  const out: string[] = [];
  for (const [op, body] of Object.entries(cond)) {
    const parsed = parseOperatorName(op);
    if (parsed?.qualifier !== 'ForAllValues' || !body || typeof body !== 'object') continue;
    const plain = op.slice('ForAllValues:'.length);
    for (const key of Object.keys(body)) {
      if (!/^kms:encryptioncontext:.+/i.test(key)) continue;
      const target = (cond[plain] ??= {});
      target[key] = body[key];
      delete body[key];
      out.push(`statement \`${label(s, i)}\`: \`ForAllValues:\` removed from \`${op}\` \`${key}\``);
    }
    if (Object.keys(body).length === 0) delete cond[op];
  }
  return out;
}

/** A Deny that matches CloudTrail's request is narrowed to exempt the CloudTrail service principal (TK006/TK013). */
export function exemptCloudTrail(s: Statement, i: number): string[] {
  const cond = ((s.Condition ??= {}) as Block);
  const block = (cond.StringNotEquals ??= {});
  const key = Object.keys(block).find((k) => k.toLowerCase() === 'aws:principalservicename') ?? 'aws:PrincipalServiceName';
  const values = block[key] === undefined ? [] : ((Array.isArray(block[key]) ? block[key] : [block[key]]) as string[]);
  if (values.includes('cloudtrail.amazonaws.com')) return [];
  const merged = [...values, 'cloudtrail.amazonaws.com'];
  block[key] = merged.length === 1 ? merged[0] : merged;
  return [`statement \`${label(s, i)}\` (Deny): no longer applies to cloudtrail.amazonaws.com (\`StringNotEquals aws:PrincipalServiceName\`)`];
}
