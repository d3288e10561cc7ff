// GenerateDataKey over HTTP with SigV4 by an IAM user whose key the server verifies, on 16
// keep-alive connections: requests per second, p50 and p99 latency. Also the start-up time to a
// healthy /_trailkey/health with an existing data directory.
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalRequest, isoBasic, sha256Hex, signingKey, stringToSign } from '../src/sigv4/index.js';
import { startProcess } from './server-process.js';

const ACCOUNT = '111111111111';
const USER_KEY = { accessKeyId: 'AKIABENCHBENCHBENCH0', secretAccessKey: 'bench-secret-bench-secret-bench-secret00' };
const CONFIG = {
  users: [
    {
      account: ACCOUNT,
      name: 'bench',
      accessKeys: [{ id: USER_KEY.accessKeyId, secret: USER_KEY.secretAccessKey }],
      policies: { kms: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] } },
    },
  ],
};

const SIGNED = ['content-type', 'host', 'x-amz-date', 'x-amz-target'];

/**
 * Signs a KMS request with SigV4 as an SDK does (the server verifies every byte). The load
 * generator shares the 2 cores with the server, so it signs with node:crypto directly rather than
 * with @smithy/signature-v4, whose per-request cost halved the measured rate; the conformance tests
 * prove the SDK's own signatures verify.
 */
function signedHeaders(host: string, target: string, payload: string): Record<string, string> {
  const amzDate = isoBasic(new Date());
  const date = amzDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    host,
    'x-amz-date': amzDate,
    'x-amz-target': `TrentService.${target}`,
  };
  const scope = `${date}/us-east-1/kms/aws4_request`;
  const canonical = canonicalRequest('POST', '/', '', headers, SIGNED, sha256Hex(payload));
  const signature = createHmac('sha256', signingKey(USER_KEY.secretAccessKey, date, 'us-east-1', 'kms')).update(stringToSign(amzDate, scope, canonical)).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${USER_KEY.accessKeyId}/${scope}, SignedHeaders=${SIGNED.join(';')}, Signature=${signature}`;
  return headers;
}

function kmsCall(url: string, agent: Agent, target: string, body: object): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: signedHeaders(u.host, target, payload), agent }, (res) => {
      let data = '';
      res.on('data', (d) => (data += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function benchKms(): Promise<Record<string, string>> {
  const data = join(mkdtempSync(join(tmpdir(), 'trailkey-bench-')), 'data');
  const port = 45_000 + Math.floor(Math.random() * 10_000);
  let server = await startProcess({ data, port, config: CONFIG });
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const created = await kmsCall(server.url, agent, 'CreateKey', {});
  if (created.status !== 200) throw new Error(`CreateKey failed: ${created.body}`);
  const keyId = JSON.parse(created.body).KeyMetadata.KeyId as string;

  // Restart on the existing data directory to measure start-up as a user meets it.
  await server.stop();
  server = await startProcess({ data, port, config: CONFIG });
  const startupMs = server.startupMs;

  const input = { KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: { 'aws:cloudtrail:arn': `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t` } };
  const durationMs = 5000;
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + durationMs;
  const worker = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      const r = await kmsCall(server.url, agent, 'GenerateDataKey', input);
      latencies.push(performance.now() - t);
      if (r.status !== 200) errors++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 16 }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  await server.stop();
  latencies.sort((a, b) => a - b);
  if (errors) throw new Error(`${errors} GenerateDataKey requests failed`);
  return {
    'GenerateDataKey requests per second (16 connections, SigV4 verified)': Math.round((latencies.length / elapsed) * 1000).toLocaleString('en-US'),
    'p50 latency': `${percentile(latencies, 50).toFixed(2)} ms`,
    'p99 latency': `${percentile(latencies, 99).toFixed(2)} ms`,
    'start-up to healthy, existing data directory': `${startupMs.toFixed(0)} ms`,
  };
}
