/**
 * REST API routes whose integration is `Type: AWS` (non-proxy) to a service action: the
 * request template's output is the action's input, called through the AwsDispatcher port
 * (the same service code the edge runs); the answer goes through the IntegrationResponses.
 */
import { type AwsDispatcher, type Clock, type EdgeResponse, isAwsError, type LambdaInvoker, type Logger } from "@sam-sandbox/core";
import type { ApiKeyConfig } from "../auth/config.js";
import type { AwsIntegration } from "../config.js";
import { BadRequestBody, EndpointRequestTimedOut, NoOutputMapping, UnsupportedMediaType } from "../errors.js";
import { domainName, firstAccept, headerValue, withStage } from "../http/incoming.js";
import { withIntegrationTimeout } from "../integrationTimeout.js";
import { REST_API_INTEGRATION_TIMEOUT_MS } from "../limits.js";
import { finish, gatewayError } from "../respond.js";
import type { StepFunctionsCall } from "../stepfunctions/integration.js";
import { callHttp } from "../httpIntegration/http.js";
import { callS3 } from "./s3.js";
import { hasXmlAnswer, queryXml, wantsXml } from "./queryXml.js";
import { mappedHeaders } from "../httpIntegration/uri.js";
import { serveHttpProxy } from "../httpIntegration/proxy.js";
import { mappingContext } from "../vtl/context.js";
import { requestOverride } from "../vtl/overrides.js";
import { answerPayload, integrationBody, isBinaryType, methodResponseBody, requestPayload } from "./contentHandling.js";
import type { MappingInput } from "../vtl/render.js";
import { type AwsRequest, awsRequest, isQueryService, MOCK_SERVICE } from "./request.js";
import { errorAnswer, type MappedResponse, mapResponse, queryAnswer, selectResponse } from "./response.js";

export interface AwsIntegrationDeps {
  dispatcher?: AwsDispatcher;
  invoker: LambdaInvoker;
  clock: Clock;
  logger: Logger;
  accountId: string;
  region: string;
}

export type AwsIntegrationCall = Omit<StepFunctionsCall, "integration"> & {
  integration: AwsIntegration;
  /** The API key a key-requiring method was called with: $context.identity.apiKey / apiKeyId. */
  apiKey?: ApiKeyConfig;
};

/** What packages/template names an HTTP_PROXY integration's service. */
const HTTP_PROXY_SERVICE = "http_proxy";

/**
 * The answer; `selector` is what SelectionPattern is matched against (the status, a Lambda error's
 * errorMessage); an HTTP endpoint's answer also has its bytes, Content-Type and headers.
 */
type Outcome = { status: number; body: string; selector?: string; bytes?: Buffer; contentType?: string; headers?: Array<[string, string]> } | "timeout" | "failed";

