/**
 * ImportRestApi / PutRestApi: an OpenAPI 3 or Swagger 2 definition with API Gateway's extensions
 * (x-amazon-apigateway-integration, -request-validators, -authorizer, -binary-media-types,
 * -api-key-source) turned into the API's resources, methods, integrations, models, validators and
 * authorizers — the reverse of GetExport.
 */
import { badRequest } from "../../errors.js";
import { DEFAULT_INTEGRATION_TIMEOUT_MS } from "../../limits.js";
import { randomId } from "../ids.js";
import { defaultAuthType } from "./authorizers.js";
import { HTTP_METHODS } from "./methods.js";
import type { StoredApi, StoredAuthorizer, StoredIntegration, StoredMethod, StoredResource } from "./state.js";

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const strings = (value: unknown): Record<string, string> | undefined => {
  if (!isRecord(value)) return undefined;
  const out = Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
  return Object.keys(out).length > 0 ? out : undefined;
};

const OPERATION_KEYS: Record<string, string> = Object.fromEntries([...HTTP_METHODS.filter((m) => m !== "ANY").map((m) => [m.toLowerCase(), m]), ["x-amazon-apigateway-any-method", "ANY"]]);
const LOCATIONS: Record<string, string> = { path: "path", query: "querystring", header: "header" };
const API_KEY_SCHEME = "api_key";

/** AWS's answer to a definition it cannot read (its body in aws/aws-cli issue #8191). */
export const INVALID_OPENAPI = "Invalid OpenAPI input.";

/** The definition, refused when it is neither OpenAPI 3 nor Swagger 2. */
export function checkDefinition(document: unknown): Json {
  if (!isRecord(document) || (!isRecord(document.paths) && document.paths !== undefined)) throw badRequest(INVALID_OPENAPI);
  const version = typeof document.openapi === "string" ? document.openapi : typeof document.swagger === "string" ? document.swagger : "";
  if (!/^(3\.|2\.0)/.test(version)) throw badRequest(INVALID_OPENAPI);
  return document;
}

/** The API's name and description from info; the title is required (as AWS's importer requires it). */
export function infoOf(document: Json): { name: string; description?: string; version?: string } {
  const info = isRecord(document.info) ? document.info : {};
  if (typeof info.title !== "string" || info.title === "") throw badRequest(INVALID_OPENAPI);
  return { name: info.title, ...(typeof info.description === "string" ? { description: info.description } : {}) };
}

