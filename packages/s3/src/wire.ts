/**
 * S3 on the wire: restXml. A request names its bucket by Host (virtual-hosted style) or by
 * the first path segment (path style); its action comes from the method, the query's
 * subresources and a few headers (wire/route.ts). Bodies may be aws-chunked. Errors are
 * <Error><Code/><Message/>…<RequestId/><HostId/></Error>, and bodiless for HEAD.
 */
import { AwsError, TRACE_HEADER, hex, presignedScope, signingRegionOf, type Clock, type EdgeRequest, type EdgeResponse, type Logger } from "@sam-sandbox/core";
import type { S3Engine } from "./engine/engine.js";
import { S3Error, internalError, methodNotAllowed, noSuchBucket, notEmulated, preconditionFailed } from "./errors.js";
import { addressOf } from "./wire/address.js";
import * as bucketActions from "./wire/buckets.js";
import * as notificationActions from "./wire/notifications.js";
import { DeleteBucketCors, GetBucketCors, PutBucketCors, preflight } from "./wire/cors.js";
import * as configActions from "./wire/configs.js";
import * as aclActions from "./wire/acl.js";
import { corsResponseHeaders } from "./engine/cors.js";
import type { ActionHandler, S3Call } from "./wire/call.js";
import { checkDecodedLength, decodeAwsChunked, isAwsChunked } from "./wire/chunked.js";
import * as listActions from "./wire/list.js";
import * as multipartActions from "./wire/multipart.js";
import * as objectActions from "./wire/objects.js";
import { boundaryOf } from "./wire/formData.js";
import { PostObject } from "./wire/postObject.js";
import { SelectObjectContent } from "./wire/select.js";
import * as taggingActions from "./wire/tagging.js";
import { routeOf } from "./wire/route.js";
import { checkKey } from "./engine/lookup.js";
import { headerSafe } from "./wire/headers.js";
import { escapeXml } from "./wire/xml.js";
import { checkPresignedExpiry } from "./wire/presigned.js";
import { withS3Request } from "./engine/requestContext.js";

/** AWS action name → handler. */
const ACTIONS: Record<string, ActionHandler> = { PutBucketCors, GetBucketCors, DeleteBucketCors, ...configActions, ...aclActions, ...bucketActions, ...notificationActions, ...listActions, ...objectActions, ...taggingActions, ...multipartActions, SelectObjectContent };

/** The actions of AWS's model the sandbox serves, sorted. */
export const S3_ACTIONS = Object.keys(ACTIONS).sort();

/** Browser form uploads: not an action of the model, a POST to the bucket with a form body. */
const FORM_ACTIONS: Record<string, ActionHandler> = { PostObject };

function isPostObject(req: EdgeRequest, level: string): boolean {
  return req.method === "POST" && level === "bucket" && boundaryOf(req.headers["content-type"]) !== undefined;
}

