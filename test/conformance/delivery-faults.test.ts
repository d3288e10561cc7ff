// Exactly-once delivery at the two moments a SIGKILL can hardly be aimed at: a crash just before
// the transaction that commits a log file's metadata and acknowledges its events (nothing is
// acknowledged, no object exists, the events go into a later file), and one just after it (the
// events are acknowledged with the object, and never delivered again). The crash is simulated by
// an exception at that point in PutObject's path; the store is the running server's.
import { DeleteTrailCommand, CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cryptoIds } from '../../src/core/ids.js';
import { createApp } from '../../src/server/app.js';
import type { RunningServer } from '../../src/server/index.js';
import { recordCall } from '../../src/server/record.js';
import { deliverAll, MAX_EVENTS_PER_FILE, type Invoke } from '../../src/services/cloudtrail/delivery.js';
import { QUEUES, queueTopic, type Queue } from '../../src/services/cloudtrail/events.js';
import { SERVICES } from '../../src/services/index.js';
import { ACCOUNT, allRecords, loggingTrail, reader, readers, readLogFiles, root, type Trail } from './delivery-support.js';
import { clientConfig, startServer } from './harness.js';

const BUCKET = 'faults-logs-111111111111';
let server: RunningServer;
let trail: Trail;
let invoke: Invoke;

beforeAll(async () => {
  server = await startServer({ deliveryIntervalMs: 0, config: { users: readers } });
  trail = await loggingTrail(server.url, 'faults', BUCKET);
  await server.flush();
  invoke = createApp({ store: server.store, region: 'us-east-1', auth: 'default', endpoint: async () => ({ status: 404, headers: {}, body: '' }) }).invoke;
});
afterAll(() => server.close());

/** Records `n` ListKeys calls through the recording path, one transaction each; returns their request ids. */
function record(n: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const requestId = cryptoIds.uuid();
    ids.push(requestId);
    server.store.transaction((tx) =>
      recordCall(tx, {
        service: SERVICES.kms, operation: 'ListKeys', identity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root`, account: ACCOUNT, principalId: ACCOUNT },
        region: 'us-east-1', now: new Date(), requestId, sourceIp: '127.0.0.1', input: {}, output: { Keys: [] },
      }, cryptoIds),
    );
  }
  return ids;
}

const pending = () => server.store.scan<Queue>(QUEUES).reduce((n, { value }) => n + server.store.queueLength(queueTopic(value)), 0);
/** How many of `ids` are still queued. (A delivery attempt queues events of its own: S3's GenerateDataKey.) */
const stillQueued = (ids: string[]) => {
  const queued = new Set<string>();
  for (const { value } of server.store.scan<Queue>(QUEUES)) {
    for (const item of server.store.readBatch<{ json: string }>(queueTopic(value), 0, 1_000_000)) queued.add((JSON.parse(item.value.json) as { requestID: string }).requestID);
  }
  return ids.filter((id) => queued.has(id)).length;
};
const objects = async () => {
  const s3 = new S3Client({ ...clientConfig(server.url, root), forcePathStyle: true });
  const out = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  s3.destroy();
  return (out.Contents ?? []).map((o) => o.Key!);
};
const deliver = (through: Invoke) => deliverAll(server.store, through, () => new Date(), cryptoIds.bytes);

/** Each id's record appears in exactly one delivered file, once. */
async function deliveredOnce(ids: string[]): Promise<void> {
  const counts = new Map<string, number>();
  for (const r of allRecords(await readLogFiles(server.url, reader, BUCKET))) counts.set(r.requestID, (counts.get(r.requestID) ?? 0) + 1);
  expect(ids.filter((id) => counts.get(id) !== 1)).toEqual([]);
}

describe('a crash during delivery', () => {
  it('just before the commit: nothing is acknowledged or stored, and a later round delivers the events once', async () => {
    const ids = record(MAX_EVENTS_PER_FILE + 10);
    const queued = pending();
    const before = await objects();
    const crashing: Invoke = (operation, input, options) =>
      invoke(operation, input, {
        ...options,
        commit: (tx, output) => {
          options.commit?.(tx, output);
          throw new Error('crash before commit');
        },
      });
    await expect(deliver(crashing)).rejects.toThrow('crash before commit');
    expect(stillQueued(ids)).toBe(ids.length);
    expect(pending()).toBeGreaterThanOrEqual(queued);
    expect(await objects()).toEqual(before);
    await deliver(invoke);
    expect(stillQueued(ids)).toBe(0);
    await deliveredOnce(ids);
  });

  it('just after the commit: the file’s events are acknowledged with it and never delivered again', async () => {
    const ids = record(MAX_EVENTS_PER_FILE + 10);
    const queued = pending();
    let crashed = false;
    const crashing: Invoke = async (operation, input, options) => {
      const out = await invoke(operation, input, options);
      if (!crashed) {
        crashed = true;
        throw new Error('crash after commit');
      }
      return out;
    };
    const before = (await objects()).length;
    await expect(deliver(crashing)).rejects.toThrow('crash after commit');
    // The first file is stored and its events acknowledged, in one commit.
    expect((await objects()).length).toBe(before + 1);
    expect(stillQueued(ids)).toBe(ids.length - (MAX_EVENTS_PER_FILE - (queued - ids.length)));
    await deliver(invoke);
    expect(stillQueued(ids)).toBe(0);
    await deliveredOnce(ids);
  });

  it('a deleted trail delivers what it had queued, then has nothing more', async () => {
    const ids = record(5);
    await new CloudTrailClient(clientConfig(server.url, root)).send(new DeleteTrailCommand({ Name: 'faults' }));
    const round = await server.flush();
    expect(round.logFiles.filter((f) => f.error)).toEqual([]);
    await deliveredOnce(ids);
    record(5);
    expect(pending()).toBe(0);
    expect(trail.trailArn).toContain(':trail/faults');
  });
});
