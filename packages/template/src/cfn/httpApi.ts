/**
 * CloudFormation HTTP APIs (what CDK's HttpApi synthesizes): AWS::ApiGatewayV2::Api with
 * Route resources whose Target is "integrations/<IntegrationId>", and an AWS_PROXY
 * Integration whose IntegrationUri is the function (or an HTTP_PROXY one to an http(s) URL). Also quick-create APIs (Api.Target)
 * and routes from Api.Body.
 */
import type { ApiSpec, ResolvedResource, RouteSpec } from "../model.js";
import type { Stack } from "../stack.js";
import { compact } from "../util.js";
import { httpCors } from "../apis/cors.js";
import type { FunctionIndex } from "../apis/functionIndex.js";
import { openApiRoutes } from "../apis/openapi.js";
import { httpThrottling } from "../apis/throttling.js";
import { httpParameterMapping } from "../apis/parameterMapping.js";
import { httpProxyIntegration } from "../apis/httpProxy.js";
import type { StateMachineIndex } from "../apis/stateMachineIndex.js";
import { httpServiceIntegration, isServiceSubtype } from "../apis/serviceIntegrations.js";
import { httpStepFunctions, isStepFunctionsSubtype } from "../apis/stepFunctions.js";
import { DEFAULT_HTTP_STAGE } from "../sam/api.js";
import { normalizeMethod } from "../sam/events.js";

const byType = (resources: ResolvedResource[], type: string) => resources.filter((r) => r.type === type);

export function cfnHttpApis(stack: Stack, resources: ResolvedResource[], functions: FunctionIndex, machines: StateMachineIndex): ApiSpec[] {
  const out: ApiSpec[] = [];
  const integrations = new Map(byType(resources, "AWS::ApiGatewayV2::Integration").map((i) => [i.ref, i]));
  for (const api of byType(resources, "AWS::ApiGatewayV2::Api")) {
    const props = api.properties;
    // WebSocket APIs are cfn/webSocketApi.ts's.
    if (props.ProtocolType === "WEBSOCKET") continue;
    const stages = byType(resources, "AWS::ApiGatewayV2::Stage").filter((s) => s.properties.ApiId === api.ref).map((s) => s.ref);
    const spec: ApiSpec = {
      logicalId: api.logicalId,
      kind: "http",
      apiId: api.ref,
      name: typeof props.Name === "string" ? props.Name : stack.info.stackName,
      stageName: stages.includes(DEFAULT_HTTP_STAGE) || stages.length === 0 ? DEFAULT_HTTP_STAGE : stages[0],
      routes: openApiRoutes(props.Body, "http", functions, machines, api.logicalId, stack.warnings),
      implicit: false,
      line: api.line,
    };
    const cors = httpCors(props.CorsConfiguration);
    if (cors) spec.cors = cors;
    const stage = byType(resources, "AWS::ApiGatewayV2::Stage").find((s) => s.properties.ApiId === api.ref && s.ref === spec.stageName);
    const variables = stage?.properties.StageVariables;
    const throttling = httpThrottling(stage?.properties.DefaultRouteSettings, stage?.properties.RouteSettings);
    if (throttling) spec.throttling = throttling;
    if (variables && typeof variables === "object") spec.stageVariables = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)]));
    // Quick create: Target is the function; RouteKey defaults to "$default".
    const quick = props.Target === undefined ? undefined : functions.find(props.Target);
    if (quick) spec.routes.push(route(String(props.RouteKey ?? "$default"), quick, "2.0", `${api.logicalId}.Target`));
    for (const r of byType(resources, "AWS::ApiGatewayV2::Route").filter((r) => r.properties.ApiId === api.ref)) {
      const built = routeFromResource(stack, r, integrations, functions, machines);
      if (built) spec.routes.push(built);
    }
    out.push(spec);
  }
  return out;
}

function route(routeKey: string, fn: { logicalId: string; functionName: string }, version: "1.0" | "2.0", eventId: string): RouteSpec {
  const [method, path] = routeKey === "$default" ? ["ANY", "$default"] : routeKey.split(/\s+/, 2);
  return { method: normalizeMethod(method), path, functionLogicalId: fn.logicalId, functionName: fn.functionName, payloadFormatVersion: version, eventId };
}

