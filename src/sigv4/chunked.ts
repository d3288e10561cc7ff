// aws-chunked bodies (S3 uploads with x-amz-content-sha256 STREAMING-…): decode the framing, verify
// the chunk signature chain, read the trailers.
//   signed:   <hex size>;chunk-signature=<sig>\r\n <data>\r\n … 0;chunk-signature=<sig>\r\n [trailers] \r\n
//   unsigned: <hex size>\r\n <data>\r\n … 0\r\n [trailers] \r\n
//   trailer:  name:value\r\n …, signed ones end with x-amz-trailer-signature:<sig>\r\n
// Chunk n's signature is HMAC(signing key, "AWS4-HMAC-SHA256-PAYLOAD\n<amz date>\n<scope>\n<signature
// of chunk n-1 (the seed signature for the first)>\n<hash of ''>\n<hash of the chunk data>")
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html); the trailer signature is
// HMAC(key, "AWS4-HMAC-SHA256-TRAILER\n<date>\n<scope>\n<last chunk signature>\n<hash of the
// trailers as name:value\n>") (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html).
// The server hands over the whole body (it is read with a size cap anyway); data chunks are returned
// as slices of it, copied once into the result only when there are several.

import { EMPTY_SHA256, hmacHex, sha256Hex } from './signing-key.js';
import type { PayloadMode, SigV4Success } from './types.js';

/** What chunk signatures are checked against: from a successful verification of the request. */
export type ChunkSigning = Pick<SigV4Success, 'signingKey' | 'amzDate' | 'scope' | 'seedSignature'> &
  Partial<Pick<SigV4Success, 'accessKeyId'>>;

export interface DecodedChunks {
  readonly ok: true;
  readonly data: Buffer;
  /** Trailing headers, lower-case names (x-amz-checksum-crc32, …); x-amz-trailer-signature excluded. */
  readonly trailers: Readonly<Record<string, string>>;
}

export type ChunkFailureReason =
  | 'incomplete-body' // the body ends inside a chunk or before the final chunk
  | 'malformed-chunk' // framing that is not aws-chunked
  | 'chunk-signature-mismatch'
  | 'trailer-signature-mismatch' // wrong or missing x-amz-trailer-signature
  | 'decoded-length-mismatch'; // data length differs from x-amz-decoded-content-length

export interface ChunkFailure {
  readonly ok: false;
  readonly reason: ChunkFailureReason;
  /** Byte offset in the body where the problem was found. */
  readonly offset: number;
  /** chunk-signature-mismatch: index of the failing chunk (0 = first). */
  readonly chunkIndex?: number;
  readonly stringToSign?: string;
  readonly signatureProvided?: string;
  readonly accessKeyId?: string;
  readonly expectedLength?: number;
  readonly actualLength?: number;
}

export interface DecodeOptions {
  /** The request's payload mode; must be one of the streaming-* modes. */
  readonly payload: PayloadMode;
  /** Required for streaming-signed and streaming-signed-trailer. */
  readonly signing?: ChunkSigning;
  /** x-amz-decoded-content-length, when the server wants it checked. */
  readonly decodedLength?: number;
}

export function chunkStringToSign(signing: ChunkSigning, previousSignature: string, dataHash: string): string {
  return `AWS4-HMAC-SHA256-PAYLOAD\n${signing.amzDate}\n${signing.scope}\n${previousSignature}\n${EMPTY_SHA256}\n${dataHash}`;
}

export function chunkSignature(signing: ChunkSigning, previousSignature: string, data: Uint8Array): string {
  return hmacHex(signing.signingKey, chunkStringToSign(signing, previousSignature, sha256Hex(data)));
}

/** The trailers as signed: `name:value\n` each, names sorted [INF: AWS's example has a single trailer]. */
function canonicalTrailers(trailers: Readonly<Record<string, string>>): string {
  let out = '';
  for (const name of Object.keys(trailers).sort()) out += `${name}:${trailers[name]}\n`;
  return out;
}

export function trailerStringToSign(signing: ChunkSigning, previousSignature: string, trailers: Readonly<Record<string, string>>): string {
  return `AWS4-HMAC-SHA256-TRAILER\n${signing.amzDate}\n${signing.scope}\n${previousSignature}\n${sha256Hex(canonicalTrailers(trailers))}`;
}

