/**
 * AWS::Serverless::Api (REST) and AWS::Serverless::HttpApi, explicit or implicit, with the
 * routes of the function events that name them and of their DefinitionBody.
 */
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { messages, templateError } from "../errors.js";
import type { ApiSpec, ResolvedResource, RouteSpec } from "../model.js";
import { keyLineOf } from "../parse/located.js";
import { parseTemplateText } from "../parse/index.js";
import type { Stack, Warnings } from "../stack.js";
import { isRecord } from "../util.js";
import { binaryMediaTypes } from "../apis/binaryMediaTypes.js";
import { httpCors, isSamRestCors, pathItemKey, restCors, samCorsPreflight, samRestCors, type SamRestCors } from "../apis/cors.js";
import type { FunctionIndex } from "../apis/functionIndex.js";
import { openApiGatewayResponses, samGatewayResponses } from "../apis/gatewayResponses.js";
import { openApiRoutes } from "../apis/openapi.js";
import { httpThrottling } from "../apis/throttling.js";
import type { StateMachineIndex } from "../apis/stateMachineIndex.js";
import { SAM_HTTP_API_TAG, samTagMap, stackTags } from "../stackTags.js";

/** SAM REST `Cors` as written and the DefinitionBody's path items' keys, until the event routes are in (completeRestCors). */
const samCors = new WeakMap<ApiSpec, { cors: SamRestCors; pathKeys: Map<string, string[]> }>();

/** Implicit ServerlessRestApi's stage (SAM). */
export const IMPLICIT_REST_STAGE = "Prod";
/** HTTP APIs without StageName use the auto-deployed "$default" stage. */
export const DEFAULT_HTTP_STAGE = "$default";

export function samApiSpec(stack: Stack, resource: ResolvedResource, implicit: boolean, functions: FunctionIndex, machines: StateMachineIndex): ApiSpec {
  const props = resource.properties;
  const kind = resource.type === "AWS::Serverless::Api" ? "rest" : "http";
  const stage = props.StageName;
  if (kind === "rest" && !implicit && (stage === undefined || stage === "")) {
    throw templateError(messages.samResource(resource.logicalId, "Missing required property 'StageName'."),
      { file: stack.info.file, line: resource.line }, "Add StageName (e.g. Prod) to the AWS::Serverless::Api.");
  }
  const spec: ApiSpec = {
    logicalId: resource.logicalId,
    kind,
    apiId: resource.ref,
    name: typeof props.Name === "string" ? props.Name : stack.info.stackName,
    stageName: stage === undefined ? (kind === "rest" ? IMPLICIT_REST_STAGE : DEFAULT_HTTP_STAGE) : String(stage),
    routes: [],
    implicit,
    line: resource.line,
  };
  const generated = props.DefinitionBody === undefined && props.DefinitionUri === undefined;
  if (kind === "rest") {
    // SAM's Tags go to the Stage, not the RestApi (SAM developer guide, AWS::Serverless::Api Tags); the API carries
    // CloudFormation's tags, and the swagger SAM generates has info.version "1.0": get-rest-apis of SAM's
    // ServerlessRestApi answers "version": "1.0" and tags aws:cloudformation:logical-id / stack-id / stack-name.
    spec.tags = stackTags(stack.info, resource.logicalId);
    if (generated) spec.version = "1.0";
  } else if (props.DefinitionUri === undefined) {
    spec.tags = { [SAM_HTTP_API_TAG.key]: SAM_HTTP_API_TAG.value, ...samTagMap(props.Tags) };
  }
  const cors = kind === "rest" ? restCors(props.Cors) : httpCors(props.CorsConfiguration);
  if (cors) spec.cors = cors;
  if (isRecord(props.Auth)) spec.auth = props.Auth;
  if (kind === "rest" && isTrue(props.TracingEnabled)) spec.tracingEnabled = true;
  const throttling = kind === "http" ? httpThrottling(props.DefaultRouteSettings, props.RouteSettings) : undefined;
  if (throttling) spec.throttling = throttling;
  const definition = props.DefinitionBody ?? definitionFromUri(stack, resource);
  if (kind === "rest" && !isSamRestCors(props.Cors)) {
    throw templateError(messages.samResource(resource.logicalId, "Invalid value for 'Cors' property"),
      { file: stack.info.file, line: keyLineOf(props, "Cors") ?? resource.line }, "Cors is a quoted origin (\"'*'\") or a map of AllowOrigin, AllowHeaders, AllowMethods, MaxAge and AllowCredentials.");
  }
  const sam = kind === "rest" ? samRestCors(props.Cors) : undefined;
  if (sam) {
    if (sam.allowCredentials && sam.allowOrigin === "'*'") {
      throw templateError(messages.samResource(resource.logicalId, "Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set"),
        { file: stack.info.file, line: keyLineOf(props, "Cors") ?? resource.line }, "Name the allowed origin in AllowOrigin, or drop AllowCredentials.");
    }
    samCors.set(spec, { cors: sam, pathKeys: definitionPathKeys(definition) });
  }
  spec.routes.push(...openApiRoutes(definition, kind, functions, machines, resource.logicalId, stack.warnings));
  if (kind === "rest") {
    const types = binaryMediaTypes(props.BinaryMediaTypes, definition);
    if (types) spec.binaryMediaTypes = types;
    const gatewayResponses = { ...openApiGatewayResponses(definition), ...samGatewayResponses(props.GatewayResponses) };
    if (Object.keys(gatewayResponses).length > 0) spec.gatewayResponses = gatewayResponses;
  }
  return spec;
}

