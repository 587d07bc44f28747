/**
 * A user import job's PreSignedUrl. AWS's is an S3 URL
 * (https://aws-cognito-idp-user-import-pdx.s3.us-west-2.amazonaws.com/<account>/<poolId>/<jobId>?X-Amz-…,
 * the awscli example of start-user-import-job) signed for the headers "host;x-amz-server-side-encryption",
 * valid for 15 minutes (developer guide, "Creating a user import job"). The sandbox's points at its own
 * edge, "<edge>/<poolId>/<jobId>?X-Amz-…" with a credential scope of cognito-idp, so that the guide's
 * `curl -T users.csv -H "x-amz-server-side-encryption:aws:kms" "<PreSignedUrl>"` reaches it; the
 * signature is an HMAC under a secret kept with the job.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { ImportJob } from "./state.js";

export const PRESIGNED_URL_VALIDITY_SECONDS = 15 * 60;
export const SIGNED_HEADERS = "host;x-amz-server-side-encryption";
/** The value the guide's curl sends; a signed header must come with the value it was signed with. */
export const ENCRYPTION_HEADER_VALUE = "aws:kms";

/** "20241226T193341Z" */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

function signature(job: ImportJob): string {
  return createHmac("sha256", job.uploadKey).update(`${job.poolId}/${job.jobId}\n${amzDate(job.signedAt)}`).digest("hex");
}

export function presignedUrl(base: string, job: ImportJob, region: string, accountId: string): string {
  const date = amzDate(job.signedAt);
  const query = new URLSearchParams({
    "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
    "X-Amz-Date": date,
    "X-Amz-SignedHeaders": SIGNED_HEADERS,
    "X-Amz-Expires": String(PRESIGNED_URL_VALIDITY_SECONDS),
    "X-Amz-Credential": `${accountId}/${date.slice(0, 8)}/${region}/cognito-idp/aws4_request`,
    "X-Amz-Signature": signature(job),
  });
  return `${base}/${job.poolId}/${job.jobId}?${query.toString()}`;
}

/** Why an upload to the URL is refused, as S3 refuses a presigned PUT. */
export type UploadRefusal = { kind: "signature" } | { kind: "expired"; expires: number } | { kind: "denied" };

/** Checks a PUT against the job's URL: its signature, the signed encryption header, its expiry, the job's state. */
export function checkUpload(job: ImportJob | undefined, query: URLSearchParams, headers: Record<string, string>, now: number): UploadRefusal | undefined {
  const given = Buffer.from(query.get("X-Amz-Signature") ?? "");
  const expected = job ? Buffer.from(signature(job)) : Buffer.alloc(0);
  if (!job || given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: "signature" };
  if (headers["x-amz-server-side-encryption"] !== ENCRYPTION_HEADER_VALUE) return { kind: "signature" };
  const expires = job.signedAt + PRESIGNED_URL_VALIDITY_SECONDS * 1000;
  if (now > expires) return { kind: "expired", expires };
  // AWS deletes a job's data once it has run (or expired): its upload place is gone.
  if (job.status !== "Created") return { kind: "denied" };
  return undefined;
}
