/**
 * Transactions and BatchGetItem as moto's tests pin them down (getmoto/moto
 * tests/test_dynamodb/test_dynamodb_transact.py, with @aws_verified cancellation reasons, and
 * test_dynamodb_batch_get_item.py), replayed through the real SDK v3 client.
 */
import {
  BatchGetItemCommand,
  CreateTableCommand,
  PutItemCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type AttributeValue,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;

beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

async function table(key: string, sortKey?: string): Promise<string> {
  const name = tableName("motoTx");
  await h.client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: key, KeyType: "HASH" }, ...(sortKey ? [{ AttributeName: sortKey, KeyType: "RANGE" as const }] : [])],
      AttributeDefinitions: [{ AttributeName: key, AttributeType: "S" }, ...(sortKey ? [{ AttributeName: sortKey, AttributeType: "S" as const }] : [])],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    }),
  );
  return name;
}

const scan = async (TableName: string) => (await h.client.send(new ScanCommand({ TableName }))).Items;

async function cancelled(TransactItems: TransactWriteItem[]): Promise<TransactionCanceledException> {
  try {
    await h.client.send(new TransactWriteItemsCommand({ TransactItems }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) return error;
    throw error;
  }
  throw new Error("expected a TransactionCanceledException");
}

describe("TransactGetItems (test_dynamodb_transact.py)", () => {
  it("answers an empty map for a missing item, in request order", async () => {
    // test_transact_get_items_should_return_empty_map_for_non_existent_item
    const name = await table("id");
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "1" } } }));
    const { Responses } = await h.client.send(
      new TransactGetItemsCommand({
        TransactItems: [{ Get: { Key: { id: { S: "1" } }, TableName: name } }, { Get: { Key: { id: { S: "2" } }, TableName: name } }],
      }),
    );
    expect(Responses).toEqual([{ Item: { id: { S: "1" } } }, {}]);
  });

  it("refuses the whole request when one table is missing", async () => {
    // test_invalid_transact_get_items (its 26-item case predates the 100-item limit)
    const name = await table("id");
    expect(
      await failure(() =>
        h.client.send(
          new TransactGetItemsCommand({
            TransactItems: [
              { Get: { Key: { id: { S: "1" } }, TableName: name } },
              { Get: { Key: { id: { S: "1" } }, TableName: "non_exists_table" } },
            ],
          }),
        ),
      ),
    ).toBe("ResourceNotFoundException: Requested resource not found");
  });

  it("reads across tables and counts two read units per item, per table", async () => {
    // test_valid_transact_get_items
    const test1 = await table("id", "sort_key");
    const test2 = await table("id", "sort_key");
    const key = (id: string, sort: string) => ({ id: { S: id }, sort_key: { S: sort } });
    await h.client.send(new PutItemCommand({ TableName: test1, Item: key("1", "1") }));
    await h.client.send(new PutItemCommand({ TableName: test1, Item: key("1", "2") }));
    await h.client.send(new PutItemCommand({ TableName: test2, Item: key("1", "1") }));
    const gets = [
      { Get: { Key: key("1", "1"), TableName: test1 } },
      { Get: { Key: key("1", "2"), TableName: test1 } },
      { Get: { Key: key("1", "1"), TableName: test2 } },
    ];
    const total = await h.client.send(new TransactGetItemsCommand({ TransactItems: gets, ReturnConsumedCapacity: "TOTAL" }));
    expect(total.Responses).toEqual([{ Item: key("1", "1") }, { Item: key("1", "2") }, { Item: key("1", "1") }]);
    expect(total.ConsumedCapacity).toEqual([
      { TableName: test1, CapacityUnits: 4, ReadCapacityUnits: 4 },
      { TableName: test2, CapacityUnits: 2, ReadCapacityUnits: 2 },
    ]);
    const indexes = await h.client.send(new TransactGetItemsCommand({ TransactItems: gets, ReturnConsumedCapacity: "INDEXES" }));
    expect(indexes.ConsumedCapacity).toEqual([
      { TableName: test1, CapacityUnits: 4, ReadCapacityUnits: 4, Table: { CapacityUnits: 4, ReadCapacityUnits: 4 } },
      { TableName: test2, CapacityUnits: 2, ReadCapacityUnits: 2, Table: { CapacityUnits: 2, ReadCapacityUnits: 2 } },
    ]);
  });

  it("takes table ARNs for TableName", async () => {
    // test_transact_using_arns
    const name = await table("id");
    const arn = `arn:aws:dynamodb:us-east-1:000000000000:table/${name}`;
    await h.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { Item: { id: { S: "foo" } }, TableName: arn } }] }));
    const { Responses } = await h.client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { Key: { id: { S: "foo" } }, TableName: arn } }] }));
    expect(Responses).toEqual([{ Item: { id: { S: "foo" } } }]);
  });
});

