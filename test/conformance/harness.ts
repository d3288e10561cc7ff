// Starts a real server on a free loopback port for conformance tests, and builds SDK clients and
// AWS CLI v2 invocations pointed at it.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer, type RunningServer, type ServeOptions } from '../../src/server/index.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  return createServer({ port: 0, data: ':memory:', ...options });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'trailkey-test-'));
}

/** SDK v3 client options for the emulator. */
export function clientConfig(url: string, credentials: Credentials, region = 'us-east-1') {
  return { endpoint: url, region, credentials, maxAttempts: 1 };
}

/** Credentials of an unknown key: in the default auth mode they act as the root of that account. */
export const rootOf = (account: string): Credentials => ({ accessKeyId: account, secretAccessKey: 'anything' });

// The Debian awscli package installs AWS CLI v2 as /usr/bin/aws; an `aws` earlier on PATH may be v1.
export const AWS_CLI = '/usr/bin/aws';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aws --endpoint-url <url> …` with the given credentials and no config files of the machine's. */
export async function aws(url: string, credentials: Credentials, args: string[], region = 'us-east-1'): Promise<CliResult> {
  const home = tempDir();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_PAGER: '',
    AWS_MAX_ATTEMPTS: '1',
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(AWS_CLI, ['--endpoint-url', url, '--output', 'json', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : 255, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}
