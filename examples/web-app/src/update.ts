import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { HttpError, json, jsonBody, pathId, respond } from "./lib/http.js";
import { documentClient, parseStatus, parseTitle, tableName } from "./lib/todos.js";

/** PUT /todos/{id} {"title"?: "…", "status"?: "open" | "done"} → 200 with the updated todo, or 404. */
export const handler: APIGatewayProxyHandlerV2 = (event) =>
  respond(async () => {
    const id = pathId(event);
    const body = jsonBody(event);
    const names: Record<string, string> = { "#updatedAt": "updatedAt" };
    const values: Record<string, unknown> = { ":updatedAt": new Date().toISOString() };
    const sets = ["#updatedAt = :updatedAt"];
    if (body.title !== undefined) {
      names["#title"] = "title";
      values[":title"] = parseTitle(body.title);
      sets.push("#title = :title");
    }
    if (body.status !== undefined) {
      names["#status"] = "status";
      values[":status"] = parseStatus(body.status);
      sets.push("#status = :status");
    }
    if (sets.length === 1) throw new HttpError(400, "Give title or status to update");
    try {
      const { Attributes } = await documentClient.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { id },
          UpdateExpression: `SET ${sets.join(", ")}`,
          // Without it UpdateItem would create a new item for an unknown id.
          ConditionExpression: "attribute_exists(id)",
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return json(200, Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new HttpError(404, "Todo not found");
      throw error;
    }
  });
