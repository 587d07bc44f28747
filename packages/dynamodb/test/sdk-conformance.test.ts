/**
 * Answers a third-party SDK conformance suite (vorpalstacks' TypeScript sdktests) expects
 * differently from DynamoDB, pinned here as DynamoDB gives them so that nobody "fixes" them:
 * SSEType AES256 is refused (ack-api-quirks' CreateTable/UpdateTable findings, and the boto3
 * error quoted in moto's tests), an UpdateExpression separates its clauses with spaces, not
 * commas (the UpdateExpression grammar in the Developer Guide), and PartiQL takes `?`
 * parameters, not the expression API's `#name` and `:value` placeholders.
 */
import {
  BatchExecuteStatementCommand,
  CreateTableCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type AttributeValue,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const table = tableName("sdk");
const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string): AttributeValue => ({ N: n });

const simple = (name: string, extra: Partial<CreateTableCommandInput> = {}): CreateTableCommandInput => ({
  TableName: name,
  AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
  KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  BillingMode: "PAY_PER_REQUEST",
  ...extra,
});

beforeAll(async () => {
  h = await startDynamoDb();
  await h.client.send(new CreateTableCommand(simple(table)));
});
afterAll(async () => h.close());

describe("SSESpecification", () => {
  const refusal = "ValidationException: One or more parameter values were invalid: SSEType AES256 is not supported";

  it("refuses SSEType AES256 when a table is created", async () => {
    const name = tableName("sse");
    expect(await failure(() => h.client.send(new CreateTableCommand(simple(name, { SSESpecification: { Enabled: true, SSEType: "AES256" } }))))).toBe(refusal);
  });

  it("refuses SSEType AES256 on UpdateTable and leaves the table on its owned key", async () => {
    expect(
      await failure(() => h.client.send(new UpdateTableCommand({ TableName: table, SSESpecification: { Enabled: true, SSEType: "AES256" } }))),
    ).toBe(refusal);
    expect((await h.client.send(new DescribeTableCommand({ TableName: table }))).Table?.SSEDescription).toBeUndefined();
  });
});

describe("UpdateItem", () => {
  it("refuses a comma between two clauses and applies neither", async () => {
    await h.client.send(new PutItemCommand({ TableName: table, Item: { id: S("clauses"), val: N("0"), tags: { L: [S("a")] } } }));
    const error = await failure(() =>
      h.client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: { id: S("clauses") },
          UpdateExpression: "ADD #v :inc, SET #t = list_append(#t, :more)",
          ExpressionAttributeNames: { "#v": "val", "#t": "tags" },
          ExpressionAttributeValues: { ":inc": N("5"), ":more": { L: [S("b")] } },
        }),
      ),
    );
    expect(error).toBe('ValidationException: 1 validation error detected: Invalid UpdateExpression: Syntax error; token: "SET", near: ", SET #t"');
    const { Item } = await h.client.send(new GetItemCommand({ TableName: table, Key: { id: S("clauses") } }));
    expect(Item).toEqual({ id: S("clauses"), val: N("0"), tags: { L: [S("a")] } });
  });
});

describe("BatchExecuteStatement", () => {
  it("answers expression placeholders in a statement with a per-statement ValidationError", async () => {
    await h.client.send(new PutItemCommand({ TableName: table, Item: { id: S("partiql"), name: S("before") } }));
    const { Responses } = await h.client.send(
      new BatchExecuteStatementCommand({
        Statements: [{ Statement: `UPDATE "${table}" SET #n = :name WHERE id = 'partiql'`, Parameters: [S("after")] }],
      }),
    );
    expect(Responses).toEqual([{ Error: { Code: "ValidationError", Message: "Statement wasn't well formed, can't be processed: " } }]);
    const { Item } = await h.client.send(new GetItemCommand({ TableName: table, Key: { id: S("partiql") } }));
    expect(Item?.name).toEqual(S("before"));
  });
});
