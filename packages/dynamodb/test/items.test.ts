import {
  CreateTableCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
let table: string;
let sorted: string;
beforeAll(async () => {
  h = await startDynamoDb();
  table = tableName("items");
  sorted = tableName("sorted");
  await h.client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  await h.client.send(
    new CreateTableCommand({
      TableName: sorted,
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
});
afterAll(() => h.close());

describe("PutItem and GetItem", () => {
  it("stores every attribute type and returns numbers normalized", async () => {
    const item = {
      id: { S: "all-types" },
      s: { S: "text" },
      n: { N: "1.50" },
      b: { B: Buffer.from("bytes") },
      bool: { BOOL: true },
      nul: { NULL: true },
      ss: { SS: ["a", "b"] },
      ns: { NS: ["1", "2.0"] },
      l: { L: [{ S: "x" }, { N: "1e2" }] },
      m: { M: { inner: { S: "y" } } },
    };
    await h.client.send(new PutItemCommand({ TableName: table, Item: item }));
    const { Item } = await h.client.send(new GetItemCommand({ TableName: table, Key: { id: { S: "all-types" } } }));
    expect(Item).toEqual({
      ...item,
      n: { N: "1.5" },
      b: { B: new Uint8Array(Buffer.from("bytes")) },
      ns: { NS: ["1", "2"] },
      l: { L: [{ S: "x" }, { N: "100" }] },
    });
  });

  it("returns nothing for a missing item and projects with ProjectionExpression", async () => {
    const missing = await h.client.send(new GetItemCommand({ TableName: table, Key: { id: { S: "missing" } } }));
    expect(missing.Item).toBeUndefined();
    await h.doc.send(new PutCommand({ TableName: table, Item: { id: "p", a: 1, b: { c: 2, d: 3 }, list: [1, 2, 3] } }));
    const { Item } = await h.doc.send(
      new GetCommand({
        TableName: table,
        Key: { id: "p" },
        ProjectionExpression: "a, b.c, #l[2]",
        ExpressionAttributeNames: { "#l": "list" },
        ConsistentRead: true,
      }),
    );
    expect(Item).toEqual({ a: 1, b: { c: 2 }, list: [3] });
  });

  it("answers ReturnValues ALL_OLD and refuses the others", async () => {
    await h.doc.send(new PutCommand({ TableName: table, Item: { id: "rv", v: 1 } }));
    const replaced = await h.doc.send(new PutCommand({ TableName: table, Item: { id: "rv", v: 2 }, ReturnValues: "ALL_OLD" }));
    expect(replaced.Attributes).toEqual({ id: "rv", v: 1 });
    await expect(
      h.doc.send(new PutCommand({ TableName: table, Item: { id: "rv", v: 3 }, ReturnValues: "ALL_NEW" })),
    ).rejects.toMatchObject({ name: "ValidationException", message: "1 validation error detected: ReturnValues can only be ALL_OLD or NONE" });
  });

  it("checks ConditionExpression and returns the old item when asked", async () => {
    await h.doc.send(new PutCommand({ TableName: table, Item: { id: "cond", v: 1 } }));
    await expect(
      h.doc.send(new PutCommand({ TableName: table, Item: { id: "cond", v: 2 }, ConditionExpression: "attribute_not_exists(id)" })),
    ).rejects.toMatchObject({ name: "ConditionalCheckFailedException", message: "The conditional request failed" });
    const failed = await h.client
      .send(
        new PutItemCommand({
          TableName: table,
          Item: { id: { S: "cond" } },
          ConditionExpression: "v = :two",
          ExpressionAttributeValues: { ":two": { N: "2" } },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      )
      .catch((error: unknown) => error);
    expect(failed).toMatchObject({ name: "ConditionalCheckFailedException", Item: { id: { S: "cond" }, v: { N: "1" } } });
    await h.doc.send(
      new PutCommand({ TableName: table, Item: { id: "cond", v: 3 }, ConditionExpression: "v = :one", ExpressionAttributeValues: { ":one": 1 } }),
    );
  });

  it("refuses unused expression attribute names", async () => {
    await expect(
      h.doc.send(new PutCommand({ TableName: table, Item: { id: "u" }, ConditionExpression: "attribute_exists(id)", ExpressionAttributeNames: { "#n": "x" } })),
    ).rejects.toMatchObject({ message: "1 validation error detected: Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}" });
  });

  it("validates key attributes as DynamoDB does", async () => {
    const put = (item: Record<string, unknown>, name = table) =>
      h.client.send(new PutItemCommand({ TableName: name, Item: item as never }));
    await expect(put({ other: { S: "x" } })).rejects.toMatchObject({
      message: "One or more parameter values were invalid: Missing the key id in the item",
    });
    await expect(put({ id: { N: "1" } })).rejects.toMatchObject({
      message: "One or more parameter values were invalid: Type mismatch for key id expected: S actual: N",
    });
    await expect(put({ id: { S: "" } })).rejects.toMatchObject({
      message: "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id",
    });
    await expect(put({ id: { S: "x".repeat(2049) } })).rejects.toMatchObject({
      message: "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes",
    });
    await expect(put({ pk: { S: "a" }, sk: { N: "1" }, extra: { S: "y" } }, "no-such-table")).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "Requested resource not found",
    });
    await expect(
      h.client.send(new GetItemCommand({ TableName: table, Key: { id: { S: "a" }, extra: { S: "b" } } })),
    ).rejects.toMatchObject({ message: "The provided key element does not match the schema" });
    await expect(h.client.send(new GetItemCommand({ TableName: table, Key: { id: { N: "1" } } }))).rejects.toMatchObject({
      message: "The provided key element does not match the schema",
    });
  });

  it("limits sort key values to 1024 bytes", async () => {
    const name = tableName("sortlen");
    await h.client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "B" },
        ],
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "p" }, sk: { B: new Uint8Array(1024) } } }));
    await expect(
      h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "p" }, sk: { B: new Uint8Array(1025) } } })),
    ).rejects.toMatchObject({
      message: "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes",
    });
  });

  it("validates attribute values", async () => {
    const put = (value: unknown) =>
      h.client.send(new PutItemCommand({ TableName: table, Item: { id: { S: "v" }, a: value as never } }));
    await expect(put({ SS: ["a", "a"] })).rejects.toMatchObject({
      message: '1 validation error detected: One or more parameter values were invalid: Input collection ["a", "a"] contains duplicates.',
    });
    await expect(put({ SS: [] })).rejects.toMatchObject({
      message: "1 validation error detected: One or more parameter values were invalid: An string set  may not be empty",
    });
    await expect(put({ N: "abc" })).rejects.toMatchObject({
      message: "1 validation error detected: The parameter cannot be converted to a numeric value: abc",
    });
  });

  it("refuses items over 400 KB, counting attribute names", async () => {
    const big = "x".repeat(400 * 1024 - 4); // "id" + "b" + "v" + value = exactly 400 KB
    await h.client.send(new PutItemCommand({ TableName: table, Item: { id: { S: "b" }, v: { S: big } } }));
    await expect(
      h.client.send(new PutItemCommand({ TableName: table, Item: { id: { S: "b" }, vv: { S: big } } })),
    ).rejects.toMatchObject({ message: "1 validation error detected: Item size has exceeded the maximum allowed size" });
  });

  it("refuses legacy parameters mixed with expressions", async () => {
    await expect(
      h.client.send(
        new PutItemCommand({
          TableName: table,
          Item: { id: { S: "l" } },
          ConditionExpression: "attribute_not_exists(id)",
          Expected: { id: { Exists: false } },
        }),
      ),
    ).rejects.toMatchObject({
      message:
        "1 validation error detected: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}",
    });
  });
});

