// Size limits, each counted the way its service counts.
//
// IAM (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length):
// managed policy 6,144 characters; inline policies of a user 2,048, role 10,240, group 5,120.
// "IAM doesn't count white space when calculating the size of a policy against these limits."
// Texts recorded from AWS (code LimitExceeded): "Cannot exceed quota for PolicySize: 6144"
// (ministryofjustice/cloud-platform-environments#14473; docker/docs#5815) and "Maximum policy size
// of 5120 bytes exceeded for group travis-ci" (HumanCellAtlas/data-store#1963), "... for role <name>",
// "... for user <name>". The inline quota is per entity, the sum of all its inline policies; one
// document is all we see, so we check that document alone.
//
// KMS: 32,768 bytes (PutKeyPolicy API reference: "The key policy size quota is 32 kilobytes
// (32768 bytes)"), counted on the text as sent, in UTF-8.
//
// S3: 20 KB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/add-bucket-policy.html). AWS
// normalises the policy before measuring (FogSecurity/aws-size#8), so we measure the text without
// the whitespace between tokens, in UTF-8 bytes, an approximation [INF]. Text: "Policy exceeds the maximum allowed document
// size." [EMU MinIO, which follows S3].
//
// The generic `resource` kind has no single limit (trust policies 2,048 characters, other
// services their own), so it is not size-checked.

import type { Reporter } from './report.js';
import type { PolicyKind } from '../types.js';

export type IdentityEntity = 'user-inline' | 'role-inline' | 'group-inline' | 'managed';

const IAM_LIMITS: Readonly<Record<IdentityEntity, number>> = {
  'user-inline': 2048,
  'role-inline': 10240,
  'group-inline': 5120,
  managed: 6144,
};

export const KMS_LIMIT = 32768;
export const S3_LIMIT = 20480;

/** The IAM measure: characters (code points) other than JSON whitespace. */
export function iamPolicySize(text: string): number {
  let n = 0;
  for (const ch of text) if (ch !== ' ' && ch !== '\t' && ch !== '\n' && ch !== '\r') n++;
  return n;
}

/** `text` without the whitespace between JSON tokens (a linear scan: no recursion on deep documents). */
export function compactJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (inString) {
      if (c === '\\') {
        out += c + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (c === '"') inString = false;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      continue;
    } else if (c === '"') {
      inString = true;
    }
    out += c;
  }
  return out;
}

function iamMessage(entity: IdentityEntity, name: string | undefined): string {
  const limit = IAM_LIMITS[entity];
  if (entity === 'managed') return `Cannot exceed quota for PolicySize: ${limit}`;
  const noun = entity.slice(0, entity.indexOf('-'));
  return `Maximum policy size of ${limit} bytes exceeded for ${noun}${name === undefined || name === '' ? '' : ` ${name}`}`;
}

export interface SizeInput {
  kind: PolicyKind;
  /** The document as sent (or our JSON form of a value given already parsed). */
  text: string;
  entity: IdentityEntity;
  entityName: string | undefined;
}

export function checkSize(input: SizeInput, r: Reporter): void {
  const { kind, text } = input;
  if (kind === 'identity') {
    if (iamPolicySize(text) > IAM_LIMITS[input.entity]) r.report('size', '$', { message: iamMessage(input.entity, input.entityName) });
  } else if (kind === 'kms-key') {
    if (Buffer.byteLength(text, 'utf8') > KMS_LIMIT) r.report('size', '$');
  } else if (kind === 's3-bucket') {
    if (Buffer.byteLength(compactJson(text), 'utf8') > S3_LIMIT) r.report('size', '$');
  }
}
