/**
 * CloudFormation REST APIs (what CDK's LambdaRestApi / RestApi synthesize):
 * AWS::ApiGateway::RestApi, a tree of AWS::ApiGateway::Resource (ParentId + PathPart, rooted
 * at the API's RootResourceId) and AWS::ApiGateway::Method with AWS_PROXY integrations.
 */
import type { ApiSpec, CorsSpec, ResolvedResource, RouteSpec } from "../model.js";
import type { Stack } from "../stack.js";
import { compact, isRecord } from "../util.js";
import { binaryMediaTypes } from "../apis/binaryMediaTypes.js";
import { corsFromMockOptions } from "../apis/cors.js";
import type { FunctionIndex } from "../apis/functionIndex.js";
import { openApiRoutes } from "../apis/openapi.js";
import type { StateMachineIndex } from "../apis/stateMachineIndex.js";
import { restStepFunctions } from "../apis/stepFunctions.js";
import { cfnRequestValidation } from "../apis/validation.js";
import { cfnAwsIntegration, lambdaProxyInvokeMethod } from "../apis/awsIntegrations.js";
import { cfnGatewayResponses, openApiGatewayResponses } from "../apis/gatewayResponses.js";
import { normalizeMethod } from "../sam/events.js";
import { cfnTagMap, stackTags } from "../stackTags.js";

/** CDK's default stage name, used when the template declares none for an API. */
const FALLBACK_STAGE = "prod";

const byType = (resources: ResolvedResource[], type: string) => resources.filter((r) => r.type === type);

export function cfnRestApis(stack: Stack, resources: ResolvedResource[], functions: FunctionIndex, machines: StateMachineIndex): ApiSpec[] {
  const out: ApiSpec[] = [];
  for (const api of byType(resources, "AWS::ApiGateway::RestApi")) {
    const paths = resourcePaths(resources, api);
    const stageResource = byType(resources, "AWS::ApiGateway::Stage").find((s) => s.properties.RestApiId === api.ref);
    const deployment = byType(resources, "AWS::ApiGateway::Deployment").map((d) => d.properties).find((p) => p.RestApiId === api.ref && typeof p.StageName === "string");
    const stage = stageResource?.ref ?? deployment?.StageName;
    const stageDescription = isRecord(deployment?.StageDescription) ? deployment.StageDescription : undefined;
    const tracing = stageResource ? stageResource.properties.TracingEnabled : stageDescription?.TracingEnabled;
    const spec: ApiSpec = {
      logicalId: api.logicalId,
      kind: "rest",
      apiId: api.ref,
      name: typeof api.properties.Name === "string" ? api.properties.Name : stack.info.stackName,
      stageName: typeof stage === "string" ? stage : FALLBACK_STAGE,
      routes: openApiRoutes(api.properties.Body, "rest", functions, machines, api.logicalId, stack.warnings),
      implicit: false,
      // The API's Tags, then CloudFormation's (stackTags.ts).
      tags: { ...cfnTagMap(api.properties.Tags), ...stackTags(stack.info, api.logicalId) },
      line: api.line,
    };
    if (api.properties.BodyS3Location !== undefined) {
      stack.warnings.add(`${api.logicalId}: BodyS3Location cannot be read by the sandbox; only routes declared as AWS::ApiGateway::Method are served`);
    }
    let cors: CorsSpec | undefined;
    for (const method of byType(resources, "AWS::ApiGateway::Method").filter((m) => m.properties.RestApiId === api.ref)) {
      const path = paths.get(String(method.properties.ResourceId));
      const integration = isRecord(method.properties.Integration) ? method.properties.Integration : {};
      const httpMethod = normalizeMethod(String(method.properties.HttpMethod ?? ""));
      // A CDK preflight (MOCK OPTIONS answering Access-Control-* headers) is the API's CORS; other MOCK methods are served.
      const preflight = integration.Type === "MOCK" && httpMethod === "OPTIONS" ? corsFromMockOptions(integration) : undefined;
      if (preflight) {
        const mock = cfnAwsIntegration(integration);
        cors ??= mock ? { ...preflight, preflight: mock } : preflight;
        // Each resource answers with its own OPTIONS method (addCorsPreflight options may differ per resource).
        if (mock && path !== undefined) cors.preflights = { ...cors.preflights, [path]: mock };
        continue;
      }
      const stepFunctions = integration.Type === "AWS" ? restStepFunctions(integration.Uri, integration.RequestTemplates, machines) : undefined;
      let awsIntegration = (integration.Type === "AWS" && !stepFunctions) || integration.Type === "MOCK" || integration.Type === "HTTP_PROXY" || integration.Type === "HTTP" ? cfnAwsIntegration(integration) : undefined;
      // An integration URI naming an alias invokes the alias.
      const fn = integration.Type === "AWS_PROXY" || awsIntegration?.service === "lambda" ? functions.invoked(integration.Uri) : undefined;
      // A non-proxy Lambda integration serves only a function of this template.
      if (awsIntegration?.service === "lambda" && !fn) awsIntegration = undefined;
      if ((!fn && !stepFunctions && !awsIntegration) || path === undefined) {
        const target = `an integration of type ${String(integration.Type ?? "(none)")}${typeof integration.Uri === "string" ? ` to ${integration.Uri}` : ""}`;
        stack.warnings.add(`AWS::ApiGateway::Method ${method.logicalId} (${httpMethod} ${path ?? "?"}) uses ${target}, not a Lambda (proxy or non-proxy) integration of this template, ` +
          `SAM's Step Functions StartExecution mapping or an AWS integration to a DynamoDB, SQS, SNS, Kinesis, EventBridge, SSM or Step Functions action or an S3 object path; not emulated, skipped`);
        continue;
      }
      const route = methodRoute(method, httpMethod, path, fn ?? { logicalId: "", functionName: "" });
      if (stepFunctions) route.stepFunctions = stepFunctions;
      if (awsIntegration) route.awsIntegration = awsIntegration;
      const validation = cfnRequestValidation(stack, method, resources);
      if (validation) route.validation = validation;
      spec.routes.push(route);
    }
    if (cors) spec.cors = cors;
    const gatewayResponses = { ...openApiGatewayResponses(api.properties.Body), ...cfnGatewayResponses(resources, api.ref) };
    if (Object.keys(gatewayResponses).length > 0) spec.gatewayResponses = gatewayResponses;
    if (tracing === true || tracing === "true") spec.tracingEnabled = true;
    const types = binaryMediaTypes(api.properties.BinaryMediaTypes, api.properties.Body);
    if (types) spec.binaryMediaTypes = types;
    out.push(spec);
  }
  return out;
}

