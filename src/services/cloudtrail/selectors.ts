// PutEventSelectors / GetEventSelectors, basic and advanced, with the limits of CT-MODEL's
// InvalidEventSelectorsException: 1 to 5 basic selectors, 250 data resources, 500 advanced-selector
// values (aws-behavior.md §2.1).
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
// The texts are trailkey's (AWS's are not public), each naming the value at fault.
import type { Call } from '../../core/call.js';
import { authorizeTrail } from './authorize.js';
import { invalidEventSelectors } from './errors.js';
import { resolveOwnTrail, resolveTrail, saveTrail, type AdvancedEventSelector, type EventSelector } from './trails.js';

/** The resource types basic selectors take, and the value that selects every resource of each (besides ARN prefixes). */
const DATA_TYPES: Readonly<Record<string, { all: string[]; prefix: string }>> = {
  'AWS::S3::Object': { all: ['arn:aws:s3', 'arn:aws:s3:::'], prefix: 'arn:aws:s3:::' },
  'AWS::Lambda::Function': { all: ['arn:aws:lambda'], prefix: 'arn:aws:lambda:' },
  'AWS::DynamoDB::Table': { all: ['arn:aws:dynamodb'], prefix: 'arn:aws:dynamodb:' },
};
/** "Currently, you can exclude AWS KMS or Amazon RDS Data API events" (EventSelector.ExcludeManagementEventSources). */
const EXCLUDABLE_SOURCES = new Set(['kms.amazonaws.com', 'rdsdata.amazonaws.com']);
const ADVANCED_FIELDS = new Set([
  'eventCategory', 'eventSource', 'eventName', 'readOnly', 'resources.type', 'resources.ARN', 'eventType', 'userIdentity.arn',
  'sessionCredentialFromConsole', 'errorCode', 'vpcEndpointId',
]);
const EVENT_CATEGORIES = new Set(['Management', 'Data', 'NetworkActivity']);
const OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const;
const MAX_SELECTORS = 5;
const MAX_DATA_RESOURCES = 250;
const MAX_ADVANCED_VALUES = 500;

/** Checks basic selectors and returns them as stored: defaults filled in, so readers never meet a missing list. */
function basic(selectors: EventSelector[]): EventSelector[] {
  if (selectors.length < 1 || selectors.length > MAX_SELECTORS) throw invalidEventSelectors(`A trail can have 1 to ${MAX_SELECTORS} event selectors; ${selectors.length} were given.`);
  let resources = 0;
  const out: EventSelector[] = [];
  for (const s of selectors) {
    const dataResources = (s.DataResources ?? []).map((d) => {
      const type = d.Type === undefined ? undefined : DATA_TYPES[d.Type];
      if (!type) throw invalidEventSelectors(`Value ${d.Type ?? 'null'} for parameter DataResources.Type is invalid.`);
      const values = d.Values ?? [];
      resources += values.length;
      for (const v of values) {
        if (!type.all.includes(v) && !v.startsWith(type.prefix)) throw invalidEventSelectors(`Value ${v} for parameter DataResources.Values is invalid.`);
      }
      return { Type: d.Type, Values: values };
    });
    for (const source of s.ExcludeManagementEventSources ?? []) {
      if (!EXCLUDABLE_SOURCES.has(source)) throw invalidEventSelectors(`Value ${source} for parameter ExcludeManagementEventSources is invalid.`);
    }
    out.push({
      ReadWriteType: s.ReadWriteType ?? 'All',
      IncludeManagementEvents: s.IncludeManagementEvents ?? true,
      DataResources: dataResources,
      ExcludeManagementEventSources: s.ExcludeManagementEventSources ?? [],
    });
  }
  if (resources > MAX_DATA_RESOURCES) throw invalidEventSelectors(`A trail can have up to ${MAX_DATA_RESOURCES} data resources across its event selectors; ${resources} were given.`);
  return out;
}

/**
 * Advanced selectors: every selector names its eventCategory with Equals (Management, Data or
 * NetworkActivity), and a Data selector names resources.type, as the user guide requires for trails.
 */
function checkAdvanced(selectors: AdvancedEventSelector[]): void {
  let values = 0;
  for (const s of selectors) {
    const category = s.FieldSelectors.find((f) => f.Field === 'eventCategory');
    if (!category) throw invalidEventSelectors('Each advanced event selector must include a field selector for eventCategory.');
    if (!category.Equals || OPERATORS.some((o) => o !== 'Equals' && category[o]) || category.Equals.some((v) => !EVENT_CATEGORIES.has(v))) {
      throw invalidEventSelectors(`The eventCategory field selector must use Equals with Management, Data or NetworkActivity.`);
    }
    if (category.Equals.includes('Data') && !s.FieldSelectors.some((f) => f.Field === 'resources.type')) {
      throw invalidEventSelectors('An advanced event selector for data events must include a field selector for resources.type.');
    }
    for (const f of s.FieldSelectors) {
      if (!ADVANCED_FIELDS.has(f.Field)) throw invalidEventSelectors(`Field ${f.Field} is not valid in an advanced event selector.`);
      if (!OPERATORS.some((o) => f[o])) throw invalidEventSelectors(`The field selector for ${f.Field} has no operator.`);
      values += OPERATORS.reduce((n, k) => n + (f[k]?.length ?? 0), 0);
    }
  }
  if (values > MAX_ADVANCED_VALUES) throw invalidEventSelectors(`A trail can have up to ${MAX_ADVANCED_VALUES} values across its advanced event selectors; ${values} were given.`);
}

export function putEventSelectors(call: Call, input: { TrailName: string; EventSelectors?: EventSelector[]; AdvancedEventSelectors?: AdvancedEventSelector[] }) {
  authorizeTrail(call, 'PutEventSelectors', input.TrailName);
  const trail = resolveOwnTrail(call, input.TrailName);
  if ((input.EventSelectors === undefined) === (input.AdvancedEventSelectors === undefined)) {
    throw invalidEventSelectors('Specify either EventSelectors or AdvancedEventSelectors, not both.');
  }
  if (input.AdvancedEventSelectors) checkAdvanced(input.AdvancedEventSelectors);
  // One kind replaces the other ("If you apply AdvancedEventSelectors to a trail, any existing EventSelectors are overwritten").
  trail.EventSelectors = input.EventSelectors && basic(input.EventSelectors);
  trail.AdvancedEventSelectors = input.AdvancedEventSelectors;
  saveTrail(call, trail);
  return { TrailARN: trail.TrailARN, EventSelectors: trail.EventSelectors, AdvancedEventSelectors: trail.AdvancedEventSelectors };
}

/** A trail without custom selectors logs all read and write management events and no data events. */
export const DEFAULT_SELECTORS: EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] }];

export function getEventSelectors(call: Call, input: { TrailName: string }) {
  authorizeTrail(call, 'GetEventSelectors', input.TrailName);
  const { trail } = resolveTrail(call, input.TrailName);
  if (trail.AdvancedEventSelectors) return { TrailARN: trail.TrailARN, AdvancedEventSelectors: trail.AdvancedEventSelectors };
  return { TrailARN: trail.TrailARN, EventSelectors: trail.EventSelectors ?? DEFAULT_SELECTORS };
}
