import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  TransactWriteItemsCommand,
  type TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, TransactGetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
let table: string;
let other: string;
beforeAll(async () => {
  h = await startDynamoDb();
  table = tableName("batch");
  other = tableName("other");
  for (const name of [table, other]) {
    await h.client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  }
});
afterAll(() => h.close());

describe("BatchWriteItem", () => {
  it("puts and deletes across tables", async () => {
    await h.doc.send(new PutCommand({ TableName: other, Item: { id: "gone" } }));
    const result = await h.doc.send(
      new BatchWriteCommand({
        RequestItems: {
          [table]: [{ PutRequest: { Item: { id: "a", v: 1 } } }, { PutRequest: { Item: { id: "b", v: 2 } } }],
          [other]: [{ DeleteRequest: { Key: { id: "gone" } } }],
        },
      }),
    );
    expect(result.UnprocessedItems).toEqual({});
    expect((await h.doc.send(new GetCommand({ TableName: table, Key: { id: "b" } }))).Item).toEqual({ id: "b", v: 2 });
    expect((await h.doc.send(new GetCommand({ TableName: other, Key: { id: "gone" } }))).Item).toBeUndefined();
  });

  it("refuses duplicate keys, more than 25 requests and bad keys", async () => {
    await expect(
      h.doc.send(new BatchWriteCommand({ RequestItems: { [table]: [{ PutRequest: { Item: { id: "x" } } }, { DeleteRequest: { Key: { id: "x" } } }] } })),
    ).rejects.toMatchObject({ message: "Provided list of item keys contains duplicates" });
    const many = Array.from({ length: 13 }, (_, i) => ({ PutRequest: { Item: { id: `m${i}` } } }));
    await expect(h.doc.send(new BatchWriteCommand({ RequestItems: { [table]: many, [other]: many } }))).rejects.toMatchObject({
      message: "Too many items requested for the BatchWriteItem call",
    });
    await expect(
      h.client.send(new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item: { nope: { S: "x" } } } }] } })),
    ).rejects.toMatchObject({ message: "The provided key element does not match the schema" });
    await expect(
      h.client.send(new BatchWriteItemCommand({ RequestItems: { "missing-table": [{ PutRequest: { Item: { id: { S: "x" } } } }] } })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException", message: "Requested resource not found" });
  });
});

describe("BatchGetItem", () => {
  it("gets keys from several tables with projections", async () => {
    await h.doc.send(new PutCommand({ TableName: other, Item: { id: "o", v: 9, w: 1 } }));
    const { Responses, UnprocessedKeys } = await h.doc.send(
      new BatchGetCommand({
        RequestItems: {
          [table]: { Keys: [{ id: "a" }, { id: "b" }, { id: "missing" }] },
          [other]: { Keys: [{ id: "o" }], ProjectionExpression: "#v", ExpressionAttributeNames: { "#v": "v" } },
        },
      }),
    );
    expect(Responses?.[table]).toEqual(expect.arrayContaining([{ id: "a", v: 1 }, { id: "b", v: 2 }]));
    expect(Responses?.[table]).toHaveLength(2);
    expect(Responses?.[other]).toEqual([{ v: 9 }]);
    expect(UnprocessedKeys).toEqual({});
  });

  it("refuses duplicates and more than 100 keys", async () => {
    await expect(
      h.client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [{ id: { S: "a" } }, { id: { S: "a" } }] } } })),
    ).rejects.toMatchObject({ message: "Provided list of item keys contains duplicates" });
    const keys = Array.from({ length: 51 }, (_, i) => ({ id: { S: `k${i}` } }));
    await expect(
      h.client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys }, [other]: { Keys: keys } } })),
    ).rejects.toMatchObject({ message: "Too many items requested for the BatchGetItem call" });
  });
});

describe("TransactWriteItems", () => {
  it("applies every action or none", async () => {
    await h.doc.send(new PutCommand({ TableName: table, Item: { id: "acct1", balance: 100 } }));
    await h.doc.send(new PutCommand({ TableName: table, Item: { id: "acct2", balance: 0 } }));
    const transfer = (amount: number) =>
      h.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table,
                Key: { id: "acct1" },
                UpdateExpression: "SET balance = balance - :a",
                ConditionExpression: "balance >= :a",
                ExpressionAttributeValues: { ":a": amount },
              },
            },
            { Update: { TableName: table, Key: { id: "acct2" }, UpdateExpression: "SET balance = balance + :a", ExpressionAttributeValues: { ":a": amount } } },
            { ConditionCheck: { TableName: other, Key: { id: "o" }, ConditionExpression: "attribute_exists(id)" } },
            { Put: { TableName: other, Item: { id: `log-${amount}` } } },
          ],
        }),
      );
    await transfer(60);
    const failure = (await transfer(60).catch((error: unknown) => error)) as TransactionCanceledException;
    expect(failure.name).toBe("TransactionCanceledException");
    expect(failure.message).toBe(
      "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None, None, None]",
    );
    expect(failure.CancellationReasons?.[0]).toMatchObject({ Code: "ConditionalCheckFailed", Message: "The conditional request failed" });
    expect((await h.doc.send(new GetCommand({ TableName: table, Key: { id: "acct1" } }))).Item?.balance).toBe(40);
    expect((await h.doc.send(new GetCommand({ TableName: table, Key: { id: "acct2" } }))).Item?.balance).toBe(60);
  });

  it("returns the old item of a failed check and refuses two actions on one item", async () => {
    const failure = (await h.client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: table,
                Key: { id: { S: "acct1" } },
                ConditionExpression: "balance > :big",
                ExpressionAttributeValues: { ":big": { N: "1000" } },
                ReturnValuesOnConditionCheckFailure: "ALL_OLD",
              },
            },
          ],
        }),
      )
      .catch((error: unknown) => error)) as TransactionCanceledException;
    expect(failure.CancellationReasons?.[0]?.Item).toEqual({ id: { S: "acct1" }, balance: { N: "40" } });
    await expect(
      h.doc.send(
        new TransactWriteCommand({
          TransactItems: [{ Put: { TableName: table, Item: { id: "dup" } } }, { Delete: { TableName: table, Key: { id: "dup" } } }],
        }),
      ),
    ).rejects.toMatchObject({ message: "Transaction request cannot include multiple operations on one item" });
  });

  it("is idempotent with a ClientRequestToken", async () => {
    const send = () =>
      h.doc.send(
        new TransactWriteCommand({
          ClientRequestToken: "token-1",
          TransactItems: [{ Update: { TableName: table, Key: { id: "counter" }, UpdateExpression: "ADD n :one", ExpressionAttributeValues: { ":one": 1 } } }],
        }),
      );
    await send();
    await send();
    expect((await h.doc.send(new GetCommand({ TableName: table, Key: { id: "counter" } }))).Item?.n).toBe(1);
  });
});

describe("TransactGetItems", () => {
  it("reads items in order, empty for missing ones", async () => {
    const { Responses } = await h.doc.send(
      new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: table, Key: { id: "acct1" }, ProjectionExpression: "balance" } },
          { Get: { TableName: table, Key: { id: "nobody" } } },
        ],
      }),
    );
    expect(Responses).toEqual([{ Item: { balance: 40 } }, {}]);
  });
});
