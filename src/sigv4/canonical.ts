// The canonical request and the string to sign
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html):
//   Method \n CanonicalURI \n CanonicalQuery \n name:value\n… \n SignedHeaders \n PayloadHash
//   AWS4-HMAC-SHA256 \n RequestDateTime \n CredentialScope \n hex(SHA256(CanonicalRequest))
// Header values are trimmed and runs of whitespace collapse to one space; repeated header lines are
// joined with `,` (AWS test suite: get-header-value-trim, get-header-key-duplicate).

import { sha256Hex } from './signing-key.js';

const INNER_WHITESPACE = /\s\s|[\t\n\r\f\v]/;

function trimValue(value: string): string {
  const trimmed = value.trim();
  return INNER_WHITESPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed;
}

/** A header's canonical value; an absent header signs as the empty string. */
export function canonicalHeaderValue(value: string | readonly string[] | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return trimValue(value);
  let out = '';
  for (let i = 0; i < value.length; i++) out += i === 0 ? trimValue(value[i]) : `,${trimValue(value[i])}`;
  return out;
}

export function canonicalRequest(
  method: string,
  uri: string,
  query: string,
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  signedHeaders: readonly string[],
  payloadHash: string,
): string {
  let headerLines = '';
  for (const name of signedHeaders) headerLines += `${name}:${canonicalHeaderValue(headers[name])}\n`;
  return `${method}\n${uri}\n${query}\n${headerLines}\n${signedHeaders.join(';')}\n${payloadHash}`;
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${sha256Hex(canonical)}`;
}
