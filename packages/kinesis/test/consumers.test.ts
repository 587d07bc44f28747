import { AwsError, MemoryStore, VirtualClock } from "@sam-sandbox/core";
import { describe, expect, it } from "vitest";
import { KinesisEngine } from "../src/engine/engine.js";
import { kinesisCodec } from "../src/engine/state.js";
import type { SubscribeToShardEvent } from "../src/engine/subscriptions.js";
import { ACCOUNT, NOW, REGION } from "./helpers.js";

const STREAM_ARN = `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/orders`;

async function engine() {
  const clock = new VirtualClock(NOW);
  const durable = await new MemoryStore().open("kinesis", kinesisCodec);
  const e = new KinesisEngine({ durable, clock, region: REGION, accountId: ACCOUNT });
  await e.createStream({ StreamName: "orders", ShardCount: 1 });
  return { e, clock };
}

async function error(run: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await run();
  } catch (e) {
    if (e instanceof AwsError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error("expected an AwsError");
}

const b64 = (text: string) => Buffer.from(text).toString("base64");
const texts = (event: SubscribeToShardEvent | undefined) => (event?.Records ?? []).map((r) => Buffer.from(String(r.Data), "base64").toString("utf8"));

describe("RegisterStreamConsumer / DescribeStreamConsumer", () => {
  it("registers a consumer CREATING, with an ARN ending in its creation second, ACTIVE a few seconds later", async () => {
    const { e, clock } = await engine();
    const { Consumer } = await e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit" });
    expect(Consumer).toEqual({ ConsumerName: "audit", ConsumerARN: `${STREAM_ARN}/consumer/audit:${NOW / 1000}`, ConsumerStatus: "CREATING", ConsumerCreationTimestamp: NOW / 1000 });
    await clock.advance(4_999);
    expect(e.describeStreamConsumer({ ConsumerARN: Consumer.ConsumerARN }).ConsumerDescription.ConsumerStatus).toBe("CREATING");
    await clock.advance(1);
    expect(e.describeStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit" }).ConsumerDescription).toEqual({ ...Consumer, ConsumerStatus: "ACTIVE", StreamARN: STREAM_ARN });
    expect(e.describeStreamSummary({ StreamName: "orders" }).StreamDescriptionSummary.ConsumerCount).toBe(1);
  });

  it("refuses a name the stream has, more than 20 consumers, and a sixth one while five are CREATING", async () => {
    const { e, clock } = await engine();
    await e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit" });
    expect(await error(() => e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit" }))).toEqual({
      code: "ResourceInUseException", message: `Consumer audit under stream orders under account ${ACCOUNT} already exists.`,
    });
    for (let i = 1; i < 5; i++) await e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: `c${i}` });
    expect((await error(() => e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "sixth" }))).code).toBe("LimitExceededException");
    for (let i = 5; i < 20; i++) {
      await clock.advance(5_000);
      await e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: `c${i}` });
    }
    await clock.advance(5_000);
    expect(await error(() => e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "c20" }))).toEqual({
      code: "LimitExceededException", message: "Only 20 consumers can be registered to a stream at once",
    });
  });

  it("names an unknown consumer as AWS does, and asks for an ARN or a stream and a name", async () => {
    const { e } = await engine();
    const arn = `${STREAM_ARN}/consumer/nobody:1700000000`;
    expect(await error(() => e.describeStreamConsumer({ ConsumerARN: arn }))).toEqual({ code: "ResourceNotFoundException", message: `Consumer ${arn}, account ${ACCOUNT} not found.` });
    expect((await error(() => e.describeStreamConsumer({ ConsumerName: "audit" }))).code).toBe("InvalidArgumentException");
    expect(await error(() => e.registerStreamConsumer({ StreamARN: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/none`, ConsumerName: "x" }))).toEqual({
      code: "ResourceNotFoundException", message: `Stream none under account ${ACCOUNT} not found.`,
    });
  });
});

describe("ListStreamConsumers / DeregisterStreamConsumer", () => {
  it("pages with MaxResults and NextToken, in registration order", async () => {
    const { e, clock } = await engine();
    for (const name of ["a", "b", "c"]) {
      await e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: name });
      await clock.advance(1_000);
    }
    const first = e.listStreamConsumers({ StreamARN: STREAM_ARN, MaxResults: 2 });
    expect(first.Consumers.map((c) => c.ConsumerName)).toEqual(["a", "b"]);
    const rest = e.listStreamConsumers({ StreamARN: STREAM_ARN, NextToken: first.NextToken });
    expect(rest.Consumers.map((c) => c.ConsumerName)).toEqual(["c"]);
    expect(rest.NextToken).toBeUndefined();
    expect((await error(() => e.listStreamConsumers({ StreamARN: STREAM_ARN, NextToken: "bm9wZQ==" }))).code).toBe("InvalidArgumentException");
  });

  it("deregisters: DELETING, then gone; the name registers again with a new ARN", async () => {
    const { e, clock } = await engine();
    const old = (await e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit" })).Consumer.ConsumerARN;
    await clock.advance(10_000);
    await e.deregisterStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit" });
    expect(e.listStreamConsumers({ StreamARN: STREAM_ARN }).Consumers.map((c) => c.ConsumerStatus)).toEqual(["DELETING"]);
    await clock.advance(5_000);
    expect(e.listStreamConsumers({ StreamARN: STREAM_ARN }).Consumers).toEqual([]);
    expect((await error(() => e.describeStreamConsumer({ ConsumerARN: old }))).code).toBe("ResourceNotFoundException");
    const again = (await e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit" })).Consumer.ConsumerARN;
    expect(again).toBe(`${STREAM_ARN}/consumer/audit:${(NOW + 15_000) / 1000}`);
  });

  it("keeps RegisterStreamConsumer's Tags; TagResource, UntagResource and ListTagsForResource take a consumer's ARN", async () => {
    const { e } = await engine();
    const arn = (await e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit", Tags: { team: "data" } })).Consumer.ConsumerARN;
    await e.tagResource({ ResourceARN: arn, Tags: { env: "dev" } });
    expect(e.listTagsForResource({ ResourceARN: arn }).Tags).toEqual([{ Key: "env", Value: "dev" }, { Key: "team", Value: "data" }]);
    await e.untagResource({ ResourceARN: arn, TagKeys: ["team"] });
    expect(e.listTagsForResource({ ResourceARN: arn }).Tags).toEqual([{ Key: "env", Value: "dev" }]);
    expect(e.listTagsForResource({ ResourceARN: STREAM_ARN }).Tags).toEqual([]);
    expect((await error(() => e.listTagsForResource({ ResourceARN: `${STREAM_ARN}/consumer/nobody:1700000000` }))).code).toBe("ResourceNotFoundException");
  });

  it("DeleteStream refuses a stream with consumers unless EnforceConsumerDeletion, which takes them along", async () => {
    const { e } = await engine();
    await e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit" });
    expect(await error(() => e.deleteStream({ StreamName: "orders" }))).toEqual({
      code: "ResourceInUseException",
      message: `DeleteStream can't delete ${STREAM_ARN} because there are consumers associated with this data stream. To delete orders anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.`,
    });
    await e.deleteStream({ StreamName: "orders", EnforceConsumerDeletion: true });
    await e.createStream({ StreamName: "orders", ShardCount: 1 });
    expect(e.listStreamConsumers({ StreamARN: STREAM_ARN }).Consumers).toEqual([]);
  });
});

