import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ExecuteStatementCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateTableCommand,
  type StreamViewType,
} from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { DeleteCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { FileStore, VirtualClock } from "@sam-sandbox/core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { tableName } from "./helpers.js";
import { readAll, startWithStreams, type StreamsHarness } from "./streamsHelpers.js";

let h: StreamsHarness;
beforeAll(async () => {
  h = await startWithStreams();
});
afterAll(async () => {
  await h.close();
});

async function createStreamTable(viewType: StreamViewType = "NEW_AND_OLD_IMAGES", name = tableName("s")): Promise<{ name: string; arn: string }> {
  const { TableDescription } = await h.client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
    }),
  );
  return { name, arn: TableDescription?.LatestStreamArn ?? "" };
}

async function shardOf(arn: string): Promise<string> {
  const { StreamDescription } = await h.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
  return StreamDescription?.Shards?.[0]?.ShardId ?? "";
}

async function iterator(arn: string, type: "TRIM_HORIZON" | "LATEST" | "AT_SEQUENCE_NUMBER" | "AFTER_SEQUENCE_NUMBER", sequenceNumber?: string) {
  const { ShardIterator } = await h.streams.send(
    new GetShardIteratorCommand({ StreamArn: arn, ShardId: await shardOf(arn), ShardIteratorType: type, SequenceNumber: sequenceNumber }),
  );
  return ShardIterator ?? "";
}

