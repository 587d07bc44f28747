import { SandboxError } from "@sam-sandbox/core";
import type { ApiKeyConfig, AuthorizerConfig, RouteAuthorization } from "./auth/config.js";
import { missingServiceParameter } from "./services/subtypes.js";
import { checkValidation, type RequestValidation } from "./validation.js";
import { invalidMappingKey, type ParameterMapping } from "./http/parameterMapping.js";

/**
 * One API of the template, as packages/template's ApiSpec describes it (an ApiSpec
 * is assignable to ApiConfig). All APIs are served together on the app port.
 */
export interface ApiConfig {
  /** Logical id in the template, shown by routes() and in messages. */
  logicalId?: string;
  /** "http" = API Gateway v2 HTTP API; "rest" = API Gateway v1 REST API. */
  kind: "http" | "rest";
  /** 10-character id: requestContext.apiId and the execute-api host name. */
  apiId: string;
  /** "$default" (served from the root) or a stage name such as "Prod". */
  stageName: string;
  cors?: CorsConfig;
  routes: RouteConfig[];
  /** REST API BinaryMediaTypes. Left out: bodies that are not UTF-8 text travel base64-encoded. */
  binaryMediaTypes?: string[];
  /** Stage variables, passed to functions as event.stageVariables. */
  stageVariables?: Record<string, string>;
  /** The API's Name: X-Ray names a stage's segment "<name>/<stage>" (the apiId when absent). */
  name?: string;
  /** REST APIs: the stage's X-Ray active tracing (TracingEnabled). HTTP APIs have none on AWS. */
  tracingEnabled?: boolean;
  /** The API's authorizers (Lambda, JWT, Cognito user pools), named by routes' authorization. */
  authorizers?: AuthorizerConfig[];
  /** REST APIs: the API keys of the usage plans that include this API's stage. */
  apiKeys?: ApiKeyConfig[];
  /** REST APIs: ApiKeySourceType — "HEADER" (x-api-key, the default) or "AUTHORIZER" (the authorizer's usageIdentifierKey). */
  apiKeySource?: "HEADER" | "AUTHORIZER";
  /**
   * REST APIs: customized gateway responses by response type ("DEFAULT_4XX", "MISSING_AUTHENTICATION_TOKEN", …),
   * from AWS::ApiGateway::GatewayResponse, SAM GatewayResponses or x-amazon-apigateway-gateway-responses.
   */
  gatewayResponses?: Record<string, GatewayResponseConfig>;
  /**
   * HTTP APIs: the stage's route throttling ("Throttle requests to your HTTP APIs"): DefaultRouteSettings
   * for every route, RouteSettings by route key ("GET /pets", "$default") for one.
   */
  throttling?: { defaultRoute?: RouteThrottle; routes?: Record<string, RouteThrottle> };
}

/** ThrottlingRateLimit (requests per second) and ThrottlingBurstLimit (the bucket) of a route; absent: the account's. */
export interface RouteThrottle {
  rateLimit?: number;
  burstLimit?: number;
}

/** One customized gateway response (AWS::ApiGateway::GatewayResponse's properties). */
export interface GatewayResponseConfig {
  /** The status answered instead of the response type's own. */
  statusCode?: string;
  /** gatewayresponse.header.<Name> ← 'literal' | method.request.{header,querystring,path}.<name> | stageVariables.<name> */
  responseParameters?: Record<string, string>;
  /** Content type → body template ($context.error.messageString, $context.requestId, $stageVariables…). */
  responseTemplates?: Record<string, string>;
}

/**
 * A route's target is a function (`functionName`, a Lambda proxy integration) or, when
 * `stepFunctions` is set, a Step Functions action called through the AwsDispatcher port
 * (functionName is then "" and payloadFormatVersion unused).
 */
export interface RouteConfig {
  /** "GET", "POST", …, or "ANY". */
  method: string;
  /** "/items/{id}", "/{proxy+}", or "$default" (HTTP APIs). */
  path: string;
  /** What the Lambda port is invoked with; "" for a Step Functions route. */
  functionName: string;
  /** "2.0" (HTTP API default) or "1.0" (REST APIs; HTTP API PayloadFormatVersion "1.0"). */
  payloadFormatVersion: "1.0" | "2.0";
  /** TimeoutInMillis of the integration. */
  timeoutMs?: number;
  /** Set when the integration calls Step Functions instead of a function. */
  stepFunctions?: StepFunctionsIntegration;
  /** Set when the integration is an HTTP API first-class integration with SQS or EventBridge. */
  serviceIntegration?: ServiceIntegration;
  /** Set when a REST API's integration is `Type: AWS` (non-proxy) to a service action, with mapping templates. */
  awsIntegration?: AwsIntegration;
  /** The route's authorizer and API key requirement; absent: open to all. */
  authorization?: RouteAuthorization;
  /** REST APIs: the method's request validator (required parameters, body model), checked before the integration. */
  validation?: RequestValidation;
  /** HTTP APIs: the integration's RequestParameters and ResponseParameters (http/parameterMapping.ts), of a Lambda proxy or HTTP_PROXY route. */
  parameterMapping?: ParameterMapping;
  /** HTTP APIs: set when the integration is HTTP_PROXY to an HTTP endpoint (httpIntegration/httpApiProxy.ts); functionName is then "". */
  httpProxy?: HttpProxyIntegration;
  /** REST API Lambda proxy routes: the integration's IntegrationHttpMethod when it is not POST; Lambda takes no other, so API Gateway answers 500. */
  integrationHttpMethod?: string;
}

