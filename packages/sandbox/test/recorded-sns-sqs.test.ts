/**
 * SNS deliveries into the sandbox's own SQS queues, as AWS recorded them in localstack's
 * tests/aws/services/sns/test_sns.snapshot.json (the test named in each case): what the queue's
 * consumer receives, system attributes included.
 */
import { CreateQueueCommand, DeleteMessageCommand, DeleteQueueCommand, ReceiveMessageCommand, SQSClient, type Message } from "@aws-sdk/client-sqs";
import { CreateTopicCommand, PublishBatchCommand, PublishCommand, SNSClient, SubscribeCommand, type PublishBatchRequestEntry } from "@aws-sdk/client-sns";
import { CreateEventBusCommand, EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
let sandbox: RunningSandbox;
let sqs: SQSClient;
let sns: SNSClient;
let events: EventBridgeClient;

beforeAll(async () => {
  sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true });
  sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  sns = new SNSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  events = new EventBridgeClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
});

afterAll(async () => {
  sqs?.destroy();
  sns?.destroy();
  events?.destroy();
  await sandbox?.stop();
});

let count = 0;
async function subscribedQueue(TopicArn: string, fifo = false, Attributes?: Record<string, string>): Promise<string> {
  const QueueName = `sns-sqs-${++count}${fifo ? ".fifo" : ""}`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName, ...(fifo ? { Attributes: { FifoQueue: "true" } } : {}) }));
  await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: `arn:aws:sqs:us-east-1:000000000000:${QueueName}`, ...(Attributes ? { Attributes } : {}) }));
  return QueueUrl ?? "";
}
async function receiveOne(QueueUrl: string): Promise<Message | undefined> {
  return (await receive(QueueUrl, 1))[0];
}
/** Polls (no timers) until `count` messages have been received. */
async function receive(QueueUrl: string, count: number): Promise<Message[]> {
  const messages: Message[] = [];
  for (let i = 0; i < 100 && messages.length < count; i++) {
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ["All"], MessageAttributeNames: ["All"], MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    messages.push(...(got.Messages ?? []));
    if (!got.Messages?.length) await new Promise((resolve) => setImmediate(resolve));
  }
  return messages;
}

