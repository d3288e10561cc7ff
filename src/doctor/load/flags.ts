// The command-line options of `check`, `explain` and `fix` that describe inputs, for node:util
// parseArgs, and their translation into DoctorOptions.

import { InputError } from '../model.js';
import type { DoctorOptions } from './options.js';

export const INPUT_OPTIONS = {
  'key-policy': { type: 'string' },
  'bucket-policy': { type: 'string' },
  'trail-arn': { type: 'string' },
  bucket: { type: 'string' },
  prefix: { type: 'string' },
  'bucket-region': { type: 'string' },
  'bucket-account': { type: 'string' },
  'key-arn': { type: 'string' },
  'key-region': { type: 'string' },
  'key-spec': { type: 'string' },
  'key-state': { type: 'string' },
  'org-id': { type: 'string' },
  'member-account': { type: 'string', multiple: true },
  'multi-region': { type: 'boolean' },
  'bucket-key': { type: 'boolean' },
  'log-file-validation': { type: 'boolean' },
  'event-data-store-arn': { type: 'string' },
  caller: { type: 'string' },
  terraform: { type: 'string' },
  cloudformation: { type: 'string', multiple: true },
  parameter: { type: 'string', multiple: true },
  account: { type: 'string' },
  region: { type: 'string' },
} as const;

/** Short on purpose (it is printed after every usage error); the README lists every flag. */
export const INPUT_USAGE =
  '[--key-policy F] [--bucket-policy F] [--trail-arn ARN [--bucket B] [--prefix P] [--org-id o-…] [--bucket-key] …] ' +
  '[--terraform PLAN.json] [--cloudformation T]… [--parameter [FILE:]Name=Value]…';

type Values = Record<string, string | boolean | string[] | undefined>;

export function doctorOptions(v: Values): DoctorOptions {
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const list = (k: string) => (Array.isArray(v[k]) ? (v[k] as string[]) : undefined);
  const b = (k: string) => (v[k] === true ? true : undefined);
  const account = s('account');
  if (account !== undefined && !/^\d{12}$/.test(account)) throw new InputError(`--account \`${account}\` is not a 12-digit account id`);
  const out: DoctorOptions = {
    keyPolicy: s('key-policy'), bucketPolicy: s('bucket-policy'), trailArn: s('trail-arn'), bucket: s('bucket'), prefix: s('prefix'),
    bucketRegion: s('bucket-region'), bucketAccount: s('bucket-account'), keyArn: s('key-arn'), keyRegion: s('key-region'),
    keySpec: s('key-spec'), keyState: s('key-state'), orgId: s('org-id'), memberAccounts: list('member-account'),
    multiRegion: b('multi-region'), bucketKey: b('bucket-key'), logFileValidation: b('log-file-validation'),
    eventDataStoreArn: s('event-data-store-arn'), caller: s('caller'), terraform: s('terraform'), cloudformation: list('cloudformation'),
    parameters: list('parameter'), account, region: s('region'),
  };
  return Object.fromEntries(Object.entries(out).filter(([, x]) => x !== undefined)) as DoctorOptions;
}
