/**
 * S3's place on the edge, importable without the service: the sandbox loads S3 on its first
 * request (or at start-up when the template has buckets), yet routes to it from the start.
 */
import type { AwsServiceRoute, EdgeRequest } from "@sam-sandbox/core";
import { bucketFromHost } from "./wire/address.js";
import { boundaryOf } from "./wire/formData.js";

/**
 * Unsigned requests that are S3's: a virtual-hosted Host (a browser loading
 * http://<bucket>.s3.localhost:4566/<key>), or a form upload POSTed to "/<bucket>".
 */
export function claimsUnsigned(req: EdgeRequest): boolean {
  if (bucketFromHost(req.headers.host) !== undefined) return true;
  return req.method === "POST" && /^\/[^/]+\/?$/.test(req.path) && boundaryOf(req.headers["content-type"]) !== undefined;
}

/** Signed requests by their signing name; unsigned ones by claimsUnsigned. */
export const S3_ROUTE: AwsServiceRoute = { signingNames: ["s3"], claims: claimsUnsigned };
