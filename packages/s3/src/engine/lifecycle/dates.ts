/** The lifecycle dates S3 reports on responses: an object's expiry (x-amz-expiration) and an upload's abort date (x-amz-abort-date). */
import type { S3Context } from "../context.js";
import { abortDue, currentExpiry, rulesOf, type Due } from "./expiry.js";

/** When the Expiration rules act on a key's current version (undefined: not current, or no rule applies). */
export function objectExpiration(ctx: S3Context, input: { Bucket: string; Key: string; VersionId?: string }): Due | undefined {
  const bucket = ctx.durable.state.buckets.get(input.Bucket);
  const current = bucket?.objects.get(input.Key);
  if (!bucket || !current) return undefined;
  if (input.VersionId !== undefined && (current.versionId ?? "null") !== input.VersionId) return undefined;
  return currentExpiry(rulesOf(bucket), current);
}

/** When an AbortIncompleteMultipartUpload rule makes an upload eligible for abort. */
export function uploadAbortDate(ctx: S3Context, input: { Bucket: string; UploadId: string }): Due | undefined {
  const bucket = ctx.durable.state.buckets.get(input.Bucket);
  const upload = bucket?.uploads.get(input.UploadId);
  if (!bucket || !upload) return undefined;
  return abortDue(rulesOf(bucket), upload);
}