describe("UpdateItem", () => {
  it("creates, updates and returns each kind of ReturnValues", async () => {
    const created = await h.doc.send(
      new UpdateCommand({
        TableName: sorted,
        Key: { pk: "u", sk: 1 },
        UpdateExpression: "SET #c = :one, tags = :tags",
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":one": 1, ":tags": ["a"] },
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(created.Attributes).toEqual({ pk: "u", sk: 1, count: 1, tags: ["a"] });
    const updatedOld = await h.doc.send(
      new UpdateCommand({
        TableName: sorted,
        Key: { pk: "u", sk: 1 },
        UpdateExpression: "SET #c = #c + :one REMOVE tags",
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":one": 1 },
        ReturnValues: "UPDATED_OLD",
      }),
    );
    expect(updatedOld.Attributes).toEqual({ count: 1, tags: ["a"] });
    const updatedNew = await h.doc.send(
      new UpdateCommand({
        TableName: sorted,
        Key: { pk: "u", sk: 1 },
        UpdateExpression: "ADD #c :one",
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":one": 5 },
        ReturnValues: "UPDATED_NEW",
      }),
    );
    expect(updatedNew.Attributes).toEqual({ count: 7 });
    const allOld = await h.doc.send(
      new UpdateCommand({ TableName: sorted, Key: { pk: "u", sk: 1 }, UpdateExpression: "REMOVE #c", ExpressionAttributeNames: { "#c": "count" }, ReturnValues: "ALL_OLD" }),
    );
    expect(allOld.Attributes).toEqual({ pk: "u", sk: 1, count: 7 });
    const { Item } = await h.doc.send(new GetCommand({ TableName: sorted, Key: { pk: "u", sk: 1 } }));
    expect(Item).toEqual({ pk: "u", sk: 1 });
  });

  it("refuses updates of key attributes", async () => {
    await expect(
      h.doc.send(new UpdateCommand({ TableName: sorted, Key: { pk: "u", sk: 1 }, UpdateExpression: "SET sk = :v", ExpressionAttributeValues: { ":v": 2 } })),
    ).rejects.toMatchObject({
      message: "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key",
    });
  });

  it("checks its condition against the stored item", async () => {
    await expect(
      h.doc.send(
        new UpdateCommand({
          TableName: sorted,
          Key: { pk: "nobody", sk: 1 },
          UpdateExpression: "SET v = :v",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeValues: { ":v": 1 },
        }),
      ),
    ).rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
    const { Item } = await h.doc.send(new GetCommand({ TableName: sorted, Key: { pk: "nobody", sk: 1 } }));
    expect(Item).toBeUndefined();
  });

  it("reports evaluation errors of the update expression", async () => {
    await h.doc.send(new PutCommand({ TableName: sorted, Item: { pk: "e", sk: 1, s: "text" } }));
    await expect(
      h.doc.send(new UpdateCommand({ TableName: sorted, Key: { pk: "e", sk: 1 }, UpdateExpression: "SET s = s + :n", ExpressionAttributeValues: { ":n": 1 } })),
    ).rejects.toMatchObject({ message: "An operand in the update expression has an incorrect data type" });
  });

  it("accepts every ReturnValues value", async () => {
    await h.client.send(
      new UpdateItemCommand({ TableName: sorted, Key: { pk: { S: "r" }, sk: { N: "1" } }, UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": { S: "x" } }, ReturnValues: "NONE" }),
    );
  });
});

describe("DeleteItem", () => {
  it("deletes with a condition and returns the old item", async () => {
    await h.doc.send(new PutCommand({ TableName: table, Item: { id: "d", v: 1 } }));
    await expect(
      h.doc.send(new DeleteCommand({ TableName: table, Key: { id: "d" }, ConditionExpression: "v = :two", ExpressionAttributeValues: { ":two": 2 } })),
    ).rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
    const deleted = await h.doc.send(new DeleteCommand({ TableName: table, Key: { id: "d" }, ReturnValues: "ALL_OLD" }));
    expect(deleted.Attributes).toEqual({ id: "d", v: 1 });
    const again = await h.client.send(new DeleteItemCommand({ TableName: table, Key: { id: { S: "d" } }, ReturnValues: "ALL_OLD" }));
    expect(again.Attributes).toBeUndefined();
  });
});

describe("Reads after writes", () => {
  // Query and Scan splice each item's JSON, kept from its first read, into their answers.
  it("answers Query and Scan with an item's current value after it is overwritten, updated or deleted", async () => {
    const read = async () => {
      const query = await h.doc.send(new QueryCommand({ TableName: sorted, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "cached" } }));
      const scan = await h.doc.send(new ScanCommand({ TableName: sorted, FilterExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": "cached" } }));
      expect(scan.Items).toEqual(query.Items);
      return query.Items;
    };
    for (const sk of [1, 2, 3]) await h.doc.send(new PutCommand({ TableName: sorted, Item: { pk: "cached", sk, v: `first ${sk}` } }));
    expect(await read()).toEqual([1, 2, 3].map((sk) => ({ pk: "cached", sk, v: `first ${sk}` })));
    await h.doc.send(new PutCommand({ TableName: sorted, Item: { pk: "cached", sk: 1, v: "second" } }));
    await h.doc.send(new UpdateCommand({ TableName: sorted, Key: { pk: "cached", sk: 2 }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": "updated" } }));
    await h.doc.send(new DeleteCommand({ TableName: sorted, Key: { pk: "cached", sk: 3 } }));
    expect(await read()).toEqual([
      { pk: "cached", sk: 1, v: "second" },
      { pk: "cached", sk: 2, v: "updated" },
    ]);
  });
});
