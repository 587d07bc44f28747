/**
 * REST API `Type: HTTP` (non-proxy) integrations: the mapped request body goes to the integration's
 * URI; its status selects the integration response, which maps the answer like any non-proxy
 * integration's. As AWS recorded it (localstack's test_apigateway_http.py [HTTP] snapshots): the
 * client's query string and headers do not pass (only RequestParameters do); the endpoint sees
 * Accept: application/json, the request's Content-Type, User-Agent AmazonAPIGateway_<api id>,
 * x-amzn-apigateway-api-id, X-Amzn-Trace-Id and X-Forwarded-*.
 */
import type { Logger } from "@sam-sandbox/core";
import type { AwsIntegrationCall } from "../aws/integration.js";
import { headerValue } from "../http/incoming.js";
import { overridden, type RequestOverride } from "../vtl/overrides.js";
import { integrationUrl, mappedHeaders } from "./uri.js";

/** The integration's answer ({ status, body, its bytes, Content-Type and headers }), or "failed" when the endpoint cannot be reached. */
export async function callHttp(
  deps: { logger: Logger },
  call: AwsIntegrationCall,
  body: string | Buffer,
  override?: RequestOverride,
): Promise<{ status: number; body: string; bytes: Buffer; contentType?: string; headers: Array<[string, string]> } | "failed"> {
  const { integration, req, ids } = call;
  let url: string;
  try {
    url = integrationUrl(integration.uri ?? "", integration.requestParameters ?? {}, call, false, override);
  } catch {
    deps.logger.warn(`API Gateway: ${call.route.routeKey} has an HTTP integration URI that is no URL: ${integration.uri ?? ""}`);
    return "failed";
  }
  const method = !integration.httpMethod || integration.httpMethod === "ANY" ? call.method : integration.httpMethod;
  const headers = new Headers({
    Accept: "application/json",
    "User-Agent": `AmazonAPIGateway_${call.api.apiId}`,
    "x-amzn-apigateway-api-id": call.api.apiId,
    "X-Amzn-Trace-Id": ids.trace,
    "X-Forwarded-For": req.sourceIp ?? "127.0.0.1",
    "X-Forwarded-Proto": "http",
  });
  const contentType = headerValue(call.headers, "content-type");
  if (contentType !== undefined) headers.set("Content-Type", contentType);
  for (const [name, value] of mappedHeaders(integration.requestParameters ?? {}, call)) headers.set(name, value);
  // $context.requestOverride.header.<name> replaces the mapped header.
  if (override) for (const [name, value] of overridden(override.header)) headers.set(name, value);
  try {
    const payload = typeof body === "string" ? body : new Uint8Array(body);
    const res = await fetch(url, { method, headers, body: method === "GET" || method === "HEAD" || body.length === 0 ? undefined : payload, redirect: "manual" });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: bytes.toString("utf8"), bytes, contentType: res.headers.get("content-type") ?? undefined, headers: [...res.headers] };
  } catch (error) {
    deps.logger.warn(`API Gateway could not reach ${url} for ${call.route.routeKey}: ${error instanceof Error ? error.message : String(error)}`);
    return "failed";
  }
}
