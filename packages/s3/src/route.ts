/**
 * S3's place on the edge, importable without the service: the sandbox loads S3 on its first
 * request (or at start-up when the template has buckets), yet routes to it from the start.
 */
import { presignedScope, signingNameOf, type AwsServiceRoute, type EdgeRequest } from "@sam-sandbox/core";
import { isValidBucketName } from "./engine/names.js";
import { bucketFromHost } from "./wire/address.js";
import { boundaryOf } from "./wire/formData.js";

/** S3's signature version 2 header (`AWS <AccessKeyId>:<Signature>`): no other AWS API signs that way. */
const SIGV2_AUTHORIZATION = /^AWS [^\s:]+:\S+$/;

/**
 * Requests that are S3's without a SigV4 scope: a virtual-hosted Host (a browser loading
 * http://<bucket>.s3.localhost:4566/<key>), a form upload POSTed to "/<bucket>", or a SigV2
 * signature (`s3cmd --signature-v2 ls` lists buckets with GET /).
 */
export function claimsUnsigned(req: EdgeRequest): boolean {
  if (bucketFromHost(req.headers.host) !== undefined) return true;
  if (SIGV2_AUTHORIZATION.test(req.headers.authorization ?? "")) return true;
  return req.method === "POST" && /^\/[^/]+\/?$/.test(req.path) && boundaryOf(req.headers["content-type"]) !== undefined;
}

/**
 * An unsigned path-style request no other service took, as a browser sends for an object
 * URL (GET http://127.0.0.1:4566/<bucket>/<key>): its first segment names a bucket.
 */
export function takesUnrouted(req: EdgeRequest): boolean {
  if (req.headers["x-amz-target"] !== undefined) return false;
  // Signed for another service the sandbox lacks (AppConfig's POST /configurationsessions):
  // the edge's UnknownOperationException names it, where S3 would answer XML the client cannot parse.
  if (signingNameOf(req.headers.authorization) !== undefined || presignedScope(req.rawQuery) !== undefined) return false;
  const slash = req.path.indexOf("/", 1);
  const first = slash < 0 ? req.path.slice(1) : req.path.slice(1, slash);
  return isValidBucketName(first);
}

/** Signed requests by their signing name; unsigned ones by claimsUnsigned, then takesUnrouted. */
export const S3_ROUTE: AwsServiceRoute = { signingNames: ["s3"], claims: claimsUnsigned, fallback: takesUnrouted, ownsCors: true };
