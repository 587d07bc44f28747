import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyHandlerV2 } from "aws-lambda";
import { HttpError, noContent, pathId, respond } from "./lib/http.js";
import { documentClient, tableName } from "./lib/todos.js";

/** DELETE /todos/{id} → 204, or 404 when there is no such todo. */
export const handler: APIGatewayProxyHandlerV2 = (event) =>
  respond(async () => {
    const id = pathId(event);
    try {
      await documentClient.send(
        new DeleteCommand({ TableName: tableName, Key: { id }, ConditionExpression: "attribute_exists(id)" }),
      );
      return noContent();
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new HttpError(404, "Todo not found");
      throw error;
    }
  });
