import {
  ChangeMessageVisibilityBatchCommand, ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageBatchCommand, DeleteMessageCommand,
  GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, type ReceiveMessageCommandOutput,
} from "@aws-sdk/client-sqs";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOW, startSqs, until, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSqs();
});
afterAll(() => h.close());

const queue = async (name: string, Attributes?: Record<string, string>) =>
  (await h.client.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl ?? "";
const counts = async (QueueUrl: string) =>
  (await h.client.send(new GetQueueAttributesCommand({
    QueueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
  }))).Attributes;

describe("SendMessage / ReceiveMessage", () => {
  it("round-trips body and attributes with AWS's MD5s (the SDK checks them)", async () => {
    const QueueUrl = await queue("basic");
    const sent = await h.client.send(new SendMessageCommand({
      QueueUrl,
      MessageBody: "hello",
      MessageAttributes: {
        color: { DataType: "String", StringValue: "blue" },
        size: { DataType: "Number", StringValue: "3" },
        blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    }));
    expect(sent.MD5OfMessageBody).toBe(createHash("md5").update("hello").digest("hex"));
    // The SDK recomputes MD5OfMessageAttributes and throws on a mismatch; value from AWS's documented algorithm.
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);
    const got = await h.client.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ["All"], MessageSystemAttributeNames: ["All"] }));
    expect(got.Messages).toHaveLength(1);
    const m = got.Messages?.[0];
    expect(m?.MessageId).toBe(sent.MessageId);
    expect(m?.Body).toBe("hello");
    expect(m?.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(m?.MessageAttributes?.color).toEqual({ DataType: "String", StringValue: "blue" });
    expect(m?.MessageAttributes?.blob?.BinaryValue).toEqual(new Uint8Array([1, 2, 3]));
    expect(m?.Attributes).toMatchObject({ ApproximateReceiveCount: "1", SentTimestamp: String(NOW), ApproximateFirstReceiveTimestamp: String(NOW) });
    expect(await counts(QueueUrl)).toEqual({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "1", ApproximateNumberOfMessagesDelayed: "0" });
  });

  it("computes MD5OfMessageAttributes as AWS does (a recorded value)", async () => {
    const QueueUrl = await queue("md5");
    // LocalStack's AWS-validated serializer test records this digest for these two attributes.
    const sent = await h.client.send(new SendMessageCommand({
      QueueUrl, MessageBody: '{"foo": "bared"}',
      MessageAttributes: { Hello: { DataType: "String", StringValue: "There" }, General: { DataType: "String", StringValue: "Kenobi" } },
    }));
    expect(sent.MD5OfMessageAttributes).toBe("fca026605781cb4126a1e9044df24232");
    expect(sent.MD5OfMessageBody).toBe("13c0c73bbf11056450c43bf3159b3585");
  });

  it("returns only the message attributes asked for (by name or prefix.*)", async () => {
    const QueueUrl = await queue("select");
    await h.client.send(new SendMessageCommand({
      QueueUrl, MessageBody: "b",
      MessageAttributes: { "a.one": { DataType: "String", StringValue: "1" }, "a.two": { DataType: "String", StringValue: "2" }, other: { DataType: "String", StringValue: "3" } },
    }));
    const got = await h.client.send(new ReceiveMessageCommand({ QueueUrl, MessageAttributeNames: ["a.*"] }));
    expect(Object.keys(got.Messages?.[0]?.MessageAttributes ?? {}).sort()).toEqual(["a.one", "a.two"]);
  });

  it("hides a received message for the visibility timeout, then delivers it again", async () => {
    const QueueUrl = await queue("visibility", { VisibilityTimeout: "10" });
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "again" }));
    const first = await h.client.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(first.Messages).toHaveLength(1);
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    await h.clock.advance(10_000);
    const second = await h.client.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }));
    expect(second.Messages?.[0]?.Attributes).toEqual({ ApproximateReceiveCount: "2" });
    expect(second.Messages?.[0]?.ReceiptHandle).not.toBe(first.Messages?.[0]?.ReceiptHandle);
  });

  it("delays messages (queue DelaySeconds and per message)", async () => {
    const QueueUrl = await queue("delayed", { DelaySeconds: "5" });
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "queue delay" }));
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "own delay", DelaySeconds: 20 }));
    expect(await counts(QueueUrl)).toMatchObject({ ApproximateNumberOfMessagesDelayed: "2" });
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    await h.clock.advance(5_000);
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body).toBe("queue delay");
    await h.clock.advance(15_000);
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body).toBe("own delay");
  });

  it("long-polls on the clock until a message arrives", async () => {
    const QueueUrl = await queue("long");
    let result: ReceiveMessageCommandOutput | undefined;
    const polling = h.client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 })).then((r) => (result = r));
    await until(() => h.clock.pendingTimers() > 0, "the poll to wait");
    await h.clock.advance(5_000);
    expect(result).toBeUndefined();
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "late" }));
    await polling;
    expect(result?.Messages?.[0]?.Body).toBe("late");
  });

  it("long-polls until its wait ends when nothing comes", async () => {
    const QueueUrl = await queue("long-empty");
    let done = false;
    const polling = h.client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 3 })).then((r) => {
      done = true;
      return r;
    });
    await until(() => h.clock.pendingTimers() > 0, "the poll to wait");
    await h.clock.advance(2_000);
    expect(done).toBe(false);
    await h.clock.advance(1_000);
    expect((await polling).Messages).toBeUndefined();
  });

  it("rejects bad ReceiveMessage parameters with AWS's texts", async () => {
    const QueueUrl = await queue("params");
    await expect(h.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 11 }))).rejects.toMatchObject({
      message: "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.",
    });
    await expect(h.client.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 21 }))).rejects.toMatchObject({
      message: "Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and <= 20, if provided.",
    });
  });

  it("rejects an empty body, invalid characters, and a body over MaximumMessageSize", async () => {
    const QueueUrl = await queue("bodies", { MaximumMessageSize: "1024" });
    await expect(h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "" }))).rejects.toMatchObject({
      message: "The request must contain the parameter MessageBody.",
    });
    await expect(h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "bad \u0001" }))).rejects.toMatchObject({ name: "InvalidMessageContents" });
    await expect(h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "x".repeat(1025) }))).rejects.toMatchObject({
      message: "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.",
    });
  });
});

