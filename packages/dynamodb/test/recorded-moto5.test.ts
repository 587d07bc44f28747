/**
 * Query order and pagination as moto's @aws_verified tests pin them down (getmoto/moto
 * tests/test_dynamodb/test_dynamodb_query.py, run against real DynamoDB through its
 * dynamodb_aws_verified() tables), replayed through the real SDK v3 document client.
 */
import { CreateTableCommand, PutItemCommand, QueryCommand as RawQueryCommand, type CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { PutCommand, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;

beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

interface Shape {
  range?: "S" | "N";
  gsi?: "hash" | "S" | "N";
  lsi?: "S" | "N";
}

/** moto's dynamodb_aws_verified() table: pk, then optional sk, test_gsi and test_lsi (all projecting ALL). */
async function verifiedTable(shape: Shape = {}): Promise<string> {
  const name = tableName("motoQ");
  const input: CreateTableCommandInput = {
    TableName: name,
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
    ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 5 },
  };
  const keys = input.KeySchema ?? [];
  const definitions = input.AttributeDefinitions ?? [];
  if (shape.range) {
    keys.push({ AttributeName: "sk", KeyType: "RANGE" });
    definitions.push({ AttributeName: "sk", AttributeType: shape.range });
  }
  if (shape.gsi) {
    input.GlobalSecondaryIndexes = [
      {
        IndexName: "test_gsi",
        KeySchema: [{ AttributeName: "gsi_pk", KeyType: "HASH" }, ...(shape.gsi === "hash" ? [] : [{ AttributeName: "gsi_sk", KeyType: "RANGE" as const }])],
        Projection: { ProjectionType: "ALL" },
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      },
    ];
    definitions.push({ AttributeName: "gsi_pk", AttributeType: "S" });
    if (shape.gsi !== "hash") definitions.push({ AttributeName: "gsi_sk", AttributeType: shape.gsi });
  }
  if (shape.lsi) {
    input.LocalSecondaryIndexes = [
      {
        IndexName: "test_lsi",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "lsi_sk", KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      },
    ];
    definitions.push({ AttributeName: "lsi_sk", AttributeType: shape.lsi });
  }
  await h.client.send(new CreateTableCommand(input));
  return name;
}

const put = (TableName: string, Item: Record<string, unknown>) => h.doc.send(new PutCommand({ TableName, Item }));
const query = (TableName: string, input: Omit<QueryCommandInput, "TableName">) => h.doc.send(new QueryCommand({ TableName, ...input }));

/** Puts 3..6, then 9..7, then 0..2: moto's write order, unrelated to the key order. */
async function putTen(table: string, item: (i: number) => Record<string, unknown>): Promise<void> {
  for (const i of [3, 4, 5, 6, 9, 8, 7, 0, 1, 2]) await put(table, item(i));
}

describe("Query (test_dynamodb_query.py, @aws_verified)", () => {
  it("compares and orders a numeric GSI sort key, either way round the condition", async () => {
    // test_query_gsi_range_comparison
    const table = await verifiedTable({ range: "S", gsi: "N" });
    for (const [sk, gsi_pk, gsi_sk] of [
      ["123", "johndoe", 3],
      ["456", "johndoe", 1],
      ["789", "johndoe", 2],
      ["159", "janedoe", 2],
      ["601", "janedoe", 5],
    ] as const) {
      await put(table, { pk: "the-key", sk, gsi_pk, gsi_sk });
    }
    const cond = (expression: string, values: Record<string, unknown>, extra: Partial<QueryCommandInput> = {}) =>
      query(table, { IndexName: "test_gsi", KeyConditionExpression: expression, ExpressionAttributeValues: values, ...extra });
    let res = await cond("gsi_pk = :p AND gsi_sk > :z", { ":p": "johndoe", ":z": 0 }, { ScanIndexForward: true });
    expect(res.ScannedCount).toBe(3);
    expect(res.Items?.map((i) => i.sk)).toEqual(["456", "789", "123"]);
    res = await cond("gsi_pk = :p AND gsi_sk > :z", { ":p": "johndoe", ":z": 0 }, { ScanIndexForward: false });
    expect(res.Items?.map((i) => i.sk)).toEqual(["123", "789", "456"]);
    res = await cond("gsi_sk > :one AND gsi_pk = :p", { ":p": "johndoe", ":one": 1 });
    expect(res.Items?.map((i) => i.gsi_sk)).toEqual([2, 3]);
    expect((await cond("gsi_pk = :p AND gsi_sk > :n", { ":p": "janedoe", ":n": 9 })).Count).toBe(0);
    expect((await cond("gsi_pk = :p AND gsi_sk = :n", { ":p": "janedoe", ":n": 5 })).Count).toBe(1);
  });

  it("pages a table query at Limit, with no LastEvaluatedKey on a short last page", async () => {
    // test_query_pagination
    const table = await verifiedTable({ range: "S" });
    await putTen(table, (i) => ({ pk: "the-key", sk: `${i}` }));
    const page1 = await query(table, { KeyConditionExpression: "pk = :k", ExpressionAttributeValues: { ":k": "the-key" }, Limit: 6 });
    expect([page1.Count, page1.ScannedCount]).toEqual([6, 6]);
    expect(page1.Items?.map((i) => i.sk)).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(page1.LastEvaluatedKey).toEqual({ pk: "the-key", sk: "5" });
    const page2 = await query(table, {
      KeyConditionExpression: "pk = :k",
      ExpressionAttributeValues: { ":k": "the-key" },
      Limit: 6,
      ExclusiveStartKey: page1.LastEvaluatedKey,
    });
    expect([page2.Count, page2.ScannedCount]).toEqual([4, 4]);
    expect(page2.Items?.map((i) => i.sk)).toEqual(["6", "7", "8", "9"]);
    expect(page2).not.toHaveProperty("LastEvaluatedKey");
  });

  it("pages a hash-only GSI, its LastEvaluatedKey naming the table and index keys", async () => {
    // test_query_gsi_pagination
    const table = await verifiedTable({ gsi: "hash" });
    for (const i of [3, 4, 5, 6]) await put(table, { pk: `pk${i}`, gsi_pk: "a" });
    for (const i of [11, 10, 9, 8, 7]) await put(table, { pk: `pk${i}`, gsi_pk: "b" });
    for (const i of [0, 1, 2]) await put(table, { pk: `pk${i}`, gsi_pk: "c" });
    const seen: string[] = [];
    let start: Record<string, unknown> | undefined;
    const sizes: number[] = [];
    do {
      const page = await query(table, {
        IndexName: "test_gsi",
        KeyConditionExpression: "gsi_pk = :b",
        ExpressionAttributeValues: { ":b": "b" },
        Limit: 2,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      sizes.push(page.Items?.length ?? 0);
      seen.push(...(page.Items ?? []).map((i) => String(i.pk)));
      start = page.LastEvaluatedKey;
      if (start) expect(Object.keys(start).sort()).toEqual(["gsi_pk", "pk"]);
    } while (start);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen.sort()).toEqual(["pk10", "pk11", "pk7", "pk8", "pk9"]);
  });

  it("pages a GSI whose entries share one sort key, and skips items missing an index key", async () => {
    // test_query_gsi_pagination_with_string_range, _with_string_gsi_range,
    // _with_string_gsi_range_and_empty_gsi_pk, _and_empty_gsi_sk, _no_sk
    const pages = async (table: string, limits: [number, number]) => {
      const page1 = await query(table, { IndexName: "test_gsi", KeyConditionExpression: "gsi_pk = :j", ExpressionAttributeValues: { ":j": "john" }, Limit: limits[0] });
      const page2 = await query(table, {
        IndexName: "test_gsi",
        KeyConditionExpression: "gsi_pk = :j",
        ExpressionAttributeValues: { ":j": "john" },
        Limit: limits[1],
        ExclusiveStartKey: page1.LastEvaluatedKey,
      });
      expect(page2).not.toHaveProperty("LastEvaluatedKey");
      return { page1, page2, keys: [...(page1.Items ?? []), ...(page2.Items ?? [])].map((i) => String(i.sk ?? i.pk)).sort() };
    };
    const hashGsi = await verifiedTable({ range: "S", gsi: "hash" });
    await putTen(hashGsi, (i) => ({ pk: "the-key", sk: `${i}`, gsi_pk: "john" }));
    let got = await pages(hashGsi, [6, 6]);
    expect([got.page1.Count, got.page1.ScannedCount, got.page2.Count, got.page2.ScannedCount]).toEqual([6, 6, 4, 4]);
    expect(got.keys).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

    const rangeGsi = await verifiedTable({ range: "S", gsi: "S" });
    await putTen(rangeGsi, (i) => ({ pk: "the-key", sk: `${i}`, gsi_pk: "john", gsi_sk: "jane" }));
    got = await pages(rangeGsi, [6, 6]);
    expect([got.page1.Count, got.page2.Count]).toEqual([6, 4]);
    expect(got.keys).toHaveLength(10);

    const noGsiPk = await verifiedTable({ range: "S", gsi: "S" });
    await putTen(noGsiPk, (i) => (i < 3 ? { pk: "the-key", sk: `${i}`, gsi_sk: "jane" } : { pk: "the-key", sk: `${i}`, gsi_pk: "john", gsi_sk: "jane" }));
    got = await pages(noGsiPk, [6, 6]);
    expect([got.page1.Count, got.page2.Count]).toEqual([6, 1]);
    expect(got.keys).toEqual(["3", "4", "5", "6", "7", "8", "9"]);

    const noGsiSk = await verifiedTable({ range: "S", gsi: "S" });
    await putTen(noGsiSk, (i) => (i >= 3 && i <= 6 ? { pk: "the-key", sk: `${i}`, gsi_pk: "john" } : { pk: "the-key", sk: `${i}`, gsi_pk: "john", gsi_sk: "jane" }));
    got = await pages(noGsiSk, [5, 6]);
    expect([got.page1.Count, got.page2.Count]).toEqual([5, 1]);
    expect(got.keys).toEqual(["0", "1", "2", "7", "8", "9"]);

    const noSk = await verifiedTable({ gsi: "S" });
    await putTen(noSk, (i) => ({ pk: `${i}`, gsi_pk: "john", gsi_sk: "jane" }));
    got = await pages(noSk, [6, 6]);
    expect([got.page1.Count, got.page1.ScannedCount, got.page2.Count, got.page2.ScannedCount]).toEqual([6, 6, 4, 4]);
    expect(got.keys).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  });

  it("pages a GSI with a numeric sort key in number order", async () => {
    // test_query_gsi_pagination_with_numeric_range
    const table = await verifiedTable({ range: "S", gsi: "N" });
    await putTen(table, (i) => ({ pk: "the-key", sk: `${i}`, gsi_pk: "johndoe", gsi_sk: i }));
    const page1 = await query(table, { IndexName: "test_gsi", KeyConditionExpression: "gsi_pk = :j", ExpressionAttributeValues: { ":j": "johndoe" }, Limit: 6 });
    expect(page1.Items?.map((i) => i.sk)).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(page1.LastEvaluatedKey).toEqual({ pk: "the-key", sk: "5", gsi_pk: "johndoe", gsi_sk: 5 });
    const page2 = await query(table, {
      IndexName: "test_gsi",
      KeyConditionExpression: "gsi_pk = :j",
      ExpressionAttributeValues: { ":j": "johndoe" },
      Limit: 6,
      ExclusiveStartKey: page1.LastEvaluatedKey,
    });
    expect(page2.Items?.map((i) => i.sk)).toEqual(["6", "7", "8", "9"]);
    expect(page2).not.toHaveProperty("LastEvaluatedKey");
  });

  it("reads an LSI, consistently too, and pages it by the table and index keys", async () => {
    // test_query_lsi_pagination, test_query_lsi_pagination_with_numerical_local_range_key
    const table = await verifiedTable({ range: "S", lsi: "S" });
    await putTen(table, (i) => ({ pk: "the-key", sk: `${i}`, lsi_sk: `${i}` }));
    for (let i = 15; i < 20; i++) await put(table, { pk: "the-key", sk: `${i}` });
    for (let i = 25; i < 30; i++) await put(table, { pk: "other", sk: `${i}` });
    for (let i = 35; i < 40; i++) await put(table, { pk: "other_in_lsi", sk: `${i}`, lsi_sk: `${i}` });
    const lsi = (extra: Partial<QueryCommandInput>) => query(table, { IndexName: "test_lsi", ...extra } as Omit<QueryCommandInput, "TableName">);
    let res = await lsi({ KeyConditionExpression: "pk = :k AND lsi_sk = :s", ExpressionAttributeValues: { ":k": "the-key", ":s": "1" } });
    expect(res.Items).toEqual([{ lsi_sk: "1", pk: "the-key", sk: "1" }]);
    res = await lsi({ KeyConditionExpression: "pk = :k AND lsi_sk = :s", ExpressionAttributeValues: { ":k": "the-key", ":s": "2" }, ConsistentRead: true });
    expect(res.Items).toEqual([{ lsi_sk: "2", pk: "the-key", sk: "2" }]);
    const page1 = await lsi({ KeyConditionExpression: "pk = :k", ExpressionAttributeValues: { ":k": "the-key" }, Limit: 6 });
    expect(page1.Items?.map((i) => i.sk)).toEqual(["0", "1", "2", "3", "4", "5"]);
    expect(page1.LastEvaluatedKey).toEqual({ pk: "the-key", sk: "5", lsi_sk: "5" });
    const page2 = await lsi({ KeyConditionExpression: "pk = :k", ExpressionAttributeValues: { ":k": "the-key" }, ExclusiveStartKey: page1.LastEvaluatedKey });
    expect(page2.Items?.map((i) => i.sk)).toEqual(["6", "7", "8", "9"]);

    const numeric = await verifiedTable({ range: "S", lsi: "N" });
    await putTen(numeric, (i) => ({ pk: "the-key", sk: `${i}`, lsi_sk: i }));
    const n1 = await query(numeric, { IndexName: "test_lsi", KeyConditionExpression: "pk = :k", ExpressionAttributeValues: { ":k": "the-key" }, Limit: 6 });
    expect(n1.Items?.map((i) => i.lsi_sk)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(n1.LastEvaluatedKey).toEqual({ pk: "the-key", sk: "5", lsi_sk: 5 });
  });

  it("finds a GSI item by both index keys, leaving out one without the sort key", async () => {
    // test_query_gsi_with_range_key
    const table = await verifiedTable({ gsi: "S" });
    const full = { pk: { S: "test1" }, gsi_pk: { S: "key1" }, gsi_sk: { S: "range1" } };
    await h.client.send(new PutItemCommand({ TableName: table, Item: full }));
    await h.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "test2" }, gsi_pk: { S: "key1" } } }));
    const res = await h.client.send(
      new RawQueryCommand({
        TableName: table,
        IndexName: "test_gsi",
        KeyConditionExpression: "gsi_pk = :gsi_hash_key and gsi_sk = :gsi_range_key",
        ExpressionAttributeValues: { ":gsi_hash_key": { S: "key1" }, ":gsi_range_key": { S: "range1" } },
      }),
    );
    expect(res.Count).toBe(1);
    expect(res.Items?.[0]).toEqual(full);
  });

  it("orders numeric sort keys by value, negatives first", async () => {
    // test_sorted_query_with_numerical_sort_key, test_gsi_verify_negative_number_order
    const table = await verifiedTable({ range: "N" });
    for (const sk of [2, 1, 10, 3]) await put(table, { pk: "M", sk });
    const res = await query(table, { KeyConditionExpression: "pk = :m", ExpressionAttributeValues: { ":m": "M" } });
    expect(res.Items?.map((i) => i.sk)).toEqual([1, 2, 3, 10]);

    const gsi = await verifiedTable({ gsi: "N" });
    await put(gsi, { pk: "pk-3", gsi_pk: "gsi-k1", gsi_sk: 0.7 });
    await put(gsi, { pk: "pk-1", gsi_pk: "gsi-k1", gsi_sk: -0.6 });
    await put(gsi, { pk: "pk-2", gsi_pk: "gsi-k1", gsi_sk: -0.7 });
    const ordered = await query(gsi, { IndexName: "test_gsi", KeyConditionExpression: "gsi_pk = :k", ExpressionAttributeValues: { ":k": "gsi-k1" } });
    expect(ordered.Items?.map((i) => i.gsi_sk)).toEqual([-0.7, -0.6, 0.7]);
  });
});

