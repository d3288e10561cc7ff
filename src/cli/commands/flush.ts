import { parseArgs } from 'node:util';
import { UsageError, type Io } from '../io.js';

export const usage = 'trailkey flush [--endpoint-url http://127.0.0.1:4566]';
export const summary = 'make a running emulator deliver CloudTrail logs and digests now';

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { 'endpoint-url': { type: 'string', default: process.env.AWS_ENDPOINT_URL ?? 'http://127.0.0.1:4566' } } });
  let response: Response;
  try {
    response = await fetch(new URL('/_trailkey/flush', values['endpoint-url']), { method: 'POST' });
  } catch (e) {
    throw new UsageError(`cannot reach the emulator at \`${values['endpoint-url']}\`: ${(e as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new UsageError(`the emulator answered ${response.status}: ${text}`);
  const result = JSON.parse(text) as { logFiles: { key: string; events: number }[]; errors: { trailArn: string; error: string }[]; digests: number };
  for (const f of result.logFiles) io.stdout(`delivered ${f.events} events to ${f.key}\n`);
  for (const e of result.errors) io.stdout(`delivery failed for ${e.trailArn}: ${e.error}\n`);
  io.stdout(`${result.digests} digest file(s) written\n`);
  return result.errors.length ? 1 : 0;
}
