import {
  BatchWriteItemCommand, CreateTableCommand, DeleteItemCommand, DescribeKinesisStreamingDestinationCommand, DescribeTableCommand, DisableKinesisStreamingDestinationCommand,
  EnableKinesisStreamingDestinationCommand, ExecuteStatementCommand, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand, UpdateKinesisStreamingDestinationCommand,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileStore, ValidationException, VirtualClock, type AwsDispatcher } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, onDemandTable, startDynamoDb, tableName, type Harness } from "./helpers.js";

const STREAM = "arn:aws:kinesis:us-east-1:000000000000:stream/changes";
const OTHER = "arn:aws:kinesis:us-east-1:000000000000:stream/other";
const MISSING = "arn:aws:kinesis:us-east-1:000000000000:stream/missing";

/** Kinesis as two streams: DescribeStreamSummary answers them, PutRecord keeps what it gets. */
class MemoryKinesis implements AwsDispatcher {
  readonly puts: { StreamARN: string; PartitionKey: string; record: Record<string, unknown> }[] = [];
  async call(service: string, action: string, input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const arn = String(input.StreamARN);
    if (service !== "kinesis" || (arn !== STREAM && arn !== OTHER)) throw new ValidationException(`no ${arn}`);
    if (action === "DescribeStreamSummary") return { StreamDescriptionSummary: { StreamARN: arn } };
    if (action === "PutRecord") {
      this.puts.push({ StreamARN: arn, PartitionKey: String(input.PartitionKey), record: JSON.parse(Buffer.from(String(input.Data), "base64").toString()) as Record<string, unknown> });
      return { ShardId: "shardId-000000000000", SequenceNumber: "1" };
    }
    throw new ValidationException(action);
  }
}

let h: Harness;
const kinesis = new MemoryKinesis();
beforeAll(async () => {
  h = await startDynamoDb({ dispatcher: kinesis });
});
afterAll(() => h.close());

/** A table streaming to STREAM, already ACTIVE; the puts made so far are forgotten. */
async function streamingTable(precision?: "MILLISECOND" | "MICROSECOND"): Promise<string> {
  const name = tableName("kds");
  await h.client.send(new CreateTableCommand(onDemandTable(name)));
  await h.client.send(
    new EnableKinesisStreamingDestinationCommand({ TableName: name, StreamArn: STREAM, ...(precision ? { EnableKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: precision } } : {}) }),
  );
  h.clock.advance(1000);
  kinesis.puts.length = 0;
  return name;
}

async function delivered() {
  await h.db.engine.settled();
  return kinesis.puts.splice(0);
}

describe("EnableKinesisStreamingDestination", () => {
  it("answers ENABLING, then Describe shows ACTIVE a second later on the clock; DescribeTable does not list it", async () => {
    const name = tableName("kds");
    await h.client.send(new CreateTableCommand(onDemandTable(name)));
    expect((await h.client.send(new DescribeKinesisStreamingDestinationCommand({ TableName: name }))).KinesisDataStreamDestinations).toEqual([]);
    const enabled = await h.client.send(
      new EnableKinesisStreamingDestinationCommand({ TableName: name, StreamArn: STREAM, EnableKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: "MILLISECOND" } }),
    );
    expect(enabled).toMatchObject({ TableName: name, StreamArn: STREAM, DestinationStatus: "ENABLING", EnableKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: "MILLISECOND" } });
    const describe1 = await h.client.send(new DescribeKinesisStreamingDestinationCommand({ TableName: name }));
    expect(describe1.KinesisDataStreamDestinations).toEqual([{ StreamArn: STREAM, DestinationStatus: "ENABLING", ApproximateCreationDateTimePrecision: "MILLISECOND" }]);
    h.clock.advance(1000);
    const describe2 = await h.client.send(new DescribeKinesisStreamingDestinationCommand({ TableName: name }));
    expect(describe2).toMatchObject({ TableName: name, KinesisDataStreamDestinations: [{ StreamArn: STREAM, DestinationStatus: "ACTIVE" }] });
    const table = await h.client.send(new DescribeTableCommand({ TableName: name }));
    expect(JSON.stringify(table.Table)).not.toContain("Kinesis");
  });

  it("refuses a stream that does not exist, a table that does not, and a second enable of an active destination", async () => {
    const name = await streamingTable();
    expect(await failure(() => h.client.send(new EnableKinesisStreamingDestinationCommand({ TableName: name, StreamArn: MISSING })))).toBe(
      "ValidationException: User does not have a permission to use kinesis stream",
    );
    expect(await failure(() => h.client.send(new EnableKinesisStreamingDestinationCommand({ TableName: "nope", StreamArn: STREAM })))).toBe(
      "ResourceNotFoundException: Requested resource not found",
    );
    expect(await failure(() => h.client.send(new EnableKinesisStreamingDestinationCommand({ TableName: name, StreamArn: STREAM })))).toBe(
      "ValidationException: Table is not in a valid state to enable Kinesis Streaming Destination:EnableKinesisStreamingDestination must be DISABLED or ENABLE_FAILED to perform ENABLE operation.",
    );
  });
});

