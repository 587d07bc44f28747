/**
 * Scan pagination as moto's @aws_verified tests pin it down (getmoto/moto
 * tests/test_dynamodb/test_dynamodb_scan.py, run against real DynamoDB), through the real SDK v3
 * client. Tables are moto's dynamodb_aws_verified() ones (pk, optional sk, test_gsi).
 */
import { CreateTableCommand, PutItemCommand, ScanCommand, type AttributeValue, type CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { PutCommand, ScanCommand as DocScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

async function table(range: "S" | "N" | undefined, gsi = false): Promise<string> {
  const name = tableName("motoScan");
  const input: CreateTableCommandInput = {
    TableName: name,
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, ...(range ? [{ AttributeName: "sk", KeyType: "RANGE" as const }] : [])],
    AttributeDefinitions: [
      { AttributeName: "pk", AttributeType: "S" },
      ...(range ? [{ AttributeName: "sk", AttributeType: range }] : []),
      ...(gsi ? [{ AttributeName: "gsi_pk", AttributeType: "S" as const }] : []),
    ],
    ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 5 },
    ...(gsi
      ? {
          GlobalSecondaryIndexes: [
            {
              IndexName: "test_gsi",
              KeySchema: [{ AttributeName: "gsi_pk", KeyType: "HASH" }],
              Projection: { ProjectionType: "ALL" },
              ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
            },
          ],
        }
      : {}),
  };
  await h.client.send(new CreateTableCommand(input));
  return name;
}

/** Every page of a Scan with `Limit`, as lists of items. */
async function pages(TableName: string, Limit: number): Promise<Record<string, unknown>[][]> {
  const out: Record<string, unknown>[][] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await h.doc.send(new DocScanCommand({ TableName, Limit, ...(start ? { ExclusiveStartKey: start } : {}) }));
    out.push(page.Items ?? []);
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
}

describe("Scan (test_dynamodb_scan.py, @aws_verified)", () => {
  it("continues after an ExclusiveStartKey that names no item, in key order (test_scan_with_unknown_last_evaluated_key)", async () => {
    const name = await table("S");
    for (let i = 0; i < 10; i++) await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "hash_value" }, sk: { S: `range_value${i}` } } }));
    const scan = (ExclusiveStartKey?: Record<string, AttributeValue>) =>
      h.client.send(
        new ScanCommand({
          TableName: name,
          FilterExpression: "#h = :h",
          ExpressionAttributeNames: { "#h": "pk" },
          ExpressionAttributeValues: { ":h": { S: "hash_value" } },
          Limit: 1,
          ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
        }),
      );
    const p1 = await scan();
    expect(p1.Items).toEqual([{ pk: { S: "hash_value" }, sk: { S: "range_value0" } }]);
    expect((await scan(p1.LastEvaluatedKey)).Items).toEqual([{ pk: { S: "hash_value" }, sk: { S: "range_value1" } }]);
    expect((await scan({ pk: { S: "hash_value" }, sk: { S: "range_value00" } })).Items).toEqual([{ pk: { S: "hash_value" }, sk: { S: "range_value1" } }]);
    expect((await scan({ pk: { S: "hash_value" }, sk: { S: "range_value500" } })).Items).toEqual([{ pk: { S: "hash_value" }, sk: { S: "range_value6" } }]);
  });

  it("pages partitions in hash order and sort keys in number order (test_scan_with_numeric_range_key)", async () => {
    const name = await table("N");
    for (let i = 0; i < 8; i++) await h.doc.send(new PutCommand({ TableName: name, Item: { pk: i % 2 ? "A" : "B", sk: i } }));
    for (let i = 20; i > 15; i--) await h.doc.send(new PutCommand({ TableName: name, Item: { pk: "A", sk: i } }));
    const got = (await pages(name, 3)).map((page) => page.map((item) => `${String(item.pk)}${String(item.sk)}`));
    expect(got).toEqual([["A1", "A3", "A5"], ["A7", "A16", "A17"], ["A18", "A19", "A20"], ["B0", "B2", "B4"], ["B6"]]);
  });

  it("scans a global index, consistently on the table, and pages the index (test_scan_by_global_index)", async () => {
    const name = await table(undefined, true);
    for (const i of [0, 1, 2, 3, 4, 20, 19, 18, 17, 16]) await h.doc.send(new PutCommand({ TableName: name, Item: { pk: `A${i}`, gsi_pk: `gsi${i}` } }));
    expect((await h.client.send(new ScanCommand({ TableName: name }))).Count).toBe(10);
    expect((await h.client.send(new ScanCommand({ TableName: name, ConsistentRead: true }))).Count).toBe(10);
    expect((await h.client.send(new ScanCommand({ TableName: name, IndexName: "test_gsi" }))).Count).toBe(10);
    const page1 = await h.client.send(new ScanCommand({ TableName: name, IndexName: "test_gsi", Limit: 6 }));
    expect(page1.Count).toBe(6);
    expect(Object.keys(page1.LastEvaluatedKey ?? {}).sort()).toEqual(["gsi_pk", "pk"]);
    const page2 = await h.client.send(new ScanCommand({ TableName: name, IndexName: "test_gsi", ExclusiveStartKey: page1.LastEvaluatedKey }));
    expect(page2.Count).toBe(4);
    const seen = [...(page1.Items ?? []), ...(page2.Items ?? [])].map((i) => i.gsi_pk?.S).sort();
    expect(seen).toEqual(["gsi0", "gsi1", "gsi16", "gsi17", "gsi18", "gsi19", "gsi2", "gsi20", "gsi3", "gsi4"]);
  });
});
