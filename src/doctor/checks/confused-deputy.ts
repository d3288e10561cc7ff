// The confused-deputy probes (TK005, TK015): would CloudTrail's request succeed for a trail of
// another account? Without aws:SourceArn/aws:SourceAccount (or an encryption-context condition) it
// would, and any account's trail could use your key or write into your trail's folder.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html

import { evaluateRequest, parseTrailArn, trailRequests, type TrailFacts, type TrailRequest } from '../../policy/cloudtrail/index.js';
import type { CompiledPolicy, ContextValue } from '../../policy/index.js';
import type { PolicyDoc } from '../model.js';
import { emit, statementPath, where, type Emitter } from './emit.js';

/** Foreign account and trail for the confused-deputy probes: no real account owns 999999999999 in our inputs. */
const FOREIGN_ACCOUNT = '999999999999';

function foreignTrail(facts: TrailFacts): string {
  const t = parseTrailArn(facts.trailArn)!;
  return `arn:${t.partition}:cloudtrail:${t.region}:${FOREIGN_ACCOUNT}:trail/not-yours`;
}

/** A request with aws:SourceArn/aws:SourceAccount of a trail in another account. */
function asForeign(r: TrailRequest, facts: TrailFacts): TrailRequest {
  const context: Record<string, ContextValue> = { ...r.request.context, 'aws:SourceArn': foreignTrail(facts), 'aws:SourceAccount': FOREIGN_ACCOUNT };
  if (r.target === 'key') context['kms:EncryptionContext:aws:cloudtrail:arn'] = foreignTrail(facts);
  return { ...r, id: `${r.id}#foreign`, request: { ...r.request, context } };
}

export function confusedDeputy(e: Emitter, subject: string, facts: TrailFacts, target: 'key' | 'bucket', compiled: CompiledPolicy | null, policy: PolicyDoc | null): void {
  const id = target === 'key' ? 'key.generate-data-key' : 'bucket.put-object';
  const base = trailRequests(facts).find((r) => r.id === id);
  if (!base) return;
  const r = evaluateRequest(asForeign(base, facts), compiled);
  const rule = target === 'key' ? 'TK005' : 'TK015';
  const index = r.pass ? r.decision.reasons[0]?.index : undefined;
  const location = policy ? where(e, policy.source, index === undefined ? undefined : statementPath(policy.document, index)) : undefined;
  const message = r.pass
    ? target === 'key'
      ? `a trail of any other account (tried \`${FOREIGN_ACCOUNT}\`) could make CloudTrail encrypt with this key: ${r.cause}`
      : `a trail of any other account (tried \`${FOREIGN_ACCOUNT}\`) could write files into this trail's folder: ${r.cause}`
    : `only requests for your trails are allowed (a trail of account \`${FOREIGN_ACCOUNT}\` is denied).`;
  emit(e, { rule, verdict: r.pass ? 'fail' : 'pass', subject, check: `${id}#foreign`, message: message.trim(), location, request: r.request, decision: r.decision });
}
