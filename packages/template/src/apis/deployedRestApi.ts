/**
 * A REST API created through API Gateway's control plane and deployed to a stage, read from
 * the stage's OpenAPI export (x-amazon-apigateway-integration on each method) exactly as a
 * template's Body is read. Its Lambda integrations name functions by ARN: each is invoked by
 * name when a request comes, so functions created after the deployment are found too.
 */
import { parse } from "yaml";
import type { ApiKeySpec, ApiSpec, AuthorizerSpec, RouteSpec } from "../model.js";
import { openApiAwsIntegration } from "./awsIntegrations.js";
import { isRecord } from "../util.js";
import { Warnings } from "../stack.js";
import { binaryMediaTypes } from "./binaryMediaTypes.js";
import { FunctionIndex } from "./functionIndex.js";
import { openApiGatewayResponses } from "./gatewayResponses.js";
import { openApiRoutes } from "./openapi.js";
import { StateMachineIndex } from "./stateMachineIndex.js";

export interface DeployedRestApiOptions {
  apiId: string;
  name: string;
  stageName: string;
  stageVariables?: Record<string, string>;
  tracingEnabled?: boolean;
  /** The API keys of the usage plans naming the stage. */
  apiKeys?: ApiKeySpec[];
}

/** API Gateway's AuthorizerResultTtlInSeconds when none is given. */
const DEFAULT_TTL_SECONDS = 300;
/** The security schemes API Gateway's exports give API keys and SigV4 (AWS_IAM). */
const API_KEY_SCHEME = "api_key";
const SIGV4_SCHEME = "sigv4";

export function deployedRestApi(document: unknown, options: DeployedRestApiOptions): { api: ApiSpec; warnings: string[] } {
  const warnings = new Warnings();
  const functions = FunctionIndex.anyFunction();
  const api: ApiSpec = {
    logicalId: options.apiId,
    kind: "rest",
    apiId: options.apiId,
    name: options.name,
    stageName: options.stageName,
    routes: openApiRoutes(document, "rest", functions, new StateMachineIndex([]), options.apiId, warnings),
    implicit: false,
  };
  const authorizers = securityAuthorizers(document, functions);
  if (authorizers.length > 0) api.authorizers = authorizers;
  for (const route of api.routes) {
    const authorization = routeAuthorization(route, new Set(authorizers.map((a) => a.name)));
    if (authorization) route.authorization = authorization;
  }
  if (options.stageVariables && Object.keys(options.stageVariables).length > 0) api.stageVariables = options.stageVariables;
  if (options.tracingEnabled) api.tracingEnabled = true;
  if (options.apiKeys?.length) api.apiKeys = options.apiKeys;
  if (isRecord(document) && document["x-amazon-apigateway-api-key-source"] === "AUTHORIZER") api.apiKeySource = "AUTHORIZER";
  api.routes.push(...mockOptionsRoutes(document));
  const types = binaryMediaTypes(undefined, document);
  if (types) api.binaryMediaTypes = types;
  const gatewayResponses = openApiGatewayResponses(document);
  if (Object.keys(gatewayResponses).length > 0) api.gatewayResponses = gatewayResponses;
  return { api, warnings: warnings.list() };
}

/**
 * The OPTIONS methods with MOCK integrations (how the console's "Enable CORS", Terraform modules
 * and CDK answer preflights), served as the methods they are: a template's are its CORS, but an
 * API built call by call has no other word for it.
 */
function mockOptionsRoutes(document: unknown): RouteSpec[] {
  const out: RouteSpec[] = [];
  const paths = isRecord(document) && isRecord(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    const integration = isRecord(item) && isRecord(item.options) ? item.options["x-amazon-apigateway-integration"] : undefined;
    if (!isRecord(integration) || String(integration.type).toLowerCase() !== "mock") continue;
    const awsIntegration = openApiAwsIntegration(integration);
    if (awsIntegration) out.push({ method: "OPTIONS", path, functionLogicalId: "", functionName: "", payloadFormatVersion: "1.0", eventId: `OPTIONS ${path}`, awsIntegration });
  }
  return out;
}

/** The Lambda and Cognito authorizers of components.securitySchemes' x-amazon-apigateway-authorizer (Swagger: securityDefinitions). */
function securityAuthorizers(document: unknown, functions: FunctionIndex): AuthorizerSpec[] {
  if (!isRecord(document)) return [];
  const schemes = isRecord(document.components) && isRecord(document.components.securitySchemes) ? document.components.securitySchemes : isRecord(document.securityDefinitions) ? document.securityDefinitions : {};
  const out: AuthorizerSpec[] = [];
  for (const [name, scheme] of Object.entries(schemes)) {
    const authorizer = isRecord(scheme) ? scheme["x-amazon-apigateway-authorizer"] : undefined;
    if (!isRecord(authorizer)) continue;
    const type = String(authorizer.type ?? "").toUpperCase();
    const sources = typeof authorizer.identitySource === "string" ? authorizer.identitySource.split(",").map((s) => s.trim()).filter((s) => s !== "") : [];
    if (type === "COGNITO_USER_POOLS") {
      const providerArns = Array.isArray(authorizer.providerARNs) ? authorizer.providerARNs.map(String) : [];
      out.push({ name, type: "COGNITO_USER_POOLS", providerArns, identitySources: sources.length > 0 ? sources : ["method.request.header.Authorization"] });
      continue;
    }
    const fn = functions.invoked(authorizer.authorizerUri);
    if (!fn || (type !== "TOKEN" && type !== "REQUEST")) continue;
    const ttl = Number(authorizer.authorizerResultTtlInSeconds ?? DEFAULT_TTL_SECONDS);
    const spec: AuthorizerSpec = {
      name,
      type,
      functionName: fn.functionName,
      identitySources: sources.length > 0 || type === "REQUEST" ? sources : ["method.request.header.Authorization"],
      ttlSeconds: Number.isFinite(ttl) ? ttl : DEFAULT_TTL_SECONDS,
    };
    if (typeof authorizer.identityValidationExpression === "string") spec.validationExpression = authorizer.identityValidationExpression;
    out.push(spec);
  }
  return out;
}

/** A route's operation security: an authorizer (with scopes), SigV4, the API key. */
function routeAuthorization(route: RouteSpec, authorizers: Set<string>): RouteSpec["authorization"] {
  const security = Array.isArray(route.auth?.security) ? route.auth.security : [];
  const authorization: NonNullable<RouteSpec["authorization"]> = {};
  for (const entry of security) {
    if (!isRecord(entry)) continue;
    for (const [name, scopes] of Object.entries(entry)) {
      if (name === API_KEY_SCHEME) authorization.apiKeyRequired = true;
      else if (name === SIGV4_SCHEME) authorization.iam = true;
      else if (authorizers.has(name)) {
        authorization.authorizer = name;
        if (Array.isArray(scopes) && scopes.length > 0) authorization.scopes = scopes.map(String);
      }
    }
  }
  return Object.keys(authorization).length > 0 ? authorization : undefined;
}

/** An OpenAPI definition given to ImportRestApi / PutRestApi as YAML (or JSON, YAML's subset). */
export function parseApiDefinition(text: string): unknown {
  return parse(text);
}
