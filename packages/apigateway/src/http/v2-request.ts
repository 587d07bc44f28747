import { domainName, eventBody, type EventInput, clfTime, headerValue, orEmpty, parseQuery, withStage } from "./incoming.js";

/**
 * The Lambda event of an HTTP API route with payload format version 2.0, field by
 * field and in the order AWS sends it: header names lower-cased and repeated headers
 * comma-joined, cookies moved to their own array, repeated query parameters
 * comma-joined, empty parts left out.
 */
export function v2Request(input: EventInput): Record<string, unknown> {
  const rawPath = withStage(input.api, input.path);
  const { routeKey } = input.route;
  const { body, isBase64Encoded } = eventBody(input);

  const event = v2EventHead(routeKey, rawPath, input.rawQuery, input.headers);
  event.requestContext = {
    accountId: input.accountId,
    apiId: input.api.apiId,
    domainName: domainName(input),
    domainPrefix: input.api.apiId,
    http: v2Http(input.method, rawPath, input.sourceIp, input.headers),
    requestId: input.requestId,
    routeKey,
    stage: input.api.stageName,
    time: clfTime(input.timeEpoch),
    timeEpoch: input.timeEpoch,
  };
  if (body !== undefined) event.body = body;
  const pathParameters = orEmpty(input.pathParameters, undefined);
  if (pathParameters) event.pathParameters = pathParameters;
  event.isBase64Encoded = isBase64Encoded;
  const stageVariables = orEmpty(input.api.stageVariables ?? {}, undefined);
  if (stageVariables) event.stageVariables = stageVariables;
  return event;
}

/**
 * The members a payload format 2.0 event starts with, the same for an HTTP API route and a
 * function URL: empty cookies and query left out.
 */
export function v2EventHead(routeKey: string, rawPath: string, rawQuery: string, headers: Array<[string, string]>): Record<string, unknown> {
  const event: Record<string, unknown> = { version: "2.0", routeKey, rawPath, rawQueryString: rawQuery };
  const cookies = cookiesOf(headers);
  if (cookies.length > 0) event.cookies = cookies;
  event.headers = headersOf(headers);
  const query = queryOf(rawQuery);
  if (query) event.queryStringParameters = query;
  return event;
}

/** requestContext.http of a payload format 2.0 event. */
export function v2Http(method: string, path: string, sourceIp: string, headers: Array<[string, string]>): Record<string, unknown> {
  return { method, path, protocol: "HTTP/1.1", sourceIp, userAgent: headerValue(headers, "user-agent") ?? "" };
}

/** Every Cookie header, split into single cookies ("a=1; b=2" → ["a=1", "b=2"]). */
function cookiesOf(headers: Array<[string, string]>): string[] {
  const cookies: string[] = [];
  for (const [name, value] of headers) {
    if (name.length !== 6 || name.toLowerCase() !== "cookie") continue;
    for (const part of value.split(";")) {
      const cookie = part.trim();
      if (cookie !== "") cookies.push(cookie);
    }
  }
  return cookies;
}

function headersOf(headers: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === "cookie") continue;
    // One lookup, not `in` and a read (~0.2 µs per request); an inherited name reads as before.
    const previous = out[lower];
    out[lower] = previous === undefined ? value : `${previous},${value}`;
  }
  return out;
}

function queryOf(rawQuery: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of parseQuery(rawQuery)) out[k] = k in out ? `${out[k]},${v}` : v;
  return orEmpty(out, undefined);
}

/**
 * Sets requestContext.authorizer of an HTTP API event (payload format 2.0, and 1.0 too) where
 * AWS's documented events have it: after accountId and apiId, before domainName.
 */
export function setV2Authorizer(context: Record<string, unknown>, authorizer: unknown): void {
  const rest = Object.entries(context).filter(([key]) => key !== "accountId" && key !== "apiId" && key !== "authorizer");
  for (const key of Object.keys(context)) if (key !== "accountId" && key !== "apiId") delete context[key];
  context.authorizer = authorizer;
  for (const [key, value] of rest) context[key] = value;
}
