/**
 * The AWS SDK for JavaScript v3's own DynamoDB examples (the service team's examples, the
 * `@example` blocks of @aws-sdk/client-dynamodb's command typings: the "Music" table) replayed
 * against the sandbox. The item, batch, query, scan, table and limit examples answer as
 * documented and are covered elsewhere; kept here are the examples of features the sandbox does
 * not emulate, which must say so rather than answer as if the request named nothing.
 */
import { CreateTableCommand, SearchVectorsCommand, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, startDynamoDb, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startDynamoDb();
  await h.client.send(
    new CreateTableCommand({
      TableName: "MusicCollection",
      AttributeDefinitions: [
        { AttributeName: "Artist", AttributeType: "S" },
        { AttributeName: "SongTitle", AttributeType: "S" },
      ],
      KeySchema: [
        { AttributeName: "Artist", KeyType: "HASH" },
        { AttributeName: "SongTitle", KeyType: "RANGE" },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    }),
  );
});
afterAll(() => h.close());

describe("UpdateTableCommand", () => {
  it("To disable disassociation protection on a local replica: refused as a global table setting, not as an empty update", async () => {
    expect(await failure(() => h.client.send(new UpdateTableCommand({ DisassociationProtectionEnabled: false, TableName: "MusicCollection" })))).toBe(
      "ValidationException: The sandbox does not emulate UpdateTable's DisassociationProtectionEnabled (global tables are AWS-only)",
    );
  });

  it("To disassociate a local global table replica: ReplicaUpdates (the table named by its ARN) refused as not emulated", async () => {
    const update = new UpdateTableCommand({
      ReplicaUpdates: [{ Disassociate: { DisassociationMode: "WAIT_FOR_REPLICATION", RegionName: "us-west-2" } }],
      TableName: "arn:aws:dynamodb:us-east-1:000000000000:table/MusicCollection",
    });
    expect(await failure(() => h.client.send(update))).toBe(
      "ValidationException: The sandbox does not emulate UpdateTable's ReplicaUpdates (global tables are AWS-only)",
    );
  });
});

describe("SearchVectorsCommand", () => {
  it("To search for similar vectors: an action newer than the sandbox's model names itself (it was a bare UnknownOperationException)", async () => {
    const search = new SearchVectorsCommand({
      ExpressionAttributeValues: { ":cat": { S: "Electronics" } },
      IndexName: "cosine-product-idx",
      ProjectionExpression: "ProductName, Price",
      ReturnConsumedCapacity: "INDEXES",
      SearchConditionExpression: "Category = :cat",
      SearchVector: [{ N: "0.12" }, { N: "0.85" }, { N: "0.44" }, { N: "0.67" }],
      TableName: "Products",
      TopK: 3,
    });
    expect(await failure(() => h.client.send(search))).toBe(
      "UnknownOperationException: The sandbox does not emulate DynamoDB's SearchVectors (vector search is AWS-only)",
    );
  });
});
