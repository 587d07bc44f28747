import { GetCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { HttpError, json, pathId, respond } from "./lib/http.js";
import { documentClient, tableName } from "./lib/todos.js";

/** GET /todos/{id} → 200 with the todo, or 404. */
export const handler: APIGatewayProxyHandlerV2 = (event) =>
  respond(async () => {
    const id = pathId(event);
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { id } }));
    if (Item === undefined) throw new HttpError(404, "Todo not found");
    return json(200, Item);
  });
