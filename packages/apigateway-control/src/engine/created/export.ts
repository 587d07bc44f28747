/**
 * A deployed stage as OpenAPI (GetExport's oas30 and swagger): paths, methods, request
 * parameters, models, request validators and each method's x-amazon-apigateway-integration,
 * as API Gateway exports them with the "integrations" extensions. The sandbox serves a stage
 * from the same document, handed to the template's OpenAPI reader.
 */
import { exportedModels } from "./models.js";
import { pathOf } from "./resources.js";
import { ownMember, type ApiSnapshot, type StoredAuthorizer, type StoredIntegration, type StoredMethod } from "./state.js";

/** The security scheme names of API keys and of SigV4 (AWS_IAM), as API Gateway's exports name them. */
export const API_KEY_SCHEME = "api_key";
export const SIGV4_SCHEME = "sigv4";

export interface ExportTarget {
  apiId: string;
  region: string;
  stageName: string;
  /** The deployment's date: info.version, as API Gateway writes it. */
  version: string;
  variables?: Record<string, string>;
}

const PARAMETER_IN: Record<string, string> = { path: "path", querystring: "query", header: "header", multivaluequerystring: "query", multivalueheader: "header" };

export function exportApi(snapshot: ApiSnapshot, target: ExportTarget, format: "oas30" | "swagger"): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const { resources } = snapshot;
  for (const resource of Object.values(resources)) {
    const path = pathOf(resources, resource);
    for (const method of Object.values(resource.methods)) {
      const key = method.httpMethod === "ANY" ? "x-amazon-apigateway-any-method" : method.httpMethod.toLowerCase();
      (paths[path] ??= {})[key] = operationOf(snapshot, method, path, format);
    }
  }
  const models = Object.fromEntries(exportedModels(snapshot).map((m) => [m.name, parseSchema(m.schema)]));
  const schemes = securitySchemes(snapshot);
  const validators = Object.values(snapshot.requestValidators);
  const extensions = {
    ...(validators.length > 0
      ? { "x-amazon-apigateway-request-validators": Object.fromEntries(validators.map((v) => [v.name, { validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters }])) }
      : {}),
    ...(snapshot.binaryMediaTypes?.length ? { "x-amazon-apigateway-binary-media-types": snapshot.binaryMediaTypes } : {}),
    ...(snapshot.apiKeySource !== "HEADER" ? { "x-amazon-apigateway-api-key-source": snapshot.apiKeySource } : {}),
    ...(snapshot.gatewayResponses && Object.keys(snapshot.gatewayResponses).length > 0 ? { "x-amazon-apigateway-gateway-responses": snapshot.gatewayResponses } : {}),
  };
  const info = { title: snapshot.name, ...(snapshot.description !== undefined ? { description: snapshot.description } : {}), version: target.version };
  const host = `${target.apiId}.execute-api.${target.region}.amazonaws.com`;
  if (format === "swagger") {
    return {
      swagger: "2.0", info, host, basePath: `/${target.stageName}`, schemes: ["https"], paths,
      ...(Object.keys(schemes).length > 0 ? { securityDefinitions: schemes } : {}),
      ...(Object.keys(models).length > 0 ? { definitions: models } : {}),
      ...extensions,
    };
  }
  const components = { ...(Object.keys(models).length > 0 ? { schemas: models } : {}), ...(Object.keys(schemes).length > 0 ? { securitySchemes: schemes } : {}) };
  return {
    openapi: "3.0.1",
    info,
    servers: [{ url: `https://${host}/{basePath}`, variables: { basePath: { default: target.stageName } } }],
    paths,
    ...(Object.keys(components).length > 0 ? { components } : {}),
    ...extensions,
  };
}

function parseSchema(schema: string | undefined): unknown {
  try {
    return schema === undefined ? {} : JSON.parse(schema);
  } catch {
    return {};
  }
}

