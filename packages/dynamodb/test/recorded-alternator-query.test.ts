/**
 * Query, Scan, filters, projections and indexes as ScyllaDB's Alternator conformance suite pins
 * them down (scylladb/scylladb test/alternator/*.py, written to pass against real DynamoDB with
 * --aws), through the real SDK v3 client. Each case names the Alternator test file and test.
 */
import { CreateTableCommand, GetItemCommand, type AttributeDefinition, type KeySchemaElement } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

/** A PAY_PER_REQUEST table keyed on p (S) and, when given, c. */
async function table(sort?: "S" | "N" | "B", extra: { AttributeDefinitions?: AttributeDefinition[] } = {}): Promise<string> {
  const TableName = tableName("alt");
  const KeySchema: KeySchemaElement[] = [{ AttributeName: "p", KeyType: "HASH" }, ...(sort ? [{ AttributeName: "c", KeyType: "RANGE" as const }] : [])];
  await h.client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema,
      AttributeDefinitions: [{ AttributeName: "p", AttributeType: "S" }, ...(sort ? [{ AttributeName: "c", AttributeType: sort }] : []), ...(extra.AttributeDefinitions ?? [])],
    }),
  );
  return TableName;
}

describe("ProjectionExpression (test_projection_expression.py)", () => {
  it("a document path of 32 levels is read, one of 33 is refused naming its nesting levels (test_projection_expression_path_nesting_levels)", async () => {
    const TableName = await table();
    const get = (ProjectionExpression: string) => h.client.send(new GetItemCommand({ TableName, Key: { p: { S: "x" } }, ConsistentRead: true, ProjectionExpression }));
    await expect(get("a" + ".b".repeat(31))).resolves.toBeDefined();
    expect(await failure(() => get("a" + ".b".repeat(32)))).toBe(
      "ValidationException: Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33",
    );
  });
});
