import { NOOP_TRACER, type AwsDispatcher, type Clock, type EdgeRequest, type EdgeResponse, type EventBus, type LambdaInvoker, type Logger, type Tracer } from "@sam-sandbox/core";
import { type ApiConfig, type AwsIntegration, type StepFunctionsIntegration, validateApis } from "./config.js";
import { Authorization } from "./auth/authorize.js";
import { Deadlines } from "./deadlines.js";
import { handleRequest } from "./gateway.js";
import { Router } from "./router.js";
import { RouteThrottling } from "./throttling.js";

export type { ApiConfig, CorsConfig, HttpProxyIntegration, RouteConfig, RouteThrottle, ServiceIntegration, ServiceIntegrationSubtype, StepFunctionsAction, StepFunctionsIntegration } from "./config.js";
export * from "./errors.js";
export * from "./auth/errors.js";
export type { ApiKeyConfig, AuthorizerConfig, CognitoAuthorizerConfig, JwtAuthorizerConfig, LambdaAuthorizerConfig, RouteAuthorization } from "./auth/config.js";
export { v1Request } from "./http/v1-request.js";
export { v1Response } from "./http/v1-response.js";
export { v2Request } from "./http/v2-request.js";
export { v2Response } from "./http/v2-response.js";
export { escapeJavaScript } from "./stepfunctions/restRequest.js";
export { createFunctionUrlFront, type FunctionUrlFront, type FunctionUrlFrontOptions } from "./functionUrls/front.js";
export { parseFunctionUrlHost, type FunctionUrlTarget } from "./functionUrls/config.js";
export { functionUrlRequest } from "./functionUrls/request.js";
export { createWebSocketGateway, type WebSocketApiFinder, type WebSocketAttachOptions, type WebSocketGateway, type WebSocketGatewayOptions } from "./websocket/gateway.js";
export { selectionPath, type WebSocketApiConfig, type WebSocketRouteConfig } from "./websocket/config.js";
export type { RequestValidation } from "./validation.js";
export type { ParameterMapping } from "./http/parameterMapping.js";
/** API Gateway's 10 MB payload quota: the app port's serveHandler need buffer no more (maxBodyBytes). */
export { MAX_PAYLOAD_BYTES } from "./limits.js";

export interface ApiGatewayOptions {
  apis: ApiConfig[];
  invoker: LambdaInvoker;
  /**
   * Reaches the other emulated services (`call("states", "StartExecution", input)`): needed by
   * routes with a Step Functions integration, which answer 500 without it.
   */
  dispatcher?: AwsDispatcher;
  region: string;
  accountId: string;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  /**
   * Records X-Ray segments of REST API stages with TracingEnabled (and of requests already
   * sampled upstream). Default: none recorded; every request still gets an X-Amzn-Trace-Id.
   */
  tracer?: Tracer;
  /**
   * The local issuer of a Cognito user pool the sandbox emulates ("http://127.0.0.1:4566/<poolId>"):
   * JWT authorizers naming AWS's issuer of such a pool, and COGNITO_USER_POOLS authorizers, check
   * its tokens against the keys published there.
   */
  cognitoIssuer?: (poolId: string) => string;
  /**
   * false: integrations have no timeout (29 s for REST APIs, 30 s for HTTP APIs otherwise), so
   * a debugger can hold a function at a breakpoint (`sandbox up --inspect`). Default true.
   */
  integrationTimeouts?: boolean;
}

/** One route served on the app port. */
export interface ServedRoute {
  /** Logical id of the API (its apiId when the template gives none). */
  api: string;
  kind: "http" | "rest";
  method: string;
  path: string;
  /** The function invoked; "" for a Step Functions route. */
  functionName: string;
  /** For a Step Functions route: the action and, when the route names one, the state machine. */
  stepFunctions?: { action: string; stateMachineArn?: string };
  /** For an SQS or EventBridge route: its IntegrationSubtype ("SQS-SendMessage", …). */
  integrationSubtype?: string;
  /** For an HTTP_PROXY route of an HTTP API: the endpoint's IntegrationUri. */
  integrationUri?: string;
  /** For a REST API route without a function (MOCK, HTTP, AWS service): what it calls ("MOCK", "dynamodb:PutItem", the endpoint). */
  integration?: string;
}

export interface ApiGateway {
  /** Serves one request of the app port; never throws. */
  handle(req: EdgeRequest): Promise<EdgeResponse>;
  /** Routes served at the root, in template order; a route another API already serves is left out. */
  routes(): ServedRoute[];
}

/**
 * API Gateway for the template's APIs (HTTP APIs and REST APIs, merged at the root
 * as `sam local start-api` serves them; REST paths may also carry the stage,
 * "/Prod/items", as URLs copied from AWS do). Requests become Lambda proxy events,
 * function results become HTTP responses, exactly as API Gateway maps them. Routes with a
 * Step Functions, SQS or EventBridge integration call the service through `dispatcher` instead.
 */
export function createApiGateway(options: ApiGatewayOptions): ApiGateway {
  validateApis(options.apis);
  const router = new Router(options.apis, options.logger);
  if (!options.dispatcher && options.apis.some((api) => api.routes.some((r) => r.stepFunctions))) {
    options.logger.warn("Routes with a Step Functions integration have no dispatcher to reach Step Functions; they answer 500");
  }
  if (!options.dispatcher && options.apis.some((api) => api.routes.some((r) => r.serviceIntegration))) {
    options.logger.warn("Routes with an SQS or EventBridge integration have no dispatcher to reach the service; they answer 500");
  }
  const auth = new Authorization(options.apis, options);
  const throttling = options.apis.some((api) => RouteThrottling.configured(api)) ? new RouteThrottling(options.clock) : undefined;
  const deps = { ...options, router, tracer: options.tracer ?? NOOP_TRACER, deadlines: new Deadlines(options.clock), auth, throttling };
  return {
    handle: (req) => handleRequest(deps, req),
    routes: () =>
      router.routes().map((r) => ({
        api: r.api.logicalId ?? r.api.apiId,
        kind: r.api.kind,
        method: r.method,
        path: r.path,
        functionName: r.route.functionName,
        ...(r.route.stepFunctions ? { stepFunctions: stepFunctionsTarget(r.route.stepFunctions) } : {}),
        ...(r.route.serviceIntegration ? { integrationSubtype: r.route.serviceIntegration.subtype } : {}),
        ...(r.route.httpProxy ? { integrationUri: r.route.httpProxy.uri } : {}),
        ...(r.route.awsIntegration ? { integration: integrationTarget(r.route.awsIntegration) } : {}),
      })),
  };
}

/** A non-proxy integration as `sandbox up` lists it: MOCK, the HTTP endpoint, or service:Action. */
function integrationTarget(integration: AwsIntegration): string {
  if (integration.service === "mock") return "MOCK";
  if (integration.uri !== undefined) return integration.uri;
  return `${integration.service}:${integration.action ?? integration.path ?? ""}`;
}

function stepFunctionsTarget(integration: StepFunctionsIntegration): { action: string; stateMachineArn?: string } {
  const arn = integration.stateMachineArn ?? integration.requestParameters?.StateMachineArn;
  return arn === undefined || arn.includes("$") ? { action: integration.action } : { action: integration.action, stateMachineArn: arn };
}
