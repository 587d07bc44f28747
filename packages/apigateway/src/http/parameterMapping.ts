/**
 * HTTP API parameter mapping of a Lambda proxy route ("Transform API requests and responses for
 * HTTP APIs"): RequestParameters change the request's headers, query string and path before the
 * event is built; ResponseParameters, chosen by the status the function answered, change the
 * response's headers and status code. Values are static text or selection expressions
 * ($request.header.<name>, $request.querystring.<name>, $request.body.<path>, $request.path,
 * $request.path.<name>, $context.<name>, $stageVariables.<name>; responses also
 * $response.header.<name> and $response.body.<path>), bare or as ${…}, read from the request as
 * received (and the integration's response).
 */
import { evaluateParameter, type MappingSource } from "../stepfunctions/httpRequest.js";
import { parseQuery } from "./incoming.js";
import type { MappedResponse } from "./outgoing.js";

/** A route's RequestParameters and ResponseParameters (by status code). */
export interface ParameterMapping {
  /** "append|overwrite|remove:header.<name>", "append|overwrite|remove:querystring.<name>", "overwrite:path" → value. */
  request?: Record<string, string>;
  /** Status code → "append|overwrite|remove:header.<name>", "overwrite:statuscode" → value. */
  response?: Record<string, Record<string, string>>;
}

/** "Reserved headers" of the guide: no mapping may name them. */
const RESERVED = [/^access-control-/, /^apigw-/, /^authorization$/, /^connection$/, /^content-encoding$/, /^content-length$/, /^content-location$/, /^forwarded$/,
  /^keep-alive$/, /^origin$/, /^proxy-authenticate$/, /^proxy-authorization$/, /^te$/, /^trailers$/, /^transfer-encoding$/, /^upgrade$/, /^x-amz-/, /^x-amzn-/,
  /^x-forwarded-for$/, /^x-forwarded-host$/, /^x-forwarded-proto$/, /^via$/];

const KEY = /^(append|overwrite|remove):(header|querystring)\.(.+)$/;

/** What a mapping key of the route is not allowed to be, for start-up validation; undefined when every key is valid. */
export function invalidMappingKey(mapping: ParameterMapping): string | undefined {
  const keys = [...Object.keys(mapping.request ?? {}), ...Object.values(mapping.response ?? {}).flatMap((m) => Object.keys(m))];
  for (const key of keys) {
    if (key === "overwrite:path" || key === "overwrite:statuscode") continue;
    const parsed = KEY.exec(key);
    if (!parsed) return `${key} is not a parameter mapping key (append|overwrite|remove:header.<name>, append|overwrite|remove:querystring.<name>, overwrite:path, overwrite:statuscode)`;
    if (parsed[2] === "header" && RESERVED.some((r) => r.test(parsed[3].toLowerCase()))) return `${parsed[3]} is a reserved header, which parameter mapping cannot change`;
  }
  return undefined;
}

/** The request after RequestParameters: headers (client's case kept), raw query string and path. */
export interface MappedRequest {
  headers: Array<[string, string]>;
  rawQuery: string;
  path: string;
}

export function mapRequest(parameters: Record<string, string>, request: MappedRequest, source: MappingSource): MappedRequest {
  let { headers, rawQuery, path } = request;
  for (const [key, template] of Object.entries(parameters)) {
    const value = evaluate(template, source, request.path);
    if (key === "overwrite:path") {
      if (value !== undefined) path = value.startsWith("/") ? value : `/${value}`;
      continue;
    }
    const parsed = KEY.exec(key);
    if (!parsed) continue;
    const [, action, location, name] = parsed;
    if (action !== "remove" && value === undefined) continue;
    if (location === "header") headers = changeHeader(headers, action, name, value);
    else rawQuery = changeQuery(rawQuery, action, name, value);
  }
  return { headers, rawQuery, path };
}

