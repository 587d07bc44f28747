/**
 * Item reads and writes as real DynamoDB answers them (recorded by the paritysuite
 * conformance suite): set member order, nesting depth, number limits, the two layers of
 * value checks, the validation envelope of PutItem/UpdateItem/DeleteItem, empty key values.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
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
import { startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const table = tableName("items");
const binaryTable = tableName("itemsB");
const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string): AttributeValue => ({ N: n });
const one = (message: string) => `1 validation error detected: ${message}`;

async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a rejection");
}

const put = (Item: Record<string, AttributeValue>) => h.client.send(new PutItemCommand({ TableName: table, Item }));
const get = async (pk: string) =>
  (await h.client.send(new GetItemCommand({ TableName: table, Key: { pk: S(pk) }, ConsistentRead: true }))).Item;

/** A string leaf inside `depth` single-key maps. */
function nested(depth: number): AttributeValue {
  let value: AttributeValue = S("leaf");
  for (let i = 0; i < depth; i++) value = { M: { n: value } };
  return value;
}

beforeAll(async () => {
  h = await startDynamoDb();
  for (const [TableName, type] of [
    [table, "S"],
    [binaryTable, "B"],
  ] as const) {
    await h.client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: type }],
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      }),
    );
  }
});
afterAll(async () => {
  await h.close();
});

describe("set members", () => {
  it("come back in DynamoDB's order: strings and binaries by bytes, numbers by value", async () => {
    await put({
      pk: S("order"),
      ss: { SS: ["b", "", "a"] },
      ns: { NS: ["10", "-1", "2.5"] },
      bs: { BS: [Uint8Array.from([255]), Uint8Array.from([0]), Uint8Array.from([1, 2])] },
    });
    const item = await get("order");
    expect(item?.ss).toEqual({ SS: ["", "a", "b"] });
    expect(item?.ns).toEqual({ NS: ["-1", "2.5", "10"] });
    expect(item?.bs.BS?.map((b) => [...b])).toEqual([[0], [1, 2], [255]]);
  });

  it("stay in that order after ADD", async () => {
    await put({ pk: S("add"), tags: { SS: ["a"] } });
    await h.client.send(
      new UpdateItemCommand({ TableName: table, Key: { pk: S("add") }, UpdateExpression: "ADD tags :v", ExpressionAttributeValues: { ":v": { SS: [""] } } }),
    );
    expect((await get("add"))?.tags).toEqual({ SS: ["", "a"] });
  });
});

describe("nesting depth", () => {
  it("accepts a leaf at level 32 and refuses one at level 33, in items and expression values", async () => {
    await put({ pk: S("deep"), data: nested(31) });
    const message = one("Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit");
    expect(await failure(() => put({ pk: S("deeper"), data: nested(32) }))).toBe(message);
    expect(
      await failure(() =>
        h.client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: S("deep") },
            UpdateExpression: "SET t = :t",
            ConditionExpression: "#d = :deep",
            ExpressionAttributeNames: { "#d": "other" },
            ExpressionAttributeValues: { ":t": S("y"), ":deep": nested(32) },
          }),
        ),
      ),
    ).toBe(message);
  });
});

describe("number limits", () => {
  const OVERFLOW = "Number overflow. Attempting to store a number with magnitude larger than supported range";
  const UNDERFLOW = "Number underflow. Attempting to store a number with magnitude smaller than supported range";

  it("reads the exponent in full and range-checks zero by its exponent", async () => {
    const refusal = (n: string) => failure(() => put({ pk: S("n"), v: N(n) }));
    expect(await refusal("1e2147483648")).toBe(one(OVERFLOW));
    expect(await refusal("1e9223372036854775808")).toBe(one("The parameter cannot be converted to a numeric value: 1e9223372036854775808"));
    expect(await refusal("0e126")).toBe(one(OVERFLOW));
    expect(await refusal("0e-131")).toBe(one(UNDERFLOW));
    await put({ pk: S("zero"), v: N("0e125") });
    expect((await get("zero"))?.v).toEqual(N("0"));
  });
});

