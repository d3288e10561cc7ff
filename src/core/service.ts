// A service as the server sees it: its wire protocol, its model and one function per operation,
// named after the AWS operation (principle 1). services/index.ts lists them all.
import type { Blobs } from '../store/index.js';
import type { Call } from './call.js';
import type { Model } from './model.js';

/**
 * Returned by an operation that must do asynchronous I/O (S3 object bodies: the blob store fsyncs)
 * between its synchronous store transactions. The server commits the first transaction, awaits
 * `io`, then runs `finish` in a second transaction with a fresh Call for the same request. A crash
 * between the two leaves at most an unreferenced blob, never metadata that names a missing one.
 */
export interface Continuation<T = unknown> {
  readonly continuation: true;
  io(blobs: Blobs): Promise<T>;
  finish(call: Call, value: T): unknown;
  /**
   * `io` only reads (GetObject's blobs): it may start before the transaction before it is on disk.
   * Otherwise it waits, as deleting blobs that the old metadata named must.
   */
  readonly readsOnly?: boolean;
}

export function continueWith<T>(io: (blobs: Blobs) => Promise<T>, finish: (call: Call, value: T) => unknown, options: { readsOnly?: boolean } = {}): Continuation<T> {
  return { continuation: true, io, finish, readsOnly: options.readsOnly };
}

export function isContinuation(value: unknown): value is Continuation {
  return typeof value === 'object' && value !== null && (value as Continuation).continuation === true;
}

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
  /**
   * Read-only queries other services may make through Call.fact(): internal knowledge, not API
   * operations (never reachable from the wire, never authorized, never recorded).
   */
  readonly facts?: Readonly<Record<string, OperationFn>>;
  /**
   * The service answers out-of-range input with its own modeled errors (CloudTrail's
   * InvalidMaxResultsException, InvalidLookupAttributesException, InvalidEventSelectorsException)
   * rather than the generic ValidationException, so of the model's constraints only the required
   * members are checked first.
   */
  readonly validatesOwnInput?: boolean;
}