describe("TransactWriteItems (test_dynamodb_transact.py)", () => {
  const failedPuts = (name: string, extra: Partial<NonNullable<TransactWriteItem["Put"]>> = {}): TransactWriteItem[] =>
    [0, 1, 2, 3, 4].map((i) => ({
      Put: {
        Item: { pk: { S: `foo${i}` }, foo: { S: "bar" } },
        TableName: name,
        ConditionExpression: "#i <> :i",
        ExpressionAttributeNames: { "#i": "pk" },
        ExpressionAttributeValues: { ":i": { S: "foo2" } },
        ...extra,
      },
    }));

  it("cancels all puts when one condition fails, giving a reason per item (@aws_verified)", async () => {
    // test_transact_write_items_put_conditional_expressions
    const name = await table("pk");
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "foo2" } } }));
    const error = await cancelled(failedPuts(name));
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.CancellationReasons).toEqual([
      { Code: "None" },
      { Code: "None" },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
      { Code: "None" },
      { Code: "None" },
    ]);
    expect(await scan(name)).toEqual([{ pk: { S: "foo2" } }]);
  });

  it("carries the old item in the failed reason with ALL_OLD (@aws_verified)", async () => {
    // test_transact_write_items_failure__return_item
    const name = await table("pk");
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "foo2" } } }));
    const error = await cancelled(failedPuts(name, { ReturnValuesOnConditionCheckFailure: "ALL_OLD" }));
    expect(error.CancellationReasons?.[2]).toEqual({ Code: "ConditionalCheckFailed", Message: "The conditional request failed", Item: { pk: { S: "foo2" } } });
    expect(error.CancellationReasons?.filter((r) => r.Code === "None")).toHaveLength(4);
    expect(await scan(name)).toEqual([{ pk: { S: "foo2" } }]);
  });

  it("applies puts, a passing ConditionCheck, deletes and updates; a failing condition changes nothing", async () => {
    // test_transact_write_items_put, _conditioncheck_passes/_fails, _delete(_with_*_condition_expression), _update(_with_failed_condition_expression)
    const name = await table("id");
    await h.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [0, 1, 2, 3, 4].map((i) => ({ Put: { Item: { id: { S: `foo${i}` }, foo: { S: "bar" } }, TableName: name } })),
      }),
    );
    expect(await scan(name)).toHaveLength(5);

    const emailCheck = (id: string): TransactWriteItem => ({
      ConditionCheck: { Key: { id: { S: id } }, TableName: name, ConditionExpression: "attribute_exists(#e)", ExpressionAttributeNames: { "#e": "email_address" } },
    });
    const putBar: TransactWriteItem = { Put: { Item: { id: { S: "bar" }, email_address: { S: "bar@moto.com" } }, TableName: name } };
    expect((await cancelled([emailCheck("foo0"), putBar])).$metadata.httpStatusCode).toBe(400);
    expect(await scan(name)).toHaveLength(5);
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "foo0" }, email_address: { S: "foo@moto.com" } } }));
    await h.client.send(new TransactWriteItemsCommand({ TransactItems: [emailCheck("foo0"), putBar] }));
    expect(await scan(name)).toHaveLength(6);

    const deleteWithoutEmail = (id: string): TransactWriteItem => ({
      Delete: { Key: { id: { S: id } }, TableName: name, ConditionExpression: "attribute_not_exists(#e)", ExpressionAttributeNames: { "#e": "email_address" } },
    });
    await cancelled([deleteWithoutEmail("foo0")]);
    await h.client.send(new TransactWriteItemsCommand({ TransactItems: [deleteWithoutEmail("foo1")] }));
    await h.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Delete: { Key: { id: { S: "foo2" } }, TableName: name } }] }));
    expect(await scan(name)).toHaveLength(4);

    const setEmail = (id: string, condition?: string): TransactWriteItem => ({
      Update: {
        Key: { id: { S: id } },
        TableName: name,
        UpdateExpression: "SET #e = :v",
        ...(condition ? { ConditionExpression: condition } : {}),
        ExpressionAttributeNames: { "#e": "email_address" },
        ExpressionAttributeValues: { ":v": { S: "update@moto.com" } },
      },
    });
    await cancelled([setEmail("foo0", "attribute_not_exists(#e)")]);
    await h.client.send(new TransactWriteItemsCommand({ TransactItems: [setEmail("foo3")] }));
    const items = (await scan(name)) ?? [];
    expect(items.find((i) => i.id?.S === "foo0")).toEqual({ id: { S: "foo0" }, email_address: { S: "foo@moto.com" } });
    expect(items.find((i) => i.id?.S === "foo3")).toEqual({ id: { S: "foo3" }, foo: { S: "bar" }, email_address: { S: "update@moto.com" } });
  });

  it("lists the reasons in the message, in request order", async () => {
    // test_transact_write_items_fails_with_transaction_canceled_exception
    const name = await table("id");
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "foo" } } }));
    const update = (id: string): TransactWriteItem => ({
      Update: {
        Key: { id: { S: id } },
        TableName: name,
        UpdateExpression: "SET #k = :v",
        ConditionExpression: "attribute_exists(id)",
        ExpressionAttributeNames: { "#k": "key" },
        ExpressionAttributeValues: { ":v": { S: "value" } },
      },
    });
    const error = await cancelled([update("foo"), update("doesnotexist")]);
    expect(error.message).toBe("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]");
  });
});

