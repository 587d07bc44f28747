import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

const pad = (n: number) => "x".repeat(n);

/** pk/sk table with a GSI on g (INCLUDE proj) and an LSI on l (KEYS_ONLY). */
async function indexedTable(): Promise<string> {
  const name = tableName("cap");
  await h.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
        { AttributeName: "g", AttributeType: "S" },
        { AttributeName: "l", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: "gsi", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["proj"] } },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: "lsi",
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "l", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "KEYS_ONLY" },
        },
      ],
    }),
  );
  return name;
}

async function plainTable(): Promise<string> {
  const name = tableName("plain");
  await h.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    }),
  );
  return name;
}

describe("ReturnConsumedCapacity on reads", () => {
  it("GetItem: 4 KB units, halved when eventually consistent, half a unit for a missing item", async () => {
    const name = await plainTable();
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "a", body: pad(5000) } }));
    const eventual = await h.doc.send(new GetCommand({ TableName: name, Key: { id: "a" }, ReturnConsumedCapacity: "TOTAL" }));
    expect(eventual.ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 1 });
    const strong = await h.doc.send(new GetCommand({ TableName: name, Key: { id: "a" }, ConsistentRead: true, ReturnConsumedCapacity: "INDEXES" }));
    expect(strong.ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 2, Table: { CapacityUnits: 2 } });
    const missing = await h.doc.send(new GetCommand({ TableName: name, Key: { id: "zz" }, ReturnConsumedCapacity: "TOTAL" }));
    expect(missing.ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 0.5 });
    const none = await h.doc.send(new GetCommand({ TableName: name, Key: { id: "a" }, ReturnConsumedCapacity: "NONE" }));
    expect(none.ConsumedCapacity).toBeUndefined();
  });

  it("Query and Scan round the total size of the items read, filtered or not", async () => {
    const name = await indexedTable();
    for (const sk of ["1", "2", "3"]) {
      await h.doc.send(new PutCommand({ TableName: name, Item: { pk: "p", sk, g: "G", proj: "p", body: pad(2000) } }));
    }
    const query = await h.doc.send(
      new QueryCommand({ TableName: name, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": "p" }, ConsistentRead: true, ReturnConsumedCapacity: "TOTAL" }),
    );
    expect(query.ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 2 });
    const scan = await h.doc.send(
      new ScanCommand({ TableName: name, FilterExpression: "proj = :none", ExpressionAttributeValues: { ":none": "none" }, ReturnConsumedCapacity: "TOTAL" }),
    );
    expect(scan.Count).toBe(0);
    expect(scan.ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 1 });
  });

  it("charges a Query of a global index to the index", async () => {
    const name = await indexedTable();
    await h.doc.send(new PutCommand({ TableName: name, Item: { pk: "p", sk: "1", g: "G", proj: "p", body: pad(9000) } }));
    const query = await h.doc.send(
      new QueryCommand({ TableName: name, IndexName: "gsi", KeyConditionExpression: "g = :g", ExpressionAttributeValues: { ":g": "G" }, ReturnConsumedCapacity: "INDEXES" }),
    );
    expect(query.ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 0.5, Table: { CapacityUnits: 0 }, GlobalSecondaryIndexes: { gsi: { CapacityUnits: 0.5 } } });
  });

  it("charges a local index read that fetches unprojected attributes to the table too", async () => {
    const name = await indexedTable();
    await h.doc.send(new PutCommand({ TableName: name, Item: { pk: "p", sk: "1", l: "L", body: pad(5000) } }));
    const query = await h.doc.send(
      new QueryCommand({
        TableName: name,
        IndexName: "lsi",
        KeyConditionExpression: "pk = :p",
        ExpressionAttributeValues: { ":p": "p" },
        Select: "ALL_ATTRIBUTES",
        ConsistentRead: true,
        ReturnConsumedCapacity: "INDEXES",
      }),
    );
    expect(query.Items?.[0]?.body).toHaveLength(5000);
    expect(query.ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 3, Table: { CapacityUnits: 2 }, LocalSecondaryIndexes: { lsi: { CapacityUnits: 1 } } });
  });

  it("BatchGetItem rounds each item on its own", async () => {
    const name = await plainTable();
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "a", body: pad(100) } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "b", body: pad(100) } }));
    const { ConsumedCapacity } = await h.doc.send(
      new BatchGetCommand({ RequestItems: { [name]: { Keys: [{ id: "a" }, { id: "b" }], ConsistentRead: true } }, ReturnConsumedCapacity: "TOTAL" }),
    );
    expect(ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 2 }]);
  });
});