describe("SNS to SQS", () => {
  it("test_publish_message_group_id: a standard topic passes the MessageGroupId on to a standard queue", async () => {
    const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: `sns-sqs-topic-${++count}` }));
    const q = await subscribedQueue(TopicArn);
    await sns.send(new PublishCommand({ TopicArn, Message: "test signature value with attributes", MessageGroupId: "my-group-id-1", MessageAttributes: { attr1: { DataType: "Number", StringValue: "1" } } }));
    const m = await receiveOne(q);
    expect(Object.keys(m?.Attributes ?? {}).sort()).toEqual(["ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "MessageGroupId", "SenderId", "SentTimestamp"]);
    expect(m?.Attributes?.MessageGroupId).toBe("my-group-id-1");
    expect(JSON.parse(m?.Body ?? "")).toMatchObject({ Type: "Notification", Message: "test signature value with attributes", MessageAttributes: { attr1: { Type: "Number", Value: "1" } } });
  });

  it("test_fifo_topic_to_regular_sqs: a FIFO topic's message reaches a standard queue without group or deduplication ids", async () => {
    const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: `sns-sqs-topic-${++count}.fifo`, Attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" } }));
    const q = await subscribedQueue(TopicArn);
    const published = await sns.send(new PublishCommand({ TopicArn, Message: "Test", MessageGroupId: "message-group-id-1" }));
    const m = await receiveOne(q);
    expect(Object.keys(m?.Attributes ?? {}).sort()).toEqual(["ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "SenderId", "SentTimestamp"]);
    const body = JSON.parse(m?.Body ?? "") as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["Type", "MessageId", "SequenceNumber", "TopicArn", "Message", "Timestamp", "UnsubscribeURL"]);
    expect(body.SequenceNumber).toBe(published.SequenceNumber);
  });

  it("test_message_to_fifo_sqs: a FIFO topic's message reaches a FIFO queue with its group and the body's SHA-256 as deduplication id", async () => {
    const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: `sns-sqs-topic-${++count}.fifo`, Attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" } }));
    const q = await subscribedQueue(TopicArn, true);
    await sns.send(new PublishCommand({ TopicArn, Message: "Test", MessageGroupId: "message-group-id-1" }));
    const m = await receiveOne(q);
    expect(m?.Attributes).toMatchObject({
      MessageDeduplicationId: "532eaabd9574880dbf76b9b8cc00832c20a6ec113d682299550d7a6e0f345e25", MessageGroupId: "message-group-id-1", SequenceNumber: expect.stringMatching(/^\d+$/),
    });
  });

  it("test_publish_sqs_from_sns / test_attribute_raw_subscribe: raw delivery turns message attributes into the queue message's", async () => {
    const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: `sns-sqs-topic-${++count}` }));
    const q = await subscribedQueue(TopicArn, false, { RawMessageDelivery: "true" });
    await sns.send(new PublishCommand({ TopicArn, Message: "Test msg", MessageAttributes: { attr1: { DataType: "Number", StringValue: "99.12" } } }));
    await sns.send(new PublishCommand({ TopicArn, Message: "This is a test message", MessageAttributes: { store: { DataType: "Binary", BinaryValue: new Uint8Array([2, 3, 4]) } } }));
    const [first, second] = await receive(q, 2);
    expect(first).toMatchObject({ Body: "Test msg", MD5OfMessageAttributes: "d302007e9aa062660afc85fd0a482472", MessageAttributes: { attr1: { DataType: "Number", StringValue: "99.12" } } });
    expect(second?.Body).toBe("This is a test message");
    expect(second?.MessageAttributes?.store?.DataType).toBe("Binary");
    expect(Buffer.from(second?.MessageAttributes?.store?.BinaryValue ?? new Uint8Array()).equals(Buffer.from([2, 3, 4]))).toBe(true);
  });

  it("test_publish_batch_messages_from_sns_to_sqs: a raw batch, attributes and their MD5s as recorded", async () => {
    const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: `sns-sqs-topic-${++count}` }));
    const q = await subscribedQueue(TopicArn, false, { RawMessageDelivery: "true" });
    const published = await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [
      { Id: "1", Message: "Test Message with one attribute", Subject: "Subject", MessageAttributes: { attr1: { DataType: "Number", StringValue: "19.12" } } },
      { Id: "2", Message: "Test Message with two attributes", Subject: "Subject", MessageAttributes: { attr1: { DataType: "Number", StringValue: "99.12" }, attr2: { DataType: "Number", StringValue: "109.12" } } },
      { Id: "3", Message: "Test Message without attribute", Subject: "Subject" },
    ] }));
    expect(published.Failed).toEqual([]);
    expect(published.Successful?.map((e) => e.Id)).toEqual(["1", "2", "3"]);
    const got = await receive(q, 3);
    const byBody = Object.fromEntries(got.map((m) => [m.Body, m.MD5OfMessageAttributes]));
    expect(byBody).toEqual({
      "Test Message with one attribute": "1f07082409022a373fa2a2601f82b3cb",
      "Test Message with two attributes": "9b720b3af309c1c4b0d395c53b08c502",
      "Test Message without attribute": undefined,
    });
  });
});

