/**
 * Enhanced fan-out through @aws-sdk/client-kinesis over HTTP/2, as KCL 2.x and SDK v3 users
 * call it: register a consumer, wait for ACTIVE, SubscribeToShard and read its EventStream with
 * `for await`, records pushed as they are put, deregister.
 */
import {
  CreateStreamCommand, DeleteStreamCommand, DeregisterStreamConsumerCommand, DescribeStreamConsumerCommand, DescribeStreamSummaryCommand, ListStreamConsumersCommand, PutRecordCommand,
  RegisterStreamConsumerCommand, SubscribeToShardCommand, type SubscribeToShardEventStream,
} from "@aws-sdk/client-kinesis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, NOW, startKinesis, text, until, type Harness } from "./helpers.js";

let h: Harness;
const STREAM_ARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/fanout`;

beforeAll(async () => {
  h = await startKinesis();
  await h.client.send(new CreateStreamCommand({ StreamName: "fanout", ShardCount: 1 }));
});
afterAll(() => h.close());

const failure = async (promise: Promise<unknown>) => {
  const error = (await promise.then(() => undefined, (e: unknown) => e)) as { name: string; message: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (!error) throw new Error("expected the call to fail");
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
};

/** Reads a subscription's events in the background, as `for await (const event of res.EventStream)` does. */
function collect(stream: AsyncIterable<SubscribeToShardEventStream>) {
  const out = { events: [] as SubscribeToShardEventStream[], error: undefined as { name: string; message: string } | undefined, done: false };
  void (async () => {
    try {
      for await (const event of stream) out.events.push(event);
    } catch (error) {
      out.error = error as { name: string; message: string };
    }
    out.done = true;
  })();
  return out;
}

describe("enhanced fan-out through the SDK", () => {
  let consumerArn = "";

  it("RegisterStreamConsumer answers CREATING; DescribeStreamConsumer ACTIVE once the clock moves on; ListStreamConsumers lists it", async () => {
    const { Consumer } = await h.client.send(new RegisterStreamConsumerCommand({ StreamARN: STREAM_ARN, ConsumerName: "lambda-efo" }));
    consumerArn = Consumer?.ConsumerARN ?? "";
    expect(Consumer).toEqual({ ConsumerName: "lambda-efo", ConsumerARN: `${STREAM_ARN}/consumer/lambda-efo:${NOW / 1000}`, ConsumerStatus: "CREATING", ConsumerCreationTimestamp: new Date(NOW) });
    expect(await failure(h.client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: "shardId-000000000000", StartingPosition: { Type: "LATEST" } })))).toEqual({
      name: "ResourceInUseException",
      message: `Consumer lambda-efo with creation timestamp ${NOW / 1000} under stream: fanout , account ${ACCOUNT} is not in ACTIVE status.`,
      status: 400,
    });
    await h.clock.advance(5_000);
    const d = await h.client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn }));
    expect(d.ConsumerDescription).toMatchObject({ ConsumerStatus: "ACTIVE", StreamARN: STREAM_ARN });
    const list = await h.client.send(new ListStreamConsumersCommand({ StreamARN: STREAM_ARN }));
    expect(list.Consumers?.map((c) => [c.ConsumerName, c.ConsumerStatus])).toEqual([["lambda-efo", "ACTIVE"]]);
    expect((await h.client.send(new DescribeStreamSummaryCommand({ StreamName: "fanout" }))).StreamDescriptionSummary?.ConsumerCount).toBe(1);
  });

  it("SubscribeToShard pushes SubscribeToShardEvent events as records are put", async () => {
    await h.client.send(new PutRecordCommand({ StreamName: "fanout", PartitionKey: "k", Data: Buffer.from("first") }));
    const res = await h.client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: "shardId-000000000000", StartingPosition: { Type: "TRIM_HORIZON" } }));
    if (!res.EventStream) throw new Error("no event stream");
    const got = collect(res.EventStream);
    await until(() => got.events.length >= 1, "the first event");
    const first = got.events[0].SubscribeToShardEvent;
    expect(first?.Records?.map((r) => text(r.Data))).toEqual(["first"]);
    expect(first?.Records?.[0].ApproximateArrivalTimestamp).toEqual(new Date(NOW + 5_000));
    expect(first?.MillisBehindLatest).toBe(0);

    const put = await h.client.send(new PutRecordCommand({ StreamName: "fanout", PartitionKey: "k", Data: Buffer.from("second") }));
    await until(() => got.events.length >= 2, "the pushed record");
    expect(got.events[1].SubscribeToShardEvent?.Records?.map((r) => text(r.Data))).toEqual(["second"]);
    expect(got.events[1].SubscribeToShardEvent?.ContinuationSequenceNumber).toBe(put.SequenceNumber);

    // A second subscription within 5 seconds is refused.
    expect(await failure(h.client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: "shardId-000000000000", StartingPosition: { Type: "LATEST" } })))).toEqual({
      name: "ResourceInUseException", message: `Another active subscription exists for this consumer: ${ACCOUNT}:fanout:shardId-000000000000:lambda-efo`, status: 400,
    });

    // Idle: an empty event every 5 seconds; after 5 minutes the stream ends.
    await h.clock.advance(5_000);
    await until(() => got.events.length >= 3, "the idle event");
    expect(got.events[2].SubscribeToShardEvent).toEqual({ Records: [], ContinuationSequenceNumber: put.SequenceNumber, MillisBehindLatest: 0 });
    await h.clock.advance(5 * 60_000);
    await until(() => got.done, "the end of the subscription");
    expect(got.error).toBeUndefined();
  });

  it("a client that aborts ends its subscription; an unknown shard and a malformed ARN are refused before the stream opens", async () => {
    const abort = new AbortController();
    await h.clock.advance(5_000);
    const res = await h.client.send(
      new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: "shardId-000000000000", StartingPosition: { Type: "LATEST" } }),
      { abortSignal: abort.signal },
    );
    if (!res.EventStream) throw new Error("no event stream");
    const got = collect(res.EventStream);
    await until(() => got.events.length >= 1, "the first event");
    expect(h.kinesis.engine.subscriptions.size).toBe(1);
    abort.abort();
    await until(() => h.kinesis.engine.subscriptions.size === 0, "the subscription to end");
    expect(await failure(h.client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: "shardId-000000000007", StartingPosition: { Type: "LATEST" } })))).toEqual({
      name: "ResourceNotFoundException", message: `Shard shardId-000000000007 in stream fanout under account ${ACCOUNT} does not exist`, status: 400,
    });
    expect(await failure(h.client.send(new SubscribeToShardCommand({ ConsumerARN: "nope", ShardId: "shardId-000000000000", StartingPosition: { Type: "LATEST" } })))).toMatchObject({
      name: "ValidationException", status: 400,
    });
    // The takeover rule counts from the last successful call: wait it out for the next test.
    await h.clock.advance(5_000);
  });

  it("DeregisterStreamConsumer ends an open subscription; DeleteStream then deletes the stream", async () => {
    const res = await h.client.send(new SubscribeToShardCommand({ ConsumerARN: consumerArn, ShardId: "shardId-000000000000", StartingPosition: { Type: "LATEST" } }));
    if (!res.EventStream) throw new Error("no event stream");
    const got = collect(res.EventStream);
    await until(() => got.events.length >= 1, "the first event");
    expect(await failure(h.client.send(new DeleteStreamCommand({ StreamName: "fanout" })))).toMatchObject({ name: "ResourceInUseException", status: 400 });
    await h.client.send(new DeregisterStreamConsumerCommand({ StreamARN: STREAM_ARN, ConsumerName: "lambda-efo" }));
    await until(() => got.done, "the end of the subscription");
    expect(got.error?.name).toBe("ResourceNotFoundException");
    expect((await h.client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn }))).ConsumerDescription?.ConsumerStatus).toBe("DELETING");
    await h.clock.advance(5_000);
    expect(await failure(h.client.send(new DescribeStreamConsumerCommand({ ConsumerARN: consumerArn })))).toEqual({
      name: "ResourceNotFoundException", message: `Consumer ${consumerArn}, account ${ACCOUNT} not found.`, status: 400,
    });
    await h.client.send(new DeleteStreamCommand({ StreamName: "fanout" }));
  });
});