describe("BatchGetItem (test_dynamodb_batch_get_item.py)", () => {
  let users: string;
  const keys = (...names: string[]) => names.map((username) => ({ username: { S: username } }));
  beforeAll(async () => {
    users = await table("username");
    for (const username of ["user1", "user2", "user3"]) {
      await h.client.send(new PutItemCommand({ TableName: users, Item: { username: { S: username }, foo: { S: "bar" } } }));
    }
  });
  const sorted = (items: Record<string, AttributeValue>[] | undefined) => [...(items ?? [])].sort((a, b) => (a.username?.S ?? "").localeCompare(b.username?.S ?? ""));

  it("returns the items that exist, projected when asked, leaving storage whole", async () => {
    // test_batch_items_returns_all, test_batch_items_with_basic_projection_expression(_and_attr_expression_names)
    const all = await h.client.send(new BatchGetItemCommand({ RequestItems: { [users]: { Keys: keys("user0", "user1", "user2", "user3"), ConsistentRead: true } } }));
    expect(sorted(all.Responses?.[users]).map((i) => i.username?.S)).toEqual(["user1", "user2", "user3"]);
    expect(all.UnprocessedKeys).toEqual({});
    for (const projection of [{ ProjectionExpression: "username" }, { ProjectionExpression: "#rl", ExpressionAttributeNames: { "#rl": "username" } }]) {
      const projected = await h.client.send(
        new BatchGetItemCommand({ RequestItems: { [users]: { Keys: keys("user0", "user1", "user2", "user3"), ConsistentRead: true, ...projection } } }),
      );
      expect(sorted(projected.Responses?.[users])).toEqual([{ username: { S: "user1" } }, { username: { S: "user2" } }, { username: { S: "user3" } }]);
    }
    const again = await h.client.send(new BatchGetItemCommand({ RequestItems: { [users]: { Keys: keys("user1"), ConsistentRead: true } } }));
    expect(again.Responses?.[users]).toEqual([{ username: { S: "user1" }, foo: { S: "bar" } }]);
  });

  it("refuses more than 100 keys for a table, then across tables, then duplicates", async () => {
    // test_batch_items_throws_exception_when_requesting_100_items_for_single_table / _across_all_tables,
    // test_batch_items_should_throw_exception_for_duplicate_request
    // moto quotes 'requestItems.<table>.member.keys'; DynamoDB's newer validation framework names
    // 'RequestItems.<table>.member.Keys' (paritysuite tier3/error-messages/batchGetItem, 2026-10).
    const many = (n: number) => keys(...Array.from({ length: n }, (_, i) => `user${i}`));
    expect(await failure(() => h.client.send(new BatchGetItemCommand({ RequestItems: { [users]: { Keys: many(104), ConsistentRead: true } } })))).toBe(
      `ValidationException: 1 validation error detected: Value at 'RequestItems.${users}.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
    const other = await table("username");
    expect(
      await failure(() =>
        h.client.send(new BatchGetItemCommand({ RequestItems: { [users]: { Keys: many(75), ConsistentRead: true }, [other]: { Keys: many(75), ConsistentRead: true } } })),
      ),
    ).toBe("ValidationException: Too many items requested for the BatchGetItem call");
    expect(await failure(() => h.client.send(new BatchGetItemCommand({ RequestItems: { [users]: { Keys: keys("user0", "user0"), ConsistentRead: true } } })))).toBe(
      "ValidationException: Provided list of item keys contains duplicates",
    );
  });

  it("stops at 16 MB and hands back the rest as UnprocessedKeys", async () => {
    // test_batch_items_should_return_16mb_max: 300,000-character items, 75 asked for.
    const big = await table("username");
    const filler = "x".repeat(300_000);
    for (let i = 0; i < 75; i++) {
      await h.client.send(new PutItemCommand({ TableName: big, Item: { username: { S: `largedata${i}` }, foo: { S: filler } } }));
    }
    const asked = Array.from({ length: 75 }, (_, i) => `largedata${i}`);
    const resp = await h.client.send(new BatchGetItemCommand({ RequestItems: { [big]: { Keys: keys(...asked), ConsistentRead: true } } }));
    const returned = (resp.Responses?.[big] ?? []).map((i) => i.username?.S ?? "");
    const unprocessed = (resp.UnprocessedKeys?.[big]?.Keys ?? []).map((k) => k.username?.S ?? "");
    expect(returned.length).toBe(55);
    expect([...returned, ...unprocessed].sort()).toEqual([...asked].sort());
    expect(resp.UnprocessedKeys?.[big]?.ConsistentRead).toBe(true);
  });
});
