import { domainName, eventBody, type EventInput, clfTime, groupPairs, headerValue, orEmpty, parseQuery, withStage } from "./incoming.js";

/**
 * The Lambda event of payload format version 1.0: every REST API Lambda proxy
 * integration, and HTTP API routes with PayloadFormatVersion "1.0". The two differ in
 * small ways, kept here: field order, `version`, requestContext.resourceId,
 * identity.cognitoAmr, and the ids. Empty maps are null, as AWS sends them.
 */
export function v1Request(input: EventInput): Record<string, unknown> {
  const headers = input.api.kind === "rest" ? restHeaders(input.headers) : httpHeaders(input.headers);
  const multiValueHeaders = Object.fromEntries(groupPairs(headers));
  // For a repeated header or parameter, the single-value map keeps the last value.
  const singleHeaders = Object.fromEntries([...groupPairs(headers)].map(([k, v]) => [k, v[v.length - 1]]));
  const query = groupPairs(parseQuery(input.rawQuery));
  const queryStringParameters = orEmpty(Object.fromEntries([...query].map(([k, v]) => [k, v[v.length - 1]])), null);
  const multiValueQueryStringParameters = orEmpty(Object.fromEntries(query), null);
  const pathParameters = orEmpty(input.pathParameters, null);
  const stageVariables = orEmpty(input.api.stageVariables ?? {}, null);
  const { body, isBase64Encoded } = eventBody(input);

  if (input.api.kind === "rest") {
    return {
      resource: input.route.path,
      path: input.path,
      httpMethod: input.method,
      headers: singleHeaders,
      multiValueHeaders,
      queryStringParameters,
      multiValueQueryStringParameters,
      pathParameters,
      stageVariables,
      requestContext: restRequestContext(input),
      body: body ?? null,
      isBase64Encoded,
    };
  }
  return {
    version: "1.0",
    resource: input.route.path,
    path: input.path,
    httpMethod: input.method,
    headers: singleHeaders,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    requestContext: httpRequestContext(input),
    pathParameters,
    stageVariables,
    body: body ?? null,
    isBase64Encoded,
  };
}

/** REST APIs do not pass Content-Length on to the function (HTTP APIs do). */
const REST_DROPPED = new Set(["content-length"]);

/**
 * The CloudFront front of a REST API writes these names in its own case, whatever the
 * client sent: "aUThorization" arrives as "Authorization" (localstack's AWS-recorded
 * test_lambda_aws_proxy_integration snapshot; User-Agent per localstack's AWS_PROXY parity code).
 */
const REST_RECASED = new Map([
  ["authorization", "Authorization"],
  ["user-agent", "User-Agent"],
]);

/**
 * HTTP APIs lower-case the client's header names in payload 1.0 too ("All header names are
 * lowercase", http-api-develop-integrations-lambda), but write the headers they set themselves
 * in this case: a real HTTP API 1.0 event for `curl -X POST` shows "accept" next to "Content-Length",
 * "Host", "User-Agent", "X-Amzn-Trace-Id" and "X-Forwarded-For/Port/Proto".
 */
const HTTP_CANONICAL = new Map(
  ["Content-Length", "Host", "User-Agent", "X-Amzn-Trace-Id", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto"].map((name) => [name.toLowerCase(), name]),
);

function httpHeaders(headers: Array<[string, string]>): Array<[string, string]> {
  return headers.map(([name, value]) => {
    const lower = name.toLowerCase();
    return [HTTP_CANONICAL.get(lower) ?? lower, value];
  });
}

function restHeaders(headers: Array<[string, string]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!REST_DROPPED.has(lower)) out.push([REST_RECASED.get(lower) ?? name, value]);
  }
  return out;
}

function restRequestContext(input: EventInput): Record<string, unknown> {
  return {
    resourceId: resourceId(input.api.apiId, input.route.path),
    resourcePath: input.route.path,
    httpMethod: input.method,
    extendedRequestId: input.extendedRequestId,
    requestTime: clfTime(input.timeEpoch),
    path: withStage(input.api, input.contextPath ?? input.path),
    accountId: input.accountId,
    protocol: "HTTP/1.1",
    stage: input.api.stageName,
    domainPrefix: input.api.apiId,
    requestTimeEpoch: input.timeEpoch,
    requestId: input.requestId,
    identity: {
      cognitoIdentityPoolId: null,
      accountId: null,
      cognitoIdentityId: null,
      caller: null,
      sourceIp: input.sourceIp,
      principalOrgId: null,
      accessKey: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: null,
      userAgent: headerValue(input.headers, "user-agent") ?? null,
      user: null,
    },
    domainName: domainName(input),
    // Recorded REST events carry the stage's deployment id (6 characters, like resource ids).
    deploymentId: resourceId(input.api.apiId, `deployment ${input.api.stageName}`),
    apiId: input.api.apiId,
  };
}

function httpRequestContext(input: EventInput): Record<string, unknown> {
  return {
    accountId: input.accountId,
    apiId: input.api.apiId,
    domainName: domainName(input),
    domainPrefix: input.api.apiId,
    extendedRequestId: input.extendedRequestId,
    httpMethod: input.method,
    identity: {
      accessKey: null,
      accountId: null,
      caller: null,
      cognitoAmr: null,
      cognitoAuthenticationProvider: null,
      cognitoAuthenticationType: null,
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      principalOrgId: null,
      sourceIp: input.sourceIp,
      user: null,
      userAgent: headerValue(input.headers, "user-agent") ?? "",
      userArn: null,
    },
    path: withStage(input.api, input.path),
    protocol: "HTTP/1.1",
    requestId: input.requestId,
    requestTime: clfTime(input.timeEpoch),
    requestTimeEpoch: input.timeEpoch,
    // HTTP APIs name the resource by its route key ("ANY /handler/{proxy+}").
    resourceId: input.route.routeKey,
    resourcePath: input.route.path,
    stage: input.api.stageName,
  };
}

/** A REST resource id: 6 lower-case letters and digits, stable per API and resource path. */
export function resourceId(apiId: string, resourcePath: string): string {
  let hash = 2166136261;
  for (const ch of `${apiId} ${resourcePath}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  return hash.toString(36).padStart(6, "0").slice(-6);
}
