/**
 * More of LocalStack's SQS suite recorded on AWS (tests/aws/services/sqs/test_sqs.py, cases marked
 * aws.validated, and test_sqs.snapshot.json recorded in November 2023), each case naming its test.
 * Values the snapshot replaced (<uuid:1>, <receipt-handle:1>, timestamps) are not compared.
 */
import {
  ChangeMessageVisibilityBatchCommand, ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageBatchCommand, DeleteMessageCommand, GetQueueAttributesCommand, GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand, ListQueueTagsCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SetQueueAttributesCommand, TagQueueCommand,
  UntagQueueCommand, type ReceiveMessageCommandInput,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT, query, startSqs, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSqs();
});
afterAll(() => h.close());

let count = 0;
async function queue(fifo: boolean, Attributes: Record<string, string> = {}): Promise<string> {
  const QueueName = `recorded4-${++count}${fifo ? ".fifo" : ""}`;
  const created = await h.client.send(new CreateQueueCommand({ QueueName, Attributes: fifo ? { FifoQueue: "true", ...Attributes } : Attributes }));
  return created.QueueUrl ?? "";
}
const receive = async (QueueUrl: string, input: Omit<ReceiveMessageCommandInput, "QueueUrl"> = {}) =>
  (await h.client.send(new ReceiveMessageCommand({ QueueUrl, ...input }))).Messages ?? [];
