// Decompresses the single gzip member that a CloudTrail log or digest file is (RFC 1952), and says
// precisely what is wrong when it is not one. The AWS CLI hashes what Python's zlib decompresses
// from the first member and ignores anything after it (CLI-VAL _download_log); bytes after the
// member are a change to the file all the same, so we report them (the wording is that of newer
// CLI versions, aws-behavior.md §4.2). A big file is decompressed on libuv's thread pool, so files
// validated in parallel use every core; a small one at once on the main thread, which costs less
// than the thread pool's round trips (bench/validate: most log files are tens of kilobytes).
import { crc32, inflateRaw, inflateRawSync, type ZlibOptions } from 'node:zlib';

/** Files smaller than this are decompressed synchronously. */
const SYNC_BELOW = 256 * 1024;
const CHUNK = 256 * 1024;
/** Output chunks are never smaller than this, so a file that lies about its size stays cheap to inflate. */
const MIN_CHUNK = 16 * 1024;

/**
 * The output chunk for a member whose trailer says it inflates to `size` bytes (mod 2^32): one
 * chunk just big enough, so that a few-kilobyte log file does not allocate (and garbage-collect)
 * a 256 KB buffer. Only a hint: a file that lies about its size still inflates, in more chunks,
 * and then fails the length check.
 */
const chunkFor = (size: number) => Math.min(CHUNK, Math.max(MIN_CHUNK, size + 1));

/** inflateRaw with `info: true`, which also answers how many input bytes the deflate stream used. */
type WithInfo = { buffer: Buffer; engine: { bytesWritten: number } };
function inflateRawWithInfo(buf: Buffer, sizeHint: number): Promise<WithInfo> {
  if (buf.length < SYNC_BELOW) {
    try {
      return Promise.resolve((inflateRawSync as unknown as (b: Buffer, o: ZlibOptions & { info: true }) => WithInfo)(buf, { info: true, chunkSize: chunkFor(sizeHint) }));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }
  return new Promise((resolve, reject) => {
    const callback = (e: Error | null, result: unknown) => (e ? reject(e) : resolve(result as WithInfo));
    (inflateRaw as unknown as (b: Buffer, o: ZlibOptions & { info: true }, cb: typeof callback) => void)(buf, { info: true, chunkSize: CHUNK }, callback);
  });
}

export type Inflated = { data: Buffer } | { problem: 'invalid format' | 'unexpected data after end of compressed stream' };

const FTEXT_RESERVED = 0xe0;
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** Where the deflate data starts, after the member header; undefined when the header is not gzip's. */
function headerEnd(buf: Buffer): number | undefined {
  if (buf.length < 10 || buf[0] !== 0x1f || buf[1] !== 0x8b || buf[2] !== 8) return undefined;
  const flags = buf[3];
  if (flags & FTEXT_RESERVED) return undefined;
  let at = 10;
  if (flags & FEXTRA) {
    if (at + 2 > buf.length) return undefined;
    at += 2 + buf.readUInt16LE(at);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    const zero = buf.indexOf(0, at);
    if (zero < 0) return undefined;
    at = zero + 1;
  }
  if (flags & FHCRC) at += 2;
  return at <= buf.length ? at : undefined;
}

export async function gunzipMember(buf: Buffer): Promise<Inflated> {
  const start = headerEnd(buf);
  if (start === undefined) return { problem: 'invalid format' };
  let inflated;
  try {
    // The last four bytes are the inflated size when the file is one member, as it should be.
    inflated = await inflateRawWithInfo(buf.subarray(start), buf.readUInt32LE(buf.length - 4));
  } catch {
    return { problem: 'invalid format' };
  }
  const trailer = start + inflated.engine.bytesWritten;
  // The trailer: CRC-32 and length (mod 2^32) of the uncompressed data, little-endian.
  if (trailer + 8 > buf.length) return { problem: 'invalid format' };
  const data = inflated.buffer;
  if (buf.readUInt32LE(trailer) !== crc32(data) >>> 0 || buf.readUInt32LE(trailer + 4) !== data.length % 2 ** 32) return { problem: 'invalid format' };
  if (trailer + 8 < buf.length) return { problem: 'unexpected data after end of compressed stream' };
  return { data };
}
