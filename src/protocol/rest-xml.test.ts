// rest-xml against the S3 model: addressing, routing, decoding and encoding, errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../core/aws-error.js';
import type { Model } from '../core/model.js';
import { asXmlModel } from './rest-xml-model.js';
import { decodeRestXml, encodeRestXml, findOperation, hostBucket, restXmlError, s3Address } from './rest-xml.js';

// Read, not imported: protocol/ may not import services/ (DESIGN.md), tests included.
const model = JSON.parse(readFileSync(new URL('../services/s3/model.json', import.meta.url), 'utf8')) as Model;
const xmlModel = asXmlModel(model);

function op(method: string, host: string, url: string, headers: Record<string, string> = {}): string | undefined {
  const q = url.indexOf('?');
  const address = s3Address(host, q < 0 ? url : url.slice(0, q));
  return findOperation(xmlModel, { method, address, query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)), headers });
}

describe('addressing', () => {
  it('reads the bucket from <bucket>.s3.localhost and <bucket>.localhost, with or without a port', () => {
    expect(hostBucket('logs.s3.localhost:4566')).toBe('logs');
    expect(hostBucket('my.dotted.bucket.localhost')).toBe('my.dotted.bucket');
    expect(hostBucket('s3.localhost:4566')).toBeUndefined();
    expect(hostBucket('localhost:4566')).toBeUndefined();
    expect(hostBucket('127.0.0.1:4566')).toBeUndefined();
    expect(hostBucket('[::1]:4566')).toBeUndefined();
  });

  it('splits path-style paths into bucket and percent-decoded key', () => {
    expect(s3Address('127.0.0.1:4566', '/')).toEqual({ style: 'path' });
    expect(s3Address('127.0.0.1', '/b')).toEqual({ bucket: 'b', key: undefined, style: 'path' });
    expect(s3Address('127.0.0.1', '/b/')).toEqual({ bucket: 'b', key: undefined, style: 'path' });
    expect(s3Address('127.0.0.1', '/b/a%20b/..%2F%2Fc+d')).toEqual({ bucket: 'b', key: 'a b/..//c+d', style: 'path' });
    expect(s3Address('b.localhost:1', '/x/y')).toEqual({ bucket: 'b', key: 'x/y', style: 'virtual' });
  });

  it('answers InvalidURI for a path that does not decode', () => {
    expect(() => s3Address('127.0.0.1', '/b/%E0%A4%A')).toThrow(expect.objectContaining({ code: 'InvalidURI', status: 400 }));
  });
});

describe('routing by the model', () => {
  it('tells apart the operations that share a URI by their query markers and required members', () => {
    expect(op('GET', 'h', '/')).toBe('ListBuckets');
    expect(op('PUT', 'h', '/b')).toBe('CreateBucket');
    expect(op('GET', 'h', '/b')).toBe('ListObjects');
    expect(op('GET', 'h', '/b?list-type=2&prefix=x')).toBe('ListObjectsV2');
    expect(op('GET', 'h', '/b?policy')).toBe('GetBucketPolicy');
    expect(op('PUT', 'h', '/b?encryption')).toBe('PutBucketEncryption');
    expect(op('GET', 'h', '/b?location')).toBe('GetBucketLocation');
    expect(op('POST', 'h', '/b?delete')).toBe('DeleteObjects');
    expect(op('PUT', 'h', '/b/k')).toBe('PutObject');
    expect(op('PUT', 'h', '/b/k', { 'x-amz-copy-source': '/a/b' })).toBe('CopyObject');
    expect(op('PUT', 'h', '/b/k?partNumber=1&uploadId=u')).toBe('UploadPart');
    expect(op('PUT', 'h', '/b/k?partNumber=1&uploadId=u', { 'x-amz-copy-source': '/a/b' })).toBe('UploadPartCopy');
    expect(op('GET', 'h', '/b/k')).toBe('GetObject');
    expect(op('GET', 'h', '/b/k?partNumber=2')).toBe('GetObject');
    expect(op('GET', 'h', '/b/k?uploadId=u')).toBe('ListParts');
    expect(op('POST', 'h', '/b/k?uploads')).toBe('CreateMultipartUpload');
    expect(op('POST', 'h', '/b/k?uploadId=u')).toBe('CompleteMultipartUpload');
    expect(op('DELETE', 'h', '/b/k?uploadId=u')).toBe('AbortMultipartUpload');
    expect(op('DELETE', 'h', '/b/k')).toBe('DeleteObject');
    expect(op('HEAD', 'b.s3.localhost', '/')).toBe('HeadBucket');
    expect(op('GET', 'b.localhost:4566', '/?list-type=2')).toBe('ListObjectsV2');
  });

  it('recognises operations trailkey does not serve instead of mistaking them for ListObjects', () => {
    expect(op('GET', 'h', '/b?tagging')).toBe('GetBucketTagging');
    expect(op('PUT', 'h', '/b/k?acl')).toBe('PutObjectAcl');
    expect(op('POST', 'h', '/b')).toBeUndefined();
  });
});

