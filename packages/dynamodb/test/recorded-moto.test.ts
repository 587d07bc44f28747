/**
 * Behaviours moto's DynamoDB tests marked @aws_verified (getmoto/moto tests/test_dynamodb/*.py,
 * run against real DynamoDB) pin down, where the sandbox differed: Select texts, Scan's
 * partition order, batches naming tables by ARN.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DescribeTableCommand,
  QueryCommand,
  ScanCommand,
  type AttributeValue,
  type QueryCommandInput,
  type ScanCommandInput,
} from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, tableName, type Harness } from "./helpers.js";

let h: Harness;
const table = tableName("motoSelect");

beforeAll(async () => {
  h = await startDynamoDb();
  await h.client.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "gsi_pk", AttributeType: "S" },
      ],
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
      GlobalSecondaryIndexes: [{ IndexName: "test_gsi", KeySchema: [{ AttributeName: "gsi_pk", KeyType: "HASH" }], Projection: { ProjectionType: "ALL" } }],
    }),
  );
});
afterAll(() => h.close());

/** Query (on the index when `index`) or Scan with `extra`; the failure's "Name: message". */
function read(operation: "query" | "scan", extra: Partial<QueryCommandInput & ScanCommandInput>, index = true): Promise<string> {
  const base = { TableName: table, ...(index ? { IndexName: "test_gsi" } : {}), ...extra };
  const keyName = index ? "gsi_pk" : "pk";
  return failure(() =>
    operation === "query"
      ? h.client.send(
          new QueryCommand({
            ...base,
            ...(base.KeyConditions ? {} : { KeyConditionExpression: `${keyName} = :key`, ExpressionAttributeValues: { ":key": { S: "value" } } }),
          }),
        )
      : h.client.send(new ScanCommand(base)),
  );
}

describe("Select", () => {
  // Query words these inside the validation envelope, Scan bare.
  const prefix = { query: "1 validation error detected: ", scan: "" } as const;

  it("refuses ALL_PROJECTED_ATTRIBUTES on the table", async () => {
    // moto test_dynamodb_select.py test_all_projected_attributes_rejected_for_table, @aws_verified.
    for (const operation of ["query", "scan"] as const) {
      expect(await read(operation, { Select: "ALL_PROJECTED_ATTRIBUTES" }, false)).toBe(
        `ValidationException: ${prefix[operation]}ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName`,
      );
    }
  });

  it("refuses a ProjectionExpression beside a non-specific Select", async () => {
    // moto test_dynamodb_select.py test_projection_expression_rejected_for_non_specific_select, @aws_verified.
    for (const operation of ["query", "scan"] as const) {
      for (const [Select, described] of [
        ["ALL_ATTRIBUTES", "ALL_ATTRIBUTES"],
        ["ALL_PROJECTED_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES"],
        ["COUNT", "only the Count"],
      ] as const) {
        expect(await read(operation, { Select, ProjectionExpression: "gsi_pk" })).toBe(
          `ValidationException: ${prefix[operation]}Cannot specify the ProjectionExpression when choosing to get ${described}`,
        );
      }
    }
  });

  it("names AttributesToGet when the request used it", async () => {
    // moto test_dynamodb_select.py test_attributes_to_get_rejected_for_non_specific_select, @aws_verified.
    const KeyConditions = { gsi_pk: { ComparisonOperator: "EQ" as const, AttributeValueList: [{ S: "value" }] } };
    for (const operation of ["query", "scan"] as const) {
      const extra = { AttributesToGet: ["gsi_pk"], ...(operation === "query" ? { KeyConditions } : {}) };
      expect(await read(operation, { ...extra, Select: "COUNT" })).toBe(
        `ValidationException: ${prefix[operation]}Cannot specify the AttributesToGet when choosing to get only the Count`,
      );
      expect(await read(operation, { ...extra, Select: "ALL_ATTRIBUTES" })).toBe(
        `ValidationException: ${prefix[operation]}Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES`,
      );
    }
  });
});

describe("Scan order and batches by ARN", () => {
  const rangeTable = tableName("motoRange");

  beforeAll(async () => {
    await h.client.send(
      new CreateTableCommand({
        TableName: rangeTable,
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
  });

  it("walks partitions in DynamoDB's hash order, each in sort key order", async () => {
    // moto test_dynamodb_scan.py test_scan_with_alternating_hash_keys, @aws_verified.
    const keys = [...Array.from({ length: 8 }, (_, i) => [i % 2 ? "A" : "B", String(i)]), ...[20, 19, 18, 17, 16].map((i) => ["A", String(i)])];
    const requests = keys.map(([pk, sk]) => ({ PutRequest: { Item: { pk: { S: pk }, sk: { S: sk } } } }));
    await h.client.send(new BatchWriteItemCommand({ RequestItems: { [rangeTable]: requests } }));
    const pages: string[][] = [];
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await h.client.send(new ScanCommand({ TableName: rangeTable, Limit: 3, ExclusiveStartKey }));
      pages.push((page.Items ?? []).map((item) => `${item.pk.S}${item.sk.S}`));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    expect(pages).toEqual([["A1", "A16", "A17"], ["A18", "A19", "A20"], ["A3", "A5", "A7"], ["B0", "B2", "B4"], ["B6"]]);
  });

  it("names a batch's table by ARN", async () => {
    // moto test_dynamodb_batch_write.py test_batch_write_using_arn, @aws_verified.
    const arn = (await h.client.send(new DescribeTableCommand({ TableName: rangeTable }))).Table?.TableArn ?? "";
    const item = { pk: { S: "arn" }, sk: { S: "1" }, xxx: { S: "123" } };
    await h.client.send(new BatchWriteItemCommand({ RequestItems: { [arn]: [{ PutRequest: { Item: item } }] } }));
    const got = await h.client.send(new BatchGetItemCommand({ RequestItems: { [arn]: { Keys: [{ pk: item.pk, sk: item.sk }] } } }));
    expect(got.Responses).toEqual({ [arn]: [item] });
  });
});
