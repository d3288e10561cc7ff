// What we know about one trail, its bucket and its key: the input of every check in this folder.
// The emulator fills it from its store at CreateTrail/UpdateTrail; the doctor from files, Terraform
// plans or CloudFormation templates. Optional facts that are absent are not checked.

import { parseKmsArn, parseTrailArn, type TrailArn } from './arn.js';
import { accountFolder } from './paths.js';

export interface TrailFacts {
  /** `arn:aws:cloudtrail:<home region>:<owner account>:trail/<name>`. */
  trailArn: string;
  bucket: string;
  /** The trail's S3KeyPrefix, without the trailing `/`. */
  prefix?: string;
  /** The bucket owner; defaults to the trail's account. */
  bucketAccount?: string;
  bucketRegion?: string;
  /** The full key ARN (CloudTrail stores and echoes the key ARN, aws-behavior.md §0 item 1). No key: SSE-S3, nothing KMS to check. */
  keyArn?: string;
  /** Defaults to the Region in `keyArn`. */
  keyRegion?: string;
  /** KMS KeySpec, e.g. `SYMMETRIC_DEFAULT`. */
  keySpec?: string;
  /** KMS KeyUsage, e.g. `ENCRYPT_DECRYPT`. */
  keyUsage?: string;
  /** KMS KeyState: `Enabled`, `Disabled`, `PendingDeletion`, `PendingReplicaDeletion`, `PendingImport`, `Unavailable`, `Creating`. */
  keyState?: string;
  multiRegion?: boolean;
  /** For multi-Region keys: `PRIMARY` or `REPLICA`. */
  multiRegionKeyType?: 'PRIMARY' | 'REPLICA';
  /** A replica key has its own key policy; false when none was set, so the default policy applies. */
  replicaHasOwnPolicy?: boolean;
  /** How the trail names its key when it is not the key ARN (`alias/x`, a bare key id): other accounts' keys need the ARN. */
  keyIdAsGiven?: string;
  isOrganizationTrail?: boolean;
  /** `o-…`; required for organization trails. */
  organizationId?: string;
  /** For organization trails: the management account, which owns the trail. Defaults to the trail's account. */
  managementAccount?: string;
  /** For organization trails: member accounts whose logs the trail delivers. None given: one representative member is checked. */
  memberAccounts?: readonly string[];
  /** The bucket's default encryption uses an S3 Bucket Key (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html). */
  bucketKeyEnabled?: boolean;
  isMultiRegionTrail?: boolean;
  logFileValidationEnabled?: boolean;
}

export class TrailFactsError extends Error {
  constructor(
    message: string,
    readonly field: keyof TrailFacts,
  ) {
    super(message);
    this.name = 'TrailFactsError';
  }
}

/** The facts with every default applied and the ARNs split. */
export interface ResolvedTrail {
  facts: TrailFacts;
  trail: TrailArn;
  trailArn: string;
  /** `aws:SourceAccount`: the trail owner, the management account for organization trails (policy-semantics.md §4.9). */
  sourceAccount: string;
  bucketAccount: string;
  keyAccount?: string;
  keyRegion?: string;
  /** Accounts whose logs the trail writes, with the folder of each. The first is the trail owner. */
  accounts: { account: string; folder: string; representative: boolean }[];
}

/**
 * When an organization trail is checked without its member list, one member stands for all: any
 * account other than the management account. Its value appears in messages as "a member account".
 */
export const REPRESENTATIVE_MEMBER_ACCOUNTS = ['210987654321', '123456789012'] as const;

const ACCOUNT = /^\d{12}$/;

export function resolveTrail(facts: TrailFacts): ResolvedTrail {
  const trail = parseTrailArn(facts.trailArn);
  if (!trail) throw new TrailFactsError(`\`${facts.trailArn}\` is not a trail arn (arn:aws:cloudtrail:<region>:<account>:trail/<name>)`, 'trailArn');
  if (!facts.bucket) throw new TrailFactsError('the trail has no bucket', 'bucket');
  for (const field of ['bucketAccount', 'managementAccount'] as const) {
    const v = facts[field];
    if (v !== undefined && !ACCOUNT.test(v)) throw new TrailFactsError(`${field} \`${v}\` is not a 12-digit account id`, field);
  }
  const key = facts.keyArn ? parseKmsArn(facts.keyArn) : null;
  if (facts.keyArn && key?.type !== 'key') throw new TrailFactsError(`\`${facts.keyArn}\` is not a kms key arn`, 'keyArn');
  const org = facts.isOrganizationTrail === true;
  if (org && !facts.organizationId) throw new TrailFactsError('an organization trail needs its organization id (`o-…`)', 'organizationId');
  const owner = org ? (facts.managementAccount ?? trail.account) : trail.account;
  const folderOf = (account: string) => accountFolder(facts.prefix, account, org ? facts.organizationId : undefined);
  const accounts = [{ account: owner, folder: folderOf(owner), representative: false }];
  if (org) {
    const members = facts.memberAccounts?.filter((a) => a !== owner) ?? [];
    if (members.length > 0) accounts.push(...members.map((a) => ({ account: a, folder: folderOf(a), representative: false })));
    else {
      const stand = REPRESENTATIVE_MEMBER_ACCOUNTS.find((a) => a !== owner)!;
      accounts.push({ account: stand, folder: folderOf(stand), representative: true });
    }
  }
  return {
    facts,
    trail,
    trailArn: facts.trailArn,
    sourceAccount: owner,
    bucketAccount: facts.bucketAccount ?? trail.account,
    keyAccount: key?.account,
    keyRegion: facts.keyRegion ?? key?.region,
    accounts,
  };
}
