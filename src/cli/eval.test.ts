import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Io } from './io.js';
import { main } from './main.js';

const KEY = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const request = {
  principal: { AWS: 'arn:aws:iam::111111111111:user/alice' },
  action: 'kms:Decrypt',
  resource: KEY,
  resourceKind: 'kms-key',
  context: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t' },
  resourcePolicy: {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Enable CloudTrail log decrypt permissions',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: { Null: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'false' } },
      },
    ],
  },
};

async function run(args: string[], stdin = '') {
  let out = '';
  let err = '';
  const io: Io = { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => stdin, color: false };
  const code = await main(args, io);
  return { code, out, err };
}

describe('trailkey eval', () => {
  it('explains an allowed request and exits 0', async () => {
    const r = await run(['eval', '--request', '-'], JSON.stringify(request));
    expect(r.code).toBe(0);
    expect(r.out).toContain('is allowed');
    expect(r.out).toContain('resourcePolicy statement `Enable CloudTrail log decrypt permissions`');
  });

  it('prints the decision as JSON and exits 1 on a deny', async () => {
    const denied = { ...request, context: {} };
    const r = await run(['eval', '--request', '-', '--format', 'json'], JSON.stringify(denied));
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.decision).toBe('ImplicitDeny');
    expect(json.reasons).toEqual([]);
    expect(json.trace[0].checks.at(-1)).toMatchObject({ element: 'Condition', ok: false });
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['a bad principal', JSON.stringify({ ...request, principal: { AWS: 'alice' } }), /bad field `principal.AWS`/],
    ['a bad resourceKind', JSON.stringify({ ...request, resourceKind: 'bucket' }), /bad field `resourceKind`/],
    ['a bad context value', JSON.stringify({ ...request, context: { k: 1 } }), /bad field `context.k`/],
    ['an uncompilable policy', JSON.stringify({ ...request, resourcePolicy: { Statement: [{ Effect: 'allow' }] } }), /bad field `resourcePolicy`.*Effect/],
  ])('exits 2 naming the problem for %s', async (_name, body, message) => {
    const r = await run(['eval', '--request', '-'], body);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('exits 2 without --request and for an unknown option or command', async () => {
    expect((await run(['eval'])).code).toBe(2);
    expect((await run(['eval', '--nope'])).code).toBe(2);
    expect((await run(['nope'])).code).toBe(2);
  });

  it('runs as the built `trailkey` binary on a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailkey-'));
    const file = join(dir, 'request.json');
    writeFileSync(file, JSON.stringify(request));
    const bin = join(import.meta.dirname, '../../dist/cli/main.js');
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'eval', '--request', file, '--format', 'json']);
    expect(JSON.parse(stdout).decision).toBe('Allow');
  });
});
