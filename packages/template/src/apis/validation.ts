/**
 * REST API request validation: a method's request validator (ValidateRequestBody,
 * ValidateRequestParameters), its RequestModels (content type → model, a JSON Schema draft 4)
 * and its required RequestParameters — from AWS::ApiGateway::Method + RequestValidator + Model,
 * and from SAM Api events' RequestModel / RequestParameters with the API's Models.
 */
import type { ApiSpec, RequestValidationSpec, ResolvedResource } from "../model.js";
import type { Stack } from "../stack.js";
import { isRecord, isTrue } from "../util.js";

/** SAM gives every model of an AWS::Serverless::Api this content type. */
const SAM_MODEL_CONTENT_TYPE = "application/json";

const byType = (resources: ResolvedResource[], type: string) => resources.filter((r) => r.type === type);

/**
 * A SAM Api event's validation. As SAM translates RequestModel, a validator exists only when
 * ValidateBody or ValidateParameters is set, and the one not set is false; RequestParameters
 * entries are required when written { "method.request.x.y": { Required: true } }.
 */
export function samRequestValidation(props: Record<string, unknown>): RequestValidationSpec | undefined {
  const model = isRecord(props.RequestModel) ? props.RequestModel : undefined;
  if (!model || (model.ValidateBody === undefined && model.ValidateParameters === undefined)) return undefined;
  const spec: RequestValidationSpec = { validateBody: isTrue(model.ValidateBody), validateParameters: isTrue(model.ValidateParameters) };
  if (typeof model.Model === "string") spec.modelNames = { [SAM_MODEL_CONTENT_TYPE]: model.Model };
  const required = samRequiredParameters(props.RequestParameters);
  if (required.length > 0) spec.requiredParameters = required;
  return spec;
}

function samRequiredParameters(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const entry of value) {
    if (!isRecord(entry)) continue;
    for (const [name, options] of Object.entries(entry)) if (isRecord(options) && isTrue(options.Required)) out.push(name);
  }
  return out;
}

/** An AWS::ApiGateway::Method's validation: its RequestValidatorId's validator, RequestModels and required RequestParameters. */
export function cfnRequestValidation(stack: Stack, method: ResolvedResource, resources: ResolvedResource[]): RequestValidationSpec | undefined {
  const props = method.properties;
  if (props.RequestValidatorId === undefined) return undefined;
  const validator = byType(resources, "AWS::ApiGateway::RequestValidator").find((v) => v.ref === props.RequestValidatorId || v.logicalId === props.RequestValidatorId);
  if (!validator) {
    stack.warnings.add(`AWS::ApiGateway::Method ${method.logicalId}: RequestValidatorId ${String(props.RequestValidatorId)} names no AWS::ApiGateway::RequestValidator of this template; requests are not validated`);
    return undefined;
  }
  const spec: RequestValidationSpec = {
    validateBody: isTrue(validator.properties.ValidateRequestBody),
    validateParameters: isTrue(validator.properties.ValidateRequestParameters),
  };
  const models = isRecord(props.RequestModels) ? props.RequestModels : {};
  const schemas: Record<string, unknown> = {};
  for (const [contentType, name] of Object.entries(models)) {
    const schema = cfnModelSchema(resources, props.RestApiId, String(name));
    if (schema === undefined) {
      stack.warnings.add(`AWS::ApiGateway::Method ${method.logicalId}: RequestModels names ${String(name)}, which is no AWS::ApiGateway::Model with a Schema in this template; bodies of ${contentType} are not validated`);
    } else schemas[contentType] = schema;
  }
  if (Object.keys(schemas).length > 0) spec.models = schemas;
  const parameters = isRecord(props.RequestParameters) ? props.RequestParameters : {};
  const required = Object.entries(parameters).filter(([, v]) => isTrue(v)).map(([k]) => k);
  if (required.length > 0) spec.requiredParameters = required;
  return spec;
}

/** A model's Schema (an object, or a JSON string as CloudFormation also takes it); a model's Ref is its Name. */
function cfnModelSchema(resources: ResolvedResource[], restApiId: unknown, name: string, seen: ReadonlySet<string> = new Set()): unknown {
  const model = byType(resources, "AWS::ApiGateway::Model").find(
    (m) => m.properties.RestApiId === restApiId && (m.ref === name || m.properties.Name === name || m.logicalId === name),
  );
  const schema = parseSchema(model?.properties.Schema);
  return schema === undefined ? undefined : inlineModelRefs(resources, restApiId, schema, new Set([...seen, name]));
}

/** How a model names another model of its API: "https://apigateway.amazonaws.com/restapis/<api id>/models/<name>" (API Gateway's "Create a model"). */
const MODEL_REF = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/]+)$/;

/** The schema with each $ref to another model of the API replaced by that model's schema; undefined when one is missing or circular. */
function inlineModelRefs(resources: ResolvedResource[], restApiId: unknown, schema: unknown, seen: ReadonlySet<string>): unknown {
  if (Array.isArray(schema)) {
    const items = schema.map((item) => inlineModelRefs(resources, restApiId, item, seen));
    return items.includes(undefined) ? undefined : items;
  }
  if (!isRecord(schema)) return schema;
  const ref = typeof schema.$ref === "string" ? MODEL_REF.exec(schema.$ref) : null;
  if (ref) {
    if (seen.has(ref[1])) return undefined;
    const target = cfnModelSchema(resources, restApiId, ref[1], seen);
    // A model's own "$schema" stays at the root of the schema that uses it.
    if (!isRecord(target)) return undefined;
    const { $schema: _draft, ...inlined } = target;
    return inlined;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    const inlined = inlineModelRefs(resources, restApiId, value, seen);
    if (inlined === undefined) return undefined;
    out[key] = inlined;
  }
  return out;
}

