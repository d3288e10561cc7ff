#!/usr/bin/env node
// Extracts the AWS service models trailkey serves from botocore's service-2.json (shipped by
// Debian's awscli package) into src/services/<svc>/model.json, trimmed to the operations we
// implement and the shapes they reach, without documentation. Run after changing an operation list:
//   node scripts/extract-models.mjs [/usr/lib/python3/dist-packages/awscli/botocore/data]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? '/usr/lib/python3/dist-packages/awscli/botocore/data';
const SERVICES = {
  kms: ['kms/2014-11-01', [
    'CreateKey', 'DescribeKey', 'GetKeyPolicy', 'PutKeyPolicy', 'ListKeyPolicies', 'ListKeys', 'CreateAlias', 'UpdateAlias',
    'DeleteAlias', 'ListAliases', 'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'GenerateDataKey',
    'GenerateDataKeyWithoutPlaintext', 'Encrypt', 'Decrypt', 'ReEncrypt', 'TagResource', 'UntagResource', 'ListResourceTags',
    'CreateGrant', 'ListGrants', 'RetireGrant', 'RevokeGrant', 'GenerateRandom', 'UpdateKeyDescription',
  ]],
  iam: ['iam/2010-05-08', [
    'CreateUser', 'GetUser', 'ListUsers', 'DeleteUser', 'CreateAccessKey', 'ListAccessKeys', 'DeleteAccessKey', 'PutUserPolicy',
    'GetUserPolicy', 'ListUserPolicies', 'DeleteUserPolicy', 'CreateRole', 'GetRole', 'ListRoles', 'DeleteRole', 'PutRolePolicy',
    'GetRolePolicy', 'DeleteRolePolicy', 'ListRolePolicies', 'CreatePolicy', 'GetPolicy', 'AttachUserPolicy', 'AttachRolePolicy',
    'DetachUserPolicy', 'DetachRolePolicy', 'ListAttachedUserPolicies', 'ListAttachedRolePolicies',
  ]],
  sts: ['sts/2011-06-15', ['GetCallerIdentity', 'AssumeRole']],
  cloudtrail: ['cloudtrail/2013-11-01', [
    'CreateTrail', 'UpdateTrail', 'DeleteTrail', 'GetTrail', 'DescribeTrails', 'ListTrails', 'GetTrailStatus', 'StartLogging',
    'StopLogging', 'PutEventSelectors', 'GetEventSelectors', 'LookupEvents', 'AddTags', 'RemoveTags', 'ListTags', 'ListPublicKeys',
  ]],
  s3: ['s3/2006-03-01', [
    'CreateBucket', 'HeadBucket', 'ListBuckets', 'DeleteBucket', 'PutBucketPolicy', 'GetBucketPolicy', 'DeleteBucketPolicy',
    'GetBucketAcl', 'GetBucketLocation', 'PutBucketEncryption', 'GetBucketEncryption', 'DeleteBucketEncryption',
    'PutPublicAccessBlock', 'GetPublicAccessBlock', 'DeletePublicAccessBlock', 'GetBucketOwnershipControls', 'PutObject',
    'GetObject', 'HeadObject', 'DeleteObject', 'DeleteObjects', 'CopyObject', 'ListObjects', 'ListObjectsV2',
    'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload', 'AbortMultipartUpload', 'ListParts', 'ListMultipartUploads',
  ]],
};

/**
 * rest-xml services are routed by method, URI template and query markers, and several operations
 * share one template (PutObject, CopyObject, UploadPart). Every operation of the model is kept as a
 * route, with the required query-string and header members that tell them apart, so that a request
 * for an operation trailkey does not serve is recognised and refused as NotImplemented instead of
 * being mistaken for another (a GET ?tagging is not a ListObjects).
 */
function routesOf(model) {
  const routes = {};
  for (const [name, o] of Object.entries(model.operations)) {
    const input = o.input ? model.shapes[o.input.shape] : undefined;
    const qualifiers = [];
    for (const member of input?.required ?? []) {
      const ref = input.members[member];
      if (ref.location === 'querystring') qualifiers.push(`q:${ref.locationName}`);
      else if (ref.location === 'header') qualifiers.push(`h:${ref.locationName.toLowerCase()}`);
    }
    routes[name] = { method: o.http.method, requestUri: o.http.requestUri, qualifiers };
  }
  return routes;
}

function reach(model, start, seen) {
  if (!start || seen.has(start)) return;
  seen.add(start);
  const s = model.shapes[start];
  for (const ref of [s.member, s.key, s.value, ...Object.values(s.members ?? {})]) if (ref) reach(model, ref.shape, seen);
}

const strip = (obj) => {
  const out = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'documentation' || k === 'documentationUrl' || k === 'deprecatedMessage') continue;
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? strip(v) : v;
  }
  return out;
};

for (const [svc, [dir, ops]] of Object.entries(SERVICES)) {
  const model = JSON.parse(readFileSync(join(root, dir, 'service-2.json'), 'utf8'));
  const seen = new Set();
  const operations = {};
  for (const op of ops) {
    const o = model.operations[op];
    if (!o) throw new Error(`${svc}: no operation ${op}`);
    operations[op] = strip({ name: o.name, http: o.http, input: o.input, output: o.output, errors: o.errors });
    reach(model, o.input?.shape, seen);
    reach(model, o.output?.shape, seen);
    for (const e of o.errors ?? []) reach(model, e.shape, seen);
  }
  const shapes = {};
  for (const name of [...seen].sort()) shapes[name] = strip(model.shapes[name]);
  const out = { metadata: model.metadata, operations, shapes };
  if (model.metadata.protocol === 'rest-xml') out.routes = routesOf(model);
  mkdirSync(join('src/services', svc), { recursive: true });
  writeFileSync(join('src/services', svc, 'model.json'), JSON.stringify(out, null, 1) + '\n');
  console.log(`${svc}: ${ops.length} operations, ${seen.size} shapes`);
}
