/**
 * REST API `Type: AWS` integrations to S3 by path (`arn:aws:apigateway:<region>:s3:path/<bucket>/<key>`,
 * API Gateway as an S3 proxy): the integration's HTTP method names the object operation (GET
 * GetObject, PUT PutObject, DELETE DeleteObject, HEAD HeadObject; ANY: the request's own), the
 * path's {variables} are filled from integration.request.path.* parameters (or the template's
 * $context.requestOverride.path), integration.request.header.Content-Type is the object's type.
 * S3's answer passes on as S3 sent it: the object's bytes, or S3's XML error document, whose
 * status selects the integration response (localstack's test_apigateway_s3.py, recorded on AWS:
 * a GET of a deleted object answers the default 200 response with <Error><Code>NoSuchKey</Code>…).
 */
import { randomBytes } from "node:crypto";
import { type AwsDispatcher, escapeXml, isAwsError, type Logger } from "@sam-sandbox/core";
import { headerValue } from "../http/incoming.js";
import { mappedHeaders, mappedPath } from "../httpIntegration/uri.js";
import { overridden, type RequestOverride } from "../vtl/overrides.js";
import type { AwsIntegrationCall } from "./integration.js";

export type S3Answer = { status: number; body: string; bytes: Buffer; contentType?: string; headers: Array<[string, string]> } | "failed";

const OPERATIONS: Record<string, string> = { GET: "GetObject", PUT: "PutObject", DELETE: "DeleteObject", HEAD: "HeadObject" };

/** The object's bucket and key: the integration's path with its {variables} filled. */
function objectOf(call: AwsIntegrationCall, override?: RequestOverride): { bucket: string; key: string } {
  const values = new Map([...mappedPath(call.integration.requestParameters ?? {}, call), ...(override ? overridden(override.path) : [])]);
  const path = (call.integration.path ?? "").replace(/\{([^{}]+?)\+?\}/g, (_variable, name: string) => values.get(name) ?? "");
  const slash = path.indexOf("/");
  return slash < 0 ? { bucket: path, key: "" } : { bucket: path.slice(0, slash), key: path.slice(slash + 1) };
}

/** S3's error document: <Error><Code/><Message/>, the members naming what is missing, <RequestId/><HostId/>. */
function errorDocument(code: string, message: string, extra: Record<string, string>): string {
  let members = "";
  for (const [name, value] of Object.entries(extra)) members += `<${name}>${escapeXml(value)}</${name}>`;
  const requestId = randomBytes(8).toString("hex").toUpperCase();
  const hostId = randomBytes(48).toString("base64");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>${members}<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`;
}

function xmlAnswer(status: number, document: string): S3Answer {
  const bytes = Buffer.from(document);
  return { status, body: document, bytes, contentType: "application/xml", headers: [["Content-Type", "application/xml"]] };
}

export async function callS3(deps: { dispatcher?: AwsDispatcher; logger: Logger }, call: AwsIntegrationCall, body: string | Buffer, override?: RequestOverride): Promise<S3Answer> {
  const { bucket, key } = objectOf(call, override);
  const method = !call.integration.httpMethod || call.integration.httpMethod === "ANY" ? call.method : call.integration.httpMethod.toUpperCase();
  const operation = OPERATIONS[method];
  if (key === "" || !deps.dispatcher) {
    deps.logger.warn(`API Gateway: ${call.route.routeKey}'s S3 integration ${key === "" ? `names no object key (path/${call.integration.path ?? ""}); only object operations are emulated` : "has no dispatcher to reach S3"}`);
    return "failed";
  }
  if (operation === undefined) {
    // S3's answer to a method an object does not take (S3 error codes: MethodNotAllowed, 405).
    return xmlAnswer(405, errorDocument("MethodNotAllowed", "The specified method is not allowed against this resource.", { Method: method, ResourceType: "OBJECT" }));
  }
  const input: Record<string, unknown> = { Bucket: bucket, Key: key };
  if (operation === "PutObject") {
    input.Body = typeof body === "string" ? Buffer.from(body) : body;
    const headers = new Map(mappedHeaders(call.integration.requestParameters ?? {}, call).map(([name, value]) => [name.toLowerCase(), value]));
    if (override) for (const [name, value] of overridden(override.header)) headers.set(name.toLowerCase(), value);
    const contentType = headers.get("content-type") ?? headerValue(call.headers, "content-type");
    if (contentType !== undefined) input.ContentType = contentType;
  }
  try {
    const out = await deps.dispatcher.call("s3", operation, input, { traceHeader: call.ids.trace, binary: true });
    const headers: Array<[string, string]> = [];
    if (typeof out.ETag === "string") headers.push(["ETag", out.ETag]);
    const contentType = typeof out.ContentType === "string" ? out.ContentType : undefined;
    if (contentType !== undefined) headers.push(["Content-Type", contentType]);
    const bytes = Buffer.isBuffer(out.Body) ? out.Body : Buffer.from(typeof out.Body === "string" ? out.Body : "");
    return { status: operation === "DeleteObject" ? 204 : 200, body: bytes.toString("utf8"), bytes, contentType, headers };
  } catch (error) {
    if (!isAwsError(error)) {
      deps.logger.warn(`API Gateway could not call S3 ${operation} for ${call.route.routeKey}: ${error instanceof Error ? error.message : String(error)}`);
      return "failed";
    }
    if (method === "HEAD") return { status: error.statusCode, body: "", bytes: Buffer.alloc(0), headers: [] };
    const extra: Record<string, string> = error.code === "NoSuchKey" ? { Key: key } : error.code === "NoSuchBucket" ? { BucketName: bucket } : {};
    return xmlAnswer(error.statusCode, errorDocument(error.code, error.message, extra));
  }
}