describe("value checks by operation", () => {
  const NOT_NUMERIC = "The parameter cannot be converted to a numeric value";

  it("words a bad number the current way on PutItem (enveloped), GetItem and Query", async () => {
    expect(await failure(() => put({ pk: S("n"), v: N("") }))).toBe(one(`${NOT_NUMERIC}: `));
    expect(await failure(() => put({ pk: S("n"), v: N("1e2147483647") }))).toBe(
      one("Number overflow. Attempting to store a number with magnitude larger than supported range"),
    );
    expect(await failure(() => h.client.send(new GetItemCommand({ TableName: table, Key: { pk: N("abc") } })))).toBe(`${NOT_NUMERIC}: abc`);
    expect(
      await failure(() =>
        h.client.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: "pk = :p",
            FilterExpression: "v = :v",
            ExpressionAttributeValues: { ":p": S("n"), ":v": N("") },
          }),
        ),
      ),
    ).toBe(`${NOT_NUMERIC}: `);
  });

  it("words it the older way on BatchWriteItem and Scan", async () => {
    const batch = (v: string) =>
      failure(() => h.client.send(new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item: { pk: S("n"), v: N(v) } } }] } })));
    expect(await batch("")).toBe(NOT_NUMERIC);
    expect(await batch("1e2147483647")).toBe("Number underflow. Attempting to store a number with magnitude smaller than supported range");
    expect(
      await failure(() =>
        h.client.send(new ScanCommand({ TableName: table, FilterExpression: "v = :v", ExpressionAttributeValues: { ":v": N("abc") } })),
      ),
    ).toBe(`ExpressionAttributeValues contains invalid value: ${NOT_NUMERIC}: abc for key :v`);
  });

  it("quotes a repeated set member in byte order up to the repeat on the current layer", async () => {
    const INVALID = "One or more parameter values were invalid: ";
    const sets: AttributeValue[] = [
      { SS: ["b", "a", "b"] },
      { BS: [Uint8Array.from([255]), Uint8Array.from([0]), Uint8Array.from([0])] },
      { NS: ["2", "1", "2"] },
    ];
    const current = [];
    const older = [];
    for (const s of sets) {
      current.push(await failure(() => h.client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: [{ pk: s }] } } }))));
      older.push(await failure(() => h.client.send(new BatchWriteItemCommand({ RequestItems: { [table]: [{ DeleteRequest: { Key: { pk: s } } }] } }))));
    }
    expect(current).toEqual([
      `${INVALID}Input collection ["a", "b", "b"] contains duplicates.`,
      `${INVALID}Input collection ["AA==","/w==","AA=="]of type BS contains duplicates.`,
      `${INVALID}Input collection contains duplicates.`,
    ]);
    expect(older).toEqual([
      `${INVALID}Input collection [b, a, b] contains duplicates.`,
      `${INVALID}Input collection [/w==, AA==, AA==]of type BS contains duplicates.`,
      "Input collection contains duplicates",
    ]);
  });
});

describe("PutItem, UpdateItem and DeleteItem request checks", () => {
  it("are enveloped when the request itself is wrong, bare when the table decides", async () => {
    const del = (input: Record<string, unknown>) =>
      failure(() => h.client.send(new DeleteItemCommand({ TableName: table, Key: { pk: S("e") }, ...input })));
    expect(await del({ ExpressionAttributeValues: { ":v": S("x") } })).toBe(one("ExpressionAttributeValues can only be specified when using expressions"));
    expect(await del({ ConditionExpression: "attribute_exists(a)", ExpressionAttributeNames: {} })).toBe(
      one("ExpressionAttributeNames must not be empty"),
    );
    expect(await del({ ConditionExpression: "" })).toBe(one("Invalid ConditionExpression: The expression can not be empty;"));
    expect(await del({ ReturnValues: "ALL_NEW" })).toBe(one("ReturnValues can only be ALL_OLD or NONE"));
    expect(
      await failure(() =>
        h.client.send(
          new UpdateItemCommand({
            TableName: table,
            Key: { pk: S("e") },
            UpdateExpression: "SET b = :w",
            ConditionExpression: "a = :v",
            ExpressionAttributeValues: { ":w": S("x") },
          }),
        ),
      ),
    ).toBe(one("Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v"));
    expect(
      await failure(() =>
        h.client.send(
          new UpdateItemCommand({ TableName: table, Key: { pk: S("e") }, UpdateExpression: "SET pk = :v", ExpressionAttributeValues: { ":v": S("x") } }),
        ),
      ),
    ).toBe("One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
  });
});

describe("empty key values", () => {
  it("are refused with the same text in an item and in a Key", async () => {
    const empty = (kind: string) =>
      `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: pk`;
    expect(await failure(() => h.client.send(new GetItemCommand({ TableName: table, Key: { pk: S("") } })))).toBe(empty("string"));
    expect(await failure(() => h.client.send(new DeleteItemCommand({ TableName: binaryTable, Key: { pk: { B: new Uint8Array() } } })))).toBe(
      empty("binary"),
    );
    expect(await failure(() => h.client.send(new PutItemCommand({ TableName: binaryTable, Item: { pk: { B: new Uint8Array() } } })))).toBe(
      empty("binary"),
    );
  });
});

describe("UpdateItem size", () => {
  const LIMIT = 409_600;
  const update = (pk: string, padding: number) =>
    h.client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: S(pk) },
        UpdateExpression: "SET b = :pad",
        ExpressionAttributeValues: { ":pad": S("x".repeat(padding)) },
      }),
    );

  it("holds what the statement writes, plus 3 per update and 19 per SET, to the limit", async () => {
    // Item "pk"+"K" (3 bytes) + "b" + padding; the statement: "b" + padding + 22.
    await update("K", LIMIT - 22 - 1);
    expect(await failure(() => update("L", LIMIT - 22))).toBe("Item size to update has exceeded the maximum allowed size");
  });

  it("stops at the finished item once the key is longer than the clause costs", async () => {
    const key = "k".repeat(100);
    await update(key, LIMIT - 2 - key.length - 1);
    expect(await failure(() => update("w".repeat(100), LIMIT - 2 - key.length))).toBe("Item size to update has exceeded the maximum allowed size");
  });
});
