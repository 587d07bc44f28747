import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyHandlerV2WithJWTAuthorizer } from "aws-lambda";
import { json, respond } from "./lib/http.js";
import { documentClient, type Note, tableName } from "./lib/notes.js";
import { caller } from "./lib/user.js";

/** GET /notes → 200 {"items": [note, …]}: the caller's own notes, oldest first (one Query on their partition). */
export const handler: APIGatewayProxyHandlerV2WithJWTAuthorizer = (event) =>
  respond(async () => {
    const items: Note[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "userId = :sub",
          ExpressionAttributeValues: { ":sub": caller(event).sub },
          ProjectionExpression: "noteId, #text, createdAt",
          ExpressionAttributeNames: { "#text": "text" },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...((page.Items ?? []) as Note[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return json(200, { items });
  });
