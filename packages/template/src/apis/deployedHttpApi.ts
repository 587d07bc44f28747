/**
 * An HTTP API created through API Gateway v2's control plane, served by one of its stages: the
 * stage's deployment (routes, integrations, authorizers, CORS) read as the AWS::ApiGatewayV2::*
 * resources it is made of, by the same readers as a template's (cfn/httpApi.ts, apis/auth.ts).
 * Lambda integrations and authorizers name functions by ARN: each is invoked by name when a
 * request comes, so functions created after the deployment are found too.
 */
import type { ApiSpec, ResolvedResource } from "../model.js";
import { cfnHttpApis } from "../cfn/httpApi.js";
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
    routes: Record<string, { RouteId: string }>;
    integrations: Record<string, { IntegrationId: string }>;
    authorizers: Record<string, { AuthorizerId: string }>;
  };
}

export function deployedHttpApi(stage: DeployedHttpStage, context: { region: string; accountId: string }): { api: ApiSpec | undefined; warnings: string[] } {
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
  const resources: ResolvedResource[] = [
    resource(apiId, "AWS::ApiGatewayV2::Api", apiId, { Name: snapshot.Name, ProtocolType: "HTTP", ...(snapshot.CorsConfiguration ? { CorsConfiguration: snapshot.CorsConfiguration } : {}) }),
    resource(`${apiId}Stage`, "AWS::ApiGatewayV2::Stage", stage.stageName, {
      ApiId: apiId, StageName: stage.stageName, StageVariables: stage.variables ?? {}, DefaultRouteSettings: stage.defaultRouteSettings ?? {}, RouteSettings: stage.routeSettings ?? {},
    }),
    ...Object.values(snapshot.integrations).map((i) => resource(`Integration${i.IntegrationId}`, "AWS::ApiGatewayV2::Integration", i.IntegrationId, { ...i, ApiId: apiId })),
    ...Object.values(snapshot.authorizers).map((a) => resource(`Authorizer${a.AuthorizerId}`, "AWS::ApiGatewayV2::Authorizer", a.AuthorizerId, { ...a, ApiId: apiId })),
    ...Object.values(snapshot.routes).map((r) => resource(`Route${r.RouteId}`, "AWS::ApiGatewayV2::Route", r.RouteId, { ...r, ApiId: apiId })),
  ];
  const functions = FunctionIndex.anyFunction();
  const apis = cfnHttpApis(stack, resources, functions, new StateMachineIndex([]));
  resolveApiAuth(stack, apis, resources, functions);
  return { api: apis[0], warnings: warnings.list() };
}
