/**
 * Query, Scan, filters, projections and indexes as ScyllaDB's Alternator conformance suite pins
 * them down (scylladb/scylladb test/alternator/*.py, written to pass against real DynamoDB with
 * --aws), through the real SDK v3 client. Each case names the Alternator test file and test.
 */
import { CreateTableCommand, GetItemCommand, PutItemCommand, QueryCommand, UpdateItemCommand, UpdateTableCommand, type AttributeDefinition, type AttributeValue, type CreateTableCommandInput, type KeySchemaElement } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

/** A PAY_PER_REQUEST table keyed on p (S) and, when given, c. */
async function table(sort?: "S" | "N" | "B", extra: Pick<CreateTableCommandInput, "GlobalSecondaryIndexes" | "LocalSecondaryIndexes"> & { AttributeDefinitions?: AttributeDefinition[] } = {}): Promise<string> {
  const TableName = tableName("alt");
  const KeySchema: KeySchemaElement[] = [{ AttributeName: "p", KeyType: "HASH" }, ...(sort ? [{ AttributeName: "c", KeyType: "RANGE" as const }] : [])];
  await h.client.send(
    new CreateTableCommand({
      TableName,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema,
      AttributeDefinitions: [{ AttributeName: "p", AttributeType: "S" }, ...(sort ? [{ AttributeName: "c", AttributeType: sort }] : []), ...(extra.AttributeDefinitions ?? [])],
      GlobalSecondaryIndexes: extra.GlobalSecondaryIndexes,
      LocalSecondaryIndexes: extra.LocalSecondaryIndexes,
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

describe("GSI key limits (test_gsi.py)", () => {
  it("a GSI partition key value of 2048 bytes is indexed, one of 2049 refuses the write (test_gsi_limit_partition_key_len_2048, test_gsi_limit_partition_key_len)", async () => {
    const TableName = await table(undefined, {
      AttributeDefinitions: [{ AttributeName: "x", AttributeType: "S" }],
      GlobalSecondaryIndexes: [{ IndexName: "hello", KeySchema: [{ AttributeName: "x", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
    });
    const x = "a".repeat(2048);
    await h.client.send(new PutItemCommand({ TableName, Item: { p: { S: "ok" }, x: { S: x } } }));
    const found = await h.client.send(new QueryCommand({ TableName, IndexName: "hello", KeyConditionExpression: "x = :x", ExpressionAttributeValues: { ":x": { S: x } } }));
    expect(found.Items).toEqual([{ p: { S: "ok" }, x: { S: x } }]);
    expect(await failure(() => h.client.send(new PutItemCommand({ TableName, Item: { p: { S: "long" }, x: { S: x + "a" } } })))).toBe(
      "ValidationException: One or more parameter values were invalid: Size limit exceeded for Index Key x Actual Size: 2049 bytes Max Size: 2048 bytes IndexName: hello",
    );
    expect(await failure(() => h.client.send(new PutItemCommand({ TableName, Item: { p: { S: "huge" }, x: { S: "a".repeat(65536) } } })))).toMatch(/Size limit exceeded.*65536 bytes/);
    expect((await h.client.send(new GetItemCommand({ TableName, Key: { p: { S: "long" } }, ConsistentRead: true }))).Item).toBeUndefined();
  });

  it("a GSI sort key value over 1024 bytes refuses PutItem and UpdateItem (test_gsi_limit_sort_key_len_1024)", async () => {
    const TableName = await table("S", {
      AttributeDefinitions: [{ AttributeName: "x", AttributeType: "S" }],
      GlobalSecondaryIndexes: [
        { IndexName: "hello", KeySchema: [{ AttributeName: "p", KeyType: "HASH" }, { AttributeName: "x", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } },
      ],
    });
    await h.client.send(new PutItemCommand({ TableName, Item: { p: { S: "p" }, c: { S: "c" }, x: { S: "a".repeat(1024) } } }));
    const message =
      "ValidationException: One or more parameter values were invalid: Size limit exceeded for Index Key x Actual Size: 1025 bytes Max Size: 1024 bytes IndexName: hello";
    expect(await failure(() => h.client.send(new PutItemCommand({ TableName, Item: { p: { S: "p" }, c: { S: "d" }, x: { S: "a".repeat(1025) } } })))).toBe(message);
    expect(
      await failure(() =>
        h.client.send(
          new UpdateItemCommand({ TableName, Key: { p: { S: "p" }, c: { S: "c" } }, UpdateExpression: "SET x = :x", ExpressionAttributeValues: { ":x": { S: "a".repeat(1025) } } }),
        ),
      ),
    ).toBe(message);
    expect((await h.client.send(new GetItemCommand({ TableName, Key: { p: { S: "p" }, c: { S: "c" } }, ConsistentRead: true }))).Item?.x).toEqual({ S: "a".repeat(1024) });
  });
});

describe("LSI projections (test_lsi.py)", () => {
  it("a local index refuses a filter on an attribute it does not project, even when it fetches the item; the table's own key may be filtered on (test_lsi_keys_only_filter_on_non_projected_attribute)", async () => {
    const TableName = await table("S", {
      AttributeDefinitions: [{ AttributeName: "b", AttributeType: "S" }],
      LocalSecondaryIndexes: [
        { IndexName: "hello", KeySchema: [{ AttributeName: "p", KeyType: "HASH" }, { AttributeName: "b", KeyType: "RANGE" }], Projection: { ProjectionType: "KEYS_ONLY" } },
      ],
    });
    for (let i = 0; i < 3; i++) await h.client.send(new PutItemCommand({ TableName, Item: { p: { S: "p" }, c: { S: `${i}` }, b: { S: `${i}` }, d: { S: `${i}` } } }));
    const query = (extra: Record<string, unknown>) =>
      h.client.send(
        new QueryCommand({ TableName, IndexName: "hello", KeyConditionExpression: "p = :p", ExpressionAttributeValues: { ":p": { S: "p" }, ":v": { S: "2" } }, ...extra }),
      );
    const refused = "ValidationException: One or more parameter values were invalid: Secondary index hello does not project one or more filter attributes: [d]";
    expect(await failure(() => query({ FilterExpression: "d = :v" }))).toBe(refused);
    expect(await failure(() => query({ FilterExpression: "d = :v", Select: "ALL_ATTRIBUTES" }))).toBe(refused);
    expect(await failure(() => query({ FilterExpression: "d = :v", ProjectionExpression: "d" }))).toBe(refused);
    expect((await query({ FilterExpression: "c = :v" })).Items).toEqual([{ p: { S: "p" }, c: { S: "2" }, b: { S: "2" } }]);
    expect((await query({ FilterExpression: "c = :v", ProjectionExpression: "d" })).Items).toEqual([{ d: { S: "2" } }]);
    expect((await query({ Select: "ALL_ATTRIBUTES", FilterExpression: "c = :v" })).Items).toEqual([{ p: { S: "p" }, c: { S: "2" }, b: { S: "2" }, d: { S: "2" } }]);
  });
});

describe("QueryFilter (test_query_filter.py)", () => {
  it("EQ and NE filter on lists, maps and booleans too (test_query_filter_eq, test_query_filter_ne)", async () => {
    const TableName = await table("N");
    const items: Record<string, AttributeValue>[] = [
      { p: { S: "p" }, c: { N: "1" }, l: { L: [{ N: "1" }, { N: "2" }] }, m: { M: { a: { N: "1" } } }, bool: { BOOL: true } },
      { p: { S: "p" }, c: { N: "2" }, l: { L: [{ N: "3" }] }, m: { M: { b: { N: "2" } } }, bool: { BOOL: false } },
    ];
    for (const Item of items) await h.client.send(new PutItemCommand({ TableName, Item }));
    const filter = async (name: string, ComparisonOperator: "EQ" | "NE") =>
      (
        await h.client.send(
          new QueryCommand({
            TableName,
            ConsistentRead: true,
            KeyConditions: { p: { AttributeValueList: [{ S: "p" }], ComparisonOperator: "EQ" } },
            QueryFilter: { [name]: { AttributeValueList: [items[0][name]], ComparisonOperator } },
          }),
        )
      ).Items?.map((item) => item.c?.N);
    for (const name of ["l", "m", "bool"]) {
      expect(await filter(name, "EQ")).toEqual(["1"]);
      expect(await filter(name, "NE")).toEqual(["2"]);
    }
  });
});

describe("UpdateTable GlobalSecondaryIndexUpdates (test_gsi_updatetable.py)", () => {
  it("an entry carrying both Create and Delete is refused naming the one-action rule; an empty one names the three actions (test_gsi_updatetable_errors)", async () => {
    const TableName = await table();
    const update = (GlobalSecondaryIndexUpdates: NonNullable<ConstructorParameters<typeof UpdateTableCommand>[0]["GlobalSecondaryIndexUpdates"]>) =>
      failure(() => h.client.send(new UpdateTableCommand({ TableName, AttributeDefinitions: [{ AttributeName: "x", AttributeType: "N" }], GlobalSecondaryIndexUpdates })));
    const create = { IndexName: "ind", KeySchema: [{ AttributeName: "x", KeyType: "HASH" as const }], Projection: { ProjectionType: "ALL" as const } };
    expect(await update([{ Create: create, Delete: { IndexName: "xyz" } }])).toBe(
      "ValidationException: One or more parameter values were invalid: Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object",
    );
    expect(await update([{}])).toBe(
      "ValidationException: One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null",
    );
  });
});
