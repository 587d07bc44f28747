/**
 * Routes whose integration calls Step Functions, through the AwsDispatcher port (the same
 * service code the edge runs). REST APIs answer as SAM's integration responses map them:
 * "200" and "400" pass Step Functions' body through, any other status has no mapping and
 * becomes API Gateway's 500. HTTP APIs (AWS_PROXY) pass the service's answer through.
 */
import { type AwsDispatcher, type Clock, type EdgeRequest, type EdgeResponse, isAwsError, type Logger } from "@sam-sandbox/core";
import type { ApiConfig, StepFunctionsIntegration } from "../config.js";
import { applyHttpCors } from "../cors.js";
import {
  BadRequestBody,
  EndpointRequestTimedOut,
  InternalServerError,
  NoOutputMapping,
  ServiceUnavailable,
} from "../errors.js";
import { clfTime, domainName, headerValue, withStage } from "../http/incoming.js";
import { withIntegrationTimeout } from "../integrationTimeout.js";
import { HTTP_API_INTEGRATION_TIMEOUT_MS, REST_API_INTEGRATION_TIMEOUT_MS } from "../limits.js";
import { finish, gatewayError, type RequestIds } from "../respond.js";
import type { CompiledRoute } from "../router.js";
import { stepFunctionsErrorBody } from "./errorBody.js";
import { httpStepFunctionsRequest, type MappingSource } from "./httpRequest.js";
import { restStartExecution } from "./restRequest.js";

export interface StepFunctionsDeps {
  dispatcher?: AwsDispatcher;
  clock: Clock;
  logger: Logger;
  accountId: string;
  region: string;
}

export interface StepFunctionsCall {
  api: ApiConfig;
  route: CompiledRoute;
  integration: StepFunctionsIntegration;
  req: EdgeRequest;
  /** Request headers as received, duplicates kept. */
  headers: Array<[string, string]>;
  pathParameters: Record<string, string>;
  /** The matched path without the stage prefix. */
  path: string;
  method: string;
  timeEpoch: number;
  ids: RequestIds;
  /** X-Amzn-Trace-Id passed to Step Functions: the traced stage's subsegment's; ids.trace otherwise. */
  traceHeader?: string;
  /** What the route's authorizer passed (principalId and context keys, or Cognito claims): $context.authorizer. */
  authorizer?: Record<string, unknown>;
}

/** What Step Functions answered: its output, or its error (an AwsError's status, code and body). */
type Outcome = { ok: Record<string, unknown> } | { status: number; body: string } | "timeout" | "failed";

/** Step Functions answers JSON in the awsJson 1.0 protocol; an HTTP API passes its Content-Type on. */
const SERVICE_CONTENT_TYPE = "application/x-amz-json-1.0";

export async function serveStepFunctions(deps: StepFunctionsDeps, call: StepFunctionsCall): Promise<EdgeResponse> {
  return call.api.kind === "rest" ? serveRest(deps, call) : serveHttp(deps, call);
}

async function serveRest(deps: StepFunctionsDeps, call: StepFunctionsCall): Promise<EdgeResponse> {
  const { ids } = call;
  const mapped = restStartExecution(call.req.body, headerValue(call.headers, "content-type"), call.integration);
  if (mapped.kind === "bad-body") return gatewayError(new BadRequestBody(mapped.detail), "rest", ids);
  const outcome = mapped.kind === "serialization"
    // Step Functions cannot read the mapped body; it answers a 400 without a message.
    ? { status: 400, body: '{"__type":"com.amazon.coral.service#SerializationException"}' }
    : await dispatch(deps, call, "StartExecution", withTraceHeader(mapped.request, call), REST_API_INTEGRATION_TIMEOUT_MS);
  if (outcome === "timeout") return gatewayError(new EndpointRequestTimedOut(), "rest", ids);
  if (outcome === "failed") return gatewayError(new NoOutputMapping(), "rest", ids);
  if ("ok" in outcome) return finish("rest", 200, [["Content-Type", "application/json"]], Buffer.from(JSON.stringify(outcome.ok)), ids);
  // SAM's integration responses select by status code: "200" and "400", nothing else.
  if (outcome.status !== 400) return gatewayError(new NoOutputMapping(), "rest", ids);
  return finish("rest", 400, [["Content-Type", "application/json"]], Buffer.from(outcome.body), ids);
}

