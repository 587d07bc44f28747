import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BatchWriteItemCommand, CreateTableCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { FileStore, SandboxError, VirtualClock, type LambdaInvokeRequest, type LambdaInvokeResult, type LambdaInvoker } from "@sam-sandbox/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseFilterPattern } from "../src/index.js";
import { tableName } from "./helpers.js";
import { startWithStreams, type StreamsHarness } from "./streamsHelpers.js";

interface EventRecord {
  eventID: string;
  eventName: string;
  eventSource: string;
  eventSourceARN: string;
  awsRegion: string;
  dynamodb: { Keys: Record<string, { S: string }>; NewImage?: Record<string, Record<string, string>>; SequenceNumber: string; ApproximateCreationDateTime: number };
  userIdentity?: { type: string; principalId: string };
}

/** A LambdaInvoker that records each event and answers as the test says. */
class FakeInvoker implements LambdaInvoker {
  readonly events: { functionName: string; records: EventRecord[] }[] = [];
  respond: (records: EventRecord[], call: number) => { functionError?: string; payload?: unknown } = () => ({});

  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    const { Records } = JSON.parse(request.payload.toString("utf8")) as { Records: EventRecord[] };
    this.events.push({ functionName: request.functionName, records: Records });
    const answer = this.respond(Records, this.events.length);
    return {
      statusCode: 200,
      payload: Buffer.from(answer.payload === undefined ? "null" : JSON.stringify(answer.payload)),
      functionError: answer.functionError,
      executedVersion: "$LATEST",
    };
  }

  /** Keys delivered, one list per invocation. */
  batches(): string[][] {
    return this.events.map((e) => e.records.map((r) => r.dynamodb.Keys.id.S));
  }

  reset(): void {
    this.events.length = 0;
    this.respond = () => ({});
  }
}

const invoker = new FakeInvoker();
let h: StreamsHarness;
beforeAll(async () => {
  h = await startWithStreams({ invoker });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => invoker.reset());

/** A table keyed by `id` with a stream of the given view type. */
async function createStreamTable(client: StreamsHarness["client"], name: string, view: "NEW_IMAGE" | "NEW_AND_OLD_IMAGES"): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: view },
    }),
  );
}

async function streamTable(): Promise<string> {
  const name = tableName("esm");
  await createStreamTable(h.client, name, "NEW_AND_OLD_IMAGES");
  return name;
}

async function put(name: string, ...ids: string[]): Promise<void> {
  for (const id of ids) await h.doc.send(new PutCommand({ TableName: name, Item: { id, status: id.startsWith("bad") ? "bad" : "ok" } }));
}

const settle = () => h.db.eventSources.settled();

async function advance(ms: number): Promise<void> {
  await h.clock.advance(ms);
  await settle();
}

