// What a request claims about its signature, read from the Authorization header (header-auth.ts) or
// from X-Amz-* query parameters (query-auth.ts), before anything is checked against the server.

import type { CredentialScope } from './authorization.js';
import type { SigV4Failure, SigV4FailureReason } from './types.js';

export interface Claim {
  readonly presigned: boolean;
  readonly authorization?: string;
  readonly scope: CredentialScope;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** The request time, and its text as sent (X-Amz-Date, or the Date header). */
  readonly date: Date;
  readonly dateText: string;
  /** The session token the request carries. */
  readonly sessionToken?: string;
  /** Presigned: X-Amz-Expires as sent, and X-Amz-Date + X-Amz-Expires. */
  readonly expiresText?: string;
  readonly expiresAt?: Date;
  /** Presigned: the X-Amz-Content-Sha256 parameter. */
  readonly contentSha256Param?: string;
}

/** Things every reader needs: the clock, and whether the endpoint is S3 (which changes several rules). */
export interface ReadContext {
  readonly now: Date;
  readonly s3: boolean;
  readonly skewMs: number;
}

type FailureFields = Omit<SigV4Failure, 'ok' | 'reason' | 'presigned' | 'serverTime'>;

export function failure(
  reason: SigV4FailureReason,
  presigned: boolean,
  now: Date,
  fields: FailureFields = {},
): SigV4Failure {
  return { ok: false, reason, presigned, serverTime: now, ...fields };
}

/** SignedHeaders `host;x-amz-date` → lower-case names, empty entries dropped. */
export function splitSignedHeaders(value: string): string[] {
  const names: string[] = [];
  for (const name of value.split(';')) if (name !== '') names.push(name.toLowerCase());
  return names;
}

/** A header's single value (the first line when repeated); undefined when absent or empty. */
export function headerText(value: string | readonly string[] | undefined): string | undefined {
  const text = typeof value === 'string' ? value : value?.[0];
  return text === '' ? undefined : text;
}

/** Time outside the skew window: too old or too new. Exactly at the edge is still allowed. */
export function skewProblem(date: Date, now: Date, skewMs: number): 'expired' | 'not-yet-valid' | undefined {
  const t = date.getTime();
  const n = now.getTime();
  if (t < n - skewMs) return 'expired';
  if (t > n + skewMs) return 'not-yet-valid';
  return undefined;
}
