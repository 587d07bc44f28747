/**
 * The AWS CLI's own SNS examples (aws/aws-cli, awscli/examples/sns/*.rst: commands and the answers
 * AWS gave them), replayed through the AWS SDK v3 client; the shapes are compared, the author's
 * values (ARNs, ids) are not. An email subscription is confirmed at once in the sandbox (no mail
 * is sent), so subscribe.rst's "pending confirmation" is not replayed.
 */
import {
  CheckIfPhoneNumberIsOptedOutCommand, CreatePlatformApplicationCommand, CreatePlatformEndpointCommand, CreateTopicCommand,
  GetEndpointAttributesCommand, GetPlatformApplicationAttributesCommand, GetSMSAttributesCommand, GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand, ListEndpointsByPlatformApplicationCommand, ListPhoneNumbersOptedOutCommand, ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand, ListTagsForResourceCommand, PublishCommand, SetSMSAttributesCommand, SubscribeCommand, TagResourceCommand,
} from "@aws-sdk/client-sns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, startSns, type Harness } from "./helpers.js";

let h: Harness;
let topicArn: string;
beforeAll(async () => {
  h = await startSns();
  topicArn = (await h.client.send(new CreateTopicCommand({ Name: "my-topic" }))).TopicArn ?? "";
});
afterAll(() => h.close());

describe("awscli/examples/sns", () => {
  it("create-topic.rst, get-topic-attributes.rst: the attributes AWS lists for a new topic", async () => {
    expect(topicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:my-topic`);
    await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "email", Endpoint: "my-email@example.com" }));
    const { Attributes } = await h.client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    // The example's members, and EffectiveDeliveryPolicy's http defaults as it shows them.
    expect(Object.keys(Attributes ?? {})).toEqual(expect.arrayContaining([
      "SubscriptionsConfirmed", "DisplayName", "SubscriptionsDeleted", "EffectiveDeliveryPolicy", "Owner", "Policy", "TopicArn", "SubscriptionsPending",
    ]));
    expect(JSON.parse(Attributes?.EffectiveDeliveryPolicy ?? "{}").http).toMatchObject({
      defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: "linear" },
      disableSubscriptionOverrides: false,
    });
    const policy = JSON.parse(Attributes?.Policy ?? "{}");
    expect([policy.Version, policy.Id, policy.Statement?.[0]?.Sid, policy.Statement?.[0]?.Condition]).toEqual([
      "2008-10-17", "__default_policy_ID", "__default_statement_ID", { StringEquals: { "AWS:SourceOwner": ACCOUNT } },
    ]);
    expect([Attributes?.Owner, Attributes?.SubscriptionsConfirmed, Attributes?.SubscriptionsDeleted, Attributes?.SubscriptionsPending]).toEqual([ACCOUNT, "1", "0", "0"]);
  });

  it("list-subscriptions.rst, list-subscriptions-by-topic.rst, get-subscription-attributes.rst", async () => {
    const listed = await h.client.send(new ListSubscriptionsCommand({}));
    const byTopic = await h.client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    for (const subscriptions of [listed.Subscriptions, byTopic.Subscriptions]) {
      expect(subscriptions?.map((s) => [s.Owner, s.Endpoint, s.Protocol, s.TopicArn])).toEqual([[ACCOUNT, "my-email@example.com", "email", topicArn]]);
    }
    const SubscriptionArn = listed.Subscriptions?.[0]?.SubscriptionArn ?? "";
    expect(SubscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));
    const { Attributes } = await h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    // Confirmed (as by the mailed link, which is unauthenticated).
    expect(Attributes).toMatchObject({
      Endpoint: "my-email@example.com", Protocol: "email", RawMessageDelivery: "false", ConfirmationWasAuthenticated: "false", Owner: ACCOUNT, SubscriptionArn, TopicArn: topicArn,
    });
  });

  it("publish.rst: a two-line message to the topic, and a message to +1-555-555-0100", async () => {
    expect((await h.client.send(new PublishCommand({ TopicArn: topicArn, Message: "Hello World\nSecond Line\n" }))).MessageId).toMatch(/^[0-9a-f-]{36}$/);
    // The example's number, its digits grouped by hyphens: accepted, and sent to its E.164 form.
    const { MessageId } = await h.client.send(new PublishCommand({ Message: "Hello world!", PhoneNumber: "+1-555-555-0100" }));
    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.sns.engine.sentMessages("+15555550100")).toEqual([expect.objectContaining({ messageId: MessageId, destination: "+15555550100", message: "Hello world!" })]);
  });

  it("create-platform-application.rst, create-platform-endpoint.rst and what the get/list examples show of them", async () => {
    const { PlatformApplicationArn } = await h.client.send(new CreatePlatformApplicationCommand({
      Name: "MyApplication", Platform: "GCM", Attributes: { PlatformCredential: "EXAMPLEabcd12345jklm67890stuv12345bcdef" },
    }));
    expect(PlatformApplicationArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:app/GCM/MyApplication`);
    // Neither the credential nor an unset sample rate is shown.
    expect((await h.client.send(new GetPlatformApplicationAttributesCommand({ PlatformApplicationArn }))).Attributes).toEqual({ Enabled: "true" });
    const { EndpointArn } = await h.client.send(new CreatePlatformEndpointCommand({ PlatformApplicationArn, Token: "EXAMPLE12345..." }));
    expect(EndpointArn).toMatch(new RegExp(`^arn:aws:sns:us-east-1:${ACCOUNT}:endpoint/GCM/MyApplication/[0-9a-f-]{36}$`));
    expect((await h.client.send(new GetEndpointAttributesCommand({ EndpointArn }))).Attributes).toEqual({ Enabled: "true", Token: "EXAMPLE12345..." });
    expect((await h.client.send(new ListEndpointsByPlatformApplicationCommand({ PlatformApplicationArn }))).Endpoints).toEqual([
      { EndpointArn, Attributes: { Enabled: "true", Token: "EXAMPLE12345..." } },
    ]);
  });

  it("get-sms-attributes.rst, list-phone-numbers-opted-out.rst, check-if-phone-number-is-opted-out.rst, list-tags-for-resource.rst", async () => {
    await h.client.send(new SetSMSAttributesCommand({ attributes: { DefaultSenderID: "MyName" } }));
    expect((await h.client.send(new GetSMSAttributesCommand({ attributes: ["DefaultSenderID"] }))).attributes).toEqual({ DefaultSenderID: "MyName" });
    expect((await h.client.send(new ListPhoneNumbersOptedOutCommand({}))).phoneNumbers).toEqual([]);
    expect((await h.client.send(new CheckIfPhoneNumberIsOptedOutCommand({ phoneNumber: "+1555550100" }))).isOptedOut).toBe(false);
    await h.client.send(new TagResourceCommand({ ResourceArn: topicArn, Tags: [{ Key: "Team", Value: "Alpha" }] }));
    expect((await h.client.send(new ListTagsForResourceCommand({ ResourceArn: topicArn }))).Tags).toEqual([{ Key: "Team", Value: "Alpha" }]);
  });
});
