// Runs the decision tables in cases/**.json: each case names its source and asserts the effect,
// the deciding statements and, for implicit denies, which side was missing.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { compileRequestFile, readRequestFile } from './request-file.js';

interface Case {
  name: string;
  source: string;
  request: unknown;
  expect: { decision: string; reasons: string[]; missing?: string };
}

const dir = join(import.meta.dirname, 'cases');
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json'))
  .sort();

it('has decision tables', () => {
  expect(files.length).toBeGreaterThan(0);
});

for (const file of files) {
  const table = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { topic: string; cases: Case[] };
  describe(`${file}: ${table.topic}`, () => {
    it('names each case once and cites a source', () => {
      const names = table.cases.map((c) => c.name);
      expect(new Set(names).size).toBe(names.length);
      for (const c of table.cases) expect(c.source, c.name).toMatch(/\S/);
    });
    for (const c of table.cases) {
      it(c.name, () => {
        const { request, policies } = compileRequestFile(readRequestFile(c.request));
        const decision = evaluate(request, policies);
        const reasons = decision.reasons.map((r) => `${r.policy}/${r.statement}`);
        expect({ decision: decision.effect, reasons: [...new Set(reasons)].sort(), missing: decision.missing }).toEqual({
          decision: c.expect.decision,
          reasons: [...new Set(c.expect.reasons)].sort(),
          missing: c.expect.decision === 'ImplicitDeny' ? (c.expect.missing ?? decision.missing) : undefined,
        });
        // The traced evaluation must reach the same verdict as the fast path.
        const traced = evaluate(request, policies, { trace: true });
        expect(traced.effect).toBe(decision.effect);
        expect(traced.reasons).toEqual(decision.reasons);
        const statements = [...(policies.identity ?? []), ...(policies.resource ? [policies.resource] : [])].reduce((n, p) => n + p.statements.length, 0);
        expect(traced.trace.length).toBe(statements);
      });
    }
  });
}
