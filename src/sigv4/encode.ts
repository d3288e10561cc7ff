// SigV4 URI encoding, the canonical URI and the canonical query string, computed from the raw path
// and query the server received.
//
// URI-encode (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html):
// every byte of the UTF-8 form except A-Z a-z 0-9 - _ . ~ becomes %XX with upper-case hex; `/` is kept
// in paths. Canonical URI:
// - S3 signs the path once-encoded and not normalised. Clients put exactly that on the wire, so the
//   received path is decoded and re-encoded canonically (this forgives lower-case hex or an escaped
//   unreserved character); `//` and `.` segments are kept.
// - Every other service normalises the path (RFC 3986 dot segments, empty segments dropped) and
//   encodes each segment twice. The wire path is already the first encoding, so the raw path is
//   normalised and encoded once more (what @smithy/signature-v4 does with `uriEscapePath: true`).
// Canonical query: each name and value decoded, URI-encoded (`/` too), sorted by name then value.

const HEX = '0123456789ABCDEF';

/** UNRESERVED[c] is 1 for A-Z a-z 0-9 - . _ ~ */
const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9\-._~]/.test(ch)) UNRESERVED[c] = 1;
}
const SLASH = 0x2f;

/** True when `s` needs no encoding: only unreserved characters (and `/` when `keepSlash`). */
function isEncodedAlready(s: string, keepSlash: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || (UNRESERVED[c] === 0 && !(keepSlash && c === SLASH))) return false;
  }
  return true;
}

/** SigV4 URI-encoding of raw bytes. */
export function uriEncodeBytes(bytes: Uint8Array, keepSlash: boolean): string {
  let out = '';
  for (const b of bytes) {
    if (b < 128 && (UNRESERVED[b] === 1 || (keepSlash && b === SLASH))) out += String.fromCharCode(b);
    else out += `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** SigV4 URI-encoding of a string's UTF-8 form (no decoding first). */
export function uriEncode(s: string, keepSlash: boolean): string {
  return isEncodedAlready(s, keepSlash) ? s : uriEncodeBytes(Buffer.from(s, 'utf8'), keepSlash);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Percent-decodes `s` to bytes. A `%` not followed by two hex digits stays a literal `%`, as the
 * client cannot have meant an escape there. With `plusIsSpace`, `+` is a space: query strings are
 * form-decoded by AWS (a literal `+` in an S3 prefix must be sent as %2B) [INF].
 */
export function percentDecode(s: string, plusIsSpace: boolean): Buffer {
  const parts: Buffer[] = [];
  const bytes: number[] = [];
  let runStart = 0;
  const flushRun = (end: number) => {
    if (end > runStart) {
      if (bytes.length > 0) parts.push(Buffer.from(bytes.splice(0)));
      parts.push(Buffer.from(s.slice(runStart, end), 'utf8'));
    }
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length && hexValue(s.charCodeAt(i + 1)) >= 0 && hexValue(s.charCodeAt(i + 2)) >= 0) {
      flushRun(i);
      bytes.push(hexValue(s.charCodeAt(i + 1)) * 16 + hexValue(s.charCodeAt(i + 2)));
      i += 2;
      runStart = i + 1;
    } else if (c === 0x2b && plusIsSpace) {
      flushRun(i);
      bytes.push(0x20);
      runStart = i + 1;
    }
  }
  flushRun(s.length);
  if (bytes.length > 0) parts.push(Buffer.from(bytes));
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** Decode then canonically re-encode one path or query component. */
function reencode(s: string, keepSlash: boolean, plusIsSpace: boolean): string {
  return isEncodedAlready(s, keepSlash) ? s : uriEncodeBytes(percentDecode(s, plusIsSpace), keepSlash);
}

/** The canonical URI of a raw request path (see the file comment for the S3 / other-service split). */
export function canonicalUri(rawPath: string, s3: boolean): string {
  if (rawPath === '' || rawPath === '/') return '/';
  if (s3) return reencode(rawPath, true, false);
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEncode(segment, false));
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `${rawPath.startsWith('/') ? '/' : ''}${segments.join('/')}${trailing}`;
}

/**
 * The canonical query string of a raw query. `dropSignature` leaves out X-Amz-Signature, which a
 * presigned URL carries but did not sign.
 */
export function canonicalQuery(rawQuery: string, dropSignature: boolean): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = reencode(eq < 0 ? part : part.slice(0, eq), false, true);
    if (dropSignature && name === 'X-Amz-Signature') continue;
    pairs.push([name, eq < 0 ? '' : reencode(part.slice(eq + 1), false, true)]);
  }
  if (pairs.length > 1) {
    // Encoded names and values are ASCII, so code-unit order is the byte order SigV4 asks for.
    pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  }
  let out = '';
  for (const [name, value] of pairs) out += out === '' ? `${name}=${value}` : `&${name}=${value}`;
  return out;
}

const NEEDS_DECODING = /[%+]/;

function decodeComponent(s: string): string {
  return NEEDS_DECODING.test(s) ? percentDecode(s, true).toString('utf8') : s;
}

/** Decoded query parameters (first occurrence of a name wins), for reading X-Amz-* presign values. */
export function queryParameters(rawQuery: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decodeComponent(eq < 0 ? part : part.slice(0, eq));
    if (!params.has(name)) params.set(name, eq < 0 ? '' : decodeComponent(part.slice(eq + 1)));
  }
  return params;
}