describe("SNS FIFO topics to FIFO queues", () => {
  it("test_publish_batch_messages_from_fifo_topic_to_fifo_queue[True]: content-based ids, and a republished batch answered as the first and not delivered again", async () => {
    const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: `sns-sqs-topic-${++count}.fifo`, Attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" } }));
    const q = await subscribedQueue(TopicArn, true, { RawMessageDelivery: "true" });
    const entries: PublishBatchRequestEntry[] = [
      { Id: "1", Message: "Test Message with two attributes", Subject: "Subject", MessageGroupId: "complexMessageGroupId", MessageAttributes: { attr1: { DataType: "Number", StringValue: "99.12" }, attr2: { DataType: "Number", StringValue: "109.12" } } },
      { Id: "2", Message: "Test Message with one attribute", Subject: "Subject", MessageGroupId: "complexMessageGroupId", MessageAttributes: { attr1: { DataType: "Number", StringValue: "19.12" } } },
      { Id: "3", Message: "Test Message without attribute", Subject: "Subject", MessageGroupId: "complexMessageGroupId" },
    ];
    const first = await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: entries }));
    expect(first.Failed).toEqual([]);
    const got = await receive(q, 3);
    expect(got.map((m) => [m.Body, m.Attributes?.MessageDeduplicationId, m.Attributes?.MessageGroupId, m.MD5OfMessageAttributes])).toEqual([
      ["Test Message with two attributes", "47f6d7e2c477469ad670ae3bfee60ed3e79080bb0105fc01a2805a50f8b21358", "complexMessageGroupId", "9b720b3af309c1c4b0d395c53b08c502"],
      ["Test Message with one attribute", "2186166772ec2fb49b7ba9efbda53c6eabf8e785cb00420db531c8eb9287d8e1", "complexMessageGroupId", "1f07082409022a373fa2a2601f82b3cb"],
      ["Test Message without attribute", "a579d4ebff398c5ad4d5037534a1c1bfab36410100c80d8c7c1029b57c7898fe", "complexMessageGroupId", undefined],
    ]);
    // Deleted first, so that a delivered duplicate would be receivable (an in-flight group hides its messages).
    for (const m of got) await sqs.send(new DeleteMessageCommand({ QueueUrl: q, ReceiptHandle: m.ReceiptHandle ?? "" }));
    const again = await sns.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: entries }));
    expect(again.Successful?.map((e) => [e.Id, e.MessageId, e.SequenceNumber])).toEqual(first.Successful?.map((e) => [e.Id, e.MessageId, e.SequenceNumber]));
    expect(await receive(q, 1)).toEqual([]);
  });
});

