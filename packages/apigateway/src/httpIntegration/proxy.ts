/**
 * REST API `Type: HTTP_PROXY` integrations: the request goes on to the integration's URI (its
 * {variables} and added query string and header parameters from RequestParameters), the
 * endpoint's answer comes back as it is. What AWS recorded (localstack's test_apigateway_http.py
 * snapshots): the client's headers and query string pass, with x-amzn-apigateway-api-id,
 * X-Amzn-Trace-Id and X-Forwarded-* added; the endpoint's status passes unchanged; its headers
 * pass, except those API Gateway writes itself (Connection, Content-Length, Date,
 * x-amzn-RequestId, …), which come back renamed x-amzn-Remapped-<Name>.
 */
import type { Clock, EdgeResponse, Logger } from "@sam-sandbox/core";
import type { AwsIntegrationCall } from "../aws/integration.js";
import { EndpointRequestTimedOut, NoOutputMapping } from "../errors.js";
import { REPLACED_REQUEST_HEADERS } from "../http/incoming.js";
import { REMAPPED_RESPONSE_HEADERS } from "../http/outgoing.js";
import { withIntegrationTimeout } from "../integrationTimeout.js";
import { REST_API_INTEGRATION_TIMEOUT_MS } from "../limits.js";
import { finish, gatewayError } from "../respond.js";
import { integrationUrl, mappedHeaders } from "./uri.js";

/** Request headers the gateway does not forward: hop-by-hop, the ones it sets itself, and those fetch computes. */
const NOT_FORWARDED = new Set([...REPLACED_REQUEST_HEADERS, "host", "content-length", "transfer-encoding", "upgrade", "expect", "te", "trailer"]);


/** Response headers that do not travel on: hop-by-hop, and the encoding fetch already undid. */
const DROPPED = new Set(["transfer-encoding", "keep-alive", "content-encoding"]);

const NO_BODY_METHODS = new Set(["GET", "HEAD"]);

export interface HttpProxyDeps {
  clock: Clock;
  logger: Logger;
}

export async function serveHttpProxy(deps: HttpProxyDeps, call: AwsIntegrationCall): Promise<EdgeResponse> {
  const { integration, ids, req } = call;
  let url: string;
  try {
    url = integrationUrl(integration.uri ?? "", integration.requestParameters ?? {}, call, true);
  } catch {
    // "Execution failed due to configuration error: Invalid endpoint address": a 500.
    deps.logger.warn(`API Gateway: ${call.route.routeKey} has an HTTP_PROXY URI that is no URL: ${integration.uri ?? ""}`);
    return gatewayError(new NoOutputMapping(), "rest", ids);
  }
  const method = !integration.httpMethod || integration.httpMethod.toUpperCase() === "ANY" ? call.method : integration.httpMethod.toUpperCase();
  const headers = new Headers();
  for (const [name, value] of call.headers) if (!NOT_FORWARDED.has(name.toLowerCase())) headers.append(name, value);
  for (const [name, value] of mappedHeaders(integration.requestParameters ?? {}, call)) headers.set(name, value);
  headers.set("x-amzn-apigateway-api-id", call.api.apiId);
  headers.set("X-Amzn-Trace-Id", ids.trace);
  headers.set("X-Forwarded-For", req.sourceIp ?? "127.0.0.1");
  headers.set("X-Forwarded-Port", /:(\d+)$/.exec(req.headers.host ?? "")?.[1] ?? "80");
  headers.set("X-Forwarded-Proto", "http");

  const abort = new AbortController();
  const answer = fetch(url, { method, headers, body: NO_BODY_METHODS.has(method) || req.body.length === 0 ? undefined : new Uint8Array(req.body), signal: abort.signal, redirect: "manual" }).then(
    async (res) => ({ res, body: Buffer.from(await res.arrayBuffer()) }),
    (error: unknown) => {
      deps.logger.warn(`API Gateway could not reach ${url} for ${call.route.routeKey}: ${error instanceof Error ? error.message : String(error)}`);
      return "failed" as const;
    },
  );
  const outcome = await withIntegrationTimeout(deps, answer, call.route.route.timeoutMs ?? REST_API_INTEGRATION_TIMEOUT_MS, url, call.route.routeKey);
  if (outcome === "timeout") {
    abort.abort();
    return gatewayError(new EndpointRequestTimedOut(), "rest", ids);
  }
  // "Execution failed due to configuration error: Invalid endpoint address": a 500.
  if (outcome === "failed") return gatewayError(new NoOutputMapping(), "rest", ids);

  const pairs: Array<[string, string]> = [];
  for (const [name, value] of outcome.res.headers) {
    const lower = name.toLowerCase();
    if (DROPPED.has(lower)) continue;
    pairs.push([REMAPPED_RESPONSE_HEADERS.has(lower) ? `x-amzn-Remapped-${name}` : name, value]);
  }
  return finish("rest", outcome.res.status, pairs, outcome.body, ids);
}
