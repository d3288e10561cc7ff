// Blobs being read are not deleted under their reader. A GetObject or CopyObject names its blobs in
// its first transaction and reads them afterwards, while a PutObject of the same key may commit a new
// object and delete the old blobs in between. Readers pin what they will read, inside their
// transaction (transactions are synchronous, so no delete can slip between the read of the record
// and the pin); a delete of a pinned blob waits for the last unpin. Pins live in memory: after a
// crash, at most an unreferenced blob is left, as the Continuation contract allows.
import type { Blobs } from '../../store/index.js';

interface Pin {
  count: number;
  /** Set when a delete arrived while pinned: where to delete it once unpinned. */
  deferred?: Blobs;
}

const pins = new Map<string, Pin>();

/** Pins `hashes`; the returned function unpins them (once, however often it is called). */
export function pin(hashes: readonly string[]): () => void {
  for (const h of hashes) {
    const p = pins.get(h);
    if (p) p.count++;
    else pins.set(h, { count: 1 });
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (const h of hashes) {
      const p = pins.get(h);
      if (!p || --p.count > 0) continue;
      pins.delete(h);
      // Nobody waits for a deferred delete; a failure leaves an unreferenced blob, nothing worse.
      if (p.deferred) void p.deferred.deleteBlob(h).catch(() => undefined);
    }
  };
}

/** Deletes blobs no record names any more, waiting for their readers first. */
export async function deleteBlobs(store: Blobs, hashes: readonly string[]): Promise<void> {
  for (const h of hashes) {
    const p = pins.get(h);
    if (p) p.deferred = store;
    else await store.deleteBlob(h);
  }
}
