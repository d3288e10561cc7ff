// The key policy KMS attaches when a key is created without one (aws-behavior.md §6.2,
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html): the account
// principal may do everything, which delegates to IAM and grants CloudTrail nothing.

export function defaultKeyPolicy(account: string, partition = 'aws'): object {
  return {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
    ],
  };
}