function operationOf(snapshot: ApiSnapshot, method: StoredMethod, path: string, format: "oas30" | "swagger"): Record<string, unknown> {
  const parameters = Object.entries(method.requestParameters ?? {}).flatMap(([name, required]) => {
    const m = /^method\.request\.([a-z]+)\.(.+)$/.exec(name);
    if (!m || PARAMETER_IN[m[1]] === undefined) return [];
    return [format === "swagger" ? { name: m[2], in: PARAMETER_IN[m[1]], required, type: "string" } : { name: m[2], in: PARAMETER_IN[m[1]], required, schema: { type: "string" } }];
  });
  // Every {variable} of the path is a required path parameter.
  for (const [, name] of path.matchAll(/\{([^}+]+)\+?\}/g)) {
    if (!parameters.some((p) => p.in === "path" && p.name === name)) {
      parameters.push(format === "swagger" ? { name, in: "path", required: true, type: "string" } : { name, in: "path", required: true, schema: { type: "string" } });
    }
  }
  const responses = Object.fromEntries(
    Object.values(method.methodResponses ?? {}).map((r) => [r.statusCode, { description: `${r.statusCode} response`, ...responseExtras(r.responseParameters) }]),
  );
  const validator = method.requestValidatorId === undefined ? undefined : snapshot.requestValidators[method.requestValidatorId];
  const body = requestBody(method, format);
  return {
    ...(method.operationName !== undefined ? { operationId: method.operationName } : {}),
    ...(parameters.length > 0 ? { parameters: [...parameters, ...(body && format === "swagger" ? [body] : [])] } : body && format === "swagger" ? { parameters: [body] } : {}),
    ...(body && format === "oas30" ? { requestBody: body } : {}),
    responses,
    ...securityOf(snapshot, method),
    ...(validator ? { "x-amazon-apigateway-request-validator": validator.name } : {}),
    ...(method.methodIntegration ? { "x-amazon-apigateway-integration": integrationOf(method.methodIntegration) } : {}),
  };
}

function requestBody(method: StoredMethod, format: "oas30" | "swagger"): Record<string, unknown> | undefined {
  const models = Object.entries(method.requestModels ?? {}).filter(([, model]) => model !== "Empty");
  if (models.length === 0) return undefined;
  const ref = (model: string) => ({ $ref: format === "swagger" ? `#/definitions/${model}` : `#/components/schemas/${model}` });
  if (format === "swagger") return { in: "body", name: models[0][1], required: true, schema: ref(models[0][1]) };
  return { content: Object.fromEntries(models.map(([type, model]) => [type, { schema: ref(model) }])), required: true };
}

function responseExtras(parameters: Record<string, boolean> | undefined): Record<string, unknown> {
  const headers = Object.keys(parameters ?? {}).flatMap((p) => (p.startsWith("method.response.header.") ? [p.slice("method.response.header.".length)] : []));
  return headers.length > 0 ? { headers: Object.fromEntries(headers.map((h) => [h, { schema: { type: "string" } }])) } : {};
}

/** x-amazon-apigateway-integration: lower-case type and passthrough, responses keyed by selection pattern ("default" for none). */
function integrationOf(integration: StoredIntegration): Record<string, unknown> {
  const responses = Object.values(integration.integrationResponses ?? {}).map((r) => [
    r.selectionPattern ? r.selectionPattern : "default",
    {
      statusCode: r.statusCode,
      ...(r.responseParameters ? { responseParameters: r.responseParameters } : {}),
      ...(r.responseTemplates ? { responseTemplates: r.responseTemplates } : {}),
      ...(r.contentHandling !== undefined ? { contentHandling: r.contentHandling } : {}),
    },
  ]);
  return {
    type: integration.type.toLowerCase(),
    ...(integration.httpMethod !== undefined ? { httpMethod: integration.httpMethod } : {}),
    ...(integration.uri !== undefined ? { uri: integration.uri } : {}),
    ...(integration.credentials !== undefined ? { credentials: integration.credentials } : {}),
    ...(responses.length > 0 ? { responses: Object.fromEntries(responses) } : {}),
    ...(integration.requestParameters ? { requestParameters: integration.requestParameters } : {}),
    ...(integration.requestTemplates ? { requestTemplates: integration.requestTemplates } : {}),
    passthroughBehavior: (integration.passthroughBehavior ?? "WHEN_NO_MATCH").toLowerCase(),
    ...(integration.contentHandling !== undefined ? { contentHandling: integration.contentHandling } : {}),
    timeoutInMillis: integration.timeoutInMillis,
    ...(integration.connectionType !== undefined ? { connectionType: integration.connectionType } : {}),
    cacheNamespace: integration.cacheNamespace,
    ...(integration.cacheKeyParameters.length > 0 ? { cacheKeyParameters: integration.cacheKeyParameters } : {}),
  };
}

