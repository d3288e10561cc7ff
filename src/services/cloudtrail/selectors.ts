// PutEventSelectors / GetEventSelectors, basic and advanced, with the model's limits: at most 5
// basic selectors, 250 data resources, 500 advanced-selector values (aws-behavior.md §2.1).
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
import type { Call } from '../../core/call.js';
import { authorizeCloudTrail } from './authorize.js';
import { invalidEventSelectors } from './errors.js';
import { resolveOwnTrail, resolveTrail, saveTrail, type AdvancedEventSelector, type EventSelector } from './trails.js';

const DATA_TYPES = new Set(['AWS::S3::Object', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table']);
const ADVANCED_FIELDS = new Set([
  'eventCategory', 'eventSource', 'eventName', 'readOnly', 'resources.type', 'resources.ARN', 'eventType', 'userIdentity.arn', 'sessionCredentialFromConsole', 'errorCode',
]);

function checkBasic(selectors: EventSelector[]): void {
  if (selectors.length > 5) throw invalidEventSelectors('A trail can have up to 5 event selectors.');
  let resources = 0;
  for (const s of selectors) {
    for (const d of s.DataResources ?? []) {
      if (!DATA_TYPES.has(d.Type)) throw invalidEventSelectors(`Value ${d.Type} for parameter DataResources.Type is invalid.`);
      resources += d.Values.length;
      for (const v of d.Values) {
        const prefix = d.Type === 'AWS::S3::Object' ? 'arn:aws:s3:::' : d.Type === 'AWS::Lambda::Function' ? 'arn:aws:lambda:' : 'arn:aws:dynamodb:';
        if (!v.startsWith(prefix) && !(d.Type === 'AWS::S3::Object' && v === 'arn:aws:s3')) {
          throw invalidEventSelectors(`Value ${v} for parameter DataResources.Values is invalid.`);
        }
      }
    }
  }
  if (resources > 250) throw invalidEventSelectors('A trail can have up to 250 data resources across its event selectors.');
}

function checkAdvanced(selectors: AdvancedEventSelector[]): void {
  let values = 0;
  for (const s of selectors) {
    if (!s.FieldSelectors.some((f) => f.Field === 'eventCategory')) {
      throw invalidEventSelectors('Each advanced event selector must include a field selector for eventCategory.');
    }
    for (const f of s.FieldSelectors) {
      if (!ADVANCED_FIELDS.has(f.Field)) throw invalidEventSelectors(`Field ${f.Field} is not valid in an advanced event selector.`);
      values += (['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const).reduce((n, k) => n + (f[k]?.length ?? 0), 0);
    }
  }
  if (values > 500) throw invalidEventSelectors('A trail can have up to 500 values across its advanced event selectors.');
}

export function putEventSelectors(call: Call, input: { TrailName: string; EventSelectors?: EventSelector[]; AdvancedEventSelectors?: AdvancedEventSelector[] }) {
  const trail = resolveOwnTrail(call, input.TrailName);
  authorizeCloudTrail(call, 'PutEventSelectors', trail.TrailARN);
  if ((input.EventSelectors === undefined) === (input.AdvancedEventSelectors === undefined)) {
    throw invalidEventSelectors('Specify either EventSelectors or AdvancedEventSelectors, not both.');
  }
  if (input.EventSelectors) checkBasic(input.EventSelectors);
  if (input.AdvancedEventSelectors) checkAdvanced(input.AdvancedEventSelectors);
  trail.EventSelectors = input.EventSelectors?.map((s) => ({ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ...s }));
  trail.AdvancedEventSelectors = input.AdvancedEventSelectors;
  saveTrail(call, trail);
  return { TrailARN: trail.TrailARN, EventSelectors: trail.EventSelectors, AdvancedEventSelectors: trail.AdvancedEventSelectors };
}

/** A trail without custom selectors logs all read and write management events and no data events. */
export const DEFAULT_SELECTORS: EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];

export function getEventSelectors(call: Call, input: { TrailName: string }) {
  const { trail } = resolveTrail(call, input.TrailName);
  authorizeCloudTrail(call, 'GetEventSelectors', trail.TrailARN);
  if (trail.AdvancedEventSelectors) return { TrailARN: trail.TrailARN, AdvancedEventSelectors: trail.AdvancedEventSelectors };
  return { TrailARN: trail.TrailARN, EventSelectors: trail.EventSelectors ?? DEFAULT_SELECTORS };
}
