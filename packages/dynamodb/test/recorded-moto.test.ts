/**
 * Behaviours moto's DynamoDB tests marked @aws_verified (getmoto/moto tests/test_dynamodb/*.py,
 * run against real DynamoDB) pin down, where the sandbox differed.
 */
import { CreateTableCommand, QueryCommand, ScanCommand, type QueryCommandInput, type ScanCommandInput } from "@aws-sdk/client-dynamodb";
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
