import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { AwsError, EventBus, MemoryStore, VirtualClock, serveHandler, silentLogger, type EdgeRequest, type EdgeResponse } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSns, type QueueMessage, type Sns } from "../src/index.js";
import { ACCOUNT, FakeInvoker, NOW, REGION, until } from "./helpers.js";

/** SQS subscriptions through the QueueSender port (the sandbox wires its SQS behind it). */
const sent: Array<{ arn: string; message: QueueMessage }> = [];
let sns: Sns;
let client: SNSClient;
let close: () => Promise<void>;
const events = new EventBus();
const warnings: string[] = [];
const logger = { ...silentLogger, warn: (line: string) => void warnings.push(line) };

beforeAll(async () => {
  let handle: (req: EdgeRequest) => Promise<EdgeResponse> = () => Promise.reject(new Error("not ready"));
  const server = await serveHandler((req) => handle(req));
  sns = await createSns({
    store: new MemoryStore(), clock: new VirtualClock(NOW), logger, events, region: REGION, accountId: ACCOUNT, invoker: new FakeInvoker(), edgeUrl: server.url,
    queues: {
      send: async (arn, message) => {
        if (arn.endsWith(":missing")) throw new AwsError("QueueDoesNotExist", "The specified queue does not exist.", 400);
        sent.push({ arn, message });
      },
    },
  });
  handle = sns.service.handle;
  client = new SNSClient({ endpoint: server.url, region: REGION, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
  close = async () => {
    client.destroy();
    await sns.close();
    await server.close();
  };
});
afterAll(() => close());

const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;

describe("sqs subscriptions", () => {
  it("sends the notification document, or the raw message with its attributes", async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: "to-queues" }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn("wrapped") }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn("raw"), Attributes: { RawMessageDelivery: "true" } }));
    await client.send(new PublishCommand({ TopicArn, Message: "hi", MessageAttributes: { k: { DataType: "String", StringValue: "v" } } }));
    await until(() => sent.length === 2, "both deliveries");
    const wrapped = sent.find((s) => s.arn === queueArn("wrapped"));
    expect(JSON.parse(wrapped?.message.body ?? "{}")).toMatchObject({ Type: "Notification", TopicArn, Message: "hi", MessageAttributes: { k: { Type: "String", Value: "v" } } });
    expect(wrapped?.message.attributes).toBeUndefined();
    expect(sent.find((s) => s.arn === queueArn("raw"))?.message).toEqual({ body: "hi", attributes: { k: { DataType: "String", StringValue: "v" } } });
    // Wired to queues, a subscription is not announced as "not emulated".
    expect(warnings.filter((w) => w.includes("not emulated"))).toEqual([]);
  });

  it("passes a FIFO topic's group and deduplication ids on to a FIFO queue", async () => {
    sent.length = 0;
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: "ordered.fifo", Attributes: { FifoTopic: "true" } }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn("ordered.fifo"), Attributes: { RawMessageDelivery: "true" } }));
    await client.send(new PublishCommand({ TopicArn, Message: "one", MessageGroupId: "g", MessageDeduplicationId: "d1" }));
    await until(() => sent.length === 1, "the delivery");
    expect(sent[0].message).toMatchObject({ body: "one", groupId: "g", dedupId: "d1" });
  });

  it("gives up on a queue that does not exist", async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: "to-nowhere" }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn("missing") }));
    const outcomes: Array<{ status: string; attempts: number; error?: string }> = [];
    events.on("snsDelivery", (e) => {
      if (e.endpoint === queueArn("missing")) outcomes.push({ status: e.status, attempts: e.attempts, ...(e.error ? { error: e.error } : {}) });
    });
    await client.send(new PublishCommand({ TopicArn, Message: "lost" }));
    await until(() => outcomes.length === 1, "the delivery's outcome");
    expect(outcomes).toEqual([{ status: "failed", attempts: 1, error: "QueueDoesNotExist: The specified queue does not exist." }]);
    expect(sent.some((s) => s.arn === queueArn("missing"))).toBe(false);
  });
});