/** Applies the definition to `api`: overwrite replaces everything under the root, merge adds to it. */
export function importDefinition(api: StoredApi, document: Json, mode: "merge" | "overwrite"): void {
  if (mode === "overwrite") {
    api.resources = { [api.rootResourceId]: { id: api.rootResourceId, methods: {} } };
    api.models = {};
    api.requestValidators = {};
    api.authorizers = {};
  }
  const types = document["x-amazon-apigateway-binary-media-types"];
  if (Array.isArray(types)) api.binaryMediaTypes = [...new Set([...(mode === "merge" ? (api.binaryMediaTypes ?? []) : []), ...types.map(String)])];
  const keySource = document["x-amazon-apigateway-api-key-source"];
  if (keySource === "HEADER" || keySource === "AUTHORIZER") api.apiKeySource = keySource;

  const schemas = isRecord(document.components) && isRecord(document.components.schemas) ? document.components.schemas : isRecord(document.definitions) ? document.definitions : {};
  for (const [name, schema] of Object.entries(schemas)) {
    const existing = Object.values(api.models).find((m) => m.name === name);
    const id = existing?.id ?? randomId(6);
    api.models[id] = { id, name, contentType: "application/json", schema: JSON.stringify(schema) };
  }
  const validatorIds = new Map<string, string>();
  for (const [name, v] of Object.entries(isRecord(document["x-amazon-apigateway-request-validators"]) ? document["x-amazon-apigateway-request-validators"] : {})) {
    if (!isRecord(v)) continue;
    const id = Object.values(api.requestValidators).find((r) => r.name === name)?.id ?? randomId(6);
    api.requestValidators[id] = { id, name, validateRequestBody: v.validateRequestBody === true, validateRequestParameters: v.validateRequestParameters === true };
    validatorIds.set(name, id);
  }
  const authorizers = new Map<string, StoredAuthorizer>();
  const schemes = isRecord(document.components) && isRecord(document.components.securitySchemes) ? document.components.securitySchemes : isRecord(document.securityDefinitions) ? document.securityDefinitions : {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const authorizer = isRecord(scheme) ? scheme["x-amazon-apigateway-authorizer"] : undefined;
    if (!isRecord(authorizer)) continue;
    const id = Object.values(api.authorizers ?? {}).find((a) => a.name === name)?.id ?? randomId(6);
    const stored: StoredAuthorizer = {
      id,
      name,
      type: String(authorizer.type ?? "token").toUpperCase(),
      // x-amazon-apigateway-authtype is what AWS keeps as the authorizer's authType ("custom" when absent).
      authType: isRecord(scheme) && typeof scheme["x-amazon-apigateway-authtype"] === "string" ? scheme["x-amazon-apigateway-authtype"] : defaultAuthType(String(authorizer.type ?? "token").toUpperCase()),
      ...(Array.isArray(authorizer.providerARNs) ? { providerARNs: authorizer.providerARNs.map(String) } : {}),
      ...(typeof authorizer.authorizerUri === "string" ? { authorizerUri: authorizer.authorizerUri } : {}),
      ...(typeof authorizer.authorizerCredentials === "string" ? { authorizerCredentials: authorizer.authorizerCredentials } : {}),
      ...(typeof authorizer.identitySource === "string" ? { identitySource: authorizer.identitySource } : {}),
      ...(typeof authorizer.identityValidationExpression === "string" ? { identityValidationExpression: authorizer.identityValidationExpression } : {}),
      authorizerResultTtlInSeconds: Number(authorizer.authorizerResultTtlInSeconds ?? 300),
    };
    api.authorizers = { ...api.authorizers, [id]: stored };
    authorizers.set(name, stored);
  }

  const validatorByDefault = typeof document["x-amazon-apigateway-request-validator"] === "string" ? validatorIds.get(document["x-amazon-apigateway-request-validator"]) : undefined;
  for (const [path, item] of Object.entries(isRecord(document.paths) ? document.paths : {})) {
    if (!isRecord(item)) continue;
    const resource = resourceAt(api, path);
    for (const [key, operation] of Object.entries(item)) {
      const httpMethod = OPERATION_KEYS[key.toLowerCase()];
      if (httpMethod === undefined || !isRecord(operation)) continue;
      const validatorName = operation["x-amazon-apigateway-request-validator"];
      const validatorId = typeof validatorName === "string" ? validatorIds.get(validatorName) : validatorByDefault;
      resource.methods[httpMethod] = methodOf(httpMethod, resource, [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(operation.parameters) ? operation.parameters : [])], operation, validatorId, authorizers);
    }
  }
}

/** The resource at `path`, made with its parents where missing. */
function resourceAt(api: StoredApi, path: string): StoredResource {
  let current = api.resources[api.rootResourceId];
  for (const part of path.split("/").filter((p) => p !== "")) {
    const child = Object.values(api.resources).find((r) => r.parentId === current.id && r.pathPart === part);
    if (child) {
      current = child;
      continue;
    }
    const created: StoredResource = { id: randomId(10), parentId: current.id, pathPart: part, methods: {} };
    api.resources[created.id] = created;
    current = created;
  }
  return current;
}

