import { AwsError, EventBus, SandboxError, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiGateway } from "../src/index.js";
import { FakeLambda, httpApi, restApi, START, startGateway, type Harness } from "./helpers.js";

const QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";

describe("HTTP API routes with IntegrationSubtype SQS-* / EventBridge-PutEvents", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      httpApi([
        {
          method: "POST", path: "/orders/{customer}", functionName: "", payloadFormatVersion: "1.0",
          serviceIntegration: {
            subtype: "SQS-SendMessage",
            requestParameters: {
              QueueUrl: QUEUE,
              MessageBody: "$request.body",
              MessageGroupId: "$request.path.customer",
              MessageDeduplicationId: "$context.requestId",
              DelaySeconds: "$request.querystring.delay",
              MessageAttributes: '{"Tier":{"DataType":"String","StringValue":"$request.header.x-tier"},"Stage":{"DataType":"String","StringValue":"$stageVariables.env"}}',
              Region: "us-east-1",
            },
          },
        },
        {
          method: "GET", path: "/orders", functionName: "", payloadFormatVersion: "1.0",
          serviceIntegration: { subtype: "SQS-ReceiveMessage", requestParameters: { QueueUrl: QUEUE, MaxNumberOfMessages: "$request.querystring.max", AttributeNames: "All" } },
        },
        {
          method: "POST", path: "/events", functionName: "", payloadFormatVersion: "1.0", timeoutMs: 1000,
          serviceIntegration: {
            subtype: "EventBridge-PutEvents",
            requestParameters: { Detail: "$request.body", DetailType: "Order", Source: "$request.body.source", EventBusName: "orders", Time: "2026-11-25T12:00:00Z", Resources: '["arn:a","arn:b"]' },
          },
        },
      ], { stageVariables: { env: "dev" } }),
    ]);
  });
  beforeEach(() => {
    h.dispatcher.calls.length = 0;
    h.dispatcher.answer = () => ({});
  });
  afterAll(() => h.close());

  it("maps body, path, query string, header, $context and $stageVariables into SendMessage, typed as SQS takes them", async () => {
    h.dispatcher.answer = () => ({ MD5OfMessageBody: "abc", MessageId: "m-1", SequenceNumber: "1" });
    const res = await fetch(`${h.url}/orders/c-7?delay=0`, { method: "POST", headers: { "x-tier": "gold" }, body: "hello" });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toMatch(/^\{"SendMessageResponse":\{"ResponseMetadata":\{"RequestId":"[0-9a-f-]{36}"\},"SendMessageResult":\{"MD5OfMessageAttributes":null,"MD5OfMessageBody":"abc","MD5OfMessageSystemAttributes":null,"MessageId":"m-1","SequenceNumber":"1"\}\}\}$/);
    expect(h.dispatcher.calls).toEqual([{
      service: "sqs",
      action: "SendMessage",
      input: {
        QueueUrl: QUEUE,
        MessageBody: "hello",
        MessageGroupId: "c-7",
        MessageDeduplicationId: res.headers.get("apigw-requestid"),
        DelaySeconds: 0,
        MessageAttributes: { Tier: { DataType: "String", StringValue: "gold" }, Stage: { DataType: "String", StringValue: "dev" } },
      },
    }]);
  });

  it("leaves out a member whose expression reads nothing, and takes a single value as a one-item list", async () => {
    const res = await fetch(`${h.url}/orders`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^\{"ReceiveMessageResponse":\{"ReceiveMessageResult":\{"messages":null\},"ResponseMetadata":\{"RequestId":"[^"]+"\}\}\}$/);
    expect(h.dispatcher.calls[0].input).toEqual({ QueueUrl: QUEUE, AttributeNames: ["All"] });
  });

  it("answers SQS's error in the Query protocol's JSON form with its status", async () => {
    h.dispatcher.answer = () => {
      throw new AwsError("QueueDoesNotExist", "The specified queue does not exist.", 400);
    };
    const res = await fetch(`${h.url}/orders/c-7`, { method: "POST", body: "x" });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({
      Error: { Code: "AWS.SimpleQueueService.NonExistentQueue", Message: "The specified queue does not exist for this wsdl version.", Type: "Sender" },
      RequestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it("puts one event with the mapped members, Time as a timestamp, and passes PutEvents' answer through", async () => {
    h.dispatcher.answer = () => ({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
    const res = await fetch(`${h.url}/events`, { method: "POST", body: '{"source":"shop","id":1}' });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(await res.json()).toEqual({ FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] });
    expect(h.dispatcher.calls).toEqual([{
      service: "events",
      action: "PutEvents",
      input: { Entries: [{ Detail: '{"source":"shop","id":1}', DetailType: "Order", Source: "shop", EventBusName: "orders", Time: Date.UTC(2026, 10, 25, 12) / 1000, Resources: ["arn:a", "arn:b"] }] },
    }]);
  });

  it("answers EventBridge's error body and status", async () => {
    h.dispatcher.answer = () => {
      throw new AwsError("ResourceNotFoundException", "Event bus orders does not exist.", 400);
    };
    const res = await fetch(`${h.url}/events`, { method: "POST", body: '{"source":"shop"}' });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('{"__type":"ResourceNotFoundException","message":"Event bus orders does not exist."}');
  });

  it("answers 503 when the service does not answer within the integration timeout", async () => {
    h.dispatcher.answer = () => new Promise(() => {});
    const called = h.dispatcher.nextCall();
    const pending = fetch(`${h.url}/events`, { method: "POST", body: "{}" });
    await called;
    await h.clock.advance(1000);
    const res = await pending;
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('{"message":"Service Unavailable"}');
  });

  it("lists the routes with their subtype", () => {
    expect(h.gateway.routes().map((r) => r.integrationSubtype)).toEqual(["SQS-SendMessage", "SQS-ReceiveMessage", "EventBridge-PutEvents"]);
  });
});

describe("validating service integrations", () => {
  const options = { invoker: new FakeLambda(), region: "us-east-1", accountId: "123456789012", clock: new VirtualClock(START), logger: silentLogger, events: new EventBus() };

  it("refuses one without a required parameter, or on a REST API", () => {
    const missing = httpApi([{ method: "POST", path: "/e", functionName: "", payloadFormatVersion: "1.0", serviceIntegration: { subtype: "EventBridge-PutEvents", requestParameters: { Detail: "x", Source: "s" } } }]);
    expect(() => createApiGateway({ ...options, apis: [missing] })).toThrow(SandboxError);
    expect(() => createApiGateway({ ...options, apis: [missing] }))
      .toThrow("API ServerlessHttpApi, route POST /e: IntegrationSubtype EventBridge-PutEvents needs requestParameters.DetailType.");
    const rest = restApi([{ method: "POST", path: "/q", functionName: "", payloadFormatVersion: "1.0", serviceIntegration: { subtype: "SQS-PurgeQueue", requestParameters: { QueueUrl: QUEUE } } }]);
    expect(() => createApiGateway({ ...options, apis: [rest] })).toThrow(/exist only in HTTP APIs/);
  });
});

describe("a service integration without a dispatcher", () => {
  it("warns at start-up and answers 500", async () => {
    const h = await startGateway([httpApi([{ method: "POST", path: "/q", functionName: "", payloadFormatVersion: "1.0", serviceIntegration: { subtype: "SQS-PurgeQueue", requestParameters: { QueueUrl: QUEUE } } }])], { withDispatcher: false });
    try {
      expect(h.warnings).toEqual(["Routes with an SQS or EventBridge integration have no dispatcher to reach the service; they answer 500"]);
      const res = await fetch(`${h.url}/q`, { method: "POST" });
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('{"message":"Internal Server Error"}');
    } finally {
      await h.close();
    }
  });
});
