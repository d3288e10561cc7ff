// What the doctor checks, whatever it was read from (policy files, a Terraform plan, CloudFormation
// templates): trails and event data stores with their keys and buckets. Loaders build it; diagnose()
// reads it. Every value may be Unknown (values.ts); every part may point back into its file.

import type { Value } from './values.js';

/** Where a value sits in an input file, for line numbers in SARIF and text output. */
export interface SourceRef {
  /** The file as given on the command line. */
  file: string;
  /** Keys and indexes from the file's root to the value. */
  path: (string | number)[];
  /** The value is a string holding JSON (a Terraform `policy`, a CloudFormation string KeyPolicy): paths inside it are not located. */
  embedded?: boolean;
}

export interface PolicyDoc {
  /** The parsed policy document. */
  document: unknown;
  source?: SourceRef;
  /** How the user knows this policy: `aws_kms_key.trail.policy`, `kp.json`, `LogsKey.KeyPolicy`. */
  label: string;
  /** The key had no policy and gets KMS's default one (aws-behavior.md §6.2). */
  isDefault?: boolean;
}

export interface KeySetup {
  /** The user's name for it: a resource address, a logical id or a file. */
  id: string;
  /** The full key ARN; symbolic when the real one is only known after apply (its policy decides nothing by it). */
  arn: Value<string>;
  /** The ARN stands in for one we do not know (a key not created yet, a key only known by its policy). */
  symbolicArn?: boolean;
  region?: Value<string>;
  /** undefined: we do not have it (checks that need it are unknown). */
  policy?: Value<PolicyDoc>;
  spec?: Value<string>;
  usage?: Value<string>;
  state?: Value<string>;
  multiRegionKeyType?: 'PRIMARY' | 'REPLICA';
  /** Other names a trail may give the key by: key id, alias name, alias ARN. */
  aliases?: string[];
  source?: SourceRef;
}

export interface BucketSetup {
  id: string;
  name: Value<string>;
  region?: Value<string>;
  account?: Value<string>;
  /** null: the bucket has no policy; undefined: we do not have it. */
  policy?: Value<PolicyDoc> | null;
  bucketKeyEnabled?: Value<boolean>;
  source?: SourceRef;
}

export interface TrailSetup {
  id: string;
  arn: Value<string>;
  bucketName: Value<string>;
  bucket?: BucketSetup;
  prefix?: Value<string>;
  /** The trail's key as written (`kms_key_id`, `KMSKeyId`); undefined: no key. */
  keyIdAsGiven?: Value<string>;
  key?: KeySetup;
  isOrganizationTrail?: Value<boolean>;
  organizationId?: Value<string>;
  memberAccounts?: string[];
  isMultiRegionTrail?: Value<boolean>;
  logFileValidationEnabled?: Value<boolean>;
  /** What GetTrailStatus says of a live trail (`trailkey audit` only); undefined: not read. */
  status?: Value<TrailStatus>;
  source?: SourceRef;
}

/** The parts of GetTrailStatus the doctor checks (aws-behavior.md §2.6). */
export interface TrailStatus {
  isLogging: boolean;
  /** The S3 or KMS error code of the last failed log file delivery (`AccessDenied`, `KMS.DisabledException`). */
  latestDeliveryError?: string;
  latestDigestDeliveryError?: string;
}

export interface EventDataStoreSetup {
  id: string;
  arn: Value<string>;
  keyIdAsGiven: Value<string>;
  key?: KeySetup;
  callerArn?: string;
  source?: SourceRef;
}

export interface InputFile {
  /** `account`: what `trailkey audit` read from a live account (`file`: `us-east-1`, or `us-east-1 at <endpoint>`; no text). */
  kind: 'policy' | 'terraform' | 'cloudformation' | 'request' | 'account';
  file: string;
  text: string;
}

export interface Setup {
  inputs: InputFile[];
  trails: TrailSetup[];
  eventDataStores: EventDataStoreSetup[];
  /** Every key, also those no trail uses (their policies are still linted and their readers listed). */
  keys: KeySetup[];
  buckets: BucketSetup[];
}

export function emptySetup(): Setup {
  return { inputs: [], trails: [], eventDataStores: [], keys: [], buckets: [] };
}

/** A usage or input problem, shown as one line with exit code 2 (never a stack trace). */
export class InputError extends Error {
  override name = 'InputError';
}
