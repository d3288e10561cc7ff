// The pipeline's answer when the group commit that holds a call fails (disk full, I/O error): the
// call is not acknowledged — the client gets the protocol's internal error, never a success whose
// effects are gone. Everything else about the pipeline is driven through real clients in
// test/conformance/.
import { describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { createApp } from './app.js';
import type { WireRequest } from './http.js';

/** A store whose commits all fail. */
function failingStore(): Store {
  const store = openStore({ data: ':memory:' });
  return { ...store, durable: () => Promise.reject(new Error('disk full')) };
}

function kmsRequest(target: string): WireRequest {
  return {
    method: 'POST',
    url: '/',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `TrentService.${target}`,
      'x-amz-date': '20260501T100000Z',
      // A key the server does not know: in the default auth mode, the root of 000000000000.
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIAUNKNOWNUNKNOWN00/20260501/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00',
    },
    body: Buffer.from('{}'),
    remoteAddress: '127.0.0.1',
  };
}

describe('a failed group commit', () => {
  it('answers InternalFailure (500) instead of the call’s result, and logs why', async () => {
    const lines: string[] = [];
    const app = createApp({ store: failingStore(), region: 'us-east-1', auth: 'default', log: (l) => lines.push(l), endpoint: async () => ({ status: 404, headers: {}, body: '' }) });
    const response = await app.handle(kmsRequest('CreateKey'));
    expect(response.status).toBe(500);
    expect(JSON.parse(String(response.body))).toMatchObject({ __type: 'InternalFailure' });
    expect(lines.some((l) => l.includes('commit failed: disk full'))).toBe(true);
  });
});
