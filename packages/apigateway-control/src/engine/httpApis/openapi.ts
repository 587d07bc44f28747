/**
 * HTTP APIs as OpenAPI 3.0 definitions with API Gateway's extensions ("Working with API Gateway
 * extensions to OpenAPI" for HTTP APIs): ExportApi writes the routes, integrations
 * (x-amazon-apigateway-integration), authorizers (components.securitySchemes'
 * x-amazon-apigateway-authorizer) and CORS (x-amazon-apigateway-cors); ImportApi and ReimportApi
 * read them back.
 */
import { badRequest } from "../../errors.js";
import { DEFAULT_HTTP_TIMEOUT_MS } from "../../limits.js";
import { ownMember } from "../created/state.js";
import type { StoredAuthorizer, StoredCors, StoredIntegration, StoredRoute } from "./state.js";

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

const OPERATION_KEYS: Record<string, string> = {
  get: "GET", put: "PUT", post: "POST", delete: "DELETE", patch: "PATCH", head: "HEAD", options: "OPTIONS", "x-amazon-apigateway-any-method": "ANY",
};
const CORS_MEMBERS: Array<[keyof StoredCors, string]> = [
  ["AllowCredentials", "allowCredentials"], ["AllowHeaders", "allowHeaders"], ["AllowMethods", "allowMethods"], ["AllowOrigins", "allowOrigins"], ["ExposeHeaders", "exposeHeaders"], ["MaxAge", "maxAge"],
];

/** The text v1's importer answers an unreadable definition with (aws/aws-cli issue #8191); no v2 text was found. */
export const INVALID_OPENAPI_V2 = "Invalid OpenAPI input.";

export interface HttpApiDefinition {
  name: string;
  version?: string;
  description?: string;
  cors?: StoredCors;
  routes: Record<string, StoredRoute>;
  integrations: Record<string, StoredIntegration>;
  authorizers: Record<string, StoredAuthorizer>;
}

// Export

export interface ExportContext {
  apiId: string;
  region: string;
  /** The stage exported ("" for the API's latest configuration). */
  stageName?: string;
  /** info.version: the API's Version, else the date of what is exported (no AWS example of the default was found). */
  version: string;
  includeExtensions: boolean;
}

