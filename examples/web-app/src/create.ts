import { randomUUID } from "node:crypto";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { json, jsonBody, respond } from "./lib/http.js";
import { documentClient, parseTitle, tableName, type Todo } from "./lib/todos.js";

/** POST /todos {"title": "…"} → 201 with the new todo. */
export const handler: APIGatewayProxyHandlerV2 = (event) =>
  respond(async () => {
    const body = jsonBody(event);
    const now = new Date().toISOString();
    const todo: Todo = {
      id: randomUUID(),
      title: parseTitle(body.title),
      status: "open",
      createdAt: now,
      updatedAt: now,
    };
    await documentClient.send(new PutCommand({ TableName: tableName, Item: todo }));
    return json(201, todo);
  });
