/**
 * CORS settings as each API flavour writes them: HTTP API CorsConfiguration (lists, or
 * `true` = AllowOrigins ["*"] as SAM reads it), SAM REST Cors (quoted header values such as
 * "'GET,POST'"), and the MOCK OPTIONS methods CDK generates for REST API preflight.
 */
import type { AwsIntegrationRouteSpec, CorsSpec } from "../model.js";
import { intrinsicName, isRecord } from "../util.js";

/** SAM's _CORS_WILDCARD: the AllowOrigin of a Cors map that names none. */
const SAM_CORS_WILDCARD = "'*'";

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return value.split(",").map((s) => s.trim()).filter(Boolean);
  return [];
}

function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

export function httpCors(value: unknown): CorsSpec | undefined {
  if (value === undefined || value === false || value === "false") return undefined;
  if (value === true || value === "true") {
    return { allowOrigins: ["*"], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
  }
  if (!isRecord(value)) return undefined;
  const cors: CorsSpec = {
    allowOrigins: strings(value.AllowOrigins),
    allowMethods: strings(value.AllowMethods),
    allowHeaders: strings(value.AllowHeaders),
    exposeHeaders: strings(value.ExposeHeaders),
    allowCredentials: isTrue(value.AllowCredentials),
  };
  if (value.MaxAge !== undefined) cors.maxAge = Number(value.MaxAge);
  return cors;
}

/** "'www.example.com'" → "www.example.com" (SAM REST CORS values are header values in single quotes). */
function unquote(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text.startsWith("'") && text.endsWith("'") && text.length >= 2 ? text.slice(1, -1) : text;
}

/** SAM REST `Cors`; allowMethods is left empty when SAM would compute it from the API's methods. */
export function restCors(value: unknown): CorsSpec | undefined {
  // SAM adds no CORS for a falsy Cors ("if not self.cors: return").
  if (!value) return undefined;
  if (typeof value === "string") {
    return { allowOrigins: strings(unquote(value)), allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
  }
  if (!isRecord(value)) return undefined;
  const cors: CorsSpec = {
    allowOrigins: strings(unquote(value.AllowOrigin ?? SAM_CORS_WILDCARD)),
    allowMethods: strings(unquote(value.AllowMethods)),
    allowHeaders: strings(unquote(value.AllowHeaders)),
    exposeHeaders: [],
    allowCredentials: isTrue(value.AllowCredentials),
  };
  const maxAge = unquote(value.MaxAge);
  if (maxAge !== undefined) cors.maxAge = Number(maxAge);
  return cors;
}

/** CORS from a CDK preflight method: OPTIONS, MOCK integration, Access-Control-* response parameters. */
export function corsFromMockOptions(integration: Record<string, unknown>): CorsSpec | undefined {
  const responses = Array.isArray(integration.IntegrationResponses) ? integration.IntegrationResponses : [];
  const params = responses.map((r) => (isRecord(r) && isRecord(r.ResponseParameters) ? r.ResponseParameters : undefined)).find(Boolean);
  if (!params) return undefined;
  const header = (name: string) => unquote(params[`method.response.header.Access-Control-${name}`]);
  const origin = header("Allow-Origin");
  if (origin === undefined) return undefined;
  const cors: CorsSpec = {
    allowOrigins: strings(origin),
    allowMethods: strings(header("Allow-Methods")),
    allowHeaders: strings(header("Allow-Headers")),
    exposeHeaders: strings(header("Expose-Headers")),
    allowCredentials: header("Allow-Credentials") === "true",
  };
  const maxAge = header("Max-Age");
  if (maxAge !== undefined) cors.maxAge = Number(maxAge);
  return cors;
}

/** SAM REST `Cors` as written: header values in single quotes ("'OPTIONS, POST'"), mapped verbatim by SAM's OPTIONS method. */
export interface SamRestCors {
  allowOrigin: string;
  allowHeaders?: string;
  allowMethods?: string;
  maxAge?: string;
  allowCredentials: boolean;
}

/** A header value as a mapping expression: SAM copies it as written; an unquoted literal is quoted (AWS would refuse it). */
function expression(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const text = String(value);
  return /^'.*'$/s.test(text.trim()) ? text : `'${text}'`;
}

/** SAM's CorsProperties fields; a map with another key is "Invalid value for 'Cors' property". */
const SAM_CORS_KEYS = new Set(["AllowMethods", "AllowHeaders", "AllowOrigin", "MaxAge", "AllowCredentials"]);

/** Whether SAM takes this REST `Cors`: unset or falsy, a string (or intrinsic), or a map of CorsProperties fields. */
export function isSamRestCors(value: unknown): boolean {
  if (!value || typeof value === "string" || intrinsicName(value)) return true;
  return isRecord(value) && Object.keys(value).every((key) => SAM_CORS_KEYS.has(key));
}

/**
 * SAM's CorsProperties: `Cors: "'*'"` sets AllowOrigin alone; a map names each header, AllowOrigin
 * defaulting to "'*'" (ApiGenerator._add_cors). Undefined when SAM adds no CORS (a falsy value).
 */
export function samRestCors(value: unknown): SamRestCors | undefined {
  if (!value) return undefined;
  const props = typeof value === "string" || intrinsicName(value) ? { AllowOrigin: value } : isRecord(value) ? value : undefined;
  const allowOrigin = expression(props?.AllowOrigin ?? SAM_CORS_WILDCARD);
  if (!props || allowOrigin === undefined) return undefined;
  const cors: SamRestCors = { allowOrigin, allowCredentials: props.AllowCredentials === true || props.AllowCredentials === "true" };
  const allowHeaders = expression(props.AllowHeaders);
  if (allowHeaders !== undefined) cors.allowHeaders = allowHeaders;
  const allowMethods = expression(props.AllowMethods);
  if (allowMethods !== undefined) cors.allowMethods = allowMethods;
  // MaxAge 0 is kept: SAM checks it against None.
  const maxAge = props.MaxAge === undefined || props.MaxAge === null ? undefined : expression(props.MaxAge);
  if (maxAge !== undefined) cors.maxAge = maxAge;
  return cors;
}

/** API Gateway's ANY in OpenAPI: SAM lists every method for a path that has it (SwaggerEditor._X_ANY_METHOD). */
const ANY_METHOD_KEY = "x-amazon-apigateway-any-method";
/** SwaggerEditor._ALL_HTTP_METHODS. */
const ALL_HTTP_METHODS = ["OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"];

/** The OpenAPI path-item key SAM writes for a method ("GET" → "get", "ANY" → x-amazon-apigateway-any-method). */
export function pathItemKey(method: string): string {
  return method.toUpperCase() === "ANY" ? ANY_METHOD_KEY : method.toLowerCase();
}

/**
 * SAM's computed Access-Control-Allow-Methods (SwaggerEditor._make_cors_allowed_methods_for_path_item):
 * the path item's keys plus "options" (every method when it has ANY), upper-cased, de-duplicated,
 * sorted, joined with ",".
 */
export function samAllowedMethods(pathItemKeys: string[]): string {
  const methods = pathItemKeys.includes(ANY_METHOD_KEY) ? ALL_HTTP_METHODS : [...pathItemKeys, "options"];
  return [...new Set(methods.map((m) => m.toUpperCase()))].sort().join(",");
}

/**
 * The OPTIONS method SAM's `Cors` adds to a path (SwaggerEditor._options_method_response_for_cors):
 * a MOCK integration whose default response (200, body "{}\n") maps each header value as written.
 */
export function samCorsPreflight(cors: SamRestCors, pathItemKeys: string[]): AwsIntegrationRouteSpec {
  const header = (name: string) => `method.response.header.Access-Control-${name}`;
  const parameters: Record<string, string> = { [header("Allow-Origin")]: cors.allowOrigin };
  if (cors.allowHeaders !== undefined) parameters[header("Allow-Headers")] = cors.allowHeaders;
  parameters[header("Allow-Methods")] = cors.allowMethods ?? `'${samAllowedMethods(pathItemKeys)}'`;
  if (cors.maxAge !== undefined) parameters[header("Max-Age")] = cors.maxAge;
  if (cors.allowCredentials) parameters[header("Allow-Credentials")] = "'true'";
  return {
    service: "mock",
    requestTemplates: { "application/json": '{\n  "statusCode" : 200\n}\n' },
    responses: [{ statusCode: "200", responseParameters: parameters, responseTemplates: { "application/json": "{}\n" } }],
  };
}
