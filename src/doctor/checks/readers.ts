// Who can decrypt the logs (aws-behavior.md §0 item 9): every key-policy statement that allows
// kms:Decrypt, per principal, checked with the engine against a real log file's encryption context.
// Over-broad grants are flagged: `*` open to any account (TK030), `*` open to a whole account
// (TK031); and a key nobody but CloudTrail can decrypt with (TK032).

import { CLOUDTRAIL_SERVICE, parseKmsArn } from '../../policy/cloudtrail/index.js';
import { compilePolicy, evaluate, prepareRequest, type CompiledPolicy, type EvalRequest } from '../../policy/index.js';
import type { PolicyDoc } from '../model.js';
import type { Reader } from '../report.js';
import { emit, statementPath, where, type Emitter } from './emit.js';

/** The encryption context of one log file of the trail (aws-behavior.md §10). */
export interface LogContext {
  keyArn: string;
  trailArn: string;
  objectArn: string;
}

const PROBE_ACCOUNT = '999999999999';
const ACCOUNT_KEYS = ['kms:calleraccount', 'aws:principalaccount', 'aws:principalorgid', 'aws:sourceaccount'];
/** An identity policy that allows everything: asks "would the key policy let it through if IAM did". */
const IAM_ALLOWS: CompiledPolicy = compilePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }, { name: 'its IAM policy', kind: 'identity' });

interface Candidate {
  principal: string;
  kind: Reader['kind'];
  caller: EvalRequest['principal'];
}

function list(v: unknown): string[] {
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String);
}

function candidates(principal: unknown, keyAccount: string): Candidate[] {
  const anyone = (): Candidate[] => [
    { principal: '*', kind: 'anyone', caller: { AWS: `arn:aws:iam::${keyAccount}:role/any-role` } },
    { principal: '*', kind: 'anyone', caller: { AWS: `arn:aws:iam::${PROBE_ACCOUNT}:role/any-role` } },
  ];
  if (principal === '*') return anyone();
  if (!principal || typeof principal !== 'object') return [];
  const p = principal as Record<string, unknown>;
  const out: Candidate[] = [];
  for (const v of list(p.AWS)) {
    if (v === '*') out.push(...anyone());
    else if (/^\d{12}$/.test(v) || /:root$/.test(v)) {
      const account = /(\d{12})/.exec(v)![1];
      out.push({ principal: `arn:aws:iam::${account}:root`, kind: 'account', caller: { AWS: `arn:aws:iam::${account}:root` } });
    } else if (/^arn:aws[a-z-]*:(iam|sts)::\d{12}:/.test(v)) out.push({ principal: v, kind: 'principal', caller: { AWS: v } });
  }
  // CloudTrail is the writer (its Decrypt serves an S3 Bucket Key), not a reader of the logs.
  for (const v of list(p.Service)) if (v !== CLOUDTRAIL_SERVICE) out.push({ principal: v, kind: 'service', caller: { Service: v } });
  return out;
}

function conditionText(st: Record<string, unknown>): string | undefined {
  return st.Condition && typeof st.Condition === 'object' && Object.keys(st.Condition).length ? JSON.stringify(st.Condition) : undefined;
}

/** Accounts a `*` statement is limited to, read from its account conditions. */
function accountsOf(st: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [op, body] of Object.entries((st.Condition ?? {}) as Record<string, Record<string, unknown>>)) {
    if (op.includes('Not') || !body || typeof body !== 'object') continue;
    for (const [k, v] of Object.entries(body)) if (ACCOUNT_KEYS.includes(k.toLowerCase())) out.push(...list(v));
  }
  return out;
}

