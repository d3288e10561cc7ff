// The store's entry point: `openStore({ data })` picks the backend from the data option.
import { join } from 'node:path';
import { storeOver } from './backend.js';
import { FileBlobs, MemoryBlobs } from './blobs.js';
import { MemoryBackend } from './memory.js';
import { ReadCache } from './read-cache.js';
import { SqliteBackend } from './sqlite.js';
import type { OpenOptions, Store } from './types.js';

export type { Blobs, Entry, OpenOptions, QueueItem, Range, Reader, ScanOptions, Storable, Store, Tx } from './types.js';
export { compareKeys, prefixEnd } from './keys.js';

/**
 * `':memory:'`: an empty in-memory store, gone on close. Anything else: a data directory (created
 * if missing) holding `trailkey.db` and `blobs/`. Opening an existing directory reads one row (the
 * schema version) and prepares a dozen statements: a few milliseconds, whatever the data size.
 */
export function openStore(options: OpenOptions): Store {
  if (options.data === ':memory:') return storeOver(new MemoryBackend(), new MemoryBlobs());
  return storeOver(new ReadCache(new SqliteBackend(options.data, options.sync, options.checkpoints)), new FileBlobs(join(options.data, 'blobs')));
}
