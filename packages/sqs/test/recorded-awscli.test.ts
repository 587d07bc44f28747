/**
 * The AWS CLI's own SQS examples (aws/aws-cli, awscli/examples/sqs/*.rst: commands and the
 * answers AWS gave them), replayed through the AWS SDK v3 client. The examples elide the middle
 * of each MD5 ("1000f835...a35411fa"): the first and last eight hex digits are compared.
 */
import {
  ChangeMessageVisibilityBatchCommand, CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand, ListQueuesCommand, ListQueueTagsCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand,
  TagQueueCommand, UntagQueueCommand, type MessageAttributeValue,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, startSqs, type Harness } from "./helpers.js";

let h: Harness;
let queueUrl: string;
let dlqUrl: string;
beforeAll(async () => {
  h = await startSqs();
  dlqUrl = (await h.client.send(new CreateQueueCommand({ QueueName: "MyDeadLetterQueue" }))).QueueUrl ?? "";
  // create-queue.rst: maxReceiveCount given as a string.
  queueUrl = (await h.client.send(new CreateQueueCommand({
    QueueName: "MyQueue",
    Attributes: {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:MyDeadLetterQueue`, maxReceiveCount: "1000" }),
      MessageRetentionPeriod: "259200",
    },
  }))).QueueUrl ?? "";
});
afterAll(() => h.close());

/** An MD5 as the examples print it: its first and last eight hex digits. */
const elided = (md5: string | undefined): string => (md5 === undefined ? "" : `${md5.slice(0, 8)}...${md5.slice(-8)}`);

const string = (StringValue: string): MessageAttributeValue => ({ DataType: "String", StringValue });

describe("awscli/examples/sqs", () => {
  it("get-queue-attributes.rst: All, with maxReceiveCount answered as a number; two named attributes alone", async () => {
    const { Attributes } = await h.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["All"] }));
    expect(Object.keys(Attributes ?? {})).toEqual(expect.arrayContaining([
      "ApproximateNumberOfMessagesNotVisible", "RedrivePolicy", "MessageRetentionPeriod", "ApproximateNumberOfMessagesDelayed", "MaximumMessageSize",
      "CreatedTimestamp", "ApproximateNumberOfMessages", "ReceiveMessageWaitTimeSeconds", "DelaySeconds", "VisibilityTimeout", "LastModifiedTimestamp", "QueueArn",
    ]));
    expect(Attributes?.RedrivePolicy).toBe(`{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:${ACCOUNT}:MyDeadLetterQueue","maxReceiveCount":1000}`);
    expect(Attributes?.CreatedTimestamp).toMatch(/^\d{10}$/);
    const two = await h.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["MaximumMessageSize", "VisibilityTimeout"] }));
    expect(Object.keys(two.Attributes ?? {}).sort()).toEqual(["MaximumMessageSize", "VisibilityTimeout"]);
  });

  it("get-queue-url.rst, list-queues.rst, list-dead-letter-source-queues.rst", async () => {
    expect((await h.client.send(new GetQueueUrlCommand({ QueueName: "MyQueue" }))).QueueUrl).toBe(queueUrl);
    expect((await h.client.send(new ListQueuesCommand({ QueueNamePrefix: "My" }))).QueueUrls).toEqual([dlqUrl, queueUrl]);
    expect((await h.client.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlqUrl }))).queueUrls).toEqual([queueUrl]);
  });

  it("send-message.rst: the body's MD5 as AWS printed it", async () => {
    const sent = await h.client.send(new SendMessageCommand({
      QueueUrl: queueUrl, MessageBody: "Information about the largest city in Any Region.", DelaySeconds: 10,
      MessageAttributes: { City: string("Any City"), Population: { DataType: "Number", StringValue: "1250800" } },
    }));
    expect(elided(sent.MD5OfMessageBody)).toBe("51b0a325...39163aa0");
    expect(Object.keys(sent).filter((k) => k !== "$metadata").sort()).toEqual(["MD5OfMessageAttributes", "MD5OfMessageBody", "MessageId"]);
  });

  it("receive-message.rst: every attribute, then SenderId and SentTimestamp with one message attribute; the attributes' MD5s as AWS printed them", async () => {
    const other = (await h.client.send(new CreateQueueCommand({ QueueName: "MyReceiveQueue" }))).QueueUrl ?? "";
    await h.client.send(new SendMessageCommand({
      QueueUrl: other, MessageBody: "My first message.", MessageAttributes: { PostalCode: string("ABC123"), City: string("Any City") },
    }));
    const all = await h.client.send(new ReceiveMessageCommand({
      QueueUrl: other, MessageSystemAttributeNames: ["All"], MessageAttributeNames: ["All"], MaxNumberOfMessages: 10, VisibilityTimeout: 0,
    }));
    const first = all.Messages?.[0];
    expect(elided(first?.MD5OfMessageAttributes)).toBe("9424c491...26bc3ae7");
    expect(first?.MessageAttributes).toEqual({ PostalCode: string("ABC123"), City: string("Any City") });
    expect(Object.keys(first?.Attributes ?? {})).toEqual(expect.arrayContaining(["ApproximateFirstReceiveTimestamp", "SenderId", "ApproximateReceiveCount", "SentTimestamp"]));
    const some = await h.client.send(new ReceiveMessageCommand({ QueueUrl: other, MessageSystemAttributeNames: ["SenderId", "SentTimestamp"], MessageAttributeNames: ["PostalCode"] }));
    const next = some.Messages?.[0];
    expect(elided(next?.MD5OfMessageAttributes)).toBe("b8e89563...e088e74f");
    expect(Object.keys(next?.Attributes ?? {}).sort()).toEqual(["SenderId", "SentTimestamp"]);
    expect(next?.MessageAttributes).toEqual({ PostalCode: string("ABC123") });
  });

  it("send-message-batch.rst: each entry's body and attributes' MD5s as AWS printed them", async () => {
    const report = (Id: string, MessageBody: string, seller: string, city: string, postalCode: string, price: string) => ({
      Id, MessageBody, DelaySeconds: 10,
      MessageAttributes: {
        SellerName: string(seller), City: string(city), Region: string("WA"), PostalCode: string(postalCode),
        PricePerGallon: { DataType: "Number", StringValue: price },
      },
    });
    const sent = await h.client.send(new SendMessageBatchCommand({
      QueueUrl: queueUrl,
      Entries: [
        report("FuelReport-0001-2015-09-16T140731Z", "Fuel report for account 0001 on 2015-09-16 at 02:07:31 PM.", "Example Store", "Any City", "99065", "1.99"),
        report("FuelReport-0002-2015-09-16T140930Z", "Fuel report for account 0002 on 2015-09-16 at 02:09:30 PM.", "Example Fuels", "North Town", "99123", "1.87"),
      ],
    }));
    expect(sent.Successful?.map((s) => [s.Id, elided(s.MD5OfMessageBody), elided(s.MD5OfMessageAttributes)])).toEqual([
      ["FuelReport-0001-2015-09-16T140731Z", "203c4a38...7943237e", "10809b55...baf283ef"],
      ["FuelReport-0002-2015-09-16T140930Z", "2cf0159a...c1980595", "55623928...ae354a25"],
    ]);
    expect(sent.Failed ?? []).toEqual([]);
  });

  it("change-message-visibility-batch.rst, delete-message-batch.rst: each entry Successful by its Id", async () => {
    const batchQueue = (await h.client.send(new CreateQueueCommand({ QueueName: "MyBatchQueue" }))).QueueUrl ?? "";
    await h.client.send(new SendMessageBatchCommand({ QueueUrl: batchQueue, Entries: [{ Id: "a", MessageBody: "one" }, { Id: "b", MessageBody: "two" }] }));
    const got = await h.client.send(new ReceiveMessageCommand({ QueueUrl: batchQueue, MaxNumberOfMessages: 10 }));
    const [first, second] = (got.Messages ?? []).map((m) => m.ReceiptHandle ?? "");
    const changed = await h.client.send(new ChangeMessageVisibilityBatchCommand({
      QueueUrl: batchQueue, Entries: [{ Id: "FirstMessage", ReceiptHandle: first, VisibilityTimeout: 36000 }, { Id: "SecondMessage", ReceiptHandle: second, VisibilityTimeout: 36000 }],
    }));
    expect(changed.Successful?.map((s) => s.Id).sort()).toEqual(["FirstMessage", "SecondMessage"]);
    const deleted = await h.client.send(new DeleteMessageBatchCommand({
      QueueUrl: batchQueue, Entries: [{ Id: "FirstMessage", ReceiptHandle: first }, { Id: "SecondMessage", ReceiptHandle: second }],
    }));
    expect(deleted.Successful).toEqual([{ Id: "FirstMessage" }, { Id: "SecondMessage" }]);
  });

  it("tag-queue.rst, list-queue-tags.rst, untag-queue.rst", async () => {
    await h.client.send(new TagQueueCommand({ QueueUrl: queueUrl, Tags: { Team: "Alpha", Priority: "Highest" } }));
    await h.client.send(new UntagQueueCommand({ QueueUrl: queueUrl, TagKeys: ["Priority"] }));
    expect((await h.client.send(new ListQueueTagsCommand({ QueueUrl: queueUrl }))).Tags).toEqual({ Team: "Alpha" });
  });
});
