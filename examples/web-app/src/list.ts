import { QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { HttpError, json, respond } from "./lib/http.js";
import { BY_STATUS_INDEX, documentClient, parseStatus, tableName } from "./lib/todos.js";

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/**
 * GET /todos?limit=20&next=…&status=open → 200 {"items": […], "next"?: "…"}.
 * With `status`, todos come newest first from the byStatus index; without, from a Scan.
 * `next` is the opaque token of the previous page; it is absent on the last page.
 */
export const handler: APIGatewayProxyHandlerV2 = (event) =>
  respond(async () => {
    const query = event.queryStringParameters ?? {};
    const limit = parseLimit(query.limit);
    const startKey = query.next === undefined ? undefined : decodeToken(query.next);
    const command =
      query.status === undefined
        ? new ScanCommand({ TableName: tableName, Limit: limit, ExclusiveStartKey: startKey })
        : new QueryCommand({
            TableName: tableName,
            IndexName: BY_STATUS_INDEX,
            KeyConditionExpression: "#status = :status",
            ExpressionAttributeNames: { "#status": "status" },
            ExpressionAttributeValues: { ":status": parseStatus(query.status) },
            ScanIndexForward: false,
            Limit: limit,
            ExclusiveStartKey: startKey,
          });
    try {
      const page = await documentClient.send(command);
      const next = page.LastEvaluatedKey === undefined ? undefined : encodeToken(page.LastEvaluatedKey);
      return json(200, { items: page.Items ?? [], next });
    } catch (error) {
      // A token from another listing (e.g. Scan vs. status) does not fit this one's key.
      if (startKey !== undefined && error instanceof Error && error.name === "ValidationException") {
        throw new HttpError(400, "next is not a valid page token for this listing");
      }
      throw error;
    }
  });

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new HttpError(400, `limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

function encodeToken(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

function decodeToken(token: string): Record<string, unknown> {
  try {
    const key: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof key === "object" && key !== null && !Array.isArray(key)) return key as Record<string, unknown>;
  } catch {
    // fall through to the 400 below
  }
  throw new HttpError(400, "next is not a valid page token");
}
