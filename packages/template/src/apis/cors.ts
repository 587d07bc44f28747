/**
 * CORS settings as each API flavour writes them: HTTP API CorsConfiguration (lists, or
 * `true` = AllowOrigins ["*"] as SAM reads it), SAM REST Cors (quoted header values such as
 * "'GET,POST'"), and the MOCK OPTIONS methods CDK generates for REST API preflight.
 */
import type { CorsSpec } from "../model.js";
import { isRecord } from "../util.js";

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
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") {
    return { allowOrigins: strings(unquote(value)), allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false };
  }
  if (!isRecord(value)) return undefined;
  const cors: CorsSpec = {
    allowOrigins: strings(unquote(value.AllowOrigin)),
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