function parseSchema(schema: unknown): unknown {
  if (typeof schema !== "string") return isRecord(schema) ? schema : undefined;
  try {
    const parsed: unknown = JSON.parse(schema);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves SAM events' model names against their AWS::Serverless::Api's Models. */
export function resolveSamModels(stack: Stack, apis: ApiSpec[], resources: ResolvedResource[]): void {
  for (const api of apis) {
    const resource = resources.find((r) => r.logicalId === api.logicalId);
    const models = resource && isRecord(resource.properties.Models) ? resource.properties.Models : {};
    for (const route of api.routes) {
      const validation = route.validation;
      if (!validation?.modelNames) continue;
      const schemas: Record<string, unknown> = {};
      for (const [contentType, name] of Object.entries(validation.modelNames)) {
        const schema = parseSchema(models[name]);
        if (schema === undefined) {
          stack.warnings.add(`${api.logicalId}: ${route.method} ${route.path} uses the model ${name}, which is not in the API's Models; its bodies are not validated`);
        } else schemas[contentType] = schema;
      }
      delete validation.modelNames;
      if (Object.keys(schemas).length > 0) validation.models = schemas;
    }
  }
}

const OPENAPI_PARAMETER_LOCATIONS: Record<string, string> = { query: "querystring", header: "header", path: "path" };

/**
 * An OpenAPI operation's validation (REST APIs): the validator named by
 * x-amazon-apigateway-request-validator (the operation's, else the definition's) among
 * x-amazon-apigateway-request-validators; required `parameters` of the path item and the
 * operation; the body schema of OpenAPI 3 `requestBody.content` or a Swagger 2 `in: body`
 * parameter, its local $refs inlined. `warn` is told of a schema that cannot be used.
 */
export function openApiRequestValidation(
  definition: Record<string, unknown>,
  pathItem: Record<string, unknown>,
  operation: Record<string, unknown>,
  warn: (message: string) => void,
): RequestValidationSpec | undefined {
  const name = operation["x-amazon-apigateway-request-validator"] ?? definition["x-amazon-apigateway-request-validator"];
  const validators = isRecord(definition["x-amazon-apigateway-request-validators"]) ? definition["x-amazon-apigateway-request-validators"] : {};
  const validator = typeof name === "string" ? validators[name] : undefined;
  if (!isRecord(validator)) return undefined;
  const spec: RequestValidationSpec = { validateBody: isTrue(validator.validateRequestBody), validateParameters: isTrue(validator.validateRequestParameters) };
  const parameters = [...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])];
  const required: string[] = [];
  const models: Record<string, unknown> = {};
  for (const raw of parameters) {
    const parameter = isRecord(raw) && typeof raw.$ref === "string" ? localRef(definition, raw.$ref) : raw;
    if (!isRecord(parameter) || typeof parameter.name !== "string") continue;
    const location = OPENAPI_PARAMETER_LOCATIONS[String(parameter.in)];
    if (location && isTrue(parameter.required)) required.push(`method.request.${location}.${parameter.name}`);
    if (parameter.in === "body" && parameter.schema !== undefined) {
      const consumes = Array.isArray(operation.consumes) ? operation.consumes : Array.isArray(definition.consumes) ? definition.consumes : ["application/json"];
      for (const type of consumes) models[String(type)] = parameter.schema;
    }
  }
  const body = isRecord(operation.requestBody) && typeof operation.requestBody.$ref === "string" ? localRef(definition, operation.requestBody.$ref) : operation.requestBody;
  if (isRecord(body) && isRecord(body.content)) {
    for (const [type, media] of Object.entries(body.content)) if (isRecord(media) && media.schema !== undefined) models[type] = media.schema;
  }
  const resolved: Record<string, unknown> = {};
  for (const [type, schema] of Object.entries(models)) {
    const inlined = inlineRefs(definition, schema, new Set());
    if (inlined === undefined) warn(`the request body schema for ${type} has a $ref the sandbox cannot resolve; bodies of ${type} are not validated`);
    else resolved[type] = inlined;
  }
  if (Object.keys(resolved).length > 0) spec.models = resolved;
  if (required.length > 0) spec.requiredParameters = required;
  return spec;
}

/** "#/components/schemas/Pet" (or "#/definitions/Pet") within the definition. */
function localRef(definition: Record<string, unknown>, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = definition;
  for (const part of ref.slice(2).split("/")) {
    const key = part.replaceAll("~1", "/").replaceAll("~0", "~");
    node = isRecord(node) ? node[key] : undefined;
  }
  return node;
}

/** The schema with every local $ref replaced by its target; undefined when a $ref is external, missing or circular. */
function inlineRefs(definition: Record<string, unknown>, schema: unknown, seen: Set<string>): unknown {
  if (Array.isArray(schema)) {
    const items = schema.map((item) => inlineRefs(definition, item, seen));
    return items.includes(undefined) ? undefined : items;
  }
  if (!isRecord(schema)) return schema;
  if (typeof schema.$ref === "string") {
    const ref = schema.$ref;
    const target = localRef(definition, ref);
    if (seen.has(ref) || target === undefined) return undefined;
    return inlineRefs(definition, target, new Set([...seen, ref]));
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    const inlined = inlineRefs(definition, value, seen);
    if (inlined === undefined) return undefined;
    out[key] = inlined;
  }
  return out;
}
