/**
 * A REST API created through API Gateway's control plane and deployed to a stage, read from
 * the stage's OpenAPI export (x-amazon-apigateway-integration on each method) exactly as a
 * template's Body is read. Its Lambda integrations name functions by ARN: each is invoked by
 * name when a request comes, so functions created after the deployment are found too.
 */
import type { ApiSpec } from "../model.js";
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
}

export function deployedRestApi(document: unknown, options: DeployedRestApiOptions): { api: ApiSpec; warnings: string[] } {
  const warnings = new Warnings();
  const api: ApiSpec = {
    logicalId: options.apiId,
    kind: "rest",
    apiId: options.apiId,
    name: options.name,
    stageName: options.stageName,
    routes: openApiRoutes(document, "rest", FunctionIndex.anyFunction(), new StateMachineIndex([]), options.apiId, warnings),
    implicit: false,
  };
  if (options.stageVariables && Object.keys(options.stageVariables).length > 0) api.stageVariables = options.stageVariables;
  if (options.tracingEnabled) api.tracingEnabled = true;
  const types = binaryMediaTypes(undefined, document);
  if (types) api.binaryMediaTypes = types;
  const gatewayResponses = openApiGatewayResponses(document);
  if (Object.keys(gatewayResponses).length > 0) api.gatewayResponses = gatewayResponses;
  return { api, warnings: warnings.list() };
}
