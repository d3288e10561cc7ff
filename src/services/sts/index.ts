import type { Model } from '../../core/model.js';
import type { ServiceDef } from '../../core/service.js';
import modelJson from './model.json' with { type: 'json' };
import { assumeRole, getCallerIdentity } from './operations.js';

export const sts: ServiceDef = {
  name: 'sts',
  protocol: 'query',
  model: modelJson as unknown as Model,
  operations: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
  readOnly: (op) => op === 'GetCallerIdentity',
};
