import { CreateStreamCommand, PutRecordCommand, PutRecordsCommand } from "@aws-sdk/client-kinesis";
import type { EventSourceMappingSettings } from "@sam-sandbox/core";
import { afterEach, describe, expect, it } from "vitest";
import { ACCOUNT, REGION, startKinesis, until, type Harness } from "./helpers.js";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const arn = (name: string) => `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;

function settings(stream: string, extra: Partial<EventSourceMappingSettings> = {}): EventSourceMappingSettings {
  return {
    functionName: "consumer",
    eventSourceArn: arn(stream),
    enabled: true,
    batchSize: 100,
    startingPosition: "TRIM_HORIZON",
    maximumBatchingWindowInSeconds: 0,
    maximumRetryAttempts: -1,
    maximumRecordAgeInSeconds: -1,
    bisectBatchOnFunctionError: false,
    functionResponseTypes: [],
    ...extra,
  };
}

async function stream(harness: Harness, name: string, shards = 1) {
  await harness.client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
}
async function put(harness: Harness, name: string, values: string[], key = "k") {
  await harness.client.send(new PutRecordsCommand({ StreamName: name, Records: values.map((v) => ({ PartitionKey: key, Data: Buffer.from(v) })) }));
}
const data = (harness: Harness) => harness.invoker.events.flatMap((e) => e.event.Records.map((r) => Buffer.from(r.kinesis.data, "base64").toString()));

describe("Kinesis event source mappings", () => {
  it("invoke the function with AWS's Kinesis event shape", async () => {
    h = await startKinesis();
    await stream(h, "orders");
    const { SequenceNumber, ShardId } = await h.client.send(new PutRecordCommand({ StreamName: "orders", PartitionKey: "p1", Data: Buffer.from('{"id":1}') }));
    h.kinesis.poller.start(settings("orders"), "m-1");
    const harness = h;
    await until(() => harness.invoker.events.length === 1, "the batch");
    const record = h.invoker.events[0].event.Records[0];
    expect(record).toEqual({
      kinesis: {
        kinesisSchemaVersion: "1.0",
        partitionKey: "p1",
        sequenceNumber: SequenceNumber,
        data: Buffer.from('{"id":1}').toString("base64"),
        approximateArrivalTimestamp: h.clock.now() / 1000,
      },
      eventSource: "aws:kinesis",
      eventVersion: "1.0",
      eventID: `${ShardId}:${SequenceNumber}`,
      eventName: "aws:kinesis:record",
      invokeIdentityArn: `arn:aws:iam::${ACCOUNT}:role/lambda-role`,
      awsRegion: REGION,
      eventSourceARN: arn("orders"),
    });
    expect(h.kinesis.poller.lastProcessingResult?.("m-1")).toBe("OK");
  });

  it("LATEST skips what the stream held; new records arrive in order, BatchSize at a time", async () => {
    h = await startKinesis();
    await stream(h, "s");
    await put(h, "s", ["old"]);
    h.kinesis.poller.start(settings("s", { startingPosition: "LATEST", batchSize: 2 }), "m-2");
    await put(h, "s", ["a", "b", "c"]);
    const harness = h;
    await until(() => data(harness).length === 3, "three records");
    expect(data(h)).toEqual(["a", "b", "c"]);
    expect(h.invoker.events.map((e) => e.event.Records.length)).toEqual([2, 1]);
  });

  it("AT_TIMESTAMP starts each shard at the first record that arrived at or after the time", async () => {
    h = await startKinesis();
    await stream(h, "s");
    await put(h, "s", ["early"]);
    await h.clock.advance(60_000);
    const from = h.clock.now() / 1000;
    await put(h, "s", ["on-time", "later"]);
    h.kinesis.poller.start(settings("s", { startingPosition: "AT_TIMESTAMP", startingPositionTimestamp: from }), "m-ts");
    const harness = h;
    await until(() => data(harness).length === 2, "the records from the time on");
    expect(data(h)).toEqual(["on-time", "later"]);
  });

  it("a failing batch is retried on the Clock, then sent to the OnFailure destination after MaximumRetryAttempts", async () => {
    h = await startKinesis();
    await stream(h, "s");
    h.invoker.respond = () => ({ functionError: "Unhandled", payload: { errorMessage: "boom" } });
    await put(h, "s", ["x", "y"]);
    h.kinesis.poller.start(settings("s", { maximumRetryAttempts: 1, onFailure: "arn:aws:sqs:us-east-1:000000000000:dlq" }), "m-3");
    const harness = h;
    await until(() => harness.invoker.events.length === 1, "first attempt");
    // Waiting on the back-off timer, which the Clock moves.
    await h.kinesis.eventSources.settled();
    await h.clock.advance(1000);
    await until(() => harness.failures.length === 1, "the OnFailure record");
    expect(h.invoker.events).toHaveLength(2);
    const record = JSON.parse(h.failures[0].message) as Record<string, Record<string, unknown>>;
    expect(h.failures[0].destination).toBe("arn:aws:sqs:us-east-1:000000000000:dlq");
    expect(record.requestContext).toMatchObject({ condition: "RetryAttemptsExhausted", approximateInvokeCount: 2, functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:consumer` });
    expect(record.responseContext).toMatchObject({ functionError: "Unhandled" });
    expect(record.KinesisBatchInfo).toMatchObject({ shardId: "shardId-000000000000", batchSize: 2, streamArn: arn("s") });
    // The batch is given up: later records still flow.
    h.invoker.respond = () => ({ payload: null });
    await put(h, "s", ["z"]);
    await until(() => data(harness).includes("z"), "the next record");
  });

  it("ReportBatchItemFailures retries from the first failed record", async () => {
    h = await startKinesis();
    await stream(h, "s");
    await put(h, "s", ["1", "2", "3"]);
    let first = true;
    h.invoker.respond = (event) => {
      if (!first) return { payload: { batchItemFailures: [] } };
      first = false;
      return { payload: { batchItemFailures: [{ itemIdentifier: event.Records[1].kinesis.sequenceNumber }] } };
    };
    h.kinesis.poller.start(settings("s", { functionResponseTypes: ["ReportBatchItemFailures"] }), "m-4");
    const harness = h;
    await until(() => harness.invoker.events.length === 1, "first batch");
    await h.kinesis.eventSources.settled();
    await h.clock.advance(1000);
    await until(() => harness.invoker.events.length === 2, "the retry");
    expect(h.invoker.events[1].event.Records.map((r) => Buffer.from(r.kinesis.data, "base64").toString())).toEqual(["2", "3"]);
  });

  it("BisectBatchOnFunctionError splits a failing batch without counting a retry", async () => {
    h = await startKinesis();
    await stream(h, "s");
    await put(h, "s", ["ok1", "bad", "ok2", "ok3"]);
    h.invoker.respond = (event) =>
      event.Records.some((r) => Buffer.from(r.kinesis.data, "base64").toString() === "bad") ? { functionError: "Unhandled" } : { payload: null };
    h.kinesis.poller.start(settings("s", { bisectBatchOnFunctionError: true, maximumRetryAttempts: 0, onFailure: "arn:aws:sns:us-east-1:000000000000:t" }), "m-5");
    const harness = h;
    await until(() => harness.failures.length === 1, "the poison record given up");
    await until(() => harness.invoker.events.length === 5, "the rest delivered");
    expect((JSON.parse(h.failures[0].message) as { KinesisBatchInfo: { batchSize: number } }).KinesisBatchInfo.batchSize).toBe(1);
    // [ok1 bad ok2 ok3] → [ok1 bad] → [ok1] delivered, [bad] given up → [ok2 ok3] delivered.
    expect(h.invoker.events.map((e) => e.event.Records.length)).toEqual([4, 2, 1, 1, 2]);
  });

  it("FilterCriteria matches the decoded JSON data", async () => {
    h = await startKinesis();
    await stream(h, "s");
    await put(h, "s", ['{"type":"order"}', '{"type":"ping"}', "not json"]);
    h.kinesis.poller.start(settings("s", { filterCriteria: { Filters: [{ Pattern: '{"data":{"type":["order"]}}' }] } }), "m-6");
    const harness = h;
    await until(() => harness.invoker.events.length === 1, "the matching record");
    expect(data(h)).toEqual(['{"type":"order"}']);
  });

  it("reads every shard, a child after its parent", async () => {
    h = await startKinesis();
    await stream(h, "s", 3);
    const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
    await h.client.send(new PutRecordsCommand({ StreamName: "s", Records: keys.map((k) => ({ PartitionKey: k, Data: Buffer.from(k) })) }));
    h.kinesis.poller.start(settings("s"), "m-7");
    const harness = h;
    await until(() => data(harness).length === 12, "every record");
    expect([...data(h)].sort()).toEqual([...keys].sort());
  });

  it("a mapping started again with its UUID resumes after the last delivered record", async () => {
    h = await startKinesis();
    await stream(h, "s");
    await put(h, "s", ["a", "b"]);
    h.kinesis.poller.start(settings("s"), "m-8");
    const harness = h;
    await until(() => data(harness).length === 2, "first records");
    await h.kinesis.eventSources.close();
    // A new registry on the same state, as after a restart.
    const { KinesisEventSources } = await import("../src/eventSources/mappings.js");
    const again = new KinesisEventSources(h.kinesis.engine, h.invoker, { info() {}, warn() {}, error() {}, debug() {} } as never);
    await put(h, "s", ["c"]);
    again.create(settings("s"), "m-8");
    await until(() => data(harness).length === 3, "only the new record");
    expect(data(h)).toEqual(["a", "b", "c"]);
    await again.close();
  });

  it("a batch retried without limit is given up once its records expire from the stream (retention), and the shard moves on", async () => {
    h = await startKinesis();
    await stream(h, "s");
    h.invoker.respond = () => ({ functionError: "Unhandled" });
    await put(h, "s", ["poison"]);
    h.kinesis.poller.start(settings("s", { onFailure: "arn:aws:sqs:us-east-1:000000000000:dlq" }), "m-ret");
    const harness = h;
    await until(() => harness.invoker.events.length === 1, "the first attempt");
    await h.kinesis.eventSources.settled();
    // Past the stream's 24-hour retention: Lambda retries "until the records expire".
    await h.clock.advance(25 * 3_600_000);
    await h.kinesis.eventSources.settled();
    const before = h.invoker.events.length;
    h.invoker.respond = () => ({ payload: null });
    await h.clock.advance(60_000);
    await put(h, "s", ["next"]);
    await until(() => data(harness).includes("next"), "the next record");
    expect(h.invoker.events.slice(before).flatMap((e) => e.event.Records.map((r) => Buffer.from(r.kinesis.data, "base64").toString()))).toEqual(["next"]);
    expect(h.failures).toHaveLength(1);
  });

  it("a batch still failing when the mappings close is delivered again after a restart, and no back-off timer outlives close()", async () => {
    h = await startKinesis();
    await stream(h, "s");
    await put(h, "s", ["a"]);
    h.invoker.respond = () => ({ functionError: "Unhandled" });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const invoke = h.invoker.invoke.bind(h.invoker);
    h.invoker.invoke = async (request) => {
      calls++;
      await gate;
      return invoke(request);
    };
    h.kinesis.poller.start(settings("s"), "m-9");
    await until(() => calls === 1, "the batch in flight");
    // The mappings stop while the invocation is in flight; it then fails.
    const closing = h.kinesis.eventSources.close();
    release();
    await closing;
    expect(h.clock.pendingTimers()).toBe(0);
    await h.clock.advance(60_000);
    await new Promise((resolve) => setImmediate(resolve));
    // A restart: the batch was never handled, so it comes again.
    h.invoker.invoke = invoke;
    h.invoker.respond = () => ({ payload: null });
    const { KinesisEventSources } = await import("../src/eventSources/mappings.js");
    const again = new KinesisEventSources(h.kinesis.engine, h.invoker, { info() {}, warn() {}, error() {}, debug() {} } as never);
    again.create(settings("s"), "m-9");
    const harness = h;
    await until(() => data(harness).length === 2, "the batch delivered again");
    expect(data(h)).toEqual(["a", "a"]);
    await again.close();
  });
});
