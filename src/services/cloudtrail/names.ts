// Trail names and ARNs (aws-behavior.md §2.2; texts from §2.3, recorded by moto's tests).
import { invalidTrailName } from './errors.js';

/** The InvalidTrailNameException text for characters outside the rules (also for a malformed ARN where a name or ARN is expected). */
export const INVALID_CHARACTERS =
  'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).';

export const TRAIL_ARN = /^arn:(aws[a-z-]*):cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;

/** Checks a trail name in AWS's order; throws InvalidTrailNameException. */
export function checkTrailName(name: string): void {
  if (name.trim() === '') throw invalidTrailName('Trail name cannot be blank!');
  if (name.length < 3) throw invalidTrailName(`Trail name too short. Minimum allowed length: 3 characters. Specified name length: ${name.length} characters.`);
  if (name.length > 128) throw invalidTrailName(`Trail name too long. Maximum allowed length: 128 characters. Specified name length: ${name.length} characters.`);
  if (!/^[A-Za-z0-9]/.test(name)) throw invalidTrailName('Trail name must starts with a letter or number.');
  if (!/[A-Za-z0-9]$/.test(name)) throw invalidTrailName('Trail name must ends with a letter or number.');
  if (!/^[A-Za-z0-9._-]+$/.test(name) || /[._-]{2}/.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    throw invalidTrailName(INVALID_CHARACTERS);
  }
}

export const trailArn = (region: string, account: string, name: string) => `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;

/** S3 bucket naming rules (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
export function validBucketName(bucket: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) && !/\.\./.test(bucket) && !/^\d+\.\d+\.\d+\.\d+$/.test(bucket) && !bucket.startsWith('xn--');
}
