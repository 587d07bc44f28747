/**
 * Query behaviour as real DynamoDB answers it (recorded by the paritysuite conformance
 * suite): global indexes with multi-attribute keys, and the key condition messages.
 */
import {
  CreateTableCommand,
  ExecuteStatementCommand,
  PutItemCommand,
  QueryCommand,
  type AttributeValue,
  type QueryCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const S = (s: string): AttributeValue => ({ S: s });

beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(async () => {
  await h.close();
});

describe("Query on a global index with a multi-attribute key", () => {
  const table = tableName("multikey");
  const values: Record<string, AttributeValue> = { ":h": S("o1"), ":a": S("T"), ":b": S("live"), ":c": S("a"), ":d": S("r"), ":x": S("r1") };

  beforeAll(async () => {
    await h.client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: ["pk", "h", "a", "b", "c", "d"].map((n) => ({ AttributeName: n, AttributeType: "S" })),
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        GlobalSecondaryIndexes: [
          {
            IndexName: "gsi",
            KeySchema: [
              { AttributeName: "h", KeyType: "HASH" },
              { AttributeName: "a", KeyType: "RANGE" },
              { AttributeName: "b", KeyType: "RANGE" },
              { AttributeName: "c", KeyType: "RANGE" },
              { AttributeName: "d", KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          },
        ],
      }),
    );
    const rows: [string, string, string, string | undefined, string][] = [
      ["p1", "T", "live", "b", "r1"],
      ["p2", "T", "live", "a", "r2"],
      ["p3", "T", "live", "a", "r1"],
      ["p4", "T", "draft", "c", "r1"],
      ["p5", "F", "live", "a", "r0"],
      ["p6", "T", "live", undefined, "r1"], // no c: not in the index
    ];
    for (const [pk, a, b, c, d] of rows) {
      const Item: Record<string, AttributeValue> = { pk: S(pk), h: S("o1"), a: S(a), b: S(b), d: S(d) };
      if (c !== undefined) Item.c = S(c);
      await h.client.send(new PutItemCommand({ TableName: table, Item }));
    }
  });

  async function keys(KeyConditionExpression: string, extra: Partial<QueryCommandInput> = {}) {
    const used = Object.fromEntries(Object.entries(values).filter(([k]) => KeyConditionExpression.includes(k)));
    const res = await h.client.send(
      new QueryCommand({ TableName: table, IndexName: "gsi", KeyConditionExpression, ExpressionAttributeValues: used, ...extra }),
    );
    return { pks: (res.Items ?? []).map((i) => i.pk.S), last: res.LastEvaluatedKey };
  }

  it("sorts by the RANGE attributes in key schema order and leaves out items missing one", async () => {
    expect((await keys("h = :h")).pks).toEqual(["p5", "p4", "p3", "p2", "p1"]);
    expect((await keys("h = :h AND a = :a", { ScanIndexForward: false })).pks).toEqual(["p1", "p2", "p3", "p4"]);
  });

  it("narrows by equalities on a leading run of RANGE attributes, in any clause order", async () => {
    expect((await keys("b = :b AND h = :h AND a = :a")).pks).toEqual(["p3", "p2", "p1"]);
    expect((await keys("h = :h AND a = :a AND b = :b AND c = :c")).pks).toEqual(["p3", "p2"]);
  });

  it("takes a range condition on the last RANGE attribute named", async () => {
    expect((await keys("h = :h AND a = :a AND b = :b AND c > :c")).pks).toEqual(["p1"]);
    expect((await keys("h = :h AND a = :a AND b < :b")).pks).toEqual(["p4"]);
    expect((await keys("h = :h AND a = :a AND b = :b AND c = :c AND begins_with(d, :d)")).pks).toEqual(["p3", "p2"]);
    expect((await keys("h = :h AND a = :a AND b = :b AND c = :c AND d BETWEEN :x AND :x")).pks).toEqual(["p3"]);
  });

  it("pages with every table and index key attribute in LastEvaluatedKey", async () => {
    const first = await keys("h = :h AND a = :a", { Limit: 2 });
    expect(first.pks).toEqual(["p4", "p3"]);
    expect(Object.keys(first.last ?? {}).sort()).toEqual(["a", "b", "c", "d", "h", "pk"]);
    const rest = await keys("h = :h AND a = :a", { ExclusiveStartKey: first.last });
    expect(rest.pks).toEqual(["p2", "p1"]);
  });

  it("refuses a RANGE attribute left without an equality before the one conditioned", async () => {
    const message = (gap: string, at: string) =>
      `ValidationException: RANGE key attributes ${gap} must have equality conditions specified in the query because a condition is present on key attribute ${at}`;
    expect(await failure(() => keys("h = :h AND a = :a AND c = :c"))).toBe(message("b", "c"));
    expect(await failure(() => keys("h = :h AND a = :a AND b > :b AND c = :c"))).toBe(message("b", "c"));
    expect(await failure(() => keys("h = :h AND b = :b"))).toBe(message("a", "b"));
  });

  it("is refused by PartiQL, while the base table still reads", async () => {
    expect(await failure(() => h.client.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "${table}"."gsi" WHERE h = 'o1'` })))).toBe(
      "ValidationException: PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE keys.",
    );
    const res = await h.client.send(new ExecuteStatementCommand({ Statement: `SELECT * FROM "${table}" WHERE pk = 'p1'` }));
    expect(res.Items).toHaveLength(1);
  });
});

describe("KeyConditionExpression messages", () => {
  const table = tableName("kce");

  beforeAll(async () => {
    await h.client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "N" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
      }),
    );
  });

  const query = (KeyConditionExpression: string) =>
    failure(() =>
      h.client.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression,
          ExpressionAttributeValues: { ":p": S("q"), ":a": { N: "1" }, ":b": { N: "5" } },
        }),
      ),
    );

  it("counts the conditions against the key attributes of the schema", async () => {
    expect(await query("pk = :p AND sk > :a AND extra = :b")).toBe(
      "ValidationException: The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)",
    );
  });

  it("names KeyConditionExpression when a key has two conditions", async () => {
    expect(await query("pk = :p AND sk > :a AND sk < :b")).toBe(
      "ValidationException: Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
    );
  });
});
