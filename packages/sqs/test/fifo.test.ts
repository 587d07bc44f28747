import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSqs, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSqs();
});
afterAll(() => h.close());

const fifo = async (name: string, extra: Record<string, string> = {}) =>
  (await h.client.send(new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: "true", ...extra } }))).QueueUrl ?? "";

describe("FIFO queues", () => {
  it("requires MessageGroupId, and a deduplication id without ContentBasedDeduplication", async () => {
    const QueueUrl = await fifo("rules.fifo");
    await expect(h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "x", MessageDeduplicationId: "d" }))).rejects.toMatchObject({
      name: "MissingParameter",
      message: "The request must contain the parameter MessageGroupId.",
    });
    await expect(h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "x", MessageGroupId: "g" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
    });
    await expect(h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "x", MessageGroupId: "g", MessageDeduplicationId: "d", DelaySeconds: 5 }))).rejects.toMatchObject({
      message: "Value 5 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.",
    });
  });

  it("hands out increasing sequence numbers and drops duplicates within 5 minutes", async () => {
    const QueueUrl = await fifo("dedup.fifo", { ContentBasedDeduplication: "true" });
    const a = await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "same", MessageGroupId: "g" }));
    const again = await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "same", MessageGroupId: "g" }));
    expect(again.MessageId).toBe(a.MessageId);
    expect(again.SequenceNumber).toBe(a.SequenceNumber);
    const b = await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "other", MessageGroupId: "g" }));
    expect(BigInt(b.SequenceNumber ?? "0")).toBeGreaterThan(BigInt(a.SequenceNumber ?? "0"));
    const got = await h.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(got.Messages?.map((m) => m.Body)).toEqual(["same", "other"]);
    for (const m of got.Messages ?? []) await h.client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    await h.clock.advance(5 * 60 * 1000);
    const later = await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "same", MessageGroupId: "g" }));
    expect(later.MessageId).not.toBe(a.MessageId);
  });

  it("keeps a message group's order: nothing more from a group while one of its messages is in flight", async () => {
    const QueueUrl = await fifo("groups.fifo", { VisibilityTimeout: "30" });
    await h.client.send(new SendMessageBatchCommand({
      QueueUrl,
      Entries: [
        { Id: "a1", MessageBody: "a1", MessageGroupId: "a", MessageDeduplicationId: "a1" },
        { Id: "a2", MessageBody: "a2", MessageGroupId: "a", MessageDeduplicationId: "a2" },
        { Id: "b1", MessageBody: "b1", MessageGroupId: "b", MessageDeduplicationId: "b1" },
      ],
    }));
    const first = await h.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 1, MessageSystemAttributeNames: ["MessageGroupId", "SequenceNumber"] }));
    expect(first.Messages?.[0]?.Body).toBe("a1");
    expect(first.Messages?.[0]?.Attributes?.MessageGroupId).toBe("a");
    // Group a is locked by a1: the next receive gets b1 only.
    const second = await h.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(second.Messages?.map((m) => m.Body)).toEqual(["b1"]);
    await h.client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: first.Messages?.[0]?.ReceiptHandle }));
    const third = await h.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(third.Messages?.map((m) => m.Body)).toEqual(["a2"]);
  });

  it("redelivers a group's first message, in order, after its visibility timeout", async () => {
    const QueueUrl = await fifo("retry.fifo", { VisibilityTimeout: "10", ContentBasedDeduplication: "true" });
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "first", MessageGroupId: "g" }));
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "second", MessageGroupId: "g" }));
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body).toBe("first");
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    await h.clock.advance(10_000);
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }))).Messages?.map((m) => m.Body)).toEqual(["first", "second"]);
  });
});