function methodRoute(method: ResolvedResource, httpMethod: string, path: string, fn: { logicalId: string; functionName: string }): RouteSpec {
  const props = method.properties;
  const route: RouteSpec = {
    method: httpMethod,
    path,
    functionLogicalId: fn.logicalId,
    functionName: fn.functionName,
    payloadFormatVersion: "1.0",
    eventId: method.logicalId,
  };
  const authorization = props.AuthorizationType;
  if ((authorization !== undefined && authorization !== "NONE") || props.ApiKeyRequired === true || props.ApiKeyRequired === "true") {
    route.auth = compact({ AuthorizationType: authorization, AuthorizerId: props.AuthorizerId, AuthorizationScopes: props.AuthorizationScopes, ApiKeyRequired: props.ApiKeyRequired });
  }
  const integration = isRecord(props.Integration) ? props.Integration : {};
  if (integration.TimeoutInMillis !== undefined) route.timeoutMs = Number(integration.TimeoutInMillis);
  const invokeMethod = lambdaProxyInvokeMethod(integration.Type, integration.IntegrationHttpMethod);
  if (invokeMethod !== undefined) route.integrationHttpMethod = invokeMethod;
  return route;
}


/** Resource id → full path ("/", "/items", "/items/{id}"), following ParentId up to the root. */
function resourcePaths(resources: ResolvedResource[], api: ResolvedResource): Map<string, string> {
  const root = api.attributes.RootResourceId;
  const nodes = new Map(
    byType(resources, "AWS::ApiGateway::Resource")
      .filter((r) => r.properties.RestApiId === api.ref)
      .map((r) => [r.ref, { parent: String(r.properties.ParentId), part: String(r.properties.PathPart) }]),
  );
  const paths = new Map<string, string>([[root, "/"]]);
  const pathOf = (id: string, depth: number): string | undefined => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const node = nodes.get(id);
    if (!node || depth > nodes.size) return undefined;
    const parent = pathOf(node.parent, depth + 1);
    if (parent === undefined) return undefined;
    const path = `${parent === "/" ? "" : parent}/${node.part}`;
    paths.set(id, path);
    return path;
  };
  for (const id of nodes.keys()) pathOf(id, 0);
  return paths;
}
