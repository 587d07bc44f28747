import { headerValue, parseQuery, withStage, type EventInput } from "../http/incoming.js";

/**
 * The value of one identity source for a request, or undefined when it is missing or empty
 * (API Gateway then answers 401 without calling the authorizer). REST APIs write sources as
 * "method.request.header.Authorization", "method.request.querystring.q", "stageVariables.v",
 * "context.x"; HTTP APIs as "$request.header.Authorization", "$request.querystring.q",
 * "$stageVariables.v", "$context.x".
 */
export function identityValue(input: EventInput, source: string): string | undefined {
  const trimmed = source.trim().replace(/^\$/, "");
  const value = lookup(input, trimmed);
  return value === undefined || value === "" ? undefined : value;
}

function lookup(input: EventInput, source: string): string | undefined {
  const header = /^(?:method\.)?request\.header\.(.+)$/i.exec(source);
  if (header) return headerValue(input.headers, header[1]);
  const query = /^(?:method\.)?request\.querystring\.(.+)$/i.exec(source);
  if (query) {
    let value: string | undefined;
    for (const [k, v] of parseQuery(input.rawQuery)) if (k === query[1]) value = value === undefined || input.api.kind === "rest" ? v : `${value},${v}`;
    return value;
  }
  const stage = /^stageVariables\.(.+)$/.exec(source);
  if (stage) return input.api.stageVariables?.[stage[1]];
  const context = /^context\.(.+)$/.exec(source);
  if (context) return contextVariable(input, context[1]);
  return undefined;
}

/** The $context variables an identity source may name (those known before the integration runs). */
function contextVariable(input: EventInput, name: string): string | undefined {
  const values: Record<string, string> = {
    accountId: input.accountId,
    apiId: input.api.apiId,
    domainPrefix: input.api.apiId,
    httpMethod: input.method,
    "identity.sourceIp": input.sourceIp,
    "identity.userAgent": headerValue(input.headers, "user-agent") ?? "",
    path: withStage(input.api, input.path),
    requestId: input.requestId,
    extendedRequestId: input.extendedRequestId,
    resourcePath: input.route.path,
    routeKey: input.route.routeKey,
    stage: input.api.stageName,
  };
  return values[name];
}

/** "arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>": the methodArn (REST) or routeArn (HTTP). */
export function executeApiArn(input: EventInput): string {
  return `arn:aws:execute-api:${input.region}:${input.accountId}:${input.api.apiId}/${input.api.stageName}/${input.method}${input.path}`;
}
