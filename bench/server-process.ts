// Starts `trailkey serve` as its own process, as a user would, and waits for /_trailkey/health.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface Started {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first healthy answer. */
  startupMs: number;
  stop(): Promise<void>;
}

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');

export async function startProcess(args: { data: string; port: number; config?: object }): Promise<Started> {
  const configArgs: string[] = [];
  if (args.config) {
    const file = join(args.data, '..', `config-${args.port}.json`);
    writeFileSync(file, JSON.stringify(args.config));
    configArgs.push('--config', file);
  }
  // TRAILKEY_BENCH_PROFILE=DIR writes the server's CPU profile there (node --cpu-prof) when it stops.
  const profile = process.env.TRAILKEY_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.TRAILKEY_BENCH_PROFILE}`] : [];
  const started = performance.now();
  const child = spawn(process.execPath, [...profile, CLI, 'serve', '--quiet', '--port', String(args.port), '--data', args.data, ...configArgs], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = `http://127.0.0.1:${args.port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      const r = await fetch(`${url}/_trailkey/health`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const startupMs = performance.now() - started;
  return {
    url,
    child,
    startupMs,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** utime + stime of a process, in seconds (/proc/<pid>/stat fields 14 and 15, in clock ticks of 1/100 s), or NaN. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * A port nothing listens on, from the OS: a random one in 45000–55000 sometimes fell on a
 * connection's ephemeral port (Linux hands those out from 32768–60999), and the server could not
 * bind it.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** An IAM user for a server's config file (`users`), with its access key and inline policies. */
export function configUser(account: string, name: string, key: { accessKeyId: string; secretAccessKey: string }, policies: Record<string, object>) {
  return { account, name, accessKeys: [{ id: key.accessKeyId, secret: key.secretAccessKey }], policies };
}

/** An inline policy that allows every KMS action. */
export const ALL_OF_KMS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] };