export function keyReaders(e: Emitter, keyId: string, doc: PolicyDoc, compiled: CompiledPolicy, log: LogContext): Reader[] {
  const keyAccount = parseKmsArn(log.keyArn)?.account ?? PROBE_ACCOUNT;
  const raw = (doc.document as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  const readers: Reader[] = [];
  const context = {
    'kms:EncryptionContext:aws:cloudtrail:arn': log.trailArn,
    'kms:EncryptionContext:aws:s3:arn': log.objectArn,
    'kms:EncryptionContextKeys': ['aws:cloudtrail:arn', 'aws:s3:arn'],
  };
  compiled.statements.forEach((cs, index) => {
    const st = statements[index];
    if (cs.effect !== 'Allow' || !st) return;
    const matched = cs.actions.some((g) => g.matches('kms:decrypt'));
    if (cs.notAction === matched) return;
    // A `*` limited to an organization: the key's own account stands for a member of it.
    const orgs = accountsOf(st).filter((a) => a.startsWith('o-'));
    const grants = (caller: EvalRequest['principal'], inOrg = false): boolean => {
      const ctx = inOrg && orgs.length ? { ...context, 'aws:PrincipalOrgID': orgs[0] } : context;
      const request = prepareRequest({ principal: caller, action: 'kms:Decrypt', resource: log.keyArn, resourceKind: 'kms-key', context: ctx });
      const d = evaluate(request, { resource: compiled, identity: [IAM_ALLOWS] });
      return d.effect === 'Allow' && d.reasons.some((r) => r.index === index && r.policy === compiled.name);
    };
    const principal = cs.notPrincipal ? '*' : st.Principal;
    const label = cs.label;
    const conditions = conditionText(st);
    const location = where(e, doc.source, statementPath(doc.document, index));
    const byKind = candidates(principal, keyAccount);
    const anyone = byKind.filter((c) => c.kind === 'anyone');
    if (anyone.length) {
      const [own, foreign] = anyone.map((c, i) => grants(c.caller, i === 0));
      const accounts = foreign ? [] : accountsOf(st);
      readers.push({ key: keyId, principal: '*', kind: 'anyone', accounts, statement: label, needsIamPolicy: false, forTheseLogs: own || foreign, ...(conditions ? { conditions } : {}) });
      emit(e, {
        rule: 'TK030', verdict: foreign ? 'fail' : 'pass', subject: keyId, check: `readers:${label}`, location,
        message: foreign
          ? `statement \`${label}\` lets a principal of any AWS account decrypt the logs (\`*\` without kms:CallerAccount).`
          : `statement \`${label}\` limits \`*\` to ${accounts.length ? accounts.map((a) => `\`${a}\``).join(', ') : 'its conditions'}.`,
      });
      if (!foreign) {
        emit(e, {
          rule: 'TK031', verdict: own ? 'fail' : 'pass', subject: keyId, check: `readers:${label}`, location,
          message: own
            ? `statement \`${label}\` lets every principal of ${accounts.length ? accounts.map((a) => `${a.startsWith('o-') ? 'organization' : 'account'} \`${a}\``).join(', ') : `account \`${keyAccount}\``} decrypt the logs without an IAM policy.`
            : `statement \`${label}\` grants \`*\` only under conditions these logs do not meet.`,
        });
      }
    }
    for (const c of byKind) {
      if (c.kind === 'anyone') continue;
      const account = /::(\d{12}):/.exec(c.principal)?.[1];
      readers.push({
        key: keyId, principal: c.principal, kind: c.kind, accounts: account ? [account] : [], statement: label,
        needsIamPolicy: c.kind === 'account' || (account !== undefined && account !== keyAccount),
        forTheseLogs: grants(c.caller), ...(conditions ? { conditions } : {}),
      });
    }
  });
  if (!readers.some((r) => r.kind === 'anyone')) {
    for (const rule of ['TK030', 'TK031']) emit(e, { rule, verdict: 'pass', subject: keyId, check: 'readers', location: where(e, doc.source), message: 'no statement grants kms:Decrypt to `*`.' });
  }
  const humans = readers.filter((r) => r.kind !== 'service' && r.forTheseLogs);
  emit(e, {
    rule: 'TK032', verdict: humans.length ? 'pass' : 'fail', subject: keyId, check: 'readers', location: where(e, doc.source),
    message: humans.length
      ? `${humans.length} principal${humans.length === 1 ? '' : 's'} can decrypt the logs.`
      : `no principal but ${readers.some((r) => r.kind === 'service') ? 'AWS services' : CLOUDTRAIL_SERVICE} can decrypt these logs, so nobody can read them.`,
  });
  return readers;
}