describe("SNS dead-letter queues", () => {
  it("test_subscription_after_failure_to_deliver / test_redrive_policy_sqs_queue_subscription[False]: a deleted queue's notifications go to the DLQ", async () => {
    const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: `sns-sqs-topic-${++count}` }));
    const { QueueUrl: dlq = "" } = await sqs.send(new CreateQueueCommand({ QueueName: `sns-dlq-${++count}` }));
    const q = await subscribedQueue(TopicArn, false, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:us-east-1:000000000000:${dlq.split("/").pop() ?? ""}` }) });
    await sns.send(new PublishCommand({ TopicArn, Message: "test_dlq_before_sqs_endpoint_deleted" }));
    expect(JSON.parse((await receiveOne(q))?.Body ?? "")).toMatchObject({ Message: "test_dlq_before_sqs_endpoint_deleted" });
    await sqs.send(new DeleteQueueCommand({ QueueUrl: q }));
    await sns.send(new PublishCommand({ TopicArn, Message: "test_dlq_after_sqs_endpoint_deleted_0", MessageAttributes: { attr1: { DataType: "Number", StringValue: "111" } } }));
    const dead = await receiveOne(dlq);
    expect(dead?.MessageAttributes).toBeUndefined();
    expect(JSON.parse(dead?.Body ?? "")).toMatchObject({ Type: "Notification", TopicArn, Message: "test_dlq_after_sqs_endpoint_deleted_0", MessageAttributes: { attr1: { Type: "Number", Value: "111" } } });
  });
});

describe("EventBridge to SQS and SNS (localstack test_events_targets / test_events.snapshot.json, recorded on AWS)", () => {
  const ENTRY = { Source: "core.update-account-command", DetailType: "core.update-account-command", Detail: JSON.stringify({ command: "update-account", payload: { acc_id: "0a787ecb-4015", sf_id: "baz" } }) };
  const queueArn = (url: string) => `arn:aws:sqs:us-east-1:000000000000:${url.split("/").pop() ?? ""}`;

  it("test_put_events_with_target_sqs: the event envelope is the message body", async () => {
    const { QueueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: `eb-sqs-${++count}` }));
    const Rule = `eb-rule-${++count}`;
    await events.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify({ source: ["core.update-account-command"] }) }));
    await events.send(new PutTargetsCommand({ Rule, Targets: [{ Id: "t", Arn: queueArn(QueueUrl) }] }));
    const put = await events.send(new PutEventsCommand({ Entries: [ENTRY] }));
    const m = await receiveOne(QueueUrl);
    const body = JSON.parse(m?.Body ?? "") as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]);
    expect(body).toMatchObject({ version: "0", id: put.Entries?.[0]?.EventId, account: "000000000000", region: "us-east-1", resources: [], detail: JSON.parse(ENTRY.Detail) as unknown });
  });

  it("a FIFO queue target takes SqsParameters.MessageGroupId (content-based deduplication on the queue)", async () => {
    const { QueueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: `eb-sqs-${++count}.fifo`, Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" } }));
    const Rule = `eb-rule-${++count}`;
    await events.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify({ source: ["core.update-account-command"] }) }));
    await events.send(new PutTargetsCommand({ Rule, Targets: [{ Id: "t", Arn: queueArn(QueueUrl), SqsParameters: { MessageGroupId: "group-1" } }] }));
    await events.send(new PutEventsCommand({ Entries: [ENTRY] }));
    const m = await receiveOne(QueueUrl);
    expect(m?.Attributes?.MessageGroupId).toBe("group-1");
  });

  it("an SNS topic target notifies with the event as the Message", async () => {
    const { TopicArn = "" } = await sns.send(new CreateTopicCommand({ Name: `eb-topic-${++count}` }));
    const q = await subscribedQueue(TopicArn);
    const Rule = `eb-rule-${++count}`;
    await events.send(new PutRuleCommand({ Name: Rule, EventPattern: JSON.stringify({ source: ["core.update-account-command"] }) }));
    await events.send(new PutTargetsCommand({ Rule, Targets: [{ Id: "t", Arn: TopicArn }] }));
    await events.send(new PutEventsCommand({ Entries: [ENTRY] }));
    const m = await receiveOne(q);
    const notification = JSON.parse(m?.Body ?? "") as { Type: string; Message: string; TopicArn: string };
    expect(notification).toMatchObject({ Type: "Notification", TopicArn });
    expect(JSON.parse(notification.Message)).toMatchObject({ source: "core.update-account-command", detail: JSON.parse(ENTRY.Detail) as unknown });
  });

  it("test_put_events_bus_to_bus[standard]: a rule on one bus forwards to another bus whose rule reaches the queue", async () => {
    const bus = `eb-bus-${++count}`;
    const { EventBusArn = "" } = await events.send(new CreateEventBusCommand({ Name: bus }));
    const { QueueUrl = "" } = await sqs.send(new CreateQueueCommand({ QueueName: `eb-sqs-${++count}` }));
    const onDefault = `eb-rule-${++count}`;
    await events.send(new PutRuleCommand({ Name: onDefault, EventPattern: JSON.stringify({ source: ["core.update-account-command"] }) }));
    await events.send(new PutTargetsCommand({ Rule: onDefault, Targets: [{ Id: "bus", Arn: EventBusArn, RoleArn: "arn:aws:iam::000000000000:role/events" }] }));
    const onCustom = `eb-rule-${++count}`;
    await events.send(new PutRuleCommand({ Name: onCustom, EventBusName: bus, EventPattern: JSON.stringify({ source: ["core.update-account-command"] }) }));
    await events.send(new PutTargetsCommand({ Rule: onCustom, EventBusName: bus, Targets: [{ Id: "q", Arn: queueArn(QueueUrl) }] }));
    await events.send(new PutEventsCommand({ Entries: [ENTRY] }));
    const m = await receiveOne(QueueUrl);
    const body = JSON.parse(m?.Body ?? "") as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]);
    expect(body).toMatchObject({ "detail-type": "core.update-account-command", source: "core.update-account-command", account: "000000000000", resources: [], detail: JSON.parse(ENTRY.Detail) as unknown });
  });
});
