// Links resources across inputs: a trail in one template or plan and its bucket policy or key in
// another (central logging), by equal bucket names and key ARNs.

import type { Setup } from '../model.js';
import { isUnknown } from '../values.js';

export function linkAcross(setup: Setup): void {
  const named = (name: unknown) => setup.buckets.filter((b) => typeof name === 'string' && b.name === name);
  for (const b of setup.buckets) {
    if (b.policy !== undefined && b.policy !== null) continue;
    const other = named(b.name).find((x) => x !== b && x.policy !== undefined && x.policy !== null);
    if (other) b.policy = other.policy;
  }
  for (const t of setup.trails) {
    if (!t.bucket || t.bucket.policy === undefined) {
      const other = named(t.bucketName).find((x) => x !== t.bucket && x.policy !== undefined);
      if (other) t.bucket = other;
    }
    if (!t.key && typeof t.keyIdAsGiven === 'string') {
      // Across stacks only full ARNs name a key unambiguously (a key of another account needs one).
      const key = setup.keys.find((k) => (!isUnknown(k.arn) && k.arn === t.keyIdAsGiven) || k.aliases?.some((a) => a.startsWith('arn:') && a === t.keyIdAsGiven));
      if (key) t.key = key;
    }
  }
  for (const s of setup.eventDataStores) {
    if (!s.key && typeof s.keyIdAsGiven === 'string') {
      const key = setup.keys.find((k) => !isUnknown(k.arn) && k.arn === s.keyIdAsGiven);
      if (key) s.key = key;
    }
  }
}
