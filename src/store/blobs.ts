// Content-addressed blobs: on disk under `<dataDir>/blobs/ab/cd/<sha256>` for the sqlite backend,
// in a Map for the memory backend. Two levels of two hex digits keep every directory small
// (65,536 leaves) however many objects there are.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Blobs } from './types.js';

const HASH = /^[0-9a-f]{64}$/;

/** Blobs up to this size are read synchronously (getBlob). */
const SYNC_READ_BYTES = 256 * 1024;

/** Reads `size` bytes from the start of `fd`; a file that shrank meanwhile gives what is left. */
function readWhole(fd: number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, out, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  return read === size ? out : out.subarray(0, read);
}

/** Refuses anything but a SHA-256 hex, which is also what keeps a hash from naming another path. */
function checkHash(hash: string): void {
  if (typeof hash !== 'string' || !HASH.test(hash)) throw new TypeError('store: a blob hash is 64 lower-case hex digits');
}

function sha256(bytes: Uint8Array): string {
  // createHash would also take a string (as UTF-8): refuse it, a blob is bytes.
  if (!(bytes instanceof Uint8Array)) throw new TypeError('store: a blob is a Uint8Array or a Buffer');
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The blobs read or written lately, up to CACHE_BYTES, each of at most SYNC_READ_BYTES: a read
 * from here costs a copy instead of four system calls, which on a virtual machine are most of a
 * small GetObject's storage cost (bench/validate). Blobs never change (a name is the hash of the
 * content), so an entry cannot go stale; deleteBlob drops it. Least recently used first out.
 */
class RecentBlobs {
  private readonly blobs = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly max: number) {}

  /** A copy of the blob, or undefined. */
  get(hash: string): Buffer | undefined {
    const blob = this.blobs.get(hash);
    if (blob === undefined) return undefined;
    this.blobs.delete(hash);
    this.blobs.set(hash, blob);
    return Buffer.from(blob);
  }

  /** Keeps a copy of `bytes`. */
  set(hash: string, bytes: Uint8Array): void {
    if (bytes.length > SYNC_READ_BYTES || this.blobs.has(hash)) return;
    this.blobs.set(hash, Buffer.from(bytes));
    this.bytes += bytes.length;
    for (const [oldest, blob] of this.blobs) {
      if (this.bytes <= this.max) break;
      this.blobs.delete(oldest);
      this.bytes -= blob.length;
    }
  }

  delete(hash: string): void {
    const blob = this.blobs.get(hash);
    if (blob === undefined) return;
    this.blobs.delete(hash);
    this.bytes -= blob.length;
  }
}

/** How many bytes of recent blobs FileBlobs keeps in memory. */
const CACHE_BYTES = 32 * 1024 * 1024;

export class FileBlobs implements Blobs {
  private readonly tmp: string;
  private tmpReady: Promise<void> | undefined;
  private readonly recent: RecentBlobs;

  constructor(
    private readonly root: string,
    cacheBytes = CACHE_BYTES,
  ) {
    this.tmp = join(root, 'tmp');
    this.recent = new RecentBlobs(cacheBytes);
  }

  /**
   * Atomic: the bytes go to a temporary file in the same file system, are fsynced, and only then
   * renamed to their name, so a blob's name never shows partial content, even after a crash or a
   * power loss. The directory is fsynced too, so the rename itself survives a power loss.
   */
  async putBlob(bytes: Uint8Array): Promise<string> {
    const hash = sha256(bytes);
    const final = this.path(hash);
    if (await exists(final)) return hash; // same name, same content
    await (this.tmpReady ??= this.prepareTmp());
    const tmp = join(this.tmp, `${hash}.${process.pid}.${randomBytes(6).toString('hex')}`);
    try {
      const file = await open(tmp, 'wx');
      try {
        await file.writeFile(bytes);
        await file.sync();
      } finally {
        await file.close();
      }
      const dir = dirname(final);
      await mkdirs(dir);
      await rename(tmp, final);
      await fsyncDir(dir);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
    this.recent.set(hash, bytes);
    return hash;
  }

  /**
   * A blob of at most SYNC_READ_BYTES is read synchronously, as SQLite's pages are: open, fstat,
   * read and close on the page cache cost a few microseconds, where an asynchronous read makes
   * four thread-pool round trips (bench/validate: a tenth of the server's time per GetObject).
   * A larger blob is read asynchronously, so that it cannot stall the event loop.
   */
  async getBlob(hash: string): Promise<Buffer | undefined> {
    checkHash(hash);
    const cached = this.recent.get(hash);
    if (cached !== undefined) return cached;
    const path = this.path(hash);
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
    let small: Buffer | undefined;
    try {
      const size = fstatSync(fd).size;
      if (size <= SYNC_READ_BYTES) small = readWhole(fd, size);
    } finally {
      closeSync(fd);
    }
    if (small !== undefined) {
      this.recent.set(hash, small);
      return small;
    }
    try {
      return await readFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async hasBlob(hash: string): Promise<boolean> {
    checkHash(hash);
    return exists(this.path(hash));
  }

  async deleteBlob(hash: string): Promise<boolean> {
    checkHash(hash);
    // Dropped before and after: a read while the file is being unlinked may have kept it again.
    this.recent.delete(hash);
    try {
      await unlink(this.path(hash));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    } finally {
      this.recent.delete(hash);
    }
  }

  private path(hash: string): string {
    return join(this.root, hash.slice(0, 2), hash.slice(2, 4), hash);
  }

  /**
   * Creates the temporary directory on the first put (opening a store stays instant) and removes
   * files a killed process left there. Only those older than a day: a second process on the same
   * directory may be writing one right now.
   */
  private async prepareTmp(): Promise<void> {
    await mkdirs(this.tmp);
    const dayAgo = Date.now() - 86_400_000;
    for (const name of await readdir(this.tmp)) {
      const file = join(this.tmp, name);
      const info = await stat(file).catch(() => undefined);
      if (info !== undefined && info.mtimeMs < dayAgo) await unlink(file).catch(() => undefined);
    }
  }
}

export class MemoryBlobs implements Blobs {
  private readonly blobs = new Map<string, Buffer>();

  // Copies in and out, as the file store does: a caller that reuses its buffer changes nothing.
  async putBlob(bytes: Uint8Array): Promise<string> {
    const hash = sha256(bytes);
    if (!this.blobs.has(hash)) this.blobs.set(hash, Buffer.from(bytes));
    return hash;
  }

  async getBlob(hash: string): Promise<Buffer | undefined> {
    checkHash(hash);
    const b = this.blobs.get(hash);
    return b === undefined ? undefined : Buffer.from(b);
  }

  async hasBlob(hash: string): Promise<boolean> {
    checkHash(hash);
    return this.blobs.has(hash);
  }

  async deleteBlob(hash: string): Promise<boolean> {
    checkHash(hash);
    return this.blobs.delete(hash);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** `mkdir -p` that also fsyncs the parent of each directory it creates, so they survive a power loss. */
async function mkdirs(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  for (let d = dir; ; d = dirname(d)) {
    await fsyncDir(dirname(d));
    if (d === created) break;
  }
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