export function createS3Wire(engine: S3Engine, options: { logger: Logger; region: string; wallClock: Clock }) {
  const errorResponse = (req: EdgeRequest, id: string, error: AwsError): EdgeResponse => {
    const headers: Record<string, string> = { ...(error instanceof S3Error ? error.headers : {}), "x-amz-request-id": id, "x-amz-id-2": hostId() };
    if (req.method === "HEAD" || error.statusCode === 304) {
      return { status: error.statusCode, headers: error.statusCode === 304 ? headers : { ...headers, "content-length": "0" }, body: "" };
    }
    let extra = "";
    for (const [name, value] of Object.entries(error.extra)) extra += `<${name}>${escapeXml(String(value))}</${name}>`;
    const body =
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
      `${extra}<RequestId>${id}</RequestId><HostId>${headers["x-amz-id-2"]}</HostId></Error>`;
    return { status: error.statusCode, headers: { ...headers, "content-type": "application/xml" }, body };
  };

  /** A cross-origin request (one with an Origin) gets the headers of the bucket's first matching CORS rule. */
  const withCors = (req: EdgeRequest, res: EdgeResponse): EdgeResponse => {
    const origin = req.headers.origin;
    if (origin === undefined || req.method === "OPTIONS") return res;
    const address = addressOf(req.headers.host, req.path);
    if (address?.bucket === undefined) return res;
    const request = { method: req.headers["access-control-request-method"], requestHeaders: req.headers["access-control-request-headers"] };
    Object.assign(res.headers, corsResponseHeaders(engine.corsRulesOf(address.bucket), origin, req.method, request));
    return res;
  };

  return async function handle(req: EdgeRequest): Promise<EdgeResponse> {
    return withCors(req, await answer(req));
  };

  async function answer(req: EdgeRequest): Promise<EdgeResponse> {
    const id = hex(8).toUpperCase();
    const host = hostId();
    try {
      const query = new URLSearchParams(req.rawQuery);
      // Object Lambda's callback, sent to its own host prefix: no bucket is involved.
      if (req.method === "POST" && req.path === "/WriteGetObjectResponse") throw notEmulated("WriteGetObjectResponse");
      const address = addressOf(req.headers.host, req.path);
      if (!address) throw new S3Error("InvalidURI", "Couldn't parse the specified URI.", 400, { URI: req.path });
      const level = address.bucket === undefined ? "service" : address.key === undefined ? "bucket" : "object";
      // A browser's preflight: answered from the bucket's CORS rules, never an action.
      if (req.method === "OPTIONS" && address.bucket !== undefined) {
        const headers = preflight(engine, req, address.bucket, level === "object" ? "OBJECT" : "BUCKET");
        return { status: 200, headers: { ...headers, "content-length": "0", "x-amz-request-id": id, "x-amz-id-2": hostId() }, body: "" };
      }
      // A preflight is not authenticated; the request it clears is (an expired URL fails there).
      const now = options.wallClock.now();
      checkPresignedExpiry(query, now);
      const action = isPostObject(req, level) ? "PostObject" : routeOf(req.method, level, query, req.headers);
      // A POST to a bucket that names no subresource is a form upload, whatever its content type
      // (AWS-recorded: LocalStack test_s3.snapshot.json test_post_object_with_wrong_content_type).
      if (action === undefined && req.method === "POST" && level === "bucket") throw preconditionFailed("Bucket POST must be of the enclosure-type multipart/form-data");
      if (action === undefined) throw methodNotAllowed(req.method, level === "service" ? "SERVICE" : level === "bucket" ? "BUCKET" : "OBJECT");
      const handler = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : Object.hasOwn(FORM_ACTIONS, action) ? FORM_ACTIONS[action] : undefined;
      if (!handler) {
        // An action the sandbox does not emulate still names a missing bucket first (AWS-recorded: test_bucket_availability).
        if (address.bucket !== undefined && !engine.hasBucket(address.bucket)) throw noSuchBucket(address.bucket);
        throw notEmulated(action);
      }
      // Every object request, reads too: S3 answers a key past 1,024 bytes with KeyTooLongError, not NoSuchKey.
      if (address.key !== undefined) checkKey(address.key);
      let body = req.body;
      let trailers: Record<string, string> = {};
      if (body.length > 0 && isAwsChunked(req.headers)) {
        ({ body, trailers } = decodeAwsChunked(body));
        checkDecodedLength(req.headers, body);
      }
      const call: S3Call = {
        engine,
        req,
        query,
        bucket: address.bucket ?? "",
        key: address.key ?? "",
        body,
        trailers,
        region: signingRegionOf(req.headers.authorization) ?? presignedScope(req.rawQuery)?.region ?? options.region,
        now,
      };
      const request = { requestId: id, hostId: host, ...(req.sourceIp === undefined ? {} : { sourceIp: req.sourceIp }), ...(req.headers[TRACE_HEADER] === undefined ? {} : { traceHeader: req.headers[TRACE_HEADER] }) };
      const res = await withS3Request(request, () => handler(call));
      headerSafe(res.headers);
      res.headers["x-amz-request-id"] = id;
      res.headers["x-amz-id-2"] = host;
      return res;
    } catch (error) {
      if (error instanceof AwsError) return errorResponse(req, id, error);
      options.logger.error(`S3: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return errorResponse(req, id, internalError());
    }
  }
}

function hostId(): string {
  return Buffer.from(hex(48), "hex").toString("base64");
}
