import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BatchEntryIdsNotDistinctException, BatchRequestTooLongException, CreateTopicCommand, EmptyBatchRequestException,
  InvalidBatchEntryIdException, PublishBatchCommand, PublishCommand, SubscribeCommand, TooManyEntriesInBatchRequestException,
} from "@aws-sdk/client-sns";
import { ACCOUNT, REGION, caught, lambdaArn, startSns, type Harness } from "./helpers.js";

describe("FIFO topics", () => {
  let h: Harness;
  let fifoArn = "";
  let cbdArn = "";
  const deliveries: { topicArn: string; messageId: string; status: string }[] = [];

  beforeAll(async () => {
    h = await startSns();
    h.events.on("snsDelivery", (e) => deliveries.push(e));
    fifoArn = (await h.client.send(new CreateTopicCommand({ Name: "orders.fifo", Attributes: { FifoTopic: "true" } }))).TopicArn ?? "";
    cbdArn = (await h.client.send(new CreateTopicCommand({
      Name: "cbd.fifo", Attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" },
    }))).TopicArn ?? "";
    for (const arn of [fifoArn, cbdArn]) {
      await h.client.send(new SubscribeCommand({ TopicArn: arn, Protocol: "sqs", Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders.fifo` }));
    }
  });

  afterAll(async () => {
    await h.close();
  });

  const handed = (topicArn: string) => deliveries.filter((d) => d.topicArn === topicArn).map((d) => d.messageId);

  it("drops a repeated MessageDeduplicationId for five minutes of clock time", async () => {
    const first = await h.client.send(new PublishCommand({ TopicArn: fifoArn, Message: "a", MessageGroupId: "g", MessageDeduplicationId: "d-1" }));
    expect(first.SequenceNumber).toMatch(/^\d{20}$/);
    await h.clock.advance(4 * 60 * 1000);
    const again = await h.client.send(new PublishCommand({ TopicArn: fifoArn, Message: "a", MessageGroupId: "g", MessageDeduplicationId: "d-1" }));
    expect(again).toMatchObject({ MessageId: first.MessageId, SequenceNumber: first.SequenceNumber });
    await h.sns.engine.settled();
    expect(handed(fifoArn)).toEqual([first.MessageId]);

    await h.clock.advance(60 * 1000);
    const later = await h.client.send(new PublishCommand({ TopicArn: fifoArn, Message: "a", MessageGroupId: "g", MessageDeduplicationId: "d-1" }));
    expect(later.MessageId).not.toBe(first.MessageId);
    expect(BigInt(later.SequenceNumber ?? "0")).toBeGreaterThan(BigInt(first.SequenceNumber ?? "0"));
    await h.sns.engine.settled();
    expect(handed(fifoArn)).toEqual([first.MessageId, later.MessageId]);
  });

  it("deduplicates by content when ContentBasedDeduplication is on", async () => {
    const a = await h.client.send(new PublishCommand({ TopicArn: cbdArn, Message: "same", MessageGroupId: "g" }));
    const b = await h.client.send(new PublishCommand({ TopicArn: cbdArn, Message: "same", MessageGroupId: "other" }));
    const c = await h.client.send(new PublishCommand({ TopicArn: cbdArn, Message: "different", MessageGroupId: "g" }));
    expect(b.MessageId).toBe(a.MessageId);
    expect(c.MessageId).not.toBe(a.MessageId);
    await h.sns.engine.settled();
    expect(handed(cbdArn)).toEqual([a.MessageId, c.MessageId]);
  });

  it("requires MessageGroupId, and a deduplication ID without content-based deduplication", async () => {
    const group = await caught(h.client.send(new PublishCommand({ TopicArn: fifoArn, Message: "a", MessageDeduplicationId: "x" })));
    expect(group.message).toBe("Invalid parameter: The MessageGroupId parameter is required for FIFO topics");
    const dedup = await caught(h.client.send(new PublishCommand({ TopicArn: fifoArn, Message: "a", MessageGroupId: "g" })));
    expect(dedup.message).toBe("Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly");
  });

  it("delivers to SQS queues only", async () => {
    const err = await caught(h.client.send(new SubscribeCommand({ TopicArn: fifoArn, Protocol: "lambda", Endpoint: lambdaArn("f") })));
    expect(err.message).toBe("Invalid parameter: Invalid protocol type: lambda");
  });

  it("numbers batch entries and deduplicates within the batch", async () => {
    const out = await h.client.send(new PublishBatchCommand({
      TopicArn: fifoArn,
      PublishBatchRequestEntries: [
        { Id: "one", Message: "1", MessageGroupId: "g", MessageDeduplicationId: "b-1" },
        { Id: "two", Message: "2", MessageGroupId: "g", MessageDeduplicationId: "b-2" },
        { Id: "dup", Message: "1", MessageGroupId: "g", MessageDeduplicationId: "b-1" },
      ],
    }));
    expect(out.Failed).toEqual([]);
    expect(out.Successful?.map((s) => s.Id)).toEqual(["one", "two", "dup"]);
    expect(out.Successful?.[2].MessageId).toBe(out.Successful?.[0].MessageId);
    expect(BigInt(out.Successful?.[1].SequenceNumber ?? "0")).toBe(BigInt(out.Successful?.[0].SequenceNumber ?? "0") + 1n);
  });
});

describe("PublishBatch", () => {
  let h: Harness;
  let topicArn = "";
  const fn = lambdaArn("batch");

  beforeAll(async () => {
    h = await startSns();
    topicArn = (await h.client.send(new CreateTopicCommand({ Name: "batch" }))).TopicArn ?? "";
    await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "lambda", Endpoint: fn }));
  });

  afterAll(async () => {
    await h.close();
  });

  it("publishes each entry and reports the ones that fail", async () => {
    const out = await h.client.send(new PublishBatchCommand({
      TopicArn: topicArn,
      PublishBatchRequestEntries: [
        { Id: "a", Message: "first", MessageAttributes: { k: { DataType: "String", StringValue: "v" } } },
        { Id: "b", Message: "second", Subject: "S" },
        { Id: "c", Message: "third", Subject: "bad\nsubject" },
      ],
    }));
    expect(out.Successful?.map((s) => s.Id)).toEqual(["a", "b"]);
    expect(out.Successful?.every((s) => /^[0-9a-f-]{36}$/.test(s.MessageId ?? ""))).toBe(true);
    expect(out.Failed).toEqual([{ Id: "c", Code: "InvalidParameter", Message: "Invalid parameter: Subject", SenderFault: true }]);
    await h.sns.engine.settled();
    const messages = h.invoker.eventsFor(fn).map((e) => (e as { Records: { Sns: { Message: string; Subject: string | null } }[] }).Records[0].Sns);
    expect(messages.map((m) => [m.Message, m.Subject])).toEqual([["first", null], ["second", "S"]]);
  });

  it("rejects empty, oversized and ill-identified batches with AWS's errors", async () => {
    const empty = await caught(h.client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [] })));
    expect(empty).toBeInstanceOf(EmptyBatchRequestException);
    expect(empty.message).toBe("The batch request doesn't contain any entries.");
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, Message: "x" }));
    const tooMany = await caught(h.client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: eleven })));
    expect(tooMany).toBeInstanceOf(TooManyEntriesInBatchRequestException);
    expect(tooMany.message).toBe("The batch request contains more entries than permissible.");
    const dup = await caught(h.client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [{ Id: "a", Message: "x" }, { Id: "a", Message: "y" }] })));
    expect(dup).toBeInstanceOf(BatchEntryIdsNotDistinctException);
    expect(dup.message).toBe("Two or more batch entries in the request have the same Id.");
    const badId = await caught(h.client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [{ Id: "a b", Message: "x" }] })));
    expect(badId).toBeInstanceOf(InvalidBatchEntryIdException);
    const big = "x".repeat(100_000);
    const long = await caught(h.client.send(new PublishBatchCommand({
      TopicArn: topicArn, PublishBatchRequestEntries: [{ Id: "1", Message: big }, { Id: "2", Message: big }, { Id: "3", Message: big }],
    })));
    expect(long).toBeInstanceOf(BatchRequestTooLongException);
    expect(long.message).toBe("The length of all the messages put together is more than the limit.");
  });
});
