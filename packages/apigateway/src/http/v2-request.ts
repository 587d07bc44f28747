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

  const event: Record<string, unknown> = {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString: input.rawQuery,
  };
  const cookies = cookiesOf(input.headers);
  if (cookies.length > 0) event.cookies = cookies;
  event.headers = headersOf(input.headers);
  const query = queryOf(input.rawQuery);
  if (query) event.queryStringParameters = query;
  event.requestContext = {
    accountId: input.accountId,
    apiId: input.api.apiId,
    domainName: domainName(input),
    domainPrefix: input.api.apiId,
    http: {
      method: input.method,
      path: rawPath,
      protocol: "HTTP/1.1",
      sourceIp: input.sourceIp,
      userAgent: headerValue(input.headers, "user-agent") ?? "",
    },
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

/** Every Cookie header, split into single cookies ("a=1; b=2" → ["a=1", "b=2"]). */
export function cookiesOf(headers: Array<[string, string]>): string[] {
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

export function headersOf(headers: Array<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === "cookie") continue;
    out[lower] = lower in out ? `${out[lower]},${value}` : value;
  }
  return out;
}

export function queryOf(rawQuery: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [k, v] of parseQuery(rawQuery)) out[k] = k in out ? `${out[k]},${v}` : v;
  return orEmpty(out, undefined);
}
