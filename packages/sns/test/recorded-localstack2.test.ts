/**
 * Error texts and shapes recorded on real SNS in localstack tests/aws/services/sns/test_sns.snapshot.json
 * (the test named in each describe), replayed through the real SDK v3 client.
 */
import {
  CreateTopicCommand, GetTopicAttributesCommand, InvalidParameterException, PublishBatchCommand, SetSubscriptionAttributesCommand, SetTopicAttributesCommand,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, REGION, caught, startSns, type Harness } from "./helpers.js";

let h: Harness;

beforeAll(async () => {
  h = await startSns();
});

afterAll(async () => {
  await h.close();
});

const queueArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;

async function subscription(topicName: string, attributes: Record<string, string> = {}): Promise<string> {
  const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: topicName, Attributes: attributes }));
  const { SubscriptionArn = "" } = await h.client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn("plain"), ReturnSubscriptionArn: true }));
  return SubscriptionArn;
}

describe("test_validate_set_sub_attributes", () => {
  // The October 2025 recording: Jackson no longer prints the source, and the column points at the character.
  it("names where a FilterPolicy stops being JSON, as Jackson does", async () => {
    const SubscriptionArn = await subscription("rec2-filter");
    const error = await caught(h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicy", AttributeValue: "{invalidjson}" })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe(
      "Invalid parameter: FilterPolicy: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]",
    );
  });

  it("names the unquoted key of a RedrivePolicy too", async () => {
    const SubscriptionArn = await subscription("rec2-redrive");
    const error = await caught(h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RedrivePolicy", AttributeValue: "{invalidjson}" })));
    expect(error.message).toBe(
      "Invalid parameter: RedrivePolicy: failed to parse JSON. Unexpected character ('i' (code 105)): was expecting double-quote to start field name\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 2]",
    );
  });
});

describe("test_validations_for_fifo", () => {
  it("refuses a standard queue as dead-letter queue of a FIFO topic's subscription", async () => {
    const SubscriptionArn = await subscription("rec2-dlq.fifo", { FifoTopic: "true" });
    const error = await caught(
      h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RedrivePolicy", AttributeValue: JSON.stringify({ deadLetterTargetArn: queueArn("dlq") }) })),
    );
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe("Invalid parameter: RedrivePolicy: must use a FIFO queue as DLQ for a FIFO Subscription to a FIFO Topic.");
    await h.client.send(
      new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RedrivePolicy", AttributeValue: JSON.stringify({ deadLetterTargetArn: queueArn("dlq.fifo") }) }),
    );
  });
});

describe("test_publish_batch_exceptions", () => {
  it("fails the whole batch when an entry's json MessageStructure has no default", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "rec2-batch.fifo", Attributes: { FifoTopic: "true" } }));
    const entry = { Id: "1", Message: JSON.stringify({ sqs: "test" }), MessageStructure: "json", MessageGroupId: "g", MessageDeduplicationId: "d" };
    const error = await caught(h.client.send(new PublishBatchCommand({ TopicArn, PublishBatchRequestEntries: [entry] })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe("Invalid parameter: Message Structure - No default entry in JSON message body");
  });
});

describe("test_topic_delivery_policy_crud", () => {
  const DEFAULT_RETRY = { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: "linear" };

  it("keeps a DeliveryPolicy as SNS prints it: nulls dropped, disableSubscriptionOverrides present", async () => {
    const { TopicArn } = await h.client.send(
      new CreateTopicCommand({
        Name: "rec2-delivery.fifo",
        Attributes: { FifoTopic: "true", DeliveryPolicy: JSON.stringify({ http: { defaultRequestPolicy: { headerContentType: "application/json" } } }) },
      }),
    );
    const attributes = async () => (await h.client.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes ?? {};
    expect(JSON.parse((await attributes()).DeliveryPolicy ?? "")).toEqual({ http: { disableSubscriptionOverrides: false, defaultRequestPolicy: { headerContentType: "application/json" } } });

    const retry = { minDelayTarget: 5, maxDelayTarget: 6, numRetries: 1 };
    await h.client.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "DeliveryPolicy", AttributeValue: JSON.stringify({ http: { defaultHealthyRetryPolicy: retry } }) }));
    const updated = await attributes();
    expect(JSON.parse(updated.DeliveryPolicy ?? "")).toEqual({ http: { defaultHealthyRetryPolicy: retry, disableSubscriptionOverrides: false } });
    expect(JSON.parse(updated.EffectiveDeliveryPolicy ?? "")).toEqual({
      http: { defaultHealthyRetryPolicy: { ...DEFAULT_RETRY, ...retry }, disableSubscriptionOverrides: false, defaultRequestPolicy: { headerContentType: "text/plain; charset=UTF-8" } },
    });

    await h.client.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "DeliveryPolicy", AttributeValue: JSON.stringify({ http: { defaultHealthyRetryPolicy: null } }) }));
    const cleared = await attributes();
    expect(JSON.parse(cleared.DeliveryPolicy ?? "")).toEqual({ http: { disableSubscriptionOverrides: false } });
    expect(JSON.parse(cleared.EffectiveDeliveryPolicy ?? "").http.defaultHealthyRetryPolicy).toEqual(DEFAULT_RETRY);

    await h.client.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "DeliveryPolicy", AttributeValue: "" }));
    expect((await attributes()).DeliveryPolicy).toBeUndefined();
  });
});
