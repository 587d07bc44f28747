import { performance } from "node:perf_hooks";
import {
  type AwsDispatcher,
  type Clock,
  type EdgeRequest,
  type EdgeResponse,
  type EventBus,
  type LambdaInvokeResult,
  type LambdaInvoker,
  type Logger,
  type SegmentHandle,
  type Tracer,
  isAwsError,
  requestId as uuid,
  sigV4AccessKey,
  traceId,
} from "@sam-sandbox/core";
import { applyAuthorization, Authorization, authorizationError } from "./auth/authorize.js";
import { ForbiddenHttp } from "./auth/errors.js";
import { applyIamCaller, type IamCaller } from "./auth/iam.js";
import type { ApiKeyConfig } from "./auth/config.js";
import type { ApiConfig } from "./config.js";
import { applyHttpCors, httpPreflightHeaders, isPreflight } from "./cors.js";
import {
  EndpointRequestTimedOut,
  InternalServerError,
  InternalServerErrorRest,
  MissingAuthenticationToken,
  NoOutputMapping,
  NotFound,
  RequestEntityTooLarge,
  RequestTooLong,
  ServiceUnavailable,
  TooManyRequests,
} from "./errors.js";
import type { EventInput } from "./http/incoming.js";
import { headerPairs, REPLACED_REQUEST_HEADERS } from "./http/incoming.js";
import { v1Options, warnTextBody } from "./http/restBinary.js";
import { v1Request } from "./http/v1-request.js";
import { INVALID_BASE64, v1Response } from "./http/v1-response.js";
import { v2Request } from "./http/v2-request.js";
import { httpApiV2Response } from "./http/v2-response.js";
import type { Deadlines } from "./deadlines.js";
import { apigwId } from "./ids.js";
import { HTTP_API_INTEGRATION_TIMEOUT_MS, MAX_PAYLOAD_BYTES, REST_API_INTEGRATION_TIMEOUT_MS } from "./limits.js";
import { customizeGatewayResponse } from "./gatewayResponses.js";
import { finish, gatewayError, publishRequest, type RequestIds } from "./respond.js";
import type { Router, RouteMatch } from "./router.js";
import { serveServiceIntegration } from "./services/integration.js";
import { serveAwsIntegration } from "./aws/integration.js";
import { serveHttpApiProxy } from "./httpIntegration/httpApiProxy.js";
import { mappingSource, serveStepFunctions, type StepFunctionsCall } from "./stepfunctions/integration.js";
import { callOutcome, lambdaSubsegment, startStageSegment, stepFunctionsSubsegment } from "./tracing.js";
import { validationError } from "./validation.js";
import { authorizerContext, mapRequest, mapResponse } from "./http/parameterMapping.js";
import type { MappingSource } from "./stepfunctions/httpRequest.js";
import type { RouteThrottling } from "./throttling.js";

export interface GatewayDeps {
  router: Router;
  apis: ApiConfig[];
  invoker: LambdaInvoker;
  /** Reaches Step Functions for routes with a Step Functions integration. */
  dispatcher?: AwsDispatcher;
  region: string;
  accountId: string;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  tracer: Tracer;
  /** Integration timeouts, on one timer (deadlines.ts). */
  deadlines: Deadlines;
  /** false: no integration timeout (a debugger may hold a function at a breakpoint). */
  integrationTimeouts?: boolean;
  /** Authorizers and API keys of the APIs (auth/authorize.ts). */
  auth?: Authorization;
  /** HTTP API route throttling; absent when no API's stage throttles a route. */
  throttling?: RouteThrottling;
}

