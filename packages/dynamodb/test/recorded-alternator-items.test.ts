/**
 * Item behaviour as ScyllaDB's Alternator test suite pins it down (scylladb/scylladb
 * test/alternator/*.py, written to pass against real DynamoDB with --aws), through the real
 * SDK v3 client. Each case names the Alternator file and test it replays.
 */
import {
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type CreateTableCommandInput,
  type TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
let hashTable: string;
beforeAll(async () => {
  h = await startDynamoDb();
  hashTable = await table({ p: "S" });
});
afterAll(() => h.close());

async function table(keys: Record<string, "S" | "N" | "B">): Promise<string> {
  const name = tableName("alt");
  const attributes = Object.entries(keys);
  const input: CreateTableCommandInput = {
    TableName: name,
    BillingMode: "PAY_PER_REQUEST",
    KeySchema: attributes.map(([AttributeName], i) => ({ AttributeName, KeyType: i === 0 ? "HASH" : "RANGE" })),
    AttributeDefinitions: attributes.map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
  };
  await h.client.send(new CreateTableCommand(input));
  return name;
}

const stored = async (TableName: string, p: string) => (await h.client.send(new GetItemCommand({ TableName, Key: { p: { S: p } }, ConsistentRead: true }))).Item;

describe("test_item.py", () => {
  it("test_item_operations_improper_named_table: a plain table name under 3 characters is a ValidationException", async () => {
    expect(await failure(() => h.client.send(new PutItemCommand({ TableName: "xx", Item: { a: { S: "b" } } })))).toBe(
      "ValidationException: 1 validation error detected: Value 'xx' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    );
    expect(await failure(() => h.client.send(new PutItemCommand({ TableName: "non!existent!table", Item: { a: { S: "b" } } })))).toMatch(
      /^ValidationException: .*regular expression pattern/,
    );
  });

  it("test_update_item_non_existent: an update that only removes does not create a missing item; an empty one does", async () => {
    await h.client.send(new UpdateItemCommand({ TableName: hashTable, Key: { p: { S: "del" } }, AttributeUpdates: { a: { Action: "DELETE" } } }));
    expect(await stored(hashTable, "del")).toBeUndefined();
    const removed = await h.client.send(
      new UpdateItemCommand({ TableName: hashTable, Key: { p: { S: "rm" } }, UpdateExpression: "REMOVE a", ReturnValues: "ALL_NEW" }),
    );
    expect(removed.Attributes).toBeUndefined();
    expect(await stored(hashTable, "rm")).toBeUndefined();
    await h.client.send(new UpdateItemCommand({ TableName: hashTable, Key: { p: { S: "set-del" } }, UpdateExpression: "DELETE s :v", ExpressionAttributeValues: { ":v": { SS: ["x"] } } }));
    expect(await stored(hashTable, "set-del")).toBeUndefined();
    await h.client.send(new UpdateItemCommand({ TableName: hashTable, Key: { p: { S: "empty" } }, AttributeUpdates: {} }));
    expect(await stored(hashTable, "empty")).toEqual({ p: { S: "empty" } });
    await h.client.send(new UpdateItemCommand({ TableName: hashTable, Key: { p: { S: "mixed" } }, UpdateExpression: "SET b = :b REMOVE a", ExpressionAttributeValues: { ":b": { N: "1" } } }));
    expect(await stored(hashTable, "mixed")).toEqual({ p: { S: "mixed" }, b: { N: "1" } });
  });

  it("test_update_item_delete: removing from an existing item still writes it", async () => {
    await h.client.send(new PutItemCommand({ TableName: hashTable, Item: { p: { S: "keep" }, a: { S: "x" } } }));
    await h.client.send(new UpdateItemCommand({ TableName: hashTable, Key: { p: { S: "keep" } }, UpdateExpression: "REMOVE a" }));
    expect(await stored(hashTable, "keep")).toEqual({ p: { S: "keep" } });
  });
});

describe("test_expected.py", () => {
  const update = (p: string, Expected: Record<string, unknown>, ConditionalOperator?: "AND" | "OR") =>
    h.client.send(
      new UpdateItemCommand({
        TableName: hashTable,
        Key: { p: { S: p } },
        AttributeUpdates: { z: { Action: "PUT", Value: { N: "1" } } },
        Expected: Expected as never,
        ...(ConditionalOperator ? { ConditionalOperator } : {}),
      }),
    );

  it("test_update_expected_empty: an empty Expected is no condition, but ConditionalOperator beside it is refused", async () => {
    await update("exp-empty", {});
    expect(await stored(hashTable, "exp-empty")).toEqual({ p: { S: "exp-empty" }, z: { N: "1" } });
    expect(await failure(() => update("exp-empty", {}, "OR"))).toMatch(/^ValidationException: .*ConditionalOperator/);
  });

  it("test_update_expected_1_not_contains: NOT_CONTAINS fails on a missing attribute, and takes only a scalar", async () => {
    await h.client.send(new PutItemCommand({ TableName: hashTable, Item: { p: { S: "exp-nc" }, a: { S: "hello" } } }));
    await update("exp-nc", { a: { ComparisonOperator: "NOT_CONTAINS", AttributeValueList: [{ S: "dog" }] } });
    expect(await failure(() => update("exp-nc", { q: { ComparisonOperator: "NOT_CONTAINS", AttributeValueList: [{ N: "1" }] } }))).toBe(
      "ConditionalCheckFailedException: The conditional request failed",
    );
    expect(await failure(() => update("exp-nc", { a: { ComparisonOperator: "NOT_CONTAINS", AttributeValueList: [{ L: [{ N: "1" }] }] } }))).toMatch(
      /ValidationException: .*ComparisonOperator NOT_CONTAINS is not valid for L AttributeValue type/,
    );
  });

  it("test_update_expected_1_in / _between / _begins_with_false: non-scalar or number operands are refused; EQ takes a list", async () => {
    await h.client.send(new PutItemCommand({ TableName: hashTable, Item: { p: { S: "exp-t" }, a: { S: "hello" }, l: { L: [{ N: "1" }] } } }));
    const refused = [
      { a: { ComparisonOperator: "IN", AttributeValueList: [{ L: [{ N: "1" }] }, { L: [{ N: "2" }] }] } },
      { a: { ComparisonOperator: "BETWEEN", AttributeValueList: [{ NS: ["1"] }, { NS: ["2"] }] } },
      { a: { ComparisonOperator: "BEGINS_WITH", AttributeValueList: [{ N: "3" }] } },
      // test_update_expected_1_le_validation (Scylla issue #8043): a list in the request, not the item, is refused
      { a: { ComparisonOperator: "LE", AttributeValueList: [{ L: [{ N: "1" }] }] } },
    ];
    for (const expected of refused) expect(await failure(() => update("exp-t", expected))).toMatch(/^ValidationException: .*is not valid for/);
    await update("exp-t", { l: { ComparisonOperator: "EQ", AttributeValueList: [{ L: [{ N: "1" }] }] } });
    expect(await failure(() => update("exp-t", { l: { ComparisonOperator: "LE", AttributeValueList: [{ N: "3" }] } }))).toBe(
      "ConditionalCheckFailedException: The conditional request failed",
    );
  });
});

describe("test_limits.py", () => {
  it("test_limit_attribute_length_nonkey_bad: PutItem refuses an attribute name past 65535 characters; 65535 is accepted", async () => {
    const long = "a".repeat(65535);
    await h.client.send(new PutItemCommand({ TableName: hashTable, Item: { p: { S: "long" }, [long]: { N: "1" } } }));
    expect(await failure(() => h.client.send(new PutItemCommand({ TableName: hashTable, Item: { p: { S: "long" }, [`${long}b`]: { N: "1" } } })))).toBe(
      "ValidationException: 1 validation error detected: Value '{p=AttributeValue(s=long, n=null, b=null, sS=null, nS=null, bS=null, m=null, l=null, nULL=null, bOOL=null), " +
        `${long}b=AttributeValue(s=null, n=1, b=null, sS=null, nS=null, bS=null, m=null, l=null, nULL=null, bOOL=null)}' at 'item' failed to satisfy constraint: ` +
        "Map keys must satisfy constraint: [Member must have length less than or equal to 65535, Member must have length greater than or equal to 0]",
    );
  });

  it("test_deeply_nested_expression_*: expressions nested past the call stack are refused, not an internal error", async () => {
    const condition = (ConditionExpression: string) =>
      failure(() =>
        h.client.send(
          new UpdateItemCommand({
            TableName: hashTable,
            Key: { p: { S: "deep" } },
            UpdateExpression: "SET z = :v",
            ConditionExpression,
            ExpressionAttributeValues: { ":v": { N: "1" } },
          }),
        ),
      );
    const invalid = "ValidationException: 1 validation error detected: Invalid ConditionExpression: ";
    expect(await condition("(".repeat(4096))).toBe(`${invalid}The expression has redundant parentheses;`);
    expect(await condition(`${"(".repeat(2046)}a<b${")".repeat(2046)}`)).toBe(`${invalid}The expression has redundant parentheses;`);
    expect(await condition(`${"not ".repeat(1000)}a<b`)).toBe(`${invalid}The expression contains too many operators; operator count: 1001`);
    // test_deeply_nested_expression_5: DynamoDB names the unknown function before it counts operators
    expect(await condition(`a < ${"f(".repeat(1355)}b${")".repeat(1355)}`)).toBe(`${invalid}Invalid function name; function: f`);
    expect(await condition(`a < ${"f(".repeat(350)}b${")".repeat(350)}`)).toBe(`${invalid}Invalid function name; function: f`);
    expect(await condition(`a < ${"size(".repeat(350)}b${")".repeat(350)}`)).toBe(`${invalid}The expression contains too many operators; operator count: 351`);
  });
});

describe("test_transact.py", () => {
  it("test_transact_write_cancellation_reasons_validationerror: the first invalid action stops validation; the rest answer None", async () => {
    let caught: TransactionCanceledException | undefined;
    try {
      await h.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: hashTable, Item: { p: { N: "7" } } } },
            { Put: { TableName: hashTable, Item: { p: { N: "8" } } } },
            { Put: { TableName: hashTable, Item: { p: { S: "tx-missing" } }, ConditionExpression: "attribute_exists(p)" } },
          ],
        }),
      );
    } catch (error) {
      caught = error as TransactionCanceledException;
    }
    expect(caught?.name).toBe("TransactionCanceledException");
    expect(caught?.CancellationReasons).toEqual([
      { Code: "ValidationError", Message: "One or more parameter values were invalid: Type mismatch for key p expected: S actual: N" },
      { Code: "None" },
      { Code: "None" },
    ]);
  });
});
