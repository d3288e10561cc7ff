// CloudTrail Lake event data stores with a KMS key (aws-behavior.md §2.8): TK050 (CloudTrail can
// GenerateDataKey and Decrypt without source conditions), TK051 (statements that rely on
// aws:SourceArn/aws:SourceAccount), TK052 (the caller), TK053 (Region and account of the key).

import { checkEventDataStoreKeyFacts, checkKeyPolicyForEventDataStore, parseKmsArn } from '../../policy/cloudtrail/index.js';
import { PolicyError } from '../../policy/index.js';
import type { EventDataStoreSetup, PolicyDoc } from '../model.js';
import { isUnknown, Unknown } from '../values.js';
import { compiledOf } from './compiled.js';
import { emit, emitUnknown, statementPath, usablePolicy, where, type Emitter } from './emit.js';

const RULE: Readonly<Record<string, string>> = {
  'eds.generate-data-key': 'TK050', 'eds.decrypt': 'TK050', 'eds.caller-generate-data-key': 'TK052', 'eds.caller-decrypt': 'TK052',
};

function sourceConditions(e: Emitter, subject: string, doc: PolicyDoc): void {
  const raw = (doc.document as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  let found = false;
  statements.forEach((st, index) => {
    const p = st.Principal as Record<string, unknown> | string | undefined;
    const services = typeof p === 'object' && p ? [p.Service].flat() : [];
    if (st.Effect !== 'Allow' || !services.includes('cloudtrail.amazonaws.com')) return;
    const text = JSON.stringify(st.Condition ?? {}).toLowerCase();
    if (!text.includes('"aws:sourcearn"') && !text.includes('"aws:sourceaccount"')) return;
    const actions = [st.Action].flat().map(String);
    if (!actions.some((a) => /^kms:(\*|generatedatakey|decrypt)/i.test(a))) return;
    found = true;
    emit(e, {
      rule: 'TK051', verdict: 'fail', subject, check: `source-condition#${index}`, location: where(e, doc.source, `${statementPath(doc.document, index)}.Condition`),
      message: `statement \`${typeof st.Sid === 'string' && st.Sid ? st.Sid : `#${index}`}\` grants CloudTrail only with aws:SourceArn/aws:SourceAccount, which event data stores do not send.`,
    });
  });
  if (!found) emit(e, { rule: 'TK051', verdict: 'pass', subject, check: 'source-condition', message: 'no CloudTrail statement relies on aws:SourceArn or aws:SourceAccount.', location: where(e, doc.source) });
}

export function checkEventDataStore(e: Emitter, s: EventDataStoreSetup): void {
  const at = where(e, s.source);
  const arn = s.arn;
  const keyArn = s.key ? s.key.arn : s.keyIdAsGiven;
  if (isUnknown(arn) || isUnknown(keyArn)) {
    emitUnknown(e, 'TK050', s.id, 'eds.generate-data-key', isUnknown(arn) ? arn : (keyArn as Unknown), at);
    return;
  }
  if (parseKmsArn(keyArn)?.type !== 'key') {
    emitUnknown(e, 'TK050', s.id, 'eds.generate-data-key', new Unknown(`the key arn behind \`${keyArn}\` (pass --key-arn)`), at);
    return;
  }
  const region = s.key?.region;
  const facts = { eventDataStoreArn: arn, keyArn, ...(region && !isUnknown(region) ? { keyRegion: region } : {}), ...(s.callerArn ? { callerArn: s.callerArn } : {}) };
  for (const f of checkEventDataStoreKeyFacts(facts)) {
    emit(e, { rule: 'TK053', verdict: f.pass ? 'pass' : 'fail', subject: s.id, check: f.id, message: f.cause, location: at });
  }
  const usable = usablePolicy(s.key?.policy, `the key policy of \`${keyArn}\` (not in the inputs; pass --key-policy)`);
  if ('unknown' in usable) {
    emitUnknown(e, 'TK050', s.id, 'eds.generate-data-key', usable.unknown, at);
    return;
  }
  let compiled;
  try {
    compiled = compiledOf('key', usable.doc);
  } catch (err) {
    if (err instanceof PolicyError) return; // reported as TK044 by the lints
    throw err;
  }
  const doc = usable.doc!;
  for (const r of checkKeyPolicyForEventDataStore(facts, compiled)) {
    const rule = RULE[r.requirement];
    const needsIam = r.requirement.startsWith('eds.caller') && r.decision.missing === 'identity';
    const location = where(e, doc.source, r.decision.reasons[0] ? statementPath(doc.document, r.decision.reasons[0].index) : undefined);
    if (needsIam) {
      emit(e, {
        rule, verdict: 'unknown', subject: s.id, check: r.id, location, request: r.request, decision: r.decision,
        unknown: `the IAM policy of ${s.callerArn ? `\`${s.callerArn}\`` : 'the caller'}`,
        message: `the key policy delegates ${r.what} to the account, so the caller's IAM policy decides.`,
      });
      continue;
    }
    emit(e, {
      rule, verdict: r.pass ? 'pass' : 'fail', subject: s.id, check: r.id, location, request: r.request, decision: r.decision,
      message: r.pass ? `${r.what}: ${r.cause}` : `${r.what} is denied: ${r.cause} Creating the event data store fails with InsufficientEncryptionPolicyException.`,
    });
  }
  sourceConditions(e, s.id, doc);
}
