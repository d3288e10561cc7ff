// `trailkey audit`: the doctor's verdict on the trails of a live account (or the emulator), read
// through the AWS SDK with the standard credential chain: whether CloudTrail can encrypt and deliver,
// and who can decrypt. Same outputs and exit codes as `trailkey check`.
import { parseArgs } from 'node:util';
import { AuditError, runAudit } from '../../doctor/index.js';
import { EXIT, quietSdkNodeWarning, toolVersion, UsageError, type Io } from '../io.js';
import { printReport, REPORT_OPTIONS, REPORT_USAGE, reportSettings } from './report-options.js';

export const usage =
  `trailkey audit [--endpoint-url U] [--region R] [--trail NAME|ARN]… [--org-id o-…] [--member-account ID]… ${REPORT_USAGE}`;
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
      ...REPORT_OPTIONS,
    },
  });
  const settings = reportSettings(values);
  const orgId = values['org-id'];
  if (orgId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(orgId)) throw new UsageError(`--org-id \`${orgId}\` is not an organization id (o-…)`);
  const members = values['member-account'] ?? [];
  for (const m of members) if (!/^\d{12}$/.test(m)) throw new UsageError(`--member-account \`${m}\` is not a 12-digit account id`);
  const endpoint = values['endpoint-url'];
  if (endpoint !== undefined && !URL.canParse(endpoint)) throw new UsageError(`--endpoint-url \`${endpoint}\` is not a url`);
  quietSdkNodeWarning();
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
  return printReport(io, report, settings, 'audit');
}