/** The error's code, message and HTTP status, as the SDK surfaces them. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status: number | undefined }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error("expected a failure");
}

describe("message size", () => {
  const attributes = { k: { DataType: "String", StringValue: "x" } };
  // The recordings predate August 2025, when SQS's quota went from 256 KiB to 1 MiB (the current API
  // reference: MaximumMessageSize 1,024–1,048,576, default 1,048,576); the texts are theirs, the sizes today's.
  it("refuses a message one byte over 1048576 bytes, body and attributes together", async () => {
    // test_send_oversized_message
    const q = await queue(false);
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "a".repeat(1_048_576 - 8), MessageAttributes: attributes }));
    expect(await failure(h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "a".repeat(1_048_576 - 8 + 1), MessageAttributes: attributes })))).toEqual({
      name: "InvalidParameterValue", message: "One or more parameters are invalid. Reason: Message must be shorter than 1048576 bytes.", status: 400,
    });
  });

  it("takes MaximumMessageSize up to 1048576 and refuses more", async () => {
    const q = await queue(false, { MaximumMessageSize: "262144" });
    await h.client.send(new SetQueueAttributesCommand({ QueueUrl: q, Attributes: { MaximumMessageSize: "1048576" } }));
    const set = await failure(h.client.send(new SetQueueAttributesCommand({ QueueUrl: q, Attributes: { MaximumMessageSize: "1048577" } })));
    expect(set).toMatchObject({ name: "InvalidAttributeValue", status: 400 });
  });

  it("keeps to a lowered MaximumMessageSize", async () => {
    // test_send_message_with_updated_maximum_message_size
    const q = await queue(false);
    await h.client.send(new SetQueueAttributesCommand({ QueueUrl: q, Attributes: { MaximumMessageSize: "1024" } }));
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "a".repeat(1024) }));
    expect(await failure(h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "a".repeat(1024 - 8 + 1), MessageAttributes: attributes })))).toEqual({
      name: "InvalidParameterValue", message: "One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.", status: 400,
    });
  });

  it("refuses a batch longer than 1048576 bytes in all", async () => {
    // test_send_message_batch_with_oversized_contents
    const q = await queue(false);
    const Entries = [{ Id: "1", MessageBody: "a".repeat(1_048_576 - 8), MessageAttributes: attributes }, { Id: "2", MessageBody: "a" }];
    expect(await failure(h.client.send(new SendMessageBatchCommand({ QueueUrl: q, Entries })))).toEqual({
      name: "BatchRequestTooLong", message: "Batch requests cannot be longer than 1048576 bytes. You have sent 1048577 bytes.", status: 400,
    });
  });

  it("takes a batch entry at a lowered MaximumMessageSize", async () => {
    // test_send_message_batch_with_oversized_contents_with_updated_maximum_message_size
    const q = await queue(false, { MaximumMessageSize: "2048" });
    const Entries = [{ Id: "1", MessageBody: "a".repeat(2048 - 8), MessageAttributes: attributes }, { Id: "2", MessageBody: "a" }];
    const sent = await h.client.send(new SendMessageBatchCommand({ QueueUrl: q, Entries }));
    expect(sent.Failed ?? []).toEqual([]);
    expect(sent.Successful?.map((s) => [s.Id, s.MD5OfMessageBody, s.MD5OfMessageAttributes])).toEqual([
      ["1", "f44facf5a7ee0af446ecf3e0f854441e", "a45daa70926828a2f0a1db3418e6feb4"],
      ["2", "0cc175b9c0f1b6a831c399e269772661", undefined],
    ]);
  });
});

describe("batch requests", () => {
  it("refuses more than 10 entries in each batch action", async () => {
    // test_too_many_entries_in_batch_request, test_delete_message_batch_with_too_large_batch, test_change_message_visibility_batch_with_too_large_batch
    const q = await queue(false);
    const ids = Array.from({ length: 20 }, (_, i) => `${i}`);
    const expected = { name: "TooManyEntriesInBatchRequest", message: "Maximum number of entries per request are 10. You have sent 20.", status: 400 };
    expect(await failure(h.client.send(new SendMessageBatchCommand({ QueueUrl: q, Entries: ids.map((Id) => ({ Id, MessageBody: `message-${Id}` })) })))).toEqual(expected);
    expect(await failure(h.client.send(new DeleteMessageBatchCommand({ QueueUrl: q, Entries: ids.map((Id) => ({ Id, ReceiptHandle: `handle-${Id}` })) })))).toEqual(expected);
    expect(await failure(h.client.send(new ChangeMessageVisibilityBatchCommand({
      QueueUrl: q, Entries: ids.map((Id) => ({ Id, ReceiptHandle: `handle-${Id}`, VisibilityTimeout: 30 })),
    })))).toEqual(expected);
  });

  it("refuses an entry id that is empty, longer than 80 characters or has other characters", async () => {
    // test_invalid_batch_id; test_delete_message_batch_invalid_msg_id[], [testLongId×10], [invalid:id]
    const q = await queue(false);
    const expected = {
      name: "InvalidBatchEntryId", status: 400,
      message: "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
    };
    expect(await failure(h.client.send(new SendMessageBatchCommand({ QueueUrl: q, Entries: [{ Id: "foo:bar", MessageBody: "message-0" }] })))).toEqual(expected);
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "message" }));
    const [m] = await receive(q);
    for (const Id of ["", "testLongId".repeat(10), "invalid:id"]) {
      expect(await failure(h.client.send(new DeleteMessageBatchCommand({ QueueUrl: q, Entries: [{ Id, ReceiptHandle: m?.ReceiptHandle ?? "" }] })))).toEqual(expected);
    }
  });

  it("refuses MaxNumberOfMessages 11", async () => {
    // test_send_receive_max_number_of_messages
    const q = await queue(false);
    expect(await failure(receive(q, { MaxNumberOfMessages: 11 }))).toEqual({
      name: "InvalidParameterValue", message: "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.", status: 400,
    });
  });
});

describe("queue attributes", () => {
  it("answers All with the defaults and the values set", async () => {
    // test_create_and_update_queue_attributes
    const q = await queue(false, { MessageRetentionPeriod: "604800", ReceiveMessageWaitTimeSeconds: "10", VisibilityTimeout: "20" });
    const all = async () => (await h.client.send(new GetQueueAttributesCommand({ QueueUrl: q, AttributeNames: ["All"] }))).Attributes ?? {};
    const base = {
      ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesDelayed: "0", ApproximateNumberOfMessagesNotVisible: "0",
      CreatedTimestamp: expect.stringMatching(/^\d+$/), LastModifiedTimestamp: expect.stringMatching(/^\d+$/),
      MessageRetentionPeriod: "604800", QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${q.split("/").pop() ?? ""}`,
      ReceiveMessageWaitTimeSeconds: "10", SqsManagedSseEnabled: "true",
    };
    expect(await all()).toEqual({ ...base, DelaySeconds: "0", MaximumMessageSize: "1048576", VisibilityTimeout: "20" });
    await h.client.send(new SetQueueAttributesCommand({ QueueUrl: q, Attributes: { MaximumMessageSize: "2048", VisibilityTimeout: "69", DelaySeconds: "420" } }));
    expect(await all()).toEqual({ ...base, DelaySeconds: "420", MaximumMessageSize: "2048", VisibilityTimeout: "69" });
  });

  it("answers a FIFO queue's attributes, and ContentBasedDeduplication switched off", async () => {
    // test_fifo_set_content_based_deduplication_strategy
    const q = await queue(true, { ContentBasedDeduplication: "true" });
    const all = async () => (await h.client.send(new GetQueueAttributesCommand({ QueueUrl: q, AttributeNames: ["All"] }))).Attributes ?? {};
    const base = {
      ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesDelayed: "0", ApproximateNumberOfMessagesNotVisible: "0",
      CreatedTimestamp: expect.stringMatching(/^\d+$/), LastModifiedTimestamp: expect.stringMatching(/^\d+$/),
      DeduplicationScope: "queue", DelaySeconds: "0", FifoQueue: "true", FifoThroughputLimit: "perQueue", MaximumMessageSize: "1048576",
      MessageRetentionPeriod: "345600", QueueArn: `arn:aws:sqs:us-east-1:${ACCOUNT}:${q.split("/").pop() ?? ""}`,
      ReceiveMessageWaitTimeSeconds: "0", SqsManagedSseEnabled: "true", VisibilityTimeout: "30",
    };
    expect(await all()).toEqual({ ...base, ContentBasedDeduplication: "true" });
    await h.client.send(new SetQueueAttributesCommand({ QueueUrl: q, Attributes: { ContentBasedDeduplication: "false" } }));
    expect(await all()).toEqual({ ...base, ContentBasedDeduplication: "false" });
  });

  it("returns the queue for a CreateQueue that restates or omits attributes, and refuses one that differs", async () => {
    // test_create_queue_with_different_attributes_raises_exception
    const QueueName = `recorded4-differ-${++count}`;
    const url = (await h.client.send(new CreateQueueCommand({ QueueName, Attributes: { ReceiveMessageWaitTimeSeconds: "1", DelaySeconds: "1" } }))).QueueUrl;
    expect((await h.client.send(new CreateQueueCommand({ QueueName }))).QueueUrl).toBe(url);
    expect((await h.client.send(new CreateQueueCommand({ QueueName, Attributes: { DelaySeconds: "1" } }))).QueueUrl).toBe(url);
    // AWS answers the QueueNameExists shape, with Query code QueueAlreadyExists (the code botocore reports).
    const expected = { name: "QueueNameExists", message: "A queue already exists with the same name and a different value for attribute DelaySeconds", status: 400 };
    expect(await failure(h.client.send(new CreateQueueCommand({ QueueName, Attributes: { ReceiveMessageWaitTimeSeconds: "1", DelaySeconds: "2" } })))).toEqual(expected);
    await h.client.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { DelaySeconds: "2" } }));
    expect((await h.client.send(new CreateQueueCommand({ QueueName, Attributes: { ReceiveMessageWaitTimeSeconds: "1", DelaySeconds: "2" } }))).QueueUrl).toBe(url);
    expect(await failure(h.client.send(new CreateQueueCommand({ QueueName, Attributes: { ReceiveMessageWaitTimeSeconds: "1", DelaySeconds: "1" } })))).toEqual(expected);
  });

  it("refuses a FIFO CreateQueue with another ContentBasedDeduplication", async () => {
    // test_create_fifo_queue_with_different_attributes_raises_error; test_create_fifo_queue_with_same_attributes_is_idempotent
    const QueueName = `recorded4-fifo-differ-${++count}.fifo`;
    const url = (await h.client.send(new CreateQueueCommand({ QueueName, Attributes: { FifoQueue: "true", ContentBasedDeduplication: "true" } }))).QueueUrl;
    expect((await h.client.send(new CreateQueueCommand({ QueueName, Attributes: { FifoQueue: "true" } }))).QueueUrl).toBe(url);
    expect(await failure(h.client.send(new CreateQueueCommand({ QueueName, Attributes: { FifoQueue: "true", ContentBasedDeduplication: "false" } })))).toEqual({
      name: "QueueNameExists", message: "A queue already exists with the same name and a different value for attribute ContentBasedDeduplication", status: 400,
    });
    const res = await query(h.url, { Action: "CreateQueue", QueueName, "Attribute.1.Name": "FifoQueue", "Attribute.1.Value": "true", "Attribute.2.Name": "ContentBasedDeduplication", "Attribute.2.Value": "false" });
    expect(res.status).toBe(400);
    expect(res.body).toContain("<Code>QueueAlreadyExists</Code>");
  });
});

describe("tags", () => {
  it("tags, lists and untags, answering no Tags once none is left", async () => {
    // test_tag_untag_queue, test_untag_queue_ignores_non_existing_tag, test_tag_queue_overwrites_existing_tag, test_tags_case_sensitive
    const q = await queue(false);
    const tags = async () => (await h.client.send(new ListQueueTagsCommand({ QueueUrl: q }))).Tags;
    await h.client.send(new TagQueueCommand({ QueueUrl: q, Tags: { tag1: "value1", tag2: "value2", tag3: "" } }));
    expect(await tags()).toEqual({ tag1: "value1", tag2: "value2", tag3: "" });
    await h.client.send(new UntagQueueCommand({ QueueUrl: q, TagKeys: ["tag1", "tag3", "tag4"] }));
    expect(await tags()).toEqual({ tag2: "value2" });
    await h.client.send(new TagQueueCommand({ QueueUrl: q, Tags: { tag2: "VALUE2", Tag2: "other" } }));
    expect(await tags()).toEqual({ tag2: "VALUE2", Tag2: "other" });
    await h.client.send(new UntagQueueCommand({ QueueUrl: q, TagKeys: ["tag2", "Tag2"] }));
    expect(await tags()).toBeUndefined();
  });
});

describe("FIFO queues", () => {
  it("refuses a per-message DelaySeconds", async () => {
    // test_fifo_queue_send_message_with_delay_seconds_fails
    const q = await queue(true);
    expect(await failure(h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "message-1", MessageGroupId: "g", MessageDeduplicationId: "d", DelaySeconds: 2 })))).toEqual({
      name: "InvalidParameterValue", message: "Value 2 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.", status: 400,
    });
  });

  it("requires a deduplication id, then a group id, in that order", async () => {
    // test_posting_to_fifo_requires_deduplicationid_group_id
    const q = await queue(true);
    expect(await failure(h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "hello", MessageGroupId: "g" })))).toEqual({
      name: "InvalidParameterValue", message: "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly", status: 400,
    });
    expect(await failure(h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "hello", MessageDeduplicationId: "d" })))).toEqual({
      name: "MissingParameter", message: "The request must contain the parameter MessageGroupId.", status: 400,
    });
  });

  it("answers the FIFO system attributes, and the same sequence number again at a second receive", async () => {
    // test_fifo_message_attributes
    const q = await queue(true, { VisibilityTimeout: "0" });
    const sent = await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "message-body-1", MessageGroupId: "group-1", MessageDeduplicationId: "dedup-1" }));
    expect(sent.MD5OfMessageBody).toBe("19c9e282d65f9733bc6b35d50062c7ee");
    expect(sent.SequenceNumber).toMatch(/^\d+$/);
    for (const count of ["1", "2"]) {
      const [m] = await receive(q, { MessageSystemAttributeNames: ["All"] });
      expect(m?.Attributes).toEqual({
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d+$/), ApproximateReceiveCount: count, MessageDeduplicationId: "dedup-1",
        MessageGroupId: "group-1", SenderId: expect.any(String), SentTimestamp: expect.stringMatching(/^\d+$/), SequenceNumber: sent.SequenceNumber,
      });
    }
  });

  it.each([true, false])("drops a duplicate sent after the first was deleted, and across groups (content-based %s)", async (contentBased) => {
    // test_fifo_deduplication_arrives_once_after_delete[True/False]; test_fifo_deduplication_not_on_message_group_id[True/False]
    const q = await queue(true, contentBased ? { ContentBasedDeduplication: "true" } : {});
    const body = '{"foo": "bar"}';
    const dedup = contentBased ? {} : { MessageDeduplicationId: "foobar" };
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: body, MessageGroupId: "1", ...dedup }));
    const [m] = await receive(q);
    expect(m?.MD5OfBody).toBe("94232c5b8fc9272f6f73a1e36eb68fcf");
    await h.client.send(new DeleteMessageCommand({ QueueUrl: q, ReceiptHandle: m?.ReceiptHandle ?? "" }));
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: body, MessageGroupId: "1", ...dedup }));
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: body, MessageGroupId: "2", ...dedup }));
    expect(await receive(q)).toEqual([]);
  });
});

describe("received attributes", () => {
  it("answers system attributes by All or by name", async () => {
    // test_receive_message_attribute_names_filters
    const q = await queue(false, { VisibilityTimeout: "0" });
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "msg", MessageAttributes: { Foo: { DataType: "String", StringValue: "Bar" } } }));
    const keys = async (input: Omit<ReceiveMessageCommandInput, "QueueUrl">) => {
      const [m] = await receive(q, input);
      return [Object.keys(m?.Attributes ?? {}).sort(), m?.MessageAttributes, m?.MD5OfMessageAttributes];
    };
    const all = ["ApproximateFirstReceiveTimestamp", "ApproximateReceiveCount", "SenderId", "SentTimestamp"];
    expect(await keys({ MessageSystemAttributeNames: ["All"] })).toEqual([all, undefined, undefined]);
    expect(await keys({ MessageSystemAttributeNames: ["All"], MessageAttributeNames: ["All"] }))
      .toEqual([all, { Foo: { DataType: "String", StringValue: "Bar" } }, "ae7155c6026991b6d54b11589678bf9c"]);
    expect(await keys({ MessageSystemAttributeNames: ["SenderId"] })).toEqual([["SenderId"], undefined, undefined]);
    // The deprecated AttributeNames member still selects system attributes; its model type lists queue attributes only.
    const legacy = { AttributeNames: ["SenderId"] } as unknown as Omit<ReceiveMessageCommandInput, "QueueUrl">;
    expect(await keys(legacy)).toEqual([["SenderId"], undefined, undefined]);
  });

  it("answers no MessageAttributes for a message without any, even for All", async () => {
    // localstack test_redrive_policy_sqs_queue_subscription[False] / test_publish_batch_messages_from_sns_to_sqs (recorded on AWS)
    const q = await queue(false, { VisibilityTimeout: "0" });
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "Test Message without attribute" }));
    for (const MessageAttributeNames of [["All"], ["attr1"], [".*"]]) {
      const [m] = await receive(q, { MessageAttributeNames });
      expect(m && "MessageAttributes" in m).toBe(false);
      expect(m?.MD5OfMessageAttributes).toBeUndefined();
    }
  });

  it("returns a Binary attribute's bytes as sent", async () => {
    // test_send_message_with_binary_attributes
    const q = await queue(false);
    const BinaryValue = Buffer.from("traceparent\u001e00-774062d6c37081a5a0b9b5b88e30627c-2d2482211f6489da-01");
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "test", MessageAttributes: { attr1: { DataType: "Binary", BinaryValue } } }));
    const [m] = await receive(q, { MessageAttributeNames: ["All"] });
    expect(m?.MD5OfMessageAttributes).toBe("8cbe4db156db8a94db8b801b7addb984");
    expect(Buffer.from(m?.MessageAttributes?.attr1?.BinaryValue ?? new Uint8Array()).equals(BinaryValue)).toBe(true);
  });
});

describe("PurgeQueue and missing queues", () => {
  it("refuses a second purge within 60 seconds with 403", async () => {
    // test_successive_purge_calls_fail
    const q = await queue(false);
    const name = q.split("/").pop() ?? "";
    await h.client.send(new PurgeQueueCommand({ QueueUrl: q }));
    expect(await failure(h.client.send(new PurgeQueueCommand({ QueueUrl: q })))).toEqual({
      name: "PurgeQueueInProgress", message: `Only one PurgeQueue operation on ${name} is allowed every 60 seconds.`, status: 403,
    });
    const res = await query(h.url, { Action: "PurgeQueue", QueueUrl: q });
    expect(res.status).toBe(403);
    expect(res.body).toContain(`<Code>AWS.SimpleQueueService.PurgeQueueInProgress</Code><Message>Only one PurgeQueue operation on ${name} is allowed every 60 seconds.</Message>`);
  });

  it("answers QueueDoesNotExist for a missing name or URL, and the Query API's wsdl wording", async () => {
    // test_non_existent_queue
    const QueueUrl = `${h.url}/${ACCOUNT}/recorded4-missing`;
    const expected = { name: "QueueDoesNotExist", message: "The specified queue does not exist.", status: 400 };
    expect(await failure(h.client.send(new GetQueueUrlCommand({ QueueName: "recorded4-missing" })))).toEqual(expected);
    expect(await failure(h.client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["All"] })))).toEqual(expected);
    const res = await query(h.url, { Action: "GetQueueAttributes", QueueUrl, "AttributeName.1": "All" });
    expect(res.status).toBe(400);
    expect(res.body).toContain("<Code>AWS.SimpleQueueService.NonExistentQueue</Code><Message>The specified queue does not exist for this wsdl version.</Message>");
  });
});

describe("FIFO message groups (aws.validated in test_sqs.py)", () => {
  const send = (QueueUrl: string, pairs: Array<[string, string]>) =>
    pairs.reduce((p, [MessageBody, MessageGroupId]) => p.then(() => h.client.send(new SendMessageCommand({ QueueUrl, MessageBody, MessageGroupId })).then(() => undefined)), Promise.resolve());
  const bodies = async (QueueUrl: string, input: Omit<ReceiveMessageCommandInput, "QueueUrl"> = {}) => (await receive(QueueUrl, input)).map((m) => m.Body);

  it("test_fifo_receive_message_visibility_timeout_shared_in_group", async () => {
    const q = await queue(true, { VisibilityTimeout: "1", ContentBasedDeduplication: "true" });
    await send(q, [["g1-m1", "group-1"], ["g1-m2", "group-1"], ["g1-m3", "group-1"], ["g1-m4", "group-1"], ["g2-m1", "group-2"], ["g3-m1", "group-3"]]);
    expect(await bodies(q, { MaxNumberOfMessages: 2 })).toEqual(["g1-m1", "g1-m2"]);
    expect(await bodies(q, { MaxNumberOfMessages: 1 })).toEqual(["g2-m1"]);
    await h.clock.advance(2000);
    expect(await bodies(q, { MaxNumberOfMessages: 10, VisibilityTimeout: 0 })).toEqual(["g3-m1", "g1-m1", "g1-m2", "g1-m3", "g1-m4", "g2-m1"]);
  });

  it("test_fifo_message_group_visibility_after_change_message_visibility", async () => {
    const q = await queue(true, { VisibilityTimeout: "30", ContentBasedDeduplication: "true" });
    await send(q, [["g1-m1", "group-1"], ["g1-m2", "group-1"], ["g2-m1", "group-2"]]);
    const got = await receive(q, { MaxNumberOfMessages: 2 });
    expect(got.map((m) => m.Body)).toEqual(["g1-m1", "g1-m2"]);
    await h.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: q, ReceiptHandle: got[0]?.ReceiptHandle ?? "", VisibilityTimeout: 1 }));
    await h.clock.advance(2000);
    expect(await bodies(q, { MaxNumberOfMessages: 3 })).toEqual(["g2-m1", "g1-m1"]);
  });

  it("test_fifo_message_group_visibility_after_delete: AWS's order once the group's in-flight messages are deleted", async () => {
    const q = await queue(true, { ContentBasedDeduplication: "true" });
    await send(q, [["g1-m1", "group-1"], ["g2-m1", "group-2"], ["g1-m2", "group-1"], ["g2-m2", "group-2"], ["g1-m2", "group-1"], ["g1-m3", "group-1"], ["g1-m4", "group-1"], ["g3-m1", "group-3"]]);
    const got = await receive(q, { MaxNumberOfMessages: 2 });
    expect(got.map((m) => m.Body)).toEqual(["g1-m1", "g1-m2"]);
    for (const m of got) await h.client.send(new DeleteMessageCommand({ QueueUrl: q, ReceiptHandle: m.ReceiptHandle ?? "" }));
    expect(await bodies(q, { MaxNumberOfMessages: 10 })).toEqual(["g2-m1", "g2-m2", "g1-m3", "g1-m4", "g3-m1"]);
  });

  it("test_fifo_queue_send_message_with_delay_on_queue_works / test_fifo_approx_number_of_messages", async () => {
    const delayed = await queue(true, { ContentBasedDeduplication: "true", DelaySeconds: "2" });
    await send(delayed, [["message-1", "1"], ["message-2", "1"], ["message-3", "1"]]);
    expect(await bodies(delayed)).toEqual([]);
    await h.clock.advance(3000);
    expect(await bodies(delayed, { MaxNumberOfMessages: 3 })).toEqual(["message-1", "message-2", "message-3"]);

    const q = await queue(true, { ContentBasedDeduplication: "true" });
    const size = async () => (await h.client.send(new GetQueueAttributesCommand({ QueueUrl: q, AttributeNames: ["ApproximateNumberOfMessages"] }))).Attributes?.ApproximateNumberOfMessages;
    expect(await size()).toBe("0");
    await send(q, [["g1-m1", "1"], ["g1-m2", "1"], ["g1-m3", "1"], ["g2-m1", "2"], ["g3-m1", "3"]]);
    expect(await size()).toBe("5");
    const got = await receive(q, { MaxNumberOfMessages: 4 });
    expect(await size()).toBe("1");
    for (const m of got) await h.client.send(new DeleteMessageCommand({ QueueUrl: q, ReceiptHandle: m.ReceiptHandle ?? "" }));
    expect(await size()).toBe("1");
  });
});

describe("batches and tags (aws.validated in test_sqs.py)", () => {
  it("test_batch_send_with_invalid_char_should_succeed: only the entry with an invalid character fails", async () => {
    const q = await queue(false);
    const Entries = [...Array.from({ length: 9 }, (_, i) => ({ Id: `${i}`, MessageBody: `${i}` })), { Id: "9", MessageBody: "\u0001" }];
    const sent = await h.client.send(new SendMessageBatchCommand({ QueueUrl: q, Entries }));
    expect(sent.Failed?.map((f) => [f.Id, f.Code, f.SenderFault])).toEqual([["9", "InvalidMessageContents", true]]);
    expect(sent.Successful).toHaveLength(9);
  });

  it("test_queue_list_nonexistent_tags / test_list_queue_tags", async () => {
    const q = await queue(false);
    expect((await h.client.send(new ListQueueTagsCommand({ QueueUrl: q }))).Tags).toBeUndefined();
    await h.client.send(new TagQueueCommand({ QueueUrl: q, Tags: { testTag1: "test1", testTag2: "test2" } }));
    expect((await h.client.send(new ListQueueTagsCommand({ QueueUrl: q }))).Tags).toEqual({ testTag1: "test1", testTag2: "test2" });
  });
});

describe("dead-letter queues, system attributes and purges (aws.validated in test_sqs.py)", () => {
  const arnOf = (url: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${url.split("/").pop() ?? ""}`;

  it("test_send_message_with_invalid_payload_characters", async () => {
    const q = await queue(false);
    expect((await failure(h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: `Invalid-${String.fromCharCode(0)}-${String.fromCharCode(8)}-${String.fromCharCode(19)}-${String.fromCharCode(65535)}` })))).name)
      .toBe("InvalidMessageContents");
  });

  it("test_dead_letter_queue_list_sources", async () => {
    const dlq = await queue(false);
    const RedrivePolicy = JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 50 });
    const [a, b] = [await queue(false, { RedrivePolicy }), await queue(false, { RedrivePolicy })];
    expect((await h.client.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }))).queueUrls?.sort()).toEqual([a, b].sort());
  });

  it("test_dead_letter_queue_with_fifo_and_content_based_deduplication / test_dead_letter_queue_max_receive_count", async () => {
    const dlq = await queue(true, { ContentBasedDeduplication: "true", MessageRetentionPeriod: "1209600" });
    const q = await queue(true, { ContentBasedDeduplication: "true", VisibilityTimeout: "60", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 2 }) });
    const { MessageId } = await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "foobar", MessageGroupId: "1" }));
    expect(await receive(q, { VisibilityTimeout: 0 })).toHaveLength(1);
    expect(await receive(q, { VisibilityTimeout: 0 })).toHaveLength(1);
    expect(await receive(q, { VisibilityTimeout: 0 })).toEqual([]);
    const [moved] = await receive(dlq);
    expect([moved?.MessageId, moved?.Body]).toEqual([MessageId, "foobar"]);

    const dl = await queue(false, { VisibilityTimeout: "0" });
    const src = await queue(false, { VisibilityTimeout: "0", RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dl), maxReceiveCount: 1 }) });
    const sent = await h.client.send(new SendMessageCommand({ QueueUrl: src, MessageBody: "test" }));
    const first = await receive(src);
    const second = await receive(src);
    expect(first.length + second.length).toBe(1);
    expect((await receive(dl))[0]?.MessageId).toBe(sent.MessageId);
  });

  it("test_system_attributes_have_no_effect_on_attr_md5 / test_sequence_number / test_fifo_sequence_number_increases", async () => {
    const q = await queue(false);
    const MessageAttributes = { timestamp: { StringValue: "1493147359900", DataType: "Number" } };
    const plain = await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "test", MessageAttributes }));
    const traced = await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "test", MessageAttributes, MessageSystemAttributes: {
      AWSTraceHeader: { StringValue: "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", DataType: "String" },
    } }));
    expect(traced.MD5OfMessageAttributes).toBe(plain.MD5OfMessageAttributes);
    expect(plain.MD5OfMessageSystemAttributes).toBeUndefined();
    expect(traced.MD5OfMessageSystemAttributes).toBe("5ae4d5d7636402d80f4eb6d213245a88");
    expect(plain.SequenceNumber).toBeUndefined();
    const fifo = await queue(true);
    const numbers: bigint[] = [];
    for (const i of [1, 2, 3]) {
      numbers.push(BigInt((await h.client.send(new SendMessageCommand({ QueueUrl: fifo, MessageBody: `message-${i}`, MessageGroupId: "group", MessageDeduplicationId: `m${i}` }))).SequenceNumber ?? "0"));
    }
    expect(numbers[0] < numbers[1] && numbers[1] < numbers[2]).toBe(true);
  });

  it("test_purge_queue_deletes_inflight_messages / _delayed_messages", async () => {
    const q = await queue(false);
    for (let i = 0; i < 10; i++) await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: `message-${i}` }));
    expect(await receive(q, { VisibilityTimeout: 3, MaxNumberOfMessages: 5 })).toHaveLength(5);
    await h.client.send(new PurgeQueueCommand({ QueueUrl: q }));
    await h.clock.advance(3000);
    expect(await receive(q)).toEqual([]);
    const delayed = await queue(false);
    for (let i = 0; i < 5; i++) await h.client.send(new SendMessageCommand({ QueueUrl: delayed, MessageBody: `message-${i}`, DelaySeconds: 2 }));
    await h.client.send(new PurgeQueueCommand({ QueueUrl: delayed }));
    await h.clock.advance(2000);
    expect(await receive(delayed)).toEqual([]);
  });
});
