// Whether an action string has the `service:Action` form that can match a request
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html).
// iam-simulate observed that an action with a comma, an empty name after the colon, or leading or
// trailing whitespace matches nothing, so under NotAction it excludes nothing (policy-semantics.md
// §4.3). IAM rejects some of these forms outright (§4.10 rule 8); the rest it stores as written.

/** Why `action` can never match a request, as a phrase for a finding, or null when it is fine. */
export function actionProblem(action: string): string | null {
  if (action === '*') return null;
  const parts = action.split(':');
  if (parts.length === 1) return 'has no `service:` prefix';
  if (parts.length > 2) return 'has more than one colon';
  const [vendor = '', name = ''] = parts;
  if (vendor === '') return 'has an empty service prefix';
  if (name === '') return 'has an empty action name';
  if (/\s/.test(action)) return 'contains whitespace';
  if (action.includes(',')) return 'contains a comma (list actions as separate strings)';
  if (vendor !== '*' && /[^a-zA-Z0-9.\-*?]/.test(vendor)) return 'has a service prefix with characters other than letters, digits, `.` and `-`';
  return null;
}
