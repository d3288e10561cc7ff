// The lean GET of src/integrity/lean-get.ts signs as the AWS SDK signs (its own SignatureV4 checks it).
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeKey, signGet, templateOf } from '../../src/integrity/lean-get.js';
import { escapeUriPath } from '@smithy/core/protocols';
import fc from 'fast-check';

const bytes = (d: string | ArrayBuffer | ArrayBufferView) => (typeof d === 'string' ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d));
class Sha256 {
  private readonly h;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(d: string | ArrayBuffer | ArrayBufferView) {
    this.h.update(bytes(d));
  }
  async digest() {
    return this.h.digest();
  }
}

describe('lean GET', () => {
  it('signs exactly as the SDK signs the same S3 GET (SigV4, S3 flavour)', async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'token/with+chars=' };
    const now = new Date('2024-05-01T12:34:56Z');
    const key = 'AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/111122223333_CloudTrail_us-east-1_20240501T1230Z_Ab(c)!*x.json.gz';
    const path = `/bucket/${encodeKey(key)}`;
    const ours = signGet('127.0.0.1:4566', path, 'eu-west-1', credentials, now);
    const signer = new SignatureV4({ service: 's3', region: 'eu-west-1', credentials, sha256: Sha256, uriEscapePath: false, applyChecksum: true });
    const request = new HttpRequest({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 4566, path, headers: { host: '127.0.0.1:4566', 'x-amz-content-sha256': ours['x-amz-content-sha256'] } });
    const signed = await signer.sign(request, { signingDate: now });
    expect(ours.authorization).toBe(signed.headers.authorization);
    expect(ours['x-amz-security-token']).toBe(credentials.sessionToken);
  });

  it('encodes a key as the SDK does in a GetObject path', () => {
    // CloudTrail's keys take the fast path (the key is its own encoding); the others encodeURIComponent.
    const keys = ['AWSLogs/111122223333/CloudTrail/us-east-1/2024/05/01/f_20240501T1230Z_Ab9.json.gz', "a b/c+d/é!'()*~._-/%2F/x?y#z&=", '', '//'];
    for (const key of keys) expect(encodeKey(key)).toBe(escapeUriPath(key));
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (key) => encodeKey(key) === escapeUriPath(key)));
  });

  it('learns the URL around the key from the request the SDK built', () => {
    const key = 'AWSLogs/1/CloudTrail/a b.json.gz';
    expect(templateOf({ protocol: 'http:', hostname: '127.0.0.1', port: 4566, path: `/logs/${encodeKey(key)}` }, key)).toEqual({ protocol: 'http:', hostname: '127.0.0.1', port: 4566, prefix: '/logs/' });
    expect(templateOf({ protocol: 'https', hostname: 'logs.s3.us-east-1.amazonaws.com', path: `/${encodeKey(key)}` }, key)).toEqual({ protocol: 'https:', hostname: 'logs.s3.us-east-1.amazonaws.com', port: undefined, prefix: '/' });
    expect(templateOf({ protocol: 'https:', hostname: 'h', path: '/other' }, key)).toBeUndefined();
  });
});
