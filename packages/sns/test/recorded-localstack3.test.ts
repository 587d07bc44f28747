/**
 * SNS cases recorded on real AWS in localstack tests/aws/services/sns/test_sns.snapshot.json and
 * test_sns_filter_policy.snapshot.json (the test named in each describe), replayed through the real SDK v3 client.
 */
import {
  CreateTopicCommand, DeleteTopicCommand, GetSubscriptionAttributesCommand, InvalidParameterException, PublishCommand, SNSClient, SetSubscriptionAttributesCommand, SubscribeCommand,
} from "@aws-sdk/client-sns";
import { EventBus, MemoryStore, VirtualClock, serveHandler, silentLogger, type EdgeRequest, type EdgeResponse } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSns, type QueueMessage } from "../src/index.js";
import { ACCOUNT, FakeInvoker, NOW, REGION, caught, startEndpoint, startSns, until, type Harness } from "./helpers.js";

let h: Harness;
let topicArn: string;
let queues = 0;

beforeAll(async () => {
  h = await startSns();
  topicArn = (await h.client.send(new CreateTopicCommand({ Name: "rec3" }))).TopicArn ?? "";
});

afterAll(async () => {
  await h.close();
});

const nextQueue = () => `arn:aws:sqs:${REGION}:${ACCOUNT}:rec3-${queues++}`;
const subscribeWith = (FilterPolicy: string) =>
  h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: nextQueue(), Attributes: { FilterPolicy }, ReturnSubscriptionArn: true }));
const REDACTED = "REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)";

describe("test_subscribe_invalid_filter_policy (recorded October 2025)", () => {
  it("quotes Jackson's unrecognized token, with no source text", async () => {
    const error = await caught(subscribeWith("invalid"));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe(
      "Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON. Unrecognized token 'invalid': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n" +
        ` at [Source: ${REDACTED}; line: 1, column: 8]`,
    );
  });

  it("finds a bare word in value position too, and leaves true/false/null alone", async () => {
    const error = await caught(subscribeWith('{"a": [true, nope]}'));
    expect(error.message).toBe(
      "Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON. Unrecognized token 'nope': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n" +
        ` at [Source: ${REDACTED}; line: 1, column: 18]`,
    );
  });
});

describe("test_validate_set_sub_attributes (recorded October 2025)", () => {
  it("points at the unquoted key of a RedrivePolicy without printing it", async () => {
    const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: nextQueue(), ReturnSubscriptionArn: true }));
    const error = await caught(h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RedrivePolicy", AttributeValue: "{invalidjson}" })));
    expect(error.message).toBe(
      `Invalid parameter: RedrivePolicy: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n at [Source: ${REDACTED}; line: 1, column: 2]`,
    );
  });
});

describe("test_validate_policy_string_operators", () => {
  it.each([
    ['{"key":{"suffix":"value"}}', '"suffix" must be an object or an array'],
    ['{"key":{"suffix":"value","prefix":"value"}}', '"suffix" must be an object or an array'],
    ['{"key":{"not-an-operator":"value"}}', '"not-an-operator" must be an object or an array'],
  ])("names the malformed nested rule of %s before the MessageAttributes scope", async (policy, reason) => {
    const error = await caught(subscribeWith(policy));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe(`Invalid parameter: Attributes Reason: FilterPolicy: ${reason}`);
  });
});

describe("test_sub_filter_policy_nested_property", () => {
  it("refuses a well-formed nested policy under MessageAttributes, then takes it under MessageBody", async () => {
    const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: nextQueue(), ReturnSubscriptionArn: true }));
    const nested = JSON.stringify({ object: { key: [{ prefix: "auto-" }] } });
    const error = await caught(h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicy", AttributeValue: nested })));
    expect(error.message).toBe("Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy");
    await h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicyScope", AttributeValue: "MessageBody" }));
    await h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicy", AttributeValue: nested }));
    const { Attributes } = await h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(Attributes?.FilterPolicyScope).toBe("MessageBody");
    expect(JSON.parse(Attributes?.FilterPolicy ?? "")).toEqual({ object: { key: [{ prefix: "auto-" }] } });
  });
});

