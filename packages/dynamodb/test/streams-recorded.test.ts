/**
 * Lambda's DynamoDB stream events compared with events recorded on real AWS (localstack's
 * tests/aws/services/lambda_/event_source_mapping/test_lambda_integration_dynamodbstreams.snapshot.json:
 * test_dynamodb_event_source_mapping and test_dynamodb_event_filter[content_or_filter]), and
 * GetRecords output recorded the same way (tests/aws/services/dynamodb/test_dynamodb.snapshot.json:
 * test_transact_write_items_streaming, test_dynamodb_stream_records_with_update_item).
 */
import { CreateTableCommand, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { LambdaInvokeRequest, LambdaInvokeResult, LambdaInvoker } from "@sam-sandbox/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tableName } from "./helpers.js";
import { readAll, startWithStreams, type StreamsHarness } from "./streamsHelpers.js";

type EventRecord = Record<string, unknown> & { dynamodb: Record<string, unknown> };

/** Records every event's Records and answers success. */
class RecordingInvoker implements LambdaInvoker {
  readonly records: EventRecord[] = [];

  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    const { Records } = JSON.parse(request.payload.toString("utf8")) as { Records: EventRecord[] };
    this.records.push(...Records);
    return { statusCode: 200, payload: Buffer.from("null"), executedVersion: "$LATEST" };
  }
}

const invoker = new RecordingInvoker();
let h: StreamsHarness;
beforeAll(async () => {
  h = await startWithStreams({ invoker });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  invoker.records.length = 0;
});

async function streamTable(key: string, viewType: "NEW_IMAGE" | "NEW_AND_OLD_IMAGES"): Promise<string> {
  return (await streamTableArn(key, viewType)).name;
}

async function streamTableArn(key: string, viewType: "NEW_IMAGE" | "NEW_AND_OLD_IMAGES"): Promise<{ name: string; arn: string }> {
  const name = tableName("recorded");
  const { TableDescription } = await h.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: key, AttributeType: "S" }],
      KeySchema: [{ AttributeName: key, KeyType: "HASH" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
    }),
  );
  return { name, arn: TableDescription?.LatestStreamArn ?? "" };
}

describe("Lambda's DynamoDB event, as recorded on AWS", () => {
  it("has the recorded members in the recorded order, SizeBytes included", async () => {
    const name = await streamTable("my_partition_key", "NEW_IMAGE");
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, batchSize: 1, startingPosition: "TRIM_HORIZON" });
    await h.client.send(
      new PutItemCommand({ TableName: name, Item: { my_partition_key: { S: "hello world" }, binary_key: { B: Buffer.from("foobar") } } }),
    );
    await h.db.eventSources.settled();
    const [record] = invoker.records;
    expect(Object.keys(record)).toEqual(["eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb", "eventSourceARN"]);
    expect(Object.keys(record.dynamodb)).toEqual(["ApproximateCreationDateTime", "Keys", "NewImage", "SequenceNumber", "SizeBytes", "StreamViewType"]);
    expect(record).toMatchObject({
      eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventName: "INSERT",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "us-east-1",
      eventSourceARN: mapping.EventSourceArn,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(h.clock.now() / 1000),
        Keys: { my_partition_key: { S: "hello world" } },
        NewImage: { binary_key: { B: "Zm9vYmFy" }, my_partition_key: { S: "hello world" } },
        SequenceNumber: expect.stringMatching(/^\d{21}$/),
        // Recorded: 70 (Keys 27 + NewImage 43).
        SizeBytes: 70,
        StreamViewType: "NEW_IMAGE",
      },
    });
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("sizes INSERT and MODIFY records of a NEW_AND_OLD_IMAGES stream as recorded (20, 32 and 46 bytes)", async () => {
    const name = await streamTable("id", "NEW_AND_OLD_IMAGES");
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, batchSize: 1, startingPosition: "TRIM_HORIZON" });
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "id_value" } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "id_value", id2: "id2_new_value" } }));
    const other = await streamTable("id", "NEW_AND_OLD_IMAGES");
    const second = h.db.eventSources.create({ functionName: "fn", tableName: other, batchSize: 1, startingPosition: "TRIM_HORIZON" });
    await h.doc.send(new PutCommand({ TableName: other, Item: { id: "id_value", id2: "id2_value" } }));
    // The same item again changes nothing: no record (recorded as one event for two puts).
    await h.doc.send(new PutCommand({ TableName: other, Item: { id: "id_value", id2: "id2_value" } }));
    await h.db.eventSources.settled();
    expect(invoker.records.map((r) => [r.eventName, r.dynamodb.SizeBytes])).toEqual([
      ["INSERT", 20],
      ["MODIFY", 46],
      ["INSERT", 32],
    ]);
    expect(invoker.records[1].dynamodb).toMatchObject({
      NewImage: { id: { S: "id_value" }, id2: { S: "id2_new_value" } },
      OldImage: { id: { S: "id_value" } },
      StreamViewType: "NEW_AND_OLD_IMAGES",
    });
    await h.db.eventSources.delete(mapping.UUID);
    await h.db.eventSources.delete(second.UUID);
  });

  it("names the DynamoDB service in a TTL deletion's userIdentity, as Lambda spells it", async () => {
    const name = await streamTable("id", "NEW_AND_OLD_IMAGES");
    await h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: "ttl" } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "gone", ttl: Math.floor(h.clock.now() / 1000) - 1 } }));
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, startingPosition: "LATEST" });
    await h.db.sweepExpiredItems();
    await h.db.eventSources.settled();
    const [record] = invoker.records;
    expect(record.eventName).toBe("REMOVE");
    expect(record.userIdentity).toEqual({ type: "Service", principalId: "dynamodb.amazonaws.com" });
    expect(record.dynamodb).not.toHaveProperty("NewImage");
    await h.db.eventSources.delete(mapping.UUID);
  });
});

