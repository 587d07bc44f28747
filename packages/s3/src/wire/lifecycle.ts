/**
 * Lifecycle response headers: x-amz-expiration on object writes and reads
 * (`expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="picture-deletion-rule"`, the rule id
 * URL-encoded: GetObject/HeadObject/PutObject "Expiration"), and x-amz-abort-date /
 * x-amz-abort-rule-id on CreateMultipartUpload and ListParts.
 */
import type { S3Engine } from "../engine/engine.js";
import { httpDate } from "./headers.js";

export function expirationHeader(engine: S3Engine, input: { Bucket: string; Key: string; VersionId?: string }): Record<string, string> {
  const due = engine.objectExpiration(input);
  if (!due) return {};
  return { "x-amz-expiration": `expiry-date="${httpDate(due.at)}", rule-id="${encodeURIComponent(due.ruleId)}"` };
}

export function abortHeaders(engine: S3Engine, input: { Bucket: string; UploadId: string }): Record<string, string> {
  const due = engine.uploadAbortDate(input);
  if (!due) return {};
  return { "x-amz-abort-date": httpDate(due.at), "x-amz-abort-rule-id": due.ruleId };
}
