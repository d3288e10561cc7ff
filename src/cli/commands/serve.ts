import { parseArgs } from 'node:util';
import { ConfigError } from '../../server/config.js';
import { createServer } from '../../server/index.js';
import { UsageError, type Io } from '../io.js';

export const usage =
  'trailkey serve [--port 4566] [--host 127.0.0.1] [--data DIR|:memory:] [--config FILE] [--auth default|strict] [--region us-east-1] [--delivery-interval 10s] [--digest-interval 1h] [--quiet]';
export const summary = 'start the emulator: CloudTrail, KMS, S3, IAM and STS on one endpoint';

/** `500ms`, `10s`, `5m`, `1h`, or a number of seconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  if (!m) throw new UsageError(`\`${flag} ${text}\` is not a duration such as 10s, 5m or 1h`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4566' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: '.trailkey' },
      config: { type: 'string' },
      auth: { type: 'string', default: 'default' },
      region: { type: 'string', default: 'us-east-1' },
      quiet: { type: 'boolean', default: false },
      'delivery-interval': { type: 'string', default: '10s' },
      'digest-interval': { type: 'string', default: '1h' },
    },
  });
  const deliveryIntervalMs = parseDuration(values['delivery-interval'], '--delivery-interval');
  const digestIntervalMs = parseDuration(values['digest-interval'], '--digest-interval');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`\`--port ${values.port}\` is not a port number`);
  if (values.auth !== 'default' && values.auth !== 'strict') throw new UsageError(`\`--auth ${values.auth}\`: use default or strict`);
  let server;
  try {
    server = await createServer({
      port,
      host: values.host,
      data: values.data,
      config: values.config,
      auth: values.auth,
      region: values.region,
      deliveryIntervalMs,
      digestIntervalMs,
      log: values.quiet ? undefined : (line) => io.stdout(line + '\n'),
    });
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`cannot listen on ${values.host}:${port}: ${code}`);
    throw e;
  }
  io.stderr(`trailkey listening on ${server.url} (data: ${values.data}, auth: ${values.auth})\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  io.stderr('trailkey stopped\n');
  return 0;
}
