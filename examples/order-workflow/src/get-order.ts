import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { APIGatewayProxyHandler, APIGatewayProxyResult } from "aws-lambda";

/** Set by the template (`TABLE_NAME: !Ref OrdersTable`). */
const tableName = process.env.TABLE_NAME ?? "";

// Created once per execution environment. No endpoint: on AWS the SDK finds DynamoDB itself;
// in the sandbox AWS_ENDPOINT_URL points it at the edge.
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

function json(statusCode: number, body: unknown): APIGatewayProxyResult {
  return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** GET /orders/{id} → 200 with the order as the workflow left it, or 404. */
export const handler: APIGatewayProxyHandler = async (event) => {
  const orderId = event.pathParameters?.id ?? "";
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { orderId } }));
  if (Item === undefined) return json(404, { message: "Order not found" });
  const { items, cause, ...order } = Item;
  return json(200, {
    ...order,
    ...(typeof items === "string" ? { items: JSON.parse(items) as unknown } : {}),
    ...(typeof cause === "string" ? { reason: reasonOf(cause) } : {}),
  });
};

/** A Lambda error's Cause is its error payload as JSON: the message is the readable part. */
function reasonOf(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === "string") return parsed.errorMessage;
  } catch {
    // Not JSON: a Step Functions error's cause is plain text.
  }
  return cause;
}
