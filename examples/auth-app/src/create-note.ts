import { randomUUID } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyHandlerV2WithJWTAuthorizer } from "aws-lambda";
import { json, jsonBody, respond } from "./lib/http.js";
import { documentClient, type Note, parseText, tableName } from "./lib/notes.js";
import { caller } from "./lib/user.js";

/**
 * POST /notes {"text": "…"} → 201 {"noteId": …, "text": …, "createdAt": …}, stored under the
 * caller's sub. The sort key starts with the time, so a user's notes list oldest first.
 */
export const handler: APIGatewayProxyHandlerV2WithJWTAuthorizer = (event) =>
  respond(async () => {
    const text = parseText(jsonBody(event).text);
    const createdAt = new Date().toISOString();
    const note: Note = { noteId: `${createdAt}_${randomUUID().slice(0, 8)}`, text, createdAt };
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { userId: caller(event).sub, ...note } }));
    return json(201, note);
  });