describe("StreamSpecification", () => {
  it("gives the table a stream that DescribeTable, ListStreams and DescribeStream show", async () => {
    const { name, arn } = await createStreamTable("NEW_IMAGE");
    expect(arn).toMatch(new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${name}/stream/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}$`));
    const { Table } = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_IMAGE" });
    expect(Table?.LatestStreamArn).toBe(arn);
    expect(arn.endsWith(`/stream/${Table?.LatestStreamLabel}`)).toBe(true);

    const listed = await h.streams.send(new ListStreamsCommand({ TableName: name }));
    expect(listed.Streams).toEqual([{ StreamArn: arn, TableName: name, StreamLabel: Table?.LatestStreamLabel }]);

    const { StreamDescription } = await h.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    expect(StreamDescription).toMatchObject({
      StreamArn: arn,
      StreamLabel: Table?.LatestStreamLabel,
      StreamStatus: "ENABLED",
      StreamViewType: "NEW_IMAGE",
      TableName: name,
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
    });
    expect(StreamDescription?.CreationRequestDateTime).toBeInstanceOf(Date);
    const shards = StreamDescription?.Shards ?? [];
    expect(shards).toHaveLength(1);
    expect(shards[0].ShardId).toMatch(/^shardId-\d{20}-[0-9a-f]{8}$/);
    expect(shards[0].SequenceNumberRange?.StartingSequenceNumber).toMatch(/^\d{21}$/);
    expect(shards[0].SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
  });

  it("writes INSERT, MODIFY and REMOVE records with AWS's shape", async () => {
    const { name, arn } = await createStreamTable();
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "a", n: 1 } }));
    await h.doc.send(new UpdateCommand({ TableName: name, Key: { id: "a" }, UpdateExpression: "SET n = :n", ExpressionAttributeValues: { ":n": 2 } }));
    await h.doc.send(new DeleteCommand({ TableName: name, Key: { id: "a" } }));

    const records = await readAll(h.streams, arn);
    expect(records.map((r) => r.eventName)).toEqual(["INSERT", "MODIFY", "REMOVE"]);
    const [insert, modify, remove] = records;
    expect(insert).toMatchObject({ eventVersion: "1.1", eventSource: "aws:dynamodb", awsRegion: "us-east-1" });
    expect(insert.eventID).toMatch(/^[0-9a-f]{32}$/);
    expect(insert.userIdentity).toBeUndefined();
    expect(insert.dynamodb).toMatchObject({
      Keys: { id: { S: "a" } },
      NewImage: { id: { S: "a" }, n: { N: "1" } },
      StreamViewType: "NEW_AND_OLD_IMAGES",
    });
    expect(insert.dynamodb?.OldImage).toBeUndefined();
    expect(insert.dynamodb?.ApproximateCreationDateTime).toEqual(new Date(Date.UTC(2026, 0, 1)));
    expect(modify.dynamodb).toMatchObject({ OldImage: { id: { S: "a" }, n: { N: "1" } }, NewImage: { id: { S: "a" }, n: { N: "2" } } });
    expect(remove.dynamodb).toMatchObject({ Keys: { id: { S: "a" } }, OldImage: { id: { S: "a" }, n: { N: "2" } } });
    expect(remove.dynamodb?.NewImage).toBeUndefined();

    const sequence = records.map((r) => r.dynamodb?.SequenceNumber ?? "");
    for (const s of sequence) expect(s).toMatch(/^\d{21,}$/);
    expect([...sequence].sort()).toEqual(sequence);
    expect(new Set(sequence).size).toBe(3);
  });

  it("computes SizeBytes as AWS does (Keys plus the images carried)", async () => {
    // AWS's sample Lambda event: Keys {Id: 101}, NewImage {Message: "New item!", Id: 101} → 26 bytes.
    const name = tableName("size");
    const { TableDescription } = await h.client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "Id", AttributeType: "N" }],
        KeySchema: [{ AttributeName: "Id", KeyType: "HASH" }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      }),
    );
    await h.doc.send(new PutCommand({ TableName: name, Item: { Id: 101, Message: "New item!" } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { Id: 101, Message: "This item has changed" } }));
    await h.doc.send(new DeleteCommand({ TableName: name, Key: { Id: 101 } }));
    const records = await readAll(h.streams, TableDescription?.LatestStreamArn ?? "");
    expect(records.map((r) => r.dynamodb?.SizeBytes)).toEqual([26, 59, 38]);
  });

  it.each([
    ["KEYS_ONLY", false, false],
    ["NEW_IMAGE", true, false],
    ["OLD_IMAGE", false, true],
    ["NEW_AND_OLD_IMAGES", true, true],
  ] as const)("carries the images a %s stream asks for", async (viewType, hasNew, hasOld) => {
    const { name, arn } = await createStreamTable(viewType);
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "k", v: "1" } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "k", v: "2" } }));
    const [, modify] = await readAll(h.streams, arn);
    expect(modify.dynamodb?.StreamViewType).toBe(viewType);
    expect(modify.dynamodb?.Keys).toEqual({ id: { S: "k" } });
    expect(modify.dynamodb?.NewImage).toEqual(hasNew ? { id: { S: "k" }, v: { S: "2" } } : undefined);
    expect(modify.dynamodb?.OldImage).toEqual(hasOld ? { id: { S: "k" }, v: { S: "1" } } : undefined);
  });

  it("writes no record for a write that changes nothing", async () => {
    const { name, arn } = await createStreamTable();
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "a", tags: new Set(["x", "y"]), n: 1 } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "a", tags: new Set(["y", "x"]), n: 1 } }));
    await h.doc.send(new UpdateCommand({ TableName: name, Key: { id: "a" }, UpdateExpression: "SET n = :n", ExpressionAttributeValues: { ":n": 1 } }));
    await h.doc.send(new DeleteCommand({ TableName: name, Key: { id: "missing" } }));
    const records = await readAll(h.streams, arn);
    expect(records.map((r) => r.eventName)).toEqual(["INSERT"]);
  });

  it("records each write of a batch and of a transaction, in order", async () => {
    const { name, arn } = await createStreamTable("KEYS_ONLY");
    await h.client.send(
      new BatchWriteItemCommand({
        RequestItems: { [name]: [{ PutRequest: { Item: { id: { S: "1" } } } }, { PutRequest: { Item: { id: { S: "2" } } } }] },
      }),
    );
    await h.client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Delete: { TableName: name, Key: { id: { S: "1" } } } },
          { Update: { TableName: name, Key: { id: { S: "2" } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { S: "x" } } } },
          { Put: { TableName: name, Item: { id: { S: "3" } } } },
        ],
      }),
    );
    const records = await readAll(h.streams, arn);
    expect(records.map((r) => `${r.eventName} ${r.dynamodb?.Keys?.id?.S}`)).toEqual(["INSERT 1", "INSERT 2", "REMOVE 1", "MODIFY 2", "INSERT 3"]);
  });
});

describe("PartiQL", () => {
  it("records INSERT, UPDATE and DELETE statements like any other write", async () => {
    const { name, arn } = await createStreamTable("NEW_IMAGE");
    await h.client.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "${name}" VALUE {'id': 'a', 'n': 1}` }));
    await h.client.send(new ExecuteStatementCommand({ Statement: `UPDATE "${name}" SET n = 2 WHERE id = 'a'` }));
    await h.client.send(new ExecuteStatementCommand({ Statement: `DELETE FROM "${name}" WHERE id = 'a'` }));
    const records = await readAll(h.streams, arn);
    expect(records.map((r) => `${r.eventName} ${r.dynamodb?.NewImage?.n?.N ?? "-"}`)).toEqual(["INSERT 1", "MODIFY 2", "REMOVE -"]);
  });
});

