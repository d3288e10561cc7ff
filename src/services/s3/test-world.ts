// Test helper (not a test): runs S3 operations through a real Call over an in-memory store, as the
// server does — one transaction per step, Continuations settled (I/O with the blob store, then a new
// transaction) — with identity policies read from the IAM tables. services/s3 may not import KMS, so
// `kms:*` calls go to a small fake that records them and can be told to fail; the real KMS is
// exercised by the conformance tests.
import { isAwsError, type AwsError } from '../../core/aws-error.js';
import { Call } from '../../core/call.js';
import { identityPolicies, inlineKey, T as IAM, userKey, type UserRecord } from '../../core/identities.js';
import { rootIdentity, serviceIdentity, type Identity } from '../../core/identity.js';
import { cryptoIds } from '../../core/ids.js';
import { isContinuation, type OperationFn } from '../../core/service.js';
import type { ContextValue } from '../../policy/index.js';
import { openStore, type Store } from '../../store/index.js';
import { s3 } from './index.js';

export const ACCOUNT = '111122223333';
export const OTHER = '444455556666';

export interface KmsCall {
  operation: string;
  input: Record<string, unknown>;
  identity: Identity;
  context: Readonly<Record<string, ContextValue>>;
}

export interface RunOptions {
  region?: string;
  context?: Readonly<Record<string, ContextValue>>;
}

export class TestWorld {
  readonly store: Store = openStore({ data: ':memory:' });
  now = new Date('2024-05-01T12:00:00.000Z');
  readonly kmsCalls: KmsCall[] = [];
  /** Set to make the fake KMS throw this error. */
  kmsFailure: AwsError | undefined;

  /** A stand-in for KMS: data keys are random, "ciphertext" is the plaintext behind a marker. */
  private kms(operation: string, input: Record<string, unknown>, identity: Identity, context: Readonly<Record<string, ContextValue>>): unknown {
    this.kmsCalls.push({ operation, input, identity, context });
    if (this.kmsFailure) throw this.kmsFailure;
    const keyArn = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    if (operation === 'GenerateDataKey') {
      const plaintext = cryptoIds.bytes(32);
      return { Plaintext: plaintext, CiphertextBlob: Buffer.concat([Buffer.from('fake:'), plaintext]), KeyId: keyArn };
    }
    if (operation === 'Decrypt') return { Plaintext: (input.CiphertextBlob as Buffer).subarray(5), KeyId: keyArn };
    throw new Error(`test-world: no fake for kms:${operation}`);
  }

  private call(identity: Identity, options: RunOptions, tx: Parameters<Parameters<Store['transaction']>[0]>[0]): Call {
    return new Call({
      identity,
      region: options.region ?? 'us-east-1',
      requestId: 'test',
      now: this.now,
      tx,
      ids: cryptoIds,
      requestContext: options.context ?? {},
      identityPolicies: (id) => identityPolicies(tx, id),
      invoke: (parent, target, input, as, context) => {
        const [svc, op] = target.split(':');
        if (svc === 'kms') return this.kms(op, input as Record<string, unknown>, as, { ...parent.requestContext, ...context });
        return s3.operations[op](parent.as(as, context), input);
      },
      fact: (parent, svc, name, input) => s3.facts![name](parent, input),
    });
  }

  /** Runs one operation to its end, as the server would. */
  async run<O = Record<string, unknown>>(identity: Identity, op: OperationFn, input: object, options: RunOptions = {}): Promise<O> {
    let output = this.store.transaction((tx) => op(this.call(identity, options, tx), input));
    while (isContinuation(output)) {
      const step = output;
      const value = await step.io(this.store);
      output = this.store.transaction((tx) => step.finish(this.call(identity, options, tx), value));
    }
    return output as O;
  }

  /** The AwsError the operation throws. */
  async fail(identity: Identity, op: OperationFn, input: object, options: RunOptions = {}): Promise<AwsError> {
    try {
      await this.run(identity, op, input, options);
    } catch (e) {
      if (isAwsError(e)) return e;
      throw e;
    }
    throw new Error(`expected ${op.name} to fail`);
  }

  root(account = ACCOUNT): Identity {
    return rootIdentity(account);
  }

  service(name: string, onBehalfOf = ACCOUNT): Identity {
    return serviceIdentity(name, onBehalfOf);
  }

  anonymous(): Identity {
    return { type: 'Anonymous', arn: '', account: '', principalId: '' };
  }

  /** An IAM user with these inline policies (documents as objects). */
  user(name: string, policies: object[] = [], account = ACCOUNT): Identity {
    const record: UserRecord = {
      account,
      UserName: name,
      UserId: `AIDA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
      Arn: `arn:aws:iam::${account}:user/${name}`,
      Path: '/',
      CreateDate: this.now.toISOString(),
    };
    this.store.transaction((tx) => {
      tx.put(IAM.users, userKey(account, name), record);
      policies.forEach((doc, i) => tx.put(IAM.inlinePolicies, inlineKey(account, 'user', name, `p${i}`), { PolicyName: `p${i}`, PolicyDocument: JSON.stringify(doc) }));
    });
    return { type: 'IAMUser', arn: record.Arn, account, principalId: record.UserId, userName: name };
  }

  /** Whether the blob store still holds this blob. */
  async hasBlob(hash: string): Promise<boolean> {
    return this.store.hasBlob(hash);
  }
}

export function allow(actions: string | string[], resource: string | string[] = '*', extra: object = {}): object {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource, ...extra }] };
}

export function bucketPolicy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
