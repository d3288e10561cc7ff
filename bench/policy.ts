// Evaluations per second for the CloudTrail key-policy request: the seed statements (encrypt with
// the encryption-context condition and aws:SourceArn, decrypt with Null, DescribeKey) plus the
// usual account-delegation statement, and a GenerateDataKey by cloudtrail.amazonaws.com.
import { compilePolicy, evaluate, prepareRequest, type EvalRequest } from '../src/index.js';
import { ACCOUNT, keyPolicy as seedKeyPolicy } from '../test/conformance/delivery-support.js';

const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const TRAIL = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management-events`;

/** The seed documents' key policy, as the conformance tests use it. */
const keyPolicy = seedKeyPolicy(KEY, TRAIL);

export const cloudTrailRequest: EvalRequest = {
  principal: { Service: 'cloudtrail.amazonaws.com' },
  action: 'kms:GenerateDataKey',
  resource: KEY,
  resourceKind: 'kms-key',
  context: {
    'kms:EncryptionContext:aws:cloudtrail:arn': TRAIL,
    'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::trail-logs/AWSLogs/111111111111/',
    'aws:SourceArn': TRAIL,
    'aws:SourceAccount': ACCOUNT,
  },
};

/** Runs `fn` in timed rounds and returns the best rate in operations per second. */
export function rate(fn: () => void, rounds = 5, minMs = 300): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const start = process.hrtime.bigint();
    let elapsed = 0;
    while (elapsed < minMs) {
      for (let i = 0; i < 1000; i++) fn();
      n += 1000;
      elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    }
    best = Math.max(best, (n / elapsed) * 1000);
  }
  return best;
}

export function benchPolicy(): Record<string, number> {
  const policies = { resource: compilePolicy(keyPolicy, { name: 'resourcePolicy', kind: 'kms-key' }) };
  const prepared = prepareRequest(cloudTrailRequest);
  const check = evaluate(prepared, policies);
  if (check.effect !== 'Allow') throw new Error(`benchmark request should be allowed, got ${check.effect}`);
  let sink = 0;
  const results = {
    'evaluate (policy compiled once, request prepared once)': rate(() => {
      sink += evaluate(prepared, policies).reasons.length;
    }),
    'prepare + evaluate (request prepared per evaluation)': rate(() => {
      sink += evaluate(prepareRequest(cloudTrailRequest), policies).reasons.length;
    }),
    'evaluate with full trace': rate(() => {
      sink += evaluate(prepared, policies, { trace: true }).trace.length;
    }),
    'compile + prepare + evaluate (nothing reused)': rate(() => {
      const p = { resource: compilePolicy(keyPolicy, { name: 'resourcePolicy', kind: 'kms-key' }) };
      sink += evaluate(prepareRequest(cloudTrailRequest), p).reasons.length;
    }, 3, 200),
  };
  if (sink === 0) throw new Error('unreachable');
  return results;
}
