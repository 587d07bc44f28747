// Subscribe and SetSubscriptionAttributes check RawMessageDelivery, FilterPolicyScope and
// RedrivePolicy values, Subscribe reporting them under "Attributes Reason:".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTopicCommand, InvalidParameterException, SetSubscriptionAttributesCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import { ACCOUNT, REGION, caught, startSns, type Harness } from "./helpers.js";

let h: Harness;
let topicArn: string;
const QUEUE = `arn:aws:sqs:${REGION}:${ACCOUNT}:subscription-attributes-queue`;

beforeAll(async () => {
  h = await startSns();
  topicArn = (await h.client.send(new CreateTopicCommand({ Name: "subscription-attributes" }))).TopicArn ?? "";
});

afterAll(async () => {
  await h.close();
});

const subscribe = (Attributes: Record<string, string>) =>
  caught(h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: QUEUE, Attributes })));

describe("subscription attribute values", () => {
  it("takes RawMessageDelivery true or false only (\"yes\" is no boolean)", async () => {
    const error = await subscribe({ RawMessageDelivery: "yes" });
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe("Invalid parameter: Attributes Reason: RawMessageDelivery: Invalid value [yes]. Must be true or false.");
  });

  it("takes FilterPolicyScope MessageAttributes or MessageBody only", async () => {
    const error = await subscribe({ FilterPolicy: '{"a":["b"]}', FilterPolicyScope: "Body" });
    expect(error.message).toBe("Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes");
  });

  it("needs a RedrivePolicy whose deadLetterTargetArn is an ARN", async () => {
    const error = await subscribe({ RedrivePolicy: JSON.stringify({ deadLetterTargetArn: "queue" }) });
    expect(error.message).toBe("Invalid parameter: Attributes Reason: RedrivePolicy: deadLetterTargetArn is an invalid arn");
    const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: QUEUE, ReturnSubscriptionArn: true }));
    const set = await caught(h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "RawMessageDelivery", AttributeValue: "1" })));
    expect(set.message).toBe("Invalid parameter: RawMessageDelivery: Invalid value [1]. Must be true or false.");
  });
});