describe("ReturnConsumedCapacity on writes", () => {
  it("PutItem charges the table and every index the new item joins", async () => {
    const name = await indexedTable();
    const { ConsumedCapacity } = await h.doc.send(
      new PutCommand({ TableName: name, Item: { pk: "p", sk: "1", g: "G", l: "L", proj: "p", body: pad(1500) }, ReturnConsumedCapacity: "INDEXES" }),
    );
    expect(ConsumedCapacity).toEqual({
      TableName: name,
      CapacityUnits: 4,
      Table: { CapacityUnits: 2 },
      GlobalSecondaryIndexes: { gsi: { CapacityUnits: 1 } },
      LocalSecondaryIndexes: { lsi: { CapacityUnits: 1 } },
    });
  });

  it("an index whose entry does not change costs nothing; a key move costs both entries", async () => {
    const name = await indexedTable();
    await h.doc.send(new PutCommand({ TableName: name, Item: { pk: "p", sk: "1", g: "G", proj: pad(1500) } }));
    const outside = await h.doc.send(
      new UpdateCommand({ TableName: name, Key: { pk: "p", sk: "1" }, UpdateExpression: "SET note = :o", ExpressionAttributeValues: { ":o": "o" }, ReturnConsumedCapacity: "INDEXES" }),
    );
    expect(outside.ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 2, Table: { CapacityUnits: 2 } });
    const moved = await h.doc.send(
      new UpdateCommand({ TableName: name, Key: { pk: "p", sk: "1" }, UpdateExpression: "SET g = :g", ExpressionAttributeValues: { ":g": "H" }, ReturnConsumedCapacity: "INDEXES" }),
    );
    expect(moved.ConsumedCapacity?.GlobalSecondaryIndexes).toEqual({ gsi: { CapacityUnits: 4 } });
    const shrunk = await h.doc.send(
      new UpdateCommand({ TableName: name, Key: { pk: "p", sk: "1" }, UpdateExpression: "SET proj = :p", ExpressionAttributeValues: { ":p": "p" }, ReturnConsumedCapacity: "TOTAL" }),
    );
    // The larger image counts: 2 for the table, 2 for the index.
    expect(shrunk.ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 4 });
  });

  it("DeleteItem of a missing item costs one unit", async () => {
    const name = await indexedTable();
    const { ConsumedCapacity } = await h.doc.send(new DeleteCommand({ TableName: name, Key: { pk: "p", sk: "none" }, ReturnConsumedCapacity: "INDEXES" }));
    expect(ConsumedCapacity).toEqual({ TableName: name, CapacityUnits: 1, Table: { CapacityUnits: 1 } });
  });

  it("BatchWriteItem rounds each item and sums per table", async () => {
    const name = await plainTable();
    const { ConsumedCapacity } = await h.doc.send(
      new BatchWriteCommand({
        RequestItems: { [name]: [{ PutRequest: { Item: { id: "a", body: pad(600) } } }, { PutRequest: { Item: { id: "b", body: pad(600) } } }] },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    expect(ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 2 }]);
  });

  it("transactions cost twice, and name their read or write units", async () => {
    const name = await plainTable();
    const write = await h.doc.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: name, Item: { id: "a", body: pad(1500) } } }, { Put: { TableName: name, Item: { id: "b" } } }],
        ReturnConsumedCapacity: "INDEXES",
      }),
    );
    expect(write.ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 6, WriteCapacityUnits: 6, Table: { CapacityUnits: 6, WriteCapacityUnits: 6 } }]);
    const read = await h.doc.send(
      new TransactGetCommand({ TransactItems: [{ Get: { TableName: name, Key: { id: "a" } } }, { Get: { TableName: name, Key: { id: "b" } } }], ReturnConsumedCapacity: "INDEXES" }),
    );
    expect(read.ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 4, ReadCapacityUnits: 4, Table: { CapacityUnits: 4, ReadCapacityUnits: 4 } }]);
    const total = await h.doc.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: name, Key: { id: "a" } } }], ReturnConsumedCapacity: "TOTAL" }));
    expect(total.ConsumedCapacity).toEqual([{ TableName: name, CapacityUnits: 2, ReadCapacityUnits: 2 }]);
  });
});

describe("ReturnItemCollectionMetrics", () => {
  it("reports the item's collection on a table with local indexes", async () => {
    const name = await indexedTable();
    const put = await h.doc.send(new PutCommand({ TableName: name, Item: { pk: "p", sk: "1", l: "L" }, ReturnItemCollectionMetrics: "SIZE" }));
    expect(put.ItemCollectionMetrics).toEqual({ ItemCollectionKey: { pk: "p" }, SizeEstimateRangeGB: [0, 1] });
    const update = await h.doc.send(
      new UpdateCommand({ TableName: name, Key: { pk: "p", sk: "1" }, UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": 1 }, ReturnItemCollectionMetrics: "SIZE" }),
    );
    expect(update.ItemCollectionMetrics?.ItemCollectionKey).toEqual({ pk: "p" });
    const del = await h.doc.send(new DeleteCommand({ TableName: name, Key: { pk: "p", sk: "1" }, ReturnItemCollectionMetrics: "SIZE" }));
    expect(del.ItemCollectionMetrics?.SizeEstimateRangeGB).toEqual([0, 1]);
    const batch = await h.doc.send(
      new BatchWriteCommand({
        RequestItems: { [name]: [{ PutRequest: { Item: { pk: "q", sk: "1" } } }, { PutRequest: { Item: { pk: "q", sk: "2" } } }, { PutRequest: { Item: { pk: "r", sk: "1" } } }] },
        ReturnItemCollectionMetrics: "SIZE",
      }),
    );
    expect(batch.ItemCollectionMetrics?.[name]?.map((m) => m.ItemCollectionKey)).toEqual([{ pk: "q" }, { pk: "r" }]);
  });

  it("reports nothing for a table without local indexes", async () => {
    const name = await plainTable();
    const put = await h.doc.send(new PutCommand({ TableName: name, Item: { id: "a" }, ReturnItemCollectionMetrics: "SIZE" }));
    expect(put.ItemCollectionMetrics).toBeUndefined();
  });
});

describe("ConsumedCapacity's TableName", () => {
  it("echoes a table ARN given for the table's name", async () => {
    const name = await plainTable();
    const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;
    const put = await h.doc.send(new PutCommand({ TableName: arn, Item: { id: "a" }, ReturnConsumedCapacity: "TOTAL" }));
    expect(put.ConsumedCapacity).toEqual({ TableName: arn, CapacityUnits: 1 });
    const got = await h.doc.send(new GetCommand({ TableName: arn, Key: { id: "a" }, ReturnConsumedCapacity: "TOTAL" }));
    expect(got.ConsumedCapacity?.TableName).toBe(arn);
  });
});
