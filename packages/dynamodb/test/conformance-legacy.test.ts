/**
 * The pre-expression parameters DynamoDB still serves (Expected, ConditionalOperator,
 * AttributesToGet, AttributeUpdates, KeyConditions, QueryFilter, ScanFilter), with the
 * messages real DynamoDB gives for malformed ones (recorded by the paritysuite conformance
 * suite and by dynalite).
 */
import {
  BatchGetItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const table = tableName("legacy");
const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string): AttributeValue => ({ N: n });
const INVALID = "One or more parameter values were invalid: ";
const one = (message: string) => `1 validation error detected: ${message}`;

beforeAll(async () => {
  h = await startDynamoDb();
  await h.client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
    }),
  );
  for (const [sk, v] of [
    ["a", "1"],
    ["b", "2"],
    ["c", "1"],
  ]) {
    await h.client.send(new PutItemCommand({ TableName: table, Item: { pk: S("q"), sk: S(sk), v: N(v) } }));
  }
});
afterAll(async () => {
  await h.close();
});

describe("Expected", () => {
  const key = { pk: S("e"), sk: S("1") };

  it("conditions a write, its conditions joined by ConditionalOperator", async () => {
    await h.client.send(new PutItemCommand({ TableName: table, Item: { ...key, a: N("1") }, Expected: { pk: { Exists: false } } }));
    expect(await failure(() => h.client.send(new PutItemCommand({ TableName: table, Item: key, Expected: { pk: { Exists: false } } })))).toBe(
      "ConditionalCheckFailedException: The conditional request failed",
    );
    await h.client.send(
      new PutItemCommand({
        TableName: table,
        Item: { ...key, a: N("2") },
        Expected: { a: { ComparisonOperator: "BETWEEN", AttributeValueList: [N("1"), N("5")] }, b: { ComparisonOperator: "NOT_NULL" } },
        ConditionalOperator: "OR",
      }),
    );
    const item = await h.client.send(new GetItemCommand({ TableName: table, Key: key, AttributesToGet: ["a"] }));
    expect(item.Item).toEqual({ a: N("2") });
  });

  it("refuses malformed conditions with DynamoDB's texts, inside the validation envelope", async () => {
    const del = (Expected: Record<string, unknown>) =>
      failure(() => h.client.send(new DeleteItemCommand({ TableName: table, Key: key, Expected } as never)));
    expect(await del({ a: { Exists: true } })).toBe(`ValidationException: ${one(`${INVALID}Value must be provided when Exists is true for Attribute: a`)}`);
    expect(await del({ a: { Exists: false, Value: S("x") } })).toBe(`ValidationException: ${one(`${INVALID}Value cannot be used when Exists is false for Attribute: a`)}`);
    expect(await del({ a: { Value: S("x"), ComparisonOperator: "EQ", AttributeValueList: [S("x")] } })).toBe(
      `ValidationException: ${one(`${INVALID}Value and AttributeValueList cannot be used together for Attribute: a`)}`,
    );
    expect(await del({ a: { ComparisonOperator: "EQ" } })).toBe(
      `ValidationException: ${one(`${INVALID}Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a`)}`,
    );
    expect(await del({ a: { ComparisonOperator: "BETWEEN", AttributeValueList: [S("x")] } })).toBe(
      `ValidationException: ${one(`${INVALID}Invalid number of argument(s) for the BETWEEN ComparisonOperator`)}`,
    );
  });
});

describe("AttributeUpdates", () => {
  it("puts, adds (numbers, sets, lists) and deletes", async () => {
    const key = { pk: S("u"), sk: S("1") };
    await h.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key,
        AttributeUpdates: {
          n: { Action: "ADD", Value: N("5") },
          s: { Action: "PUT", Value: S("x") },
          l: { Action: "ADD", Value: { L: [S("a")] } },
          ss: { Action: "ADD", Value: { SS: ["b", "a"] } },
        },
      }),
    );
    const updated = await h.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: key,
        AttributeUpdates: {
          n: { Action: "ADD", Value: N("1") },
          s: { Action: "DELETE" },
          l: { Action: "ADD", Value: { L: [S("b")] } },
          ss: { Action: "DELETE", Value: { SS: ["a"] } },
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    expect(updated.Attributes).toEqual({ ...key, n: N("6"), l: { L: [S("a"), S("b")] }, ss: { SS: ["b"] } });
  });

  it("refuses an action it cannot do", async () => {
    const update = (AttributeUpdates: Record<string, unknown>) =>
      failure(() => h.client.send(new UpdateItemCommand({ TableName: table, Key: { pk: S("u"), sk: S("1") }, AttributeUpdates } as never)));
    expect(await update({ s: { Action: "PUT" } })).toBe(`ValidationException: ${one(`${INVALID}Only DELETE action is allowed when no attribute value is specified`)}`);
    expect(await update({ s: { Action: "DELETE", Value: S("x") } })).toBe(
      `ValidationException: ${one(`${INVALID}DELETE action with value is not supported for the type S`)}`,
    );
    expect(await update({ pk: { Action: "PUT", Value: S("z") } })).toBe(
      `ValidationException: ${INVALID}Cannot update attribute pk. This attribute is part of the key`,
    );
  });
});

describe("KeyConditions, QueryFilter, ScanFilter and AttributesToGet", () => {
  it("query, filter and project", async () => {
    const queried = await h.client.send(
      new QueryCommand({
        TableName: table,
        KeyConditions: { pk: { ComparisonOperator: "EQ", AttributeValueList: [S("q")] }, sk: { ComparisonOperator: "GE", AttributeValueList: [S("b")] } },
        QueryFilter: { v: { ComparisonOperator: "EQ", AttributeValueList: [N("1")] } },
        AttributesToGet: ["sk"],
      }),
    );
    expect(queried.Items).toEqual([{ sk: S("c") }]);
    const scanned = await h.client.send(
      new ScanCommand({
        TableName: table,
        ScanFilter: { pk: { ComparisonOperator: "EQ", AttributeValueList: [S("q")] }, v: { ComparisonOperator: "GT", AttributeValueList: [N("1")] } },
        ConditionalOperator: "AND",
      }),
    );
    expect(scanned.Items?.map((i) => i.sk.S)).toEqual(["b"]);
    const batch = await h.client.send(
      new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [{ pk: S("q"), sk: S("a") }], AttributesToGet: ["v"] } } }),
    );
    expect(batch.Responses?.[table]).toEqual([{ v: N("1") }]);
  });

  it("refuses a key condition no sort key range can answer", async () => {
    expect(
      await failure(() =>
        h.client.send(new QueryCommand({ TableName: table, KeyConditions: { pk: { ComparisonOperator: "NE", AttributeValueList: [S("q")] } } })),
      ),
    ).toBe("ValidationException: Attempted conditional constraint is not an indexable operation");
  });
});
