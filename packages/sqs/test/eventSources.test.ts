import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, startSqs, until, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSqs();
});
afterAll(() => h.close());

const FN = "arn:aws:lambda:us-east-1:000000000000:function:worker";
const arnOf = (name: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${name}`;
const queue = async (name: string, Attributes?: Record<string, string>) =>
  (await h.client.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl ?? "";
const counts = async (QueueUrl: string) =>
  (await h.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }))).Attributes;
const mapping = (queueName: string, extra: Partial<Parameters<Harness["sqs"]["eventSources"]["create"]>[0]> = {}) =>
  h.sqs.eventSources.create({
    functionName: FN, queueArn: arnOf(queueName), batchSize: 10, maximumBatchingWindowInSeconds: 0, functionResponseTypes: [], enabled: true, ...extra,
  }).UUID;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("SQS event source mappings", () => {
  it("invokes the function with AWS's SQS event and deletes the batch on success", async () => {
    const QueueUrl = await queue("esm-ok");
    h.invoker.events.length = 0;
    const uuid = mapping("esm-ok");
    const sent = await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: '{"id":1}', MessageAttributes: { kind: { DataType: "String", StringValue: "order" } } }));
    await until(() => h.invoker.events.length === 1, "the invocation");
    const record = h.invoker.events[0].event.Records[0];
    expect(h.invoker.events[0].functionName).toBe(FN);
    expect(record).toMatchObject({
      messageId: sent.MessageId,
      body: '{"id":1}',
      attributes: { ApproximateReceiveCount: "1", SenderId: ACCOUNT },
      messageAttributes: { kind: { stringValue: "order", stringListValues: [], binaryListValues: [], dataType: "String" } },
      md5OfMessageAttributes: sent.MD5OfMessageAttributes,
      md5OfBody: createHash("md5").update('{"id":1}').digest("hex"),
      eventSource: "aws:sqs",
      eventSourceARN: arnOf("esm-ok"),
      awsRegion: "us-east-1",
    });
    expect(typeof record.receiptHandle).toBe("string");
    expect(Object.keys(record)).toEqual([
      "messageId", "receiptHandle", "body", "attributes", "messageAttributes", "md5OfMessageAttributes", "md5OfBody", "eventSource", "eventSourceARN", "awsRegion",
    ]);
    await until(() => h.sqs.engine.ctx.durable.state.queues.get("esm-ok")?.messages.size === 0, "the delete");
    await h.sqs.eventSources.delete(uuid);
  });

  it("leaves a failed batch to come back after the visibility timeout, then to the DLQ", async () => {
    const dlq = await queue("esm-dlq");
    const QueueUrl = await queue("esm-fail", { VisibilityTimeout: "30", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf("esm-dlq"), maxReceiveCount: 2 }) });
    h.invoker.events.length = 0;
    h.invoker.respond = () => ({ functionError: "Unhandled", payload: { errorMessage: "boom" } });
    const uuid = mapping("esm-fail");
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "poison" }));
    await until(() => h.invoker.events.length === 1, "the first attempt");
    await settle();
    expect(await counts(QueueUrl)).toEqual({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "1" });
    await h.clock.advance(30_000);
    await until(() => h.invoker.events.length === 2, "the retry");
    expect(h.invoker.events[1].event.Records[0].attributes).toMatchObject({ ApproximateReceiveCount: "2" });
    await h.clock.advance(30_000);
    await until(() => h.sqs.engine.ctx.durable.state.queues.get("esm-dlq")?.messages.size === 1, "the move to the DLQ");
    expect(h.invoker.events).toHaveLength(2);
    expect((await h.client.send(new ReceiveMessageCommand({ QueueUrl: dlq }))).Messages?.[0]?.Body).toBe("poison");
    await h.sqs.eventSources.delete(uuid);
    h.invoker.respond = () => ({ payload: null });
  });

  it("keeps only the messages named in batchItemFailures (ReportBatchItemFailures)", async () => {
    const QueueUrl = await queue("esm-partial", { VisibilityTimeout: "30" });
    h.invoker.events.length = 0;
    await h.client.send(new SendMessageBatchCommand({ QueueUrl, Entries: ["a", "b", "c"].map((b) => ({ Id: b, MessageBody: b })) }));
    h.invoker.respond = (event) => ({ payload: { batchItemFailures: [{ itemIdentifier: event.Records.find((r) => r.body === "b")?.messageId }] } });
    const uuid = mapping("esm-partial", { functionResponseTypes: ["ReportBatchItemFailures"] });
    await until(() => h.invoker.events.length === 1, "the invocation");
    expect(h.invoker.events[0].event.Records.map((r) => r.body)).toEqual(["a", "b", "c"]);
    await until(() => h.sqs.engine.ctx.durable.state.queues.get("esm-partial")?.messages.size === 1, "the deletes");
    expect([...(h.sqs.engine.ctx.durable.state.queues.get("esm-partial")?.messages.values() ?? [])].map((m) => m.body)).toEqual(["b"]);
    await h.sqs.eventSources.delete(uuid);
    h.invoker.respond = () => ({ payload: null });
  });

  it("deletes messages the FilterCriteria do not match without invoking", async () => {
    const QueueUrl = await queue("esm-filter");
    h.invoker.events.length = 0;
    const uuid = mapping("esm-filter", { filterCriteria: { Filters: [{ Pattern: JSON.stringify({ body: { type: ["order"] } }) }] } });
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ type: "noise" }) }));
    await until(() => h.sqs.engine.ctx.durable.state.queues.get("esm-filter")?.messages.size === 0, "the filtered delete");
    expect(h.invoker.events).toHaveLength(0);
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ type: "order" }) }));
    await until(() => h.invoker.events.length === 1, "the matching invocation");
    await h.sqs.eventSources.delete(uuid);
  });

  it("waits up to MaximumBatchingWindowInSeconds for a fuller batch", async () => {
    const QueueUrl = await queue("esm-window");
    h.invoker.events.length = 0;
    const uuid = mapping("esm-window", { batchSize: 3, maximumBatchingWindowInSeconds: 5 });
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "1" }));
    await settle();
    await h.clock.advance(2_000);
    expect(h.invoker.events).toHaveLength(0);
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "2" }));
    await h.clock.advance(3_000);
    await until(() => h.invoker.events.length === 1, "the windowed batch");
    expect(h.invoker.events[0].event.Records.map((r) => r.body)).toEqual(["1", "2"]);
    await h.sqs.eventSources.delete(uuid);
  });

  it("does not poll while disabled, and starts when enabled", async () => {
    const QueueUrl = await queue("esm-disabled");
    h.invoker.events.length = 0;
    const uuid = mapping("esm-disabled", { enabled: false });
    await h.client.send(new SendMessageCommand({ QueueUrl, MessageBody: "wait" }));
    await settle();
    expect(h.invoker.events).toHaveLength(0);
    h.sqs.eventSources.update(uuid, { functionName: FN, queueArn: arnOf("esm-disabled"), batchSize: 10, maximumBatchingWindowInSeconds: 0, functionResponseTypes: [], enabled: true });
    await until(() => h.invoker.events.length === 1, "the invocation once enabled");
    await h.sqs.eventSources.delete(uuid);
  });
});
