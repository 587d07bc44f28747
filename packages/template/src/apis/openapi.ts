/**
 * Routes from an OpenAPI / Swagger definition (DefinitionBody, Body): each operation with an
 * `x-amazon-apigateway-integration` of type aws_proxy that invokes a function of this
 * template, or that calls Step Functions (stepFunctions.ts), SQS or EventBridge
 * (serviceIntegrations.ts), or (REST, type aws) a service action through mapping templates
 * (awsIntegrations.ts), or (HTTP APIs, type http_proxy) an http(s) endpoint (httpProxy.ts). Other integrations are
 * reported, not emulated.
 */
import type { RouteSpec } from "../model.js";
import type { Warnings } from "../stack.js";
import { isRecord } from "../util.js";
import type { FunctionIndex } from "./functionIndex.js";
import type { StateMachineIndex } from "./stateMachineIndex.js";
import { lambdaProxyInvokeMethod, openApiAwsIntegration } from "./awsIntegrations.js";
import { httpServiceIntegration, isServiceSubtype } from "./serviceIntegrations.js";
import { httpStepFunctions, isStepFunctionsSubtype, restStepFunctions } from "./stepFunctions.js";
import { openApiRequestValidation } from "./validation.js";
import { normalizeMethod } from "../sam/events.js";
import { httpParameterMapping } from "./parameterMapping.js";
import { httpProxyIntegration } from "./httpProxy.js";

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
      const validation = kind === "rest" ? openApiRequestValidation(definition, operations, operation, (m) => warnings.add(`${apiLogicalId}: ${method} ${path}: ${m}`)) : undefined;
      if (stepFunctions) {
        const route: RouteSpec = { method, path: routePath, functionLogicalId: "", functionName: "", payloadFormatVersion: "1.0", eventId: `${method} ${path}`, stepFunctions };
        if (validation) route.validation = validation;
        routes.push(route);
        continue;
      }
      const subtype = integration.integrationSubtype;
      if (kind === "http" && type === "aws_proxy" && isServiceSubtype(subtype)) {
        const serviceIntegration = httpServiceIntegration(subtype, integration.requestParameters);
        if (typeof serviceIntegration === "string") {
          warnings.add(`${apiLogicalId}: ${method} ${path}: ${serviceIntegration}; the route is skipped`);
          continue;
        }
        const route: RouteSpec = { method, path: routePath, functionLogicalId: "", functionName: "", payloadFormatVersion: "1.0", eventId: `${method} ${path}`, serviceIntegration };
        if (Array.isArray(operation.security)) route.auth = { security: operation.security };
        if (integration.timeoutInMillis !== undefined) route.timeoutMs = Number(integration.timeoutInMillis);
        routes.push(route);
        continue;
      }
      if (kind === "http" && type === "http_proxy") {
        const httpProxy = httpProxyIntegration(integration.uri, integration.httpMethod);
        if (typeof httpProxy === "string") {
          warnings.add(`${apiLogicalId}: ${method} ${path} ${httpProxy}; the route is skipped`);
          continue;
        }
        const route: RouteSpec = { method, path: routePath, functionLogicalId: "", functionName: "", payloadFormatVersion: "1.0", eventId: `${method} ${path}`, httpProxy };
        if (Array.isArray(operation.security)) route.auth = { security: operation.security };
        if (integration.timeoutInMillis !== undefined) route.timeoutMs = Number(integration.timeoutInMillis);
        const parameterMapping = httpParameterMapping(integration.requestParameters, integration.responseParameters);
        if (parameterMapping) route.parameterMapping = parameterMapping;
        routes.push(route);
        continue;
      }
      const awsIntegration = kind === "rest" && (type === "aws" || type === "mock" || type === "http_proxy" || type === "http") ? openApiAwsIntegration(integration) : undefined;
      // A non-proxy Lambda integration serves only a function of this template.
      const lambda = awsIntegration?.service === "lambda" ? (functions.find(integration.uri) ?? functions.invoked(integration.uri)) : undefined;
      if (awsIntegration && (awsIntegration.service !== "lambda" || lambda)) {
        const route: RouteSpec = {
          method, path: routePath, functionLogicalId: lambda?.logicalId ?? "", functionName: lambda?.functionName ?? "", payloadFormatVersion: "1.0", eventId: `${method} ${path}`, awsIntegration,
        };
        if (Array.isArray(operation.security)) route.auth = { security: operation.security };
        if (integration.timeoutInMillis !== undefined) route.timeoutMs = Number(integration.timeoutInMillis);
        if (validation) route.validation = validation;
        routes.push(route);
        continue;
      }
      // A URI naming an alias (${MyFunctionAliaslive}) invokes the alias.
      const fn = type === "aws_proxy" ? functions.invoked(integration.uri) : undefined;
      if (!fn) {
        warnings.add(`${apiLogicalId}: ${method} ${path} ${unservedIntegration(type, integration)}; the route is skipped`);
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
      if (validation) route.validation = validation;
      const invokeMethod = kind === "rest" ? lambdaProxyInvokeMethod(type, integration.httpMethod) : undefined;
      if (invokeMethod !== undefined) route.integrationHttpMethod = invokeMethod;
      const parameterMapping = kind === "http" ? httpParameterMapping(integration.requestParameters, integration.responseParameters) : undefined;
      if (parameterMapping) route.parameterMapping = parameterMapping;
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

/** Why an integration is not served, in the words of the template's x-amazon-apigateway-integration. */
function unservedIntegration(type: string, integration: Record<string, unknown>): string {
  const subtype = integration.integrationSubtype;
  if (typeof subtype === "string") return `uses the ${subtype} integration (an HTTP API integration with an AWS service), which the sandbox does not emulate yet`;
  if (type === "aws_proxy") return `uses an aws_proxy integration to ${typeof integration.uri === "string" ? integration.uri : "a function"}, which is not a function of this template`;
  if (type === "http" || type === "http_proxy") return `uses an ${type} integration (a call to ${typeof integration.uri === "string" ? integration.uri : "another HTTP endpoint"}), which the sandbox does not emulate yet`;
  if (type === "aws") return `uses an AWS service integration (${typeof integration.uri === "string" ? integration.uri : "no uri"}) to a service other than DynamoDB, SQS, SNS, Kinesis, EventBridge, SSM, S3 (by path), Step Functions or a Lambda function of this template, which the sandbox does not emulate yet`;
  return `uses a ${type || "missing"} integration, which the sandbox does not emulate yet`;
}
