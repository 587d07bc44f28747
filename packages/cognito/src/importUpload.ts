/**
 * The upload to a user import job's PreSignedUrl ("<edge>/<poolId>/<jobId>?X-Amz-…"), answered as S3
 * answers a presigned PUT: 200 with an ETag, or an XML error (SignatureDoesNotMatch when the URL or the
 * signed x-amz-server-side-encryption header is not the one signed, AccessDenied "Request has expired"
 * past its 15 minutes, EntityTooLarge past the 100 MB a CSV file may have).
 */
import { requestId, type EdgeRequest, type EdgeResponse } from "@sam-sandbox/core";
import type { UserImportJobs, UploadResult } from "./engine/importJobs/jobs.js";
import { MAX_IMPORT_FILE_BYTES } from "./engine/importJobs/csv.js";
import { ENCRYPTION_HEADER_VALUE, PRESIGNED_URL_VALIDITY_SECONDS } from "./engine/importJobs/presign.js";

/** "/<poolId>/<jobId>" of a PreSignedUrl. */
export const IMPORT_UPLOAD_PATH = /^\/([\w-]+_[0-9A-Za-z]+)\/(import-[0-9A-Za-z-]+)$/;

// S3's texts for these refusals.
const SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you provided. Check your key and signing method.";

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

function xmlError(status: number, code: string, message: string, extra: Record<string, string | number> = {}): EdgeResponse {
  const id = requestId();
  const members = Object.entries(extra).map(([name, value]) => `<${name}>${value}</${name}>`).join("");
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>${members}<RequestId>${id}</RequestId><HostId>${id}</HostId></Error>`;
  return { status, headers: { "content-type": "application/xml", "x-amz-request-id": id }, body };
}

function answer(result: UploadResult, now: number): EdgeResponse {
  if (result.ok) {
    const headers = { etag: result.etag, "x-amz-server-side-encryption": ENCRYPTION_HEADER_VALUE, "x-amz-request-id": requestId(), "content-length": "0" };
    return { status: 200, headers, body: "" };
  }
  const refusal = result.refusal;
  switch (refusal.kind) {
    case "expired":
      return xmlError(403, "AccessDenied", "Request has expired", { "X-Amz-Expires": PRESIGNED_URL_VALIDITY_SECONDS, Expires: isoSeconds(refusal.expires), ServerTime: isoSeconds(now) });
    case "denied":
      return xmlError(403, "AccessDenied", "Access Denied");
    case "tooLarge":
      return xmlError(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", { ProposedSize: refusal.size, MaxSizeAllowed: MAX_IMPORT_FILE_BYTES });
    case "signature":
      return xmlError(403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH);
  }
}

/** Serves a PUT (curl -T) to a PreSignedUrl; any other method is not what the URL was signed for. */
export async function importUpload(jobs: UserImportJobs, req: EdgeRequest, match: RegExpExecArray, now: () => number): Promise<EdgeResponse> {
  const [, poolId, jobId] = match;
  if (req.method !== "PUT" || poolId === undefined || jobId === undefined) return answer({ ok: false, refusal: { kind: "signature" } }, now());
  const result = await jobs.upload(poolId, jobId, new URLSearchParams(req.rawQuery), req.headers, req.body);
  return answer(result, now());
}
