import type { AwsIntegration, CorsConfig } from "./config.js";

/** Every method, for a REST resource with ANY (SAM's list for the CORS mock method). */
const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/** SAM writes REST Cors values as quoted strings ("'*'"); the quotes are not part of the value. */
function unquote(value: string): string {
  return value.replace(/^'(.*)'$/, "$1");
}

function list(values: string[]): string {
  return values.map(unquote).join(",");
}

/**
 * Whether an HTTP API's allowOrigins admits the request's Origin: an exact origin,
 * "*", or a scheme wildcard ("https://*", "http://*").
 */
function allowedOrigin(cors: CorsConfig, origin: string): string | undefined {
  const origins = cors.allowOrigins.map(unquote);
  if (origins.includes("*")) return "*";
  const lower = origin.toLowerCase();
  const ok = origins.some((o) => {
    const pattern = o.toLowerCase();
    return pattern === lower || (pattern.endsWith("://*") && lower.startsWith(pattern.slice(0, -1)));
  });
  return ok ? origin : undefined;
}

/** True for a CORS preflight: OPTIONS carrying Origin and Access-Control-Request-Method. */
export function isPreflight(method: string, headers: Record<string, string>): boolean {
  return method.toUpperCase() === "OPTIONS" && headers.origin !== undefined && headers["access-control-request-method"] !== undefined;
}

/** The headers of an HTTP API's own answer to a preflight (204, no body). */
export function httpPreflightHeaders(cors: CorsConfig, origin: string): Record<string, string> {
  const allowed = allowedOrigin(cors, origin);
  if (!allowed) return {};
  const headers: Record<string, string> = { "access-control-allow-origin": allowed };
  if (cors.allowCredentials) headers["access-control-allow-credentials"] = "true";
  if (cors.allowHeaders.length > 0) headers["access-control-allow-headers"] = list(cors.allowHeaders);
  if (cors.allowMethods.length > 0) headers["access-control-allow-methods"] = list(cors.allowMethods);
  if (cors.maxAge !== undefined) headers["access-control-max-age"] = String(cors.maxAge);
  return headers;
}

/**
 * An HTTP API's CORS headers on an integration's response. API Gateway drops the
 * function's own Access-Control-* headers and, for a request with an allowed Origin,
 * adds the configured ones.
 */
export function applyHttpCors(cors: CorsConfig, origin: string | undefined, headers: Array<[string, string]>): Array<[string, string]> {
  const out = headers.filter(([name]) => !name.toLowerCase().startsWith("access-control-"));
  const allowed = origin === undefined ? undefined : allowedOrigin(cors, origin);
  if (!allowed) return out;
  out.push(["access-control-allow-origin", allowed]);
  if (cors.allowCredentials) out.push(["access-control-allow-credentials", "true"]);
  if (cors.exposeHeaders.length > 0) out.push(["access-control-expose-headers", list(cors.exposeHeaders)]);
  return out;
}

/** SAM's MOCK request template, which selects the 200 response (SwaggerEditor._options_method_response_for_cors). */
const SAM_PREFLIGHT_REQUEST_TEMPLATE = '{\n  "statusCode" : 200\n}\n';
/** SAM's response template for it: the body "{}\n". */
const SAM_PREFLIGHT_RESPONSE_TEMPLATE = "{}\n";

/**
 * The OPTIONS MOCK method SAM adds to each REST resource when the API has Cors, for a config
 * given as lists (a template's SAM Cors comes with its methods already made, `preflights`).
 * Without AllowMethods, SAM lists the resource's methods plus OPTIONS (every method when the
 * resource has ANY), sorted.
 */
export function restPreflightIntegration(cors: CorsConfig, resourceMethods: string[]): AwsIntegration {
  const literal = (value: string) => `'${value}'`;
  const header = (name: string) => `method.response.header.Access-Control-${name}`;
  const parameters: Record<string, string> = { [header("Allow-Origin")]: literal(list(cors.allowOrigins)) };
  if (cors.allowHeaders.length > 0) parameters[header("Allow-Headers")] = literal(list(cors.allowHeaders));
  const methods = resourceMethods.includes("ANY") ? ALL_METHODS : [...new Set([...resourceMethods, "OPTIONS"])].sort();
  parameters[header("Allow-Methods")] = literal(cors.allowMethods.length > 0 ? list(cors.allowMethods) : methods.join(","));
  if (cors.maxAge !== undefined) parameters[header("Max-Age")] = literal(String(cors.maxAge));
  if (cors.allowCredentials) parameters[header("Allow-Credentials")] = literal("true");
  return {
    service: "mock",
    requestTemplates: { "application/json": SAM_PREFLIGHT_REQUEST_TEMPLATE },
    responses: [{ statusCode: "200", responseParameters: parameters, responseTemplates: { "application/json": SAM_PREFLIGHT_RESPONSE_TEMPLATE } }],
  };
}
