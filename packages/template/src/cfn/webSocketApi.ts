/**
 * CloudFormation WebSocket APIs (SAM has no WebSocket resource): AWS::ApiGatewayV2::Api with
 * ProtocolType WEBSOCKET and a RouteSelectionExpression, Route resources ($connect,
 * $disconnect, $default or a custom key) whose Target is "integrations/<IntegrationId>", an
 * AWS_PROXY Integration whose IntegrationUri is the function, and optional RouteResponse
 * resources that make a route two-way (the integration's answer goes back to the client).
 */
import type { ResolvedResource, WebSocketApiSpec, WebSocketRouteSpec } from "../model.js";
import type { Stack } from "../stack.js";
import type { FunctionIndex } from "../apis/functionIndex.js";

const byType = (resources: ResolvedResource[], type: string) => resources.filter((r) => r.type === type);

/** What the API Gateway console proposes, and what most templates write. */
const DEFAULT_ROUTE_SELECTION_EXPRESSION = "$request.body.action";

/** AWS serves no WebSocket API without a stage; locally one without a Stage resource answers under this name. */
const FALLBACK_STAGE = "production";

export function cfnWebSocketApis(stack: Stack, resources: ResolvedResource[], functions: FunctionIndex): WebSocketApiSpec[] {
  const out: WebSocketApiSpec[] = [];
  const integrations = new Map(byType(resources, "AWS::ApiGatewayV2::Integration").map((i) => [i.ref, i]));
  const routeResponses = byType(resources, "AWS::ApiGatewayV2::RouteResponse");
  const authorizers = new Map(byType(resources, "AWS::ApiGatewayV2::Authorizer").map((a) => [a.ref, a]));
  for (const api of byType(resources, "AWS::ApiGatewayV2::Api")) {
    const props = api.properties;
    if (props.ProtocolType !== "WEBSOCKET") continue;
    const stages = byType(resources, "AWS::ApiGatewayV2::Stage").filter((s) => s.properties.ApiId === api.ref);
    const stage = stages[0];
    if (!stage) stack.warnings.add(`AWS::ApiGatewayV2::Api ${api.logicalId} (WebSocket) has no AWS::ApiGatewayV2::Stage; served under /${FALLBACK_STAGE}`);
    const spec: WebSocketApiSpec = {
      logicalId: api.logicalId,
      apiId: api.ref,
      name: typeof props.Name === "string" ? props.Name : stack.info.stackName,
      stageName: stage ? stage.ref : FALLBACK_STAGE,
      routeSelectionExpression: typeof props.RouteSelectionExpression === "string" ? props.RouteSelectionExpression : DEFAULT_ROUTE_SELECTION_EXPRESSION,
      routes: [],
      line: api.line,
    };
    const variables = stage?.properties.StageVariables;
    if (variables && typeof variables === "object") spec.stageVariables = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)]));
    for (const r of byType(resources, "AWS::ApiGatewayV2::Route").filter((r) => r.properties.ApiId === api.ref)) {
      const built = webSocketRoute(stack, r, integrations, functions, routeResponses, authorizers);
      if (built) spec.routes.push(built);
    }
    out.push(spec);
  }
  return out;
}

function webSocketRoute(
  stack: Stack,
  resource: ResolvedResource,
  integrations: Map<string, ResolvedResource>,
  functions: FunctionIndex,
  routeResponses: ResolvedResource[],
  authorizers: Map<string, ResolvedResource>,
): WebSocketRouteSpec | undefined {
  const { RouteKey: routeKey, Target: target } = resource.properties;
  const integrationId = typeof target === "string" ? /^integrations\/(.+)$/.exec(target)?.[1] : undefined;
  const integration = integrationId ? integrations.get(integrationId) : undefined;
  const type = String(integration?.properties.IntegrationType ?? "");
  const fn = type === "AWS_PROXY" ? functions.invoked(integration?.properties.IntegrationUri) : undefined;
  if (!fn || typeof routeKey !== "string") {
    stack.warnings.add(`AWS::ApiGatewayV2::Route ${resource.logicalId} (${String(routeKey)}) does not target a Lambda proxy integration of this template; not emulated, skipped`);
    return undefined;
  }
  const twoWay = routeResponses.some((rr) => rr.properties.RouteId === resource.ref);
  const spec: WebSocketRouteSpec = { routeKey, functionLogicalId: fn.logicalId, functionName: fn.functionName, twoWay, eventId: resource.logicalId };
  const timeout = integration?.properties.TimeoutInMillis;
  if (timeout !== undefined) spec.timeoutMs = Number(timeout);
  const authorizer = resource.properties.AuthorizationType === "CUSTOM" ? webSocketAuthorizer(stack, resource, authorizers, functions) : undefined;
  if (authorizer) spec.authorizer = authorizer;
  return spec;
}

/** A route's Lambda REQUEST authorizer (API Gateway runs it on $connect only, as the developer guide says). */
function webSocketAuthorizer(stack: Stack, route: ResolvedResource, authorizers: Map<string, ResolvedResource>, functions: FunctionIndex): WebSocketRouteSpec["authorizer"] {
  const { AuthorizerId: id, RouteKey: key } = route.properties;
  const authorizer = typeof id === "string" ? authorizers.get(id) : undefined;
  const fn = authorizer?.properties.AuthorizerType === "REQUEST" ? functions.invoked(authorizer.properties.AuthorizerUri) : undefined;
  if (!fn) {
    stack.warnings.add(`AWS::ApiGatewayV2::Route ${route.logicalId} (${String(key)}): its authorizer is not a Lambda REQUEST authorizer of this template; the route is served without it`);
    return undefined;
  }
  if (key !== "$connect") {
    stack.warnings.add(`AWS::ApiGatewayV2::Route ${route.logicalId} (${String(key)}): a WebSocket API runs authorizers on $connect only`);
    return undefined;
  }
  const sources = authorizer?.properties.IdentitySource;
  return { functionName: fn.functionName, identitySources: Array.isArray(sources) ? sources.map(String) : typeof sources === "string" ? sources.split(",").map((s) => s.trim()).filter((s) => s !== "") : [] };
}
