/** The Query/XML protocol (Action=… form posts), as awscli v1 and older SDKs send it. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, query, startSqs, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSqs();
});
afterAll(() => h.close());

describe("Query/XML protocol", () => {
  it("creates a queue, sends with attributes, receives and deletes", async () => {
    const created = await query(h.url, { Action: "CreateQueue", QueueName: "legacy", "Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "40" });
    expect(created.status).toBe(200);
    const queueUrl = `${h.url}/${ACCOUNT}/legacy`;
    expect(created.body).toContain(`<CreateQueueResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><CreateQueueResult><QueueUrl>${queueUrl}</QueueUrl></CreateQueueResult>`);
    const sent = await query(h.url, {
      Action: "SendMessage", QueueUrl: queueUrl, MessageBody: '{"foo": "bared"}',
      "MessageAttribute.1.Name": "Hello", "MessageAttribute.1.Value.DataType": "String", "MessageAttribute.1.Value.StringValue": "There",
      "MessageAttribute.2.Name": "General", "MessageAttribute.2.Value.DataType": "String", "MessageAttribute.2.Value.StringValue": "Kenobi",
    });
    expect(sent.body).toContain("<MD5OfMessageBody>13c0c73bbf11056450c43bf3159b3585</MD5OfMessageBody>");
    expect(sent.body).toContain("<MD5OfMessageAttributes>fca026605781cb4126a1e9044df24232</MD5OfMessageAttributes>");
    // Posted to the queue's own URL, without QueueUrl, as older clients do.
    const received = await query(h.url, { Action: "ReceiveMessage", "AttributeName.1": "All", "MessageAttributeName.1": "All" }, `/${ACCOUNT}/legacy`);
    expect(received.body).toMatch(/<ReceiveMessageResult><Message><MessageId>[0-9a-f-]{36}<\/MessageId><ReceiptHandle>/);
    expect(received.body).toContain("<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>");
    expect(received.body).toContain("<MessageAttribute><Name>Hello</Name><Value><StringValue>There</StringValue><DataType>String</DataType></Value></MessageAttribute>");
    const handle = /<ReceiptHandle>([^<]+)<\/ReceiptHandle>/.exec(received.body)?.[1] ?? "";
    const deleted = await query(h.url, { Action: "DeleteMessage", QueueUrl: queueUrl, ReceiptHandle: handle });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toContain("<DeleteMessageResponse");
  });

  it("answers errors in XML with the query codes", async () => {
    const missing = await query(h.url, { Action: "GetQueueUrl", QueueName: "nope" });
    expect(missing.status).toBe(400);
    expect(missing.body).toContain(
      "<Error><Type>Sender</Type><Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist for this wsdl version.</Message></Error>",
    );
    const noParam = await query(h.url, { Action: "SendMessage", QueueUrl: `${h.url}/${ACCOUNT}/legacy` });
    expect(noParam.body).toContain("<Code>MissingParameter</Code><Message>The request must contain the parameter MessageBody.</Message>");
  });

  it("lists queues and reads attributes", async () => {
    const listed = await query(h.url, { Action: "ListQueues", QueueNamePrefix: "leg" });
    expect(listed.body).toContain(`<ListQueuesResult><QueueUrl>${h.url}/${ACCOUNT}/legacy</QueueUrl></ListQueuesResult>`);
    const attrs = await query(h.url, { Action: "GetQueueAttributes", QueueUrl: `${h.url}/${ACCOUNT}/legacy`, "AttributeName.1": "VisibilityTimeout" });
    expect(attrs.body).toContain("<GetQueueAttributesResult><Attribute><Name>VisibilityTimeout</Name><Value>40</Value></Attribute></GetQueueAttributesResult>");
  });
});

describe("JSON protocol errors", () => {
  it("carries the query code in x-amzn-query-error", async () => {
    const res = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": "AmazonSQS.GetQueueUrl" },
      body: JSON.stringify({ QueueName: "nope" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-query-error")).toBe("AWS.SimpleQueueService.NonExistentQueue;Sender");
    expect(await res.json()).toEqual({ __type: "com.amazonaws.sqs#QueueDoesNotExist", message: "The specified queue does not exist." });
  });
});

describe("malformed JSON requests", () => {
  const call = async (action: string, body: unknown) => {
    const res = await fetch(h.url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": `AmazonSQS.${action}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it("answers a member of the wrong JSON type with a SerializationException, never a 500", async () => {
    await call("CreateQueue", { QueueName: "typed" });
    const res = await call("SendMessage", { QueueUrl: `${h.url}/${ACCOUNT}/typed`, MessageBody: 5 });
    expect(res).toEqual({ status: 400, body: { __type: "SerializationException", message: "NUMBER_VALUE cannot be converted to String" } });
    const batch = await call("SendMessageBatch", { QueueUrl: `${h.url}/${ACCOUNT}/typed`, Entries: [{ Id: "a" }] });
    expect(batch.body).toEqual({ __type: "MissingParameter", message: "The request must contain the parameter MessageBody." });
  });

  it("answers an unknown operation", async () => {
    expect((await call("Nope", {})).body.__type).toBe("UnknownOperationException");
  });
});
