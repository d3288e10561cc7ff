// `trailkey audit`: the doctor's verdict on the trails of a live account (or the emulator), read
// through the AWS SDK with the standard credential chain: whether CloudTrail can encrypt and deliver,
// and who can decrypt. Same outputs and exit codes as `trailkey check`.
import { parseArgs } from 'node:util';
import { AuditError, FORMATS, formatReport, runAudit, SEVERITY_RANK, type Format, type Severity } from '../../doctor/index.js';
import { EXIT, toolVersion, UsageError, type Io } from '../io.js';

export const usage =
  'trailkey audit [--endpoint-url U] [--region R] [--trail NAME|ARN]… [--org-id o-…] [--member-account ID]… ' +
  '[--format text|json|sarif|junit|markdown] [--fail-on error|warning|note|none] [--fail-on-unknown] [--trace]';
export const summary = "check the trails of an account: whether CloudTrail can encrypt and deliver their logs, and who can decrypt them";

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'endpoint-url': { type: 'string' },
      region: { type: 'string' },
      trail: { type: 'string', multiple: true },
      'org-id': { type: 'string' },
      'member-account': { type: 'string', multiple: true },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      'fail-on-unknown': { type: 'boolean' },
      trace: { type: 'boolean' },
    },
  });
  const format = values.format;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format \`${format}\`: use ${FORMATS.join(', ')}`);
  const failOn = values['fail-on'];
  if (failOn !== 'none' && !(failOn in SEVERITY_RANK)) throw new UsageError(`unknown severity \`${failOn}\` for --fail-on: use error, warning, note or none`);
  const orgId = values['org-id'];
  if (orgId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(orgId)) throw new UsageError(`--org-id \`${orgId}\` is not an organization id (o-…)`);
  const members = values['member-account'] ?? [];
  for (const m of members) if (!/^\d{12}$/.test(m)) throw new UsageError(`--member-account \`${m}\` is not a 12-digit account id`);
  const endpoint = values['endpoint-url'];
  if (endpoint !== undefined && !URL.canParse(endpoint)) throw new UsageError(`--endpoint-url \`${endpoint}\` is not a url`);
  // The SDK warns on every run that it will need Node 22 from 2027; trailkey pins the SDK, so the
  // warning is noise for `trailkey` users. Set the variable yourself to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let report;
  try {
    report = await runAudit(
      {
        ...(endpoint ? { endpoint } : {}),
        // The AWS CLI's AWS_DEFAULT_REGION too, which the SDK for JavaScript does not read.
        ...(values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ? { region: values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION } : {}),
        ...(values.trail?.length ? { trails: values.trail } : {}),
        ...(orgId ? { orgId } : {}),
        ...(members.length ? { memberAccounts: members } : {}),
      },
      { version: toolVersion() },
    );
  } catch (e) {
    // Not a usage error: the account could not be read at all. One line, exit 2, no usage text.
    if (e instanceof AuditError) {
      io.stderr(`trailkey audit: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  io.stdout(formatReport(report, format as Format, { color: io.color, failOn: failOn as Severity | 'none', trace: Boolean(values.trace), command: 'audit' }));
  const threshold = failOn === 'none' ? Infinity : SEVERITY_RANK[failOn as Severity];
  const failed = report.results.some((r) => r.verdict === 'fail' && SEVERITY_RANK[r.severity] >= threshold);
  const unknown = Boolean(values['fail-on-unknown']) && report.summary.unknown > 0;
  return failed || unknown ? EXIT.denied : EXIT.ok;
}
