/**
 * Hostile input found by fuzzing SNS through its wire (DESIGN.md "Bad input"): each case once
 * answered HTTP 500 or ran out of stack; now it answers what AWS does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CreateTopicCommand, InvalidParameterException, PublishCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import { caught, lambdaArn, startSns, type Harness } from "./helpers.js";

let h: Harness;
let topicArn: string;

beforeAll(async () => {
  h = await startSns();
  topicArn = (await h.client.send(new CreateTopicCommand({ Name: "hostile" }))).TopicArn ?? "";
});

afterAll(async () => {
  await h.close();
});

/** An awsJson 1.0 request, as the newer SDKs send SNS, with a body no SDK would build. */
async function json(action: string, body: unknown): Promise<{ status: number; body: { __type?: string; message?: string } & Record<string, unknown> }> {
  const res = await fetch(h.url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSNS.${action}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { __type?: string } };
}

describe("filter policies", () => {
  it("refuses $or nested thousands deep as too complex (the complexity count ran out of stack: HTTP 500)", async () => {
    let policy = '{"a":["x"]}';
    for (let i = 0; i < 5000; i++) policy = `{"$or":[${policy},{"b":["y"]}]}`;
    const err = await caught(h.client.send(new SubscribeCommand({
      TopicArn: topicArn, Protocol: "lambda", Endpoint: lambdaArn("deep-or"),
      Attributes: { FilterPolicyScope: "MessageBody", FilterPolicy: policy },
    })));
    expect(err).toBeInstanceOf(InvalidParameterException);
    expect(err.message).toBe("Invalid parameter: Attributes Reason: FilterPolicy: Filter policy is too complex");
  });

  it("still accepts 150 combinations and refuses 151", async () => {
    const values = (n: number) => JSON.stringify({ a: Array.from({ length: n }, (_, i) => `v${i}`) });
    await h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "lambda", Endpoint: lambdaArn("c150"), Attributes: { FilterPolicy: values(150) } }));
    const err = await caught(h.client.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: "lambda", Endpoint: lambdaArn("c151"), Attributes: { FilterPolicy: values(151) } })));
    expect(err.message).toBe("Invalid parameter: Attributes Reason: FilterPolicy: Filter policy is too complex");
  });

  it("matches a message body whose arrays nest 100,000 deep (the body walk ran out of stack: HTTP 500)", async () => {
    const topic = (await h.client.send(new CreateTopicCommand({ Name: "deep-body" }))).TopicArn;
    const fn = lambdaArn("deep-body");
    await h.client.send(new SubscribeCommand({
      TopicArn: topic, Protocol: "lambda", Endpoint: fn, Attributes: { FilterPolicyScope: "MessageBody", FilterPolicy: '{"a":["x"]}' },
    }));
    const depth = 100_000;
    await h.client.send(new PublishCommand({ TopicArn: topic, Message: `{"a":${"[".repeat(depth)}"y"${"]".repeat(depth)}}` }));
    await h.client.send(new PublishCommand({ TopicArn: topic, Message: `{"a":${"[".repeat(depth)}"x"${"]".repeat(depth)}}` }));
    await h.sns.engine.settled();
    // Arrays are looked through at any depth: only the second message holds "x".
    expect(h.invoker.eventsFor(fn)).toHaveLength(1);
  });
});

describe("JSON null members", () => {
  it("reads a null optional member as absent (Publish Subject/TargetArn, List* NextToken crashed: HTTP 500)", async () => {
    expect(await json("Publish", { TopicArn: topicArn, Message: "m", Subject: null, TargetArn: null })).toMatchObject({ status: 200 });
    for (const action of ["ListTopics", "ListSubscriptions", "ListPlatformApplications", "ListSMSSandboxPhoneNumbers"]) {
      expect((await json(action, { NextToken: null })).status, action).toBe(200);
    }
    expect((await json("ListPhoneNumbersOptedOut", { nextToken: null })).status).toBe(200);
    expect((await json("ListSubscriptionsByTopic", { TopicArn: topicArn, NextToken: null })).status).toBe(200);
  });

  it("answers a required member sent as null as missing", async () => {
    const res = await json("Publish", { TopicArn: topicArn, Message: null });
    expect(res.status).toBe(400);
    expect(res.body.__type).not.toMatch(/Internal/);
  });
});

describe("numbers and booleans in the Query form", () => {
  it("refuses text where a number or a boolean belongs (it reached the engine as text)", async () => {
    const cases: Array<Record<string, string>> = [
      { Action: "ListOriginationNumbers", MaxResults: "abc" },
      { Action: "ListSMSSandboxPhoneNumbers", MaxResults: "1.5" },
      { Action: "Subscribe", TopicArn: topicArn, Protocol: "lambda", Endpoint: lambdaArn("yes"), ReturnSubscriptionArn: "yes" },
    ];
    for (const params of cases) {
      const res = await fetch(h.url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ Version: "2010-03-31", ...params }).toString(),
      });
      expect(res.status, params.Action).toBe(400);
      expect(await res.text()).toContain("<Code>InvalidParameterValue</Code><Message>An invalid or out-of-range value was supplied for the input parameter.</Message>");
    }
  });
});

describe("Query entries without a value", () => {
  it.each([
    ["a message attribute", { Action: "Publish", Message: "m", "MessageAttributes.entry.1.Name": "a" }, 400],
    ["a subscription attribute", { Action: "Subscribe", Protocol: "lambda", Endpoint: lambdaArn("key-only"), "Attributes.entry.1.key": "RawMessageDelivery" }, 200],
    ["a platform application attribute", { Action: "CreatePlatformApplication", Name: "p", Platform: "GCM", "Attributes.entry.1.key": "PlatformCredential" }, 400],
  ])("answers %s named without its value without a 5xx (it answered HTTP 500)", async (_what, params, status) => {
    const res = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ Version: "2010-03-31", TopicArn: topicArn, ...params }).toString(),
    });
    expect(res.status).toBe(status);
  });
});
