/**
 * Table control-plane behaviour as ScyllaDB's Alternator conformance tests pin it down
 * (scylladb/scylladb test/alternator/*.py, written to pass against real DynamoDB with --aws),
 * through the real SDK v3 client. Each case names its Alternator test file and test.
 */
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

describe("DeleteTable (test_table.py)", () => {
  it("leaves the key schema and both kinds of index out of its description (test_delete_table_description_with_si)", async () => {
    const name = tableName("altDelete");
    await h.client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [
          { AttributeName: "p", KeyType: "HASH" },
          { AttributeName: "c", KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: "p", AttributeType: "S" },
          { AttributeName: "c", AttributeType: "S" },
          { AttributeName: "x", AttributeType: "S" },
        ],
        GlobalSecondaryIndexes: [{ IndexName: "hello", KeySchema: [{ AttributeName: "x", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
        LocalSecondaryIndexes: [
          {
            IndexName: "hithere",
            KeySchema: [
              { AttributeName: "p", KeyType: "HASH" },
              { AttributeName: "x", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    );
    const described = (await h.client.send(new DescribeTableCommand({ TableName: name }))).Table ?? {};
    const deleted = (await h.client.send(new DeleteTableCommand({ TableName: name }))).TableDescription ?? {};
    for (const member of ["KeySchema", "AttributeDefinitions", "GlobalSecondaryIndexes", "LocalSecondaryIndexes"]) {
      expect(described).toHaveProperty(member);
      expect(deleted).not.toHaveProperty(member);
    }
    expect(deleted.TableStatus).toBe("DELETING");
  });
});