describe("GetShardIterator and GetRecords", () => {
  it("reads from LATEST, AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER", async () => {
    const { name, arn } = await createStreamTable("KEYS_ONLY");
    for (const id of ["1", "2", "3"]) await h.doc.send(new PutCommand({ TableName: name, Item: { id } }));
    const latest = await iterator(arn, "LATEST");
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "4" } }));
    const fromLatest = await h.streams.send(new GetRecordsCommand({ ShardIterator: latest }));
    expect(fromLatest.Records?.map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(["4"]);

    const all = await readAll(h.streams, arn);
    const second = all[1].dynamodb?.SequenceNumber;
    const at = await h.streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, "AT_SEQUENCE_NUMBER", second) }));
    expect(at.Records?.map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(["2", "3", "4"]);
    const after = await h.streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, "AFTER_SEQUENCE_NUMBER", second) }));
    expect(after.Records?.map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(["3", "4"]);
  });

  it("pages with Limit and NextShardIterator, and an open shard always has a next iterator", async () => {
    const { name, arn } = await createStreamTable("KEYS_ONLY");
    for (const id of ["1", "2", "3"]) await h.doc.send(new PutCommand({ TableName: name, Item: { id } }));
    const first = await h.streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, "TRIM_HORIZON"), Limit: 2 }));
    expect(first.Records?.map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(["1", "2"]);
    expect(first.NextShardIterator).toMatch(new RegExp(`^${arn.replace(/[.]/g, "\\.")}\\|1\\|`));
    const second = await h.streams.send(new GetRecordsCommand({ ShardIterator: first.NextShardIterator, Limit: 2 }));
    expect(second.Records?.map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(["3"]);
    const empty = await h.streams.send(new GetRecordsCommand({ ShardIterator: second.NextShardIterator }));
    expect(empty.Records).toEqual([]);
    expect(empty.NextShardIterator).toBeDefined();
  });

  it("expires an iterator after 15 minutes", async () => {
    const { arn } = await createStreamTable();
    const it15 = await iterator(arn, "TRIM_HORIZON");
    await h.clock.advance(15 * 60 * 1000);
    await expect(h.streams.send(new GetRecordsCommand({ ShardIterator: it15 }))).resolves.toBeDefined();
    await h.clock.advance(1);
    await expect(h.streams.send(new GetRecordsCommand({ ShardIterator: it15 }))).rejects.toMatchObject({
      name: "ExpiredIteratorException",
      message: "Shard iterator has expired",
    });
  });

  it("answers AWS's errors", async () => {
    const { arn } = await createStreamTable();
    const missing = `${arn.slice(0, arn.indexOf("/stream/"))}/stream/2020-01-01T00:00:00.000`;
    await expect(h.streams.send(new DescribeStreamCommand({ StreamArn: missing }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: `Requested resource not found: Stream: ${missing} not found`,
    });
    await expect(
      h.streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: "shardId-00000000000000000000-00000000", ShardIteratorType: "LATEST" })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException", message: "Requested resource not found: Shard does not exist" });
    await expect(h.streams.send(new DescribeStreamCommand({ StreamArn: "arn:short" }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "1 validation error detected: Value 'arn:short' at 'streamArn' failed to satisfy constraint: Member must have length greater than or equal to 37",
    });
    // A ValidationException, not LimitExceededException (Alternator's test_get_records_too_high_limit, run against DynamoDB).
    await expect(h.streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, "LATEST"), Limit: 1001 }))).rejects.toMatchObject({
      name: "ValidationException",
      message: "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
    });
  });
});

describe("shards", () => {
  it("rolls a shard over to a child shard after four hours", async () => {
    const { name, arn } = await createStreamTable("KEYS_ONLY");
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "1" } }));
    await h.clock.advance(4 * 60 * 60 * 1000);
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "2" } }));
    const shards = (await h.streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription?.Shards ?? [];
    expect(shards).toHaveLength(2);
    const [parent, child] = shards;
    expect(parent.SequenceNumberRange?.EndingSequenceNumber).toMatch(/^\d{21}$/);
    expect(child.ParentShardId).toBe(parent.ShardId);
    expect(child.SequenceNumberRange?.EndingSequenceNumber).toBeUndefined();
    expect(BigInt(child.SequenceNumberRange?.StartingSequenceNumber ?? "0")).toBeGreaterThan(BigInt(parent.SequenceNumberRange?.EndingSequenceNumber ?? "0"));
    const children = await h.streams.send(new DescribeStreamCommand({ StreamArn: arn, ShardFilter: { Type: "CHILD_SHARDS", ShardId: parent.ShardId } }));
    expect(children.StreamDescription?.Shards?.map((s) => s.ShardId)).toEqual([child.ShardId]);

    // The parent reads to its end (no next iterator); the child holds the new record.
    const fromParent = await h.streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, "TRIM_HORIZON") }));
    expect(fromParent.Records?.map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(["1"]);
    expect(fromParent.NextShardIterator).toBeUndefined();
    expect((await readAll(h.streams, arn)).map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(["1", "2"]);
  });
});

