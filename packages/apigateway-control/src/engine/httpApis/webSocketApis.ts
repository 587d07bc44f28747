/**
 * What differs for WebSocket APIs created through API Gateway v2's control plane (CreateApi
 * --protocol-type WEBSOCKET): free-form route keys besides $connect / $disconnect / $default, every
 * integration type with WebSocket defaults, REQUEST authorizers only, route responses, and the
 * stage defaults. The members answered are those AWS answers for a WebSocket API's integrations,
 * stages and authorizers (an AWS account's get-integrations / get-stages / get-authorizers dump of
 * WebSocket APIs, 2026; the AWS CLI's create-integration example "To create a WebSocket API
 * integration").
 */
import { badRequest } from "../../errors.js";
import type { StoredAuthorizer, StoredIntegration, StoredRouteSettings } from "./state.js";

type Input = Record<string, unknown>;

/** A WebSocket integration's timeout when none is given (29 s: "between 50 and 29,000 milliseconds for WebSocket APIs", the Integration shape's TimeoutInMillis). */
export const DEFAULT_WEBSOCKET_TIMEOUT_MS = 29_000;
/** The route keys API Gateway gives a meaning; any other key starting with $ is refused. */
const PREDEFINED_ROUTE_KEYS = new Set(["$connect", "$disconnect", "$default"]);
const WEBSOCKET_INTEGRATION_TYPES = new Set(["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"]);
const WEBSOCKET_AUTHORIZATION_TYPES = new Set(["NONE", "AWS_IAM", "CUSTOM"]);
/** What a WebSocket stage's DefaultRouteSettings show when none were given (as AWS answers get-stages for a WebSocket API). */
export const WEBSOCKET_DEFAULT_ROUTE_SETTINGS: StoredRouteSettings = { DataTraceEnabled: false, DetailedMetricsEnabled: false, LoggingLevel: "OFF" };
/** AWS's CreateDeployment of a WebSocket API that has no route (CloudFormation's answer quoted in aws/serverless-application-model#2512). */
export const NO_WEBSOCKET_ROUTES = "At least one route is required before deploying the Api";

/** "$connect", "$disconnect", "$default" or a key of the caller's own that does not start with $. */
export function checkWebSocketRouteKey(key: string): void {
  // AWS's text for "$getauthorized" (serverless/serverless#9530, CloudFormation's AmazonApiGatewayV2 BadRequestException).
  if ((key.startsWith("$") && !PREDEFINED_ROUTE_KEYS.has(key)) || key === "") throw badRequest("The provided route key is not formatted properly");
}

/** CreateApi's members that only HTTP APIs take (the model documents each as "Supported only for HTTP APIs"). */
export function checkWebSocketApiInput(input: Input): void {
  // AWS's texts for these were not found; the model's own words are named.
  for (const name of ["Target", "RouteKey", "CredentialsArn", "CorsConfiguration"]) {
    if (input[name] !== undefined) throw badRequest(`${name} is supported only for HTTP APIs`);
  }
  // No AWS text was found for a WebSocket API created without one (the model: "Required for WebSocket APIs").
  if (input.RouteSelectionExpression === undefined && input.ProtocolType === "WEBSOCKET") throw badRequest("RouteSelectionExpression is required for WebSocket APIs");
}

export function checkWebSocketAuthorizationType(type: string): void {
  // AWS's text was not found; the route's AuthorizationType documentation ("For WebSocket APIs, valid values are NONE … AWS_IAM … CUSTOM") is named.
  if (!WEBSOCKET_AUTHORIZATION_TYPES.has(type)) throw badRequest(`Invalid authorization type ${type}: a WebSocket API's routes take NONE, AWS_IAM or CUSTOM`);
}

/** An integration from CreateIntegration's (or UpdateIntegration's merged) members, with AWS's defaults for WebSocket APIs. */
export function webSocketIntegrationFrom(input: Input & { IntegrationId: string }, pick: (input: Input, names: string[]) => Input): StoredIntegration {
  const type = String(input.IntegrationType);
  if (!WEBSOCKET_INTEGRATION_TYPES.has(type)) throw badRequest(`Invalid integration type ${type}`);
  // AWS's text for a missing URI was not found; as for HTTP APIs, the member is named.
  if (type !== "MOCK" && input.IntegrationUri === undefined) throw badRequest(`IntegrationUri is required for integrations of type ${type}`);
  const selection = type === "AWS" ? "${integration.response.body.errorMessage}" : type === "HTTP" || type === "MOCK" ? "${integration.response.statuscode}" : undefined;
  const uri = input.IntegrationUri !== undefined;
  return {
    IntegrationId: input.IntegrationId,
    IntegrationType: type,
    ...pick(input, ["IntegrationUri", "ConnectionId", "CredentialsArn", "Description", "RequestParameters", "RequestTemplates", "TemplateSelectionExpression", "ContentHandlingStrategy", "TlsConfig"]),
    // A backend with a URI is called with POST unless told otherwise (AWS_PROXY answers IntegrationMethod POST; MOCK none).
    ...(uri ? { IntegrationMethod: typeof input.IntegrationMethod === "string" ? input.IntegrationMethod : "POST" } : {}),
    ...(selection !== undefined ? { IntegrationResponseSelectionExpression: selection } : {}),
    PassthroughBehavior: typeof input.PassthroughBehavior === "string" ? input.PassthroughBehavior : "WHEN_NO_MATCH",
    PayloadFormatVersion: typeof input.PayloadFormatVersion === "string" ? input.PayloadFormatVersion : "1.0",
    ConnectionType: typeof input.ConnectionType === "string" ? input.ConnectionType : "INTERNET",
    TimeoutInMillis: typeof input.TimeoutInMillis === "number" ? input.TimeoutInMillis : DEFAULT_WEBSOCKET_TIMEOUT_MS,
  } as StoredIntegration;
}

/** A WebSocket API's authorizer: REQUEST (a Lambda function) only, with the members AWS answers for one. */
export function webSocketAuthorizerFrom(input: Input & { AuthorizerId: string }, pick: (input: Input, names: string[]) => Input): StoredAuthorizer {
  const type = String(input.AuthorizerType);
  // AWS's text was not found; the AuthorizerType documentation ("Specify REQUEST for a Lambda function … Specify JWT … Supported only for HTTP APIs") is named.
  if (type !== "REQUEST") throw badRequest(`Invalid authorizer type ${type}: WebSocket APIs take REQUEST`);
  if (input.AuthorizerUri === undefined) throw badRequest("AuthorizerUri is required for authorizers of type REQUEST");
  return {
    AuthorizerId: input.AuthorizerId,
    Name: String(input.Name),
    AuthorizerType: type,
    IdentitySource: Array.isArray(input.IdentitySource) ? input.IdentitySource.map(String) : [],
    ...pick(input, ["AuthorizerUri", "AuthorizerCredentialsArn", "IdentityValidationExpression"]),
  } as StoredAuthorizer;
}