export async function serveAwsIntegration(deps: AwsIntegrationDeps, call: AwsIntegrationCall): Promise<EdgeResponse> {
  const { ids, integration } = call;
  const reserved = reservedRequestHeader(integration);
  if (reserved !== undefined) {
    // "Execution failed due to configuration error": AWS answers such a mapping with a 500 (localstack's
    // test_apigateway_integrations.py TestApiGatewayHeaderRemapping, recorded on AWS).
    deps.logger.warn(`API Gateway: ${call.route.routeKey} maps a request parameter onto integration.request.header.${reserved}, a header API Gateway does not let through`);
    return gatewayError(new NoOutputMapping(), "rest", ids);
  }
  if (integration.service === HTTP_PROXY_SERVICE) return serveHttpProxy(deps, call);
  const binaryTypes = call.api.binaryMediaTypes;
  const contentType = headerValue(call.headers, "content-type");
  // Integration.contentHandling: binary data (binaryMediaTypes) as base64 text, or kept as bytes.
  const payload = requestPayload(call.req.body, isBinaryType(contentType, binaryTypes), integration.contentHandling);
  const mapping = mappingInput(deps, call, payload.text);
  // What the request template #sets in $context.requestOverride, the response templates read too (localstack's
  // AWS-recorded test_integration_mock_with_request_overrides_in_response_template).
  const override = requestOverride();
  let outcome: Outcome;
  try {
    const request = awsRequest(integration, contentType, mapping, deps.region, override);
    if (request.kind === "unsupported-media-type") return gatewayError(new UnsupportedMediaType(), "rest", ids);
    if (request.kind === "mock-without-status") {
      // "Execution failed due to configuration error: Unable to parse statusCode": a 500.
      deps.logger.warn(`API Gateway: the request template of ${call.route.routeKey}'s MOCK integration gives no integer statusCode`);
      return gatewayError(new NoOutputMapping(), "rest", ids);
    }
    if (request.kind === "http" || request.kind === "s3") {
      const body = integrationBody(request.body, payload, request.passedThrough, integration.contentHandling);
      if (body === undefined) return notBase64(deps, call, "request");
      outcome = await answer(deps, call, { ...request, binary: body });
    } else {
      outcome = await answer(deps, call, request);
    }
  } catch (error) {
    if (error instanceof BadRequestBody) return gatewayError(error, "rest", ids);
    // "Execution failed due to configuration error: Unable to transform request": a 500.
    deps.logger.warn(`API Gateway could not apply the request template of ${call.route.routeKey}: ${error instanceof Error ? error.message : String(error)}`);
    return gatewayError(new NoOutputMapping(), "rest", ids);
  }
  if (outcome === "timeout") return gatewayError(new EndpointRequestTimedOut(), "rest", ids);
  if (outcome === "failed") return gatewayError(new NoOutputMapping(), "rest", ids);
  const selected = selectResponse(integration.responses ?? [], "selector" in outcome ? outcome.selector : String(outcome.status));
  if (!selected) return gatewayError(new NoOutputMapping(), "rest", ids);
  const { body: _body, ...withoutBody } = mapping;
  const rest = { ...withoutBody, context: { ...withoutBody.context, requestOverride: override } };
  // IntegrationResponse.contentHandling, with binaryMediaTypes against the answer's Content-Type and the first Accept type.
  const acceptBinary = isBinaryType(firstAccept(headerValue(call.headers, "accept")), binaryTypes);
  const answered = answerPayload(outcome.bytes ?? Buffer.from(outcome.body), isBinaryType(outcome.contentType, binaryTypes), acceptBinary, selected.contentHandling);
  let mapped: MappedResponse;
  try {
    // Binary data that stays binary is not mapped: it passes as it came.
    // ResponseParameters read the integration's own headers and body (integration.response.header.Content-Type…).
    const integrationAnswer = { headers: outcome.headers ?? [], body: outcome.body };
    mapped = answered.binary
      ? mapResponse({ ...selected, responseTemplates: undefined }, "", rest, integrationAnswer)
      : mapResponse(selected, answered.text, rest, integrationAnswer);
  } catch (error) {
    // "Execution failed due to configuration error: Unable to transform response": a 500.
    deps.logger.warn(`API Gateway could not apply the response template of ${call.route.routeKey}: ${error instanceof Error ? error.message : String(error)}`);
    return gatewayError(new NoOutputMapping(), "rest", ids);
  }
  const body = answered.binary ?? methodResponseBody(mapped.body, acceptBinary, selected.contentHandling);
  if (body === undefined) return notBase64(deps, call, "response");
  return finish("rest", mapped.status, mapped.headers, body, ids, integration.service !== MOCK_SERVICE);
}

/** CONVERT_TO_BINARY (or a binary Accept) met text that is not base64: "API configuration error", a 500. */
function notBase64(deps: AwsIntegrationDeps, call: AwsIntegrationCall, what: "request" | "response"): EdgeResponse {
  deps.logger.warn(`API Gateway could not base64-decode the ${what} body of ${call.route.routeKey} to binary: it is not base64`);
  return gatewayError(new NoOutputMapping(), "rest", call.ids);
}

/** The integration's answer to the mapped request. */
function answer(
  deps: AwsIntegrationDeps,
  call: AwsIntegrationCall,
  request: Extract<AwsRequest, { kind: "mock" | "serialization" | "invoke" | "call" }> | (Extract<AwsRequest, { kind: "http" | "s3" }> & { binary: string | Buffer }),
): Promise<Outcome> {
  switch (request.kind) {
    case "http":
      return withTimeout(deps, call, call.integration.uri ?? "", callHttp(deps, call, request.binary, request.override));
    case "s3":
      return withTimeout(deps, call, `s3 path/${call.integration.path ?? ""}`, callS3(deps, call, request.binary, request.override));
    case "mock":
      // A MOCK integration has no backend: its answer is the status alone, with an empty body.
      return Promise.resolve({ status: request.status, body: "" });
    case "serialization":
      // The service cannot read the mapped body; it answers a 400 without a message.
      return Promise.resolve({ status: 400, body: '{"__type":"com.amazon.coral.service#SerializationException"}' });
    case "invoke":
      return withTimeout(deps, call, call.route.route.functionName, invoke(deps, call, request.payload));
    case "call":
      return dispatch(deps, call, request.action, request.input);
  }
}

/** What the templates see: the request's body and parameters, $context, $stageVariables. */
function mappingInput(deps: AwsIntegrationDeps, call: AwsIntegrationCall, body: string): MappingInput {
  const header: Record<string, string> = {};
  for (const [name, value] of call.headers) header[name] = value;
  const querystring: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(call.req.rawQuery)) querystring[name] = value;
  return {
    body,
    params: { path: { ...call.pathParameters }, querystring, header },
    stageVariables: call.api.stageVariables ?? {},
    context: mappingContext({
      requestId: call.ids.rest,
      extendedRequestId: call.ids.apigw,
      accountId: deps.accountId,
      apiId: call.api.apiId,
      stage: call.api.stageName,
      resourcePath: call.route.route.path,
      path: withStage(call.api, call.path),
      httpMethod: call.method,
      domainName: domainName({ api: call.api, region: deps.region }),
      sourceIp: call.req.sourceIp ?? "127.0.0.1",
      userAgent: headerValue(call.headers, "user-agent") ?? "",
      protocol: "HTTP/1.1",
      requestTimeEpoch: call.timeEpoch,
      authorizer: call.authorizer,
      apiKey: call.apiKey,
    }),
  };
}

