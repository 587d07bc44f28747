/**
 * An HTTP or WebSocket API created through API Gateway v2's control plane, served by one of its stages: the
 * stage's deployment (routes, integrations, authorizers, CORS) read as the AWS::ApiGatewayV2::*
 * resources it is made of, by the same readers as a template's (cfn/httpApi.ts, apis/auth.ts).
 * Lambda integrations and authorizers name functions by ARN: each is invoked by name when a
 * request comes, so functions created after the deployment are found too.
 */
import type { ApiSpec, ResolvedResource, WebSocketApiSpec } from "../model.js";
import { cfnHttpApis } from "../cfn/httpApi.js";
import { cfnWebSocketApis } from "../cfn/webSocketApi.js";
import { Stack, Warnings } from "../stack.js";
import { resolveApiAuth } from "./auth.js";
import { FunctionIndex } from "./functionIndex.js";
import { StateMachineIndex } from "./stateMachineIndex.js";

/** A served stage in API Gateway v2's member names (packages/apigateway-control's ServedHttpStage). */
export interface DeployedHttpStage {
  apiId: string;
  stageName: string;
  variables?: Record<string, string>;
  defaultRouteSettings?: object;
  routeSettings?: Record<string, object>;
  snapshot: {
    Name: string;
    CorsConfiguration?: object;
    RouteSelectionExpression?: string;
    routes: Record<string, { RouteId: string; RouteKey?: string; AuthorizationType?: string; responses?: Record<string, { RouteResponseId: string }> }>;
    integrations: Record<string, { IntegrationId: string }>;
    authorizers: Record<string, { AuthorizerId: string }>;
  };
}

/** A created API's stage as the AWS::ApiGatewayV2::* resources it is made of, in a stack of its own. */
function stageResources(stage: DeployedHttpStage, context: { region: string; accountId: string }, api: Record<string, unknown>) {
  const warnings = new Warnings();
  const stack = new Stack(
    { file: "", dir: "", stackName: stage.snapshot.Name, region: context.region, accountId: context.accountId, partition: "aws", urlSuffix: "amazonaws.com", stackId: "" },
    new Map(),
    {},
    undefined,
    warnings,
  );
  const { apiId, snapshot } = stage;
  const resource = (logicalId: string, type: string, ref: string, properties: Record<string, unknown>): ResolvedResource => ({ logicalId, type, ref, properties, attributes: {} });
  const routes = Object.values(snapshot.routes);
  const resources: ResolvedResource[] = [
    resource(apiId, "AWS::ApiGatewayV2::Api", apiId, { Name: snapshot.Name, ...api }),
    resource(`${apiId}Stage`, "AWS::ApiGatewayV2::Stage", stage.stageName, {
      ApiId: apiId, StageName: stage.stageName, StageVariables: stage.variables ?? {}, DefaultRouteSettings: stage.defaultRouteSettings ?? {}, RouteSettings: stage.routeSettings ?? {},
    }),
    ...Object.values(snapshot.integrations).map((i) => resource(`Integration${i.IntegrationId}`, "AWS::ApiGatewayV2::Integration", i.IntegrationId, { ...i, ApiId: apiId })),
    ...Object.values(snapshot.authorizers).map((a) => resource(`Authorizer${a.AuthorizerId}`, "AWS::ApiGatewayV2::Authorizer", a.AuthorizerId, { ...a, ApiId: apiId })),
    ...routes.map((r) => resource(`Route${r.RouteId}`, "AWS::ApiGatewayV2::Route", r.RouteId, { ...r, ApiId: apiId })),
    // A WebSocket route's responses make it two-way, as a template's RouteResponse resources do.
    ...routes.flatMap((r) => Object.values(r.responses ?? {}).map((rr) => resource(`RouteResponse${rr.RouteResponseId}`, "AWS::ApiGatewayV2::RouteResponse", rr.RouteResponseId, { ...rr, ApiId: apiId, RouteId: r.RouteId }))),
  ];
  return { stack, warnings, resources };
}

export function deployedHttpApi(stage: DeployedHttpStage, context: { region: string; accountId: string }): { api: ApiSpec | undefined; warnings: string[] } {
  const { stack, warnings, resources } = stageResources(stage, context, { ProtocolType: "HTTP", ...(stage.snapshot.CorsConfiguration ? { CorsConfiguration: stage.snapshot.CorsConfiguration } : {}) });
  const functions = FunctionIndex.anyFunction();
  const apis = cfnHttpApis(stack, resources, functions, new StateMachineIndex([]));
  resolveApiAuth(stack, apis, resources, functions);
  return { api: apis[0], warnings: warnings.list() };
}

/**
 * A WebSocket API created through API Gateway v2's control plane, served by one of its stages: read
 * by the template's WebSocket reader (cfn/webSocketApi.ts) from the same resources.
 */
export function deployedWebSocketApi(stage: DeployedHttpStage, context: { region: string; accountId: string }): { api: WebSocketApiSpec | undefined; warnings: string[] } {
  const { stack, warnings, resources } = stageResources(stage, context, { ProtocolType: "WEBSOCKET", RouteSelectionExpression: stage.snapshot.RouteSelectionExpression });
  for (const route of Object.values(stage.snapshot.routes)) {
    if (route.AuthorizationType === "AWS_IAM") {
      warnings.add(`route ${String(route.RouteKey)}: ${route.AuthorizationType} authorization of WebSocket APIs is not emulated; the route is served without it`);
    }
  }
  const apis = cfnWebSocketApis(stack, resources, FunctionIndex.anyFunction());
  return { api: apis[0], warnings: warnings.list() };
}
