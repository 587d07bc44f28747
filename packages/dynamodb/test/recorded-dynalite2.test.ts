/**
 * Read-order behaviours dynalite's test suite pins down (architect/dynalite test/scan.js and
 * test/query.js, checked against real DynamoDB): Scan walks partitions in DynamoDB's hash order
 * (MD5 of "Outliers" + key bytes), Segment splits the first 12 bits of that hash, and index
 * entries that share an index key are ordered by the hash of the item's primary key. Also
 * UpdateTable (test/updateTable.js): request rules before the table lookup, and the answer's
 * decrease count.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  QueryCommand,
  ScanCommand,
  UpdateTableCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const hashTable = tableName("dynHash");
const hashNTable = tableName("dynHashN");
const rangeTable = tableName("dynRange");
const S = (s: string): AttributeValue => ({ S: s });
type Item = Record<string, AttributeValue>;

async function putAll(table: string, items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    const batch = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    await h.client.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
  }
}

beforeAll(async () => {
  h = await startDynamoDb();
  await h.client.send(
    new CreateTableCommand({
      TableName: hashTable,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "a", KeyType: "HASH" }],
    }),
  );
  await h.client.send(
    new CreateTableCommand({
      TableName: hashNTable,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "a", AttributeType: "N" }],
      KeySchema: [{ AttributeName: "a", KeyType: "HASH" }],
    }),
  );
  // dynalite's range table: a GSI on c and one on (c, d) projecting e.
  await h.client.send(
    new CreateTableCommand({
      TableName: rangeTable,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: ["a", "b", "c", "d"].map((name) => ({ AttributeName: name, AttributeType: "S" as const })),
      KeySchema: [
        { AttributeName: "a", KeyType: "HASH" },
        { AttributeName: "b", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: "index3", KeySchema: [{ AttributeName: "c", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } },
        {
          IndexName: "index4",
          KeySchema: [
            { AttributeName: "c", KeyType: "HASH" },
            { AttributeName: "d", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["e"] },
        },
      ],
    }),
  );
});

afterAll(async () => {
  await h.close();
});

describe("Scan order and segments (dynalite test/scan.js, recorded against DynamoDB)", () => {
  it("walks string partition keys in DynamoDB's hash order", async () => {
    const keys = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "aardman", "hello", "zapf", "äáöü"];
    await putAll(hashTable, keys.map((a) => ({ a: S(a), b: S("order") })));
    const res = await h.client.send(new ScanCommand({ TableName: hashTable }));
    // dynalite test/scan.js "should return items in string hash order"
    expect(res.Items?.map((item) => item.a.S)).toEqual(["2", "8", "9", "1", "6", "hello", "0", "5", "4", "äáöü", "aardman", "7", "3", "zapf"]);
  });

  it("walks number partition keys in DynamoDB's hash order", async () => {
    const keys = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "-0.09", "999.9", "0.012345", "-999.9"];
    await putAll(hashNTable, keys.map((a) => ({ a: { N: a } })));
    const res = await h.client.send(new ScanCommand({ TableName: hashNTable }));
    // dynalite test/scan.js "should return items in number hash order"
    expect(res.Items?.map((item) => item.a.N)).toEqual(["7", "999.9", "8", "3", "2", "-999.9", "9", "4", "-0.09", "6", "1", "0", "0.012345", "5"]);
  });

  it("splits segments by the first 12 bits of the hash", async () => {
    await putAll(hashTable, ["3635", "228", "1668", "3435"].map((a) => ({ a: S(a) })));
    await putAll(hashNTable, ["251", "2388"].map((a) => ({ a: { N: a } })));
    const segment = async (table: string, Segment: number) =>
      (await h.client.send(new ScanCommand({ TableName: table, Segment, TotalSegments: 4096 }))).Items?.map((item) => item.a.S ?? item.a.N);
    // dynalite test/scan.js "should return items from correct string/number hash segments"
    expect(await segment(hashTable, 0)).toEqual(expect.arrayContaining(["3635", "228"]));
    expect(await segment(hashTable, 1)).toContain("1668");
    expect(await segment(hashTable, 4)).toContain("3435");
    expect(await segment(hashNTable, 1)).toContain("251");
    expect(await segment(hashNTable, 4095)).toContain("2388");
  });
});

describe("Index entry order (dynalite test/query.js, recorded against DynamoDB)", () => {
  // Seven items; all but the fifth share index hash key c.
  const c = S("shared-c");
  const pairs = [
    ["a", "a", "f"],
    ["b", "b", "a"],
    ["c", "e", "b"],
    ["c", "d", "c"],
    ["c", "c", "d"],
    ["d", "a", "e"],
    ["e", "a", "f"],
  ];
  const items: Item[] = pairs.map(([a, b, d], i) => ({ a: S(a), b: S(b), c: i === 4 ? S("other") : c, d: S(d), e: S("a"), f: S("a") }));
  const keyOf = (item: Item, names: string[]) => Object.fromEntries(names.map((name) => [name, item[name]]));
  const without = (item: Item, names: string[]) => Object.fromEntries(Object.entries(item).filter(([name]) => !names.includes(name)));

  beforeAll(async () => {
    await putAll(rangeTable, items);
  });

  it("orders a hash-only global index by the hash of each item's primary key", async () => {
    const query = (ScanIndexForward: boolean, ExclusiveStartKey?: Item) =>
      h.client.send(
        new QueryCommand({
          TableName: rangeTable,
          IndexName: "index3",
          KeyConditionExpression: "c = :c",
          ExpressionAttributeValues: { ":c": c },
          ScanIndexForward,
          Limit: ExclusiveStartKey ? 2 : 4,
          ExclusiveStartKey,
        }),
      );
    // dynalite test/query.js "should query on basic hash global index" (and in reverse, and with ExclusiveStartKey)
    let res = await query(true);
    expect(res.Items).toEqual([items[1], items[0], items[2], items[6]]);
    expect(res.LastEvaluatedKey).toEqual(keyOf(items[6], ["a", "b", "c"]));
    res = await query(false);
    expect(res.Items).toEqual([items[3], items[5], items[6], items[2]]);
    res = await query(true, keyOf(items[2], ["a", "b", "c"]));
    expect(res.Items).toEqual([items[6], items[5]]);
    res = await query(false, keyOf(items[6], ["a", "b", "c"]));
    expect(res.Items).toEqual([items[2], items[0]]);
  });

  it("queries a range global index forward and in reverse with Limit", async () => {
    const query = (ScanIndexForward: boolean) =>
      h.client.send(
        new QueryCommand({
          TableName: rangeTable,
          IndexName: "index4",
          KeyConditionExpression: "c = :c AND d < :d",
          ExpressionAttributeValues: { ":c": c, ":d": S("f") },
          ScanIndexForward,
          Limit: 3,
        }),
      );
    // dynalite test/query.js "should query on range global index" (and in reverse)
    const projected = (i: number) => without(items[i], ["f"]);
    let res = await query(true);
    expect(res.Items).toEqual([projected(1), projected(2), projected(3)]);
    expect(res.LastEvaluatedKey).toEqual(keyOf(items[3], ["a", "b", "c", "d"]));
    res = await query(false);
    expect(res.Items).toEqual([projected(5), projected(3), projected(2)]);
  });
});

describe("UpdateTable (dynalite test/updateTable.js, recorded against DynamoDB)", () => {
  it("checks the request before looking the table up", async () => {
    const update = (input: Omit<ConstructorParameters<typeof UpdateTableCommand>[0], "TableName">) =>
      failure(() => h.client.send(new UpdateTableCommand({ TableName: "abc", ...input })));
    expect(await update({ ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: 1000000000001 } })).toBe(
      "ValidationException: Given value 1000000000001 for ReadCapacityUnits is out of bounds",
    );
    expect(await update({ ProvisionedThroughput: { ReadCapacityUnits: 1000000000000, WriteCapacityUnits: 1000000000001 } })).toBe(
      "ValidationException: Given value 1000000000001 for WriteCapacityUnits is out of bounds",
    );
    expect(await update({ GlobalSecondaryIndexUpdates: [{}] })).toBe(
      "ValidationException: One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null",
    );
    expect(await update({ GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: "abc" } }, { Delete: { IndexName: "abc" } }] })).toBe(
      "ValidationException: One or more parameter values were invalid: Only one global secondary index update per index is allowed simultaneously. Index: abc",
    );
    // An index capacity change is checked against the table: the lookup comes first.
    expect(
      await update({
        GlobalSecondaryIndexUpdates: [{ Update: { IndexName: "abc", ProvisionedThroughput: { ReadCapacityUnits: 1000000000001, WriteCapacityUnits: 1 } } }],
      }),
    ).toBe("ResourceNotFoundException: Requested resource not found: Table: abc not found");
  });

  it("answers a decrease with the earlier decrease count; DescribeTable counts it", async () => {
    const name = tableName("dynThroughput");
    await h.client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "a", KeyType: "HASH" }],
        ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
      }),
    );
    const raised = await h.client.send(new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 30, WriteCapacityUnits: 15 } }));
    expect(raised.TableDescription?.TableStatus).toBe("UPDATING");
    expect(raised.TableDescription?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 10, WriteCapacityUnits: 5, NumberOfDecreasesToday: 0 });
    const lowered = await h.client.send(new UpdateTableCommand({ TableName: name, ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 } }));
    expect(lowered.TableDescription?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 30, WriteCapacityUnits: 15, NumberOfDecreasesToday: 0 });
    expect(lowered.TableDescription?.ProvisionedThroughput?.LastDecreaseDateTime).toBeInstanceOf(Date);
    const described = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(described.Table?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 10, WriteCapacityUnits: 5, NumberOfDecreasesToday: 1 });
  });
});

describe("Query check order (dynalite test/query.js, recorded against DynamoDB)", () => {
  type QueryInput = ConstructorParameters<typeof QueryCommand>[0];
  const query = (input: Omit<QueryInput, "TableName"> & { TableName?: string }) =>
    failure(() => h.client.send(new QueryCommand({ TableName: rangeTable, ...input })));
  const unindexable = { z: { ComparisonOperator: "NULL" as const } };

  it("refuses a non-indexable KeyConditions operator after the table, index and key schema", async () => {
    expect(await query({ TableName: "abc", KeyConditions: unindexable })).toBe("ResourceNotFoundException: Requested resource not found");
    expect(await query({ IndexName: "whatever", KeyConditions: unindexable })).toBe(
      "ValidationException: The table does not have the specified index: whatever",
    );
    expect(await query({ IndexName: "index3", ConsistentRead: true, KeyConditions: unindexable })).toBe(
      "ValidationException: Consistent reads are not supported on global secondary indexes",
    );
    expect(await query({ KeyConditions: unindexable })).toBe("ValidationException: Query condition missed key schema element: a");
    expect(await query({ IndexName: "index3", KeyConditions: unindexable })).toBe("ValidationException: Query condition missed key schema element: c");
    expect(await query({ KeyConditions: { a: { ComparisonOperator: "EQ", AttributeValueList: [S("x")] }, b: { ComparisonOperator: "NOT_NULL" } } })).toBe(
      "ValidationException: Attempted conditional constraint is not an indexable operation",
    );
    expect(await query({ KeyConditions: {} })).toBe("ValidationException: Conditions can be of length 1 or 2 only");
  });

  it("checks each key attribute's starting key value before the condition on it", async () => {
    const condition = { KeyConditionExpression: "z = :a", ExpressionAttributeValues: { ":a": { N: "1" } } };
    for (const KeyConditions of [undefined, unindexable]) {
      const request = KeyConditions ? { KeyConditions } : condition;
      expect(await query({ ...request, ExclusiveStartKey: { b: S("a"), c: S("b") } })).toBe("ValidationException: The provided starting key is invalid");
      expect(await query({ ...request, ExclusiveStartKey: { a: { N: "1" }, b: S("a") } })).toBe(
        "ValidationException: The provided key element does not match the schema",
      );
      // The starting key's a is fine, so the missing condition on a comes before its missing b.
      expect(await query({ ...request, ExclusiveStartKey: { a: S("a"), z: S("1") } })).toBe("ValidationException: Query condition missed key schema element: a");
    }
  });

  it("refuses Select ALL_ATTRIBUTES on a global index after the key checks", async () => {
    const input = { IndexName: "index4", Select: "ALL_ATTRIBUTES" as const };
    expect(await query({ ...input, KeyConditionExpression: "c = :c AND z > :z", ExpressionAttributeValues: { ":c": S("c"), ":z": S("z") } })).toBe(
      "ValidationException: Query condition missed key schema element: d",
    );
    expect(await query({ ...input, KeyConditionExpression: "c = :c", ExpressionAttributeValues: { ":c": S("c") } })).toBe(
      "ValidationException: One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index index4 because its projection type is not ALL",
    );
  });
});
