// Who sent the request. Keys that IAM or the config knows are always verified with SigV4 and
// identify their principal. Unknown keys: in the default mode they act, unverified, as the root of
// account 000000000000 (or of the account a 12-digit key id names), as local-AWS users expect;
// with --auth strict they are refused exactly as AWS refuses them (DESIGN.md "Conventions").
import { AwsError } from '../core/aws-error.js';
import { T, identityOfKey, type AccessKeyRecord } from '../core/identities.js';
import { rootIdentity, type Identity } from '../core/identity.js';
import type { Route } from '../protocol/route.js';
import {
  decodeAwsChunked,
  jsonAuthError,
  parseAmzDate,
  queryAuthError,
  s3AuthError,
  sha256Hex,
  verifySigV4,
  type AuthError,
  type ChunkFailure,
  type PayloadMode,
  type SigV4Failure,
  type SigV4Success,
} from '../sigv4/index.js';
import type { Reader } from '../store/index.js';
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

/** The request target's query string, raw: SigV4 signs it as sent. */
const rawQueryOf = (request: WireRequest) => (request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');

/** The verifier's lookup for the one key the request names: its secret, token and expiry while it is active. */
function credentialsOf(key: AccessKeyRecord | undefined) {
  return (id: string) => {
    if (id !== key?.AccessKeyId || key.Status !== 'Active') return undefined;
    return { secretAccessKey: key.SecretAccessKey, sessionToken: key.SessionToken, expiration: key.Expiration ? new Date(key.Expiration) : undefined };
  };
}

/** An unknown key in the default mode: the unverified root of the account it names, or of 000000000000. */
function unverifiedRoot(scope: { accessKeyId: string; region: string }, defaultRegion: string): Authenticated {
  const account = /^\d{12}$/.test(scope.accessKeyId) ? scope.accessKeyId : DEFAULT_ACCOUNT;
  return { identity: rootIdentity(account, scope.accessKeyId), region: isRegion(scope.region) ? scope.region : defaultRegion };
}

export function authenticate(tx: Reader, request: WireRequest, ctx: AuthContext): Authenticated {
  const scope = scopeOf(request, ctx.query);
  const key = scope ? tx.get<AccessKeyRecord>(T.accessKeys, scope.accessKeyId) : undefined;
  if (scope && !key && ctx.mode === 'default') return unverifiedRoot(scope, ctx.defaultRegion);
  const result = verifySigV4(
    {
      method: request.method,
      path: ctx.path,
      query: rawQueryOf(request),
      headers: request.headers,
      bodyHash: sha256Hex(request.body),
    },
    {
      now: ctx.now,
      region: isRegion,
      service: ctx.route.service,
      lookup: credentialsOf(key),
    },
  );
  if (!result.ok) throw toAwsError(ctx.route, result);
  const identity = identityOfKey(tx, key!);
  if (!identity) throw toAwsError(ctx.route, { ok: false, reason: 'unknown-key', presigned: result.presigned, serverTime: ctx.now, accessKeyId: key!.AccessKeyId });
  return { identity, region: result.region };
}

// ---- S3 -------------------------------------------------------------------------------------
// S3 differs from the JSON/query services in four ways: a request without any authentication is
// served as anonymous (only a bucket policy granting `*` lets it through); the body is covered by
// x-amz-content-sha256 (a hash, UNSIGNED-PAYLOAD, or an aws-chunked streaming mode whose chunks are
// signed one by one and may end in checksum trailers); errors are S3's (s3AuthError); and the
// request's signature facts are condition keys (s3:authType, s3:signatureversion, ...).
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html

export const anonymousIdentity: Identity = { type: 'Anonymous', arn: '', account: '', principalId: '' };

export interface S3Authenticated extends Authenticated {
  /** The object data: the body itself, or the decoded aws-chunked payload. */
  body: Buffer;
  /** aws-chunked trailers (x-amz-checksum-crc32, …), lower-case names. */
  trailers: Record<string, string>;
  /** S3's signature condition keys; empty for anonymous requests. */
  context: Record<string, string>;
}

const STREAMING: Readonly<Record<string, PayloadMode>> = {
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD': 'streaming-signed',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER': 'streaming-signed-trailer',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER': 'streaming-unsigned-trailer',
};

function s3Error(failure: SigV4Failure | ChunkFailure): AwsError {
  const e = s3AuthError(failure);
  return new AwsError(e.code, e.message, e.status, e.fields);
}

/** s3:authType, s3:signatureversion, s3:x-amz-content-sha256, s3:signatureAge (S3 condition keys). */
function signatureContext(request: WireRequest, presigned: boolean, signedAt: Date | undefined, now: Date): Record<string, string> {
  const ctx: Record<string, string> = { 's3:authType': presigned ? 'REST-QUERY-STRING' : 'REST-HEADER', 's3:signatureversion': 'AWS4-HMAC-SHA256' };
  const sha = request.headers['x-amz-content-sha256'];
  if (sha !== undefined) ctx['s3:x-amz-content-sha256'] = sha;
  if (signedAt) ctx['s3:signatureAge'] = String(Math.max(0, now.getTime() - signedAt.getTime()));
  return ctx;
}

/** Decodes an aws-chunked body; `signing` undefined means the chunk signatures are not checked. */
function decodeBody(request: WireRequest, mode: PayloadMode | undefined, signing: SigV4Success | undefined): { body: Buffer; trailers: Record<string, string> } {
  if (mode === undefined || !mode.startsWith('streaming')) return { body: request.body, trailers: {} };
  const declared = request.headers['x-amz-decoded-content-length'];
  const decodedLength = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
  const decoded = decodeAwsChunked(request.body, signing ? { payload: mode, signing, decodedLength } : { payload: 'streaming-unsigned-trailer', decodedLength });
  if (!decoded.ok) throw s3Error(decoded);
  return { body: decoded.data, trailers: { ...decoded.trailers } };
}

export function authenticateS3(tx: Reader, request: WireRequest, ctx: Omit<AuthContext, 'route'>): S3Authenticated {
  const scope = scopeOf(request, ctx.query);
  const sha = request.headers['x-amz-content-sha256'];
  const hexSha = sha !== undefined && /^[0-9a-fA-F]{64}$/.test(sha);
  const key = scope ? tx.get<AccessKeyRecord>(T.accessKeys, scope.accessKeyId) : undefined;
  if (scope && !key && ctx.mode === 'default') {
    // Unverified root of an account (see the top of this file); the body must still be what was claimed.
    const computed = hexSha ? sha256Hex(request.body) : undefined;
    if (computed !== undefined && computed !== sha!.toLowerCase()) {
      throw s3Error({ ok: false, reason: 'payload-hash-mismatch', presigned: false, serverTime: ctx.now, contentSha256: sha, computedSha256: computed });
    }
    const presigned = !request.headers['authorization'];
    const amzDate = request.headers['x-amz-date'] ?? ctx.query.get('X-Amz-Date') ?? undefined;
    return {
      ...unverifiedRoot(scope, ctx.defaultRegion),
      ...decodeBody(request, STREAMING[sha ?? ''], undefined),
      context: signatureContext(request, presigned, amzDate ? parseAmzDate(amzDate) : undefined, ctx.now),
    };
  }
  const result = verifySigV4(
    {
      method: request.method,
      path: ctx.path,
      query: rawQueryOf(request),
      headers: request.headers,
      // Only a hex x-amz-content-sha256 is compared with the body; hashing it otherwise is wasted work.
      bodyHash: hexSha ? sha256Hex(request.body) : undefined,
    },
    {
      now: ctx.now,
      region: isRegion,
      service: 's3',
      lookup: credentialsOf(key),
    },
  );
  if (!result.ok) {
    if (result.reason === 'missing-auth') return { identity: anonymousIdentity, region: ctx.defaultRegion, body: request.body, trailers: {}, context: {} };
    throw s3Error(result);
  }
  const identity = identityOfKey(tx, key!);
  if (!identity) throw s3Error({ ok: false, reason: 'unknown-key', presigned: result.presigned, serverTime: ctx.now, accessKeyId: key!.AccessKeyId });
  return {
    identity,
    region: result.region,
    ...decodeBody(request, result.payload, result),
    context: signatureContext(request, result.presigned, result.date, ctx.now),
  };
}