describe("DisableKinesisStreamingDestination", () => {
  it("answers DISABLING, DISABLED a second later; changes then stop; it can be enabled again", async () => {
    const name = await streamingTable();
    const disabled = await h.client.send(new DisableKinesisStreamingDestinationCommand({ TableName: name, StreamArn: STREAM }));
    expect(disabled).toMatchObject({ TableName: name, StreamArn: STREAM, DestinationStatus: "DISABLING" });
    expect((await h.client.send(new DescribeKinesisStreamingDestinationCommand({ TableName: name }))).KinesisDataStreamDestinations?.[0]?.DestinationStatus).toBe("DISABLING");
    h.clock.advance(1000);
    expect((await h.client.send(new DescribeKinesisStreamingDestinationCommand({ TableName: name }))).KinesisDataStreamDestinations?.[0]?.DestinationStatus).toBe("DISABLED");
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" } } }));
    expect(await delivered()).toEqual([]);
    expect(await failure(() => h.client.send(new DisableKinesisStreamingDestinationCommand({ TableName: name, StreamArn: STREAM })))).toBe(
      "ValidationException: Table is not in a valid state to disable Kinesis Streaming Destination:DisableKinesisStreamingDestination must be ACTIVE to perform DISABLE operation.",
    );
    expect((await h.client.send(new EnableKinesisStreamingDestinationCommand({ TableName: name, StreamArn: STREAM }))).DestinationStatus).toBe("ENABLING");
  });
});

describe("UpdateKinesisStreamingDestination", () => {
  it("changes the precision (UPDATING, then ACTIVE) and refuses the same precision, no configuration and an unknown stream", async () => {
    const name = await streamingTable("MILLISECOND");
    expect(
      await failure(() =>
        h.client.send(new UpdateKinesisStreamingDestinationCommand({ TableName: name, StreamArn: STREAM, UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: "MILLISECOND" } })),
      ),
    ).toBe("ValidationException: Invalid Request: Precision is already set to the desired value of MILLISECOND");
    expect(await failure(() => h.client.send(new UpdateKinesisStreamingDestinationCommand({ TableName: name, StreamArn: STREAM })))).toMatch(/UpdateKinesisStreamingConfiguration cannot be null/);
    expect(await failure(() => h.client.send(new UpdateKinesisStreamingDestinationCommand({ TableName: name, StreamArn: OTHER, UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: "MICROSECOND" } })))).toMatch(
      `No streaming destination with streamArn: ${OTHER} found for table with tableName: ${name}`,
    );
    const updated = await h.client.send(
      new UpdateKinesisStreamingDestinationCommand({ TableName: name, StreamArn: STREAM, UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: "MICROSECOND" } }),
    );
    expect(updated).toMatchObject({ DestinationStatus: "UPDATING", UpdateKinesisStreamingConfiguration: { ApproximateCreationDateTimePrecision: "MICROSECOND" } });
    h.clock.advance(1000);
    expect((await h.client.send(new DescribeKinesisStreamingDestinationCommand({ TableName: name }))).KinesisDataStreamDestinations).toEqual([
      { StreamArn: STREAM, DestinationStatus: "ACTIVE", ApproximateCreationDateTimePrecision: "MICROSECOND" },
    ]);
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" } } }));
    const [put] = await delivered();
    expect(put?.record.dynamodb).toMatchObject({ ApproximateCreationDateTime: h.clock.now() * 1000, ApproximateCreationDateTimePrecision: "MICROSECOND" });
  });
});

