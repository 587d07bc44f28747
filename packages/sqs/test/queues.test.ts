import {
  CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ListDeadLetterSourceQueuesCommand, ListQueuesCommand, ListQueueTagsCommand,
  PurgeQueueCommand, QueueDoesNotExist, QueueNameExists, SetQueueAttributesCommand, TagQueueCommand, UntagQueueCommand,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, startSqs, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSqs();
});
afterAll(() => h.close());

describe("CreateQueue", () => {
  it("answers the queue URL under the edge, and is idempotent with the same attributes", async () => {
    const first = await h.client.send(new CreateQueueCommand({ QueueName: "orders", Attributes: { VisibilityTimeout: "45" } }));
    expect(first.QueueUrl).toBe(`${h.url}/${ACCOUNT}/orders`);
    const again = await h.client.send(new CreateQueueCommand({ QueueName: "orders", Attributes: { VisibilityTimeout: "45" } }));
    expect(again.QueueUrl).toBe(first.QueueUrl);
  });

  it("rejects the same name with another attribute value (QueueNameExists)", async () => {
    const error = await h.client.send(new CreateQueueCommand({ QueueName: "orders", Attributes: { VisibilityTimeout: "10" } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueNameExists);
    expect((error as Error).message).toBe("A queue already exists with the same name and a different value for attribute VisibilityTimeout");
  });

  it("rejects an invalid name and an unknown attribute", async () => {
    await expect(h.client.send(new CreateQueueCommand({ QueueName: "bad name" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length",
    });
    await expect(h.client.send(new CreateQueueCommand({ QueueName: "x", Attributes: { Bogus: "1" } as Record<string, string> }))).rejects.toMatchObject({
      name: "InvalidAttributeName",
      message: "Unknown Attribute Bogus.",
    });
    await expect(h.client.send(new CreateQueueCommand({ QueueName: "x", Attributes: { VisibilityTimeout: "50000" } }))).rejects.toMatchObject({
      name: "InvalidAttributeValue",
      message: "Invalid value for the parameter VisibilityTimeout.",
    });
  });

  it("creates FIFO queues only with the .fifo suffix", async () => {
    await expect(h.client.send(new CreateQueueCommand({ QueueName: "plain.fifo" }))).rejects.toMatchObject({ name: "InvalidParameterValue" });
    const fifo = await h.client.send(new CreateQueueCommand({ QueueName: "jobs.fifo", Attributes: { FifoQueue: "true" } }));
    const attrs = await h.client.send(new GetQueueAttributesCommand({ QueueUrl: fifo.QueueUrl, AttributeNames: ["All"] }));
    expect(attrs.Attributes).toMatchObject({ FifoQueue: "true", ContentBasedDeduplication: "false", DeduplicationScope: "queue", FifoThroughputLimit: "perQueue" });
  });
});

describe("GetQueueUrl / ListQueues / DeleteQueue", () => {
  it("finds a queue by name and fails for an unknown one", async () => {
    await h.client.send(new CreateQueueCommand({ QueueName: "lookup" }));
    expect((await h.client.send(new GetQueueUrlCommand({ QueueName: "lookup" }))).QueueUrl).toBe(`${h.url}/${ACCOUNT}/lookup`);
    const error = await h.client.send(new GetQueueUrlCommand({ QueueName: "nope" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect((error as Error).message).toBe("The specified queue does not exist.");
  });

  it("lists by prefix, in pages", async () => {
    for (const n of ["page-a", "page-b", "page-c"]) await h.client.send(new CreateQueueCommand({ QueueName: n }));
    const all = await h.client.send(new ListQueuesCommand({ QueueNamePrefix: "page-" }));
    expect(all.QueueUrls).toEqual(["page-a", "page-b", "page-c"].map((n) => `${h.url}/${ACCOUNT}/${n}`));
    expect(all.NextToken).toBeUndefined();
    const first = await h.client.send(new ListQueuesCommand({ QueueNamePrefix: "page-", MaxResults: 2 }));
    expect(first.QueueUrls).toHaveLength(2);
    const second = await h.client.send(new ListQueuesCommand({ QueueNamePrefix: "page-", MaxResults: 2, NextToken: first.NextToken }));
    expect(second.QueueUrls).toEqual([`${h.url}/${ACCOUNT}/page-c`]);
    expect(second.NextToken).toBeUndefined();
    expect((await h.client.send(new ListQueuesCommand({ QueueNamePrefix: "none-" }))).QueueUrls).toBeUndefined();
  });

  it("accepts the sqs.<region>.amazonaws.com form of a queue URL", async () => {
    const attrs = await h.client.send(
      new GetQueueAttributesCommand({ QueueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/lookup`, AttributeNames: ["QueueArn"] }),
    );
    expect(attrs.Attributes).toEqual({ QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:lookup` });
  });

  it("deletes a queue", async () => {
    const { QueueUrl } = await h.client.send(new CreateQueueCommand({ QueueName: "doomed" }));
    await h.client.send(new DeleteQueueCommand({ QueueUrl }));
    await expect(h.client.send(new GetQueueUrlCommand({ QueueName: "doomed" }))).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(h.client.send(new DeleteQueueCommand({ QueueUrl }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  });
});

describe("Get/SetQueueAttributes", () => {
  it("reports defaults, computed values and what was set", async () => {
    const { QueueUrl } = await h.client.send(new CreateQueueCommand({ QueueName: "attrs" }));
    const all = await h.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] }));
    expect(all.Attributes).toEqual({
      QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:attrs`,
      ApproximateNumberOfMessages: "0",
      ApproximateNumberOfMessagesNotVisible: "0",
      ApproximateNumberOfMessagesDelayed: "0",
      CreatedTimestamp: String(h.clock.now() / 1000),
      LastModifiedTimestamp: String(h.clock.now() / 1000),
      VisibilityTimeout: "30",
      MaximumMessageSize: "1048576",
      MessageRetentionPeriod: "345600",
      DelaySeconds: "0",
      ReceiveMessageWaitTimeSeconds: "0",
      SqsManagedSseEnabled: "true",
    });
    await h.client.send(new CreateQueueCommand({ QueueName: "dlq" }));
    await h.client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { DelaySeconds: "5", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:us-east-1:000000000000:dlq", maxReceiveCount: "3" }) } }));
    const some = await h.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["DelaySeconds", "RedrivePolicy"] }));
    expect(some.Attributes).toEqual({ DelaySeconds: "5", RedrivePolicy: '{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:dlq","maxReceiveCount":3}' });
    await expect(h.client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { QueueArn: "x" } }))).rejects.toMatchObject({
      name: "InvalidAttributeName",
      message: "Unknown Attribute QueueArn.",
    });
    await expect(
      h.client.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:x", maxReceiveCount: 0 }) } })),
    ).rejects.toMatchObject({ name: "InvalidParameterValue" });
  });
});

describe("tags and PurgeQueue", () => {
  it("tags, lists and untags", async () => {
    const { QueueUrl } = await h.client.send(new CreateQueueCommand({ QueueName: "tagged", tags: { team: "a" } }));
    await h.client.send(new TagQueueCommand({ QueueUrl, Tags: { env: "dev" } }));
    expect((await h.client.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toEqual({ team: "a", env: "dev" });
    await h.client.send(new UntagQueueCommand({ QueueUrl, TagKeys: ["team", "env"] }));
    expect((await h.client.send(new ListQueueTagsCommand({ QueueUrl }))).Tags).toBeUndefined();
  });

  it("allows one purge every 60 seconds", async () => {
    const { QueueUrl } = await h.client.send(new CreateQueueCommand({ QueueName: "purged" }));
    await h.client.send(new PurgeQueueCommand({ QueueUrl }));
    await expect(h.client.send(new PurgeQueueCommand({ QueueUrl }))).rejects.toMatchObject({
      name: "PurgeQueueInProgress",
      message: "Only one PurgeQueue operation on purged is allowed every 60 seconds.",
    });
    await h.clock.advance(60_000);
    await h.client.send(new PurgeQueueCommand({ QueueUrl }));
  });
});

describe("ListDeadLetterSourceQueues", () => {
  it("lists the queues whose RedrivePolicy targets the queue", async () => {
    const { QueueUrl: dlq } = await h.client.send(new CreateQueueCommand({ QueueName: "sources-dlq" }));
    const policy = JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:sources-dlq`, maxReceiveCount: 5 });
    const { QueueUrl: source } = await h.client.send(new CreateQueueCommand({ QueueName: "sources-main", Attributes: { RedrivePolicy: policy } }));
    expect((await h.client.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }))).queueUrls).toEqual([source]);
  });
});
