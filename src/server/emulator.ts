// The emulator's own endpoints under /_trailkey/: health (readiness) and reset (empty all state).
import { AwsError } from '../core/aws-error.js';
import type { Store } from '../store/index.js';
import type { AuthMode } from './authenticate.js';
import type { WireRequest, WireResponse } from './http.js';

export const VERSION = '0.1.0';

function json(status: number, body: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function emulatorEndpoint(
  name: string,
  request: WireRequest,
  context: { store: Store; auth: AuthMode; requestId: string },
): WireResponse {
  switch (name) {
    case 'health':
      return json(200, { status: 'ok', version: VERSION, services: ['iam', 'sts', 'kms'] });
    case 'reset':
      if (request.method !== 'POST') throw new AwsError('MethodNotAllowed', 'POST /_trailkey/reset', 405);
      // A strict server imitates AWS, where nobody can wipe an account with one unsigned call.
      if (context.auth === 'strict') throw new AwsError('AccessDenied', 'reset is refused with --auth strict', 403);
      context.store.transaction((tx) => tx.clear());
      return json(200, { status: 'reset' });
    default:
      throw new AwsError('NotFound', `no emulator endpoint /_trailkey/${name}`, 404);
  }
}