describe('decoding', () => {
  const req = (over: Partial<Parameters<typeof decodeRestXml>[2]>) => ({ uri: {}, query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0), ...over });

  it('reads uri, query, header, header-prefix and blob payload members', () => {
    const input = decodeRestXml(model, 'PutObject', req({
      uri: { Bucket: 'b', Key: 'k' },
      headers: { 'content-type': 'text/plain', 'x-amz-meta-colour': 'blue', 'x-amz-server-side-encryption': 'aws:kms', 'x-amz-server-side-encryption-bucket-key-enabled': 'TRUE' },
      body: Buffer.from('data'),
    }));
    expect(input).toEqual({
      Bucket: 'b',
      Key: 'k',
      ContentType: 'text/plain',
      Metadata: { colour: 'blue' },
      ServerSideEncryption: 'aws:kms',
      BucketKeyEnabled: true,
      Body: Buffer.from('data'),
    });
    const list = decodeRestXml(model, 'ListObjectsV2', req({ uri: { Bucket: 'b' }, query: new URLSearchParams('list-type=2&max-keys=7&fetch-owner=true') }));
    expect(list).toMatchObject({ Bucket: 'b', MaxKeys: 7, FetchOwner: true });
  });

  it('answers InvalidArgument for a number that is not one', () => {
    expect(() => decodeRestXml(model, 'ListObjectsV2', req({ query: new URLSearchParams('max-keys=ten') }))).toThrow(
      expect.objectContaining({ code: 'InvalidArgument', message: 'Provided max-keys not an integer or within integer range', fields: { ArgumentName: 'max-keys', ArgumentValue: 'ten' } }),
    );
  });

  it('reads XML payloads, flattened lists included, and refuses malformed or foreign documents', () => {
    const body = Buffer.from(
      '<?xml version="1.0"?><Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a &amp; b</Key></Object><Object><Key> c </Key></Object><Quiet>true</Quiet></Delete>',
    );
    expect(decodeRestXml(model, 'DeleteObjects', req({ uri: { Bucket: 'b' }, body }))).toEqual({ Bucket: 'b', Delete: { Objects: [{ Key: 'a & b' }, { Key: ' c ' }], Quiet: true } });
    const malformed = expect.objectContaining({ code: 'MalformedXML', status: 400 });
    expect(() => decodeRestXml(model, 'DeleteObjects', req({ body: Buffer.from('<Delete><Object>') }))).toThrow(malformed);
    expect(() => decodeRestXml(model, 'DeleteObjects', req({ body: Buffer.from('<Other/>') }))).toThrow(malformed);
    expect(() => decodeRestXml(model, 'DeleteObjects', req({ body: Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><Delete/>') }))).toThrow(malformed);
    expect(() => decodeRestXml(model, 'DeleteObjects', req({ body: Buffer.from('<Delete><Quiet>maybe</Quiet></Delete>') }))).toThrow(malformed);
    const deep = '<Delete>' + '<a>'.repeat(200_000) + '</a>'.repeat(200_000) + '</Delete>';
    expect(() => decodeRestXml(model, 'DeleteObjects', req({ body: Buffer.from(deep) }))).toThrow(malformed);
  });

  it('takes a string payload as the body text (the bucket policy)', () => {
    expect(decodeRestXml(model, 'PutBucketPolicy', req({ uri: { Bucket: 'b' }, body: Buffer.from('{"a":1}') }))).toEqual({ Bucket: 'b', Policy: '{"a":1}' });
  });
});

describe('encoding', () => {
  it('writes header members (HTTP dates), metadata and the XML body with S3 names', () => {
    const r = encodeRestXml(
      model,
      'ListObjectsV2',
      { Name: 'b', IsTruncated: false, KeyCount: 1, Contents: [{ Key: 'a<b', Size: 3, LastModified: new Date('2024-01-02T03:04:05Z') }], CommonPrefixes: [{ Prefix: 'p/' }] },
      'rid',
    );
    expect(r.status).toBe(200);
    expect(r.headers['x-amz-request-id']).toBe('rid');
    expect(r.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsTruncated>false</IsTruncated>' +
        '<Contents><Key>a&lt;b</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified><Size>3</Size></Contents><Name>b</Name>' +
        '<CommonPrefixes><Prefix>p/</Prefix></CommonPrefixes><KeyCount>1</KeyCount></ListBucketResult>',
    );
    const head = encodeRestXml(model, 'HeadObject', { LastModified: new Date('2024-01-02T03:04:05Z'), ContentLength: 3, Metadata: { colour: 'blue' }, BucketKeyEnabled: true }, 'rid');
    expect(head.headers).toMatchObject({ 'last-modified': 'Tue, 02 Jan 2024 03:04:05 GMT', 'content-length': '3', 'x-amz-meta-colour': 'blue', 'x-amz-server-side-encryption-bucket-key-enabled': 'true' });
    expect(head.body).toBe('');
  });

  it('writes wrapped lists with their item names and attributes with their namespace', () => {
    const r = encodeRestXml(model, 'GetBucketAcl', { Owner: { ID: 'o' }, Grants: [{ Grantee: { ID: 'o', Type: 'CanonicalUser' }, Permission: 'FULL_CONTROL' }] }, 'rid');
    expect(r.body).toContain(
      '<AccessControlList><Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>o</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList>',
    );
  });

  it('writes GetBucketLocation as the text of its root, and payload members as the body', () => {
    expect(encodeRestXml(model, 'GetBucketLocation', { LocationConstraint: 'eu-west-1' }, 'r').body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>',
    );
    expect(encodeRestXml(model, 'GetBucketLocation', {}, 'r').body).toContain('"></LocationConstraint>');
    expect(encodeRestXml(model, 'GetBucketPolicy', { Policy: '{"x":1}' }, 'r').body).toBe('{"x":1}');
    expect(encodeRestXml(model, 'DeleteObject', {}, 'r').status).toBe(204);
    expect(encodeRestXml(model, 'GetObject', { $status: 206, Body: Buffer.from('x') }, 'r').status).toBe(206);
  });

  it('escapes control characters in keys as character references', () => {
    const r = encodeRestXml(model, 'ListObjectsV2', { Contents: [{ Key: 'a\u0001b' }] }, 'r');
    expect(r.body).toContain('<Key>a&#x1;b</Key>');
  });
});

describe('errors', () => {
  it('writes <Error> with the extra elements, RequestId and HostId; HEAD and 304 get no body', () => {
    const e = new AwsError('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: 'b' });
    const r = restXmlError(e, 'rid', 'GET');
    expect(r.status).toBe(404);
    expect(r.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchBucket<\/Code><Message>The specified bucket does not exist<\/Message><BucketName>b<\/BucketName><RequestId>rid<\/RequestId><HostId>[A-Za-z0-9+/=]+<\/HostId><\/Error>$/,
    );
    expect(restXmlError(e, 'rid', 'HEAD')).toMatchObject({ status: 404, body: '' });
    expect(restXmlError(new AwsError('NotModified', '', 304), 'rid', 'GET')).toMatchObject({ status: 304, body: '' });
  });
});