describe("item changes in the Kinesis stream", () => {
  it("writes INSERT, MODIFY and REMOVE records in DynamoDB's Kinesis format, both images, one partition key per item", async () => {
    const name = await streamingTable("MILLISECOND");
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" }, n: { N: "1" } } }));
    await h.client.send(new UpdateItemCommand({ TableName: name, Key: { pk: { S: "a" } }, UpdateExpression: "SET n = :n", ExpressionAttributeValues: { ":n": { N: "2" } } }));
    // A write that changes nothing makes no record.
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "a" }, n: { N: "2" } } }));
    await h.client.send(new DeleteItemCommand({ TableName: name, Key: { pk: { S: "a" } } }));
    const puts = await delivered();
    expect(puts.map((p) => p.record.eventName)).toEqual(["INSERT", "MODIFY", "REMOVE"]);
    expect(puts.every((p) => p.StreamARN === STREAM)).toBe(true);
    expect(new Set(puts.map((p) => p.PartitionKey)).size).toBe(1);
    expect(puts[0]?.PartitionKey).toMatch(/^[0-9A-F]{32}$/);
    expect(puts[1]?.record).toEqual({
      awsRegion: "us-east-1",
      eventID: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      eventName: "MODIFY",
      userIdentity: null,
      recordFormat: "application/json",
      tableName: name,
      dynamodb: {
        ApproximateCreationDateTime: h.clock.now(),
        Keys: { pk: { S: "a" } },
        NewImage: { pk: { S: "a" }, n: { N: "2" } },
        OldImage: { pk: { S: "a" }, n: { N: "1" } },
        SizeBytes: expect.any(Number) as unknown,
        ApproximateCreationDateTimePrecision: "MILLISECOND",
      },
      eventSource: "aws:dynamodb",
    });
    expect(puts[2]?.record.dynamodb).not.toHaveProperty("NewImage");
  });

  it("carries batch, transaction and PartiQL writes", async () => {
    const name = await streamingTable();
    await h.client.send(new BatchWriteItemCommand({ RequestItems: { [name]: [{ PutRequest: { Item: { pk: { S: "b1" } } } }, { PutRequest: { Item: { pk: { S: "b2" } } } }] } }));
    await h.client.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: name, Item: { pk: { S: "t1" } } } }, { Delete: { TableName: name, Key: { pk: { S: "b1" } } } }] }));
    await h.client.send(new ExecuteStatementCommand({ Statement: `INSERT INTO "${name}" VALUE {'pk': 'p1'}` }));
    const puts = await delivered();
    expect(puts.map((p) => `${String(p.record.eventName)} ${JSON.stringify((p.record.dynamodb as { Keys: unknown }).Keys)}`).sort()).toEqual(
      ['INSERT {"pk":{"S":"b1"}}', 'INSERT {"pk":{"S":"b2"}}', 'INSERT {"pk":{"S":"p1"}}', 'INSERT {"pk":{"S":"t1"}}', 'REMOVE {"pk":{"S":"b1"}}'].sort(),
    );
  });

  it("names DynamoDB's service as the identity of a TTL deletion", async () => {
    const name = await streamingTable();
    await h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: "exp", Enabled: true } }));
    await h.client.send(new PutItemCommand({ TableName: name, Item: { pk: { S: "old" }, exp: { N: String(Math.floor(h.clock.now() / 1000) - 10) } } }));
    await h.db.sweepExpiredItems();
    const puts = await delivered();
    expect(puts.map((p) => p.record.eventName)).toEqual(["INSERT", "REMOVE"]);
    expect(puts[1]?.record.userIdentity).toEqual({ Type: "Service", PrincipalId: "dynamodb.amazonaws.com" });
  });
});

describe("a restart", () => {
  it("keeps the destination, and the table's changes still reach the stream", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-dynamodb-kds-"));
    const sink = new MemoryKinesis();
    try {
      const first = new FileStore({ dir, clock: new VirtualClock() });
      const a = await startDynamoDb({ store: first, dispatcher: sink });
      await a.client.send(new CreateTableCommand(onDemandTable("kept")));
      await a.client.send(new EnableKinesisStreamingDestinationCommand({ TableName: "kept", StreamArn: STREAM }));
      await a.close();
      await first.close();

      const second = new FileStore({ dir, clock: new VirtualClock() });
      const b = await startDynamoDb({ store: second, dispatcher: sink });
      try {
        await b.client.send(new PutItemCommand({ TableName: "kept", Item: { pk: { S: "after" } } }));
        await b.db.engine.settled();
        expect(sink.puts.map((p) => [p.StreamARN, p.record.eventName])).toEqual([[STREAM, "INSERT"]]);
      } finally {
        await b.close();
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
