// Whether a bucket policy is "public" in the sense of Block Public Access
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status,
// policy-semantics.md §4.9): an Allow to everyone (`*`, `{"AWS": "*"}`, or Allow+NotPrincipal)
// that no condition pins to fixed values of the keys S3 accepts as restricting. Called only on
// documents the validator has accepted.

/** Condition keys that make a grant to `*` non-public when fixed to non-wildcard values. */
const RESTRICTING_KEYS = new Set(
  [
    'aws:SourceArn', 'aws:SourceVpc', 'aws:SourceVpce', 'aws:SourceOwner', 'aws:SourceAccount', 'aws:PrincipalAccount',
    'aws:PrincipalArn', 'aws:PrincipalOrgID', 's3:x-amz-server-side-encryption-aws-kms-key-id', 's3:DataAccessPointArn',
    's3:DataAccessPointAccount',
  ].map((k) => k.toLowerCase()),
);

/** Operators that fix a key to the listed values (no negation, no IfExists escape). */
const FIXING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress']);

const values = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');

function restricts(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return false;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    const op = operator.toLowerCase().replace(/^for(all|any)values:/, '');
    if (!FIXING_OPERATORS.has(op) || block === null || typeof block !== 'object') continue;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      const k = key.toLowerCase();
      const vs = values(value);
      if (vs.length === 0) continue;
      if (op === 'ipaddress' && k === 'aws:sourceip') {
        // A fixed set of CIDRs restricts, unless one of them is the whole address space.
        if (!vs.some((c) => /\/0$/.test(c))) return true;
      } else if (k === 'aws:userid') {
        // `AROA…:*` (every session of one role) counts as fixed.
        if (vs.every((v) => !/[*?]/.test(v) || /^AROA[A-Z0-9]+:\*$/.test(v))) return true;
      } else if (RESTRICTING_KEYS.has(k) && vs.every((v) => !/[*?]/.test(v))) return true;
    }
  }
  return false;
}

function grantsEveryone(statement: Record<string, unknown>): boolean {
  if ('NotPrincipal' in statement) return true;
  const p = statement.Principal;
  if (p === '*') return true;
  if (p !== null && typeof p === 'object') return values((p as Record<string, unknown>).AWS).includes('*');
  return false;
}

export function isPublicPolicy(text: string): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return false;
  }
  const raw = (doc as { Statement?: unknown }).Statement;
  const statements = (Array.isArray(raw) ? raw : [raw]).filter((s): s is Record<string, unknown> => s !== null && typeof s === 'object');
  return statements.some((s) => s.Effect === 'Allow' && grantsEveryone(s) && !restricts(s.Condition));
}
