/**
 * HTTP API (v2) `HTTP_PROXY` integrations ("Create HTTP proxy integrations for HTTP APIs"):
 * API Gateway passes the entire request and response between the client and the endpoint.
 * The IntegrationUri's {variables} take the route's path variables ({proxy} the greedy
 * {proxy+}'s value); the request's method (IntegrationMethod unless ANY), query string, headers
 * (hop-by-hop ones dropped, Host the endpoint's) and body bytes go on, after the route's
 * RequestParameters ("Transform API requests and responses for HTTP APIs": overwrite:path
 * replaces the endpoint URL's path); the endpoint's status, headers and body come back as they
 * are, after its ResponseParameters. An unreachable endpoint answers 500, a timeout 504.
 */
import { httpSend, type Clock, type EdgeResponse, type Logger } from "@sam-sandbox/core";
import type { HttpProxyIntegration } from "../config.js";
import { applyHttpCors } from "../cors.js";
import { HttpIntegrationTimedOut, InternalServerError } from "../errors.js";
import { headerValue, REPLACED_REQUEST_HEADERS } from "../http/incoming.js";
import { authorizerContext, type MappedRequest, mapRequest, mapResponse } from "../http/parameterMapping.js";
import type { MappedResponse } from "../http/outgoing.js";
import { withIntegrationTimeout } from "../integrationTimeout.js";
import { HTTP_API_INTEGRATION_TIMEOUT_MS } from "../limits.js";
import { finish, gatewayError } from "../respond.js";
import { mappingSource, type StepFunctionsCall } from "../stepfunctions/integration.js";

/** The gateway's address in Forwarded's by= (on AWS one of its own IPs): the sandbox is local. */
const GATEWAY_ADDRESS = "127.0.0.1";

/** Request headers that stop at the gateway: hop-by-hop, the forwarding ones it writes itself, and those the connection to the endpoint owns. */
const NOT_FORWARDED = new Set([...REPLACED_REQUEST_HEADERS, "host", "content-length", "transfer-encoding", "upgrade", "expect", "te", "trailer", "forwarded", "via"]);

/** Response headers that do not travel on: hop-by-hop, and the length the gateway writes itself. */
const NOT_RETURNED = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "upgrade", "trailer", "proxy-connection"]);

export interface HttpApiProxyDeps {
  clock: Clock;
  logger: Logger;
  integrationTimeouts?: boolean;
  accountId: string;
  region: string;
}

export type HttpApiProxyCall = Omit<StepFunctionsCall, "integration"> & { integration: HttpProxyIntegration };

export async function serveHttpApiProxy(deps: HttpApiProxyDeps, call: HttpApiProxyCall): Promise<EdgeResponse> {
  const { integration, ids, req, api } = call;
  const mapping = call.route.route.parameterMapping;
  // Parameter mapping values read the request as received, $context (with $context.authorizer) and $stageVariables.
  const source = mapping ? mappingSource(deps, call) : undefined;
  if (source) Object.assign(source.context, authorizerContext(call.authorizer));
  const received: MappedRequest = { headers: call.headers, rawQuery: req.rawQuery, path: call.path };
  const request = mapping?.request && source ? mapRequest(mapping.request, received, source) : received;
  const url = endpointUrl(integration.uri, call, request);
  if (!url) {
    deps.logger.warn(`API Gateway: ${call.route.routeKey} has an HTTP_PROXY IntegrationUri that is no URL: ${integration.uri}`);
    return gatewayError(new InternalServerError(), "http", ids);
  }
  const method = !integration.method || integration.method.toUpperCase() === "ANY" ? call.method : integration.method.toUpperCase();
  const headers: Array<[string, string]> = request.headers.filter(([name]) => !NOT_FORWARDED.has(name.toLowerCase()));
  const host = headerValue(call.headers, "host");
  // What AWS adds (an endpoint's view, expressjs/session#886): "forwarded: by=<gateway>;for=<client>;host=<api host>;proto=https" and "via: HTTP/1.1 AmazonAPIGateway".
  const forwarded = `by=${GATEWAY_ADDRESS};for=${req.sourceIp ?? "127.0.0.1"};${host ? `host=${host};` : ""}proto=http`;
  headers.push(["X-Amzn-Trace-Id", ids.trace], ["Forwarded", forwarded], ["Via", "HTTP/1.1 AmazonAPIGateway"]);

  const abort = new AbortController();
  const sent = send(url, method, headers, req.body, abort.signal).catch((error: unknown) => {
    // Aborted after the timeout, which is logged already.
    if (!abort.signal.aborted) deps.logger.warn(`API Gateway could not reach ${url.href} for ${call.route.routeKey}: ${error instanceof Error ? error.message : String(error)}`);
    return "failed" as const;
  });
  const timeoutMs = call.route.route.timeoutMs ?? HTTP_API_INTEGRATION_TIMEOUT_MS;
  const outcome = await withIntegrationTimeout(deps, sent, timeoutMs, url.href, call.route.routeKey);
  if (outcome === "timeout") {
    abort.abort();
    return gatewayError(new HttpIntegrationTimedOut(), "http", ids);
  }
  if (outcome === "failed") return gatewayError(new InternalServerError(), "http", ids);
  const answer: MappedResponse = { status: outcome.status, headers: outcome.headers.filter(([name]) => !NOT_RETURNED.has(name.toLowerCase())), body: outcome.body };
  const mapped = mapping?.response && source ? mapResponse(mapping.response, answer, source, call.path) : answer;
  const answered = api.cors ? applyHttpCors(api.cors, req.headers.origin, mapped.headers) : mapped.headers;
  return finish("http", mapped.status, answered, mapped.body, ids);
}

/** The IntegrationUri with its {variables} filled from the route's path variables, the mapped path and the query string; undefined when it is no http(s) URL. */
function endpointUrl(uri: string, call: HttpApiProxyCall, request: MappedRequest): URL | undefined {
  const greedy = /\{([^{}]+)\+\}$/.exec(call.route.path)?.[1];
  const filled = uri.replace(/\{([^{}]+?)\+?\}/g, (_variable, name: string) => encodeVariable(call.pathParameters[name] ?? "", name === greedy));
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  // overwrite:path replaces the path the endpoint is called with.
  if (call.route.route.parameterMapping?.request?.["overwrite:path"] !== undefined) url.pathname = request.path;
  if (request.rawQuery !== "") url.search = url.search === "" ? request.rawQuery : `${url.search.slice(1)}&${request.rawQuery}`;
  return url;
}

/** A path variable's (decoded) value back in a URL path: the greedy variable's slashes stay path separators. */
function encodeVariable(value: string, greedy: boolean): string {
  return greedy ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value);
}

interface Answer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** One request to the endpoint with node:http (core's httpSend), so that neither body is re-encoded (fetch would undo a Content-Encoding). */
function send(url: URL, method: string, headers: Array<[string, string]>, body: Buffer, signal: AbortSignal): Promise<Answer> {
  // Raw header lines keep the client's names and repeats; Host is the endpoint's; the body goes whole, with its length.
  const lines = [["Host", url.host], ...headers, ...(body.length > 0 ? [["Content-Length", String(body.length)]] : [])].flat();
  return httpSend(url, { method, headers: lines, body: body.length > 0 ? body : undefined, signal });
}
