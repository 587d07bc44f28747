/**
 * Routes from an OpenAPI / Swagger definition (DefinitionBody, Body): each operation with an
 * `x-amazon-apigateway-integration` of type aws_proxy that invokes a function of this
 * template, or that calls Step Functions (stepFunctions.ts). Other integrations are
 * reported, not emulated.
 */
import type { RouteSpec } from "../model.js";
import type { Warnings } from "../stack.js";
import { isRecord } from "../util.js";
import type { FunctionIndex } from "./functionIndex.js";
import type { StateMachineIndex } from "./stateMachineIndex.js";
import { httpStepFunctions, isStepFunctionsSubtype, restStepFunctions } from "./stepFunctions.js";
import { normalizeMethod } from "../sam/events.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"];

export function openApiRoutes(
  definition: unknown,
  kind: "rest" | "http",
  functions: FunctionIndex,
  machines: StateMachineIndex,
  apiLogicalId: string,
  warnings: Warnings,
): RouteSpec[] {
  if (!isRecord(definition) || !isRecord(definition.paths)) return [];
  const routes: RouteSpec[] = [];
  for (const [path, operations] of Object.entries(definition.paths)) {
    if (!isRecord(operations)) continue;
    for (const [key, operation] of Object.entries(operations)) {
      if (!METHODS.includes(key.toLowerCase()) || !isRecord(operation)) continue;
      const method = normalizeMethod(key);
      const integration = operation["x-amazon-apigateway-integration"];
      if (!isRecord(integration)) continue;
      const type = String(integration.type ?? "").toLowerCase();
      if (type === "mock" && method === "OPTIONS") continue;
      const routePath = path === "/$default" ? "$default" : path;
      const stepFunctions = stepFunctionsRoute(integration, type, kind, machines);
      if (typeof stepFunctions === "string") {
        warnings.add(`${apiLogicalId}: ${method} ${path}: ${stepFunctions}; the route is skipped`);
        continue;
      }
      if (stepFunctions) {
        routes.push({ method, path: routePath, functionLogicalId: "", functionName: "", payloadFormatVersion: "1.0", eventId: `${method} ${path}`, stepFunctions });
        continue;
      }
      const fn = type === "aws_proxy" ? functions.find(integration.uri) : undefined;
      if (!fn) {
        warnings.add(`${apiLogicalId}: ${method} ${path} uses a ${type || "missing"} integration${type === "aws_proxy" ? " to a function outside this template" : ""}, which is not emulated; the route is skipped`);
        continue;
      }
      const route: RouteSpec = {
        method,
        path: routePath,
        functionLogicalId: fn.logicalId,
        functionName: fn.functionName,
        payloadFormatVersion: kind === "rest" || integration.payloadFormatVersion === "1.0" ? "1.0" : "2.0",
        eventId: `${method} ${path}`,
      };
      if (Array.isArray(operation.security)) route.auth = { security: operation.security };
      if (integration.timeoutInMillis !== undefined) route.timeoutMs = Number(integration.timeoutInMillis);
      routes.push(route);
    }
  }
  return routes;
}

/** The Step Functions call of an integration, undefined when it is not one, or what is wrong with it. */
function stepFunctionsRoute(integration: Record<string, unknown>, type: string, kind: "rest" | "http", machines: StateMachineIndex): RouteSpec["stepFunctions"] | string {
  if (kind === "http" && type === "aws_proxy" && isStepFunctionsSubtype(integration.integrationSubtype)) {
    return httpStepFunctions(String(integration.integrationSubtype), integration.requestParameters, machines);
  }
  if (kind === "rest" && type === "aws") return restStepFunctions(integration.uri, integration.requestTemplates, machines);
  return undefined;
}
