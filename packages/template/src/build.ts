/** Resolved resources → the AppModel's functions, tables and APIs. */
import type { ApiSpec, AppModel, FunctionSpec, ResolvedResource, TableSpec } from "./model.js";
import { FunctionIndex } from "./apis/functionIndex.js";
import { buildTable } from "./cfn/table.js";
import { cfnHttpApis } from "./cfn/httpApi.js";
import { cfnRestApis } from "./cfn/restApi.js";
import { buildFunction, FUNCTION_TYPES } from "./functions/index.js";
import { addRoutes, completeRestCors, samApiSpec } from "./sam/api.js";
import { eventRoutes } from "./sam/events.js";
import { buildSimpleTable } from "./sam/table.js";
import type { Stack } from "./stack.js";
import { isRecord } from "./util.js";

export function buildModel(stack: Stack, resources: ResolvedResource[]): Pick<AppModel, "functions" | "apis" | "tables"> {
  const functions: FunctionSpec[] = [];
  const tables: TableSpec[] = [];
  const eventSources: [ResolvedResource, FunctionSpec][] = [];
  for (const resource of resources) {
    if (FUNCTION_TYPES.includes(resource.type)) {
      const metadata = stack.resolve(stack.resources.get(resource.logicalId)?.metadata ?? {});
      const spec = buildFunction(stack, resource, isRecord(metadata) ? metadata : {});
      if (spec) functions.push(spec);
      if (spec && resource.type === "AWS::Serverless::Function") eventSources.push([resource, spec]);
    } else if (resource.type === "AWS::Serverless::SimpleTable") {
      tables.push(buildSimpleTable(stack, resource));
    } else if (resource.type === "AWS::DynamoDB::Table" || resource.type === "AWS::DynamoDB::GlobalTable") {
      tables.push(buildTable(stack, resource));
    }
  }
  const index = new FunctionIndex(functions);
  const samApis = new Map<string, ApiSpec>();
  for (const resource of resources) {
    if (resource.type !== "AWS::Serverless::Api" && resource.type !== "AWS::Serverless::HttpApi") continue;
    const implicit = stack.resources.get(resource.logicalId)?.implicit ?? false;
    samApis.set(resource.logicalId, samApiSpec(stack, resource, implicit, index));
  }
  for (const [resource, spec] of eventSources) {
    for (const { apiLogicalId, route } of eventRoutes(stack, resource, spec)) {
      const api = samApis.get(apiLogicalId);
      if (api) addRoutes(api, [route], stack.warnings);
    }
  }
  for (const resource of resources) {
    if (resource.type === "AWS::Serverless::StateMachine" && isRecord(resource.properties.Events)) {
      for (const event of Object.values(resource.properties.Events)) {
        if (isRecord(event)) stack.warnings.add(`State machine events of type ${String(event.Type)} are not emulated yet; they are kept in the model but nothing triggers them`);
      }
    }
  }
  for (const api of samApis.values()) completeRestCors(api);
  const apis = [...samApis.values(), ...cfnHttpApis(stack, resources, index), ...cfnRestApis(stack, resources, index)];
  return { functions, tables, apis };
}
