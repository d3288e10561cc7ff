// Every rule, pass and fail, from each input kind: one scenario per case (test/fixtures/doctor/
// scenarios.ts), rendered as policy files with flags, as a Terraform plan and as a CloudFormation
// template, and run through the whole doctor.
import { describe, expect, it } from 'vitest';
import { ALL, CASES } from './testing/rule-cases.js';
import { RENDERERS, type InputKind, type Scenario } from './testing/scenarios.js';
import { RULES, runDoctor, type Report } from './index.js';

async function check(kind: InputKind, s: Scenario): Promise<Report> {
  const { files, options } = RENDERERS[kind](s);
  return runDoctor(options, async (p) => {
    if (!(p in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return files[p];
  });
}

describe('every rule has a pass and a fail case', () => {
  it('covers the whole rule table', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(RULES.map((r) => r.id).sort());
  });
});

// Rules only `trailkey audit` reports (kinds: []) are tested against the emulator in
// test/conformance/doctor-audit.test.ts.
describe.each(CASES.filter((c) => (c.kinds ?? ALL).length > 0))('$rule', (c) => {
  it.each(c.kinds ?? ALL)('passes from %s', async (kind) => {
    const report = await check(kind, c.pass);
    const mine = report.results.filter((r) => r.rule === c.rule);
    expect(mine.filter((r) => r.verdict !== 'pass'), JSON.stringify(mine, null, 1)).toEqual([]);
    expect(mine.length).toBeGreaterThan(0);
  });

  it.each(c.kinds ?? ALL)('fails from %s', async (kind) => {
    const report = await check(kind, c.fail);
    const failed = report.results.filter((r) => r.rule === c.rule && r.verdict === 'fail');
    expect(failed.length, JSON.stringify(report.results.filter((r) => r.verdict !== 'pass'), null, 1)).toBeGreaterThan(0);
    expect(failed[0].severity).toBe(RULES.find((r) => r.id === c.rule)!.severity);
    expect(failed[0].message).not.toBe('');
  });
});
