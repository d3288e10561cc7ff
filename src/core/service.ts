// A service as the server sees it: its wire protocol, its model and one function per operation,
// named after the AWS operation (principle 1). services/index.ts lists them all.
import type { Call } from './call.js';
import type { Model } from './model.js';

// Operations receive the decoded, validated input; they may use any shape the model gives.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationFn = (call: Call, input: any) => unknown;

export interface ServiceDef {
  /** The signing name and policy prefix: `kms`, `iam`, `sts`, `cloudtrail`, `s3`. */
  readonly name: string;
  readonly protocol: 'json' | 'query' | 'rest-xml';
  readonly model: Model;
  readonly operations: Readonly<Record<string, OperationFn>>;
  /** Operations whose errors and results CloudTrail records as read-only (Describe*, Get*, List*). */
  readonly readOnly?: (operation: string) => boolean;
}
