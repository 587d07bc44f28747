/**
 * Cases recorded against real SNS (localstack's AWS-validated tests and their provider's
 * texts, errors quoted from real deployments), replayed through the SDK against the sandbox.
 */
import {
  ConfirmSubscriptionCommand, CreateTopicCommand, GetSubscriptionAttributesCommand, InvalidParameterException, ListSubscriptionsByTopicCommand, SetSubscriptionAttributesCommand,
  SubscribeCommand, UnsubscribeCommand,
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

describe("Subscribe", () => {
  it("refuses a FIFO queue on a standard topic, with AWS's doubled prefix", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "recorded-standard" }));
    const error = await caught(h.client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn("jobs.fifo") })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toBe("Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics");
    const { Subscriptions } = await h.client.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    expect(Subscriptions).toEqual([]);
  });

  it("takes a FIFO queue on a FIFO topic and a standard queue on either", async () => {
    const fifo = await h.client.send(new CreateTopicCommand({ Name: "recorded.fifo", Attributes: { FifoTopic: "true" } }));
    const standard = await h.client.send(new CreateTopicCommand({ Name: "recorded-plain" }));
    await h.client.send(new SubscribeCommand({ TopicArn: fifo.TopicArn, Protocol: "sqs", Endpoint: queueArn("jobs.fifo") }));
    await h.client.send(new SubscribeCommand({ TopicArn: fifo.TopicArn, Protocol: "sqs", Endpoint: queueArn("jobs") }));
    await h.client.send(new SubscribeCommand({ TopicArn: standard.TopicArn, Protocol: "sqs", Endpoint: queueArn("jobs") }));
    const { Subscriptions } = await h.client.send(new ListSubscriptionsByTopicCommand({ TopicArn: fifo.TopicArn }));
    expect(Subscriptions?.map((s) => s.Endpoint).sort()).toEqual([queueArn("jobs"), queueArn("jobs.fifo")]);
  });
});

describe("SetSubscriptionAttributes", () => {
  it("takes RawMessageDelivery in any case and stores it lower-cased", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "recorded-raw" }));
    const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn("raw"), ReturnSubscriptionArn: true }));
    await h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RawMessageDelivery", AttributeValue: "True" }));
    const { Attributes } = await h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(Attributes?.RawMessageDelivery).toBe("true");
  });
});

describe("Unsubscribe", () => {
  it("is idempotent: a subscription already gone answers success", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "recorded-unsub" }));
    const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queueArn("gone"), ReturnSubscriptionArn: true }));
    await h.client.send(new UnsubscribeCommand({ SubscriptionArn }));
    const again = await h.client.send(new UnsubscribeCommand({ SubscriptionArn }));
    expect(again.$metadata.httpStatusCode).toBe(200);
  });
});

describe("ConfirmSubscription (localstack test_sns_confirm_subscription_wrong_token)", () => {
  /** A token of SNS's shape (hex) that no subscription has. */
  const UNKNOWN_TOKEN = "51b2ff3edb475b7d91550e0ab6edf0c1de2a34e6ebaf6c2262a001bcb7e051c43aa00022ceecce70bd2a67b2042da8d8eb47fef7a4";

  it("answers \"Invalid token\" for a token that is not SNS's shape", async () => {
    const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "recorded-confirm" }));
    const error = await caught(h.client.send(new ConfirmSubscriptionCommand({ TopicArn, Token: "randomtoken" })));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe("Invalid token");
  });

  it("answers \"Invalid parameter: Token\" for an unknown token, or a topic that does not exist", async () => {
    const { TopicArn = "" } = await h.client.send(new CreateTopicCommand({ Name: "recorded-confirm" }));
    const unknown = await caught(h.client.send(new ConfirmSubscriptionCommand({ TopicArn, Token: UNKNOWN_TOKEN })));
    expect(unknown.message).toBe("Invalid parameter: Token");
    const wrongTopic = await caught(h.client.send(new ConfirmSubscriptionCommand({ TopicArn: `${TopicArn.slice(0, -1)}i`, Token: UNKNOWN_TOKEN })));
    expect(wrongTopic.message).toBe("Invalid parameter: Token");
  });
});
