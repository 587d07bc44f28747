import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CreateTopicCommand, DeleteTopicCommand, GetTopicAttributesCommand, InvalidParameterException, ListTagsForResourceCommand,
  ListTopicsCommand, NotFoundException, ResourceNotFoundException, SetTopicAttributesCommand, TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-sns";
import { ACCOUNT, REGION, caught, startSns, type Harness } from "./helpers.js";

const arnOf = (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;

describe("topics", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startSns();
  });

  afterAll(async () => {
    await h.close();
  });

  describe("CreateTopic", () => {
    it("creates a topic and answers the same ARN for the same name and attributes", async () => {
      const first = await h.client.send(new CreateTopicCommand({ Name: "orders", Attributes: { DisplayName: "Orders" } }));
      expect(first.TopicArn).toBe(arnOf("orders"));
      const again = await h.client.send(new CreateTopicCommand({ Name: "orders", Attributes: { DisplayName: "Orders" } }));
      expect(again.TopicArn).toBe(first.TopicArn);
      const bare = await h.client.send(new CreateTopicCommand({ Name: "orders" }));
      expect(bare.TopicArn).toBe(first.TopicArn);
    });

    it("rejects the same name with different attributes or tags", async () => {
      await h.client.send(new CreateTopicCommand({ Name: "tagged", Tags: [{ Key: "env", Value: "dev" }] }));
      const attrs = await caught(h.client.send(new CreateTopicCommand({ Name: "orders", Attributes: { DisplayName: "Other" } })));
      expect(attrs).toBeInstanceOf(InvalidParameterException);
      expect(attrs.message).toBe("Invalid parameter: Attributes Reason: Topic already exists with different attributes");
      const tags = await caught(h.client.send(new CreateTopicCommand({ Name: "tagged", Tags: [{ Key: "env", Value: "prod" }] })));
      expect(tags.message).toBe("Invalid parameter: Tags Reason: Topic already exists with different tags");
    });

    it("rejects invalid names with AWS's texts", async () => {
      const bad = await caught(h.client.send(new CreateTopicCommand({ Name: "bad name" })));
      expect(bad).toBeInstanceOf(InvalidParameterException);
      expect(bad.message).toBe("Invalid parameter: Topic Name");
      const dotted = await caught(h.client.send(new CreateTopicCommand({ Name: "orders.fifo" })));
      expect(dotted.message).toBe("Invalid parameter: Topic Name");
    });

    it("needs the .fifo suffix together with FifoTopic", async () => {
      const noSuffix = await caught(h.client.send(new CreateTopicCommand({ Name: "events", Attributes: { FifoTopic: "true" } })));
      expect(noSuffix.message).toBe(
        "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.",
      );
      const ok = await h.client.send(new CreateTopicCommand({ Name: "events.fifo", Attributes: { FifoTopic: "true", ContentBasedDeduplication: "true" } }));
      expect(ok.TopicArn).toBe(arnOf("events.fifo"));
      const attrs = await h.client.send(new GetTopicAttributesCommand({ TopicArn: ok.TopicArn }));
      expect(attrs.Attributes?.FifoTopic).toBe("true");
      expect(attrs.Attributes?.ContentBasedDeduplication).toBe("true");
    });

    it("rejects an unknown attribute", async () => {
      const err = await caught(h.client.send(new CreateTopicCommand({ Name: "x", Attributes: { Colour: "red" } })));
      expect(err.message).toBe("Invalid parameter: AttributeName");
    });

    it("reports a missing Name as SNS's ValidationError", async () => {
      const err = await caught(h.client.send(new CreateTopicCommand({} as never)));
      expect(err.name).toBe("ValidationError");
      expect(err.message).toBe("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
    });
  });

  describe("GetTopicAttributes / SetTopicAttributes", () => {
    it("shows AWS's computed attributes", async () => {
      const arn = arnOf("orders");
      const { Attributes: a = {} } = await h.client.send(new GetTopicAttributesCommand({ TopicArn: arn }));
      expect(a.TopicArn).toBe(arn);
      expect(a.Owner).toBe(ACCOUNT);
      expect(a.DisplayName).toBe("Orders");
      expect(a.SubscriptionsConfirmed).toBe("0");
      expect(a.SubscriptionsPending).toBe("0");
      expect(a.SubscriptionsDeleted).toBe("0");
      expect(JSON.parse(a.Policy ?? "")).toMatchObject({ Version: "2008-10-17", Id: "__default_policy_ID" });
      expect(JSON.parse(a.EffectiveDeliveryPolicy ?? "")).toEqual({
        http: {
          defaultHealthyRetryPolicy: {
            minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: "linear",
          },
          disableSubscriptionOverrides: false,
          defaultRequestPolicy: { headerContentType: "text/plain; charset=UTF-8" },
        },
      });
      expect(a.FifoTopic).toBeUndefined();
    });

    it("sets DisplayName and DeliveryPolicy, which feeds EffectiveDeliveryPolicy", async () => {
      const arn = arnOf("orders");
      await h.client.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: "DisplayName", AttributeValue: "Order events" }));
      const policy = { http: { defaultHealthyRetryPolicy: { numRetries: 5, minDelayTarget: 1, maxDelayTarget: 10 } } };
      await h.client.send(new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: "DeliveryPolicy", AttributeValue: JSON.stringify(policy) }));
      const { Attributes: a = {} } = await h.client.send(new GetTopicAttributesCommand({ TopicArn: arn }));
      expect(a.DisplayName).toBe("Order events");
      // SNS adds disableSubscriptionOverrides when it keeps the policy (localstack test_topic_delivery_policy_crud, recorded on AWS).
      expect(JSON.parse(a.DeliveryPolicy ?? "")).toEqual({ http: { ...policy.http, disableSubscriptionOverrides: false } });
      expect(JSON.parse(a.EffectiveDeliveryPolicy ?? "").http.defaultHealthyRetryPolicy).toMatchObject({ numRetries: 5, minDelayTarget: 1, maxDelayTarget: 10, backoffFunction: "linear" });
    });

    it("refuses FifoTopic and unknown names after creation", async () => {
      const fifo = await caught(h.client.send(new SetTopicAttributesCommand({ TopicArn: arnOf("orders"), AttributeName: "FifoTopic", AttributeValue: "true" })));
      expect(fifo.message).toBe("Invalid parameter: AttributeName");
    });

    it("answers NotFound for a missing topic and InvalidParameter for a malformed ARN or another region", async () => {
      const missing = await caught(h.client.send(new GetTopicAttributesCommand({ TopicArn: arnOf("nope") })));
      expect(missing).toBeInstanceOf(NotFoundException);
      expect(missing.message).toBe("Topic does not exist");
      expect(missing.$metadata?.httpStatusCode).toBe(404);
      const malformed = await caught(h.client.send(new GetTopicAttributesCommand({ TopicArn: "orders" })));
      expect(malformed).toBeInstanceOf(InvalidParameterException);
      expect(malformed.message).toBe("Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1");
      const region = await caught(h.client.send(new GetTopicAttributesCommand({ TopicArn: "arn:aws:sns:eu-west-1:000000000000:orders" })));
      expect(region.message).toBe("Invalid parameter: TopicArn");
    });
  });

  describe("ListTopics", () => {
    it("pages 100 topics at a time with NextToken", async () => {
      const before = (await h.client.send(new ListTopicsCommand({}))).Topics?.length ?? 0;
      for (let i = 0; i < 120 - before; i++) await h.sns.engine.createTopic({ Name: `bulk-${String(i).padStart(3, "0")}` });
      const first = await h.client.send(new ListTopicsCommand({}));
      expect(first.Topics).toHaveLength(100);
      expect(first.NextToken).toBeTruthy();
      const second = await h.client.send(new ListTopicsCommand({ NextToken: first.NextToken }));
      expect(second.Topics).toHaveLength(20);
      expect(second.NextToken).toBeUndefined();
      const all = [...(first.Topics ?? []), ...(second.Topics ?? [])].map((t) => t.TopicArn);
      expect(new Set(all).size).toBe(120);
      expect(all).toContain(arnOf("orders"));
    });
  });

  describe("DeleteTopic", () => {
    it("deletes a topic, idempotently", async () => {
      const { TopicArn } = await h.client.send(new CreateTopicCommand({ Name: "short-lived" }));
      await h.client.send(new DeleteTopicCommand({ TopicArn }));
      await h.client.send(new DeleteTopicCommand({ TopicArn }));
      const err = await caught(h.client.send(new GetTopicAttributesCommand({ TopicArn })));
      expect(err).toBeInstanceOf(NotFoundException);
    });
  });

  describe("tags", () => {
    it("tags, lists and untags a topic", async () => {
      const arn = arnOf("orders");
      await h.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "team", Value: "a" }, { Key: "env", Value: "dev" }] }));
      await h.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "team", Value: "b" }] }));
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([
        { Key: "team", Value: "b" }, { Key: "env", Value: "dev" },
      ]);
      await h.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["team"] }));
      expect((await h.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: "env", Value: "dev" }]);
    });

    it("answers ResourceNotFound for a missing topic and rejects duplicated keys", async () => {
      const missing = await caught(h.client.send(new ListTagsForResourceCommand({ ResourceArn: arnOf("nope") })));
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect(missing.message).toBe("Resource does not exist");
      const dup = await caught(h.client.send(new TagResourceCommand({ ResourceArn: arnOf("orders"), Tags: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] })));
      expect(dup.message).toBe("Invalid parameter: Duplicated keys are not allowed.");
    });
  });

  describe("protocol", () => {
    it("answers an unknown action and a missing one as AWS's query services do", async () => {
      const post = (body: string) =>
        fetch(h.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body }).then(async (r) => ({ status: r.status, text: await r.text() }));
      const unknown = await post("Action=Frobnicate&Version=2010-03-31");
      expect(unknown.status).toBe(400);
      expect(unknown.text).toContain("<Code>InvalidAction</Code>");
      const missing = await post("Version=2010-03-31");
      expect(missing.text).toContain("<Code>MissingAction</Code>");
    });

    it("serves the JSON form (X-Amz-Target) with awsQuery-compatible errors", async () => {
      const call = (action: string, body: unknown) =>
        fetch(h.url, {
          method: "POST",
          headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSNS.${action}` },
          body: JSON.stringify(body),
        });
      const ok = await call("CreateTopic", { Name: "json-topic" });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ TopicArn: arnOf("json-topic") });
      const missing = await call("GetTopicAttributes", { TopicArn: arnOf("nope") });
      expect(missing.status).toBe(404);
      expect(missing.headers.get("x-amzn-query-error")).toBe("NotFound;Sender");
      expect(await missing.json()).toEqual({ __type: "com.amazonaws.sns#NotFoundException", message: "Topic does not exist" });
    });

    it("answers a JSON member of the wrong type with a SerializationException, not a crash", async () => {
      const res = await fetch(h.url, {
        method: "POST",
        headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSNS.Subscribe" },
        body: JSON.stringify({ TopicArn: 12345, Protocol: "email" }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ __type: "SerializationException", message: "NUMBER_VALUE cannot be converted to String" });
      expect(h.logger.lines.filter((l) => l.includes("TypeError"))).toEqual([]);
    });

    it("takes no action name from the object prototype", async () => {
      for (const action of ["constructor", "__proto__", "hasOwnProperty"]) {
        const res = await fetch(h.url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `Action=${action}` });
        expect(res.status).toBe(400);
        expect(await res.text()).toContain("<Code>InvalidAction</Code>");
      }
    });
  });
});
