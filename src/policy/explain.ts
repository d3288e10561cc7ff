// Turns a Decision into a few plain sentences a person can act on. Uses the trace when there is one
// to name the statements that came closest and the element that stopped each.
import { describeCaller } from './evaluate.js';
import type { PreparedRequest } from './request.js';
import type { Decision, Reason, StatementTrace } from './types.js';

const name = (r: { policy: string; statement: string }) => `${r.policy} statement \`${r.statement}\``;

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function allowSentence(reasons: Reason[], request: PreparedRequest): string {
  const delegating = reasons.filter((r) => r.via === 'account');
  const others = reasons.filter((r) => r.via !== 'account');
  if (delegating.length === 0) return `It is allowed by ${listOf(others.map(name))}.`;
  return (
    `${listOf(delegating.map(name))} delegate${delegating.length === 1 ? 's' : ''} it to account \`${request.caller.account}\`` +
    (others.length ? `, and ${listOf(others.map(name))} allow${others.length === 1 ? 's' : ''} it.` : '; the root user needs nothing more.')
  );
}

function missingSentence(decision: Decision, request: PreparedRequest): string {
  const who = describeCaller(request);
  const account = request.caller.account;
  const kms = request.resourceKind === 'kms-key';
  const mandatory = kms || request.resourceKind === 'role-trust';
  const policy = kms ? 'key policy' : 'trust policy';
  switch (decision.missing) {
    case 'service-needs-resource-policy':
      return `Only a resource policy can grant ${who}, and no statement of it does: add an Allow for this principal and action.`;
    case 'cross-account-unsupported':
      return `KMS never allows \`${request.action}\` from another account (\`${account}\` calling a key of \`${request.resourceAccount}\`): only cryptographic, grant and DescribeKey operations work across accounts.`;
    case 'identity':
      return `The resource policy ${mandatory ? 'delegates to' : 'allows'} account \`${account}\`, but no identity policy of ${who} allows \`${request.action}\`: add an IAM policy statement that allows it.`;
    case 'resource':
      return mandatory
        ? `The ${policy} neither allows ${who} nor delegates \`${request.action}\` to its account \`${account}\`; it is required and grants no implicit account trust, so add a statement for this principal, or one for \`arn:aws:iam::${account}:root\` together with an IAM policy.`
        : `The resource policy of account \`${request.resourceAccount}\` does not allow ${who}; access from another account needs both that policy and the caller's own IAM policy.`;
    case 'both':
      return `Neither an identity policy of ${who} nor the resource policy allows \`${request.action}\`.`;
    default:
      return 'No statement allows it.';
  }
}

/** Allow statements that matched the action but failed elsewhere: the nearest misses, first failure each. */
function nearMisses(trace: readonly StatementTrace[]): string[] {
  return trace
    .filter((t) => t.effect === 'Allow' && !t.applies && t.checks[0]?.ok)
    .slice(0, 3)
    .map((t) => {
      const failed = t.checks.filter((c) => !c.ok).map((c) => c.text);
      return `${name(t)} matches the action but fails: ${failed.join('; ')}.`;
    });
}

export function explain(decision: Decision, request: PreparedRequest): string {
  const subject = `\`${request.action}\` by ${describeCaller(request)} on \`${request.resource}\``;
  const lines: string[] = [];
  if (decision.effect === 'Allow') {
    lines.push(`${subject} is allowed.`, allowSentence(decision.reasons, request));
  } else if (decision.effect === 'ExplicitDeny') {
    lines.push(
      `${subject} is denied explicitly by ${listOf(decision.reasons.map(name))}.`,
      'An explicit Deny overrides every Allow: narrow its Principal, Action, Resource or Condition to let this request through.',
    );
  } else {
    lines.push(`${subject} is denied: nothing allows it (implicit deny).`, missingSentence(decision, request));
    lines.push(...nearMisses(decision.trace));
  }
  return lines.join('\n');
}
