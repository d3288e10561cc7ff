// Starts a real server on a free loopback port for conformance tests, and builds SDK clients and
// AWS CLI v2 invocations pointed at it.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
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

const ROOT = join(import.meta.dirname, '../..');
/** The built `trailkey` binary, for tests that run it as a user would. */
export const CLI = join(ROOT, 'dist/cli/main.js');

/** The newest modification time under `dir` of the files `keep` accepts. */
function newest(dir: string, keep: (name: string) => boolean): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path, keep));
    else if (keep(entry.name)) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * `npm test` builds before vitest runs; a lone `vitest run` may find dist/ older than src/, so build
 * then. tsc emits even when some file in progress elsewhere does not type-check, which the
 * typecheck step of `npm test` reports; only a missing entry point stops the suite.
 */
export async function ensureBuilt(): Promise<void> {
  const source = newest(join(ROOT, 'src'), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'));
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= source) return;
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT }).catch(() => undefined);
  if (!existsSync(CLI)) throw new Error('npm run build did not produce dist/cli/main.js');
}
