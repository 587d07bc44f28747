// DeliveryPolicy's fields are checked where it is set: SNS names the member by its path in the
// policy (texts recorded from AWS: "http.defaultHealthyRetryPolicy.numRetries must be less than or
// equal to 100", "healthyRetryPolicy.minDelayTarget must be greater than or equal to 1",
// "Unexpected JSON member: throttlePolicy").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateTopicCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand, InvalidParameterException,
  SetSubscriptionAttributesCommand, SetTopicAttributesCommand, SubscribeCommand,
} from "@aws-sdk/client-sns";
import { ACCOUNT, REGION, caught, startEndpoint, startSns, type Harness } from "./helpers.js";

let h: Harness;
let topicArn: string;
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:delivery-policy-queue`;

beforeAll(async () => {
  h = await startSns();
  topicArn = (await h.client.send(new CreateTopicCommand({ Name: "delivery-policy" }))).TopicArn ?? "";
});

afterAll(async () => {
  await h.close();
});

const topicPolicy = (retry: Record<string, unknown>) => JSON.stringify({ http: { defaultHealthyRetryPolicy: retry } });
const setTopicPolicy = (value: string) =>
  h.client.send(new SetTopicAttributesCommand({ TopicArn: topicArn, AttributeName: "DeliveryPolicy", AttributeValue: value }));

describe("a topic's DeliveryPolicy", () => {
  it("refuses more than 100 retries, naming the member by its path", async () => {
    const error = await caught(setTopicPolicy(topicPolicy({ minDelayTarget: 20, maxDelayTarget: 20, numRetries: 101 })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe("Invalid parameter: DeliveryPolicy: http.defaultHealthyRetryPolicy.numRetries must be less than or equal to 100");
  });

  it("refuses a delay target under 1 second or over 3600, and a negative phase count", async () => {
    const min = await caught(setTopicPolicy(topicPolicy({ minDelayTarget: 0, maxDelayTarget: 20, numRetries: 3 })));
    expect(min.message).toBe("Invalid parameter: DeliveryPolicy: http.defaultHealthyRetryPolicy.minDelayTarget must be greater than or equal to 1");
    const max = await caught(setTopicPolicy(topicPolicy({ minDelayTarget: 1, maxDelayTarget: 3601, numRetries: 3 })));
    expect(max.message).toBe("Invalid parameter: DeliveryPolicy: http.defaultHealthyRetryPolicy.maxDelayTarget must be less than or equal to 3600");
    const phase = await caught(setTopicPolicy(topicPolicy({ minDelayTarget: 1, maxDelayTarget: 20, numRetries: 3, numNoDelayRetries: -1 })));
    expect(phase.message).toBe("Invalid parameter: DeliveryPolicy: http.defaultHealthyRetryPolicy.numNoDelayRetries must be greater than or equal to 0");
  });

  it("refuses a member the policy does not have (a subscription's name at topic level)", async () => {
    const error = await caught(setTopicPolicy(JSON.stringify({ http: { throttlePolicy: { maxReceivesPerSecond: 5 } } })));
    expect(error.message).toBe("Invalid parameter: DeliveryPolicy: Unexpected JSON member: throttlePolicy");
    const throttle = await caught(setTopicPolicy(JSON.stringify({ http: { defaultThrottlePolicy: { maxReceivesPerSecond: 0 } } })));
    expect(throttle.message).toBe("Invalid parameter: DeliveryPolicy: http.defaultThrottlePolicy.maxReceivesPerSecond must be greater than or equal to 1");
  });

  it("keeps the policy it had after a refusal, and takes the bounds themselves", async () => {
    await setTopicPolicy(topicPolicy({ minDelayTarget: 1, maxDelayTarget: 3600, numRetries: 100, numNoDelayRetries: 0 }));
    await caught(setTopicPolicy(topicPolicy({ numRetries: 500 })));
    const { Attributes } = await h.client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    expect(JSON.parse(Attributes?.DeliveryPolicy ?? "").http.defaultHealthyRetryPolicy).toEqual({ minDelayTarget: 1, maxDelayTarget: 3600, numRetries: 100, numNoDelayRetries: 0 });
  });

  it("is reported under \"Attributes Reason:\" by CreateTopic, which creates nothing", async () => {
    const error = await caught(h.client.send(new CreateTopicCommand({
      Name: "delivery-policy-new", Attributes: { DeliveryPolicy: topicPolicy({ minDelayTarget: 20, maxDelayTarget: 20, numRetries: 101 }) },
    })));
    expect(error.message).toBe("Invalid parameter: Attributes Reason: DeliveryPolicy: http.defaultHealthyRetryPolicy.numRetries must be less than or equal to 100");
    const missing = await caught(h.client.send(new GetTopicAttributesCommand({ TopicArn: topicArn.replace("delivery-policy", "delivery-policy-new") })));
    expect(missing.name).toBe("NotFoundException");
  });
});

describe("a subscription's DeliveryPolicy", () => {
  it("is checked by Subscribe under \"Attributes Reason:\"", async () => {
    const policy = JSON.stringify({ healthyRetryPolicy: { numRetries: 0, minDelayTarget: 0, maxDelayTarget: 0, backoffFunction: "exponential" } });
    const error = await caught(h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: QUEUE, Attributes: { DeliveryPolicy: policy } })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe("Invalid parameter: Attributes Reason: DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be greater than or equal to 1");
  });

  it("is checked by SetSubscriptionAttributes, which keeps the policy it had", async () => {
    const good = JSON.stringify({ healthyRetryPolicy: { numRetries: 5, minDelayTarget: 1, maxDelayTarget: 10 }, throttlePolicy: { maxReceivesPerSecond: 2 } });
    const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: QUEUE, Attributes: { DeliveryPolicy: good }, ReturnSubscriptionArn: true }));
    const set = (value: string) => caught(h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "DeliveryPolicy", AttributeValue: value })));
    expect((await set(JSON.stringify({ healthyRetryPolicy: { numRetries: 101, minDelayTarget: 1, maxDelayTarget: 10 } }))).message)
      .toBe("Invalid parameter: DeliveryPolicy: healthyRetryPolicy.numRetries must be less than or equal to 100");
    expect((await set(JSON.stringify({ throttlePolicy: { maxReceivesPerSecond: 0 } }))).message)
      .toBe("Invalid parameter: DeliveryPolicy: throttlePolicy.maxReceivesPerSecond must be greater than or equal to 1");
    expect((await set(JSON.stringify({ healthyRetryPolicy: { numRetries: 3 } }))).message)
      .toBe("Invalid parameter: DeliveryPolicy: healthyRetryPolicy.minDelayTarget must be specified");
    expect((await set(JSON.stringify({ healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 10 } }))).message)
      .toBe("Invalid parameter: DeliveryPolicy: healthyRetryPolicy.numRetries must be specified");
    expect((await set(JSON.stringify({ defaultHealthyRetryPolicy: { numRetries: 1 } }))).message)
      .toBe("Invalid parameter: DeliveryPolicy: Unexpected JSON member: defaultHealthyRetryPolicy");
    const { Attributes } = await h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(Attributes?.DeliveryPolicy).toBe(good);
  });
  it("of an HTTP subscription reads back with null for each member not set, the defaults only in EffectiveDeliveryPolicy", async () => {
    const endpoint = await startEndpoint();
    try {
      const policy = JSON.stringify({ healthyRetryPolicy: { maxDelayTarget: 20, minDelayTarget: 5, numRetries: 5 } });
      const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "http", Endpoint: endpoint.url, Attributes: { DeliveryPolicy: policy }, ReturnSubscriptionArn: true }));
      const { Attributes } = await h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
      // AWS's answer as the Terraform AWS provider's TestSuppressEquivalentTopicSubscriptionDeliveryPolicy records it.
      expect(Attributes?.DeliveryPolicy).toBe(
        '{"healthyRetryPolicy":{"minDelayTarget":5,"maxDelayTarget":20,"numRetries":5,"numMaxDelayRetries":null,"numNoDelayRetries":null,"numMinDelayRetries":null,"backoffFunction":null},' +
          '"sicklyRetryPolicy":null,"throttlePolicy":null,"requestPolicy":null,"guaranteed":false}',
      );
      expect(JSON.parse(Attributes?.EffectiveDeliveryPolicy ?? "{}").healthyRetryPolicy).toEqual({
        minDelayTarget: 5, maxDelayTarget: 20, numRetries: 5, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: "linear",
      });
    } finally {
      await endpoint.close();
    }
  });
});
