/**
 * DynamoDB and DynamoDB Streams behaviour recorded on real AWS in LocalStack's suite
 * (tests/aws/services/dynamodb/test_dynamodb.py with test_dynamodb.snapshot.json, and
 * tests/aws/services/dynamodbstreams), replayed through the real SDK v3 clients.
 */
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeContinuousBackupsCommand,
  DescribeTableCommand,
  ExecuteStatementCommand,
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateContinuousBackupsCommand,
  UpdateItemCommand,
  UpdateTableCommand,
  type AttributeValue,
  type StreamViewType,
} from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from "@aws-sdk/client-dynamodb-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableName } from "./helpers.js";
import { readAll, startWithStreams, type StreamsHarness } from "./streamsHelpers.js";

let h: StreamsHarness;
beforeAll(async () => {
  h = await startWithStreams();
});
afterAll(async () => {
  await h.close();
});

async function createTable(key: string, extra: Partial<ConstructorParameters<typeof CreateTableCommand>[0]> = {}) {
  const name = tableName("ls");
  const { TableDescription } = await h.client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: key, KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: key, AttributeType: "S" }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      ...extra,
    }),
  );
  return { name, streamArn: TableDescription?.LatestStreamArn ?? "", description: TableDescription };
}

const streamOf = (StreamViewType: StreamViewType) => ({ StreamSpecification: { StreamEnabled: true, StreamViewType } });

/** The raw awsJson body of a DynamoDB call (the SDK hides which message key AWS used). */
async function rawCall(action: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(h.url, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": `DynamoDB_20120810.${action}`,
      authorization: "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("ConditionalCheckFailedException with ReturnValuesOnConditionCheckFailure", () => {
  const item: Record<string, AttributeValue> = { id: { S: "456" }, price: { N: "650" }, product: { S: "sporting goods" } };
  const failing = (TableName: string) => ({
    TableName,
    Key: { id: { S: "456" } },
    ConditionExpression: "price between :lo and :hi",
    ExpressionAttributeValues: { ":lo": { N: "500" }, ":hi": { N: "600" } },
    ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const,
  });

  // localstack test_return_values_on_conditions_check_failure snapshot: Error + Item, no "message" member.
  it("carries the item and capitalizes the body's Message", async () => {
    const { name } = await createTable("id");
    await h.client.send(new PutItemCommand({ TableName: name, Item: item }));
    const { status, json } = await rawCall("DeleteItem", failing(name));
    expect(status).toBe(400);
    expect(json).toEqual({
      __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
      Message: "The conditional request failed",
      Item: item,
    });
    const error = await h.client.send(new DeleteItemCommand(failing(name))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect((error as ConditionalCheckFailedException).message).toBe("The conditional request failed");
    expect((error as ConditionalCheckFailedException).Item).toEqual(item);
  });

  // Without the item the body keeps its lowercase "message" (dynalite test/putItem.js, recorded against DynamoDB).
  it("keeps a lowercase message when no item is returned", async () => {
    const { name } = await createTable("id");
    await h.client.send(new PutItemCommand({ TableName: name, Item: item }));
    const { json } = await rawCall("DeleteItem", { ...failing(name), ReturnValuesOnConditionCheckFailure: undefined });
    expect(json).toEqual({ __type: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", message: "The conditional request failed" });
  });
});

describe("TransactionCanceledException", () => {
  // localstack test_transaction_write_canceled snapshot (the text); the body's "Message" key is the
  // model's member and the response quoted in pynamodb/PynamoDB#1144.
  it("names each item's reason and capitalizes the body's Message", async () => {
    const { name } = await createTable("Username");
    await h.client.send(new PutItemCommand({ TableName: name, Item: { Username: { S: "Fred" } } }));
    const request = {
      TransactItems: [
        { ConditionCheck: { TableName: name, ConditionExpression: "attribute_not_exists(Username)", Key: { Username: { S: "Fred" } } } },
        { Delete: { TableName: name, Key: { Username: { S: "Bert" } } } },
      ],
    };
    const text = "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]";
    const { status, json } = await rawCall("TransactWriteItems", request);
    expect(status).toBe(400);
    expect(json).toEqual({
      __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
      Message: text,
      CancellationReasons: [{ Code: "ConditionalCheckFailed", Message: "The conditional request failed" }, { Code: "None" }],
    });
    const error = await h.client.send(new TransactWriteItemsCommand(request)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect((error as TransactionCanceledException).message).toBe(text);
  });

  // localstack test_batch_write_not_existing_table: a missing table wins over the empty item.
  it("answers a missing table before looking at the item", async () => {
    const { status, json } = await rawCall("TransactWriteItems", { TransactItems: [{ Put: { TableName: "non-existing-table", Item: {} } }] });
    expect(status).toBe(400);
    expect(json).toEqual({ __type: "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", message: "Requested resource not found" });
  });
});

describe("UpdateTable SSESpecification", () => {
  // localstack test_dynamodb_create_table_with_partial_sse_specification snapshot, recorded on AWS.
  it("answers turning KMS encryption off with the old key, UPDATING", async () => {
    const { name, description } = await createTable("id", { SSESpecification: { Enabled: true } });
    const kmsArn = description?.SSEDescription?.KMSMasterKeyArn;
    expect(description?.SSEDescription).toEqual({ Status: "ENABLED", SSEType: "KMS", KMSMasterKeyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:000000000000:key\/.+/) });
    const { TableDescription } = await h.client.send(new UpdateTableCommand({ TableName: name, SSESpecification: { Enabled: false } }));
    expect(TableDescription?.SSEDescription).toEqual({ Status: "UPDATING", SSEType: "KMS", KMSMasterKeyArn: kmsArn });
    const { Table } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.SSEDescription).toBeUndefined();
  });
});

describe("stream sequence numbers", () => {
  // localstack test_dynamodb_stream_records_with_update_item (validated on AWS): records are numbered
  // above the shard's StartingSequenceNumber, and identical updates write no record.
  it("numbers the first record above the shard's StartingSequenceNumber", async () => {
    const { name, streamArn } = await createTable("id", streamOf("NEW_AND_OLD_IMAGES"));
    const { StreamDescription } = await h.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const start = BigInt(StreamDescription?.Shards?.[0].SequenceNumberRange?.StartingSequenceNumber ?? "");
    const update = (v1: string, v2: string) =>
      h.client.send(
        new UpdateItemCommand({
          TableName: name,
          Key: { id: { S: "my-item-id" } },
          UpdateExpression: "SET attr1 = :v1, attr2 = :v2",
          ExpressionAttributeValues: { ":v1": { S: v1 }, ":v2": { S: v2 } },
        }),
      );
    await update("value1", "value2");
    await update("value1", "value2");
    await update("value2", "value3");
    const records = await readAll(h.streams, streamArn);
    expect(records.map((r) => [r.eventName, r.dynamodb?.SizeBytes])).toEqual([
      ["INSERT", 46],
      ["MODIFY", 80],
    ]);
    for (const record of records) {
      expect(BigInt(record.dynamodb?.SequenceNumber ?? "0")).toBeGreaterThan(start);
      expect((record.dynamodb?.ApproximateCreationDateTime?.getTime() ?? 1) % 1000).toBe(0);
    }
  });

  // localstack test_data_encoding_consistency: AT_SEQUENCE_NUMBER with the shard's start reads from its first record.
  it("reads from the first record at the shard's StartingSequenceNumber", async () => {
    const { name, streamArn } = await createTable("id", streamOf("NEW_AND_OLD_IMAGES"));
    const data = Uint8Array.from([0x90]);
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "id1" }, version: { N: "1" }, data: { B: data } } }));
    const { StreamDescription } = await h.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const shard = StreamDescription?.Shards?.[0];
    const { ShardIterator } = await h.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard?.ShardId,
        ShardIteratorType: "AT_SEQUENCE_NUMBER",
        SequenceNumber: shard?.SequenceNumberRange?.StartingSequenceNumber,
      }),
    );
    const { Records } = await h.streams.send(new GetRecordsCommand({ ShardIterator }));
    expect(Records?.map((r) => r.dynamodb?.NewImage)).toEqual([{ id: { S: "id1" }, version: { N: "1" }, data: { B: data } }]);
  });
});