/**
 * Integration request headers a mapping may not set, as AWS recorded them (TestApiGatewayHeaderRemapping):
 * Content-Length and Transfer-Encoding for HTTP endpoints, those and Authorization, Connection, Expect,
 * Proxy-Authenticate and TE for AWS services and Lambda functions. MOCK integrations send nothing.
 */
const RESERVED_HTTP_REQUEST_HEADERS = new Set(["content-length", "transfer-encoding"]);
const RESERVED_AWS_REQUEST_HEADERS = new Set([...RESERVED_HTTP_REQUEST_HEADERS, "authorization", "connection", "expect", "proxy-authenticate", "te"]);

function reservedRequestHeader(integration: AwsIntegration): string | undefined {
  if (integration.service === MOCK_SERVICE) return undefined;
  const reserved = integration.service === HTTP_PROXY_SERVICE || integration.service === "http" ? RESERVED_HTTP_REQUEST_HEADERS : RESERVED_AWS_REQUEST_HEADERS;
  for (const target of Object.keys(integration.requestParameters ?? {})) {
    const name = /^integration\.request\.header\.(.+)$/.exec(target)?.[1];
    if (name !== undefined && reserved.has(name.toLowerCase())) return name;
  }
  return undefined;
}

/** Calls the service through the dispatcher. */
function dispatch(deps: AwsIntegrationDeps, call: AwsIntegrationCall, action: string, input: Record<string, unknown>): Promise<Outcome> {
  const { dispatcher } = deps;
  const { service } = call.integration;
  if (!dispatcher) {
    deps.logger.error(`API Gateway: ${call.route.routeKey} calls ${service} ${action}, but no dispatcher reaches ${service}`);
    return Promise.resolve("failed");
  }
  // integration.request.header.Accept 'application/xml': the query services answer their XML (aws/queryXml.ts).
  const accept = mappedHeaders(call.integration.requestParameters ?? {}, call).find(([name]) => name.toLowerCase() === "accept")?.[1];
  const xml = hasXmlAnswer(service) && wantsXml(accept);
  const written = (json: string) => (xml ? queryXml(service, json) : json);
  const answer = dispatcher.call(service, action, input, { traceHeader: call.ids.trace }).then(
    (ok): Outcome => ({ status: 200, body: written(isQueryService(service) ? queryAnswer(service, action, ok) : JSON.stringify(ok)) }),
    (error: unknown): Outcome => {
      if (isAwsError(error)) return { status: error.statusCode, body: written(errorAnswer(service, error)) };
      deps.logger.warn(`API Gateway could not call ${service} ${action}: ${error instanceof Error ? error.message : String(error)}`);
      return "failed";
    },
  );
  return withTimeout(deps, call, `${service} ${action}`, answer);
}

/**
 * Invokes the route's function with the mapped body as its event. A function error is matched
 * by its errorMessage; a function that did not fail selects the default response.
 */
function invoke(deps: AwsIntegrationDeps, call: AwsIntegrationCall, payload: string): Promise<Outcome> {
  const functionName = call.route.route.functionName;
  let invocation: Promise<Outcome>;
  try {
    invocation = deps.invoker.invoke({ functionName, payload: Buffer.from(payload), invocationType: "RequestResponse", traceHeader: call.ids.trace, source: "apigateway" }).then((result): Outcome => {
      const body = result.payload.toString("utf8");
      if (result.functionError === undefined) return { status: 200, body };
      return { status: 200, body, selector: errorMessage(body) };
    });
  } catch (error) {
    invocation = Promise.reject(error);
  }
  return invocation.catch((error: unknown): Outcome => {
    deps.logger.warn(`API Gateway could not invoke ${functionName}: ${error instanceof Error ? error.message : String(error)}`);
    return "failed";
  });
}

/** A Lambda error payload's errorMessage ({"errorMessage": "…", "errorType": "…"}), "" when it has none. */
function errorMessage(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && "errorMessage" in parsed) return String(parsed.errorMessage);
  } catch {
    // Not JSON: nothing to match.
  }
  return "";
}

/** Gives up after the integration timeout on the gateway's clock. */
function withTimeout(deps: AwsIntegrationDeps, call: AwsIntegrationCall, what: string, answer: Promise<Outcome>): Promise<Outcome> {
  return withIntegrationTimeout(deps, answer, call.route.route.timeoutMs ?? REST_API_INTEGRATION_TIMEOUT_MS, what, call.route.routeKey);
}
