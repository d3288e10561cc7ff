// The emulator's own endpoints under /_trailkey/: health (readiness), flush (deliver now and close
// the open digest periods) and reset (empty all state, then apply the config file again).
import { AwsError } from '../core/aws-error.js';
import type { Round } from '../services/cloudtrail/worker.js';
import { SERVICES } from '../services/index.js';
import type { AuthMode } from './authenticate.js';
import type { WireRequest, WireResponse } from './http.js';

export const VERSION = '0.1.0';

function json(status: number, body: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export interface EndpointContext {
  auth: AuthMode;
  /** Empties the store and applies the config file again, so its identities survive a reset. */
  reset: () => void;
  flush: () => Promise<Round>;
}

export function emulatorEndpoints(context: EndpointContext) {
  return async (name: string, request: WireRequest): Promise<WireResponse> => {
    switch (name) {
      case 'health':
        return json(200, { status: 'ok', version: VERSION, services: Object.keys(SERVICES) });
      case 'flush': {
        if (request.method !== 'POST') throw new AwsError('MethodNotAllowed', 'use POST /_trailkey/flush', 405);
        const round = await context.flush();
        return json(200, {
          logFiles: round.logFiles.filter((d) => !d.error).map((d) => ({ trailArn: d.trailArn, key: d.key, events: d.events })),
          errors: round.logFiles.filter((d) => d.error).map((d) => ({ trailArn: d.trailArn, error: d.error, events: d.events })),
          digests: round.digests,
        });
      }
      case 'reset':
        if (request.method !== 'POST') throw new AwsError('MethodNotAllowed', 'use POST /_trailkey/reset', 405);
        // A strict server imitates AWS, where nobody can wipe an account with one unsigned call.
        if (context.auth === 'strict') throw new AwsError('AccessDenied', 'reset is refused with --auth strict', 403);
        context.reset();
        return json(200, { status: 'reset' });
      default:
        throw new AwsError('NotFound', `no emulator endpoint /_trailkey/${name}`, 404);
    }
  };
}
