// Test helper (not a test): runs KMS operations through a real Call over an in-memory store, as
// the server would — one transaction per request, identity policies read from the IAM tables —
// and writes the IAM users, roles and policies the tests need straight into those tables.
import { isAwsError, type AwsError } from '../../core/aws-error.js';
import { Call, type Ids } from '../../core/call.js';
import { identityPolicies, inlineKey, roleKey, T as IAM, userKey, type RoleRecord, type UserRecord } from '../../core/identities.js';
import { rootIdentity, serviceIdentity, type Identity } from '../../core/identity.js';
import { cryptoIds } from '../../core/ids.js';
import type { ContextValue } from '../../policy/index.js';
import { openStore, type Store } from '../../store/index.js';
import type { OperationFn } from '../../core/service.js';

export const ACCOUNT = '111122223333';
export const OTHER = '444455556666';
export const REGION = 'us-east-1';

export interface RunOptions {
  region?: string;
  context?: Readonly<Record<string, ContextValue>>;
}

let counter = 0;

export class TestWorld {
  readonly store: Store = openStore({ data: ':memory:' });
  now = new Date('2024-05-01T12:00:00.000Z');
  ids: Ids = cryptoIds;

  /** Runs one operation as `identity` in its own transaction; errors roll it back and propagate. */
  run<O = Record<string, unknown>>(identity: Identity, op: OperationFn, input: object, options: RunOptions = {}): O {
    return this.store.transaction((tx) => {
      const call = new Call({
        identity,
        region: options.region ?? REGION,
        requestId: `test-${++counter}`,
        now: this.now,
        tx,
        ids: this.ids,
        requestContext: options.context ?? {},
        identityPolicies: (id) => identityPolicies(tx, id),
        invoke: () => {
          throw new Error('test-call: service-to-service calls are not wired in KMS unit tests');
        },
        fact: () => {
          throw new Error('test-call: facts are not wired in KMS unit tests');
        },
      });
      return op(call, input) as O;
    });
  }

  /** The AwsError the operation throws; fails the test when it succeeds or throws something else. */
  fail(identity: Identity, op: OperationFn, input: object, options: RunOptions = {}): AwsError {
    try {
      this.run(identity, op, input, options);
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

  /** An IAM user with these inline policies (documents as objects). */
  user(name: string, policies: object[] = [], account = ACCOUNT, path = '/'): Identity {
    const record: UserRecord = {
      account,
      UserName: name,
      UserId: `AIDA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
      Arn: `arn:aws:iam::${account}:user${path}${name}`,
      Path: path,
      CreateDate: this.now.toISOString(),
    };
    this.store.transaction((tx) => {
      tx.put(IAM.users, userKey(account, name), record);
      policies.forEach((doc, i) => tx.put(IAM.inlinePolicies, inlineKey(account, 'user', name, `p${i}`), { PolicyName: `p${i}`, PolicyDocument: JSON.stringify(doc) }));
    });
    return { type: 'IAMUser', arn: record.Arn, account, principalId: record.UserId, userName: name };
  }

  /** An IAM role with these inline policies. */
  role(name: string, policies: object[] = [], account = ACCOUNT, path = '/'): RoleRecord {
    const record: RoleRecord = {
      account,
      RoleName: name,
      RoleId: `AROA${name.toUpperCase().padEnd(17, 'X').slice(0, 17)}`,
      Arn: `arn:aws:iam::${account}:role${path}${name}`,
      Path: path,
      CreateDate: this.now.toISOString(),
      AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
      MaxSessionDuration: 3600,
    };
    this.store.transaction((tx) => {
      tx.put(IAM.roles, roleKey(account, name), record);
      policies.forEach((doc, i) => tx.put(IAM.inlinePolicies, inlineKey(account, 'role', name, `p${i}`), { PolicyName: `p${i}`, PolicyDocument: JSON.stringify(doc) }));
    });
    return record;
  }

  /** A session of `role` (its ARN has no role path, §8.3). */
  session(role: RoleRecord, sessionName = 'session'): Identity {
    return {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${role.account}:assumed-role/${role.RoleName}/${sessionName}`,
      account: role.account,
      principalId: `${role.RoleId}:${sessionName}`,
      sessionIssuer: { type: 'Role', principalId: role.RoleId, arn: role.Arn, accountId: role.account, userName: role.RoleName },
    };
  }

  /** Moves the clock (key deletion waits). */
  advanceDays(days: number): void {
    this.now = new Date(this.now.getTime() + days * 24 * 60 * 60 * 1000);
  }
}

/** An identity policy allowing `actions` on `resource`. */
export function allow(actions: string | string[], resource: string | string[] = '*', extra: object = {}): object {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource, ...extra }] };
}

/** An identity policy denying `actions` on `resource`. */
export function deny(actions: string | string[], resource: string | string[] = '*', extra: object = {}): object {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: actions, Resource: resource, ...extra }] };
}

/** A key policy (text) of these statements. */
export function keyPolicy(...statements: object[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** The default statement: the account principal gets kms:* (delegation to IAM). */
export const rootStatement = (account = ACCOUNT) => ({
  Sid: 'Enable IAM User Permissions',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${account}:root` },
  Action: 'kms:*',
  Resource: '*',
});