/** Serves one request on the app port and publishes its `request` event. */
export function handleRequest(deps: GatewayDeps, req: EdgeRequest): Promise<EdgeResponse> {
  const started = performance.now();
  const done = (response: EdgeResponse) => {
    publishRequest(deps.events, req, response.status, started);
    return response;
  };
  // Never a crash: an unexpected failure here answers as API Gateway's own 500.
  const failed = (error: unknown) => done(internalError(deps, req, error));
  let served: EdgeResponse | Promise<EdgeResponse>;
  try {
    served = serve(deps, req);
  } catch (error) {
    return Promise.resolve(failed(error));
  }
  return served instanceof Promise ? served.then(done, failed) : Promise.resolve(done(served));
}

function internalError(deps: GatewayDeps, req: EdgeRequest, error: unknown): EdgeResponse {
  deps.logger.error(`API Gateway: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return gatewayError(new InternalServerError(), "http", newIds(deps, req));
}

function serve(deps: GatewayDeps, req: EdgeRequest): EdgeResponse | Promise<EdgeResponse> {
  const timeEpoch = deps.clock.now();
  const ids = newIds(deps, req);
  const method = req.method.toUpperCase();
  const match = deps.router.match(method, req.path);

  const preflight = httpPreflight(deps, req, match, ids);
  if (preflight) return preflight;

  if (match.kind === "none") {
    if (match.api?.kind !== "rest") return gatewayError(new NotFound(), "http", ids);
    const refused = gatewayError(new MissingAuthenticationToken(), "rest", ids);
    return match.api.gatewayResponses ? customizeGatewayResponse(match.api, { req, pathParameters: {}, resourcePath: "" }, refused) : refused;
  }
  if (deps.throttling && !deps.throttling.admit(match.route)) return gatewayError(new TooManyRequests(), "http", ids);

  const segment = startStageSegment(deps, match.route.api, req, ids, match.path, timeEpoch);
  const served = segment === undefined ? serveRoute(deps, req, match, ids, timeEpoch, undefined) : tracedRoute(deps, req, match, ids, timeEpoch, segment);
  // Only a REST API with customized gateway responses looks at its answers again.
  const { api } = match.route;
  if (api.gatewayResponses === undefined || api.kind !== "rest") return served;
  const request = { req, pathParameters: match.pathParameters, resourcePath: match.route.path };
  return served instanceof Promise ? served.then((response) => customizeGatewayResponse(api, request, response)) : customizeGatewayResponse(api, request, served);
}

async function tracedRoute(
  deps: GatewayDeps,
  req: EdgeRequest,
  match: Extract<RouteMatch, { kind: "route" }>,
  ids: RequestIds,
  timeEpoch: number,
  segment: SegmentHandle,
): Promise<EdgeResponse> {
  try {
    const response = await serveRoute(deps, req, match, ids, timeEpoch, segment);
    segment.close({ status: response.status, contentLength: response.body.length });
    return response;
  } catch (error) {
    segment.close({ fault: true, cause: error instanceof Error ? error : { message: String(error) } });
    throw error;
  }
}

/** A matched route: its integration called (through `segment`'s subsegment when traced), its answer mapped. */
function serveRoute(
  deps: GatewayDeps,
  req: EdgeRequest,
  match: Extract<RouteMatch, { kind: "route" }>,
  ids: RequestIds,
  timeEpoch: number,
  segment: SegmentHandle | undefined,
): EdgeResponse | Promise<EdgeResponse> {
  const method = req.method.toUpperCase();
  const { api, route } = match.route;
  if (req.body.length > MAX_PAYLOAD_BYTES) {
    return gatewayError(api.kind === "rest" ? new RequestTooLong(MAX_PAYLOAD_BYTES) : new RequestEntityTooLarge(), api.kind, ids);
  }
  // AWS_IAM: an unsigned request is refused before anything else runs.
  let caller: IamCaller | undefined;
  if (route.authorization?.iam) {
    const accessKey = sigV4AccessKey(req);
    if (accessKey === undefined) return gatewayError(api.kind === "rest" ? new MissingAuthenticationToken() : new ForbiddenHttp(), api.kind, ids);
    caller = { accessKey, accountId: deps.accountId };
  }
  const { auth } = deps;
  // Step Functions, SQS / EventBridge, non-proxy AWS and HTTP_PROXY integrations: no Lambda proxy event.
  const integration = integrationOf(deps, req, match, ids, timeEpoch, segment, method);
  if (integration) {
    const serve = (authorizer?: Record<string, unknown>, apiKey?: ApiKeyConfig) => invalidRequest(req, match, ids) ?? integration(authorizer, apiKey);
    if (!auth || !Authorization.needed(match.route)) return serve();
    // What the authorizer passed is the mapping templates' $context.authorizer; the API key their $context.identity.apiKey.
    return auth
      .authorize(eventInput(deps, req, match, ids, timeEpoch, ids.trace))
      .then((result) => (result.ok ? serve(result.authorizer, result.apiKey) : authorizationError(result, api.kind, ids)));
  }

  // A traced request's function is called from the stage segment's "Lambda" subsegment.
  const call = segment === undefined ? undefined : lambdaSubsegment(segment, route.functionName, deps.region);
  const traceHeader = call === undefined ? ids.trace : call.header();

  const input = eventInput(deps, req, match, ids, timeEpoch, traceHeader);
  if (api.kind === "rest") warnTextBody(deps.logger, api, req, match.route.routeKey);
  const v2 = api.kind === "http" && route.payloadFormatVersion === "2.0";
  if (auth && Authorization.needed(match.route)) {
    // The authorizer (and API key) decide first; what passes is set on the function's event.
    return auth.authorize(input).then((result) => {
      if (!result.ok) return authorizationError(result, api.kind, ids);
      const invalid = invalidRequest(req, match, ids);
      if (invalid) return invalid;
      const event = routeEvent(deps, req, match, ids, input, v2, result.authorizer);
      applyAuthorization(event, result);
      if (caller) applyIamCaller(event, caller, v2);
      return invokeRoute(deps, req, match, ids, event, traceHeader, call);
    });
  }
  const invalid = invalidRequest(req, match, ids);
  if (invalid) return invalid;
  const event = routeEvent(deps, req, match, ids, input, v2);
  if (caller) applyIamCaller(event, caller, v2);
  return invokeRoute(deps, req, match, ids, event, traceHeader, call);
}

/** The request validator's 400 (after authorization, before the integration), or undefined when the request passes. */
function invalidRequest(req: EdgeRequest, match: Extract<RouteMatch, { kind: "route" }>, ids: RequestIds): EdgeResponse | undefined {
  const { api, route } = match.route;
  if (!route.validation) return undefined;
  const error = validationError(route.validation, {
    headers: headerPairs(req),
    rawQuery: req.rawQuery,
    pathParameters: match.pathParameters,
    contentType: req.headers["content-type"],
    body: req.body,
  });
  return error ? gatewayError(error, api.kind, ids) : undefined;
}

/** What the payload formats (and authorizers) read of one request. */
function eventInput(
  deps: GatewayDeps,
  req: EdgeRequest,
  match: Extract<RouteMatch, { kind: "route" }>,
  ids: RequestIds,
  timeEpoch: number,
  traceHeader: string,
): EventInput {
  const { api } = match.route;
  return {
    api,
    route: match.route,
    pathParameters: match.pathParameters,
    method: req.method.toUpperCase(),
    path: match.path,
    contextPath: match.contextPath,
    rawQuery: req.rawQuery,
    headers: withGatewayHeaders(headerPairs(req), req, traceHeader),
    body: req.body,
    sourceIp: req.sourceIp ?? "127.0.0.1",
    timeEpoch,
    requestId: api.kind === "rest" ? ids.rest : ids.apigw,
    extendedRequestId: ids.apigw,
    accountId: deps.accountId,
    region: deps.region,
  };
}

/** The function's event, of the request as the route's RequestParameters changed it. */
function routeEvent(
  deps: GatewayDeps,
  req: EdgeRequest,
  match: Extract<RouteMatch, { kind: "route" }>,
  ids: RequestIds,
  input: EventInput,
  v2: boolean,
  authorizer?: Record<string, unknown>,
): Record<string, unknown> {
  const parameters = match.route.route.parameterMapping?.request;
  if (!parameters) return v2 ? v2Request(input) : v1Request(input);
  const source = parameterSource(deps, req, match, ids, input.timeEpoch);
  Object.assign(source.context, authorizerContext(authorizer));
  const mapped = { ...input, ...mapRequest(parameters, input, source) };
  return v2 ? v2Request(mapped) : v1Request(mapped);
}

/** What parameter mapping values read: the request as received, $context and $stageVariables. */
function parameterSource(deps: GatewayDeps, req: EdgeRequest, match: Extract<RouteMatch, { kind: "route" }>, ids: RequestIds, timeEpoch: number): MappingSource {
  const method = req.method.toUpperCase();
  return mappingSource(deps, integrationCall(req, match, ids, timeEpoch, method));
}

/** Calls the route's function with its event and maps the answer. */
function invokeRoute(
  deps: GatewayDeps,
  req: EdgeRequest,
  match: Extract<RouteMatch, { kind: "route" }>,
  ids: RequestIds,
  event: Record<string, unknown>,
  traceHeader: string,
  call: ReturnType<typeof lambdaSubsegment> | undefined,
): Promise<EdgeResponse> {
  const { api, route } = match.route;
  if (api.kind === "rest" && route.integrationHttpMethod !== undefined && route.integrationHttpMethod !== "POST") {
    // Lambda's Invoke takes POST only: the call fails and API Gateway answers 500 {"message": "Internal server error"}
    // (localstack's AWS-recorded test_lambda_aws_proxy_integration_non_post_method).
    deps.logger.warn(`${match.route.routeKey} calls ${route.functionName} with IntegrationHttpMethod ${route.integrationHttpMethod}; Lambda proxy integrations must use POST: it answers 500`);
    call?.close(callOutcome("failed"));
    return Promise.resolve(gatewayError(new NoOutputMapping(), api.kind, ids));
  }
  const v2 = api.kind === "http" && route.payloadFormatVersion === "2.0";
  const timeoutMs = route.timeoutMs ?? (api.kind === "rest" ? REST_API_INTEGRATION_TIMEOUT_MS : HTTP_API_INTEGRATION_TIMEOUT_MS);
  return invokeWithTimeout(deps, route.functionName, Buffer.from(JSON.stringify(event)), traceHeader, timeoutMs).then((outcome) => {
    call?.close(callOutcome(outcome));
    if (outcome === "timeout") {
      deps.logger.warn(`${route.functionName} did not answer ${match.route.routeKey} within ${timeoutMs} ms (integration timeout)`);
      return gatewayError(api.kind === "rest" ? new EndpointRequestTimedOut() : new ServiceUnavailable(), api.kind, ids);
    }
    // No such function: "Execution failed due to configuration error", API Gateway's 500 (a REST API's 502 is the function's own failure).
    if (outcome === "missing") {
      deps.logger.warn(`${route.functionName} is no function of the sandbox: ${match.route.routeKey} answers 500`);
      return gatewayError(api.kind === "rest" ? new NoOutputMapping() : new InternalServerError(), api.kind, ids);
    }
    if (outcome === "failed" || outcome.functionError || outcome.statusCode !== 200) {
      return gatewayError(api.kind === "rest" ? new InternalServerErrorRest() : new InternalServerError(), api.kind, ids);
    }

    const mapped = v2 ? httpApiV2Response(outcome.payload) : v1Response(outcome.payload, v1Options(deps.logger, api, req, match.route.routeKey, route.functionName));
    if (mapped === INVALID_BASE64) {
      // "Execution failed due to configuration error": the function said base64, the body is not.
      deps.logger.warn(`${route.functionName} returned isBase64Encoded true for ${match.route.routeKey}, but its body is not base64`);
      return gatewayError(new NoOutputMapping(), "rest", ids);
    }
    if (!mapped) {
      deps.logger.warn(`${route.functionName} returned a malformed Lambda proxy response for ${match.route.routeKey}`);
      return gatewayError(api.kind === "rest" ? new InternalServerErrorRest() : new InternalServerError(), api.kind, ids);
    }
    const responseParameters = route.parameterMapping?.response;
    const answer = responseParameters ? mapResponse(responseParameters, mapped, parameterSource(deps, req, match, ids, timeEpochOf(event) ?? deps.clock.now()), match.path) : mapped;
    const headers = api.kind === "http" && api.cors ? applyHttpCors(api.cors, req.headers.origin, answer.headers) : answer.headers;
    return finish(api.kind, answer.status, headers, answer.body, ids);
  });
}

/** What every integration call is given: the route, the request and its ids. */
function integrationCall(req: EdgeRequest, match: Extract<RouteMatch, { kind: "route" }>, ids: RequestIds, timeEpoch: number, method: string): Omit<StepFunctionsCall, "integration"> {
  return {
    api: match.route.api,
    route: match.route,
    req,
    headers: headerPairs(req),
    pathParameters: match.pathParameters,
    path: match.path,
    method,
    timeEpoch,
    ids,
  };
}

/** Serves the route's Step Functions, SQS / EventBridge, non-proxy AWS or HTTP_PROXY integration; undefined for a Lambda proxy route. */
function integrationOf(
  deps: GatewayDeps,
  req: EdgeRequest,
  match: Extract<RouteMatch, { kind: "route" }>,
  ids: RequestIds,
  timeEpoch: number,
  segment: SegmentHandle | undefined,
  method: string,
): ((authorizer?: Record<string, unknown>, apiKey?: ApiKeyConfig) => Promise<EdgeResponse>) | undefined {
  const { stepFunctions, serviceIntegration, awsIntegration, httpProxy } = match.route.route;
  const call = () => integrationCall(req, match, ids, timeEpoch, method);
  if (stepFunctions) {
    return async () => {
      const sub = segment === undefined ? undefined : stepFunctionsSubsegment(segment, stepFunctions.action, deps.region);
      const response = await serveStepFunctions(deps, { ...call(), integration: stepFunctions, traceHeader: sub?.header() });
      sub?.close({ status: response.status });
      return response;
    };
  }
  if (serviceIntegration) return () => serveServiceIntegration(deps, { ...call(), integration: serviceIntegration });
  if (awsIntegration) return (authorizer, apiKey) => serveAwsIntegration(deps, { ...call(), integration: awsIntegration, authorizer, apiKey });
  if (httpProxy) return (authorizer) => serveHttpApiProxy(deps, { ...call(), integration: httpProxy, authorizer });
  return undefined;
}

function newIds(deps: GatewayDeps, req: EdgeRequest): RequestIds {
  const incoming = req.headers["x-amzn-trace-id"];
  return new Ids(apigwId(), incoming?.includes("Root=") ? incoming : `Root=${traceId(deps.clock.now())}`);
}

/**
 * A request's ids. A class rather than an object literal with a getter: V8 built that
 * literal in dictionary mode on every request, and every read of it was a slow lookup
 * (API Gateway's path alone, answered by an instant invoker: 8.8 → 7.0 µs per request).
 */
class Ids implements RequestIds {
  private restId: string | undefined;

  constructor(
    readonly apigw: string,
    readonly trace: string,
  ) {}

  /** Only REST APIs use it: made when first read, not for every HTTP API request. */
  get rest(): string {
    this.restId ??= uuid();
    return this.restId;
  }
}

/**
 * An HTTP API with CorsConfiguration answers preflights itself, unless an OPTIONS
 * route or the $default route takes the request (as AWS documents for $default), or an
 * ANY route with an authorizer (or AWS_IAM), which authorizes it like any request: its
 * preflight fails without a token (reported from AWS in sst#5493 and "Fixing up CORS errors
 * in HTTP API").
 */
function httpPreflight(deps: GatewayDeps, req: EdgeRequest, match: RouteMatch, ids: RequestIds): EdgeResponse | undefined {
  if (!isPreflight(req.method, req.headers)) return undefined;
  let api: ApiConfig | undefined;
  if (match.kind === "route") {
    const { route } = match;
    if (route.api.kind === "http" && (route.method === "OPTIONS" || route.segments === undefined)) return undefined;
    const authorization = route.route.authorization;
    if (route.api.kind === "http" && route.method === "ANY" && (authorization?.authorizer !== undefined || authorization?.iam === true)) return undefined;
    api = route.api;
  } else {
    api = deps.router.owner(req.path) ?? deps.apis.find((a) => a.kind === "http" && a.cors);
  }
  if (api?.kind !== "http" || !api.cors) return undefined;
  const headers = httpPreflightHeaders(api.cors, req.headers.origin ?? "");
  return finish("http", 204, Object.entries(headers), Buffer.alloc(0), ids);
}

/** Calls the function, giving up after the integration timeout of the gateway's clock. */
function invokeWithTimeout(
  deps: GatewayDeps,
  functionName: string,
  payload: Buffer,
  traceHeader: string,
  timeoutMs: number,
): Promise<LambdaInvokeResult | "timeout" | "failed" | "missing"> {
  return new Promise((resolve) => {
    // A debugger may hold the function at a breakpoint (`sandbox up --inspect`): no timeout then.
    const deadline = deps.integrationTimeouts === false ? undefined : deps.deadlines.add(timeoutMs, () => resolve("timeout"));
    let invocation: Promise<LambdaInvokeResult>;
    try {
      invocation = deps.invoker.invoke({ functionName, payload, invocationType: "RequestResponse", traceHeader, source: "apigateway" });
    } catch (error) {
      invocation = Promise.reject(error);
    }
    invocation.then(
      (result) => {
        if (deadline) deps.deadlines.remove(deadline);
        resolve(result);
      },
      (error: unknown) => {
        if (deadline) deps.deadlines.remove(deadline);
        if (isAwsError(error) && error.code === "ResourceNotFoundException") {
          resolve("missing");
          return;
        }
        deps.logger.warn(`API Gateway could not invoke ${functionName}: ${error instanceof Error ? error.message : String(error)}`);
        resolve("failed");
      },
    );
  });
}

/** Request headers as sent, then those API Gateway adds on its way to the function. */
function withGatewayHeaders(pairs: Array<[string, string]>, req: EdgeRequest, traceHeader: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let forwardedFor: string | undefined;
  let host: string | undefined;
  for (const pair of pairs) {
    const name = pair[0].toLowerCase();
    if (name === "x-forwarded-for") forwardedFor = pair[1];
    else if (name === "host") host = pair[1];
    if (!REPLACED_REQUEST_HEADERS.has(name)) out.push(pair);
  }
  const sourceIp = req.sourceIp ?? "127.0.0.1";
  const port = /:(\d+)$/.exec(host ?? "")?.[1] ?? "80";
  out.push(
    ["X-Amzn-Trace-Id", traceHeader],
    ["X-Forwarded-For", forwardedFor ? `${forwardedFor}, ${sourceIp}` : sourceIp],
    ["X-Forwarded-Port", port],
    ["X-Forwarded-Proto", "http"],
  );
  return out;
}

/** requestContext.timeEpoch (HTTP APIs) or requestTimeEpoch of an event: when the request arrived. */
function timeEpochOf(event: Record<string, unknown>): number | undefined {
  const context = event.requestContext as { timeEpoch?: unknown; requestTimeEpoch?: unknown } | undefined;
  const value = context?.timeEpoch ?? context?.requestTimeEpoch;
  return typeof value === "number" ? value : undefined;
}
