// SigV4 through the wire for KMS (awsJson1_1): the codes, texts and statuses of aws-behavior.md
// §8.2 as @aws-sdk/client-kms surfaces them, in the default and the strict auth mode. Requests the
// SDK cannot make (unsigned, half-signed) are sent with fetch.
import { CreateKeyCommand, DescribeKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/index.js';
import { clientConfig, rootOf, startServer, type Credentials } from './harness.js';
import { failure, iamAt, identityPolicy, kmsAt, makeUser, rawKms, stsAt } from './kms-support.js';

const A = '111111111111';
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const TOKEN_INVALID = 'The security token included in the request is invalid.';

const ROOT_KEY = { id: 'AKIASTRICTROOT000001', secret: 'strict-root-secret' };
const USER_KEY = { id: 'AKIASTRICTUSER000001', secret: 'strict-user-secret' };
const KMS_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };
const CONFIG = {
  roots: [{ account: A, accessKeys: [ROOT_KEY] }],
  users: [{ account: A, name: 'config-user', accessKeys: [USER_KEY], policies: { kms: KMS_ALL } }],
  roles: [{
    account: A, name: 'config-role', policies: { kms: KMS_ALL },
    trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] },
  }],
};
const creds = (k: { id: string; secret: string }): Credentials => ({ accessKeyId: k.id, secretAccessKey: k.secret });

// The default-mode server's clock can be moved: `offsetMs` shifts it, `fixed` pins it.
const clock = { offsetMs: 0, fixed: undefined as Date | undefined };
let server: RunningServer;
let strict: RunningServer;

beforeAll(async () => {
  [server, strict] = await Promise.all([
    startServer({ config: CONFIG, clock: () => clock.fixed ?? new Date(Date.now() + clock.offsetMs) }),
    startServer({ config: CONFIG, auth: 'strict' }),
  ]);
});
afterAll(async () => {
  await Promise.all([server?.close(), strict?.close()]);
});

describe('default auth mode', () => {
  it('a known key is always verified: a wrong secret is InvalidSignatureException', async () => {
    await kmsAt(server.url, creds(USER_KEY)).send(new ListKeysCommand({}));
    expect(await failure(kmsAt(server.url, { ...creds(USER_KEY), secretAccessKey: 'wrong-secret' }).send(new ListKeysCommand({})))).toEqual({
      name: 'InvalidSignatureException', message: SIGNATURE_MISMATCH, status: 400,
    });
    const made = await makeUser(server.url, rootOf(A), 'signer', { kms: identityPolicy('Allow', 'kms:ListKeys') });
    await kmsAt(server.url, made.credentials).send(new ListKeysCommand({}));
    expect(await failure(kmsAt(server.url, { ...made.credentials, secretAccessKey: `${made.credentials.secretAccessKey}x` }).send(new ListKeysCommand({})))).toEqual({
      name: 'InvalidSignatureException', message: SIGNATURE_MISMATCH, status: 400,
    });
  });

  it('an unknown key acts, unverified, as the root of the account its 12-digit id names, else of 000000000000', async () => {
    const { KeyMetadata } = await kmsAt(server.url, rootOf('444444444444')).send(new CreateKeyCommand({}));
    expect(KeyMetadata!.AWSAccountId).toBe('444444444444');
    const other = await kmsAt(server.url, { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'whatever' }).send(new CreateKeyCommand({}));
    expect(other.KeyMetadata!.AWSAccountId).toBe('000000000000');
  });

  it('an unsigned request: MissingAuthenticationTokenException', async () => {
    const r = await rawKms(server.url, { target: 'TrentService.ListKeys', body: '{}' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Request is missing Authentication Token' });
    expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a signature over another body: InvalidSignatureException', async () => {
    // Signed for `{}`, sent with another body: what the server hashes is not what was signed.
    const signed = await rawKms(server.url, { target: 'TrentService.ListKeys', body: '{}', credentials: creds(USER_KEY) });
    expect(signed.status).toBe(200);
    const r = await rawKms(server.url, { target: 'TrentService.ListKeys', body: '{}', sentBody: '{"Limit":1}', credentials: creds(USER_KEY) });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ __type: 'InvalidSignatureException', message: SIGNATURE_MISMATCH });
  });

  it('a credential scope for another service or an invalid Region: InvalidSignatureException with the scope texts', async () => {
    const wrongService = await rawKms(server.url, { target: 'TrentService.ListKeys', body: '{}', credentials: creds(USER_KEY), service: 'sts' });
    expect([wrongService.status, wrongService.json]).toEqual([400, { __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'kms'. " }]);
    const wrongRegion = await rawKms(server.url, { target: 'TrentService.ListKeys', body: '{}', credentials: creds(USER_KEY), region: 'moon' });
    expect([wrongRegion.status, wrongRegion.json]).toEqual([400, { __type: 'InvalidSignatureException', message: 'Credential should be scoped to a valid region. ' }]);
  });

  it('a credential scope whose date is not the X-Amz-Date day: InvalidSignatureException', async () => {
    let sent = { scope: '', amzDate: '' };
    const r = await rawKms(server.url, {
      target: 'TrentService.ListKeys', body: '{}', credentials: creds(USER_KEY),
      tamper: (h) => {
        const amzDate = h['x-amz-date'];
        const day = amzDate.slice(0, 8);
        const other = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)) - 1)).toISOString().slice(0, 10).replaceAll('-', '');
        h.authorization = h.authorization.replace(`/${day}/`, `/${other}/`);
        sent = { scope: other, amzDate };
      },
    });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      __type: 'InvalidSignatureException',
      message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${sent.scope}' != '${sent.amzDate.slice(0, 8)}', from '${sent.amzDate}'. `,
    });
  });

  it('a request signed more than 5 minutes away from the server clock: Signature expired / not yet current', async () => {
    try {
      clock.fixed = new Date('2035-06-01T12:00:00.000Z');
      const late = await failure(kmsAt(server.url, creds(USER_KEY)).send(new ListKeysCommand({})));
      expect(late).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
      expect(late.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than 20350601T115500Z \(20350601T120000Z - 5 min\.\)$/);
      clock.fixed = new Date('2015-06-01T12:00:00.000Z');
      const early = await failure(kmsAt(server.url, creds(USER_KEY)).send(new ListKeysCommand({})));
      expect(early).toMatchObject({ name: 'InvalidSignatureException', status: 400 });
      expect(early.message).toMatch(/^Signature not yet current: \d{8}T\d{6}Z is still later than 20150601T120500Z \(20150601T120000Z \+ 5 min\.\)$/);
    } finally {
      clock.fixed = undefined;
    }
  });

  it('an expired session: ExpiredTokenException', async () => {
    const root = rootOf(A);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }] });
    const { Role } = await iamAt(server.url, root).send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: trust }));
    await iamAt(server.url, root).send(new PutRolePolicyCommand({ RoleName: 'short', PolicyName: 'kms', PolicyDocument: identityPolicy('Allow', 'kms:ListKeys') }));
    const { Credentials: c } = await stsAt(server.url, root).send(new AssumeRoleCommand({ RoleArn: Role!.Arn, RoleSessionName: 'brief', DurationSeconds: 900 }));
    const session = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    await kmsAt(server.url, session).send(new ListKeysCommand({}));
    try {
      // 16 minutes later, on both clocks (the client signs with the same offset, so the signature is timely).
      clock.offsetMs = 16 * 60_000;
      const later = new KMSClient({ ...clientConfig(server.url, session), systemClockOffset: clock.offsetMs });
      expect(await failure(later.send(new ListKeysCommand({})))).toEqual({
        name: 'ExpiredTokenException', message: 'The security token included in the request is expired', status: 400,
      });
    } finally {
      clock.offsetMs = 0;
    }
    // A session key without its token is not the session.
    expect(await failure(kmsAt(server.url, { ...session, sessionToken: undefined }).send(new ListKeysCommand({})))).toEqual({
      name: 'UnrecognizedClientException', message: TOKEN_INVALID, status: 400,
    });
  });
});

