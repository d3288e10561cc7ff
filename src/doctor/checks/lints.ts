// Lints: what the policy validator (src/policy/validate) finds, under the doctor's rule ids, plus
// CloudTrail-specific conditions that name another trail, Region or account (TK041).

import type { TrailFacts } from '../../policy/cloudtrail/index.js';
import { parseOperatorName, type Finding } from '../../policy/index.js';
import { validatePolicy } from '../../policy/validate/index.js';
import type { PolicyDoc } from '../model.js';
import { emit, statementPath, where, type Emitter } from './emit.js';

/** The doctor rule for a validator finding. */
function ruleOf(f: Finding): string {
  switch (f.rule) {
    case 'wildcard-in-string-equals': return 'TK040';
    case 'malformed-action': return 'TK042';
    case 'overly-permissive-condition': return f.message.includes('EncryptionContext') ? 'TK043' : 'TK044';
    default: return f.severity === 'error' ? 'TK044' : 'TK045';
  }
}

const REPORTED_WHEN_CLEAN = ['TK040', 'TK042', 'TK043', 'TK044', 'TK045'];

export function lintPolicy(e: Emitter, subject: string, doc: PolicyDoc, target: 'key' | 'bucket', bucket?: string): void {
  if (doc.isDefault) return;
  const findings = validatePolicy(doc.document, target === 'key' ? 'kms-key' : 's3-bucket', bucket ? { bucket } : {});
  const failed = new Set<string>();
  for (const f of findings) {
    const rule = ruleOf(f);
    failed.add(rule);
    const aws = f.severity === 'error' ? `${target === 'key' ? 'KMS' : 'S3'} rejects the policy (${f.code}${f.message ? `: ${f.message}` : ''})` : f.message;
    emit(e, {
      rule, verdict: 'fail', subject, check: `${f.rule}@${f.path}`,
      message: rule === 'TK045' ? `${f.rule}: ${aws}.` : `${aws}.`,
      location: where(e, doc.source, f.path),
    });
  }
  for (const rule of REPORTED_WHEN_CLEAN) {
    if (!failed.has(rule)) emit(e, { rule, verdict: 'pass', subject, check: 'policy', message: 'nothing found.', location: where(e, doc.source) });
  }
}

// ---- TK041 ---------------------------------------------------------------------------------------

const SOURCE_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount', 'kms:encryptioncontext:aws:cloudtrail:arn']);

function globMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${re}$`, ignoreCase ? 'i' : '').test(value);
}

function valueMatches(base: string, pattern: string, value: string): boolean {
  const ignoreCase = base.endsWith('IgnoreCase');
  if (base.startsWith('StringEquals')) return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  return globMatch(pattern, value, ignoreCase); // StringLike, ArnLike, ArnEquals (≡ ArnLike, policy-semantics.md §4.6)
}

function hasWildcard(v: string): boolean {
  return /[*?]/.test(v);
}

/** How a trail ARN in a condition differs from the trail's own. */
function difference(value: string, expected: string, isAccountKey: boolean): string {
  if (isAccountKey) return `names account \`${value}\`, but CloudTrail sends \`${expected}\` (the trail owner, or the management account of an organization trail)`;
  const got = value.split(':');
  const want = expected.split(':');
  const parts: string[] = [];
  if (got.length < 6) return `\`${value}\` is not a trail arn`;
  if (!globMatch(got[4], want[4], false)) parts.push(`account \`${got[4]}\` instead of \`${want[4]}\``);
  if (!globMatch(got[3], want[3], false)) parts.push(`Region \`${got[3]}\` instead of the trail's home Region \`${want[3]}\``);
  if (!globMatch(got.slice(5).join(':'), want.slice(5).join(':'), false)) parts.push(`\`${got.slice(5).join(':')}\` instead of \`${want.slice(5).join(':')}\``);
  return parts.length ? `names ${parts.join(', ')}` : `does not match \`${expected}\``;
}

function namesCloudTrail(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  const p = principal as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
  return list(p.Service).includes('cloudtrail.amazonaws.com') || list(p.AWS).includes('*');
}

/** Conditions of CloudTrail statements that match none of the trails that use the policy. */
export function lintSourceConditions(e: Emitter, subject: string, doc: PolicyDoc, trails: readonly TrailFacts[], sourceAccounts: readonly string[]): void {
  if (trails.length === 0 || doc.isDefault) return;
  const raw = (doc.document as { Statement?: unknown }).Statement;
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : [];
  statements.forEach((s, index) => {
    const st = s as Record<string, unknown>;
    if (st.Effect !== 'Allow' || !namesCloudTrail(st.Principal) || !st.Condition || typeof st.Condition !== 'object') return;
    for (const [operator, body] of Object.entries(st.Condition as Record<string, unknown>)) {
      const parsed = parseOperatorName(operator);
      // Only comparisons of values: not Null/Bool, not negated operators.
      if (!parsed || !/^(String|Arn)/.test(parsed.base) || parsed.base.includes('Not') || !body || typeof body !== 'object') continue;
      for (const [key, v] of Object.entries(body as Record<string, unknown>)) {
        const k = key.toLowerCase();
        if (!SOURCE_KEYS.has(k)) continue;
        const values = (Array.isArray(v) ? v : [v]).map(String);
        const isAccount = k === 'aws:sourceaccount';
        const expected = isAccount ? [...sourceAccounts] : trails.map((t) => t.trailArn);
        if (parsed.base.startsWith('StringEquals') && values.some(hasWildcard)) continue; // TK040 says it
        const ok = values.some((val) => expected.some((x) => valueMatches(parsed.base, val, x)));
        const path = `${statementPath(doc.document, index)}.Condition.${operator}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
        const label = typeof st.Sid === 'string' && st.Sid ? st.Sid : `#${index}`;
        emit(e, {
          rule: 'TK041', verdict: ok ? 'pass' : 'fail', subject, check: `${label}:${key}`,
          message: ok
            ? `\`${key}\` in statement \`${label}\` matches a trail that uses this policy.`
            : `\`${operator}\` \`${key}\` in statement \`${label}\` ${difference(values[0], expected[0], isAccount)}, so it never matches this trail.`,
          location: where(e, doc.source, path),
        });
      }
    }
  });
}