describe("SubscribeToShard (engine)", () => {
  async function active() {
    const ctx = await engine();
    const arn = (await ctx.e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit" })).Consumer.ConsumerARN;
    await ctx.clock.advance(5_000);
    return { ...ctx, arn };
  }

  function sink() {
    const out = { events: [] as SubscribeToShardEvent[], failures: [] as AwsError[], ended: 0 };
    return { out, sink: { event: (ev: SubscribeToShardEvent) => out.events.push(ev), fail: (err: AwsError) => out.failures.push(err), end: () => out.ended++ } };
  }

  const subscribe = (e: KinesisEngine, arn: string, s: ReturnType<typeof sink>["sink"], Type: "TRIM_HORIZON" | "LATEST" | "AFTER_SEQUENCE_NUMBER" = "TRIM_HORIZON", SequenceNumber?: string) =>
    e.subscribeToShard({ ConsumerARN: arn, ShardId: "shardId-000000000000", StartingPosition: { Type, ...(SequenceNumber ? { SequenceNumber } : {}) } }, s);

  it("refuses a consumer still CREATING with AWS's text", async () => {
    const { e, clock } = await engine();
    const arn = (await e.registerStreamConsumer({ StreamARN: STREAM_ARN, ConsumerName: "audit" })).Consumer.ConsumerARN;
    await clock.advance(1_000);
    expect(await error(() => subscribe(e, arn, sink().sink))).toEqual({
      code: "ResourceInUseException", message: `Consumer audit with creation timestamp ${NOW / 1000} under stream: orders , account ${ACCOUNT} is not in ACTIVE status.`,
    });
  });

  it("sends what the shard holds, then each put as it arrives, an empty event when idle, and ends after 5 minutes", async () => {
    const { e, clock, arn } = await active();
    await e.putRecord({ StreamName: "orders", PartitionKey: "k", Data: b64("one") });
    const { out, sink: s } = sink();
    subscribe(e, arn, s).start();
    expect(out.events).toHaveLength(1);
    expect(texts(out.events[0])).toEqual(["one"]);
    expect(out.events[0]).toMatchObject({ MillisBehindLatest: 0, ContinuationSequenceNumber: out.events[0].Records[0].SequenceNumber });
    const put = await e.putRecord({ StreamName: "orders", PartitionKey: "k", Data: b64("two") });
    expect(texts(out.events[1])).toEqual(["two"]);
    expect(out.events[1].ContinuationSequenceNumber).toBe(put.SequenceNumber);
    await clock.advance(5_000);
    expect(out.events[2]).toEqual({ Records: [], ContinuationSequenceNumber: put.SequenceNumber, MillisBehindLatest: 0 });
    await clock.advance(5 * 60_000);
    expect(out.ended).toBe(1);
    expect(e.subscriptions.size).toBe(0);
    const events = out.events.length;
    await e.putRecord({ StreamName: "orders", PartitionKey: "k", Data: b64("late") });
    expect(out.events).toHaveLength(events);
  });

  it("resumes AFTER_SEQUENCE_NUMBER a ContinuationSequenceNumber; LATEST sends only what comes next", async () => {
    const { e, arn } = await active();
    const first = await e.putRecord({ StreamName: "orders", PartitionKey: "k", Data: b64("one") });
    await e.putRecord({ StreamName: "orders", PartitionKey: "k", Data: b64("two") });
    const after = sink();
    subscribe(e, arn, after.sink, "AFTER_SEQUENCE_NUMBER", first.SequenceNumber).start();
    expect(texts(after.out.events[0])).toEqual(["two"]);
  });

  it("refuses a second subscription within 5 seconds; a later one takes over and the first ends with ResourceInUseException", async () => {
    const { e, clock, arn } = await active();
    const first = sink();
    subscribe(e, arn, first.sink, "LATEST").start();
    const message = `Another active subscription exists for this consumer: ${ACCOUNT}:orders:shardId-000000000000:audit`;
    expect(await error(() => subscribe(e, arn, sink().sink))).toEqual({ code: "ResourceInUseException", message });
    await clock.advance(5_000);
    const second = sink();
    subscribe(e, arn, second.sink, "LATEST").start();
    expect(first.out.failures.map((f) => [f.code, f.message])).toEqual([["ResourceInUseException", message]]);
    expect(e.subscriptions.size).toBe(1);
  });

  it("at the shard's end sends ChildShards without a ContinuationSequenceNumber, then ends", async () => {
    const { e, arn } = await active();
    await e.putRecord({ StreamName: "orders", PartitionKey: "k", Data: b64("before") });
    const { out, sink: s } = sink();
    subscribe(e, arn, s).start();
    await e.splitShard({ StreamName: "orders", ShardToSplit: "shardId-000000000000", NewStartingHashKey: "170141183460469231731687303715884105728" });
    // The split closes the shard: its end is reported at once.
    const last = out.events[out.events.length - 1];
    expect(last.ContinuationSequenceNumber).toBeUndefined();
    expect(last.ChildShards?.map((c) => c.ShardId)).toEqual(["shardId-000000000001", "shardId-000000000002"]);
    expect(out.ended).toBe(1);
  });

  it("ends a subscription whose consumer is deregistered", async () => {
    const { e, arn } = await active();
    const { out, sink: s } = sink();
    subscribe(e, arn, s).start();
    await e.deregisterStreamConsumer({ ConsumerARN: arn });
    expect(out.failures.map((f) => f.code)).toEqual(["ResourceNotFoundException"]);
    expect(e.subscriptions.size).toBe(0);
  });
});