describe("GetRecords, as recorded on AWS", () => {
  it("records each change of TransactWriteItems with the recorded images and sizes", async () => {
    const { name, arn } = await streamTableArn("id", "NEW_AND_OLD_IMAGES");
    const S = (v: string) => ({ S: v });
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: S("Fred") } }));
    await h.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: name, Item: { id: S("Fred") } } }, { Put: { TableName: name, Item: { id: S("NewKey") } } }],
      }),
    );
    const set = (key: string, expression: string, values: Record<string, { S: string }>) =>
      h.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Update: { TableName: name, Key: { id: S(key) }, UpdateExpression: expression, ExpressionAttributeValues: values } }] }));
    await set("NewKey", "SET attr1 = :v1, attr2 = :v2", { ":v1": S("value1"), ":v2": S("value2") });
    await set("NonExistentKey", "SET attr1 = :v1", { ":v1": S("value1") });
    await h.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Delete: { TableName: name, Key: { id: S("NewKey") } } }] }));
    await h.client.send(
      new UpdateItemCommand({ TableName: name, Key: { id: S("Fred") }, UpdateExpression: "SET #n = :v", ExpressionAttributeNames: { "#n": "name" }, ExpressionAttributeValues: { ":v": S("Fred") } }),
    );
    const records = await readAll(h.streams, arn);
    // The rewrite of an unchanged Fred writes nothing; the update-on-nothing of NonExistentKey is an INSERT.
    expect(records.map((r) => [r.eventName, r.dynamodb?.Keys?.id?.S, r.dynamodb?.SizeBytes])).toEqual([
      ["INSERT", "Fred", 12],
      ["INSERT", "NewKey", 16],
      ["MODIFY", "NewKey", 46],
      ["INSERT", "NonExistentKey", 43],
      ["REMOVE", "NewKey", 38],
      ["MODIFY", "Fred", 26],
    ]);
    for (const record of records) {
      expect(record).toMatchObject({ awsRegion: "us-east-1", eventSource: "aws:dynamodb", eventVersion: "1.1" });
      expect(record.userIdentity).toBeUndefined();
    }
    expect(records[4].dynamodb?.OldImage).toEqual({ id: S("NewKey"), attr1: S("value1"), attr2: S("value2") });
    expect(records[4].dynamodb?.NewImage).toBeUndefined();
  });

  it("sizes UpdateItem records as recorded (INSERT 46, MODIFY 80)", async () => {
    const { name, arn } = await streamTableArn("id", "NEW_AND_OLD_IMAGES");
    const update = (a: string, b: string) =>
      h.client.send(
        new UpdateItemCommand({
          TableName: name,
          Key: { id: { S: "my-item-id" } },
          UpdateExpression: "SET attr1 = :a, attr2 = :b",
          ExpressionAttributeValues: { ":a": { S: a }, ":b": { S: b } },
        }),
      );
    await update("value1", "value2");
    await update("value2", "value3");
    const records = await readAll(h.streams, arn);
    expect(records.map((r) => [r.eventName, r.dynamodb?.SizeBytes])).toEqual([
      ["INSERT", 46],
      ["MODIFY", 80],
    ]);
  });
});