describe('strict auth mode', () => {
  it('refuses an unknown key exactly as AWS does: UnrecognizedClientException', async () => {
    expect(await failure(kmsAt(strict.url, rootOf(A)).send(new ListKeysCommand({})))).toEqual({ name: 'UnrecognizedClientException', message: TOKEN_INVALID, status: 400 });
    expect(await failure(stsAt(strict.url, rootOf(A)).send(new GetCallerIdentityCommand({})))).toEqual({ name: 'InvalidClientTokenId', message: TOKEN_INVALID, status: 403 });
  });

  it('serves the keys of the config file: a root key and a user key', async () => {
    const root = kmsAt(strict.url, creds(ROOT_KEY));
    const { KeyMetadata } = await root.send(new CreateKeyCommand({}));
    expect(KeyMetadata!.AWSAccountId).toBe(A);
    expect((await kmsAt(strict.url, creds(USER_KEY)).send(new DescribeKeyCommand({ KeyId: KeyMetadata!.Arn }))).KeyMetadata!.KeyId).toBe(KeyMetadata!.KeyId);
    expect(await failure(kmsAt(strict.url, { ...creds(ROOT_KEY), secretAccessKey: 'nope-nope' }).send(new ListKeysCommand({})))).toEqual({
      name: 'InvalidSignatureException', message: SIGNATURE_MISMATCH, status: 400,
    });
  });

  it('issues and verifies session credentials of a config role', async () => {
    const { Credentials: c } = await stsAt(strict.url, creds(ROOT_KEY)).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/config-role`, RoleSessionName: 'strict' }));
    const session = { accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! };
    expect((await stsAt(strict.url, session).send(new GetCallerIdentityCommand({}))).Arn).toBe(`arn:aws:sts::${A}:assumed-role/config-role/strict`);
    await kmsAt(strict.url, session).send(new ListKeysCommand({}));
    expect(await failure(kmsAt(strict.url, { ...session, sessionToken: 'forged' }).send(new ListKeysCommand({})))).toEqual({
      name: 'UnrecognizedClientException', message: TOKEN_INVALID, status: 400,
    });
  });

  it('an Authorization header that lacks parts: IncompleteSignatureException listing them', async () => {
    const authorization = `AWS4-HMAC-SHA256 Credential=${USER_KEY.id}/20240101/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-target`;
    const r = await rawKms(strict.url, { target: 'TrentService.ListKeys', body: '{}', headers: { authorization } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      __type: 'IncompleteSignatureException',
      message: `Authorization header requires 'Signature' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`,
    });
  });
});