/** An HTTP API HTTP_PROXY integration (packages/template's HttpProxyRouteSpec is assignable to it). */
export interface HttpProxyIntegration {
  /** IntegrationUri: an http(s) URL, its {variables} filled from the route's path variables ({proxy} from {proxy+}). */
  uri: string;
  /** IntegrationMethod; absent or "ANY": the request's own method. */
  method?: string;
}

/** The Step Functions actions API Gateway integrations call. */
export type StepFunctionsAction = "StartExecution" | "StartSyncExecution" | "StopExecution";

/**
 * An integration that calls Step Functions (packages/template's StepFunctionsRouteSpec is
 * assignable to it). REST APIs: SAM's integration for a state machine's `Api` event — an AWS
 * integration to StartExecution whose application/json mapping template is
 * {"input": "$util.escapeJavaScript($input.json('$'))", "stateMachineArn": "<arn>"}, with
 * integration responses "200" and "400" passed through. HTTP APIs: AWS_PROXY with
 * IntegrationSubtype StepFunctions-<action>, its request built from `requestParameters`.
 */
export interface StepFunctionsIntegration {
  action: StepFunctionsAction;
  /** REST APIs: the state machine started. */
  stateMachineArn?: string;
  /** REST APIs: SAM's UnescapeMappingTemplate (adds .replaceAll("\\'","'") to the template). */
  unescapeMappingTemplate?: boolean;
  /** HTTP APIs: RequestParameters ({ StateMachineArn: "arn:…", Input: "$request.body", … }). */
  requestParameters?: Record<string, string>;
}

/** The HTTP API integration subtypes with SQS and EventBridge the gateway calls (API Gateway's integration subtype reference). */
export type ServiceIntegrationSubtype = "SQS-SendMessage" | "SQS-ReceiveMessage" | "SQS-DeleteMessage" | "SQS-PurgeQueue" | "EventBridge-PutEvents";

/**
 * An HTTP API AWS_PROXY integration with IntegrationSubtype SQS-* or EventBridge-PutEvents
 * (packages/template's ServiceIntegrationRouteSpec is assignable to it): the service call is
 * built from `requestParameters` ({ QueueUrl: "https://…", MessageBody: "$request.body", … }).
 */
export interface ServiceIntegration {
  subtype: ServiceIntegrationSubtype;
  requestParameters: Record<string, string>;
}

/**
 * A REST API non-proxy integration (`Type: AWS`, packages/template's AwsIntegrationRouteSpec
 * is assignable to it): `Uri: arn:aws:apigateway:<region>:<service>:action/<Action>` or
 * `…:<service>:path/<account>/<queue>`, the request template's output as the action's input,
 * the answer mapped by the integration responses.
 */
export interface AwsIntegration {
  /**
   * "dynamodb", "sqs", "sns", "states", "kinesis", "events", "ssm", "s3" (by path: aws/s3.ts), "lambda" (non-proxy), "mock" (a MOCK integration: no call), or
   * "http_proxy" (an HTTP_PROXY integration to `uri`, httpIntegration/proxy.ts).
   */
  service: string;
  /** HTTP integrations: the endpoint URL, with {variables} filled from integration.request.path.* parameters. */
  uri?: string;
  /** HTTP and S3 integrations: IntegrationHttpMethod ("ANY": the request's own). */
  httpMethod?: string;
  /** From `action/<Action>`; for `path/…` URIs the form body's Action parameter. */
  action?: string;
  /** From `path/<…>` (SQS: "<account>/<queue>"). */
  path?: string;
  /** RequestTemplates by content type. */
  requestTemplates?: Record<string, string>;
  /** RequestParameters: integration.request.querystring.X / header.X ← 'literal' or method.request.… */
  requestParameters?: Record<string, string>;
  /** "WHEN_NO_MATCH" (default), "WHEN_NO_TEMPLATES" or "NEVER". */
  passthroughBehavior?: string;
  /** Request payload conversion: "CONVERT_TO_TEXT" (binary → base64), "CONVERT_TO_BINARY" (base64 → binary); absent: passthrough. */
  contentHandling?: string;
  responses?: AwsIntegrationResponse[];
}

export interface AwsIntegrationResponse {
  statusCode: string;
  /** A regular expression on the service's HTTP status; absent or "": the default response. */
  selectionPattern?: string;
  responseTemplates?: Record<string, string>;
  /** method.response.header.X ← 'literal' */
  responseParameters?: Record<string, string>;
  /** Response payload conversion, as the integration's contentHandling. */
  contentHandling?: string;
}

