/**
 * Request validation texts and their order as real DynamoDB answers them (recorded by the
 * paritysuite conformance suite): batch table names and lengths, the transaction token,
 * and the member and enum orders of a multi-error message.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  type CreateTableCommandInput,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const table = tableName("valid");
const NAMES =
  "Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]";
const RCC = "Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]";

beforeAll(async () => {
  h = await startDynamoDb();
  await h.client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
    }),
  );
});
afterAll(async () => {
  await h.close();
});

describe("BatchGetItem", () => {
  const batchGet = (RequestItems: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    failure(() => h.client.send(new BatchGetItemCommand({ RequestItems, ...extra } as never)));

  it("names RequestItems and Keys without echoing them when they are empty or too long", async () => {
    expect(await batchGet({})).toBe(
      "ValidationException: 1 validation error detected: Value at 'RequestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(await batchGet({ [table]: { Keys: [] } })).toBe(
      `ValidationException: 1 validation error detected: Value at 'RequestItems.${table}.member.Keys' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
    const keys = Array.from({ length: 101 }, (_, i) => ({ pk: { S: `k${i}` } }));
    expect(await batchGet({ [table]: { Keys: keys } })).toBe(
      `ValidationException: 1 validation error detected: Value at 'RequestItems.${table}.member.Keys' failed to satisfy constraint: Member must have length less than or equal to 100`,
    );
  });

  it("refuses a malformed table name, echoing RequestItems as JSON, beside other member errors", async () => {
    const own = `Value '{"bad!name":{"Keys":[{"pk":{"S":"a"}}]}}' at 'requestItems' failed to satisfy constraint: ${NAMES}`;
    expect(await batchGet({ "bad!name": { Keys: [{ pk: { S: "a" } }] } })).toBe(`ValidationException: 1 validation error detected: ${own}`);
    expect(await batchGet({ "bad!name": { Keys: [{ pk: { S: "a" } }] } }, { ReturnConsumedCapacity: "BOGUS" })).toBe(
      `ValidationException: 2 validation errors detected: ${own}; ${RCC}`,
    );
  });
});

describe("BatchWriteItem", () => {
  const batchWrite = (RequestItems: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    failure(() => h.client.send(new BatchWriteItemCommand({ RequestItems, ...extra } as never)));
  const bad = { "bad!name": [{ PutRequest: { Item: { pk: { S: "x" } } } }] };

  it("refuses a malformed table name, echoing RequestItems as Java prints it", async () => {
    expect(await batchWrite(bad)).toMatch(
      /^ValidationException: 1 validation error detected: Value '\{bad!name=\[WriteRequest\(putRequest=PutRequest\(item=\{pk=AttributeValue\(s=x, .*\)\]\}' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: \[/,
    );
  });

  it("reports another member's error alone over a malformed table name", async () => {
    expect(await batchWrite(bad, { ReturnConsumedCapacity: "BOGUS" })).toBe(`ValidationException: 1 validation error detected: ${RCC}`);
  });
});

describe("TransactWriteItems", () => {
  it("names a ClientRequestToken over 36 characters without echoing it", async () => {
    const send = () =>
      h.client.send(
        new TransactWriteItemsCommand({
          TransactItems: [{ Put: { TableName: table, Item: { pk: { S: "t" } } } }],
          ClientRequestToken: "x".repeat(37),
        }),
      );
    expect(await failure(send)).toBe(
      "ValidationException: 1 validation error detected: Value at 'ClientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36",
    );
  });
});

describe("UpdateItem", () => {
  it("lists its failing members in DynamoDB's order, enums in DynamoDB's order", async () => {
    const update = (input: Record<string, unknown>) => failure(() => h.client.send(new UpdateItemCommand(input as never)));
    const noKey = "Value null at 'key' failed to satisfy constraint: Member must not be null";
    expect(
      await update({ TableName: "", UpdateExpression: "SET a = :a", ExpressionAttributeValues: { ":a": { S: "x" } }, ReturnConsumedCapacity: "INVALID", ReturnValues: "INVALID" }),
    ).toBe(
      "ValidationException: 4 validation errors detected: " +
        "Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; " +
        "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value 'INVALID' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; " +
        noKey,
    );
    expect(await update({ TableName: table, ConditionalOperator: "XOR" })).toBe(
      "ValidationException: 2 validation errors detected: " +
        "Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]; " +
        noKey,
    );
  });
});

describe("CreateTable", () => {
  const create = (input: Partial<CreateTableCommandInput>) =>
    failure(() =>
      h.client.send(
        new CreateTableCommand({
          TableName: tableName("ct"),
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          ...input,
        } as CreateTableCommandInput),
      ),
    );
  const tooShort = (name: string, member: string) =>
    `Value '${name}' at '${member}.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3`;

  it("lists a global index's error before a local index's", async () => {
    const got = await create({
      LocalSecondaryIndexes: [
        { IndexName: "aa", KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "lr", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } },
      ],
      GlobalSecondaryIndexes: [{ IndexName: "zz", KeySchema: [{ AttributeName: "gh", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
    });
    expect(got).toBe(
      `ValidationException: 2 validation errors detected: ${tooShort("zz", "globalSecondaryIndexes")}; ${tooShort("aa", "localSecondaryIndexes")}`,
    );
  });

  it("reports a malformed table name beside the other members' errors", async () => {
    const got = await create({ TableName: "x!", KeySchema: [] });
    expect(got).toContain("Value 'x!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    expect(got).toContain("Value '[]' at 'keySchema' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });
});
