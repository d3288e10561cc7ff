// Limit / Marker / NextMarker / Truncated, as ListKeys, ListAliases, ListGrants and ListResourceTags
// page (KMS API reference). The marker is opaque: the base64url of the sort key of the last item
// returned, so a page boundary survives items added or removed between calls. A marker that is not
// one of ours is InvalidMarkerException.
import { compareKeys } from '../../store/index.js';
import { invalidMarker } from './errors.js';

const MARKER_PREFIX = 'tk1:';

export interface Page<T> {
  items: T[];
  NextMarker?: string;
  Truncated: boolean;
}

/** Pages `all`, which must be sorted by `sortKey` (store key order). */
export function page<T>(all: readonly T[], sortKey: (item: T) => string, marker: string | undefined, limit: number): Page<T> {
  let start = 0;
  if (marker !== undefined) {
    const after = decodeMarker(marker);
    while (start < all.length && compareKeys(sortKey(all[start]), after) <= 0) start++;
  }
  const items = all.slice(start, start + limit);
  const Truncated = start + items.length < all.length;
  return Truncated ? { items, NextMarker: encodeMarker(sortKey(items[items.length - 1])), Truncated } : { items, Truncated };
}

function encodeMarker(sortKey: string): string {
  return Buffer.from(MARKER_PREFIX + sortKey, 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(marker)) throw invalidMarker();
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  if (!text.startsWith(MARKER_PREFIX) || encodeMarker(text.slice(MARKER_PREFIX.length)) !== marker) throw invalidMarker();
  return text.slice(MARKER_PREFIX.length);
}
