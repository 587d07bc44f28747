/**
 * Answers recorded on real DynamoDB that the sandbox answered differently, replayed through the
 * real SDK v3 client: probes of paritysuite/dynamodb-conformance captured in us-east-1 and
 * eu-west-2 (captures/cross-region-latest.json, 2026-09-20; captures/2026-10-07-batch-empty-
 * request-items.json), and index projection refusals quoted from AWS in public issues.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const table = tableName("captured");

beforeAll(async () => {
  h = await startDynamoDb();
  await h.client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "g", AttributeType: "S" },
        { AttributeName: "h", AttributeType: "S" },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: "gidx", KeySchema: [{ AttributeName: "g", KeyType: "HASH" }], Projection: { ProjectionType: "KEYS_ONLY" } },
        {
          IndexName: "hidx",
          KeySchema: [{ AttributeName: "h", KeyType: "HASH" }],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["kept"] },
        },
      ],
    }),
  );
  await h.client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: "p1" }, g: { S: "x" }, h: { S: "y" }, a: { S: "A" }, kept: { S: "K" } } }));
});
afterAll(() => h.close());

/** The rejection of any DynamoDB command, as "Name: message". */
const send = (command: object) => failure(() => h.client.send(command as never));

describe("item writes with every required member given (o_put_*, o_del_*, o_upd_* probes)", () => {
  const emptyName = "ValidationException: 1 validation error detected: Value at 'TableName' failed to satisfy constraint: Member must have length greater than or equal to 1";
  const returnValues = "Failed to satisfy constraint: Member must satisfy enum value set: [ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATE_NEW, NONE]";
  const rcc = "Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]";
  const ricm = "Value 'INVALID' at 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value set: [SIZE, NONE]";

  it("name an empty TableName alone, without its value", async () => {
    expect(await send(new PutItemCommand({ TableName: "", Item: {} }))).toBe(emptyName);
    expect(await send(new PutItemCommand({ TableName: "", Item: { pk: { S: "a" } }, ReturnValues: "INVALID" as never }))).toBe(emptyName);
    expect(await send(new DeleteItemCommand({ TableName: "", Key: {} }))).toBe(emptyName);
    expect(await send(new UpdateItemCommand({ TableName: "", Key: {} }))).toBe(emptyName);
  });

  it("keep the older aggregated form when a required member is missing (tier3/validation-ordering/updateItem, 2026-10-09)", async () => {
    const input = { TableName: "", UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": { S: "x" } } };
    expect(await send(new UpdateItemCommand(input as never))).toBe(
      "ValidationException: 2 validation errors detected: Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value null at 'key' failed to satisfy constraint: Member must not be null",
    );
  });

  it("word ReturnValues outside its enum without its value, among PutItem's and DeleteItem's other failures", async () => {
    const bad = { ReturnValues: "INVALID", ReturnConsumedCapacity: "INVALID", ReturnItemCollectionMetrics: "INVALID" } as never as Record<string, never>;
    expect(await send(new PutItemCommand({ TableName: table, Item: { pk: { S: "a" } }, ...bad }))).toBe(
      `ValidationException: 3 validation errors detected: ${rcc}; ${returnValues}; ${ricm}`,
    );
    const { ReturnItemCollectionMetrics: _unused, ...two } = bad;
    expect(await send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: "a" } }, ...two }))).toBe(
      `ValidationException: 2 validation errors detected: ${rcc}; ${returnValues}`,
    );
  });

  it("report UpdateItem's ReturnValues alone", async () => {
    expect(await send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "a" } }, ReturnValues: "INVALID" as never, ReturnConsumedCapacity: "INVALID" as never }))).toBe(
      `ValidationException: 1 validation error detected: ${returnValues}`,
    );
    expect(await send(new UpdateItemCommand({ TableName: table, Key: { pk: { S: "a" } }, ReturnConsumedCapacity: "INVALID" as never }))).toBe(
      `ValidationException: 1 validation error detected: ${rcc}`,
    );
  });
});

describe("BatchWriteItem (o_bw_empty_requestitems)", () => {
  it("refuses an empty RequestItems with its own sentence (us-east-1, 2026-10-07)", async () => {
    expect(await send(new BatchWriteItemCommand({ RequestItems: {} }))).toBe("ValidationException: The requestItems parameter is required for BatchWriteItem");
  });
});

describe("global secondary index reads of attributes the index does not project", () => {
  const query = (IndexName: string, key: string, extra: Record<string, unknown>) =>
    send(
      new QueryCommand({
        TableName: table,
        IndexName,
        KeyConditionExpression: `${key} = :v`,
        ExpressionAttributeValues: { ":v": { S: key === "g" ? "x" : "y" }, ...((extra.values as object) ?? {}) },
        ...(extra.projection ? { ProjectionExpression: extra.projection as string } : {}),
        ...(extra.filter ? { FilterExpression: extra.filter as string } : {}),
      }),
    );

  it("refuses a projection naming them, in Query and Scan (proj_gsi_query_nonprojected, proj_gsi_scan_nonprojected; localstack#478)", async () => {
    const text = "ValidationException: One or more parameter values were invalid: Global secondary index gidx does not project [a]";
    expect(await query("gidx", "g", { projection: "a" })).toBe(text);
    expect(await send(new ScanCommand({ TableName: table, IndexName: "gidx", ProjectionExpression: "a" }))).toBe(text);
    expect(await send(new ScanCommand({ TableName: table, IndexName: "hidx", ProjectionExpression: "kept, a, pk, b.c" }))).toBe(
      "ValidationException: One or more parameter values were invalid: Global secondary index hidx does not project [a, b]",
    );
  });

  it("refuses a filter reading them (sensedeep/dynamodb-onetable#377, answered by DynamoDB)", async () => {
    expect(await query("gidx", "g", { filter: "a = :a", values: { ":a": { S: "A" } } })).toBe(
      "ValidationException: One or more parameter values were invalid: Secondary index gidx does not project one or more filter attributes: [a]",
    );
  });

  it("serves the projected attributes, keys and INCLUDE'd ones", async () => {
    const keys = await h.client.send(
      new QueryCommand({ TableName: table, IndexName: "gidx", KeyConditionExpression: "g = :v", ExpressionAttributeValues: { ":v": { S: "x" } }, ProjectionExpression: "pk, g" }),
    );
    expect(keys.Items).toEqual([{ pk: { S: "p1" }, g: { S: "x" } }]);
    const included = await h.client.send(
      new ScanCommand({ TableName: table, IndexName: "hidx", ProjectionExpression: "kept", FilterExpression: "kept = :k", ExpressionAttributeValues: { ":k": { S: "K" } } }),
    );
    expect(included.Items).toEqual([{ kept: { S: "K" } }]);
  });
});
