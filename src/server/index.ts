// Starts the emulator: open the store, apply the config file, serve every service on one endpoint,
// and run CloudTrail's delivery every delivery interval.
import type { Server } from 'node:http';
import { awsId, cryptoIds } from '../core/ids.js';
import { DeliveryWorker, type Round } from '../services/cloudtrail/worker.js';
import { openStore, type Store } from '../store/index.js';
import { createApp, requestLimit } from './app.js';
import type { AuthMode } from './authenticate.js';
import { applyConfig, readConfig, type ConfigFile } from './config.js';
import { emulatorEndpoints } from './emulator.js';
import { listen } from './http.js';

export interface ServeOptions {
  port?: number;
  host?: string;
  /** A data directory, or ':memory:'. */
  data?: string;
  /** A config file path, or the parsed config. */
  config?: string | ConfigFile;
  auth?: AuthMode;
  region?: string;
  log?: (line: string) => void;
  clock?: () => Date;
  /** How often CloudTrail delivers log files (default 10 s; 0 delivers only on flush). */
  deliveryIntervalMs?: number;
  /** How long a digest period lasts (AWS: one hour). */
  digestIntervalMs?: number;
}

export interface RunningServer {
  url: string;
  store: Store;
  /** Delivers every queued event now and closes the open digest periods (POST /_trailkey/flush). */
  flush(): Promise<Round>;
  close(): Promise<void>;
}

/** Body caps: 1 MiB for the JSON and query APIs, 64 MiB for S3 (see app.ts requestLimit). */
export { MAX_BODY, MAX_S3_BODY } from './app.js';

export const DEFAULT_DELIVERY_INTERVAL_MS = 10_000;
export const DEFAULT_DIGEST_INTERVAL_MS = 3_600_000;

export async function createServer(options: ServeOptions = {}): Promise<RunningServer> {
  const store = openStore({ data: options.data ?? '.trailkey', checkpoints: 'background' });
  const clock = options.clock ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;
  try {
    const config = options.config === undefined ? undefined : typeof options.config === 'string' ? readConfig(options.config) : options.config;
    const applyTheConfig = () => {
      if (config) store.transaction((tx) => applyConfig(tx, config, clock(), (prefix) => awsId(prefix, cryptoIds, 17)));
    };
    applyTheConfig();
    let worker: DeliveryWorker | undefined;
    const flush = () => worker!.round(true);
    const app = createApp({
      store,
      region: options.region ?? 'us-east-1',
      auth: options.auth ?? 'default',
      log: options.log,
      clock,
      endpoint: emulatorEndpoints({
        auth: options.auth ?? 'default',
        reset: () => {
          store.transaction((tx) => tx.clear());
          applyTheConfig();
        },
        flush,
      }),
    });
    worker = new DeliveryWorker(store, app.invoke, clock, cryptoIds.bytes, { digestPeriodMs: options.digestIntervalMs ?? DEFAULT_DIGEST_INTERVAL_MS });
    const { server, url } = await listen({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 4566,
      limit: requestLimit,
      handle: app.handle,
    });
    // A round every interval, counted from the end of the previous one, so rounds never pile up
    // behind a slow one (a large backlog, a slow disk). Nothing is scheduled once closing starts.
    const interval = options.deliveryIntervalMs ?? DEFAULT_DELIVERY_INTERVAL_MS;
    let closing = false;
    const schedule = () => {
      if (closing || interval <= 0) return;
      timer = setTimeout(tick, interval);
      timer.unref();
    };
    const tick = () => {
      worker!.round().then(
        () => undefined,
        (e: Error) => options.log?.(`delivery failed: ${e.stack ?? e.message}`),
      ).finally(schedule);
    };
    schedule();
    return {
      url,
      store,
      flush,
      close: async () => {
        closing = true;
        clearTimeout(timer);
        // What was recorded until now is delivered before the store closes.
        await worker!.round().catch((e: Error) => options.log?.(`delivery failed: ${e.stack ?? e.message}`));
        await closeServer(server, store);
      },
    };
  } catch (e) {
    clearTimeout(timer);
    store.close();
    throw e;
  }
}

function closeServer(server: Server, store: Store): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      store.close();
      resolve();
    });
    server.closeIdleConnections();
  });
}