describe("KEYS_ONLY stream records", () => {
  // localstack test_dynamodb_stream_stream_view_type snapshot: PartiQL writes are recorded like API writes.
  it("records API and PartiQL writes with keys only", async () => {
    const { name, streamArn } = await createTable("Username", streamOf("KEYS_ONLY"));
    const fred = { Username: { S: "Fred" } };
    await h.client.send(new PutItemCommand({ TableName: name, Item: fred }));
    await h.client.send(new PutItemCommand({ TableName: name, Item: fred }));
    await h.client.send(
      new UpdateItemCommand({ TableName: name, Key: fred, UpdateExpression: "set S=:r", ExpressionAttributeValues: { ":r": { S: "Fred_Modified" } }, ReturnValues: "UPDATED_NEW" }),
    );
    await h.client.send(new DeleteItemCommand({ TableName: name, Key: fred }));
    await h.client.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "${name}" VALUE {'Username': 'Alice'}` }));
    await h.client.send(new ExecuteStatementCommand({ Statement: `UPDATE "${name}" SET partiql=1 WHERE Username='Alice'` }));
    await h.client.send(new ExecuteStatementCommand({ Statement: `DELETE FROM "${name}" WHERE Username='Alice'` }));
    const records = await readAll(h.streams, streamArn);
    expect(records.map((r) => [r.eventName, r.dynamodb?.Keys?.Username.S, r.dynamodb?.SizeBytes, Object.keys(r.dynamodb ?? {}).sort()])).toEqual(
      [
        ["INSERT", "Fred", 12],
        ["MODIFY", "Fred", 12],
        ["REMOVE", "Fred", 12],
        ["INSERT", "Alice", 13],
        ["MODIFY", "Alice", 13],
        ["REMOVE", "Alice", 13],
      ].map((r) => [...r, ["ApproximateCreationDateTime", "Keys", "SequenceNumber", "SizeBytes", "StreamViewType"]]),
    );
  });
});

describe("continuous backups", () => {
  // localstack test_continuous_backup_update snapshot; RecoveryPeriodInDays is newer than the recording (AWS, 2025).
  it("describes point-in-time recovery once enabled", async () => {
    const { name } = await createTable("id");
    await h.client.send(new UpdateContinuousBackupsCommand({ TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    const { ContinuousBackupsDescription } = await h.client.send(new DescribeContinuousBackupsCommand({ TableName: name }));
    expect(ContinuousBackupsDescription).toEqual({
      ContinuousBackupsStatus: "ENABLED",
      PointInTimeRecoveryDescription: {
        PointInTimeRecoveryStatus: "ENABLED",
        EarliestRestorableDateTime: expect.any(Date),
        LatestRestorableDateTime: expect.any(Date),
        RecoveryPeriodInDays: 35,
      },
    });
  });
});
