// The operation table: every service trailkey serves, by signing name. The server routes requests
// here, and Call.call() runs service-to-service calls through the same table.
import type { ServiceDef } from '../core/service.js';
import { cloudtrail } from './cloudtrail/index.js';
import { iam } from './iam/index.js';
import { kms } from './kms/index.js';
import { s3 } from './s3/index.js';
import { sts } from './sts/index.js';

export const SERVICES: Readonly<Record<string, ServiceDef>> = { iam, sts, kms, s3, cloudtrail };

const queryActions = new Map<string, string[]>();
for (const service of Object.values(SERVICES)) {
  if (service.protocol !== 'query') continue;
  for (const op of Object.keys(service.operations)) queryActions.set(op, [...(queryActions.get(op) ?? []), service.name]);
}

/** Services whose awsQuery API has this action (routing when the credential scope does not say). */
export function queryServicesFor(action: string): readonly string[] {
  return queryActions.get(action) ?? [];
}
