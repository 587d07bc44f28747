import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiGatewayV2Client, GetApisCommand, GetIntegrationsCommand } from "@aws-sdk/client-apigatewayv2";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";
import { eventually } from "./helpers.js";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

describe("HTTP API integrations with SQS and EventBridge (IntegrationSubtype)", () => {
  let sandbox: RunningSandbox;
  let sqs: SQSClient;
  const queueUrl = (name: string) => `${sandbox.endpoint}/000000000000/${name}`;
  const call = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    fetch(`${sandbox.apiUrl}${path}`, { method, headers: { "content-type": "application/json", ...headers }, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "http-api-services"), port: 0, edgePort: 0, inMemory: true });
    sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    sqs?.destroy();
    await sandbox?.stop();
  });

  it("serves the subtypes' routes from both forms, without a not-emulated warning", () => {
    expect(sandbox.app.warnings.filter((w) => /SQS-|EventBridge-/.test(w))).toEqual([]);
    expect(sandbox.routes.map((r) => `${r.method} ${r.path} ${r.integrationSubtype}`).sort()).toEqual([
      "DELETE /orders SQS-DeleteMessage",
      "GET /orders SQS-ReceiveMessage",
      "POST /customers/{customer}/orders SQS-SendMessage",
      "POST /events EventBridge-PutEvents",
      "POST /events/bus/{bus} EventBridge-PutEvents",
      "POST /gone SQS-SendMessage",
      "POST /orders SQS-SendMessage",
      "POST /orders/purge SQS-PurgeQueue",
    ]);
  });

  it("GetIntegrations reports the subtype and its RequestParameters", async () => {
    const control = new ApiGatewayV2Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const apis = await control.send(new GetApisCommand({}));
      const apiId = apis.Items?.find((a) => a.Name === "queue-api")?.ApiId;
      const integrations = await control.send(new GetIntegrationsCommand({ ApiId: apiId }));
      expect(integrations.Items).toContainEqual(expect.objectContaining({
        IntegrationType: "AWS_PROXY",
        IntegrationSubtype: "SQS-PurgeQueue",
        PayloadFormatVersion: "1.0",
        RequestParameters: { QueueUrl: queueUrl("orders") },
      }));
    } finally {
      control.destroy();
    }
  });

  it("SQS-SendMessage sends the mapped body and attributes, answering SQS's Query response as JSON", async () => {
    const body = JSON.stringify({ item: "book", qty: 2 });
    const res = await call("POST", "/orders", body);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("apigw-requestid")).toBeTruthy();
    const text = await res.text();
    const answer = JSON.parse(text) as { SendMessageResponse: { SendMessageResult: Record<string, unknown>; ResponseMetadata: { RequestId: string } } };
    expect(Object.keys(answer.SendMessageResponse)).toEqual(["ResponseMetadata", "SendMessageResult"]);
    expect(answer.SendMessageResponse.ResponseMetadata.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const result = answer.SendMessageResponse.SendMessageResult;
    expect(Object.keys(result)).toEqual(["MD5OfMessageAttributes", "MD5OfMessageBody", "MD5OfMessageSystemAttributes", "MessageId", "SequenceNumber"]);
    expect(result).toMatchObject({ MD5OfMessageBody: md5(body), MD5OfMessageSystemAttributes: null, SequenceNumber: null });
    expect(result.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);

    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl("orders"), MessageAttributeNames: ["All"], VisibilityTimeout: 0 }));
    expect(received.Messages).toHaveLength(1);
    expect(received.Messages?.[0]).toMatchObject({ MessageId: result.MessageId, Body: body, MessageAttributes: { Channel: { DataType: "String", StringValue: "web" } } });
  });

  it("SQS-SendMessage to a FIFO queue takes MessageGroupId from the path and MessageBody from a body field", async () => {
    const res = await call("POST", "/customers/c-42/orders", JSON.stringify({ order: { id: "o-1" } }));
    expect(res.status).toBe(200);
    const result = ((await res.json()) as { SendMessageResponse: { SendMessageResult: Record<string, unknown> } }).SendMessageResponse.SendMessageResult;
    expect(result.SequenceNumber).toMatch(/^\d+$/);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl("orders.fifo"), MessageSystemAttributeNames: ["MessageGroupId"] }));
    expect(received.Messages?.[0]).toMatchObject({ Body: '{"id":"o-1"}', Attributes: { MessageGroupId: "c-42" } });
  });

  it("SQS-ReceiveMessage and SQS-DeleteMessage answer in the Query response's JSON form", async () => {
    const received = await call("GET", "/orders");
    expect(received.status).toBe(200);
    const answer = (await received.json()) as { ReceiveMessageResponse: { ReceiveMessageResult: { messages: Array<Record<string, unknown>> | null } } };
    expect(Object.keys(answer.ReceiveMessageResponse)).toEqual(["ReceiveMessageResult", "ResponseMetadata"]);
    const messages = answer.ReceiveMessageResponse.ReceiveMessageResult.messages ?? [];
    expect(messages).toHaveLength(1);
    expect(Object.keys(messages[0])).toEqual(["Attributes", "Body", "MD5OfBody", "MD5OfMessageAttributes", "MessageAttributes", "MessageId", "ReceiptHandle"]);
    expect(messages[0]).toMatchObject({
      Attributes: null,
      Body: JSON.stringify({ item: "book", qty: 2 }),
      MessageAttributes: { Channel: { BinaryListValues: null, BinaryValue: null, DataType: "String", StringListValues: null, StringValue: "web" } },
    });

    const deleted = await call("DELETE", "/orders", undefined, { "x-receipt-handle": String(messages[0].ReceiptHandle) });
    expect(deleted.status).toBe(200);
    const deletedAnswer = (await deleted.json()) as Record<string, Record<string, unknown>>;
    expect(Object.keys(deletedAnswer)).toEqual(["DeleteMessageResponse"]);
    expect(Object.keys(deletedAnswer.DeleteMessageResponse)).toEqual(["ResponseMetadata"]);

    const empty = (await (await call("GET", "/orders")).json()) as { ReceiveMessageResponse: { ReceiveMessageResult: unknown } };
    expect(empty.ReceiveMessageResponse.ReceiveMessageResult).toEqual({ messages: null });
  });

  it("SQS-PurgeQueue empties the queue", async () => {
    await call("POST", "/orders", "to be purged");
    const res = await call("POST", "/orders/purge");
    expect(res.status).toBe(200);
    expect(Object.keys((await res.json()) as Record<string, unknown>)).toEqual(["PurgeQueueResponse"]);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl("orders") }));
    expect(received.Messages ?? []).toEqual([]);
  });

  it("answers SQS's error with its status, in the Query protocol's JSON error form", async () => {
    const res = await call("POST", "/gone", "hello");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { Error: Record<string, unknown>; RequestId: string };
    expect(body.Error).toEqual({ Code: "AWS.SimpleQueueService.NonExistentQueue", Message: "The specified queue does not exist for this wsdl version.", Type: "Sender" });
    expect(body.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("EventBridge-PutEvents (OpenAPI form) puts an event a rule delivers to a queue", async () => {
    const detail = JSON.stringify({ orderId: "o-9", total: 12 });
    const res = await call("POST", "/events", detail, { "x-detail-type": "OrderPlaced", "x-order-id": "o-9" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    const answer = (await res.json()) as { Entries: Array<{ EventId: string }>; FailedEntryCount: number };
    expect(answer).toEqual({ Entries: [{ EventId: expect.stringMatching(/^[0-9a-f-]{36}$/) }], FailedEntryCount: 0 });

    const received = await eventually(
      () => sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl("audit") })),
      (out) => (out.Messages ?? []).length > 0,
    );
    expect(JSON.parse(received.Messages?.[0]?.Body ?? "null")).toMatchObject({
      id: answer.Entries[0].EventId,
      source: "shop.api",
      "detail-type": "OrderPlaced",
      resources: ["arn:aws:shop:::order/o-9"],
      detail: { orderId: "o-9", total: 12 },
    });
  });

  it("EventBridge-PutEvents passes EventBridge's per-entry failure through", async () => {
    const res = await call("POST", "/events/bus/default", "not json");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ Entries: [{ ErrorCode: "MalformedDetail", ErrorMessage: "Detail is malformed." }], FailedEntryCount: 1 });
  });
});
