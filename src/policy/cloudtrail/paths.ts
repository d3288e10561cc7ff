// Where CloudTrail writes in the bucket (aws-behavior.md §0 item 7, §4.1):
//   <bucket>/[<prefix>/]AWSLogs/<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<file>.json.gz
// Organization trails insert the organization id after `AWSLogs/`:
//   <bucket>/[<prefix>/]AWSLogs/<o-id>/<account>/CloudTrail/...
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html

/** `[<prefix>/]AWSLogs/[<o-id>/]<account>/`: the folder of one account's logs. */
export function accountFolder(prefix: string | undefined, account: string, organizationId?: string): string {
  return `${prefix ? `${prefix}/` : ''}AWSLogs/${organizationId ? `${organizationId}/` : ''}${account}/`;
}

// A fixed, realistic timestamp and unique part: only the shape of the key matters to policies.
const DAY = '2024/01/15';
const STAMP = '20240115T0000Z';
const UNIQUE = '0123456789abcdef';

/** The object key of one log file, as delivered (aws-behavior.md §4.1). */
export function logObjectKey(folder: string, account: string, region: string): string {
  return `${folder}CloudTrail/${region}/${DAY}/${account}_CloudTrail_${region}_${STAMP}_${UNIQUE}.json.gz`;
}

/** The object key of one digest file (aws-behavior.md §0 item 14). */
export function digestObjectKey(folder: string, account: string, region: string, trailName: string, homeRegion: string): string {
  return `${folder}CloudTrail-Digest/${region}/${DAY}/${account}_CloudTrail-Digest_${region}_${trailName}_${homeRegion}_20240115T000000Z.json.gz`;
}
