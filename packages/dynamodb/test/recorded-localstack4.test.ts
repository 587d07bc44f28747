/**
 * LocalStack's DynamoDB cases validated on AWS that no other file here replays (localstack
 * tests/aws/services/dynamodb/test_dynamodb.py with test_dynamodb.snapshot.json), through the
 * real SDK v3 clients; values the snapshot transformers replaced (names, ids, times) are ignored.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
} from "@aws-sdk/client-dynamodb";
import { DescribeStreamCommand, GetRecordsCommand, GetShardIteratorCommand } from "@aws-sdk/client-dynamodb-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, tableName } from "./helpers.js";
import { startWithStreams, type StreamsHarness } from "./streamsHelpers.js";

let h: StreamsHarness;
beforeAll(async () => {
  h = await startWithStreams();
});
afterAll(() => h.close());

const idTable = { KeySchema: [{ AttributeName: "id", KeyType: "HASH" as const }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" as const }] };
const provisioned = { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } };

async function create(input: Omit<CreateTableCommandInput, "TableName">): Promise<{ name: string; streamArn: string }> {
  const name = tableName("ls4");
  const { TableDescription } = await h.client.send(new CreateTableCommand({ TableName: name, ...input }));
  return { name, streamArn: TableDescription?.LatestStreamArn ?? "" };
}

describe("tables", () => {
  it("refuses a second table of the same name (test_create_duplicate_table)", async () => {
    const { name } = await create({ ...idTable, ...provisioned, Tags: [{ Key: "Name", Value: "test-table" }] });
    expect(await failure(() => h.client.send(new CreateTableCommand({ TableName: name, ...idTable, ...provisioned })))).toBe(
      `ResourceInUseException: Table already exists: ${name}`,
    );
  });

  it("refuses capacity units beside PAY_PER_REQUEST (test_dynamodb_pay_per_request)", async () => {
    expect(
      await failure(() => h.client.send(new CreateTableCommand({ TableName: tableName("ls4"), ...idTable, ...provisioned, BillingMode: "PAY_PER_REQUEST" }))),
    ).toBe("ValidationException: One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
  });

  it("queries a local secondary index with Select ALL_ATTRIBUTES (test_valid_local_secondary_index)", async () => {
    const { name } = await create({
      KeySchema: [
        { AttributeName: "PK", KeyType: "HASH" },
        { AttributeName: "SK", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "PK", AttributeType: "S" },
        { AttributeName: "SK", AttributeType: "S" },
        { AttributeName: "LSI1SK", AttributeType: "N" },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: "LSI1",
          KeySchema: [
            { AttributeName: "PK", KeyType: "HASH" },
            { AttributeName: "LSI1SK", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
      ...provisioned,
    });
    const item = { SK: { S: "hello" }, LSI1SK: { N: "123" }, PK: { S: "test one" } };
    await h.client.send(new PutItemCommand({ TableName: name, Item: item }));
    const result = await h.client.send(
      new QueryCommand({ TableName: name, IndexName: "LSI1", KeyConditionExpression: "PK = :v1", ExpressionAttributeValues: { ":v1": { S: "test one" } }, Select: "ALL_ATTRIBUTES" }),
    );
    expect({ Count: result.Count, ScannedCount: result.ScannedCount, Items: result.Items }).toEqual({ Count: 1, ScannedCount: 1, Items: [item] });
  });
});

describe("items", () => {
  it("returns the old item with ALL_OLD only when there was one, and nothing by default (test_return_values_in_put_item)", async () => {
    const { name } = await create({ ...idTable, ...provisioned });
    const foobar = { id: { S: "id1" }, data: { S: "foobar" } };
    const put = (Item: typeof foobar, ReturnValues?: "ALL_OLD") => h.client.send(new PutItemCommand({ TableName: name, Item, ReturnValues }));
    expect((await put(foobar, "ALL_OLD")).Attributes).toBeUndefined();
    expect((await put(foobar, "ALL_OLD")).Attributes).toEqual(foobar);
    expect((await put({ id: { S: "id1" }, data: { S: "barfoo" } }, "ALL_OLD")).Attributes).toEqual(foobar);
    const plain = await put(foobar);
    expect(Object.keys(plain).filter((k) => k !== "$metadata")).toEqual([]);
  });

  it("stores an empty string and arbitrary bytes outside keys (test_empty_and_binary_values, test_batch_write_binary)", async () => {
    const { name } = await create({ ...idTable, ...provisioned });
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "id1" }, data: { S: "" } } }));
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "id2" }, data: { B: Uint8Array.from([0x90]) } } }));
    const ranged = await create({
      KeySchema: [
        { AttributeName: "PK", KeyType: "HASH" },
        { AttributeName: "SK", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "PK", AttributeType: "S" },
        { AttributeName: "SK", AttributeType: "S" },
      ],
      BillingMode: "PAY_PER_REQUEST",
    });
    const undecodable = Uint8Array.from(Buffer.from("test \xc0 \xed", "latin1"));
    const { UnprocessedItems } = await h.client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [ranged.name]: [
            { PutRequest: { Item: { PK: { S: "hello-1" }, SK: { S: "user-1" }, data: { B: Buffer.from("test-1") } } } },
            { PutRequest: { Item: { PK: { S: "hello-2" }, SK: { S: "user-2" }, data: { B: undecodable } } } },
          ],
        },
      }),
    );
    expect(UnprocessedItems).toEqual({});
    const { Item } = await h.client.send(new GetItemCommand({ TableName: ranged.name, Key: { PK: { S: "hello-2" }, SK: { S: "user-2" } } }));
    expect(Item?.data.B).toEqual(undecodable);
  });

  it("answers an empty list for a key with no item, and no unprocessed keys (test_dynamodb_get_batch_items)", async () => {
    const { name } = await create({ KeySchema: [{ AttributeName: "PK", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "PK", AttributeType: "S" }], ...provisioned });
    const result = await h.client.send(new BatchGetItemCommand({ RequestItems: { [name]: { Keys: [{ PK: { S: "test-key" } }] } } }));
    expect({ Responses: result.Responses, UnprocessedKeys: result.UnprocessedKeys }).toEqual({ Responses: { [name]: [] }, UnprocessedKeys: {} });
  });

  it("deletes and puts in one batch (test_batch_write_items), refusing an item without its keys (test_batch_write_not_matching_schema)", async () => {
    const { name } = await create({ ...idTable, ...provisioned });
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "Fred" } } }));
    const done = await h.client.send(
      new BatchWriteItemCommand({ RequestItems: { [name]: [{ DeleteRequest: { Key: { id: { S: "Fred" } } } }, { PutRequest: { Item: { id: { S: "Bob" } } } }] } }),
    );
    expect(done.UnprocessedItems).toEqual({});
    expect((await h.client.send(new ScanCommand({ TableName: name }))).Items).toEqual([{ id: { S: "Bob" } }]);
    const ranged = await create({
      KeySchema: [
        { AttributeName: "id", KeyType: "HASH" },
        { AttributeName: "sortKey", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "id", AttributeType: "S" },
        { AttributeName: "sortKey", AttributeType: "S" },
      ],
      ...provisioned,
    });
    expect(await failure(() => h.client.send(new BatchWriteItemCommand({ RequestItems: { [ranged.name]: [{ PutRequest: { Item: { nonKey: { S: "hello" } } } }] } })))).toBe(
      "ValidationException: The provided key element does not match the schema",
    );
  });
});

describe("transactions", () => {
  it("applies a ConditionCheck, Put, Update and Delete together, answering nothing else (test_transaction_write_items)", async () => {
    const { name } = await create({ ...idTable, ...provisioned });
    const result = await h.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { ConditionCheck: { TableName: name, ConditionExpression: "attribute_not_exists(id)", Key: { id: { S: "test1" } } } },
          { Put: { TableName: name, Item: { id: { S: "test2" } } } },
          {
            Update: {
              TableName: name,
              Key: { id: { S: "test3" } },
              UpdateExpression: "SET attr1 = :v1, attr2 = :v2",
              ExpressionAttributeValues: { ":v1": { S: "value1" }, ":v2": { S: "value2" } },
            },
          },
          { Delete: { TableName: name, Key: { id: { S: "test4" } } } },
        ],
      }),
    );
    expect(Object.keys(result).filter((k) => k !== "$metadata")).toEqual([]);
  });

  it("writes binary data and reads it back, in a transaction too (test_transaction_write_binary_data, test_transact_get_items)", async () => {
    const { name } = await create({ ...idTable, ...provisioned });
    const binary = Buffer.from("foobar");
    await h.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: name, Item: { id: { S: "someUser" }, binaryData: { B: binary } } } }] }));
    const { Item } = await h.client.send(new GetItemCommand({ TableName: name, Key: { id: { S: "someUser" } } }));
    expect(Item).toEqual({ id: { S: "someUser" }, binaryData: { B: Uint8Array.from(binary) } });
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "John" } } }));
    const got = await h.client.send(new TransactGetItemsCommand({ TransactItems: [{ Get: { Key: { id: { S: "John" } }, TableName: name } }] }));
    expect(got.Responses).toEqual([{ Item: { id: { S: "John" } } }]);
  });

  it("accepts the same ClientRequestToken again for the same item written with its keys reordered (test_dynamodb_idempotent_writing)", async () => {
    const { name } = await create({
      KeySchema: [
        { AttributeName: "id", KeyType: "HASH" },
        { AttributeName: "name", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "id", AttributeType: "S" },
        { AttributeName: "name", AttributeType: "S" },
      ],
      ...provisioned,
    });
    const write = (Item: Record<string, { S: string }>) =>
      h.client.send(new TransactWriteItemsCommand({ ClientRequestToken: `dedupe_token_${name}`, TransactItems: [{ Put: { TableName: name, Item } }] }));
    expect((await write({ id: { S: "id1" }, name: { S: "name1" } })).$metadata.httpStatusCode).toBe(200);
    expect((await write({ name: { S: "name1" }, id: { S: "id1" } })).$metadata.httpStatusCode).toBe(200);
  });
});

describe("streams", () => {
  it("writes no record for an overwrite with the same value (test_batch_write_items_streaming)", async () => {
    const { name, streamArn } = await create({ ...idTable, ...provisioned, StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } });
    const { StreamDescription } = await h.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    expect(StreamDescription).toMatchObject({ StreamStatus: "ENABLED", StreamViewType: "NEW_AND_OLD_IMAGES", TableName: name, KeySchema: idTable.KeySchema });
    const shardId = StreamDescription?.Shards?.[0]?.ShardId;
    const { ShardIterator } = await h.streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }));
    await h.client.send(new PutItemCommand({ TableName: name, Item: { id: { S: "Fred" } } }));
    await h.client.send(
      new BatchWriteItemCommand({ RequestItems: { [name]: [{ PutRequest: { Item: { id: { S: "Fred" } } } }, { PutRequest: { Item: { id: { S: "NewKey" } } } }] } }),
    );
    await h.client.send(
      new BatchWriteItemCommand({
        RequestItems: { [name]: [{ DeleteRequest: { Key: { id: { S: "NewKey" } } } }, { PutRequest: { Item: { id: { S: "Fred" }, name: { S: "Fred" } } } }] },
      }),
    );
    const { Records } = await h.streams.send(new GetRecordsCommand({ ShardIterator }));
    expect(Records?.map((r) => [r.eventName, r.dynamodb?.Keys?.id?.S, r.dynamodb?.SizeBytes, r.eventVersion, r.eventSource])).toEqual([
      ["INSERT", "Fred", 12, "1.1", "aws:dynamodb"],
      ["INSERT", "NewKey", 16, "1.1", "aws:dynamodb"],
      ["REMOVE", "NewKey", 16, "1.1", "aws:dynamodb"],
      ["MODIFY", "Fred", 26, "1.1", "aws:dynamodb"],
    ]);
    expect(Records?.[3]?.dynamodb).toMatchObject({ OldImage: { id: { S: "Fred" } }, NewImage: { id: { S: "Fred" }, name: { S: "Fred" } } });
  });

  it("leaves the excluded shard out of DescribeStream (test_dynamodb_streams_describe_with_exclusive_start_shard_id)", async () => {
    const { streamArn } = await create({ ...idTable, BillingMode: "PAY_PER_REQUEST", StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } });
    const first = await h.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    const shardId = first.StreamDescription?.Shards?.[0]?.ShardId;
    expect(shardId).toBeDefined();
    const rest = await h.streams.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: shardId }));
    expect(rest.StreamDescription?.Shards?.some((s) => s.ShardId === shardId)).toBe(false);
  });

  it("hands out iterators that start with the stream ARN and a digit (test_dynamodb_streams_shard_iterator_format)", async () => {
    const { name } = await create({ KeySchema: [{ AttributeName: "my_partition_key", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "my_partition_key", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" });
    const { TableDescription } = await h.client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } }));
    const streamArn = TableDescription?.LatestStreamArn ?? "";
    const shardId = (await h.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards?.[0]?.ShardId;
    const matches = (iterator: string | undefined) => (iterator ?? "").startsWith(`${streamArn}|`) && /^\|\d\|.+$/.test((iterator ?? "").slice(streamArn.length));
    const { ShardIterator } = await h.streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: "TRIM_HORIZON" }));
    expect(matches(ShardIterator)).toBe(true);
    const page = await h.streams.send(new GetRecordsCommand({ ShardIterator }));
    expect(matches(page.NextShardIterator)).toBe(true);
    expect(page.Records).toEqual([]);
  });
});
