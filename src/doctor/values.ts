// Values that stay unknown until apply (Terraform) or deploy (CloudFormation). A check that needs
// one answers "unknown" and names it, never a pass or a fail it cannot know.

export class Unknown {
  constructor(
    /** What is unknown, for the user: `aws_s3_bucket_policy.logs.policy (depends on aws_s3_bucket.logs.arn)`. */
    readonly what: string,
    /**
     * The whole sentence to show, when "cannot be checked before apply" is not why: `trailkey audit`
     * names the permission it lacks (`kms:GetKeyPolicy is denied …`).
     */
    readonly message?: string,
  ) {}
}

export type Value<T> = T | Unknown;

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** The first Unknown anywhere inside a value (objects and arrays), or undefined. */
export function findUnknown(v: unknown): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) {
    for (const item of v) {
      const u = findUnknown(item);
      if (u) return u;
    }
  } else if (v !== null && typeof v === 'object') {
    for (const item of Object.values(v)) {
      const u = findUnknown(item);
      if (u) return u;
    }
  }
  return undefined;
}
