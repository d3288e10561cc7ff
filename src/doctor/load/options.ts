// What the user tells the doctor on the command line, shared by `check`, `explain` and `fix`.

export interface DoctorOptions {
  keyPolicy?: string;
  bucketPolicy?: string;
  trailArn?: string;
  bucket?: string;
  prefix?: string;
  bucketRegion?: string;
  bucketAccount?: string;
  keyArn?: string;
  keyRegion?: string;
  keySpec?: string;
  keyState?: string;
  orgId?: string;
  memberAccounts?: string[];
  multiRegion?: boolean;
  bucketKey?: boolean;
  logFileValidation?: boolean;
  eventDataStoreArn?: string;
  caller?: string;
  terraform?: string;
  cloudformation?: string[];
  /** `Name=Value` (every template) or `FILE:Name=Value` (one template). */
  parameters?: string[];
  /** The account and Region a plan's providers use when the plan does not say. */
  account?: string;
  region?: string;
}

/** Reads an input file; the CLI passes fs, tests pass a map. Rejects with an error that has a `code` when missing. */
export type ReadFile = (path: string) => Promise<string>;
