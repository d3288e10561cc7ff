// Who sent the request. Keys that IAM or the config knows are always verified with SigV4 and
// identify their principal. Unknown keys: in the default mode they act, unverified, as the root of
// account 000000000000 (or of the account a 12-digit key id names), as local-AWS users expect;
// with --auth strict they are refused exactly as AWS refuses them (DESIGN.md "Conventions").
import { createHash } from 'node:crypto';
import { AwsError } from '../core/aws-error.js';
import { T, identityOfKey, type AccessKeyRecord } from '../core/identities.js';
import { rootIdentity, type Identity } from '../core/identity.js';
import type { Route } from '../protocol/route.js';
import { jsonAuthError, queryAuthError, verifySigV4, type AuthError, type SigV4Failure } from '../sigv4/index.js';
import type { Tx } from '../store/index.js';
import type { WireRequest } from './http.js';

export type AuthMode = 'default' | 'strict';

export const DEFAULT_ACCOUNT = '000000000000';

/**
 * Decision: one endpoint serves every Region, so any well-formed Region name in the credential scope
 * is accepted and becomes the request's Region (a multi-Region trail needs several); a malformed one
 * is "Credential should be scoped to a valid region".
 */
export const isRegion = (region: string) => /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region);

export interface Authenticated {
  identity: Identity;
  region: string;
}

export interface AuthContext {
  path: string;
  query: URLSearchParams;
  route: Route;
  now: Date;
  mode: AuthMode;
  defaultRegion: string;
}

function toAwsError(route: Route, failure: SigV4Failure): AwsError {
  const e: AuthError = route.protocol === 'query' ? queryAuthError(failure) : jsonAuthError(failure);
  return new AwsError(e.code, e.message, e.status, e.fields);
}

function scopeOf(request: WireRequest, query: URLSearchParams): { accessKeyId: string; region: string } | null {
  const auth = request.headers['authorization'];
  const credential = auth ? /Credential=([^,\s]+)/.exec(auth)?.[1] : query.get('X-Amz-Credential');
  if (!credential) return null;
  const parts = credential.split('/');
  return { accessKeyId: parts[0], region: parts[2] ?? '' };
}

export function authenticate(tx: Tx, request: WireRequest, ctx: AuthContext): Authenticated {
  const scope = scopeOf(request, ctx.query);
  const key = scope ? tx.get<AccessKeyRecord>(T.accessKeys, scope.accessKeyId) : undefined;
  if (scope && !key && ctx.mode === 'default') {
    const account = /^\d{12}$/.test(scope.accessKeyId) ? scope.accessKeyId : DEFAULT_ACCOUNT;
    return { identity: rootIdentity(account, scope.accessKeyId), region: isRegion(scope.region) ? scope.region : ctx.defaultRegion };
  }
  const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
  const result = verifySigV4(
    {
      method: request.method,
      path: ctx.path,
      query: rawQuery,
      headers: request.headers,
      bodyHash: createHash('sha256').update(request.body).digest('hex'),
    },
    {
      now: ctx.now,
      region: isRegion,
      service: ctx.route.service,
      lookup: (id) => {
        if (id !== key?.AccessKeyId || key.Status !== 'Active') return undefined;
        return {
          secretAccessKey: key.SecretAccessKey,
          sessionToken: key.SessionToken,
          expiration: key.Expiration ? new Date(key.Expiration) : undefined,
        };
      },
    },
  );
  if (!result.ok) throw toAwsError(ctx.route, result);
  const identity = identityOfKey(tx, key!);
  if (!identity) throw toAwsError(ctx.route, { ok: false, reason: 'unknown-key', presigned: result.presigned, serverTime: ctx.now, accessKeyId: key!.AccessKeyId });
  return { identity, region: result.region };
}
