import { crc32 } from "node:zlib";
import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDynamoDb, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
});
afterAll(() => h.close());

async function post(target: string | undefined, body: string) {
  const headers: Record<string, string> = { "content-type": "application/x-amz-json-1.0" };
  if (target) headers["x-amz-target"] = target;
  const res = await fetch(h.url, { method: "POST", headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as Record<string, unknown> };
}

describe("DynamoDB wire protocol", () => {
  it("answers a malformed JSON body with SerializationException", async () => {
    const res = await post("DynamoDB_20120810.ListTables", "{not json");
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ __type: "com.amazon.coral.service#SerializationException" });
  });

  it("answers an unknown target with UnknownOperationException", async () => {
    for (const target of ["DynamoDB_20120810.Nope", "Other_20120810.ListTables", undefined]) {
      const res = await post(target, "{}");
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ __type: "com.amazon.coral.service#UnknownOperationException" });
    }
  });

  it("sends ValidationException in coral's namespace and service errors in DynamoDB's", async () => {
    const invalid = await post("DynamoDB_20120810.ListTables", JSON.stringify({ Limit: 1000 }));
    expect(invalid.json.__type).toBe("com.amazon.coral.validate#ValidationException");
    expect(invalid.json.message).toBe(
      "1 validation error detected: Value '1000' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    const missing = await post("DynamoDB_20120810.DescribeTable", JSON.stringify({ TableName: "missing" }));
    expect(missing.json).toEqual({
      __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
      message: "Requested resource not found: Table: missing not found",
    });
    expect(missing.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundException");
  });

  it("sends DynamoDB's headers, with the body's CRC32", async () => {
    const res = await post("DynamoDB_20120810.ListTables", "{}");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(res.headers.get("x-amzn-requestid")).toBeTruthy();
    expect(res.headers.get("x-amz-crc32")).toBe(String(crc32(res.text)));
  });

  it("checks a null condition or update in the legacy maps as an empty one, never crashing", async () => {
    await h.client.send(
      new CreateTableCommand({
        TableName: "legacy-nulls",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
    const key = { id: { S: "a" } };
    const cases: Array<[string, Record<string, unknown>]> = [
      ["PutItem", { TableName: "legacy-nulls", Item: key, Expected: { id: null } }],
      ["DeleteItem", { TableName: "legacy-nulls", Key: key, Expected: { id: null } }],
      ["UpdateItem", { TableName: "legacy-nulls", Key: key, AttributeUpdates: { n: null } }],
      ["Query", { TableName: "legacy-nulls", KeyConditions: { id: null } }],
      ["Query", { TableName: "legacy-nulls", KeyConditions: { id: { ComparisonOperator: "EQ", AttributeValueList: [{ S: "a" }] } }, QueryFilter: { n: null } }],
      ["Scan", { TableName: "legacy-nulls", ScanFilter: { n: null } }],
    ];
    const INVALID = "com.amazon.coral.validate#ValidationException";
    const ONE = "1 validation error detected: ";
    const answers = [];
    for (const [action, input] of cases) {
      const res = await post(`DynamoDB_20120810.${action}`, JSON.stringify(input));
      answers.push([action, res.status, res.json.__type, res.json.message]);
    }
    expect(answers).toEqual([
      ["PutItem", 400, INVALID, `${ONE}One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: id`],
      ["DeleteItem", 400, INVALID, `${ONE}One or more parameter values were invalid: Value must be provided when Exists is null for Attribute: id`],
      ["UpdateItem", 400, INVALID, `${ONE}One or more parameter values were invalid: Only DELETE action is allowed when no attribute value is specified`],
      ["Query", 400, INVALID, `${ONE}Value null at 'keyConditions.id.member.comparisonOperator' failed to satisfy constraint: Member must not be null`],
      ["Query", 400, INVALID, `${ONE}Value null at 'queryFilter.n.member.comparisonOperator' failed to satisfy constraint: Member must not be null`],
      ["Scan", 400, INVALID, `${ONE}Value null at 'scanFilter.n.member.comparisonOperator' failed to satisfy constraint: Member must not be null`],
    ]);
  });

  it("never crashes on wrongly typed members", async () => {
    const res = await post("DynamoDB_20120810.PutItem", JSON.stringify({ TableName: "x-table", Item: { id: { S: 5 } } }));
    expect(res.status).toBe(400);
    expect(res.json.__type).toBe("com.amazon.coral.service#SerializationException");
    const list = await post("DynamoDB_20120810.PutItem", JSON.stringify({ TableName: "x-table", Item: [] }));
    expect(list.status).toBe(400);
    const malformed: [string, unknown][] = [
      ["BatchWriteItem", { RequestItems: { "x-table": null } }],
      ["BatchGetItem", { RequestItems: { "x-table": null } }],
      ["UpdateItem", { TableName: "x-table", Key: { id: { S: "a" } }, UpdateExpression: null }],
      ["TransactWriteItems", { TransactItems: [{ Put: { TableName: "x-table", Item: null } }] }],
      ["Query", { TableName: "x-table", KeyConditionExpression: "id = :v", ExpressionAttributeValues: { ":v": null } }],
      ["Scan", { TableName: "x-table", ExclusiveStartKey: { id: { S: 1 } } }],
    ];
    for (const [action, body] of malformed) {
      const res = await post(`DynamoDB_20120810.${action}`, JSON.stringify(body));
      expect(res.status, action).toBe(400);
    }
  });
});