describe("retention", () => {
  it("trims records after 24 hours and reports reads from before the trim point", async () => {
    const { name, arn } = await createStreamTable("KEYS_ONLY");
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "old" } }));
    const oldSequence = (await readAll(h.streams, arn))[0].dynamodb?.SequenceNumber;
    await h.clock.advance(24 * 60 * 60 * 1000 - 60_000);
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "new" } }));
    const beforeTrim = await iterator(arn, "TRIM_HORIZON");
    await h.clock.advance(2 * 60_000);

    expect((await readAll(h.streams, arn)).map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(["new"]);
    await expect(h.streams.send(new GetRecordsCommand({ ShardIterator: beforeTrim }))).rejects.toMatchObject({
      name: "TrimmedDataAccessException",
    });
    await expect(iterator(arn, "AT_SEQUENCE_NUMBER", oldSequence)).rejects.toMatchObject({ name: "TrimmedDataAccessException" });
  });
});

describe("stream lifecycle", () => {
  it("closes the shard when the stream is disabled and mints a new stream when it is enabled again", async () => {
    const { name, arn } = await createStreamTable("KEYS_ONLY");
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "1" } }));
    await expect(
      h.client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } })),
    ).rejects.toMatchObject({ name: "ValidationException", message: `Table already has an enabled stream: TableName: ${name}` });
    await expect(
      h.client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false, StreamViewType: "KEYS_ONLY" } })),
    ).rejects.toMatchObject({
      message: "One or more parameter values were invalid: If stream is being disabled, then UpdateViewType must not be specified",
    });

    const disabled = await h.client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }));
    expect(disabled.TableDescription?.StreamSpecification).toBeUndefined();
    expect(disabled.TableDescription?.LatestStreamArn).toBe(arn);
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "2" } }));
    const closed = (await h.streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription;
    expect(closed?.StreamStatus).toBe("DISABLED");
    expect(closed?.Shards?.[0].SequenceNumberRange?.EndingSequenceNumber).toMatch(/^\d{21}$/);
    await expect(h.client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: false } }))).rejects.toMatchObject({
      message: `Table has no stream to disable: TableName: ${name}`,
    });

    // The closed shard still reads, and ends: no next iterator once its records are read.
    const read = await h.streams.send(new GetRecordsCommand({ ShardIterator: await iterator(arn, "TRIM_HORIZON") }));
    expect(read.Records?.map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(["1"]);
    expect(read.NextShardIterator).toBeUndefined();

    await expect(h.client.send(new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true } }))).rejects.toMatchObject({
      message: "One or more parameter values were invalid: If stream is being enabled then UpdateViewType is required",
    });
    const enabled = await h.client.send(
      new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" } }),
    );
    const newArn = enabled.TableDescription?.LatestStreamArn ?? "";
    expect(newArn).not.toBe(arn);
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "3" } }));
    expect((await readAll(h.streams, newArn)).map((r) => r.dynamodb?.NewImage?.id?.S)).toEqual(["3"]);
    const listed = await h.streams.send(new ListStreamsCommand({ TableName: name }));
    expect(listed.Streams?.map((s) => s.StreamArn)).toEqual([newArn, arn]);
  });

  it("disables the stream of a deleted table, whose records stay readable", async () => {
    const { name, arn } = await createStreamTable("KEYS_ONLY");
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "1" } }));
    await h.client.send(new DeleteTableCommand({ TableName: name }));
    const { StreamDescription } = await h.streams.send(new DescribeStreamCommand({ StreamArn: arn }));
    expect(StreamDescription?.StreamStatus).toBe("DISABLED");
    expect((await readAll(h.streams, arn)).map((r) => r.dynamodb?.Keys?.id?.S)).toEqual(["1"]);
  });

  it("uses the label set for a table's next stream (the template's !GetAtt Table.StreamArn)", async () => {
    const name = tableName("label");
    h.db.setStreamLabel(name, "2024-03-05T10:11:12.345");
    const { arn } = await createStreamTable("KEYS_ONLY", name);
    expect(arn.endsWith(`table/${name}/stream/2024-03-05T10:11:12.345`)).toBe(true);
  });

  it("rejects a stream without a view type at CreateTable", async () => {
    await expect(
      h.client.send(
        new CreateTableCommand({
          TableName: tableName("bad"),
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          StreamSpecification: { StreamEnabled: true },
        }),
      ),
    ).rejects.toMatchObject({
      message: "One or more parameter values were invalid: Table is being created with a stream enabled, UpdateViewType is required",
    });
  });

  it("pages ListStreams with Limit and ExclusiveStartStreamArn", async () => {
    const first = await h.streams.send(new ListStreamsCommand({ Limit: 1 }));
    expect(first.Streams).toHaveLength(1);
    expect(first.LastEvaluatedStreamArn).toBe(first.Streams?.[0].StreamArn);
    const next = await h.streams.send(new ListStreamsCommand({ Limit: 1, ExclusiveStartStreamArn: first.LastEvaluatedStreamArn }));
    expect(next.Streams?.[0].StreamArn).not.toBe(first.Streams?.[0].StreamArn);
  });
});

