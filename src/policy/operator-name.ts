// Condition operator names: `[ForAllValues:|ForAnyValue:]<Base>[IfExists]`.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// Operator names are case-sensitive in practice (policy-semantics.md §4.8).

export const OPERATOR_BASES = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase',
  'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals',
  'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress',
  'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
  'Null',
] as const;

export type OperatorBase = (typeof OPERATOR_BASES)[number];
export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface OperatorName {
  base: OperatorBase;
  qualifier: SetQualifier | null;
  ifExists: boolean;
}

const BASES: ReadonlySet<string> = new Set(OPERATOR_BASES);

/** Splits an operator name into its parts, or returns null when the name is not an AWS operator. */
export function parseOperatorName(name: string): OperatorName | null {
  let rest = name;
  let qualifier: SetQualifier | null = null;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    const q = rest.slice(0, colon);
    if (q !== 'ForAllValues' && q !== 'ForAnyValue') return null;
    qualifier = q;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists')) {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  if (!BASES.has(rest)) return null;
  return { base: rest as OperatorBase, qualifier, ifExists };
}