describe("test_message_to_fifo_sqs / test_fifo_topic_to_regular_sqs", () => {
  const sent: Array<{ arn: string; message: QueueMessage }> = [];
  let client: SNSClient;
  let close: () => Promise<void>;

  beforeAll(async () => {
    let handle: (req: EdgeRequest) => Promise<EdgeResponse> = () => Promise.reject(new Error("not ready"));
    const server = await serveHandler((req) => handle(req));
    const sns = await createSns({
      store: new MemoryStore(), clock: new VirtualClock(NOW), logger: silentLogger, events: new EventBus(), region: REGION, accountId: ACCOUNT,
      invoker: new FakeInvoker(), edgeUrl: server.url, queues: { send: async (arn, message) => void sent.push({ arn, message }) },
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

  it("numbers a FIFO topic's notification right after MessageId, unsigned, and dedups by the body's SHA-256", async () => {
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: "rec3.fifo", Attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" } }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:rec3.fifo` }));
    const published = await client.send(new PublishCommand({ TopicArn, Message: "Test", MessageGroupId: "message-group-id-1" }));
    await until(() => sent.length === 1, "the delivery");
    const body = JSON.parse(sent[0].message.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(["Type", "MessageId", "SequenceNumber", "TopicArn", "Message", "Timestamp", "UnsubscribeURL"]);
    expect(body.SequenceNumber).toBe(published.SequenceNumber);
    expect(sent[0].message).toMatchObject({ groupId: "message-group-id-1", dedupId: "532eaabd9574880dbf76b9b8cc00832c20a6ec113d682299550d7a6e0f345e25" });
  });

  it("passes the Publish's X-Amzn-Trace-Id on as the queue message's trace header (test_publish_sqs_from_sns_with_xray_propagation)", async () => {
    sent.length = 0;
    const header = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1";
    const { TopicArn } = await client.send(new CreateTopicCommand({ Name: "rec3-traced" }));
    await client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:traced` }));
    const command = new PublishCommand({ TopicArn, Message: "X-Ray propagation test msg" });
    command.middlewareStack.add((next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers["x-amzn-trace-id"] = header;
      return next(args);
    }, { step: "build" });
    await client.send(command);
    await until(() => sent.length === 1, "the delivery");
    expect(sent[0].message.traceHeader).toBe(header);
  });
});

describe("test_subscribe_external_http_endpoint", () => {
  it("posts the confirmation with AWS's headers, Accept-Encoding included", async () => {
    const endpoint = await startEndpoint();
    try {
      await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "http", Endpoint: endpoint.url }));
      await endpoint.next(1);
      expect(endpoint.received[0].headers).toMatchObject({
        "accept-encoding": "gzip,deflate",
        "content-type": "text/plain; charset=UTF-8",
        "user-agent": "Amazon Simple Notification Service Agent",
        "x-amz-sns-message-type": "SubscriptionConfirmation",
        "x-amz-sns-topic-arn": topicArn,
      });
    } finally {
      await endpoint.close();
    }
  });
});

describe("test_get_subscription_attributes_error_not_exists / test_delete_subscriptions_on_delete_topic (recorded October 2025)", () => {
  it("reads the SubscriptionArn before looking it up", async () => {
    const other = await caught(h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:test-queue:66d97e76-31e5-444f-8fa7-b60b680d0d39` })));
    expect(other).toBeInstanceOf(InvalidParameterException);
    expect(other.$metadata?.httpStatusCode).toBe(400);
    expect(other.message).toBe("Invalid parameter: SubscriptionId");
    const pending = await caught(h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: "pending confirmation" })));
    expect(pending.message).toBe("Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 1");
  });

  it("still answers 404 for a well-formed ARN whose topic is gone", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "rec3-gone" }));
    const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: nextQueue(), ReturnSubscriptionArn: true }));
    await h.client.send(new DeleteTopicCommand({ TopicArn }));
    const error = await caught(h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn })));
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(error.message).toBe("Subscription does not exist");
  });
});