describe("durability", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-streams-"));
    dirs.push(dir);
    return dir;
  }

  it("journals stream records with their writes: a crash keeps both", async () => {
    const dir = await tempDir();
    // A separate process writes, gets its answers, then exits without closing anything.
    const script = `
      import { FileStore, VirtualClock, silentLogger } from "@sam-sandbox/core";
      import { createDynamoDb } from "./dist/index.js";
      const clock = new VirtualClock(Date.UTC(2026, 0, 1));
      const store = new FileStore({ dir: ${JSON.stringify(dir)}, clock, idleCompactMs: 3600000 });
      const db = await createDynamoDb({ store, clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
      await db.engine.createTable({ TableName: "crash", AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], BillingMode: "PAY_PER_REQUEST", StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" } });
      await db.engine.putItem({ TableName: "crash", Item: { id: { S: "a" }, v: { N: "1" } } });
      await db.engine.transactWriteItems({ TransactItems: [
        { Update: { TableName: "crash", Key: { id: { S: "a" } }, UpdateExpression: "SET v = :v", ExpressionAttributeValues: { ":v": { N: "2" } } } },
        { Put: { TableName: "crash", Item: { id: { S: "b" } } } },
      ] });
      process.exit(0);
    `;
    const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: packageDir, encoding: "utf8" });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);

    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const store = new FileStore({ dir, clock });
    const b = await startWithStreams({ store, clock });
    try {
      const { Table } = await b.client.send(new DescribeTableCommand({ TableName: "crash" }));
      const records = await readAll(b.streams, Table?.LatestStreamArn ?? "");
      expect(records.map((r) => `${r.eventName} ${r.dynamodb?.Keys?.id?.S} ${r.dynamodb?.NewImage?.v?.N ?? "-"}`)).toEqual([
        "INSERT a 1",
        "MODIFY a 2",
        "INSERT b -",
      ]);
      await b.doc.send(new DeleteCommand({ TableName: "crash", Key: { id: "b" } }));
      const after = await readAll(b.streams, Table?.LatestStreamArn ?? "");
      expect(after[3].eventName).toBe("REMOVE");
      expect(BigInt(after[3].dynamodb?.SequenceNumber ?? "0")).toBeGreaterThan(BigInt(after[2].dynamodb?.SequenceNumber ?? "0"));
    } finally {
      await b.close();
      await store.close();
    }
  });

  it("keeps streams and records in snapshots", async () => {
    const dir = await tempDir();
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const first = new FileStore({ dir, clock });
    const a = await startWithStreams({ store: first, clock });
    const { TableDescription } = await a.client.send(
      new CreateTableCommand({
        TableName: "snap",
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      }),
    );
    const arn = TableDescription?.LatestStreamArn ?? "";
    await a.client.send(new PutItemCommand({ TableName: "snap", Item: { id: { S: "1" } } }));
    await a.client.send(new UpdateTableCommand({ TableName: "snap", StreamSpecification: { StreamEnabled: false } }));
    const before = await readAll(a.streams, arn);
    const described = (await a.streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription;
    await a.close();
    await first.close();

    const second = new FileStore({ dir, clock });
    const b = await startWithStreams({ store: second, clock });
    try {
      expect(await readAll(b.streams, arn)).toEqual(before);
      expect((await b.streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription).toEqual(described);
    } finally {
      await b.close();
      await second.close();
    }
  });
});
