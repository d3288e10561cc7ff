import { AwsError } from '../../core/aws-error.js';
import { policyError } from '../../core/policy-document.js';
import type { IdentityEntity } from '../../policy/validate/index.js';

/** Answers AWS's error for the first problem of a document: MalformedPolicyDocument, or LimitExceeded for size. */
export function checkDocument(document: string, kind: 'identity' | 'resource', entity?: IdentityEntity, entityName?: string): string {
  const error = policyError(document, kind, { identityEntity: entity, entityName });
  if (error) {
    const code = error.code ?? 'MalformedPolicyDocument';
    throw new AwsError(code, error.message, code === 'LimitExceeded' ? 409 : 400);
  }
  return document;
}
