import type { EdgeRequest } from "@sam-sandbox/core";

/**
 * The access key of a SigV4-signed request (Authorization header or presigned query), if signed.
 * Only the signature's presence is checked: the sandbox does not verify SigV4 signatures.
 */
export function sigV4AccessKey(req: EdgeRequest): string | undefined {
  const header = /^AWS4-HMAC-SHA256 Credential=([^/]+)\//.exec(req.headers.authorization ?? "");
  if (header) return header[1];
  const query = new URLSearchParams(req.rawQuery);
  const credential = query.get("X-Amz-Credential");
  return credential && query.get("X-Amz-Signature") ? credential.split("/")[0] : undefined;
}
