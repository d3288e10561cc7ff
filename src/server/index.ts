// Starts the emulator: open the store, apply the config file, serve every service on one endpoint.
import type { Server } from 'node:http';
import { awsId } from '../core/ids.js';
import { cryptoIds } from '../core/ids.js';
import { openStore, type Store } from '../store/index.js';
import { createApp } from './app.js';
import type { AuthMode } from './authenticate.js';
import { applyConfig, readConfig, type ConfigFile } from './config.js';
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
}

export interface RunningServer {
  url: string;
  store: Store;
  close(): Promise<void>;
}

/** The largest request body accepted (JSON and query APIs; KMS policies are at most 32 KB). */
export const MAX_BODY = 1024 * 1024;

export async function createServer(options: ServeOptions = {}): Promise<RunningServer> {
  const store = openStore({ data: options.data ?? '.trailkey' });
  try {
    if (options.config !== undefined) {
      const config = typeof options.config === 'string' ? readConfig(options.config) : options.config;
      store.transaction((tx) => applyConfig(tx, config, new Date(), (prefix) => awsId(prefix, cryptoIds, 17)));
    }
    const app = createApp({ store, region: options.region ?? 'us-east-1', auth: options.auth ?? 'default', log: options.log, clock: options.clock });
    const { server, url } = await listen({
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 4566,
      maxBody: MAX_BODY,
      tooLarge: () => ({ status: 413, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ __type: 'RequestEntityTooLargeException', message: `Request body is larger than ${MAX_BODY} bytes` }) }),
      handle: app.handle,
    });
    return { url, store, close: () => closeServer(server, store) };
  } catch (e) {
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
