/**
 * Transactions as real DynamoDB answers them (recorded by the paritysuite conformance
 * suite): which key problems cancel an action and which fail the request, and the order
 * in which a request's actions are checked.
 */
import {
  CreateTableCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  type AttributeValue,
  type TransactWriteItem,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const table = tableName("tx");
const S = (s: string): AttributeValue => ({ S: s });
const SCHEMA = "The provided key element does not match the schema";
const cancelled = (codes: string[]) => `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(", ")}]`;

async function failure(run: () => Promise<unknown>): Promise<{ name: string; message: string; reasons?: { Code?: string; Message?: string }[] }> {
  try {
    await run();
  } catch (error) {
    const reasons = error instanceof TransactionCanceledException ? error.CancellationReasons : undefined;
    return { name: (error as Error).name, message: (error as Error).message, ...(reasons ? { reasons } : {}) };
  }
  throw new Error("expected a rejection");
}

const write = (...TransactItems: TransactWriteItem[]) => failure(() => h.client.send(new TransactWriteItemsCommand({ TransactItems })));

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

describe("TransactWriteItems key problems", () => {
  it("cancels an action whose key has the wrong type, with a ValidationError reason", async () => {
    expect(await write({ Put: { TableName: table, Item: { pk: { N: "5" } } } })).toEqual({
      name: "TransactionCanceledException",
      message: cancelled(["ValidationError"]),
      reasons: [{ Code: "ValidationError", Message: "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N" }],
    });
    const update = await write(
      { Put: { TableName: table, Item: { pk: S("fine") } } },
      { Update: { TableName: table, Key: { pk: { L: [S("x")] } }, UpdateExpression: "SET a = :v", ExpressionAttributeValues: { ":v": S("x") } } },
    );
    expect(update.message).toBe(cancelled(["None", "ValidationError"]));
    expect(update.reasons?.[1]).toEqual({ Code: "ValidationError", Message: SCHEMA });
  });

  it("fails the whole request on an empty key value", async () => {
    for (const item of [
      { Put: { TableName: table, Item: { pk: S("") } } },
      { Delete: { TableName: table, Key: { pk: S("") } } },
      { ConditionCheck: { TableName: table, Key: { pk: S("") }, ConditionExpression: "attribute_not_exists(pk)" } },
    ]) {
      expect(await write(item)).toEqual({
        name: "ValidationException",
        message: "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
      });
    }
  });
});

describe("TransactWriteItems validation order", () => {
  const missing = { Put: { TableName: tableName("absent"), Item: { pk: S("a") } } };

  it("checks every action's expressions before it looks any table up", async () => {
    const badCheck = { ConditionCheck: { TableName: table, Key: { pk: S("c") }, ConditionExpression: "attribute_not_exists(" } };
    expect((await write(missing, badCheck)).message).toBe('Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "("');
    const unused = {
      ConditionCheck: { TableName: table, Key: { pk: S("c") }, ConditionExpression: "attribute_not_exists(pk)", ExpressionAttributeValues: { ":v": S("x") } },
    };
    expect((await write(missing, unused)).message).toBe("Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}");
  });

  it("reports the first action's problem first", async () => {
    let deep: AttributeValue = S("leaf");
    for (let i = 0; i < 32; i++) deep = { M: { n: deep } };
    const badCheck = { ConditionCheck: { TableName: table, Key: { pk: S("c") }, ConditionExpression: "attribute_not_exists(" } };
    expect((await write({ Put: { TableName: table, Item: { pk: S("d"), data: deep } } }, badCheck)).message).toBe(
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit",
    );
  });
});

describe("TransactGetItems key problems", () => {
  it("cancels on a key that does not match the schema", async () => {
    const got = await failure(() =>
      h.client.send(
        new TransactGetItemsCommand({
          TransactItems: [{ Get: { TableName: table, Key: { pk: S("a") } } }, { Get: { TableName: table, Key: {} } }],
        }),
      ),
    );
    expect(got.message).toBe(cancelled(["None", "ValidationError"]));
  });
});
