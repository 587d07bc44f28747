/**
 * The @connections API (apigatewaymanagementapi, restJson): PostToConnection, GetConnection
 * and DeleteConnection on POST/GET/DELETE [/<stage>]/@connections/<id>, as the SDK's
 * ApiGatewayManagementApiClient sends them to https://<domain>/<stage>.
 */
import type { AwsError, EdgeRequest, EdgeResponse } from "@sam-sandbox/core";
import { apigwId } from "../ids.js";
import { safeDecode } from "../router.js";
import type { Connection } from "./connection.js";
import { GoneException, PayloadTooLargeException } from "./errors.js";
import { WEBSOCKET_MAX_MESSAGE_BYTES } from "./limits.js";

const PATH = /^(?:\/[^/]+)?\/@connections\/([^/]+)\/?$/;

/** Whether a request is one of the @connections API. */
export function isManagementRequest(req: EdgeRequest): boolean {
  return PATH.test(req.path);
}

export interface ManagementPort {
  find(connectionId: string): Connection | undefined;
  /** Sends a text frame; resolves once it is written. */
  send(connection: Connection, data: Buffer): Promise<void>;
  /** Closes the connection as DeleteConnection does ($disconnect follows). */
  close(connection: Connection): void;
}

export async function handleManagement(port: ManagementPort, req: EdgeRequest): Promise<EdgeResponse> {
  const requestId = apigwId();
  const match = PATH.exec(req.path);
  const id = match ? safeDecode(match[1]) : "";
  const connection = port.find(id);
  switch (req.method.toUpperCase()) {
    case "POST":
      return postToConnection(port, connection, req.body, requestId);
    case "GET":
      return getConnection(connection, requestId);
    case "DELETE":
      return deleteConnection(port, connection, requestId);
    default:
      return { status: 404, headers: { "content-type": "application/json", "x-amzn-requestid": requestId }, body: '{"message":"Not Found"}' };
  }
}

async function postToConnection(port: ManagementPort, connection: Connection | undefined, data: Buffer, requestId: string): Promise<EdgeResponse> {
  if (!connection) return errorResponse(new GoneException(), requestId);
  if (data.length > WEBSOCKET_MAX_MESSAGE_BYTES) return errorResponse(new PayloadTooLargeException(), requestId);
  await port.send(connection, data);
  return { status: 200, headers: { "content-type": "application/json", "content-length": "0", "x-amzn-requestid": requestId }, body: "" };
}

function getConnection(connection: Connection | undefined, requestId: string): EdgeResponse {
  if (!connection) return errorResponse(new GoneException(), requestId);
  const body = JSON.stringify({
    connectedAt: new Date(connection.connectedAt).toISOString(),
    identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
    lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
  });
  return { status: 200, headers: { "content-type": "application/json", "x-amzn-requestid": requestId }, body };
}

function deleteConnection(port: ManagementPort, connection: Connection | undefined, requestId: string): EdgeResponse {
  if (!connection) return errorResponse(new GoneException(), requestId);
  port.close(connection);
  return { status: 204, headers: { "x-amzn-requestid": requestId }, body: "" };
}

/** AWS's errors here carry their type in x-amzn-ErrorType and no body. */
function errorResponse(error: AwsError, requestId: string): EdgeResponse {
  return {
    status: error.statusCode,
    headers: { "x-amzn-errortype": error.code, "x-amzn-requestid": requestId, "content-length": "0" },
    body: "",
  };
}
