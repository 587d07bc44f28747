/**
 * The events API Gateway sends a Lambda authorizer, one per format: REST TOKEN, REST REQUEST,
 * and HTTP API REQUEST in payload formats 1.0 and 2.0 (AWS developer guide, "Input to an API
 * Gateway Lambda authorizer" and "Working with AWS Lambda authorizers for HTTP APIs").
 */
import type { EventInput } from "../http/incoming.js";
import { v1Request } from "../http/v1-request.js";
import { v2Request } from "../http/v2-request.js";
import type { LambdaAuthorizerConfig } from "./config.js";
import { executeApiArn } from "./identity.js";

/** The payload format 1.0 request members both REQUEST authorizer events carry, in API Gateway's order. */
function requestMembers(request: Record<string, unknown>): Record<string, unknown> {
  const { resource, path, httpMethod, headers, multiValueHeaders, queryStringParameters, multiValueQueryStringParameters } = request;
  return { resource, path, httpMethod, headers, multiValueHeaders, queryStringParameters, multiValueQueryStringParameters };
}

export function authorizerEvent(config: LambdaAuthorizerConfig, input: EventInput, identity: string[]): Record<string, unknown> {
  const arn = executeApiArn(input);
  if (input.api.kind === "rest") {
    if (config.type === "TOKEN") return { type: "TOKEN", methodArn: arn, authorizationToken: identity[0] ?? "" };
    const request = v1Request(input);
    return {
      type: "REQUEST",
      methodArn: arn,
      ...requestMembers(request),
      pathParameters: request.pathParameters,
      stageVariables: request.stageVariables,
      requestContext: request.requestContext,
    };
  }
  if (config.payloadFormatVersion === "1.0") {
    const request = v1Request(input);
    const joined = identity.join(",");
    return {
      version: "1.0",
      type: "REQUEST",
      methodArn: arn,
      identitySource: joined,
      authorizationToken: joined,
      ...requestMembers(request),
      requestContext: request.requestContext,
      pathParameters: request.pathParameters,
      stageVariables: request.stageVariables,
    };
  }
  const request = v2Request(input);
  const event: Record<string, unknown> = { version: "2.0", type: "REQUEST", routeArn: arn, identitySource: identity };
  for (const key of ["routeKey", "rawPath", "rawQueryString", "cookies", "headers", "queryStringParameters", "requestContext", "pathParameters", "stageVariables"]) {
    if (request[key] !== undefined) event[key] = request[key];
  }
  return event;
}