async function serveHttp(deps: StepFunctionsDeps, call: StepFunctionsCall): Promise<EdgeResponse> {
  const { ids, api, integration } = call;
  const request = httpStepFunctionsRequest(integration.requestParameters ?? {}, mappingSource(deps, call));
  if (integration.action !== "StopExecution") withTraceHeader(request, call);
  const outcome = await dispatch(deps, call, integration.action, request, HTTP_API_INTEGRATION_TIMEOUT_MS);
  if (outcome === "timeout") return gatewayError(new ServiceUnavailable(), "http", ids);
  if (outcome === "failed") return gatewayError(new InternalServerError(), "http", ids);
  const [status, body] = "ok" in outcome ? [200, JSON.stringify(outcome.ok)] : [outcome.status, outcome.body];
  const headers: Array<[string, string]> = [["Content-Type", SERVICE_CONTENT_TYPE]];
  return finish("http", status, api.cors ? applyHttpCors(api.cors, call.req.headers.origin, headers) : headers, Buffer.from(body), ids);
}

/** API Gateway passes its X-Amzn-Trace-Id on, so the execution records the request's trace. */
function withTraceHeader(request: Record<string, unknown>, call: StepFunctionsCall): Record<string, unknown> {
  if (request.traceHeader === undefined) request.traceHeader = call.traceHeader ?? call.ids.trace;
  return request;
}

/** Calls Step Functions, giving up after the integration timeout on the gateway's clock. */
async function dispatch(deps: StepFunctionsDeps, call: StepFunctionsCall, action: string, request: Record<string, unknown>, defaultTimeoutMs: number): Promise<Outcome> {
  const { dispatcher } = deps;
  if (!dispatcher) {
    deps.logger.error(`API Gateway: ${call.route.routeKey} calls Step Functions ${action}, but no dispatcher reaches Step Functions`);
    return "failed";
  }
  const answer = dispatcher.call("states", action, request).then(
    (ok): Outcome => ({ ok }),
    (error: unknown): Outcome => {
      if (isAwsError(error)) return { status: error.statusCode, body: stepFunctionsErrorBody(error) };
      deps.logger.warn(`API Gateway could not call Step Functions ${action}: ${error instanceof Error ? error.message : String(error)}`);
      return "failed";
    },
  );
  return withIntegrationTimeout(deps, answer, call.route.route.timeoutMs ?? defaultTimeoutMs, `Step Functions ${action}`, call.route.routeKey);
}

/** What an HTTP API parameter mapping reads: the request, its $context and the stage variables. */
export function mappingSource(deps: Pick<StepFunctionsDeps, "accountId" | "region">, call: Omit<StepFunctionsCall, "integration">): MappingSource {
  return {
    body: call.req.body,
    headers: call.headers,
    rawQuery: call.req.rawQuery,
    pathParameters: call.pathParameters,
    context: contextVariables(deps, call),
    stageVariables: call.api.stageVariables ?? {},
  };
}

/** HTTP API $context variables a parameter mapping may read. */
export function contextVariables(
  deps: Pick<StepFunctionsDeps, "accountId" | "region">,
  call: Pick<StepFunctionsCall, "api" | "route" | "ids" | "method" | "req" | "path" | "timeEpoch" | "headers">,
): Record<string, string> {
  const { api, route, ids } = call;
  const domain = domainName({ api, region: deps.region });
  return {
    accountId: deps.accountId,
    apiId: api.apiId,
    domainName: domain,
    domainPrefix: api.apiId,
    extendedRequestId: ids.apigw,
    httpMethod: call.method,
    "identity.sourceIp": call.req.sourceIp ?? "127.0.0.1",
    "identity.userAgent": headerValue(call.headers, "user-agent") ?? "",
    path: withStage(api, call.path),
    protocol: "HTTP/1.1",
    requestId: ids.apigw,
    requestTime: clfTime(call.timeEpoch),
    requestTimeEpoch: String(call.timeEpoch),
    routeKey: route.routeKey,
    stage: api.stageName,
  };
}
