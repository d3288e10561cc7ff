// `trailkey validate-logs`: proves (or disproves) that a trail's log files are as CloudTrail
// delivered them, from its signed digest files — what `aws cloudtrail validate-logs` checks, with
// the same lines, in parallel, and with what the AWS CLI leaves out: which events a missing file
// held, which permission a reader lacks.
import { parseArgs } from 'node:util';
import { EXIT, processIo, quietSdkNodeWarning, UsageError, type Io } from '../io.js';
import { tuneForShortRun } from '../short-run.js';

export const usage =
  'trailkey validate-logs --trail-arn ARN --start-time TIME [--end-time TIME] [--format text|json] [--verbose] [--endpoint-url URL] [--region REGION] [--s3-bucket B] [--s3-prefix P] [--account-id ID] [--concurrency 32] [--no-progress] [--sdk-only]';
export const summary = 'validate a trail\'s log files against its signed digest files, like `aws cloudtrail validate-logs`, in parallel';

/** A progress bar appears on a terminal once there are this many files. */
const PROGRESS_FROM = 50;

/** ISO 8601 (`2025-01-08T05:21:42Z`, `2025-01-08`); a time without a zone is UTC, as the AWS CLI reads it. */
export function parseTime(text: string, flag: string): Date {
  const withZone = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(withZone) ? Date.parse(withZone) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`\`${flag} ${text}\` is not a time such as 2025-01-08T05:21:42Z`);
  return new Date(ms);
}

/** A progress bar on standard error: `[#####.....] 512/1000 files`, redrawn at most ten times a second. */
export function progressBar(io: Pick<Io, 'stderr'>) {
  let last = 0;
  let drawn = false;
  return {
    update(done: number, total: number) {
      if (total < PROGRESS_FROM) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} files`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr('\r\x1b[2K');
    },
  };
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'trail-arn': { type: 'string' },
      'start-time': { type: 'string' },
      'end-time': { type: 'string' },
      format: { type: 'string', default: 'text' },
      verbose: { type: 'boolean', default: false },
      'endpoint-url': { type: 'string' },
      region: { type: 'string' },
      's3-bucket': { type: 'string' },
      's3-prefix': { type: 'string' },
      'account-id': { type: 'string' },
      concurrency: { type: 'string', default: '32' },
      'no-progress': { type: 'boolean', default: false },
      // Every GetObject through the SDK, none through the lean signed GET (src/integrity/lean-get.ts).
      'sdk-only': { type: 'boolean', default: false },
    },
  });
  const trailArn = values['trail-arn'];
  if (!trailArn) throw new UsageError('--trail-arn is required');
  if (!values['start-time']) throw new UsageError('--start-time is required');
  const start = parseTime(values['start-time'], '--start-time');
  const end = values['end-time'] ? parseTime(values['end-time'], '--end-time') : new Date();
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown format \`${values.format}\`: use text or json`);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`\`--concurrency ${values.concurrency}\` is not a positive whole number`);
  // The Region whose digests are checked: --region, else the SDK's environment, else the trail's home Region.
  const homeRegion = /^arn:[^:]+:cloudtrail:([^:]+):/.exec(trailArn)?.[1];
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? homeRegion;
  if (!region) throw new UsageError(`\`${trailArn}\` is not a trail ARN (arn:aws:cloudtrail:<region>:<account>:trail/<name>)`);
  const endpoint = values['endpoint-url'];

  quietSdkNodeWarning();
  // Loaded here, not at start-up: the AWS SDK takes a fifth of a second to load, and other commands do not need it.
  const { sdkSource, summarize, toJson, toText, validateLogs, ValidationError } = await import('../../integrity/index.js');
  // Once everything is loaded (see short-run.ts), and only in a process of its own, not in a test's.
  if (io === processIo) tuneForShortRun();
  const bar = values['no-progress'] || values.format === 'json' || io !== processIo || !process.stderr.isTTY ? undefined : progressBar(io);
  let report;
  try {
    report = await validateLogs(sdkSource({ region, endpoint, lean: !values['sdk-only'] }), {
      trailArn,
      start,
      end,
      region,
      bucket: values['s3-bucket'],
      prefix: values['s3-prefix'],
      account: values['account-id'],
      concurrency,
      onProgress: bar ? (done, total) => bar.update(done, total) : undefined,
    });
  } catch (e) {
    bar?.clear();
    if (!(e instanceof ValidationError)) {
      // Never a stack trace for the user; TRAILKEY_DEBUG=1 shows it.
      io.stderr(`trailkey validate-logs: ${process.env.TRAILKEY_DEBUG ? ((e as Error).stack ?? String(e)) : ((e as Error).message ?? String(e))}\n`);
      return EXIT.usage;
    }
    io.stderr(`trailkey validate-logs: ${e.message}\n`);
    // A reader who may not list the bucket or read the keys is denied (1); anything else is an input error (2).
    return e.permission ? EXIT.denied : EXIT.usage;
  }
  bar?.clear();
  io.stdout(values.format === 'json' ? toJson(report) : toText(report, values.verbose));
  return summarize(report).valid ? EXIT.ok : EXIT.denied;
}