/** The response after the ResponseParameters of its status code. */
export function mapResponse(parameters: Record<string, Record<string, string>>, response: MappedResponse, source: MappingSource, requestPath: string): MappedResponse {
  const selected = parameters[String(response.status)];
  if (!selected) return response;
  let { status, headers } = response;
  const responseSource = { headers: response.headers, body: response.body };
  for (const [key, template] of Object.entries(selected)) {
    const value = evaluate(template, source, requestPath, responseSource);
    if (key === "overwrite:statuscode") {
      const code = value === undefined ? NaN : Number(value);
      if (Number.isInteger(code) && code >= 100 && code <= 599) status = code;
      continue;
    }
    const parsed = KEY.exec(key);
    if (!parsed || parsed[2] !== "header") continue;
    if (parsed[1] !== "remove" && value === undefined) continue;
    headers = changeHeader(headers, parsed[1], parsed[3], value);
  }
  return { status, headers, body: response.body };
}

function changeHeader(headers: Array<[string, string]>, action: string, name: string, value: string | undefined): Array<[string, string]> {
  const lower = name.toLowerCase();
  const kept = action === "append" ? headers : headers.filter(([k]) => k.toLowerCase() !== lower);
  return action === "remove" || value === undefined ? kept : [...kept, [name, value]];
}

function changeQuery(rawQuery: string, action: string, name: string, value: string | undefined): string {
  const parts = rawQuery === "" ? [] : rawQuery.split("&");
  const kept = action === "append" ? parts : parts.filter((part) => part === "" || parseQuery(part)[0]?.[0] !== name);
  if (action !== "remove" && value !== undefined) kept.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return kept.join("&");
}

/** A mapping value; undefined when it is one expression with nothing to read. */
function evaluate(template: string, source: MappingSource, requestPath: string, response?: { headers: Array<[string, string]>; body: Buffer }): string | undefined {
  // ${request.path.name} is $request.path.name: each braced expression is read alone.
  const single = /^\$\{([^}]+)\}$/.exec(template);
  if (single) return evaluate(`$${single[1]}`, source, requestPath, response);
  const text = template.replace(/\$\{([^}]+)\}/g, (_m, inner: string) => evaluate(`$${inner}`, source, requestPath, response) ?? "");
  const own = readOwn(text, source, requestPath, response);
  if (own !== null) return own;
  const withOwn = text.replace(OWN_EXPRESSION, (match) => readOwn(match, source, requestPath, response) ?? "");
  return evaluateParameter(withOwn, source);
}

/** What the shared evaluator does not read: $request.path (without a name), $response.* and $context.authorizer.*. */
const OWN_EXPRESSION = /\$request\.path(?![.\w])|\$response\.header\.[A-Za-z0-9_-]+|\$response\.body(?:\.[A-Za-z0-9_-]+(?:\[\d+\])*)*|\$context\.authorizer(?:\.[A-Za-z0-9_:-]+)+/g;

/** The value of a template that is one of OWN_EXPRESSION's expressions (undefined: nothing to read); null for any other template. */
function readOwn(template: string, source: MappingSource, requestPath: string, response: { headers: Array<[string, string]>; body: Buffer } | undefined): string | undefined | null {
  const match = template.match(OWN_EXPRESSION);
  if (!match || match.length !== 1 || match[0] !== template) return null;
  if (template === "$request.path") return requestPath;
  if (template.startsWith("$context.authorizer.")) return source.context[template.slice("$context.".length)];
  if (!response) return undefined;
  const header = /^\$response\.header\.(.+)$/.exec(template);
  if (header) {
    const values = response.headers.filter(([k]) => k.toLowerCase() === header[1].toLowerCase()).map(([, v]) => v);
    return values.length > 0 ? values.join(",") : undefined;
  }
  return evaluateParameter(template.replace(/^\$response\.body/, "$request.body"), { body: response.body, headers: [], rawQuery: "", pathParameters: {}, context: {}, stageVariables: {} });
}

/**
 * $context.authorizer.* of what the route's authorizer passed: a JWT's claims
 * ("authorizer.claims.sub") and scopes, a Lambda authorizer's context ("authorizer.<key>"),
 * values that are not strings as JSON.
 */
export function authorizerContext(authorizer: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!authorizer) return out;
  const jwt = isObject(authorizer.jwt) ? authorizer.jwt : undefined;
  const values = jwt ?? (isObject(authorizer.lambda) ? authorizer.lambda : authorizer);
  for (const [key, value] of Object.entries(values)) {
    if (key === "claims" && isObject(value)) for (const [claim, v] of Object.entries(value)) out[`authorizer.claims.${claim}`] = text(v);
    else if (value !== null && value !== undefined) out[`authorizer.${key}`] = text(value);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
