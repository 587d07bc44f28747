/** PutBucketVersioning and GetBucketVersioning: Enabled or Suspended, never back to unversioned. */
import { change, findBucket, type S3Context } from "./context.js";
import type { BucketConfig } from "./state.js";
import { invalidBucketState } from "../errors.js";
import { storedXml } from "./storedConfigs.js";

export interface VersioningConfiguration {
  Status?: "Enabled" | "Suspended";
  MFADelete?: "Enabled" | "Disabled";
}

export async function putBucketVersioning(ctx: S3Context, input: { Bucket: string } & VersioningConfiguration): Promise<void> {
  const bucket = findBucket(ctx, input.Bucket);
  // Object Lock needs versions: a locked bucket's versioning cannot be suspended.
  if (input.Status === "Suspended" && storedXml(bucket, "objectLock") !== undefined) {
    throw invalidBucketState("An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.");
  }
  // Replication needs versions too (S3 User Guide, "Replication and versioning"); the text as S3
  // answered Terraform (nozaq/terraform-aws-remote-state-s3-backend#59).
  if (input.Status === "Suspended" && storedXml(bucket, "replication") !== undefined) {
    throw invalidBucketState(
      "A replication configuration is present on this bucket, so you cannot change the versioning state. To change the versioning state, first delete the replication configuration.",
    );
  }
  if (input.Status !== undefined) await change(ctx, { t: "setConfig", bucket: bucket.name, name: "versioning", value: input.Status });
  if (input.MFADelete !== undefined) await change(ctx, { t: "setConfig", bucket: bucket.name, name: "mfaDelete", value: input.MFADelete });
}

/** A bucket never versioned answers an empty configuration; MfaDelete appears once it was set. */
export function getBucketVersioning(ctx: S3Context, input: { Bucket: string }): VersioningConfiguration {
  const config: BucketConfig = findBucket(ctx, input.Bucket).config;
  return { ...(config.versioning ? { Status: config.versioning } : {}), ...(config.mfaDelete ? { MFADelete: config.mfaDelete } : {}) };
}
