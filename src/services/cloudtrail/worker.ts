// One delivery round: log files for every queue, then the digests that are due, then the removal
// of deleted trails that have nothing left to deliver, and of history events past their 90 days. The server runs a round every delivery
// interval and on POST /_trailkey/flush; rounds never overlap.
import type { Store } from '../../store/index.js';
import { deliverDigests } from './digest-delivery.js';
import { DIGEST_STATE } from './digest.js';
import { deliverAll, type Delivered, type Invoke } from './delivery.js';
import { expireHistory, QUEUES, type Queue } from './events.js';
import { TRAILS, type TrailRecord } from './trails.js';

export interface DeliveryOptions {
  /** How long a digest period lasts (AWS: an hour). */
  digestPeriodMs: number;
  /** Close every open digest period now (flush). */
  force?: boolean;
}

export interface Round {
  logFiles: Delivered[];
  digests: number;
}

function reapDeletedTrails(store: Store): void {
  store.transaction((tx) => {
    for (const { key, value: trail } of tx.scan<TrailRecord>(TRAILS)) {
      if (!trail.deleted) continue;
      const queues = tx.scan<Queue>(QUEUES).filter((q) => q.value.trailArn === trail.TrailARN);
      if (queues.some((q) => tx.readBatch(q.key, 0, 1).length > 0)) continue;
      if (tx.scan(DIGEST_STATE, { prefix: `${trail.TrailARN}|`, limit: 1 }).length > 0) continue;
      for (const q of queues) tx.delete(QUEUES, q.key);
      tx.delete(TRAILS, key);
    }
  });
}

export class DeliveryWorker {
  private running: Promise<Round> | null = null;

  constructor(
    private readonly store: Store,
    private readonly invoke: Invoke,
    private readonly clock: () => Date,
    private readonly random: (n: number) => Buffer,
    private readonly options: DeliveryOptions,
  ) {}

  /** Runs a round, or joins the one under way (and runs another after it when `force` asks for a fresh one). */
  async round(force = false): Promise<Round> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.run(force);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async run(force: boolean): Promise<Round> {
    const logFiles = await deliverAll(this.store, this.invoke, this.clock, this.random);
    const digests = await deliverDigests(this.store, this.invoke, this.clock(), this.options.digestPeriodMs, force || this.options.force === true);
    reapDeletedTrails(this.store);
    this.store.transaction((tx) => expireHistory(tx, this.clock()));
    return { logFiles, digests };
  }
}

