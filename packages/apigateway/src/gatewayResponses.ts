/**
 * A REST API's customized gateway responses (AWS::ApiGateway::GatewayResponse, SAM's
 * GatewayResponses, x-amazon-apigateway-gateway-responses). As "Gateway responses in API Gateway"
 * documents: the response type's own customization applies, else the API's DEFAULT_4XX or
 * DEFAULT_5XX by the response's status; it may change the status, adds its header parameters,
 * and writes the body from its template ({"message":$context.error.messageString} by default), a
 * non-VTL template whose $context and $stageVariables variables are substituted (vtl/substitution.ts).
 */
import type { EdgeRequest, EdgeResponse } from "@sam-sandbox/core";
import type { ApiConfig, GatewayResponseConfig } from "./config.js";
import type { GatewayResponse } from "./errors.js";
import { headerPairs, headerValue, parseQuery } from "./http/incoming.js";
import { answeredGatewayResponse, toEdgeResponse } from "./respond.js";
import { substituteVariables } from "./vtl/substitution.js";

/** The parameter a header parameter's key names: gatewayresponse.header.<Name>. */
const HEADER_PARAMETER = /^gatewayresponse\.header\.(.+)$/;

/** Headers the gateway writes itself, recomputed for the customized body. */
const BODY_HEADERS = new Set(["content-type", "content-length"]);

/** The request facts a customization reads: header parameters' sources and its template's $context. */
export interface CustomizedRequest {
  req: EdgeRequest;
  pathParameters: Record<string, string>;
  /** Resource path ("/items/{id}"), "" when no resource matched. */
  resourcePath: string;
}

/** The API's customization of the gateway response `response` was built from; `response` itself when there is none. */
export function customizeGatewayResponse(api: ApiConfig, request: CustomizedRequest, response: EdgeResponse): EdgeResponse {
  const error = answeredGatewayResponse(response);
  if (!error || !api.gatewayResponses) return response;
  const config = customizationOf(api.gatewayResponses, error);
  if (!config) return response;

  const requested = Number(config.statusCode);
  const status = Number.isInteger(requested) && requested >= 100 && requested <= 599 ? requested : error.statusCode;
  const template = templateOf(config.responseTemplates ?? {});
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(response.headers)) {
    if (template === undefined || !BODY_HEADERS.has(name.toLowerCase())) pairs.push([name, value]);
  }
  for (const [name, values] of Object.entries(response.multiValueHeaders ?? {})) for (const value of values) pairs.push([name, value]);
  for (const [target, source] of Object.entries(config.responseParameters ?? {})) {
    const header = HEADER_PARAMETER.exec(target)?.[1];
    const value = header === undefined ? undefined : parameterValue(api, request, source);
    if (header !== undefined && value !== undefined) pairs.push([header, value]);
  }
  if (template === undefined) return toEdgeResponse(status, pairs, typeof response.body === "string" ? Buffer.from(response.body) : response.body);
  const body = Buffer.from(substituteVariables(template.text, templateInput(api, request, error, response)));
  pairs.push(["content-type", template.contentType], ["content-length", String(body.length)]);
  return toEdgeResponse(status, pairs, body);
}

function customizationOf(responses: Record<string, GatewayResponseConfig>, error: GatewayResponse): GatewayResponseConfig | undefined {
  const own = error.responseType === undefined ? undefined : responses[error.responseType];
  return own ?? responses[error.statusCode >= 500 ? "DEFAULT_5XX" : "DEFAULT_4XX"];
}

/** The application/json template, else the only one written. */
function templateOf(templates: Record<string, string>): { contentType: string; text: string } | undefined {
  const entries = Object.entries(templates);
  const chosen = entries.find(([type]) => type.toLowerCase() === "application/json") ?? entries[0];
  return chosen === undefined ? undefined : { contentType: chosen[0], text: chosen[1] };
}

/** 'literal', or the request's method.request.{header,querystring,path}.<name>, or stageVariables.<name>. */
function parameterValue(api: ApiConfig, request: CustomizedRequest, source: string): string | undefined {
  if (/^'.*'$/s.test(source)) return source.slice(1, -1);
  const match = /^(?:method\.request\.(header|querystring|path)|stageVariables)\.(.+)$/.exec(source);
  if (!match) return undefined;
  const [, where, name] = match;
  if (where === undefined) return api.stageVariables?.[name];
  if (where === "header") return headerValue(headerPairs(request.req), name);
  if (where === "path") return request.pathParameters[name];
  return parseQuery(request.req.rawQuery).find(([key]) => key === name)?.[1];
}

function templateInput(api: ApiConfig, request: CustomizedRequest, error: GatewayResponse, response: EdgeResponse) {
  const { req } = request;
  return {
    stageVariables: api.stageVariables ?? {},
    context: {
      error: { message: error.message, messageString: JSON.stringify(error.message), responseType: error.responseType, validationErrorString: error.message },
      requestId: response.headers["x-amzn-RequestId"] ?? "",
      extendedRequestId: response.headers["x-amz-apigw-id"] ?? "",
      apiId: api.apiId,
      stage: api.stageName,
      httpMethod: req.method.toUpperCase(),
      resourcePath: request.resourcePath,
      path: req.path,
      identity: { sourceIp: req.sourceIp ?? "127.0.0.1", userAgent: headerValue(headerPairs(req), "user-agent") ?? "" },
    },
  };
}
