/**
 * Conditional requests (RFC 7232, as S3 applies them to GetObject / HeadObject, to conditional
 * writes and, with the x-amz-copy-source- prefix, to CopyObject's source).
 */
import { S3Error, preconditionFailed } from "../errors.js";

export interface Conditions {
  ifMatch?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  ifUnmodifiedSince?: string;
}

/** A 304 names the object it stands for: its ETag and Last-Modified (ceph s3-tests, as HTTP requires). */
export const notModified = (etag: string, lastModified: number) =>
  new S3Error("NotModified", "Not Modified", 304, {}, { etag, "last-modified": new Date(lastModified).toUTCString() });

/** Whether an If-Match / If-None-Match list names `etag` (quoted or not; "*" names any). */
export function etagMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/"/g, "");
  return header.split(",").some((candidate) => {
    const c = candidate.trim().replace(/^W\//, "").replace(/"/g, "");
    return c === "*" || c === bare;
  });
}

/** Seconds since the epoch of an HTTP date, undefined when it does not parse (S3 then ignores it). */
function seconds(date: string | undefined): number | undefined {
  if (date === undefined) return undefined;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

/**
 * Throws PreconditionFailed (412) or NotModified (304) as S3 does for a read. If-Match holding
 * overrides a failed If-Unmodified-Since; If-None-Match failing overrides If-Modified-Since.
 */
export function checkReadConditions(c: Conditions, etag: string, lastModified: number, now: number, prefix = ""): void {
  const modified = Math.floor(lastModified / 1000);
  if (c.ifMatch !== undefined) {
    if (!etagMatches(c.ifMatch, etag)) throw preconditionFailed(`${prefix}If-Match`);
  } else {
    const since = seconds(c.ifUnmodifiedSince);
    if (since !== undefined && modified > since) throw preconditionFailed(`${prefix}If-Unmodified-Since`);
  }
  if (c.ifNoneMatch !== undefined) {
    if (etagMatches(c.ifNoneMatch, etag)) throw notModified(etag, lastModified);
  } else {
    const since = seconds(c.ifModifiedSince);
    // A date past the server's time is invalid and ignored (RFC 7232 3.3; AWS-recorded for copy sources).
    if (since !== undefined && since <= Math.floor(now / 1000) && modified <= since) throw notModified(etag, lastModified);
  }
}

/** CopyObject's source conditions: every failure is a 412 naming its x-amz-copy-source- header. */
export function checkCopySourceConditions(c: Conditions, etag: string, lastModified: number, now: number): void {
  try {
    checkReadConditions(c, etag, lastModified, now, "x-amz-copy-source-");
  } catch (error) {
    if (error instanceof S3Error && error.code === "NotModified") {
      throw preconditionFailed(c.ifNoneMatch !== undefined ? "x-amz-copy-source-If-None-Match" : "x-amz-copy-source-If-Modified-Since");
    }
    throw error;
  }
}