/** The schemes the methods use: each authorizer by its name, API keys, SigV4. */
function securitySchemes(snapshot: ApiSnapshot): Record<string, unknown> {
  const methods = Object.values(snapshot.resources).flatMap((r) => Object.values(r.methods));
  const out: Record<string, unknown> = {};
  if (methods.some((m) => m.apiKeyRequired)) out[API_KEY_SCHEME] = { type: "apiKey", name: "x-api-key", in: "header" };
  if (methods.some((m) => m.authorizationType === "AWS_IAM")) out[SIGV4_SCHEME] = { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" };
  for (const authorizer of Object.values(snapshot.authorizers ?? {})) out[authorizer.name] = authorizerScheme(authorizer);
  return out;
}

function authorizerScheme(authorizer: StoredAuthorizer): Record<string, unknown> {
  const cognito = authorizer.type === "COGNITO_USER_POOLS";
  const header = /^method\.request\.header\.(.+)$/.exec(authorizer.identitySource ?? "")?.[1] ?? "Authorization";
  return {
    type: "apiKey",
    name: header,
    in: "header",
    "x-amazon-apigateway-authtype": cognito ? "cognito_user_pools" : (authorizer.authType ?? "custom"),
    "x-amazon-apigateway-authorizer": {
      type: authorizer.type.toLowerCase(),
      ...(authorizer.authorizerUri !== undefined ? { authorizerUri: authorizer.authorizerUri } : {}),
      ...(authorizer.authorizerCredentials !== undefined ? { authorizerCredentials: authorizer.authorizerCredentials } : {}),
      ...(authorizer.providerARNs ? { providerARNs: authorizer.providerARNs } : {}),
      ...(authorizer.identitySource !== undefined ? { identitySource: authorizer.identitySource } : {}),
      ...(authorizer.identityValidationExpression !== undefined ? { identityValidationExpression: authorizer.identityValidationExpression } : {}),
      ...(authorizer.authorizerResultTtlInSeconds !== undefined ? { authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds } : {}),
    },
  };
}

/** An operation's security: its authorizer (with its scopes) or SigV4, and the API key when required. */
function securityOf(snapshot: ApiSnapshot, method: StoredMethod): { security?: Array<Record<string, string[]>> } {
  const security: Array<Record<string, string[]>> = [];
  const authorizer = ownMember(snapshot.authorizers, method.authorizerId);
  if (authorizer && (method.authorizationType === "CUSTOM" || method.authorizationType === "COGNITO_USER_POOLS")) security.push({ [authorizer.name]: method.authorizationScopes ?? [] });
  if (method.authorizationType === "AWS_IAM") security.push({ [SIGV4_SCHEME]: [] });
  if (method.apiKeyRequired) security.push({ [API_KEY_SCHEME]: [] });
  return security.length > 0 ? { security } : {};
}

/**
 * GetExport's `extensions` parameter (API reference, GetExport): "integrations" keeps each method's
 * x-amazon-apigateway-integration, "authorizers" the authorizers' x-amazon-apigateway-authorizer and
 * -authtype, "apigateway" every API Gateway extension; without it (or with "postman") the export is
 * plain OpenAPI ("be sure to include the extensions parameter … to ensure that the
 * x-amazon-apigateway-request-validator extension is included", developer guide, "Export a REST API").
 * The ANY method's x-amazon-apigateway-any-method key is the path's own and stays.
 */
export function withExtensions(document: Record<string, unknown>, extensions: string | undefined): Record<string, unknown> {
  const asked = new Set((extensions ?? "").split(",").map((e) => e.trim().toLowerCase()));
  if (asked.has("apigateway")) return document;
  const kept = new Set(["x-amazon-apigateway-any-method"]);
  if (asked.has("integrations")) kept.add("x-amazon-apigateway-integration");
  if (asked.has("authorizers")) {
    kept.add("x-amazon-apigateway-authorizer");
    kept.add("x-amazon-apigateway-authtype");
  }
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== "object" || value === null) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith("x-amazon-apigateway-") || kept.has(key)).map(([key, v]) => [key, strip(v)]));
  };
  return strip(document) as Record<string, unknown>;
}