describe("DeleteMessage / ChangeMessageVisibility", () => {
  it("deletes by receipt handle; a bad handle is ReceiptHandleIsInvalid", async () => {
    const QueueUrl = await queue("deleting");
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "bye" }));
    const got = await h.client.send(new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0 }));
    await h.client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: got.Messages?.[0]?.ReceiptHandle }));
    expect(await counts(QueueUrl)).toMatchObject({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
    await expect(h.client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: "garbage" }))).rejects.toMatchObject({
      name: "ReceiptHandleIsInvalid",
      message: 'The input receipt handle "garbage" is not a valid receipt handle.',
    });
  });

  it("changes visibility of a received message, even once visible again, and refuses a deleted one", async () => {
    const QueueUrl = await queue("changing", { VisibilityTimeout: "60" });
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "m" }));
    const handle = (await h.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.ReceiptHandle ?? "";
    await h.client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 0 }));
    expect(await counts(QueueUrl)).toMatchObject({ ApproximateNumberOfMessages: "1" });
    // AWS accepts the handle after the message turned visible (localstack test_change_message_visibility_after_visibility_timeout_expiration).
    await h.client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 5 }));
    expect(await counts(QueueUrl)).toMatchObject({ ApproximateNumberOfMessages: "0" });
    await h.client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: handle }));
    await expect(h.client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: handle, VisibilityTimeout: 5 }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    });
  });
});

