// The doctor and the emulator must agree: the doctor reports a create-stage failure exactly when
// createTrailOutcome (what the emulator's CreateTrail/UpdateTrail will call) refuses the trail, and
// every input kind gives the same verdict for the same setup.
import { describe, expect, it } from 'vitest';
import { createTrailOutcome, type TrailFacts } from '../policy/cloudtrail/index.js';
import { BUCKET, keyArn, ORG, REGION, RENDERERS, TRAIL, type InputKind, type Scenario } from './testing/scenarios.js';
import { runDoctor } from './index.js';
import { CASES } from './testing/rule-cases.js';

function facts(s: Scenario): TrailFacts {
  return {
    trailArn: TRAIL, bucket: BUCKET, bucketRegion: REGION,
    ...(s.prefix ? { prefix: s.prefix } : {}),
    ...(s.noKey ? {} : { keyArn: keyArn(s) }),
    ...(s.keySpec ? { keySpec: s.keySpec, keyUsage: s.keySpec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : 'SIGN_VERIFY' } : {}),
    ...(s.keyDisabled !== undefined ? { keyState: s.keyDisabled ? 'Disabled' : 'Enabled' } : {}),
    ...(s.org ? { isOrganizationTrail: true, organizationId: ORG } : {}),
    ...(s.bucketKey ? { bucketKeyEnabled: true } : {}),
    ...(s.multiRegion ? { isMultiRegionTrail: true } : {}),
  };
}

async function refuses(kind: InputKind, s: Scenario): Promise<boolean> {
  const { files, options } = RENDERERS[kind](s);
  const report = await runDoctor(options, async (p) => files[p]);
  return report.results.some((r) => r.verdict === 'fail' && r.stage === 'create');
}

const scenarios = CASES.flatMap((c) => [
  { name: `${c.rule} pass`, s: c.pass, kinds: c.kinds },
  { name: `${c.rule} fail`, s: c.fail, kinds: c.kinds },
]).filter((x) => !x.s.lake && !x.s.replicaWithoutPolicy && !x.s.replica && !x.s.keyNamedBy);

describe('doctor and CreateTrail agree', () => {
  it.each(scenarios)('$name', async ({ s, kinds }) => {
    const emulator = createTrailOutcome(facts(s), { keyPolicy: s.noKey ? null : s.keyPolicy, bucketPolicy: s.bucketPolicy });
    for (const kind of kinds ?? (['files', 'terraform', 'cloudformation'] as const)) {
      expect(await refuses(kind, s), `${kind}: ${JSON.stringify(emulator)}`).toBe(!emulator.ok);
    }
  });
});