describe("Query filters (test_dynamodb_query.py TestFilterExpression)", () => {
  it("counts scanned items before the filter, and Limit applies before it", async () => {
    // moto filters on its table's sort key; DynamoDB refuses a key attribute in a Query filter,
    // so the app name is copied into a plain attribute here.
    const table = await verifiedTable({ range: "S" });
    const nested = (version: string) => ({ version, contents: ["value1", "value2"] });
    await put(table, { pk: "client1", sk: "app1", app: "app1", nested: nested("version1") });
    await put(table, { pk: "client1", sk: "app2", app: "app2", nested: nested("version2") });
    const filtered = (FilterExpression: string, values: Record<string, unknown>) =>
      query(table, { KeyConditionExpression: "pk = :c", FilterExpression, ExpressionAttributeValues: { ":c": "client1", ...values } });
    let res = await filtered("app = :a", { ":a": "app2" });
    expect([res.Count, res.ScannedCount, res.Items?.[0]?.sk]).toEqual([1, 2, "app2"]);
    expect((await filtered("contains(app, :a)", { ":a": "app" })).Count).toBe(2);
    expect((await filtered("contains(nested.version, :v)", { ":v": "version" })).Count).toBe(2);
    expect((await filtered("nested.contents[0] = :v", { ":v": "value1" })).Count).toBe(2);
    res = await query(table, { KeyConditionExpression: "pk = :c", ExpressionAttributeValues: { ":c": "client1" }, Limit: 1, ScanIndexForward: false });
    expect([res.Count, res.ScannedCount, res.Items?.[0]?.sk]).toEqual([1, 1, "app2"]);
    res = await query(table, {
      KeyConditionExpression: "pk = :c AND sk = :a",
      ExpressionAttributeValues: { ":c": "client1", ":a": "app1" },
      ProjectionExpression: "#1, #10, nested",
      ExpressionAttributeNames: { "#1": "pk", "#10": "sk" },
    });
    expect(res.Items).toEqual([{ pk: "client1", sk: "app1", nested: nested("version1") }]);
  });
});
