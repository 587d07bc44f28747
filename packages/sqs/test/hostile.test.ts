/**
 * Hostile input found by fuzzing SQS through both wire protocols (DESIGN.md "Bad input"): each
 * case once answered HTTP 500 or was accepted where AWS refuses it; now it answers as AWS does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SendMessageBatchCommand, SendMessageCommand, SetQueueAttributesCommand, type MessageAttributeValue } from "@aws-sdk/client-sqs";
import { ACCOUNT, query, startSqs, type Harness } from "./helpers.js";

let h: Harness;
let queueUrl: string;

beforeAll(async () => {
  h = await startSqs();
  queueUrl = (await h.sqs.engine.createQueue({ QueueName: "hostile" }, h.url)).QueueUrl;
});
afterAll(() => h.close());

/** An awsJson 1.0 request with a body no SDK would build. */
async function json(action: string, body: unknown): Promise<{ status: number; body: { __type?: string; message?: string } & Record<string, unknown> }> {
  const res = await fetch(h.url, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSQS.${action}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { __type?: string } };
}

const eleven = (): Record<string, MessageAttributeValue> =>
  Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: "String", StringValue: "v" }]));

describe("message attributes", () => {
  it("reads a null StringValue/BinaryValue as absent: the attribute has no value (it answered HTTP 500)", async () => {
    for (const [type, member] of [["String", "StringValue"], ["Binary", "BinaryValue"]]) {
      const res = await json("SendMessage", { QueueUrl: queueUrl, MessageBody: "m", MessageAttributes: { a: { DataType: type, [member]: null } } });
      expect(res).toEqual({
        status: 400,
        body: { __type: "InvalidParameterValue", message: `Message (user) attribute 'a' must contain a non-empty value of type '${type}'.` },
      });
    }
    const batch = await json("SendMessageBatch", {
      QueueUrl: queueUrl, Entries: [{ Id: "x", MessageBody: "m", MessageAttributes: { a: { DataType: "String", StringValue: null } } }],
    });
    expect(batch).toMatchObject({ status: 200, body: { Failed: [{ Id: "x", Code: "InvalidParameterValue", SenderFault: true }] } });
  });

  it("reads null optional members as absent at any level of a send", async () => {
    const res = await json("SendMessage", { QueueUrl: queueUrl, MessageBody: "m", DelaySeconds: null, MessageAttributes: null, MessageSystemAttributes: null });
    expect(res.status).toBe(200);
  });

  it("refuses more than 10 attributes, as AWS does (they were accepted)", async () => {
    const err = await h.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "m", MessageAttributes: eleven() })).catch((e: Error) => e);
    expect(err).toMatchObject({ name: "InvalidParameterValue", message: "Number of message attributes [11] exceeds the allowed maximum [10]." });
    const batch = await h.client.send(new SendMessageBatchCommand({
      QueueUrl: queueUrl, Entries: [{ Id: "ok", MessageBody: "m" }, { Id: "many", MessageBody: "m", MessageAttributes: eleven() }],
    }));
    expect(batch.Successful?.map((e) => e.Id)).toEqual(["ok"]);
    expect(batch.Failed).toEqual([{ Id: "many", SenderFault: true, Code: "InvalidParameterValue", Message: "Number of message attributes [11] exceeds the allowed maximum [10]." }]);
  });

  it("refuses more than 10 attributes in the Query protocol too", async () => {
    const params: Record<string, string> = { Action: "SendMessage", QueueUrl: `${h.url}/${ACCOUNT}/hostile`, MessageBody: "m" };
    for (let i = 1; i <= 11; i++) {
      params[`MessageAttribute.${i}.Name`] = `a${i}`;
      params[`MessageAttribute.${i}.Value.DataType`] = "String";
      params[`MessageAttribute.${i}.Value.StringValue`] = "v";
    }
    const res = await query(h.url, params);
    expect(res.status).toBe(400);
    expect(res.body).toContain("<Code>InvalidParameterValue</Code>");
    expect(res.body).toContain("<Message>Number of message attributes [11] exceeds the allowed maximum [10].</Message>");
  });
});

describe("JSON null members elsewhere", () => {
  it("answers each action with a null optional member without a 5xx", async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ["ReceiveMessage", { QueueUrl: queueUrl, MaxNumberOfMessages: null, AttributeNames: null, MessageAttributeNames: [null], WaitTimeSeconds: 0 }],
      ["ListQueues", { NextToken: null, QueueNamePrefix: null }],
      ["CreateQueue", { QueueName: "hostile-2", Attributes: null, tags: null }],
      ["GetQueueAttributes", { QueueUrl: queueUrl, AttributeNames: [null, "All"] }],
    ];
    for (const [action, body] of cases) expect((await json(action, body)).status, action).toBe(200);
  });
});

describe("numbers in the Query form", () => {
  it("refuses text or a fraction where an integer belongs (a NaN delay or visibility timeout was kept)", async () => {
    const url = `${h.url}/${ACCOUNT}/hostile`;
    const cases: Array<Record<string, string>> = [
      { Action: "SendMessage", QueueUrl: url, MessageBody: "m", DelaySeconds: "abc" },
      { Action: "SendMessage", QueueUrl: url, MessageBody: "m", DelaySeconds: "1.5" },
      { Action: "ReceiveMessage", QueueUrl: url, WaitTimeSeconds: "0", VisibilityTimeout: "soon" },
      { Action: "ListQueues", MaxResults: "many" },
    ];
    for (const params of cases) {
      const res = await query(h.url, params);
      expect(res.status, params.Action).toBe(400);
      expect(res.body).toContain("<Code>InvalidParameterValue</Code><Message>An invalid or out-of-range value was supplied for the input parameter.</Message>");
    }
  });
});

describe("RedrivePolicy", () => {
  it.each([["[5]", [5]], ["true", true], ['{"n":5}', { n: 5 }]])("refuses maxReceiveCount %s, which is no count (it was read as one)", async (shown, count) => {
    const policy = JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:hostile-dlq`, maxReceiveCount: count });
    const err = await h.client.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { RedrivePolicy: policy } })).catch((e: Error) => e);
    expect(err).toMatchObject({
      name: "InvalidParameterValue",
      message: `Value ${policy} for parameter RedrivePolicy is invalid. Reason: Invalid value for maxReceiveCount: ${shown}, valid values are from 1 to 1000 both inclusive.`,
    });
  });
});

describe("Query entries without a value", () => {
  it("reads a message attribute named without a value as one with no type (it answered HTTP 500)", async () => {
    const url = `${h.url}/${ACCOUNT}/hostile`;
    const res = await query(h.url, { Action: "SendMessage", QueueUrl: url, MessageBody: "m", "MessageAttribute.1.Name": "a" });
    expect(res.status).toBe(400);
    expect(res.body).toContain("<Code>InvalidParameterValue</Code><Message>The type of message (user) attribute &apos;a&apos; is invalid.");
    const system = await query(h.url, { Action: "SendMessage", QueueUrl: url, MessageBody: "m", "MessageSystemAttribute.1.Name": "AWSTraceHeader" });
    expect(system.status).toBe(200);
  });
});
