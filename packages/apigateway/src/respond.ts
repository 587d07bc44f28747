/**
 * Building API Gateway's responses: its own headers on an integration's answer, and its
 * own error answers ("gateway responses"), for HTTP APIs and REST APIs.
 */
import { performance } from "node:perf_hooks";
import type { EdgeRequest, EdgeResponse, EventBus } from "@sam-sandbox/core";
import { type GatewayResponse, InternalServerError, InternalServerErrorRest } from "./errors.js";
import { carriable, isFinalStatus } from "./http/outgoing.js";

/** The ids one request carries, in its event and its response headers. */
export interface RequestIds {
  /** Short id: HTTP APIs' requestId, REST APIs' extendedRequestId. */
  apigw: string;
  /** REST APIs' requestId (x-amzn-RequestId). */
  rest: string;
  /** X-Amzn-Trace-Id, from the client or created here. */
  trace: string;
}

/**
 * Publishes a served request's `request` event (the terminal's log line), for an API or a
 * function URL; built only for a listener: most requests under load have none.
 */
export function publishRequest(events: EventBus | undefined, req: EdgeRequest, status: number, started: number): void {
  if (!events || events.listenerCount("request") === 0) return;
  events.emit("request", {
    source: "api",
    method: req.method,
    path: req.rawQuery ? `${req.path}?${req.rawQuery}` : req.path,
    status,
    durationMs: performance.now() - started,
  });
}

/** Headers the function may not set: the gateway owns the connection and the length. */
const HOP_BY_HOP = new Set(["connection", "content-length", "transfer-encoding", "keep-alive"]);

/** A function's response headers without the hop-by-hop ones (API Gateway's and function URLs' front ends). */
export function withoutHopByHop(pairs: Array<[string, string]>): Array<[string, string]> {
  return pairs.filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase()));
}

/**
 * Adds API Gateway's own response headers and builds the EdgeResponse. A REST API's MOCK
 * integration answers without X-Amzn-Trace-Id (`traced` false), as AWS recorded it
 * (localstack test_invocation_trace_id snapshot: "normal-req-headers-MOCK").
 */
export function finish(kind: "http" | "rest", status: number, pairs: Array<[string, string]>, body: Buffer, ids: RequestIds, traced = true): EdgeResponse {
  // An answer HTTP cannot carry (a template's override header with CR LF, a 1xx status) is the
  // integration's failure, as a malformed Lambda proxy response is: 502 on REST APIs, 500 on HTTP APIs.
  if (!isFinalStatus(status) || !carriable(pairs)) return gatewayError(kind === "rest" ? new InternalServerErrorRest() : new InternalServerError(), kind, ids);
  const all = withoutHopByHop(pairs);
  if (status !== 204 && status !== 304) all.push(["content-length", String(body.length)]);
  if (kind === "http") all.push(["apigw-requestid", ids.apigw]);
  else {
    all.push(["x-amzn-RequestId", ids.rest], ["x-amz-apigw-id", ids.apigw]);
    if (traced) all.push(["X-Amzn-Trace-Id", ids.trace]);
  }
  return toEdgeResponse(status, all, body);
}

/** The gateway response each REST error answer was built from, for the API's customizations (gatewayResponses.ts). */
const ANSWERED = new WeakMap<EdgeResponse, GatewayResponse>();

/** The gateway response a REST API answered with, undefined for any other answer. */
export function answeredGatewayResponse(response: EdgeResponse): GatewayResponse | undefined {
  return ANSWERED.get(response);
}

/** API Gateway's own error response ("gateway response"). */
export function gatewayError(error: GatewayResponse, kind: "http" | "rest", ids: RequestIds): EdgeResponse {
  const response = defaultGatewayError(error, kind, ids);
  if (error.responseType !== undefined) ANSWERED.set(response, error);
  return response;
}

function defaultGatewayError(error: GatewayResponse, kind: "http" | "rest", ids: RequestIds): EdgeResponse {
  const headers: Array<[string, string]> = [];
  if (error.contentType) headers.push(["content-type", error.contentType]);
  const body = Buffer.from(error.body);
  headers.push(["content-length", String(body.length)]);
  if (kind === "http") headers.push(["apigw-requestid", ids.apigw]);
  else {
    headers.push(["x-amzn-RequestId", ids.rest]);
    if (error.errorTypeHeader) headers.push(["x-amzn-ErrorType", error.code]);
    headers.push(["x-amz-apigw-id", ids.apigw]);
  }
  return toEdgeResponse(error.statusCode, headers, body);
}

export function toEdgeResponse(status: number, pairs: Array<[string, string]>, body: Buffer): EdgeResponse {
  // Most answers repeat no header name: then one object, without grouping them by name
  // (~0.15 µs per request of API Gateway's path).
  const names = new Set<string>();
  for (const pair of pairs) names.add(pair[0].toLowerCase());
  if (names.size === pairs.length) {
    const headers: Record<string, string> = {};
    for (const [name, value] of pairs) headers[name] = value;
    return { status, headers, body };
  }
  const groups = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const group = groups.get(key);
    if (group) group.values.push(value);
    else groups.set(key, { name, values: [value] });
  }
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const { name, values } of groups.values()) {
    if (values.length === 1) headers[name] = values[0];
    else multiValueHeaders[name] = values;
  }
  return Object.keys(multiValueHeaders).length > 0 ? { status, headers, body, multiValueHeaders } : { status, headers, body };
}
