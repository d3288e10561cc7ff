import { invalidInput } from './errors.js';

/** IAM's Marker/MaxItems paging (default 100 items); the marker is the next index, opaque to callers. */
export function page<T>(all: readonly T[], marker: string | undefined, maxItems = 100) {
  const start = marker === undefined ? 0 : Number.parseInt(Buffer.from(marker, 'base64').toString('utf8'), 10);
  if (!Number.isInteger(start) || start < 0 || start > all.length) throw invalidInput('Invalid Marker.');
  const items = all.slice(start, start + maxItems);
  const next = start + items.length;
  const IsTruncated = next < all.length;
  return { items, IsTruncated, Marker: IsTruncated ? Buffer.from(String(next)).toString('base64') : undefined };
}
