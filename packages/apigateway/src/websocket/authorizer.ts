/**
 * A WebSocket API's Lambda REQUEST authorizer on $connect, as the developer guide's "Control access
 * to WebSocket APIs with AWS Lambda REQUEST authorizers" describes it: a missing identity source
 * (route.request.header.X, route.request.querystring.X, stageVariables.X) refuses the handshake with
 * 401 before any call; the function gets the REQUEST event (type, methodArn ending in /$connect,
 * the handshake's headers and query, stageVariables, requestContext) and answers an IAM policy
 * evaluated against that methodArn (Allow: connected; else 403); failing with "Unauthorized" is 401,
 * any other failure 500. The policy's principalId and context become requestContext.authorizer of
 * every event of the connection.
 */
import type { LambdaInvoker, Logger } from "@sam-sandbox/core";
import { evaluatePolicy, parsePolicy } from "../auth/policy.js";
import { headerValue, parseQuery } from "../http/incoming.js";
import { isRecord, parsePayload } from "../http/outgoing.js";
import type { WebSocketAuthorizerConfig } from "./config.js";

export type ConnectVerdict = { ok: true; authorizer: Record<string, unknown> } | { ok: false; status: number };

export interface ConnectRequest {
  /** The $connect event (headers, query, requestContext, stageVariables) the authorizer's event is made from. */
  event: Record<string, unknown>;
  headers: Array<[string, string]>;
  rawQuery: string;
  stageVariables: Record<string, string>;
  methodArn: string;
}

export async function authorizeConnect(
  config: WebSocketAuthorizerConfig,
  request: ConnectRequest,
  deps: { invoker: LambdaInvoker; logger: Logger; now: () => number },
): Promise<ConnectVerdict> {
  for (const source of config.identitySources) {
    const value = identityValue(request, source);
    if (value === undefined || value === "") return { ok: false, status: 401 };
  }
  const { headers, multiValueHeaders, queryStringParameters, multiValueQueryStringParameters, requestContext } = request.event;
  const event = {
    type: "REQUEST",
    methodArn: request.methodArn,
    headers,
    multiValueHeaders,
    ...(queryStringParameters !== undefined ? { queryStringParameters, multiValueQueryStringParameters } : {}),
    stageVariables: request.stageVariables,
    requestContext,
  };
  const started = deps.now();
  let result;
  try {
    result = await deps.invoker.invoke({ functionName: config.functionName, payload: Buffer.from(JSON.stringify(event)), invocationType: "RequestResponse", source: "apigateway" });
  } catch (error) {
    deps.logger.warn(`API Gateway could not invoke authorizer ${config.functionName}: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, status: 500 };
  }
  const body = parsePayload(result.payload)?.value;
  if (result.functionError) {
    // The developer guide's example answers 401 by failing with "Unauthorized".
    if (isRecord(body) && body.errorMessage === "Unauthorized") return { ok: false, status: 401 };
    deps.logger.warn(`Authorizer ${config.functionName} failed: ${isRecord(body) ? String(body.errorMessage) : "unknown error"}`);
    return { ok: false, status: 500 };
  }
  const policy = isRecord(body) ? parsePolicy(body.policyDocument) : undefined;
  if (!isRecord(body) || !policy || (body.context !== undefined && body.context !== null && !isRecord(body.context))) {
    deps.logger.warn(`Authorizer ${config.functionName} answered no valid IAM policy`);
    return { ok: false, status: 500 };
  }
  if (evaluatePolicy(policy, request.methodArn) !== "Allow") return { ok: false, status: 403 };
  const context = isRecord(body.context) ? body.context : {};
  return { ok: true, authorizer: { ...context, principalId: typeof body.principalId === "string" ? body.principalId : null, integrationLatency: deps.now() - started } };
}

/** route.request.header.X (any case), route.request.querystring.X (the last), stageVariables.X. */
function identityValue(request: ConnectRequest, source: string): string | undefined {
  const trimmed = source.trim();
  const header = /^route\.request\.header\.(.+)$/i.exec(trimmed);
  if (header) return headerValue(request.headers, header[1]);
  const query = /^route\.request\.querystring\.(.+)$/i.exec(trimmed);
  if (query) {
    let value: string | undefined;
    for (const [k, v] of parseQuery(request.rawQuery)) if (k === query[1]) value = v;
    return value;
  }
  const stage = /^stageVariables\.(.+)$/.exec(trimmed);
  if (stage) return Object.hasOwn(request.stageVariables, stage[1]) ? request.stageVariables[stage[1]] : undefined;
  // context.X sources are known to API Gateway before the call; none is missing.
  return /^context\./.test(trimmed) ? "context" : undefined;
}
