/**
 * The Lambda proxy events of a WebSocket API, one per event type ($connect, message,
 * $disconnect), with requestContext members in the order API Gateway writes them.
 */
import { clfTime, groupPairs, orEmpty, parseQuery } from "../http/incoming.js";
import type { ConnectionInfo } from "./connection.js";

/** What every event's requestContext shares. */
interface ContextInput {
  connection: ConnectionInfo;
  routeKey: string;
  requestId: string;
  timeEpoch: number;
}

function identity(connection: ConnectionInfo): Record<string, unknown> {
  return { userAgent: connection.userAgent, sourceIp: connection.sourceIp };
}

/**
 * An event's requestContext: `afterRouteKey` and `afterDirection` are the members one event
 * type adds, at the places API Gateway writes them.
 */
function requestContext(input: ContextInput, eventType: string, afterRouteKey: Record<string, unknown> = {}, afterDirection: Record<string, unknown> = {}): Record<string, unknown> {
  const { connection } = input;
  return {
    routeKey: input.routeKey,
    ...(connection.authorizer ? { authorizer: connection.authorizer } : {}),
    ...afterRouteKey,
    eventType,
    extendedRequestId: input.requestId,
    requestTime: clfTime(input.timeEpoch),
    messageDirection: "IN",
    ...afterDirection,
    stage: connection.api.stageName,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: input.timeEpoch,
    identity: identity(connection),
    requestId: input.requestId,
    domainName: connection.domainName,
    connectionId: connection.id,
    apiId: connection.api.apiId,
  };
}

/** The API stage's variables, when it has any. */
function addStageVariables(event: Record<string, unknown>, connection: ConnectionInfo): void {
  const stageVariables = orEmpty(connection.api.stageVariables ?? {}, undefined);
  if (stageVariables) event.stageVariables = stageVariables;
}

export function connectEvent(input: ContextInput, headers: Array<[string, string]>, rawQuery: string): Record<string, unknown> {
  const { connection } = input;
  const query = groupPairs(parseQuery(rawQuery));
  const grouped = groupPairs(headers);
  const event: Record<string, unknown> = {
    headers: Object.fromEntries([...grouped].map(([k, v]) => [k, v[v.length - 1]])),
    multiValueHeaders: Object.fromEntries(grouped),
  };
  // Only a connection URL with a query string carries these two.
  if (query.size > 0) {
    event.queryStringParameters = Object.fromEntries([...query].map(([k, v]) => [k, v[v.length - 1]]));
    event.multiValueQueryStringParameters = Object.fromEntries(query);
  }
  event.requestContext = requestContext(input, "CONNECT");
  addStageVariables(event, connection);
  event.isBase64Encoded = false;
  return event;
}

export function messageEvent(input: ContextInput, messageId: string, body: string): Record<string, unknown> {
  const event: Record<string, unknown> = {
    requestContext: requestContext(input, "MESSAGE", { messageId }),
    body,
    isBase64Encoded: false,
  };
  addStageVariables(event, input.connection);
  return event;
}

export function disconnectEvent(input: ContextInput, statusCode: number, reason: string): Record<string, unknown> {
  const { connection } = input;
  // API Gateway sends $disconnect a few headers of its own, not the handshake's.
  const headers: Array<[string, string]> = [
    ["Host", connection.domainName],
    ["x-api-key", ""],
    ["X-Forwarded-For", ""],
    ["x-restapi", ""],
  ];
  const event: Record<string, unknown> = {
    headers: Object.fromEntries(headers),
    multiValueHeaders: Object.fromEntries(headers.map(([k, v]) => [k, [v]])),
    requestContext: requestContext(input, "DISCONNECT", { disconnectStatusCode: statusCode }, { disconnectReason: reason }),
    isBase64Encoded: false,
  };
  addStageVariables(event, connection);
  return event;
}
