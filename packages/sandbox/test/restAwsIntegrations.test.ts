import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("REST API Type: AWS integrations with mapping templates", () => {
  let sandbox: RunningSandbox;
  let dynamodb: DynamoDBClient;
  let sqs: SQSClient;
  const send = (method: string, path: string, body?: string, contentType = "application/json") =>
    fetch(`${sandbox.apiUrl}${path}`, { method, headers: { "content-type": contentType }, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "rest-aws-integrations"), port: 0, edgePort: 0, inMemory: true });
    dynamodb = new DynamoDBClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    dynamodb?.destroy();
    sqs?.destroy();
    await sandbox?.stop();
  });

  it("serves the AWS integrations without a not-emulated warning", () => {
    expect(sandbox.app.warnings.filter((w) => /not emulated/.test(w))).toEqual([]);
    expect(sandbox.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /items/{id}", "POST /alerts", "POST /items", "POST /notes", "POST /queue", "POST /sum"]);
  });

  it("POST /items puts the item the request template builds, answering the 200 response template", async () => {
    const res = await send("POST", "/items", JSON.stringify({ id: "i-1", name: 'say "hi"', tags: ["a", "b"] }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe('{"status": "created", "resource": "/items"}');
    const stored = await dynamodb.send(new GetItemCommand({ TableName: "items", Key: { id: { S: "i-1" } } }));
    expect(stored.Item?.name).toEqual({ S: 'say "hi"' });
    expect(stored.Item?.tags).toEqual({ SS: ["a", "b"] });
    expect(stored.Item?.stage).toEqual({ S: "v1" });
    expect(stored.Item?.requestId?.S).toBe(res.headers.get("x-amzn-requestid"));
  });

  it("a service error selects the integration response whose SelectionPattern matches its status", async () => {
    const res = await send("POST", "/items", JSON.stringify({ id: "i-1", name: "again", tags: ["c"] }));
    expect(res.status).toBe(409);
    expect(JSON.parse(await res.text())).toEqual({
      error: "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
      reason: "The conditional request failed",
    });
  });

  it("PassthroughBehavior NEVER refuses a content type without a template (415)", async () => {
    const res = await send("POST", "/items", "id=x", "application/x-www-form-urlencoded");
    expect(res.status).toBe(415);
    expect(await res.text()).toBe('{"message": "Unsupported Media Type"}');
  });

  it("a request template reading a body that is not JSON is API Gateway's 400", async () => {
    const res = await send("POST", "/items", "{nope");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^Could not parse request body into json: /);
  });

  it("GET /items/{id} reads the item with GetItem and maps it through the response template ($context.responseOverride too)", async () => {
    const res = await send("GET", "/items/i-1");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(JSON.parse(await res.text())).toEqual({ id: "i-1", name: 'say "hi"', tags: ["a", "b"] });
    const missing = await send("GET", "/items/none");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("x-missing")).toBe("none");
    expect(JSON.parse(await missing.text())).toEqual({ message: "not found" });
  });

  it("POST /queue sends the body to SQS from a form request template, passing SQS's answer through", async () => {
    const body = JSON.stringify({ order: 7, note: "a+b & c" });
    const res = await send("POST", "/queue", body);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { SendMessageResponse: { SendMessageResult: { MessageId: string } } };
    const messageId = answer.SendMessageResponse.SendMessageResult.MessageId;
    expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
    const queueUrl = `${sandbox.endpoint}/000000000000/inbox`;
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0 }));
    expect(received.Messages?.map((m) => [m.MessageId, m.Body])).toEqual([[messageId, body]]);
  });

  it("POST /alerts publishes the body to SNS from RequestParameters, answering PublishResponse as JSON", async () => {
    const body = JSON.stringify({ level: "high" });
    const res = await send("POST", "/alerts", body);
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { PublishResponse: { PublishResult: { MessageId: string; SequenceNumber: null }; ResponseMetadata: { RequestId: string } } };
    expect(answer.PublishResponse.PublishResult.SequenceNumber).toBeNull();
    const queueUrl = `${sandbox.endpoint}/000000000000/alerts-copy`;
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual([body]);
  });

  it("an OpenAPI x-amazon-apigateway-integration of type aws runs with its default response", async () => {
    const res = await send("POST", "/notes", JSON.stringify({ id: 3, text: "remember" }));
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('{"saved": true}');
    const stored = await dynamodb.send(new GetItemCommand({ TableName: "items", Key: { id: { S: "note-3" } } }));
    expect(stored.Item?.text).toEqual({ S: "remember" });
  });

  it("a non-proxy Lambda integration invokes the function with the mapped event and maps its result", async () => {
    const res = await send("POST", "/sum", JSON.stringify({ a: 2, b: 5 }));
    expect(res.status).toBe(200);
    expect(JSON.parse(await res.text())).toEqual({ result: 7, stage: "v1" });
  });

  it("a Lambda error selects the response whose SelectionPattern matches its errorMessage", async () => {
    const res = await send("POST", "/sum?fail=negative", JSON.stringify({ a: 1, b: 1 }));
    expect(res.status).toBe(400);
    expect(JSON.parse(await res.text())).toEqual({ error: "Bad input: negative" });
  });
});