describe("batches", () => {
  it("sends, deletes and changes visibility in batches, reporting failed entries", async () => {
    const QueueUrl = await queue("batch", { MaximumMessageSize: "1024" });
    const sent = await h.client.send(new SendMessageBatchCommand({
      QueueUrl,
      Entries: [
        { Id: "a", MessageBody: "one" },
        { Id: "b", MessageBody: "two", MessageAttributes: { k: { DataType: "String", StringValue: "v" } } },
        { Id: "c", MessageBody: "x".repeat(2000) },
      ],
    }));
    expect(sent.Successful?.map((s) => s.Id)).toEqual(["a", "b"]);
    expect(sent.Failed).toEqual([
      { Id: "c", SenderFault: true, Code: "InvalidParameterValue", Message: "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes." },
    ]);
    const got = await h.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(got.Messages?.map((m) => m.Body)).toEqual(["one", "two"]);
    const handles = got.Messages?.map((m) => m.ReceiptHandle ?? "") ?? [];
    const changed = await h.client.send(new ChangeMessageVisibilityBatchCommand({
      QueueUrl, Entries: [{ Id: "a", ReceiptHandle: handles[0], VisibilityTimeout: 100 }],
    }));
    expect(changed.Successful).toEqual([{ Id: "a" }]);
    const deleted = await h.client.send(new DeleteMessageBatchCommand({
      QueueUrl, Entries: [{ Id: "a", ReceiptHandle: handles[0] }, { Id: "b", ReceiptHandle: handles[1] }, { Id: "z", ReceiptHandle: "nope" }],
    }));
    expect(deleted.Successful).toEqual([{ Id: "a" }, { Id: "b" }]);
    expect(deleted.Failed).toEqual([{ Id: "z", SenderFault: true, Code: "ReceiptHandleIsInvalid", Message: 'The input receipt handle "nope" is not a valid receipt handle.' }]);
  });

  it("rejects empty, oversized and repeated-id batches", async () => {
    const QueueUrl = await queue("batch-errors");
    await expect(h.client.send(new SendMessageBatchCommand({ QueueUrl, Entries: [] }))).rejects.toMatchObject({ name: "EmptyBatchRequest" });
    const eleven = Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: "x" }));
    await expect(h.client.send(new SendMessageBatchCommand({ QueueUrl, Entries: eleven }))).rejects.toMatchObject({
      name: "TooManyEntriesInBatchRequest",
      message: "Maximum number of entries per request are 10. You have sent 11.",
    });
    await expect(h.client.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: "a", MessageBody: "x" }, { Id: "a", MessageBody: "y" }] }))).rejects.toMatchObject({
      name: "BatchEntryIdsNotDistinct",
    });
    await expect(h.client.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: "a b", MessageBody: "x" }] }))).rejects.toMatchObject({
      name: "InvalidBatchEntryId",
    });
  });
});

describe("retention and dead-letter queues", () => {
  it("drops messages older than MessageRetentionPeriod", async () => {
    const QueueUrl = await queue("retained", { MessageRetentionPeriod: "60" });
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "short-lived" }));
    await h.clock.advance(59_000);
    expect(await counts(QueueUrl)).toMatchObject({ ApproximateNumberOfMessages: "1" });
    await h.clock.advance(1_000);
    expect(await counts(QueueUrl)).toMatchObject({ ApproximateNumberOfMessages: "0" });
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
  });

  it("moves a message to the dead-letter queue after maxReceiveCount receives", async () => {
    const dlqUrl = await queue("orders-dlq");
    const dlqArn = (await h.client.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ["QueueArn"] }))).Attributes?.QueueArn ?? "";
    const QueueUrl = await queue("orders-src", { VisibilityTimeout: "5", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) });
    const sent = await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "poison" }));
    for (let i = 0; i < 2; i++) {
      expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toHaveLength(1);
      await h.clock.advance(5_000);
    }
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toBeUndefined();
    const dead = await h.client.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageSystemAttributeNames: ["DeadLetterQueueSourceArn"] }));
    expect(dead.Messages?.[0]?.MessageId).toBe(sent.MessageId);
    expect(dead.Messages?.[0]?.Attributes).toEqual({ DeadLetterQueueSourceArn: "arn:aws:sqs:us-east-1:000000000000:orders-src" });
  });
});

describe("concurrent receives", () => {
  it("never hand the same message to two receives running together", async () => {
    const QueueUrl = await queue("contended");
    await h.client.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: `m${i}`, MessageBody: `b${i}` })) }));
    const results = await Promise.all(Array.from({ length: 5 }, () => h.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 3 }))));
    const ids = results.flatMap((r) => r.Messages?.map((m) => m.MessageId) ?? []);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });
});