describe("DynamoDB event source mappings", () => {
  it("delivers records in order, BatchSize at a time, as Lambda's DynamoDB event", async () => {
    const name = await streamTable();
    await put(name, "1", "2", "3", "4", "5");
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, batchSize: 2, startingPosition: "TRIM_HORIZON" });
    await settle();
    expect(invoker.batches()).toEqual([["1", "2"], ["3", "4"], ["5"]]);
    const record = invoker.events[0].records[0];
    expect(invoker.events[0].functionName).toBe("fn");
    expect(record.eventSourceARN).toBe(mapping.EventSourceArn);
    expect(mapping.EventSourceArn).toMatch(new RegExp(`table/${name}/stream/`));
    expect(record).toMatchObject({ eventName: "INSERT", eventSource: "aws:dynamodb", awsRegion: "us-east-1" });
    expect(record.dynamodb.NewImage).toEqual({ id: { S: "1" }, status: { S: "ok" } });
    expect(typeof record.dynamodb.ApproximateCreationDateTime).toBe("number");

    await put(name, "6");
    await settle();
    expect(invoker.batches().at(-1)).toEqual(["6"]);
    expect(h.db.eventSources.get(mapping.UUID)).toMatchObject({ State: "Enabled", BatchSize: 2, MaximumRetryAttempts: -1 });
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("starts after the existing records from LATEST", async () => {
    const name = await streamTable();
    await put(name, "old");
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, startingPosition: "LATEST" });
    await put(name, "new");
    await settle();
    expect(invoker.batches()).toEqual([["new"]]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("delivers a batch of writes made together in one invocation", async () => {
    const name = await streamTable();
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, startingPosition: "LATEST" });
    await h.client.send(
      new BatchWriteItemCommand({ RequestItems: { [name]: ["a", "b", "c"].map((id) => ({ PutRequest: { Item: { id: { S: id } } } })) } }),
    );
    await settle();
    expect(invoker.batches()).toEqual([["a", "b", "c"]]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("sends only the records that match the filter criteria", async () => {
    const name = await streamTable();
    const mapping = h.db.eventSources.create({
      functionName: "fn",
      tableName: name,
      startingPosition: "TRIM_HORIZON",
      filterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ eventName: ["INSERT"], dynamodb: { NewImage: { status: { S: ["ok"] } } } }) }],
      },
    });
    await put(name, "1", "bad-2", "3");
    await put(name, "1"); // a MODIFY that changes nothing writes no record; this one changes nothing either
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "3", status: "ok", more: 1 } })); // MODIFY: filtered out
    await settle();
    expect(invoker.batches().flat()).toEqual(["1", "3"]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("retries a failing batch with back-off on the clock until it succeeds, in order", async () => {
    const name = await streamTable();
    invoker.respond = (_, call) => (call <= 2 ? { functionError: "Unhandled", payload: { errorMessage: "boom" } } : {});
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, startingPosition: "TRIM_HORIZON" });
    await put(name, "1");
    await settle();
    await put(name, "2");
    await settle();
    expect(invoker.batches()).toEqual([["1"]]);
    await advance(1000);
    expect(invoker.batches()).toEqual([["1"], ["1"]]);
    await advance(1999);
    expect(invoker.events).toHaveLength(2);
    await advance(1);
    // Retried with the record that failed, then the next one (one batch in flight at a time).
    expect(invoker.batches()).toEqual([["1"], ["1"], ["1"], ["2"]]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("gives up on a batch after MaximumRetryAttempts and moves on", async () => {
    const name = await streamTable();
    invoker.respond = (records) => (records.some((r) => r.dynamodb.Keys.id.S.startsWith("bad")) ? { functionError: "Unhandled" } : {});
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, startingPosition: "LATEST", maximumRetryAttempts: 1 });
    await put(name, "bad-1");
    await settle();
    await advance(1000);
    await put(name, "2");
    await settle();
    expect(invoker.batches()).toEqual([["bad-1"], ["bad-1"], ["2"]]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("bisects a failing batch to isolate the bad record", async () => {
    const name = await streamTable();
    await put(name, "1", "2", "bad-3", "4");
    invoker.respond = (records) => (records.some((r) => r.dynamodb.Keys.id.S.startsWith("bad")) ? { functionError: "Unhandled" } : {});
    const mapping = h.db.eventSources.create({
      functionName: "fn",
      tableName: name,
      startingPosition: "TRIM_HORIZON",
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 0,
    });
    await settle();
    expect(invoker.batches()).toEqual([["1", "2", "bad-3", "4"], ["1", "2"], ["bad-3", "4"], ["bad-3"], ["4"]]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("retries from the first failure a function reports (ReportBatchItemFailures)", async () => {
    const name = await streamTable();
    await put(name, "1", "2", "3", "4");
    invoker.respond = (records, call) =>
      call === 1 ? { payload: { batchItemFailures: [{ itemIdentifier: records[3].dynamodb.SequenceNumber }, { itemIdentifier: records[1].dynamodb.SequenceNumber }] } } : { payload: { batchItemFailures: [] } };
    const mapping = h.db.eventSources.create({
      functionName: "fn",
      tableName: name,
      startingPosition: "TRIM_HORIZON",
      functionResponseTypes: ["ReportBatchItemFailures"],
    });
    await settle();
    await advance(1000);
    expect(invoker.batches()).toEqual([["1", "2", "3", "4"], ["2", "3", "4"]]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("treats an invalid itemIdentifier as a failure of the whole batch", async () => {
    const name = await streamTable();
    await put(name, "1", "2");
    invoker.respond = (_, call) => (call === 1 ? { payload: { batchItemFailures: [{ itemIdentifier: "" }] } } : {});
    const mapping = h.db.eventSources.create({
      functionName: "fn",
      tableName: name,
      startingPosition: "TRIM_HORIZON",
      functionResponseTypes: ["ReportBatchItemFailures"],
    });
    await settle();
    await advance(1000);
    expect(invoker.batches()).toEqual([["1", "2"], ["1", "2"]]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  // localstack test_lambda_integration_dynamodbstreams.snapshot.json (recorded on AWS),
  // test_dynamodb_report_batch_item_failure_scenarios: destination_queue_messages.
  it("records a batch given up after retries in its OnFailure destination", async () => {
    const name = await streamTable();
    const sent: { destination: string; body: Record<string, Record<string, unknown>> }[] = [];
    const destination = "arn:aws:sqs:us-east-1:000000000000:failures";
    invoker.respond = () => ({ payload: { batchItemFailures: [{ itemIdentifier: "" }] } });
    const mapping = h.db.eventSources.create({
      functionName: "arn:aws:lambda:us-east-1:000000000000:function:fn",
      tableName: name,
      startingPosition: "TRIM_HORIZON",
      batchSize: 3,
      maximumRetryAttempts: 3,
      functionResponseTypes: ["ReportBatchItemFailures"],
      onFailure: { destination, send: async (message) => void sent.push({ destination, body: JSON.parse(message) as Record<string, Record<string, unknown>> }) },
    });
    await put(name, "1");
    await settle();
    for (let i = 0; i < 3; i++) await advance(10_000);
    expect(invoker.batches()).toEqual([["1"], ["1"], ["1"], ["1"]]);
    expect(sent).toHaveLength(1);
    const { body } = sent[0];
    const record = invoker.events[0].records[0];
    expect(body.requestContext).toEqual({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      functionArn: "arn:aws:lambda:us-east-1:000000000000:function:fn",
      condition: "RetryAttemptsExhausted",
      approximateInvokeCount: 4,
    });
    // A rejected partial batch response is no function error: null, as AWS records it.
    expect(body.responseContext).toEqual({ statusCode: 200, executedVersion: "$LATEST", functionError: null });
    expect(body.DDBStreamBatchInfo).toMatchObject({
      startSequenceNumber: record.dynamodb.SequenceNumber,
      endSequenceNumber: record.dynamodb.SequenceNumber,
      approximateArrivalOfFirstRecord: new Date(record.dynamodb.ApproximateCreationDateTime * 1000).toISOString().replace(".000Z", "Z"),
      batchSize: 1,
      streamArn: record.eventSourceARN,
    });
    await h.db.eventSources.delete(mapping.UUID);
  });

  // test_disabled_dynamodb_event_source_mapping (recorded on AWS): "OK" once a batch went through.
  it("reports the last processing result: none, OK, then the failure", async () => {
    const name = await streamTable();
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, startingPosition: "LATEST", maximumRetryAttempts: 0 });
    expect(h.db.eventSources.lastProcessingResult(mapping.UUID)).toBeUndefined();
    await put(name, "1");
    await settle();
    expect(h.db.eventSources.lastProcessingResult(mapping.UUID)).toBe("OK");
    invoker.respond = () => ({ functionError: "Unhandled" });
    await put(name, "2");
    await settle();
    expect(h.db.eventSources.lastProcessingResult(mapping.UUID)).toBe("PROBLEM: Function call failed");
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("records records older than MaximumRecordAgeInSeconds as RecordAgeExceeded", async () => {
    const name = await streamTable();
    const sent: Record<string, Record<string, unknown>>[] = [];
    invoker.respond = () => ({ functionError: "Unhandled" });
    const mapping = h.db.eventSources.create({
      functionName: "fn",
      tableName: name,
      startingPosition: "TRIM_HORIZON",
      maximumRecordAgeInSeconds: 60,
      onFailure: { destination: "arn:aws:sns:us-east-1:000000000000:failures", send: async (message) => void sent.push(JSON.parse(message) as Record<string, Record<string, unknown>>) },
    });
    await put(name, "old");
    await settle();
    for (let i = 0; i < 8 && sent.length === 0; i++) await advance(30_000);
    expect(sent).toHaveLength(1);
    expect(sent[0].requestContext).toMatchObject({ functionArn: "arn:aws:lambda:us-east-1:000000000000:function:fn", condition: "RecordAgeExceeded" });
    expect(sent[0].DDBStreamBatchInfo).toMatchObject({ batchSize: 1 });
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("gathers records for MaximumBatchingWindowInSeconds before invoking", async () => {
    const name = await streamTable();
    const mapping = h.db.eventSources.create({
      functionName: "fn",
      tableName: name,
      startingPosition: "LATEST",
      batchSize: 3,
      maximumBatchingWindowInSeconds: 10,
    });
    await put(name, "1");
    await advance(5000);
    await put(name, "2");
    await settle();
    expect(invoker.events).toHaveLength(0);
    await advance(5000);
    expect(invoker.batches()).toEqual([["1", "2"]]);
    // A full batch does not wait for the window.
    await put(name, "3", "4", "5");
    await settle();
    expect(invoker.batches()).toEqual([["1", "2"], ["3", "4", "5"]]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("follows the stream from a shard to its child after a rollover", async () => {
    const name = await streamTable();
    await put(name, "1");
    await h.clock.advance(4 * 60 * 60 * 1000);
    await put(name, "2");
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, startingPosition: "TRIM_HORIZON" });
    await settle();
    await put(name, "3");
    await settle();
    expect(invoker.batches()).toEqual([["1"], ["2"], ["3"]]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("pauses while disabled", async () => {
    const name = await streamTable();
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, startingPosition: "LATEST", enabled: false });
    await put(name, "1");
    await settle();
    expect(invoker.events).toHaveLength(0);
    h.db.eventSources.setEnabled(mapping.UUID, true);
    await settle();
    expect(invoker.batches()).toEqual([["1"]]);
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("delivers TTL deletions with the service's userIdentity", async () => {
    const name = await streamTable();
    await h.client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { Enabled: true, AttributeName: "ttl" } }));
    await h.doc.send(new PutCommand({ TableName: name, Item: { id: "t", ttl: Math.floor(h.clock.now() / 1000) - 1 } }));
    const mapping = h.db.eventSources.create({ functionName: "fn", tableName: name, startingPosition: "LATEST" });
    await h.db.sweepExpiredItems();
    await settle();
    expect(invoker.events[0].records[0]).toMatchObject({
      eventName: "REMOVE",
      userIdentity: { type: "Service", principalId: "dynamodb.amazonaws.com" },
    });
    await h.db.eventSources.delete(mapping.UUID);
  });

  it("rejects mistakes in a mapping's options", async () => {
    const name = await streamTable();
    const plain = tableName("plain");
    await h.client.send(
      new CreateTableCommand({
        TableName: plain,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    );
    const create = (options: Partial<Parameters<typeof h.db.eventSources.create>[0]>) => () =>
      h.db.eventSources.create({ functionName: "fn", tableName: name, startingPosition: "LATEST", ...options });
    expect(create({ tableName: "missing" })).toThrow(SandboxError);
    expect(create({ tableName: plain })).toThrow(/has no stream/);
    expect(create({ batchSize: 0 })).toThrow(/BatchSize must be an integer from 1 to 10000/);
    expect(create({ maximumRecordAgeInSeconds: 10 })).toThrow(/MaximumRecordAgeInSeconds/);
    expect(create({ filterCriteria: { Filters: [{ Pattern: "{" }] } })).toThrow(/Invalid filter pattern/);
    expect(h.db.eventSources.list()).toEqual([]);
  });
});

// localstack tests/aws/services/lambda_/event_source_mapping/test_lambda_integration_dynamodbstreams.py
// with its snapshot (recorded on AWS, 2024-10).
describe("stream mappings as recorded on AWS", () => {
  // test_dynamodb_event_filter: two writes, the invocations the filter lets through.
  it.each([
    ["insert_same_entry_twice", { eventName: ["INSERT"] }, [{ id: "id_value", id2: "id2_value" }, { id: "id_value", id2: "id2_value" }], 1],
    ["content_or_filter", { eventName: ["INSERT", "MODIFY"] }, [{ id: "id_value" }, { id: "id_value", id2: "id2_new_value" }], 2],
    ["content_multiple_filters", { eventName: ["INSERT"], eventSource: ["aws:dynamodb"] }, [{ id: "id_value" }, { id: "id_value", id2: "id2_new_value" }], 1],
    ["content_filter_type", { dynamodb: { NewImage: { presentKey: { S: ["presentValue"] } } } }, [{ id: "id_value_1", presentKey: "presentValue" }, { id: "id_value_2" }], 1],
    ["exists_filter_type", { dynamodb: { NewImage: { presentKey: { S: [{ exists: true }] } } } }, [{ id: "id_value_1", presentKey: "presentValue" }, { id: "id_value_2" }], 1],
    ["prefix_filter", { dynamodb: { NewImage: { prefix: { S: [{ prefix: "us-1" }] } } } }, [{ id: "id_value_1", prefix: "us-1-other-suffix" }, { id: "id_value_1", prefix: "other-suffix" }], 1],
    // ApproximateCreationDateTime is a number before filtering.
    ["date_time_conversion", { dynamodb: { ApproximateCreationDateTime: [{ numeric: [">", 0] }] } }, [{ id: "id_value_1" }, { id: "id_value_2" }], 2],
  ])("test_dynamodb_event_filter[%s]", async (_id, pattern, items, calls) => {
    const name = await streamTable();
    const mapping = h.db.eventSources.create({
      functionName: "fn",
      tableName: name,
      startingPosition: "TRIM_HORIZON",
      batchSize: 1,
      maximumRetryAttempts: 1,
      filterCriteria: { Filters: [{ Pattern: JSON.stringify(pattern) }] },
    });
    for (const item of items) {
      await h.doc.send(new PutCommand({ TableName: name, Item: item }));
      await settle();
    }
    expect(invoker.events).toHaveLength(calls);
    expect(invoker.events[0].records[0].dynamodb.Keys.id.S).toBe(items[0].id);
    await h.db.eventSources.delete(mapping.UUID);
  });

  // test_dynamodb_report_batch_item_failure_scenarios: an answer naming no valid item fails the whole
  // batch, retried MaximumRetryAttempts times (4 invocations), then sent to OnFailure with
  // functionError null; an unhandled error says so.
  it.each([
    ["item_identifier_not_present_failure", { payload: { batchItemFailures: [{ itemIdentifier: 123 }] } }, null],
    ["empty_string_item_identifier_failure", { payload: { batchItemFailures: [{ itemIdentifier: "" }] } }, null],
    ["null_item_identifier_failure", { payload: { batchItemFailures: [{ itemIdentifier: null }] } }, null],
    ["invalid_key_foo_failure", { payload: { batchItemFailures: [{ foo: 123 }] } }, null],
    ["invalid_key_foo_null_value_failure", { payload: { batchItemFailures: [{ foo: null }] } }, null],
    ["unhandled_exception_in_function", { functionError: "Unhandled", payload: { errorMessage: "division by zero", errorType: "ZeroDivisionError" } }, "Unhandled"],
  ])("test_dynamodb_report_batch_item_failure_scenarios[%s]", async (_id, answer, functionError) => {
    const name = await streamTable();
    const sent: Record<string, Record<string, unknown>>[] = [];
    invoker.respond = () => answer;
    const mapping = h.db.eventSources.create({
      functionName: "fn",
      tableName: name,
      startingPosition: "TRIM_HORIZON",
      batchSize: 3,
      maximumRetryAttempts: 3,
      functionResponseTypes: ["ReportBatchItemFailures"],
      onFailure: { destination: "arn:aws:sqs:us-east-1:000000000000:failures", send: async (message) => void sent.push(JSON.parse(message) as Record<string, Record<string, unknown>>) },
    });
    await put(name, "hello world");
    await settle();
    for (let i = 0; i < 3; i++) await advance(10_000);
    expect(invoker.batches()).toEqual([["hello world"], ["hello world"], ["hello world"], ["hello world"]]);
    expect(sent).toHaveLength(1);
    expect(sent[0].requestContext).toMatchObject({ condition: "RetryAttemptsExhausted", approximateInvokeCount: 4 });
    expect(sent[0].responseContext).toEqual({ statusCode: 200, executedVersion: "$LATEST", functionError });
    await h.db.eventSources.delete(mapping.UUID);
  });

  // test_dynamodb_report_batch_item_success_scenarios: these answers report no failure; one invocation.
  it.each([
    ["empty_list_success", []],
    ["null_success", null],
    ["empty_dict_success", {}],
    ["empty_batch_item_failure_success", { batchItemFailures: [] }],
    ["null_batch_item_failure_success", { batchItemFailures: null }],
  ])("test_dynamodb_report_batch_item_success_scenarios[%s]", async (_id, payload) => {
    const name = await streamTable();
    invoker.respond = () => ({ payload });
    const mapping = h.db.eventSources.create({
      functionName: "fn",
      tableName: name,
      startingPosition: "TRIM_HORIZON",
      batchSize: 1,
      maximumRetryAttempts: 2,
      functionResponseTypes: ["ReportBatchItemFailures"],
    });
    await put(name, "hello world");
    await settle();
    await advance(60_000);
    expect(invoker.batches()).toEqual([["hello world"]]);
    expect(h.db.eventSources.lastProcessingResult(mapping.UUID)).toBe("OK");
    await h.db.eventSources.delete(mapping.UUID);
  });
});

describe("filter patterns", () => {
  const record = {
    eventName: "MODIFY",
    dynamodb: {
      Keys: { id: { S: "order-17" } },
      NewImage: { id: { S: "order-17" }, total: { N: "42.5" }, tags: { SS: ["a", "b"] }, status: { S: "Shipped" } },
    },
  };
  it.each([
    [{ eventName: ["MODIFY", "INSERT"] }, true],
    [{ eventName: ["REMOVE"] }, false],
    [{ dynamodb: { Keys: { id: { S: [{ prefix: "order-" }] } } } }, true],
    [{ dynamodb: { Keys: { id: { S: [{ suffix: "-18" }] } } } }, false],
    [{ dynamodb: { NewImage: { status: { S: [{ "equals-ignore-case": "shipped" }] } } } }, true],
    [{ dynamodb: { NewImage: { status: { S: [{ "anything-but": ["Shipped", "Lost"] }] } } } }, false],
    [{ dynamodb: { NewImage: { status: { S: [{ "anything-but": { prefix: "Pend" } }] } } } }, true],
    // An N value is a string: numeric conditions never match it (localstack
    // test_lambda_integration_dynamodbstreams.snapshot.json, test_dynamodb_event_filter[numeric_filter]).
    [{ dynamodb: { NewImage: { total: { N: [{ numeric: [">", 40, "<=", 42.5] }] } } } }, false],
    [{ dynamodb: { NewImage: { total: { N: [{ numeric: [">", 100] }, { "anything-but": "101" }] } } } }, true],
    [{ dynamodb: { NewImage: { total: { N: ["42.5"] } } } }, true],
    [{ dynamodb: { NewImage: { tags: { SS: ["b"] } } } }, true],
    [{ dynamodb: { NewImage: { missing: [{ exists: false }] } } }, true],
    [{ dynamodb: { NewImage: { status: [{ exists: true }] } } }, false],
    [{ dynamodb: { NewImage: { status: { S: [{ exists: true }] } } } }, true],
    [{ dynamodb: { OldImage: { status: { S: [{ exists: true }] } } } }, false],
    [{ dynamodb: { Keys: { id: { S: [{ wildcard: "order-*7" }] } } } }, true],
    [{ $or: [{ eventName: ["REMOVE"] }, { dynamodb: { NewImage: { status: { S: ["Shipped"] } } } }] }, true],
  ])("%j matches: %s", (pattern, expected) => {
    expect(parseFilterPattern(JSON.stringify(pattern)).matches(record)).toBe(expected);
  });

  it("rejects patterns that are not EventBridge patterns", () => {
    expect(() => parseFilterPattern('{"a": "b"}')).toThrow(/must be an object or an array/);
    expect(() => parseFilterPattern('{"a": [{"nope": 1}]}')).toThrow(/Unrecognized match type nope/);
    expect(() => parseFilterPattern('{"a": [{"numeric": [">"]}]}')).toThrow(/numeric/);
  });
});

describe("durable mappings", () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it("resume after a restart where they stopped", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-esm-"));
    dirs.push(dir);
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const fake = new FakeInvoker();
    const options = { id: "Handler/Stream", functionName: "fn", tableName: "orders", startingPosition: "LATEST" } as const;

    const first = new FileStore({ dir, clock, idleCompactMs: 3_600_000 });
    const a = await startWithStreams({ store: first, clock, invoker: fake });
    await createStreamTable(a.client, "orders", "NEW_IMAGE");
    a.db.eventSources.create(options);
    await a.doc.send(new PutCommand({ TableName: "orders", Item: { id: "1" } }));
    await a.db.eventSources.settled();
    a.db.eventSources.setEnabled(options.id, false);
    await a.doc.send(new PutCommand({ TableName: "orders", Item: { id: "2" } }));
    await a.close();
    await first.close();

    const second = new FileStore({ dir, clock });
    const b = await startWithStreams({ store: second, clock, invoker: fake });
    try {
      b.db.eventSources.create(options);
      await b.db.eventSources.settled();
      expect(fake.batches()).toEqual([["1"], ["2"]]);
    } finally {
      await b.close();
      await second.close();
    }
  });

  it("finish the batch being delivered when stopped, and do not deliver it again after a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-esm-"));
    dirs.push(dir);
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const fake = new FakeInvoker();
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    // The function answers only when the test says so: the stop comes while it runs.
    const slow: LambdaInvoker = {
      invoke: async (request) => {
        const result = await fake.invoke(request);
        await answered;
        return result;
      },
    };
    const options = { id: "Handler/Stream", functionName: "fn", tableName: "orders", startingPosition: "LATEST" } as const;

    const first = new FileStore({ dir, clock, idleCompactMs: 3_600_000 });
    const a = await startWithStreams({ store: first, clock, invoker: slow });
    await createStreamTable(a.client, "orders", "NEW_IMAGE");
    a.db.eventSources.create(options);
    await a.doc.send(new PutCommand({ TableName: "orders", Item: { id: "1" } }));
    while (fake.events.length === 0) await new Promise((resolve) => setImmediate(resolve));
    let stopped = false;
    const stopping = a.db.eventSources.close().then(() => (stopped = true));
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    answer();
    await stopping;
    await a.close();
    await first.close();

    const second = new FileStore({ dir, clock });
    const again = new FakeInvoker();
    const b = await startWithStreams({ store: second, clock, invoker: again });
    try {
      b.db.eventSources.create(options);
      await b.doc.send(new PutCommand({ TableName: "orders", Item: { id: "2" } }));
      await b.db.eventSources.settled();
      expect(again.batches()).toEqual([["2"]]);
    } finally {
      await b.close();
      await second.close();
    }
  });

  it("leave a batch still failing when stopped undelivered, and deliver it again after a restart (it was checkpointed as read), with no back-off timer after close()", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-esm-"));
    dirs.push(dir);
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    const fake = new FakeInvoker();
    fake.respond = () => ({ functionError: "Unhandled" });
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const slow: LambdaInvoker = {
      invoke: async (request) => {
        const result = await fake.invoke(request);
        await answered;
        return result;
      },
    };
    const options = { id: "Handler/Stream", functionName: "fn", tableName: "orders", startingPosition: "LATEST" } as const;

    const first = new FileStore({ dir, clock, idleCompactMs: 3_600_000 });
    const a = await startWithStreams({ store: first, clock, invoker: slow });
    await createStreamTable(a.client, "orders", "NEW_IMAGE");
    a.db.eventSources.create(options);
    await a.doc.send(new PutCommand({ TableName: "orders", Item: { id: "1" } }));
    while (fake.events.length === 0) await new Promise((resolve) => setImmediate(resolve));
    // The mappings stop while the invocation runs; it then fails. (The store's own timers stay.)
    const timersBefore = clock.pendingTimers();
    const stopping = a.db.eventSources.close();
    answer();
    await stopping;
    expect(clock.pendingTimers()).toBe(timersBefore);
    await a.close();
    await first.close();

    const second = new FileStore({ dir, clock });
    const again = new FakeInvoker();
    const b = await startWithStreams({ store: second, clock, invoker: again });
    try {
      b.db.eventSources.create(options);
      await b.db.eventSources.settled();
      expect(again.batches()).toEqual([["1"]]);
    } finally {
      await b.close();
      await second.close();
    }
  });
});
