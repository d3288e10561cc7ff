import type { Model } from '../../core/model.js';
import type { ServiceDef } from '../../core/service.js';
import { createTrail, updateTrail } from './create-update.js';
import { deleteTrail, startLogging, stopLogging } from './logging.js';
import { lookupEvents } from './lookup-events.js';
import modelJson from './model.json' with { type: 'json' };
import { describeTrails, getTrail, getTrailStatus, listTrails } from './read-operations.js';
import { getEventSelectors, putEventSelectors } from './selectors.js';
import { listPublicKeys } from './signing-keys.js';
import { addTags, listTags, removeTags } from './tags.js';

export const cloudtrail: ServiceDef = {
  name: 'cloudtrail',
  protocol: 'json',
  model: modelJson as unknown as Model,
  operations: {
    CreateTrail: createTrail,
    UpdateTrail: updateTrail,
    DeleteTrail: deleteTrail,
    GetTrail: getTrail,
    DescribeTrails: describeTrails,
    ListTrails: listTrails,
    GetTrailStatus: getTrailStatus,
    StartLogging: startLogging,
    StopLogging: stopLogging,
    PutEventSelectors: putEventSelectors,
    GetEventSelectors: getEventSelectors,
    LookupEvents: lookupEvents,
    AddTags: addTags,
    RemoveTags: removeTags,
    ListTags: listTags,
    ListPublicKeys: listPublicKeys,
  },
  readOnly: (op) => /^(Get|Describe|List|Lookup)/.test(op),
  validatesOwnInput: true,
};
