import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConfirmSubscriptionCommand, CreateTopicCommand, GetSubscriptionAttributesCommand, GetTopicAttributesCommand,
  InvalidParameterException, InvalidParameterValueException, ListSubscriptionsByTopicCommand, ListSubscriptionsCommand,
  NotFoundException, PublishCommand, SetSubscriptionAttributesCommand, SubscribeCommand, UnsubscribeCommand,
} from "@aws-sdk/client-sns";
import { AwsError } from "@sam-sandbox/core";
import { ACCOUNT, NOW, REGION, caught, lambdaArn, startEndpoint, startSns, until, type Harness } from "./helpers.js";

describe("subscriptions and delivery", () => {
  let h: Harness;
  let topicArn = "";

  beforeAll(async () => {
    h = await startSns();
    topicArn = (await h.client.send(new CreateTopicCommand({ Name: "orders" }))).TopicArn ?? "";
  });

  afterAll(async () => {
    await h.close();
  });

  describe("lambda", () => {
    it("invokes the function with InvocationType Event and AWS's SNS event", async () => {
      const fn = lambdaArn("on-order");
      const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "lambda", Endpoint: fn }));
      expect(SubscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`));
      const { MessageId } = await h.client.send(new PublishCommand({
        TopicArn: topicArn,
        Message: '{"orderId":"o-1"}',
        Subject: "New order",
        MessageAttributes: {
          color: { DataType: "String", StringValue: "red" },
          price: { DataType: "Number", StringValue: "12.5" },
          blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      }));
      await h.sns.engine.settled();
      const calls = h.invoker.calls.filter((c) => c.request.functionName === fn);
      expect(calls).toHaveLength(1);
      expect(calls[0].request.invocationType).toBe("Event");
      const event = calls[0].event as { Records: { Sns: Record<string, unknown> }[] };
      expect(Object.keys(event.Records[0])).toEqual(["EventSource", "EventVersion", "EventSubscriptionArn", "Sns"]);
      expect(event.Records[0]).toMatchObject({ EventSource: "aws:sns", EventVersion: "1.0", EventSubscriptionArn: SubscriptionArn });
      const sns = event.Records[0].Sns;
      expect(Object.keys(sns)).toEqual([
        "Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertUrl", "UnsubscribeUrl", "MessageAttributes",
      ]);
      expect(sns).toMatchObject({
        Type: "Notification",
        MessageId,
        TopicArn: topicArn,
        Subject: "New order",
        Message: '{"orderId":"o-1"}',
        Timestamp: new Date(NOW).toISOString(),
        SignatureVersion: "1",
        MessageAttributes: {
          color: { Type: "String", Value: "red" },
          price: { Type: "Number", Value: "12.5" },
          blob: { Type: "Binary", Value: "AQID" },
        },
      });
      expect(sns.Signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
      expect(sns.UnsubscribeUrl).toBe(`${h.url}/_sandbox/sns/?Action=Unsubscribe&SubscriptionArn=${String(SubscriptionArn)}`);
      const cert = await fetch(String(sns.SigningCertUrl));
      expect(await cert.text()).toContain("-----BEGIN PUBLIC KEY-----");
    });

    it("sends \"Subject\": null without a subject, and the lambda entry of a json-structured message", async () => {
      const fn = lambdaArn("structured");
      await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "lambda", Endpoint: fn }));
      await h.client.send(new PublishCommand({
        TopicArn: topicArn, MessageStructure: "json", Message: JSON.stringify({ default: "plain", lambda: "for lambda", email: 3 }),
      }));
      await h.sns.engine.settled();
      const [event] = h.invoker.eventsFor(fn) as { Records: { Sns: Record<string, unknown> }[] }[];
      expect(event.Records[0].Sns.Subject).toBeNull();
      expect(event.Records[0].Sns.Message).toBe("for lambda");
      expect(event.Records[0].Sns.MessageAttributes).toEqual({});
    });

    it("retries a throttled invocation on the clock and gives up on a missing function", async () => {
      const topic = await h.sns.engine.createTopic({ Name: "retry-lambda" });
      await h.sns.engine.subscribe({ TopicArn: topic.TopicArn, Protocol: "lambda", Endpoint: lambdaArn("gone") });
      const outcomes: { status: string; attempts: number }[] = [];
      const listener = (e: { status: string; attempts: number; topicArn: string }) => {
        if (e.topicArn === topic.TopicArn) outcomes.push({ status: e.status, attempts: e.attempts });
      };
      h.events.on("snsDelivery", listener);
      h.invoker.failWith = new AwsError("ResourceNotFoundException", "Function not found", 404);
      await h.sns.engine.publish({ TopicArn: topic.TopicArn, Message: "x" });
      await h.sns.engine.settled();
      expect(outcomes).toEqual([{ status: "failed", attempts: 1 }]);

      h.invoker.failWith = new AwsError("TooManyRequestsException", "Rate exceeded", 429);
      const retries = h.logger.retries();
      await h.sns.engine.publish({ TopicArn: topic.TopicArn, Message: "y" });
      // Three immediate retries, then one second apart.
      await until(() => h.logger.retries() === retries + 4, "the first delayed retry");
      await h.clock.advance(1000);
      await until(() => h.logger.retries() === retries + 5, "the second delayed retry");
      h.invoker.failWith = undefined;
      await h.clock.advance(1000);
      await h.sns.engine.settled();
      expect(outcomes[1]).toEqual({ status: "delivered", attempts: 6 });
      h.events.off("snsDelivery", listener);
    });
  });

  describe("http", () => {
    it("sends a SubscriptionConfirmation, confirms through its SubscribeURL, then delivers", async () => {
      const endpoint = await startEndpoint();
      try {
        const pending = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "http", Endpoint: endpoint.url }));
        expect(pending.SubscriptionArn).toBe("pending confirmation");
        await endpoint.next(1);
        const request = endpoint.received[0];
        expect(request.headers["x-amz-sns-message-type"]).toBe("SubscriptionConfirmation");
        expect(request.headers["x-amz-sns-topic-arn"]).toBe(topicArn);
        expect(request.headers["x-amz-sns-subscription-arn"]).toBeUndefined();
        expect(request.headers["content-type"]).toBe("text/plain; charset=UTF-8");
        expect(request.headers["user-agent"]).toBe("Amazon Simple Notification Service Agent");
        const confirmation = JSON.parse(request.body) as Record<string, string>;
        expect(Object.keys(confirmation)).toEqual([
          "Type", "MessageId", "Token", "TopicArn", "Message", "SubscribeURL", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL",
        ]);
        expect(confirmation.Message).toBe(
          `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
        );
        expect(request.headers["x-amz-sns-message-id"]).toBe(confirmation.MessageId);

        const listed = await h.client.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
        expect(listed.Subscriptions?.find((s) => s.Endpoint === endpoint.url)?.SubscriptionArn).toBe("PendingConfirmation");
        expect((await h.client.send(new GetTopicAttributesCommand({ TopicArn: topicArn }))).Attributes?.SubscriptionsPending).toBe("1");

        // What an endpoint does: GET the SubscribeURL (an unsigned request to the edge).
        const visit = await fetch(confirmation.SubscribeURL);
        expect(visit.status).toBe(200);
        const xml = await visit.text();
        const subscriptionArn = /<SubscriptionArn>([^<]+)<\/SubscriptionArn>/.exec(xml)?.[1] ?? "";
        expect(xml).toContain("<ConfirmSubscriptionResponse");
        expect(subscriptionArn.startsWith(`${topicArn}:`)).toBe(true);
        const attrs = (await h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }))).Attributes ?? {};
        expect(attrs).toMatchObject({ PendingConfirmation: "false", Protocol: "http", Endpoint: endpoint.url, Owner: ACCOUNT, RawMessageDelivery: "false" });
        expect(JSON.parse(attrs.EffectiveDeliveryPolicy ?? "{}").healthyRetryPolicy.numRetries).toBe(3);

        const { MessageId } = await h.client.send(new PublishCommand({
          TopicArn: topicArn, Message: "hello", Subject: "Hi", MessageAttributes: { k: { DataType: "String", StringValue: "v" } },
        }));
        await endpoint.next(2);
        const notification = endpoint.received[1];
        expect(notification.headers["x-amz-sns-message-type"]).toBe("Notification");
        expect(notification.headers["x-amz-sns-message-id"]).toBe(MessageId);
        expect(notification.headers["x-amz-sns-subscription-arn"]).toBe(subscriptionArn);
        const doc = JSON.parse(notification.body) as Record<string, unknown>;
        expect(Object.keys(doc)).toEqual([
          "Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature", "SigningCertURL", "UnsubscribeURL", "MessageAttributes",
        ]);
        expect(doc).toMatchObject({ Type: "Notification", MessageId, TopicArn: topicArn, Subject: "Hi", Message: "hello", MessageAttributes: { k: { Type: "String", Value: "v" } } });

        // Raw delivery: the bare message, flagged by a header.
        await h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn, AttributeName: "RawMessageDelivery", AttributeValue: "True" }));
        await h.client.send(new PublishCommand({ TopicArn: topicArn, Message: "raw body" }));
        await endpoint.next(3);
        expect(endpoint.received[2].body).toBe("raw body");
        expect(endpoint.received[2].headers["x-amz-sns-rawdelivery"]).toBe("true");

        // The UnsubscribeURL ends the subscription.
        const unsubscribe = await fetch(String(doc.UnsubscribeURL));
        expect(unsubscribe.status).toBe(200);
        const err = await caught(h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn })));
        expect(err).toBeInstanceOf(NotFoundException);
        expect(err.message).toBe("Subscription does not exist");
      } finally {
        await endpoint.close();
      }
    });

    it("does not deliver to an unconfirmed endpoint; rejects a wrong token", async () => {
      const endpoint = await startEndpoint();
      try {
        const topic = await h.sns.engine.createTopic({ Name: "unconfirmed" });
        await h.client.send(new SubscribeCommand({ TopicArn: topic.TopicArn, Protocol: "http", Endpoint: endpoint.url }));
        await endpoint.next(1);
        await h.client.send(new PublishCommand({ TopicArn: topic.TopicArn, Message: "not for you" }));
        await h.sns.engine.settled();
        expect(endpoint.received).toHaveLength(1);
        const err = await caught(h.client.send(new ConfirmSubscriptionCommand({ TopicArn: topic.TopicArn, Token: "abc" })));
        expect(err).toBeInstanceOf(InvalidParameterException);
        expect(err.message).toBe("Invalid parameter: Token");
      } finally {
        await endpoint.close();
      }
    });

    it("retries a failing endpoint by the delivery policy, on the clock", async () => {
      let status = 500;
      const endpoint = await startEndpoint(() => status);
      try {
        const topic = await h.sns.engine.createTopic({ Name: "flaky" });
        const { SubscriptionArn } = await h.sns.engine.subscribe({ TopicArn: topic.TopicArn, Protocol: "http", Endpoint: endpoint.url, ReturnSubscriptionArn: true });
        const retries = h.logger.retries();
        await endpoint.next(1);
        const token = (JSON.parse(endpoint.received[0].body) as { Token: string }).Token;
        await until(() => h.logger.retries() === retries + 1, "the confirmation's retry"); // it failed; a retry waits 20 s
        status = 200;
        await h.sns.engine.confirmSubscription({ TopicArn: topic.TopicArn, Token: token });
        expect((await h.sns.engine.getSubscriptionAttributes({ SubscriptionArn })).Attributes.PendingConfirmation).toBe("false");
        await h.clock.advance(20_000); // the confirmation's retry
        await endpoint.next(2);

        status = 503;
        await h.sns.engine.publish({ TopicArn: topic.TopicArn, Message: "eventually" });
        await endpoint.next(3);
        await until(() => h.logger.retries() === retries + 2, "the notification's retry");
        await h.clock.advance(19_999);
        expect(endpoint.received).toHaveLength(3);
        status = 200;
        await h.clock.advance(1);
        await endpoint.next(4);
        expect(JSON.parse(endpoint.received[3].body).Message).toBe("eventually");
      } finally {
        await endpoint.close();
      }
    });
  });

  describe("email and sqs", () => {
    it("prints email to the terminal, auto-confirmed, and publishes an event", async () => {
      const delivered: { protocol: string; body?: string; subject?: string }[] = [];
      h.events.on("snsDelivery", (e) => delivered.push(e));
      const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "email", Endpoint: "ops@example.com" }));
      expect(SubscriptionArn).toMatch(/^arn:aws:sns:/);
      await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "sqs", Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:queue` }));
      expect(h.logger.lines.some((l) => l.includes("sqs subscriptions are kept but not emulated"))).toBe(true);
      await h.client.send(new PublishCommand({ TopicArn: topicArn, Message: "Order o-9 shipped", Subject: "Shipped" }));
      await h.sns.engine.settled();
      expect(delivered.find((d) => d.protocol === "email")).toMatchObject({ body: "Order o-9 shipped", subject: "Shipped" });
      expect(delivered.find((d) => d.protocol === "sqs")).toMatchObject({ status: "skipped" });
      expect(h.logger.lines.some((l) => l.includes("✉ SNS email to ops@example.com — Shipped") && l.includes("Order o-9 shipped"))).toBe(true);
      const all = await h.client.send(new ListSubscriptionsCommand({}));
      expect(all.Subscriptions?.some((s) => s.Protocol === "email" && s.Endpoint === "ops@example.com")).toBe(true);
    });
  });

  describe("Subscribe errors and attributes", () => {
    it("rejects an unknown protocol, a mismatched endpoint and raw delivery for lambda", async () => {
      const protocol = await caught(h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "carrier-pigeon", Endpoint: "x" })));
      expect(protocol.message).toBe("Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon");
      const endpoint = await caught(h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "https", Endpoint: "http://127.0.0.1/x" })));
      expect(endpoint.message).toBe("Invalid parameter: Endpoint must match the specified protocol");
      const raw = await caught(h.client.send(new SubscribeCommand({
        TopicArn: topicArn, Protocol: "lambda", Endpoint: lambdaArn("raw"), Attributes: { RawMessageDelivery: "true" },
      })));
      expect(raw.message).toBe("Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.");
      const missing = await caught(h.client.send(new SubscribeCommand({ TopicArn: `${topicArn}-nope`, Protocol: "lambda", Endpoint: lambdaArn("x") })));
      expect(missing).toBeInstanceOf(NotFoundException);
    });

    it("is idempotent, but not with different attributes", async () => {
      const fn = lambdaArn("idem");
      const a = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "lambda", Endpoint: fn }));
      const b = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "lambda", Endpoint: fn }));
      expect(b.SubscriptionArn).toBe(a.SubscriptionArn);
      const err = await caught(h.client.send(new SubscribeCommand({
        TopicArn: topicArn, Protocol: "lambda", Endpoint: fn, Attributes: { FilterPolicy: '{"a":["b"]}' },
      })));
      expect(err.message).toBe("Invalid parameter: Attributes Reason: Subscription already exists with different attributes");
    });

    it("sets and shows FilterPolicy with its scope; Unsubscribe validates the ARN", async () => {
      const { SubscriptionArn } = await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "lambda", Endpoint: lambdaArn("attrs") }));
      await h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicy", AttributeValue: '{"a":["b"]}' }));
      const attrs = (await h.client.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }))).Attributes ?? {};
      expect(attrs.FilterPolicy).toBe('{"a":["b"]}');
      expect(attrs.FilterPolicyScope).toBe("MessageAttributes");
      const scope = await caught(h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicyScope", AttributeValue: "Body" })));
      expect(scope.message).toBe("Invalid parameter: FilterPolicyScope: Invalid value [Body]. Please use either MessageBody or MessageAttributes");
      const name = await caught(h.client.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "Colour", AttributeValue: "x" })));
      expect(name.message).toBe("Invalid parameter: AttributeName");
      const short = await caught(h.client.send(new UnsubscribeCommand({ SubscriptionArn: "arn:aws:sns" })));
      expect(short.message).toBe("Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, not 3");
      await h.client.send(new UnsubscribeCommand({ SubscriptionArn }));
      await h.client.send(new UnsubscribeCommand({ SubscriptionArn }));
    });
  });

  describe("Publish errors", () => {
    it("answers AWS's texts", async () => {
      const cases: [Parameters<Harness["sns"]["engine"]["publish"]>[0], string, string][] = [
        [{ Message: "x" } as never, "InvalidParameter", "Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter"],
        [{ TopicArn: topicArn, Message: "" }, "InvalidParameter", "Invalid parameter: Empty message"],
        [{ TopicArn: topicArn, Message: "x", Subject: "" }, "InvalidParameter", "Invalid parameter: Subject"],
        [{ TopicArn: topicArn, Message: "x", Subject: "line\nbreak" }, "InvalidParameter", "Invalid parameter: Subject"],
        [{ TopicArn: topicArn, Message: "x".repeat(262_145) }, "InvalidParameter", "Invalid parameter: Message too long"],
        [{ TopicArn: topicArn, Message: "{", MessageStructure: "json" }, "InvalidParameter", "Invalid parameter: Message Structure - JSON message body failed to parse"],
        [{ TopicArn: topicArn, Message: '{"lambda":"x"}', MessageStructure: "json" }, "InvalidParameter", "Invalid parameter: Message Structure - No default entry in JSON message body"],
        [{ TopicArn: topicArn, Message: "x", MessageDeduplicationId: "d" }, "InvalidParameter",
          "Invalid parameter: MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type"],
        [{ TopicArn: topicArn, Message: "x", MessageAttributes: { n: { DataType: "Number", StringValue: "abc" } } }, "ParameterValueInvalid",
          "Could not cast message attribute 'n' value to number."],
        [{ TopicArn: topicArn, Message: "x", MessageAttributes: { n: { DataType: "Integer", StringValue: "1" } } }, "ParameterValueInvalid",
          "The message attribute 'n' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."],
        [{ TopicArn: topicArn, Message: "x", MessageAttributes: { n: { DataType: "String", StringValue: "" } } }, "ParameterValueInvalid",
          "The message attribute 'n' must contain non-empty message attribute value for message attribute type 'String'."],
        [{ TopicArn: topicArn, Message: "x", MessageAttributes: { "a..b": { DataType: "String", StringValue: "v" } } }, "ParameterValueInvalid",
          "Message attribute name can not have successive '.' character."],
      ];
      for (const [input, code, message] of cases) {
        const err = await caught(h.client.send(new PublishCommand(input as never)));
        expect({ code: (err as { Code?: string }).Code ?? err.name, message: err.message }).toEqual({ code: code === "InvalidParameter" ? "InvalidParameter" : code, message });
      }
      const value = await caught(h.client.send(new PublishCommand({ TopicArn: topicArn, Message: "x", MessageAttributes: { n: { DataType: "Number", StringValue: "x" } } })));
      expect(value).toBeInstanceOf(InvalidParameterValueException);
      const noType = await caught(h.client.send(new PublishCommand({ TopicArn: topicArn, Message: "x", MessageAttributes: { n: { StringValue: "v" } as never } })));
      expect(noType.name).toBe("ValidationError");
      expect(noType.message).toBe("1 validation error detected: Value null at 'messageAttributes.n.member.dataType' failed to satisfy constraint: Member must not be null");
    });
  });
});
