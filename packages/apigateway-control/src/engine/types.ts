/**
 * The APIs the sandbox serves, as packages/sandbox passes them in (plain data from the
 * template): REST APIs (v1), HTTP and WebSocket APIs (v2).
 */
export interface ControlPlaneApi {
  kind: "rest" | "http" | "websocket";
  /** The id the sandbox uses in its URLs and events (requestContext.apiId). */
  apiId: string;
  name: string;
  description?: string;
  stageName: string;
  /** v2: ApiEndpoint where the sandbox serves the API; AWS's https://<id>.execute-api.<region>.amazonaws.com when absent. */
  endpoint?: string;
  stageVariables?: Record<string, string>;
  /** REST APIs: the root resource's id (Fn::GetAtt RootResourceId). */
  rootResourceId?: string;
  /** REST APIs: X-Ray tracing of the stage. */
  tracingEnabled?: boolean;
  /** REST APIs: "HEADER" or "AUTHORIZER". */
  apiKeySource?: "HEADER" | "AUTHORIZER";
  binaryMediaTypes?: string[];
  /** GetRestApi's / GetApi's tags (CloudFormation's aws:cloudformation:*, SAM's httpapi:createdBy, the template's Tags). */
  tags?: Record<string, string>;
  /** REST APIs: GetRestApi's version ("1.0" where SAM generated the swagger). */
  version?: string;
  /** HTTP APIs: CorsConfiguration as API Gateway v2 returns it. */
  cors?: { allowOrigins: string[]; allowMethods: string[]; allowHeaders: string[]; exposeHeaders: string[]; allowCredentials: boolean; maxAge?: number };
  /** WebSocket APIs: "$request.body.action". */
  routeSelectionExpression?: string;
  /** HTTP/REST: "GET" + "/items/{id}"; WebSocket: routeKey in `path`, method "". */
  routes: ControlPlaneRoute[];
  authorizers?: Array<{ name: string; type: string }>;
}

export interface ControlPlaneRoute {
  /** "GET", "ANY", …; "" for WebSocket routes. */
  method: string;
  /** "/items/{id}", "$default" (HTTP APIs), or a WebSocket route key ("$connect", "sendmessage"). */
  path: string;
  /** The integration's target: a function ARN, a Step Functions action, or an SQS / EventBridge subtype with its RequestParameters. */
  target:
    | { type: "lambda"; functionArn: string }
    | { type: "stepfunctions"; action: string }
    | { type: "service"; subtype: string; requestParameters: Record<string, string> };
  payloadFormatVersion?: "1.0" | "2.0";
  timeoutMs?: number;
  /** The route's authorizer name (one of the API's authorizers), its scopes, and whether it needs an API key. */
  authorizer?: string;
  scopes?: string[];
  apiKeyRequired?: boolean;
}