function routeFromResource(
  stack: Stack,
  resource: ResolvedResource,
  integrations: Map<string, ResolvedResource>,
  functions: FunctionIndex,
  machines: StateMachineIndex,
): RouteSpec | undefined {
  const { RouteKey: routeKey, Target: target } = resource.properties;
  const integrationId = typeof target === "string" ? /^integrations\/(.+)$/.exec(target)?.[1] : undefined;
  const integration = integrationId ? integrations.get(integrationId) : undefined;
  const type = String(integration?.properties.IntegrationType ?? "");
  const subtype = integration?.properties.IntegrationSubtype;
  if (type === "AWS_PROXY" && isStepFunctionsSubtype(subtype) && typeof routeKey === "string") {
    const stepFunctions = httpStepFunctions(String(subtype), integration?.properties.RequestParameters, machines);
    if (typeof stepFunctions === "string") {
      stack.warnings.add(`AWS::ApiGatewayV2::Route ${resource.logicalId} (${routeKey}): ${stepFunctions}; skipped`);
      return undefined;
    }
    return withRouteSettings({ ...route(routeKey, { logicalId: "", functionName: "" }, "1.0", resource.logicalId), stepFunctions }, resource, integration);
  }
  if (type === "AWS_PROXY" && isServiceSubtype(subtype) && typeof routeKey === "string") {
    const serviceIntegration = httpServiceIntegration(subtype, integration?.properties.RequestParameters);
    if (typeof serviceIntegration === "string") {
      stack.warnings.add(`AWS::ApiGatewayV2::Route ${resource.logicalId} (${routeKey}): ${serviceIntegration}; skipped`);
      return undefined;
    }
    return withRouteSettings({ ...route(routeKey, { logicalId: "", functionName: "" }, "1.0", resource.logicalId), serviceIntegration }, resource, integration);
  }
  if (type === "HTTP_PROXY" && typeof routeKey === "string") {
    const httpProxy = httpProxyIntegration(integration?.properties.IntegrationUri, integration?.properties.IntegrationMethod);
    if (typeof httpProxy === "string") {
      stack.warnings.add(`AWS::ApiGatewayV2::Route ${resource.logicalId} (${routeKey}) ${httpProxy}; skipped`);
      return undefined;
    }
    const spec: RouteSpec = { ...route(routeKey, { logicalId: "", functionName: "" }, "1.0", resource.logicalId), httpProxy };
    const parameterMapping = httpParameterMapping(integration?.properties.RequestParameters, integration?.properties.ResponseParameters);
    if (parameterMapping) spec.parameterMapping = parameterMapping;
    return withRouteSettings(spec, resource, integration);
  }
  // An integration URI naming an alias (CDK's `new HttpLambdaIntegration(id, alias)`) invokes the alias.
  const fn = type === "AWS_PROXY" ? functions.invoked(integration?.properties.IntegrationUri) : undefined;
  if (!fn || typeof routeKey !== "string") {
    const what = typeof subtype === "string" ? `uses the ${subtype} integration (an HTTP API integration with an AWS service), which the sandbox does not emulate yet`
      : "does not target a Lambda proxy or Step Functions integration of this template; not emulated";
    stack.warnings.add(`AWS::ApiGatewayV2::Route ${resource.logicalId} (${String(routeKey)}) ${what}; skipped`);
    return undefined;
  }
  const version = integration?.properties.PayloadFormatVersion === "1.0" ? "1.0" : "2.0";
  const spec = route(routeKey, fn, version, resource.logicalId);
  const parameterMapping = httpParameterMapping(integration?.properties.RequestParameters, integration?.properties.ResponseParameters);
  if (parameterMapping) spec.parameterMapping = parameterMapping;
  return withRouteSettings(spec, resource, integration);
}

/** The route's authorization and its integration's timeout. */
function withRouteSettings(spec: RouteSpec, resource: ResolvedResource, integration: ResolvedResource | undefined): RouteSpec {
  const props = resource.properties;
  if (props.AuthorizationType !== undefined && props.AuthorizationType !== "NONE") {
    spec.auth = compact({ AuthorizationType: props.AuthorizationType, AuthorizerId: props.AuthorizerId, AuthorizationScopes: props.AuthorizationScopes });
  }
  const timeout = integration?.properties.TimeoutInMillis;
  if (timeout !== undefined) spec.timeoutMs = Number(timeout);
  return spec;
}