export function exportHttpApi(api: Omit<HttpApiDefinition, "version">, ctx: ExportContext): Json {
  const paths: Record<string, Json> = {};
  const usedSchemes = new Set<string>();
  for (const route of Object.values(api.routes)) {
    const [method, path] = route.RouteKey === "$default" ? ["ANY", "/$default"] : route.RouteKey.split(" ");
    const key = method === "ANY" ? "x-amazon-apigateway-any-method" : method.toLowerCase();
    const operation: Json = { responses: { default: { description: `Default response for ${route.RouteKey}` } } };
    const authorizer = ownMember(api.authorizers, route.AuthorizerId);
    if (authorizer) {
      usedSchemes.add(authorizer.AuthorizerId);
      operation.security = [{ [authorizer.Name]: route.AuthorizationScopes ?? [] }];
    }
    const integrationId = route.Target?.replace(/^integrations\//, "");
    const integration = ownMember(api.integrations, integrationId);
    if (integration && ctx.includeExtensions) operation["x-amazon-apigateway-integration"] = integrationExtension(integration);
    const item = paths[path] ?? {};
    item[key] = operation;
    const parameters = [...path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => ({ name: m[1], in: "path", description: `Generated path parameter for ${m[1]}`, required: true, schema: { type: "string" } }));
    if (parameters.length > 0) item.parameters = parameters;
    paths[path] = item;
  }
  const schemes = Object.fromEntries(Object.values(api.authorizers).filter((a) => usedSchemes.has(a.AuthorizerId) || ctx.includeExtensions).map((a) => [a.Name, securityScheme(a, ctx.includeExtensions)]));
  const basePath = ctx.stageName === undefined || ctx.stageName === "$default" ? "" : ctx.stageName;
  return {
    openapi: "3.0.1",
    info: { title: api.name, ...(api.description !== undefined ? { description: api.description } : {}), version: ctx.version },
    servers: [{ url: `https://${ctx.apiId}.execute-api.${ctx.region}.amazonaws.com/{basePath}`, variables: { basePath: { default: basePath } } }],
    paths,
    ...(Object.keys(schemes).length > 0 ? { components: { securitySchemes: schemes } } : {}),
    ...(ctx.includeExtensions && api.cors ? { "x-amazon-apigateway-cors": corsExtension(api.cors) } : {}),
    ...(ctx.includeExtensions ? { "x-amazon-apigateway-importexport-version": "1.0" } : {}),
  };
}

function integrationExtension(i: StoredIntegration): Json {
  return {
    ...(i.IntegrationSubtype !== undefined ? { integrationSubtype: i.IntegrationSubtype } : {}),
    ...(i.CredentialsArn !== undefined ? { credentials: i.CredentialsArn } : {}),
    ...(i.RequestParameters !== undefined ? { requestParameters: i.RequestParameters } : {}),
    ...(i.ResponseParameters !== undefined ? { responseParameters: i.ResponseParameters } : {}),
    payloadFormatVersion: i.PayloadFormatVersion ?? "1.0",
    type: i.IntegrationType.toLowerCase(),
    ...(i.IntegrationMethod !== undefined ? { httpMethod: i.IntegrationMethod } : {}),
    ...(i.IntegrationUri !== undefined ? { uri: i.IntegrationUri } : {}),
    connectionType: i.ConnectionType,
    ...(i.ConnectionId !== undefined ? { connectionId: i.ConnectionId } : {}),
    timeoutInMillis: i.TimeoutInMillis,
  };
}

function securityScheme(a: StoredAuthorizer, extensions: boolean): Json {
  const jwt = a.AuthorizerType === "JWT";
  const base: Json = jwt ? { type: "oauth2", flows: {} } : { type: "apiKey", name: a.IdentitySource[0]?.replace(/^\$request\.header\./, "") ?? "Unused", in: "header" };
  if (!extensions) return base;
  return {
    ...base,
    "x-amazon-apigateway-authorizer": jwt
      ? { identitySource: a.IdentitySource.join(","), jwtConfiguration: { ...(a.JwtConfiguration?.Audience ? { audience: a.JwtConfiguration.Audience } : {}), ...(a.JwtConfiguration?.Issuer ? { issuer: a.JwtConfiguration.Issuer } : {}) }, type: "jwt" }
      : {
          identitySource: a.IdentitySource.join(","),
          authorizerUri: a.AuthorizerUri,
          authorizerPayloadFormatVersion: a.AuthorizerPayloadFormatVersion,
          authorizerResultTtlInSeconds: a.AuthorizerResultTtlInSeconds,
          enableSimpleResponses: a.EnableSimpleResponses,
          ...(a.AuthorizerCredentialsArn !== undefined ? { authorizerCredentials: a.AuthorizerCredentialsArn } : {}),
          type: "request",
        },
  };
}

function corsExtension(cors: StoredCors): Json {
  return Object.fromEntries(CORS_MEMBERS.filter(([member]) => cors[member] !== undefined).map(([member, json]) => [json, cors[member]]));
}

// Import

/** The API a definition describes, with new ids from `newId`; refused when it is no OpenAPI 3 definition with a title. */
export function importHttpApi(document: unknown, newId: (length: number) => string): HttpApiDefinition {
  if (!isRecord(document) || typeof document.openapi !== "string" || !document.openapi.startsWith("3.") || (document.paths !== undefined && !isRecord(document.paths))) {
    throw badRequest(INVALID_OPENAPI_V2);
  }
  const info = isRecord(document.info) ? document.info : {};
  if (typeof info.title !== "string" || info.title === "") throw badRequest(INVALID_OPENAPI_V2);
  const authorizers: Record<string, StoredAuthorizer> = {};
  const byScheme = new Map<string, StoredAuthorizer>();
  const schemes = isRecord(document.components) && isRecord(document.components.securitySchemes) ? document.components.securitySchemes : {};
  for (const [name, scheme] of Object.entries(schemes)) {
    const authorizer = authorizerOf(name, isRecord(scheme) ? scheme["x-amazon-apigateway-authorizer"] : undefined, newId(6));
    if (!authorizer) continue;
    authorizers[authorizer.AuthorizerId] = authorizer;
    byScheme.set(name, authorizer);
  }
  const routes: Record<string, StoredRoute> = {};
  const integrations: Record<string, StoredIntegration> = {};
  for (const [path, item] of Object.entries(isRecord(document.paths) ? document.paths : {})) {
    if (!isRecord(item)) continue;
    for (const [key, operation] of Object.entries(item)) {
      const method = Object.hasOwn(OPERATION_KEYS, key.toLowerCase()) ? OPERATION_KEYS[key.toLowerCase()] : undefined;
      if (method === undefined || !isRecord(operation)) continue;
      const routeKey = path === "/$default" ? "$default" : `${method} ${path}`;
      const route: StoredRoute = { RouteId: newId(7), RouteKey: routeKey, ApiKeyRequired: false, AuthorizationType: "NONE" };
      const integration = integrationOf(operation["x-amazon-apigateway-integration"], newId(7));
      if (integration) {
        integrations[integration.IntegrationId] = integration;
        route.Target = `integrations/${integration.IntegrationId}`;
      }
      const security = Array.isArray(operation.security) ? operation.security.find(isRecord) : undefined;
      for (const [scheme, scopes] of Object.entries(security ?? {})) {
        const authorizer = byScheme.get(scheme);
        if (!authorizer) continue;
        route.AuthorizationType = authorizer.AuthorizerType === "JWT" ? "JWT" : "CUSTOM";
        route.AuthorizerId = authorizer.AuthorizerId;
        if (Array.isArray(scopes) && scopes.length > 0) route.AuthorizationScopes = scopes.map(String);
        break;
      }
      routes[route.RouteId] = route;
    }
  }
  const cors = isRecord(document["x-amazon-apigateway-cors"]) ? document["x-amazon-apigateway-cors"] : undefined;
  return {
    name: info.title,
    ...(typeof info.version === "string" ? { version: info.version } : {}),
    ...(typeof info.description === "string" ? { description: info.description } : {}),
    ...(cors ? { cors: Object.fromEntries(CORS_MEMBERS.filter(([, json]) => cors[json] !== undefined).map(([member, json]) => [member, cors[json]])) as StoredCors } : {}),
    routes,
    integrations,
    authorizers,
  };
}

/** "2.0", or 2 as YAML reads an unquoted `payloadFormatVersion: 2.0` (the AWS CLI's import-api example writes it so). */
function versionOf(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value.toFixed(1);
  return typeof value === "string" ? value : undefined;
}

function integrationOf(value: unknown, id: string): StoredIntegration | undefined {
  if (!isRecord(value) || typeof value.type !== "string") return undefined;
  const type = value.type.toUpperCase();
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const out: StoredIntegration = {
    IntegrationId: id,
    IntegrationType: type,
    ConnectionType: str(value.connectionType) ?? "INTERNET",
    PayloadFormatVersion: versionOf(value.payloadFormatVersion) ?? "1.0",
    TimeoutInMillis: typeof value.timeoutInMillis === "number" ? value.timeoutInMillis : Number(value.timeoutInMillis ?? DEFAULT_HTTP_TIMEOUT_MS) || DEFAULT_HTTP_TIMEOUT_MS,
  };
  const copy: Array<[keyof StoredIntegration, string]> = [["IntegrationUri", "uri"], ["IntegrationMethod", "httpMethod"], ["IntegrationSubtype", "integrationSubtype"], ["CredentialsArn", "credentials"], ["ConnectionId", "connectionId"]];
  for (const [member, json] of copy) if (str(value[json]) !== undefined) Object.assign(out, { [member]: str(value[json]) });
  if (isRecord(value.requestParameters)) out.RequestParameters = Object.fromEntries(Object.entries(value.requestParameters).map(([k, v]) => [k, String(v)]));
  if (isRecord(value.responseParameters)) out.ResponseParameters = value.responseParameters as Record<string, Record<string, string>>;
  return out;
}

function authorizerOf(name: string, value: unknown, id: string): StoredAuthorizer | undefined {
  if (!isRecord(value) || typeof value.type !== "string") return undefined;
  const type = value.type.toLowerCase();
  const identity = typeof value.identitySource === "string" ? value.identitySource.split(",").map((s) => s.trim()).filter((s) => s !== "") : Array.isArray(value.identitySource) ? value.identitySource.map(String) : [];
  if (type === "jwt") {
    const jwt = isRecord(value.jwtConfiguration) ? value.jwtConfiguration : {};
    return {
      AuthorizerId: id, Name: name, AuthorizerType: "JWT", IdentitySource: identity.length > 0 ? identity : ["$request.header.Authorization"],
      JwtConfiguration: { ...(Array.isArray(jwt.audience) ? { Audience: jwt.audience.map(String) } : {}), ...(typeof jwt.issuer === "string" ? { Issuer: jwt.issuer } : {}) },
    };
  }
  if (type !== "request" || typeof value.authorizerUri !== "string") return undefined;
  return {
    AuthorizerId: id, Name: name, AuthorizerType: "REQUEST", IdentitySource: identity, AuthorizerUri: value.authorizerUri,
    AuthorizerPayloadFormatVersion: versionOf(value.authorizerPayloadFormatVersion) ?? "2.0",
    AuthorizerResultTtlInSeconds: typeof value.authorizerResultTtlInSeconds === "number" ? value.authorizerResultTtlInSeconds : 0,
    EnableSimpleResponses: value.enableSimpleResponses === true,
    ...(typeof value.authorizerCredentials === "string" ? { AuthorizerCredentialsArn: value.authorizerCredentials } : {}),
  };
}
