#!/usr/bin/env node
// Writes V8's code cache of dist/integrity/integrity.bundle.cjs (run by scripts/bundle-sdk.mjs, in
// a process of its own so that nothing else has run in it). The cache holds the functions
// compiled so far, so the validator's SDK calls are made first: through sdkSource, with the
// options validate-logs uses, against a port where nothing listens. Every call fails at once
// (the retries wait a second in all); no network is reached.
import { writeFileSync } from 'node:fs';
import { devNull } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../dist/integrity');
// Nothing from the builder's own AWS configuration: no profile, no instance metadata.
process.env.AWS_CONFIG_FILE = process.env.AWS_SHARED_CREDENTIALS_FILE = devNull;
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { cacheFileOf, loadedBundles } = await import(join(dist, 'load-bundle.js'));
const { sdkSource } = await import(join(dist, 'index.js'));

const source = sdkSource({ region: 'us-east-1', endpoint: 'http://127.0.0.1:1', credentials: { accessKeyId: 'AKIDWARMUP', secretAccessKey: 'warm-up' } });
const bucket = 'warm-up';
const quietly = (p) => p.then(() => undefined, () => undefined);
await quietly(source.findTrail('arn:aws:cloudtrail:us-east-1:111122223333:trail/warm-up'));
await quietly(source.listPublicKeys(new Date(0), new Date()));
await quietly(source.listKeys(bucket, 'AWSLogs/', 'AWSLogs/'));
await quietly(source.getObject(bucket, 'AWSLogs/a.json.gz'));
await quietly(source.headObject(bucket, 'AWSLogs/a.json.gz'));

if (loadedBundles.size === 0) throw new Error('dist/integrity/index.js did not load the bundle: run scripts/bundle-sdk.mjs');
for (const [file, script] of loadedBundles) writeFileSync(cacheFileOf(file), script.createCachedData());
