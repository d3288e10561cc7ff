// Persistence across a real restart: `node dist/cli/main.js serve` runs as its own process on a
// data directory, is killed with SIGKILL (no chance to flush or close anything), and a new process
// on the same directory still has the keys, aliases, key policies, users and access keys — and a
// ciphertext made before the restart still decrypts.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer as netServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  CreateAliasCommand, CreateGrantCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, DisableKeyCommand, EncryptCommand, GetKeyPolicyCommand,
  ListAliasesCommand, ListGrantsCommand, ListKeysCommand,
} from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ensureBuilt, rootOf, tempDir, type Credentials } from './harness.js';
import { accountStatement, allowStatement, bytes, kmsAt, makeUser, policy, stsAt, text } from './kms-support.js';

const A = '111111111111';
const root = rootOf(A);
const CONFIG_USER: Credentials = { accessKeyId: 'AKIARESTARTCONFIG001', secretAccessKey: 'restart-config-secret' };

async function freePort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

interface Process {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const started: ChildProcess[] = [];

/** Starts `trailkey serve` and polls /_trailkey/health until it answers. */
async function serve(port: number, data: string, config: string): Promise<Process> {
  const child = spawn(process.execPath, [CLI, 'serve', '--quiet', '--port', String(port), '--data', data, '--config', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`trailkey serve exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`trailkey serve did not become healthy: ${stderr}`);
    try {
      const r = await fetch(`${url}/_trailkey/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { url, child, exited };
}

beforeAll(ensureBuilt, 120_000);
afterAll(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('a restart of the process', () => {
  it('keeps keys, aliases, key policies, grants, users and access keys; old ciphertexts still decrypt', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({
      users: [{
        account: A, name: 'from-config', accessKeys: [{ id: CONFIG_USER.accessKeyId, secret: CONFIG_USER.secretAccessKey }],
        policies: { kms: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt'], Resource: '*' }] } },
      }],
    }));
    const port = await freePort();

    // Before: build up state through the API.
    const first = await serve(port, data, config);
    const kms = kmsAt(first.url, root);
    const plain = (await kms.send(new CreateKeyCommand({ Description: 'plain' }))).KeyMetadata!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/kept', TargetKeyId: plain.KeyId }));
    const user = await makeUser(first.url, root, 'persisted');
    const userPolicy = policy(accountStatement(A), allowStatement(user.arn, ['kms:Encrypt', 'kms:Decrypt']));
    const shared = (await kms.send(new CreateKeyCommand({ Policy: userPolicy, MultiRegion: true }))).KeyMetadata!;
    const disabled = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(new DisableKeyCommand({ KeyId: disabled.KeyId }));
    const grantee = await makeUser(first.url, root, 'grantee');
    const { GrantId } = await kms.send(new CreateGrantCommand({ KeyId: plain.KeyId, GranteePrincipal: grantee.arn, Operations: ['Decrypt'] }));

    const ctx = { purpose: 'restart' };
    const byRoot = (await kms.send(new EncryptCommand({ KeyId: 'alias/kept', Plaintext: bytes('before the restart'), EncryptionContext: ctx }))).CiphertextBlob!;
    const byUser = (await kmsAt(first.url, user.credentials).send(new EncryptCommand({ KeyId: shared.Arn, Plaintext: bytes('user secret') }))).CiphertextBlob!;
    const byConfigUser = (await kmsAt(first.url, CONFIG_USER).send(new EncryptCommand({ KeyId: plain.KeyId, Plaintext: bytes('config secret') }))).CiphertextBlob!;

    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

    // After: a new process on the same data directory and config file.
    const second = await serve(port, data, config);
    const again = kmsAt(second.url, root);
    expect((await again.send(new DescribeKeyCommand({ KeyId: 'alias/kept' }))).KeyMetadata).toMatchObject({ KeyId: plain.KeyId, Description: 'plain', KeyState: 'Enabled' });
    expect((await again.send(new DescribeKeyCommand({ KeyId: shared.KeyId }))).KeyMetadata).toMatchObject({ Arn: shared.Arn, MultiRegion: true });
    expect((await again.send(new DescribeKeyCommand({ KeyId: disabled.KeyId }))).KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    const listed = (await again.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId).sort();
    expect(listed).toEqual([plain.KeyId, shared.KeyId, disabled.KeyId].sort());
    expect((await again.send(new ListAliasesCommand({}))).Aliases!.map((a) => [a.AliasName, a.TargetKeyId])).toEqual([['alias/kept', plain.KeyId]]);
    expect((await again.send(new GetKeyPolicyCommand({ KeyId: shared.KeyId, PolicyName: 'default' }))).Policy).toBe(userPolicy);
    expect((await again.send(new ListGrantsCommand({ KeyId: plain.KeyId }))).Grants!.map((g) => g.GrantId)).toEqual([GrantId]);

    expect(text((await again.send(new DecryptCommand({ CiphertextBlob: byRoot, EncryptionContext: ctx }))).Plaintext)).toBe('before the restart');
    // The IAM user's key still authenticates, and the key policy still names the user.
    expect((await stsAt(second.url, user.credentials).send(new GetCallerIdentityCommand({}))).Arn).toBe(user.arn);
    expect(text((await kmsAt(second.url, user.credentials).send(new DecryptCommand({ CiphertextBlob: byUser }))).Plaintext)).toBe('user secret');
    // The grant still lets its grantee decrypt; the config user's key and policy still work.
    expect(text((await kmsAt(second.url, grantee.credentials).send(new DecryptCommand({ CiphertextBlob: byConfigUser }))).Plaintext)).toBe('config secret');
    expect(text((await kmsAt(second.url, CONFIG_USER).send(new DecryptCommand({ CiphertextBlob: byRoot, EncryptionContext: ctx }))).Plaintext)).toBe('before the restart');

    // SIGTERM stops the server cleanly.
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });
});