export function trailerSignature(signing: ChunkSigning, previousSignature: string, trailers: Readonly<Record<string, string>>): string {
  return hmacHex(signing.signingKey, trailerStringToSign(signing, previousSignature, trailers));
}

const CRLF = Buffer.from('\r\n');
const HEX_SIZE = /^[0-9a-fA-F]{1,13}$/; // 13 hex digits stay below 2^53
const CHUNK_SIGNATURE = /^chunk-signature=([0-9a-f]{64})$/;

export function decodeAwsChunked(body: Buffer, options: DecodeOptions): DecodedChunks | ChunkFailure {
  const signed = options.payload === 'streaming-signed' || options.payload === 'streaming-signed-trailer';
  const signing = options.signing;
  if (signed && signing === undefined) throw new TypeError('decodeAwsChunked: signed payloads need `signing`');
  const fail = (reason: ChunkFailureReason, offset: number, more: Partial<ChunkFailure> = {}): ChunkFailure => ({
    ok: false,
    reason,
    offset,
    accessKeyId: signing?.accessKeyId,
    ...more,
  });

  const parts: Buffer[] = [];
  let length = 0;
  let previous = signing?.seedSignature ?? '';
  let pos = 0;
  for (let index = 0; ; index++) {
    const lineEnd = body.indexOf(CRLF, pos);
    if (lineEnd < 0) return fail('incomplete-body', pos);
    const line = body.toString('latin1', pos, lineEnd);
    const semi = line.indexOf(';');
    const sizeText = semi < 0 ? line : line.slice(0, semi);
    if (!HEX_SIZE.test(sizeText)) return fail('malformed-chunk', pos);
    const size = parseInt(sizeText, 16);
    const start = lineEnd + 2;
    if (start + size > body.length) return fail('incomplete-body', body.length);
    const data = body.subarray(start, start + size);
    if (signed) {
      const provided = semi < 0 ? undefined : CHUNK_SIGNATURE.exec(line.slice(semi + 1))?.[1];
      if (provided === undefined) return fail('malformed-chunk', pos);
      const toSign = chunkStringToSign(signing as ChunkSigning, previous, sha256Hex(data));
      if (hmacHex((signing as ChunkSigning).signingKey, toSign) !== provided) {
        return fail('chunk-signature-mismatch', pos, { chunkIndex: index, stringToSign: toSign, signatureProvided: provided });
      }
      previous = provided;
    }
    if (size === 0) {
      pos = start;
      break;
    }
    if (start + size + 2 > body.length) return fail('incomplete-body', body.length);
    if (body[start + size] !== 0x0d || body[start + size + 1] !== 0x0a) return fail('malformed-chunk', start + size);
    parts.push(data);
    length += size;
    pos = start + size + 2;
  }

  const trailers: Record<string, string> = {};
  let trailerSignatureText: string | undefined;
  let sawTrailer = false;
  for (;;) {
    const lineEnd = body.indexOf(CRLF, pos);
    if (lineEnd < 0) {
      // Tolerated: a body that stops right after the final chunk or the last trailer, without the blank line.
      if (pos === body.length) break;
      return fail('incomplete-body', body.length);
    }
    if (lineEnd === pos) {
      pos += 2;
      // Tolerated: a blank line between the final chunk and the trailers (some clients send one).
      if (!sawTrailer && pos < body.length) continue;
      break;
    }
    const line = body.toString('utf8', pos, lineEnd);
    const colon = line.indexOf(':');
    if (colon <= 0) return fail('malformed-chunk', pos);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') trailerSignatureText = value;
    else trailers[name] = value;
    sawTrailer = true;
    pos = lineEnd + 2;
  }
  if (pos !== body.length) return fail('malformed-chunk', pos);

  if (options.payload === 'streaming-signed-trailer') {
    const toSign = trailerStringToSign(signing as ChunkSigning, previous, trailers);
    if (trailerSignatureText === undefined || hmacHex((signing as ChunkSigning).signingKey, toSign) !== trailerSignatureText) {
      return fail('trailer-signature-mismatch', pos, { stringToSign: toSign, signatureProvided: trailerSignatureText });
    }
  }
  if (options.decodedLength !== undefined && options.decodedLength !== length) {
    return fail('decoded-length-mismatch', pos, { expectedLength: options.decodedLength, actualLength: length });
  }
  const data = parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
  return { ok: true, data, trailers };
}