/** HTTP API CorsConfiguration, or a REST API's Cors (SAM's quoted strings, quotes optional). */
export interface CorsConfig {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge?: number;
  /**
   * REST APIs: the OPTIONS MOCK integration the CORS was read from (CDK's addCorsPreflight): preflights run
   * it as AWS does (CDK's answers 204). Without it or `preflights`, SAM's OPTIONS method made from the lists (200).
   */
  preflight?: AwsIntegration;
  /**
   * REST APIs: by resource path as written, the OPTIONS MOCK method on it, which preflights run: SAM's
   * `Cors` adds one to every path (header values as the template wrote them, AllowMethods per path),
   * CDK's addCorsPreflight one per resource. A resource without one runs `preflight`.
   */
  preflights?: Record<string, AwsIntegration>;
  /** SAM's `Auth` on its OPTIONS methods: DefaultAuthorizer and ApiKeyRequired reach preflights unless Add…ToCorsPreflight is false. */
  preflightAuthorization?: RouteAuthorization;
}

const METHODS = new Set(["ANY", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Validates the APIs once at start-up: a mistake names the API and the route. */
export function validateApis(apis: ApiConfig[]): void {
  for (const api of apis) {
    const name = api.logicalId ?? api.apiId;
    for (const route of api.routes) {
      const where = `API ${name}, route ${route.method} ${route.path}`;
      if (route.stepFunctions) validateStepFunctions(api, route.stepFunctions, where);
      if (route.serviceIntegration) validateServiceIntegration(api, route.serviceIntegration, where);
      if (route.httpProxy) validateHttpProxy(api, route.httpProxy, where);
      if (route.validation) checkValidation(route.validation, where);
      const invalidMapping = route.parameterMapping ? invalidMappingKey(route.parameterMapping) : undefined;
      if (invalidMapping) throw new SandboxError(`${where}: ${invalidMapping}.`, { hint: 'See "Transform API requests and responses for HTTP APIs" in the API Gateway developer guide.' });
      if (!METHODS.has(route.method.toUpperCase())) {
        throw new SandboxError(`${where}: unknown method ${route.method}.`, { hint: `Use one of ${[...METHODS].join(", ")}.` });
      }
      if (route.path === "$default") {
        if (api.kind === "rest") throw new SandboxError(`${where}: $default routes exist only in HTTP APIs.`);
        continue;
      }
      if (!route.path.startsWith("/")) {
        throw new SandboxError(`${where}: the path must start with "/".`);
      }
      const greedy = route.path.indexOf("+}");
      if (greedy >= 0 && greedy !== route.path.length - 2) {
        throw new SandboxError(`${where}: a greedy path variable ({proxy+}) must end the path.`);
      }
    }
  }
}

const STEP_FUNCTIONS_ACTIONS = new Set<string>(["StartExecution", "StartSyncExecution", "StopExecution"]);

function validateStepFunctions(api: ApiConfig, integration: StepFunctionsIntegration, where: string): void {
  if (!STEP_FUNCTIONS_ACTIONS.has(integration.action)) {
    throw new SandboxError(`${where}: unknown Step Functions action ${integration.action}.`, { hint: `Use one of ${[...STEP_FUNCTIONS_ACTIONS].join(", ")}.` });
  }
  if (api.kind === "rest" && (integration.action !== "StartExecution" || !integration.stateMachineArn)) {
    throw new SandboxError(`${where}: a REST API Step Functions route starts an execution of stateMachineArn (StartExecution).`);
  }
  if (api.kind === "http" && !integration.requestParameters) {
    throw new SandboxError(`${where}: an HTTP API Step Functions route needs requestParameters.`, { hint: 'e.g. { StateMachineArn: "arn:aws:states:…", Input: "$request.body" }' });
  }
}

function validateServiceIntegration(api: ApiConfig, integration: ServiceIntegration, where: string): void {
  if (api.kind !== "http") throw new SandboxError(`${where}: ${integration.subtype} integrations exist only in HTTP APIs.`);
  const missing = missingServiceParameter(integration);
  if (missing !== undefined) {
    throw new SandboxError(`${where}: IntegrationSubtype ${integration.subtype} needs requestParameters.${missing}.`);
  }
}

function validateHttpProxy(api: ApiConfig, integration: HttpProxyIntegration, where: string): void {
  if (api.kind !== "http") throw new SandboxError(`${where}: httpProxy routes exist only in HTTP APIs (REST APIs use awsIntegration service "http_proxy").`);
  if (!/^https?:\/\/[^/]/i.test(integration.uri)) {
    throw new SandboxError(`${where}: the HTTP_PROXY IntegrationUri ${integration.uri} is not an http(s) URL.`, { hint: "e.g. https://example.com/petstore/{proxy}" });
  }
}
