/**
 * DynamoDB's Kinesis streaming destination through the whole sandbox: the table's item changes
 * reach the Kinesis stream (DynamoDB → dispatcher → Kinesis PutRecord), read back with GetRecords.
 */
import { CreateTableCommand, DescribeKinesisStreamingDestinationCommand, DynamoDBClient, EnableKinesisStreamingDestinationCommand, PutItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { CreateStreamCommand, DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const config = (sandbox: RunningSandbox) => ({ endpoint: sandbox.endpoint, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });

/** The JSON records in the stream's first shard, polled until `count` arrived (delivery follows the commit). */
async function readRecords(kinesis: KinesisClient, streamName: string, count: number): Promise<Record<string, unknown>[]> {
  const stream = await kinesis.send(new DescribeStreamCommand({ StreamName: streamName }));
  const shardId = stream.StreamDescription?.Shards?.[0]?.ShardId ?? "";
  const iterator = await kinesis.send(new GetShardIteratorCommand({ StreamName: streamName, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }));
  let records: Record<string, unknown>[] = [];
  for (let attempt = 0; attempt < 50 && records.length < count; attempt++) {
    const got = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator.ShardIterator }));
    records = (got.Records ?? []).map((r) => JSON.parse(Buffer.from(r.Data ?? new Uint8Array()).toString()) as Record<string, unknown>);
    if (records.length < count) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return records;
}

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Changes:
    Type: AWS::Kinesis::Stream
    Properties:
      Name: notes-changes
      ShardCount: 1
  Notes:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: notes
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      KinesisStreamSpecification:
        StreamArn: !GetAtt Changes.Arn
        ApproximateCreationDateTimePrecision: MILLISECOND
`;

describe("the template's KinesisStreamSpecification on AWS::DynamoDB::Table", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-ddb-kinesis-"));
  let sandbox: RunningSandbox | undefined;
  afterAll(async () => {
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("streams the table's changes to the template's stream", async () => {
    writeFileSync(join(dir, "template.yaml"), TEMPLATE);
    sandbox = await createSandbox({ template: dir, port: 0, edgePort: 0, inMemory: true });
    const dynamodb = new DynamoDBClient(config(sandbox));
    const kinesis = new KinesisClient(config(sandbox));
    try {
      const described = await dynamodb.send(new DescribeKinesisStreamingDestinationCommand({ TableName: "notes" }));
      expect(described.KinesisDataStreamDestinations?.[0]).toMatchObject({ StreamArn: expect.stringMatching(/:stream\/notes-changes$/) as unknown, ApproximateCreationDateTimePrecision: "MILLISECOND" });
      await dynamodb.send(new PutItemCommand({ TableName: "notes", Item: { id: { S: "n-1" } } }));
      const records = await readRecords(kinesis, "notes-changes", 1);
      expect(records).toMatchObject([{ eventName: "INSERT", tableName: "notes", dynamodb: { Keys: { id: { S: "n-1" } }, ApproximateCreationDateTimePrecision: "MILLISECOND" } }]);
    } finally {
      dynamodb.destroy();
      kinesis.destroy();
    }
  });
});

describe("a DynamoDB table's Kinesis streaming destination", () => {
  let sandbox: RunningSandbox;
  let dynamodb: DynamoDBClient;
  let kinesis: KinesisClient;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true });
    dynamodb = new DynamoDBClient(config(sandbox));
    kinesis = new KinesisClient(config(sandbox));
  });
  afterAll(async () => {
    dynamodb?.destroy();
    kinesis?.destroy();
    await sandbox?.stop();
  });

  it("puts the table's changes into the stream, read back with GetRecords", async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: "orders-changes", ShardCount: 1 }));
    const stream = await kinesis.send(new DescribeStreamCommand({ StreamName: "orders-changes" }));
    const streamArn = stream.StreamDescription?.StreamARN ?? "";
    await dynamodb.send(
      new CreateTableCommand({ TableName: "orders", AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" }),
    );
    const enabled = await dynamodb.send(new EnableKinesisStreamingDestinationCommand({ TableName: "orders", StreamArn: streamArn }));
    expect(enabled.DestinationStatus).toBe("ENABLING");
    expect((await dynamodb.send(new DescribeKinesisStreamingDestinationCommand({ TableName: "orders" }))).KinesisDataStreamDestinations?.[0]?.StreamArn).toBe(streamArn);

    await dynamodb.send(new PutItemCommand({ TableName: "orders", Item: { id: { S: "o-1" }, amount: { N: "10" } } }));
    await dynamodb.send(new UpdateItemCommand({ TableName: "orders", Key: { id: { S: "o-1" } }, UpdateExpression: "SET amount = :t", ExpressionAttributeValues: { ":t": { N: "12" } } }));

    const records = await readRecords(kinesis, "orders-changes", 2);
    expect(records.map((r) => r.eventName)).toEqual(["INSERT", "MODIFY"]);
    expect(records[1]).toMatchObject({
      eventSource: "aws:dynamodb",
      recordFormat: "application/json",
      tableName: "orders",
      userIdentity: null,
      dynamodb: { Keys: { id: { S: "o-1" } }, NewImage: { id: { S: "o-1" }, amount: { N: "12" } }, OldImage: { id: { S: "o-1" }, amount: { N: "10" } }, ApproximateCreationDateTimePrecision: "MICROSECOND" },
    });
  });

  it("refuses a stream that does not exist", async () => {
    await dynamodb.send(
      new CreateTableCommand({ TableName: "lonely", AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST" }),
    );
    await expect(dynamodb.send(new EnableKinesisStreamingDestinationCommand({ TableName: "lonely", StreamArn: "arn:aws:kinesis:us-east-1:000000000000:stream/nowhere" }))).rejects.toThrow(
      "User does not have a permission to use kinesis stream",
    );
  });
});