/** CloudFormation booleans may be written as strings. */
function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** DefinitionUri naming a local file (as `sam local` reads it); S3 locations cannot be read. */
function definitionFromUri(stack: Stack, resource: ResolvedResource): unknown {
  const uri = resource.properties.DefinitionUri;
  if (uri === undefined) return undefined;
  if (typeof uri !== "string" || /^s3:\/\//i.test(uri)) {
    stack.warnings.add(`${resource.logicalId}: DefinitionUri in S3 cannot be read by the sandbox; only routes from function events are served`);
    return undefined;
  }
  const file = resolvePath(stack.info.dir, uri);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw templateError(`DefinitionUri ${uri} of ${resource.logicalId} cannot be read (${file})`,
      { file: stack.info.file, line: keyLineOf(resource.properties, "DefinitionUri") ?? resource.line },
      "Point DefinitionUri at the OpenAPI file, relative to the template.");
  }
  return stack.resolve(parseTemplateText(text, file));
}

/** Adds event routes; an event route replaces a DefinitionBody route with the same method and path. */
export function addRoutes(api: ApiSpec, routes: RouteSpec[], warnings: Warnings): void {
  for (const route of routes) {
    const clash = api.routes.find((r) => r.method === route.method && r.path === route.path);
    // SAM's SwaggerEditor does not overwrite an integration the definition already has: a
    // non-proxy (Type: AWS) integration with its mapping templates stays.
    if (clash?.awsIntegration) continue;
    if (clash && targetOf(clash) !== targetOf(route)) {
      warnings.add(`${api.logicalId}: ${route.method} ${route.path} is declared by both ${targetOf(clash)} and ${targetOf(route)}; ${targetOf(route)} serves it`);
    }
    api.routes = api.routes.filter((r) => r !== clash);
    api.routes.push(route);
  }
}

/** What serves a route, for messages: the function's or the state machine's logical id (or ARN). */
function targetOf(route: RouteSpec): string {
  if (route.serviceIntegration) return route.serviceIntegration.subtype;
  return route.stepFunctions ? (route.stepFunctions.stateMachineLogicalId ?? route.stepFunctions.stateMachineArn ?? "Step Functions") : route.functionLogicalId;
}

/** The keys of each DefinitionBody path item ("get", "x-amazon-apigateway-any-method", "parameters"…), as SAM's SwaggerEditor sees them. */
function definitionPathKeys(definition: unknown): Map<string, string[]> {
  const paths = isRecord(definition) && isRecord(definition.paths) ? definition.paths : {};
  return new Map(Object.entries(paths).flatMap(([path, item]): Array<[string, string[]]> => (isRecord(item) ? [[path, Object.keys(item)]] : [])));
}

/**
 * SAM REST CORS: every path of the API without its own OPTIONS method gets SAM's OPTIONS MOCK
 * method (ApiGenerator._add_cors over all paths, after the events added theirs). Without
 * AllowMethods the model's list is the methods the API defines, plus OPTIONS.
 */
export function completeRestCors(api: ApiSpec): void {
  if (api.kind !== "rest" || !api.cors) return;
  const sam = samCors.get(api);
  if (sam) {
    const keys = new Map(sam.pathKeys);
    for (const route of api.routes) keys.set(route.path, [...(keys.get(route.path) ?? []), pathItemKey(route.method)]);
    const preflights = Object.fromEntries([...keys].filter(([, k]) => !k.includes("options")).map(([path, k]) => [path, samCorsPreflight(sam.cors, k)]));
    if (Object.keys(preflights).length > 0) api.cors.preflights = preflights;
  }
  if (api.cors.allowMethods.length > 0) return;
  const methods = new Set(api.routes.map((r) => r.method));
  const all = methods.has("ANY") ? ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"] : [...methods, "OPTIONS"];
  api.cors.allowMethods = [...new Set(all)].sort();
}
