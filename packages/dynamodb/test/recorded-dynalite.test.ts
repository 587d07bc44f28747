/**
 * Behaviours dynalite's test suite pins down (architect/dynalite test/*.js, written and checked
 * against real DynamoDB), where the sandbox differed: the SerializationException body, what the
 * deserializer refuses before any constraint, the order of request checks, and key attributes
 * read through nested paths. Requests the SDK would refuse or reshape go over raw HTTP.
 */
import { CreateTableCommand, GetItemCommand, PutItemCommand, QueryCommand, ScanCommand, UpdateItemCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const hashTable = tableName("dynHash");
const rangeTable = tableName("dynRange");
const S = (s: string): AttributeValue => ({ S: s });
const N = (n: string): AttributeValue => ({ N: n });

/** One awsJson request without the SDK: status and parsed body. */
async function post(action: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(h.url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `DynamoDB_20120810.${action}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const serialization = (Message: string) => ({ __type: "com.amazon.coral.service#SerializationException", Message });
const validation = (message: string) => ({ __type: "com.amazon.coral.validate#ValidationException", message });

beforeAll(async () => {
  h = await startDynamoDb();
  await h.client.send(
    new CreateTableCommand({
      TableName: hashTable,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "a", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "a", KeyType: "HASH" }],
    }),
  );
  // dynalite's range table: LSIs on c and d, GSIs on c and (c, d).
  await h.client.send(
    new CreateTableCommand({
      TableName: rangeTable,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: ["a", "b", "c", "d"].map((name) => ({ AttributeName: name, AttributeType: "S" as const })),
      KeySchema: [
        { AttributeName: "a", KeyType: "HASH" },
        { AttributeName: "b", KeyType: "RANGE" },
      ],
      LocalSecondaryIndexes: [
        { IndexName: "index1", KeySchema: [{ AttributeName: "a", KeyType: "HASH" }, { AttributeName: "c", KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } },
        {
          IndexName: "index2",
          KeySchema: [{ AttributeName: "a", KeyType: "HASH" }, { AttributeName: "d", KeyType: "RANGE" }],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["c"] },
        },
      ],
      GlobalSecondaryIndexes: [
        { IndexName: "index3", KeySchema: [{ AttributeName: "c", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } },
        {
          IndexName: "index4",
          KeySchema: [{ AttributeName: "c", KeyType: "HASH" }, { AttributeName: "d", KeyType: "RANGE" }],
          Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: ["e"] },
        },
      ],
    }),
  );
});
afterAll(() => h.close());

describe("SerializationException", () => {
  it("carries its text under a capitalized Message key", async () => {
    // dynalite test/helpers.js assertSerialization, recorded against DynamoDB.
    const res = await post("GetItem", { TableName: true, Key: {} });
    expect(res.status).toBe(400);
    expect(res.json).toEqual(serialization("TRUE_VALUE cannot be converted to String"));
  });

  it("refuses malformed base64 and a list where a blob belongs", async () => {
    // dynalite test/helpers.js assertType 'Blob' (AWS's own spelling of "dectected").
    for (const B of ["=+/=", "+/+=", "ab!d"]) {
      expect((await post("GetItem", { TableName: hashTable, Key: { a: { B } } })).json).toEqual(
        serialization("Invalid last non-pad Base64 character dectected"),
      );
    }
    expect((await post("GetItem", { TableName: hashTable, Key: { a: { BS: [[]] } } })).json).toEqual(
      serialization("Unrecognized collection type class java.nio.ByteBuffer"),
    );
  });

  it("reads BOOL and NULL from the strings coral accepts and refuses other strings", async () => {
    // dynalite test/helpers.js assertType 'Boolean' and test/getItem.js ({NULL: 'no'} is false).
    expect((await post("PutItem", { TableName: hashTable, Item: { a: S("bool"), t: { BOOL: "yes" }, f: { BOOL: "0" } } })).status).toBe(200);
    const item = await h.client.send(new GetItemCommand({ TableName: hashTable, Key: { a: S("bool") }, ConsistentRead: true }));
    expect(item.Item).toEqual({ a: S("bool"), t: { BOOL: true }, f: { BOOL: false } });
    expect((await post("GetItem", { TableName: hashTable, Key: { a: { BOOL: "23" } } })).json).toEqual(
      serialization("Unexpected token received from parser"),
    );
    expect((await post("GetItem", { TableName: hashTable, Key: { a: { NULL: "no" } } })).json).toEqual(
      validation("One or more parameter values were invalid: Null attribute value types must have the value of true"),
    );
  });

  it("is reported before a missing required member", async () => {
    // dynalite test/getItem.js serializations: Key.Attr alone, no TableName.
    expect((await post("GetItem", { Key: { Attr: "23" } })).json).toEqual(serialization("Unexpected value type in payload"));
    expect((await post("GetItem", { Key: { Attr: { S: 23 } } })).json).toEqual(serialization("NUMBER_VALUE cannot be converted to String"));
    expect((await post("DeleteItem", { Expected: { Attr: { Value: { M: { a: { BS: [true] } } } } } })).json).toEqual(
      serialization("only base-64-encoded strings are convertible to bytes"),
    );
  });
});

describe("wire", () => {
  it("refuses a request without a body, answers with 52-character request ids and echoes application/json", async () => {
    // dynalite test/listTables.js, recorded against DynamoDB.
    const empty = await fetch(h.url, { method: "POST", headers: { "x-amz-target": "DynamoDB_20120810.ListTables" } });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ __type: "com.amazon.coral.service#SerializationException" });
    const res = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-amz-target": "DynamoDB_20120810.ListTables" },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const first = res.headers.get("x-amzn-requestid");
    expect(first).toMatch(/^[0-9A-Z]{52}$/);
    const next = await post("ListTables", {});
    expect(next.status).toBe(200);
    const again = await fetch(h.url, { method: "POST", headers: { "x-amz-target": "DynamoDB_20120810.ListTables" }, body: "{}" });
    expect(again.headers.get("x-amzn-requestid")).toMatch(/^[0-9A-Z]{52}$/);
    expect(again.headers.get("x-amzn-requestid")).not.toBe(first);
    expect(again.headers.get("content-type")).toBe("application/x-amz-json-1.0");
  });
});

describe("CreateTable", () => {
  it("lists the attribute types as B, N, S", async () => {
    // dynalite test/createTable.js "SS in attr definition", recorded against DynamoDB.
    const res = await post("CreateTable", {
      TableName: "abc",
      AttributeDefinitions: [{ AttributeName: "b", AttributeType: "SS" }],
      KeySchema: [{ KeyType: "HASH", AttributeName: "b" }],
      BillingMode: "PAY_PER_REQUEST",
    });
    expect(res.json).toEqual(
      validation(
        "1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]",
      ),
    );
  });
});

describe("UpdateTimeToLive", () => {
  it("refuses an empty attribute name before the table is looked up", async () => {
    // dynalite test/updateTimeToLive.js, recorded against DynamoDB in 2017, words it "TimeToLiveSpecification.AttributeName
    // must be non empty"; Alternator's test_update_ttl_errors (run against DynamoDB since 2021) finds the model's length check.
    const res = await post("UpdateTimeToLive", { TableName: "missing-table", TimeToLiveSpecification: { AttributeName: "", Enabled: true } });
    expect(res.json).toEqual(
      validation(
        "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member must have length greater than or equal to 1",
      ),
    );
  });
});

describe("TagResource and UntagResource", () => {
  it("refuse an empty list before they look the table up", async () => {
    // dynalite test/tagResource.js and test/untagResource.js, recorded against DynamoDB.
    const ResourceArn = "arn:aws:dynamodb:us-east-1:000000000000:table/no-such-table";
    expect((await post("TagResource", { ResourceArn, Tags: [] })).json).toEqual(validation("Atleast one Tag needs to be provided as Input."));
    expect((await post("UntagResource", { ResourceArn, TagKeys: [] })).json).toEqual(validation("Atleast one Tag Key needs to be provided as Input."));
  });
});

describe("request check order", () => {
  it("GetItem checks key values before duplicate AttributesToGet", async () => {
    // dynalite test/getItem.js "invalid values in Key".
    expect((await post("GetItem", { TableName: "abc", Key: { a: { SS: [] } }, AttributesToGet: ["a", "a"] })).json).toEqual(
      validation("One or more parameter values were invalid: An string set  may not be empty"),
    );
  });

  it("PutItem checks the item's size before Expected", async () => {
    // dynalite test/putItem.js "item is too big with small attribute".
    const res = await post("PutItem", { TableName: "aaa", Item: { a: S("k"), b: S("x".repeat(409600)) }, Expected: { a: {} } });
    expect(res.json).toEqual(validation("1 validation error detected: Item size has exceeded the maximum allowed size"));
  });

  it("UpdateItem checks key values and AttributeUpdates before Expected", async () => {
    // dynalite test/updateItem.js "invalid values in Key" and "update has no value".
    const base = { TableName: "abc", Expected: { a: {} }, AttributeUpdates: { a: { x: "whatever" } } };
    expect((await post("UpdateItem", { ...base, Key: { a: { BS: [] } } })).json).toEqual(
      validation("1 validation error detected: One or more parameter values were invalid: Binary sets should not be empty"),
    );
    expect((await post("UpdateItem", { ...base, Key: {} })).json).toEqual(
      validation("1 validation error detected: One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified"),
    );
  });

  it("Query checks QueryFilter, then AttributesToGet, then the starting key, then KeyConditions", async () => {
    // dynalite test/query.js validations.
    const base = { TableName: "abc", ExclusiveStartKey: { a: {} }, AttributesToGet: ["a", "a"], KeyConditions: { a: { ComparisonOperator: "EQ", AttributeValueList: [{}] } } };
    expect((await post("Query", { ...base, QueryFilter: { a: { ComparisonOperator: "EQ" } } })).json).toEqual(
      validation("One or more parameter values were invalid: Invalid number of argument(s) for the EQ ComparisonOperator"),
    );
    expect((await post("Query", { ...base, AttributesToGet: undefined, QueryFilter: {} })).json).toEqual(
      validation("The provided starting key is invalid: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
    );
  });

  it("Query refuses a key condition's shape before it looks the table up", async () => {
    // dynalite test/query.js: table "abc" does not exist, yet the expression is refused.
    const query = (KeyConditionExpression: string) =>
      failure(() =>
        h.client.send(new QueryCommand({ TableName: "abc", KeyConditionExpression, ExpressionAttributeValues: { ":a": N("1") } })),
      );
    expect(await query("a > :a OR b > :a")).toBe("ValidationException: Invalid operator used in KeyConditionExpression: OR");
    expect(await query("b > :a AND b < :a")).toBe(
      "ValidationException: Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
    );
  });
});

describe("key attributes are scalars", () => {
  const scalars = (kind: "Key" | "IndexKey", name: string) =>
    `ValidationException: Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: ${kind}: ${name}`;

  it("GetItem refuses a projection into a table or index key", async () => {
    // dynalite test/getItem.js "non-scalar key access" and "non-scalar index access".
    expect(
      await failure(() =>
        h.client.send(new GetItemCommand({ TableName: hashTable, Key: { a: S("x") }, ProjectionExpression: "#a.b.c", ExpressionAttributeNames: { "#a": "a" } })),
      ),
    ).toBe(scalars("Key", "a"));
    expect(
      await failure(() =>
        h.client.send(
          new GetItemCommand({ TableName: rangeTable, Key: { a: S("x"), b: S("y") }, ProjectionExpression: "#d[0]", ExpressionAttributeNames: { "#d": "d" } }),
        ),
      ),
    ).toBe(scalars("IndexKey", "d"));
  });

  it("Query and Scan refuse a projection or filter into one", async () => {
    // dynalite test/query.js and test/scan.js (db.validateKeyPaths).
    expect(
      await failure(() =>
        h.client.send(
          new QueryCommand({ TableName: rangeTable, KeyConditionExpression: "a = :a", FilterExpression: "d[1] = :b", ExpressionAttributeValues: { ":a": S("1"), ":b": N("1") } }),
        ),
      ),
    ).toBe(scalars("IndexKey", "d"));
    expect(await failure(() => h.client.send(new ScanCommand({ TableName: rangeTable, ProjectionExpression: "b.c" })))).toBe(scalars("Key", "b"));
  });

  it("UpdateItem names a key attribute before an index key, and counts paths the values read", async () => {
    // dynalite test/updateItem.js "update range key" and "update index map".
    const update = (UpdateExpression: string) =>
      failure(() =>
        h.client.send(
          new UpdateItemCommand({ TableName: rangeTable, Key: { a: S("u"), b: S("v") }, UpdateExpression, ExpressionAttributeValues: { ":a": N("1") } }),
        ),
      );
    expect(await update("set d[1] = :a add b.b :a")).toBe(
      "ValidationException: One or more parameter values were invalid: Cannot update attribute b. This attribute is part of the key",
    );
    expect(await update("set e = :a, f = d[1]")).toBe(scalars("IndexKey", "d"));
  });
});

describe("UpdateItem on index keys", () => {
  it("refuses a value the request types wrongly before a nested index path", async () => {
    // dynalite test/updateItem.js "wrong type on index".
    const res = await failure(() =>
      h.client.send(
        new UpdateItemCommand({ TableName: rangeTable, Key: { a: S("w"), b: S("x") }, UpdateExpression: "set d.a = a add c :a", ExpressionAttributeValues: { ":a": N("1") } }),
      ),
    );
    expect(res).toBe("ValidationException: One or more parameter values were invalid: Type mismatch for Index Key c Expected: S Actual: N IndexName: index1");
  });

  it("words an index key copied from an attribute of the wrong type its own way", async () => {
    // dynalite test/updateItem.js "update existing index".
    const Key = { a: S("copy"), b: S("y") };
    await h.client.send(new UpdateItemCommand({ TableName: rangeTable, Key, UpdateExpression: "set e = :a", ExpressionAttributeValues: { ":a": N("1") } }));
    for (const UpdateExpression of ["set c = e", "set d = e"]) {
      expect(await failure(() => h.client.send(new UpdateItemCommand({ TableName: rangeTable, Key, UpdateExpression })))).toBe(
        "ValidationException: The update expression attempted to update the secondary index key to unsupported type",
      );
    }
    expect(
      await failure(() =>
        h.client.send(new PutItemCommand({ TableName: rangeTable, Item: { ...Key, c: N("1") } })),
      ),
    ).toBe("ValidationException: One or more parameter values were invalid: Type mismatch for Index Key c Expected: S Actual: N IndexName: index1");
  });
});
