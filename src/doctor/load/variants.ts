// CloudFormation's AWS::AccountId and AWS::Region are symbols: a template may run in any account and
// Region. The doctor evaluates each template under a few assignments (a shared placeholder, one per
// template, and every literal account id or Region the templates mention) and keeps a verdict only
// when every assignment agrees; otherwise the result is "unknown" and names the pseudo parameter.
// Placeholders are shown as `${AWS::AccountId}`/`${AWS::Region}` in messages and fixed policies.

export interface Assignment {
  /** Per template file: its AWS::AccountId and AWS::Region. */
  accounts: Record<string, string>;
  regions: Record<string, string>;
  /** Which pseudo parameters differ from the first (reference) assignment, for naming them. */
  varies: 'none' | 'account' | 'region' | 'both';
}

export const SHARED_ACCOUNT = '100000000000';
export const SHARED_REGION = 'xx-home-1';
const ownAccount = (i: number) => `1000000000${String(i + 1).padStart(2, '0')}`;
const ownRegion = (i: number) => `xx-home-${i + 2}`;

const ACCOUNT = /(?<![\d])\d{12}(?![\d])/g;
const REGION = /\b(?:us|eu|ap|sa|ca|me|af|il|mx)(?:-gov)?-[a-z]+-\d\b/g;
const MAX_LITERALS = 3;
const MAX_ASSIGNMENTS = 64;

export interface TemplateText {
  file: string;
  text: string;
  /** The user fixed these with --parameter. */
  fixedAccount?: string;
  fixedRegion?: string;
}

function literals(texts: readonly string[], re: RegExp, exclude: readonly string[]): string[] {
  const found = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(re)) if (!exclude.includes(m[0])) found.add(m[0]);
  return [...found].slice(0, MAX_LITERALS);
}

/**
 * Every template's resources carry its account and Region (ARNs), so both always vary, jointly:
 * a condition may compare a literal ARN of one template with a resource of another.
 * Per pseudo parameter the choices are: one shared placeholder; one placeholder per template (are the
 * stacks in different accounts?); each literal for all templates; each literal for one template.
 */
export function assignments(templates: readonly TemplateText[]): Assignment[] {
  const texts = templates.map((t) => t.text);
  const many = templates.length > 1;
  const choices = (fixed: 'fixedAccount' | 'fixedRegion', shared: string, own: (i: number) => string, lits: string[]): Record<string, string>[] => {
    const each = (f: (i: number) => string) => Object.fromEntries(templates.map((t, i) => [t.file, t[fixed] ?? f(i)]));
    const out = [each(() => shared)];
    if (many) out.push(each(own));
    for (const lit of lits) {
      out.push(each(() => lit));
      if (many) templates.forEach((_, j) => out.push(each((i) => (i === j ? lit : own(i)))));
    }
    const seen = new Set<string>();
    return out.filter((c) => !seen.has(JSON.stringify(c)) && seen.add(JSON.stringify(c)));
  };
  let accountLits = literals(texts, ACCOUNT, [SHARED_ACCOUNT]);
  let regionLits = literals(texts, REGION, []);
  // Keep the product small: drop literals until it fits.
  const size = () => (1 + (many ? 1 : 0) + accountLits.length * (many ? templates.length + 1 : 1)) * (1 + (many ? 1 : 0) + regionLits.length * (many ? templates.length + 1 : 1));
  while (size() > MAX_ASSIGNMENTS && (accountLits.length || regionLits.length)) {
    if (accountLits.length >= regionLits.length) accountLits = accountLits.slice(0, -1);
    else regionLits = regionLits.slice(0, -1);
  }
  const accounts = choices('fixedAccount', SHARED_ACCOUNT, ownAccount, accountLits);
  const regions = choices('fixedRegion', SHARED_REGION, ownRegion, regionLits);
  const out: Assignment[] = [];
  accounts.forEach((a, i) => regions.forEach((r, j) => {
    out.push({ accounts: a, regions: r, varies: i === 0 && j === 0 ? 'none' : i === 0 ? 'region' : j === 0 ? 'account' : 'both' });
  }));
  return out;
}

/** Placeholder → how to show it (only the reference assignment's placeholders reach the output). */
export const SYMBOLS: readonly [string, string][] = [[SHARED_ACCOUNT, '${AWS::AccountId}'], [SHARED_REGION, '${AWS::Region}']];

/** Replaces placeholders in any JSON-like value. */
export function symbolize<T>(value: T, table: readonly [string, string][]): T {
  if (table.length === 0) return value;
  const swap = (s: string) => table.reduce((acc, [from, to]) => acc.split(from).join(to), s);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return swap(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [swap(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