function methodOf(httpMethod: string, resource: StoredResource, parameters: unknown[], operation: Json, validatorId: string | undefined, authorizers: Map<string, StoredAuthorizer>): StoredMethod {
  const requestParameters: Record<string, boolean> = {};
  for (const p of parameters) {
    if (!isRecord(p) || typeof p.name !== "string" || LOCATIONS[String(p.in)] === undefined) continue;
    requestParameters[`method.request.${LOCATIONS[String(p.in)]}.${p.name}`] = p.required === true;
  }
  const requestModels: Record<string, string> = {};
  const body = isRecord(operation.requestBody) && isRecord(operation.requestBody.content) ? operation.requestBody.content : {};
  for (const [type, media] of Object.entries(body)) {
    const ref = isRecord(media) && isRecord(media.schema) && typeof media.schema.$ref === "string" ? media.schema.$ref : undefined;
    if (ref) requestModels[type] = ref.slice(ref.lastIndexOf("/") + 1);
  }
  for (const p of parameters) {
    if (isRecord(p) && p.in === "body" && isRecord(p.schema) && typeof p.schema.$ref === "string") requestModels["application/json"] = p.schema.$ref.slice(p.schema.$ref.lastIndexOf("/") + 1);
  }
  let authorizationType = "NONE";
  let authorizerId: string | undefined;
  let scopes: string[] | undefined;
  let apiKeyRequired = false;
  for (const entry of Array.isArray(operation.security) ? operation.security : []) {
    if (!isRecord(entry)) continue;
    for (const [name, s] of Object.entries(entry)) {
      const authorizer = authorizers.get(name);
      if (name === API_KEY_SCHEME) apiKeyRequired = true;
      else if (name === "sigv4") authorizationType = "AWS_IAM";
      else if (authorizer) {
        authorizationType = authorizer.type === "COGNITO_USER_POOLS" ? "COGNITO_USER_POOLS" : "CUSTOM";
        authorizerId = authorizer.id;
        if (Array.isArray(s) && s.length > 0) scopes = s.map(String);
      }
    }
  }
  const responses = isRecord(operation.responses) ? operation.responses : {};
  const methodResponses = Object.fromEntries(Object.entries(responses).filter(([code]) => /^[1-5]\d\d$/.test(code)).map(([code, r]) => {
    const headers = isRecord(r) && isRecord(r.headers) ? Object.keys(r.headers) : [];
    return [code, { statusCode: code, ...(headers.length > 0 ? { responseParameters: Object.fromEntries(headers.map((h) => [`method.response.header.${h}`, false])) } : {}) }];
  }));
  const integration = isRecord(operation["x-amazon-apigateway-integration"]) ? integrationOf(operation["x-amazon-apigateway-integration"], resource) : undefined;
  return {
    httpMethod,
    authorizationType,
    ...(authorizerId !== undefined ? { authorizerId } : {}),
    apiKeyRequired,
    ...(validatorId !== undefined ? { requestValidatorId: validatorId } : {}),
    ...(typeof operation.operationId === "string" ? { operationName: operation.operationId } : {}),
    ...(Object.keys(requestParameters).length > 0 ? { requestParameters } : {}),
    ...(Object.keys(requestModels).length > 0 ? { requestModels } : {}),
    ...(scopes ? { authorizationScopes: scopes } : {}),
    ...(Object.keys(methodResponses).length > 0 ? { methodResponses } : {}),
    ...(integration ? { methodIntegration: integration } : {}),
  };
}

function integrationOf(x: Json, resource: StoredResource): StoredIntegration {
  const responses = Object.entries(isRecord(x.responses) ? x.responses : {}).flatMap(([pattern, r]) => {
    if (!isRecord(r) || r.statusCode === undefined) return [];
    const statusCode = String(r.statusCode);
    const templates = strings(r.responseTemplates);
    const parameters = strings(r.responseParameters);
    return [[statusCode, {
      statusCode,
      selectionPattern: pattern === "default" ? "" : pattern,
      ...(parameters ? { responseParameters: parameters } : {}),
      ...(templates ? { responseTemplates: templates } : {}),
      ...(typeof r.contentHandling === "string" ? { contentHandling: r.contentHandling } : {}),
    }]] as const;
  });
  const requestParameters = strings(x.requestParameters);
  const requestTemplates = strings(x.requestTemplates);
  const type = String(x.type ?? "MOCK").toUpperCase();
  return {
    type,
    ...(typeof x.httpMethod === "string" && type !== "MOCK" ? { httpMethod: x.httpMethod.toUpperCase() } : {}),
    ...(typeof x.uri === "string" ? { uri: x.uri } : {}),
    ...(typeof x.connectionType === "string" ? { connectionType: x.connectionType } : {}),
    ...(typeof x.credentials === "string" ? { credentials: x.credentials } : {}),
    ...(requestParameters ? { requestParameters } : {}),
    ...(requestTemplates ? { requestTemplates } : {}),
    passthroughBehavior: String(x.passthroughBehavior ?? "WHEN_NO_MATCH").toUpperCase(),
    ...(typeof x.contentHandling === "string" ? { contentHandling: x.contentHandling } : {}),
    timeoutInMillis: typeof x.timeoutInMillis === "number" ? x.timeoutInMillis : DEFAULT_INTEGRATION_TIMEOUT_MS,
    cacheNamespace: typeof x.cacheNamespace === "string" ? x.cacheNamespace : resource.id,
    cacheKeyParameters: Array.isArray(x.cacheKeyParameters) ? x.cacheKeyParameters.map(String) : [],
    ...(responses.length > 0 ? { integrationResponses: Object.fromEntries(responses) } : {}),
  };
}
