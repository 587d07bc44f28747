/**
 * Behaviours AWS showed in LocalStack's SQS suite (tests/aws/services/sqs/test_sqs.py, cases
 * marked aws.validated, and test_sqs.snapshot.json recorded on AWS in November 2023), each
 * case naming the test it comes from.
 */
import {
  AddPermissionCommand, CancelMessageMoveTaskCommand, ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageCommand, DeleteQueueCommand, GetQueueAttributesCommand,
  ListMessageMoveTasksCommand, PurgeQueueCommand, ReceiveMessageCommand, RemovePermissionCommand, SendMessageBatchCommand, SendMessageCommand, SetQueueAttributesCommand,
  StartMessageMoveTaskCommand, type ReceiveMessageCommandInput,
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
  const QueueName = `recorded-${++count}${fifo ? ".fifo" : ""}`;
  const created = await h.client.send(new CreateQueueCommand({ QueueName, Attributes: fifo ? { FifoQueue: "true", ...Attributes } : Attributes }));
  return created.QueueUrl ?? "";
}
const send = (QueueUrl: string, MessageBody: string, MessageGroupId?: string) => h.client.send(new SendMessageCommand({ QueueUrl, MessageBody, MessageGroupId }));
const receive = async (QueueUrl: string, input: Omit<ReceiveMessageCommandInput, "QueueUrl"> = {}) =>
  (await h.client.send(new ReceiveMessageCommand({ QueueUrl, ...input }))).Messages ?? [];
/** Polls (no timers) until `condition` holds: a move task's first step runs just after StartMessageMoveTask answers. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("gave up waiting");
}
const bodies = async (QueueUrl: string, input: Omit<ReceiveMessageCommandInput, "QueueUrl"> = {}) => (await receive(QueueUrl, input)).map((m) => m.Body);
async function sendAll(QueueUrl: string, messages: Array<[string, string]>): Promise<void> {
  for (const [body, group] of messages) await send(QueueUrl, body, group);
}

describe("FIFO delivery order", () => {
  it("delivers a receive's messages group by group", async () => {
    // test_fifo_receive_message_group_id_ordering
    const q = await queue(true, { ContentBasedDeduplication: "true" });
    await sendAll(q, [["g1-m1", "group-1"], ["g2-m1", "group-2"], ["g1-m2", "group-1"], ["g1-m3", "group-1"]]);
    expect(await bodies(q, { MaxNumberOfMessages: 10 })).toEqual(["g1-m1", "g1-m2", "g1-m3", "g2-m1"]);
  });

  it("serves groups not received yet before groups received before", async () => {
    // test_fifo_receive_message_with_zero_visibility_timeout
    const q = await queue(true, { ContentBasedDeduplication: "true" });
    await sendAll(q, [["g1-m1", "group-1"], ["g2-m1", "group-2"], ["g2-m2", "group-2"], ["g3-m1", "group-3"], ["g1-m2", "group-1"]]);
    expect(await bodies(q, { MaxNumberOfMessages: 3, VisibilityTimeout: 0 })).toEqual(["g1-m1", "g1-m2", "g2-m1"]);
    expect(await bodies(q, { MaxNumberOfMessages: 10, VisibilityTimeout: 0 })).toEqual(["g3-m1", "g1-m1", "g1-m2", "g2-m1", "g2-m2"]);
  });

  it("opens a group again as soon as its oldest message is visible, while a later one is in flight", async () => {
    // test_fifo_message_group_visibility_after_terminate_visibility_timeout
    const q = await queue(true, { VisibilityTimeout: "30", ContentBasedDeduplication: "true" });
    await sendAll(q, [["g1-m1", "group-1"], ["g1-m2", "group-1"], ["g2-m1", "group-2"]]);
    const got = await receive(q, { MaxNumberOfMessages: 2 });
    expect(got.map((m) => m.Body)).toEqual(["g1-m1", "g1-m2"]);
    await h.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: q, ReceiptHandle: got[0]?.ReceiptHandle, VisibilityTimeout: 0 }));
    expect(await bodies(q, { MaxNumberOfMessages: 3 })).toEqual(["g2-m1", "g1-m1"]);
  });

  it("keeps a group closed while its oldest message is in flight", async () => {
    // test_fifo_message_group_visibility_after_partial_delete
    const q = await queue(true, { ContentBasedDeduplication: "true" });
    await sendAll(q, [["g1-m1", "group-1"], ["g2-m1", "group-2"], ["g1-m2", "group-1"], ["g2-m2", "group-2"], ["g1-m3", "group-1"], ["g3-m1", "group-3"]]);
    const got = await receive(q, { MaxNumberOfMessages: 2 });
    await h.client.send(new DeleteMessageCommand({ QueueUrl: q, ReceiptHandle: got[0]?.ReceiptHandle }));
    expect(await bodies(q, { MaxNumberOfMessages: 10 })).toEqual(["g2-m1", "g2-m2", "g3-m1"]);
  });
});

describe("FIFO rules", () => {
  it("refuses DeleteMessage with a handle whose visibility timeout has passed", async () => {
    // test_fifo_delete_message_with_expired_receipt_handle (snapshot "error")
    const q = await queue(true, { VisibilityTimeout: "1", ContentBasedDeduplication: "true" });
    await send(q, "g1-m1", "1");
    const handle = (await receive(q))[0]?.ReceiptHandle ?? "";
    await h.clock.advance(2000);
    await expect(h.client.send(new DeleteMessageCommand({ QueueUrl: q, ReceiptHandle: handle }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: `Value ${handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired.`,
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("fails a whole batch that lacks a group or a deduplication id", async () => {
    // test_send_batch_missing_message_group_id_for_fifo_queue / test_send_batch_missing_deduplication_id_for_fifo_queue
    const q = await queue(true, { ContentBasedDeduplication: "false" });
    const first = { Id: "m1", MessageBody: "body", MessageGroupId: "g", MessageDeduplicationId: "d1" };
    await expect(h.client.send(new SendMessageBatchCommand({ QueueUrl: q, Entries: [first, { Id: "m2", MessageBody: "body", MessageDeduplicationId: "d2" }] })))
      .rejects.toMatchObject({ name: "InvalidParameterValue", message: "The request must contain the parameter MessageGroupId." });
    await expect(h.client.send(new SendMessageBatchCommand({ QueueUrl: q, Entries: [first, { Id: "m2", MessageBody: "body", MessageGroupId: "g" }] })))
      .rejects.toMatchObject({ name: "InvalidParameterValue", message: "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly" });
    expect(await receive(q)).toEqual([]);
  });

  it("takes DelaySeconds=0 on a FIFO queue", async () => {
    // test_send_message_with_delay_0_works_for_fifo
    const q = await queue(true);
    const sent = await h.client.send(new SendMessageCommand({ QueueUrl: q, DelaySeconds: 0, MessageBody: "Hello World!", MessageGroupId: "test", MessageDeduplicationId: "42" }));
    expect((await receive(q, { VisibilityTimeout: 0 }))[0]?.MD5OfBody).toBe(sent.MD5OfMessageBody);
  });

  it("forgets deduplication ids at a purge", async () => {
    // test_purge_queue_clears_fifo_deduplication_cache
    const q = await queue(true);
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "message-1", MessageGroupId: "g", MessageDeduplicationId: "d" }));
    await h.client.send(new PurgeQueueCommand({ QueueUrl: q }));
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "message-2", MessageGroupId: "g", MessageDeduplicationId: "d" }));
    expect(await bodies(q)).toEqual(["message-2"]);
  });

  it("lets a FIFO queue restate FifoQueue=true and refuses changing it; a standard queue does not know it", async () => {
    // test_set_unsupported_attribute_fifo (snapshot invalid-attr-name-1 / -2)
    const standard = await queue(false);
    await expect(h.client.send(new SetQueueAttributesCommand({ QueueUrl: standard, Attributes: { FifoQueue: "true" } })))
      .rejects.toMatchObject({ name: "InvalidAttributeName", message: "Unknown Attribute FifoQueue." });
    const fifo = await queue(true);
    await h.client.send(new SetQueueAttributesCommand({ QueueUrl: fifo, Attributes: { FifoQueue: "true" } }));
    await expect(h.client.send(new SetQueueAttributesCommand({ QueueUrl: fifo, Attributes: { FifoQueue: "false" } }))).rejects.toMatchObject({
      name: "InvalidAttributeValue",
      Code: "InvalidAttributeValue",
      message: "Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.",
    });
  });
});

describe("ChangeMessageVisibility", () => {
  it("accepts an older receipt handle and one whose timeout has passed", async () => {
    // test_terminate_visibility_timeout_after_receive; test_change_message_visibility_after_visibility_timeout_expiration (snapshot: 200)
    const q = await queue(false);
    await send(q, "test");
    const first = (await receive(q, { VisibilityTimeout: 0 }))[0]?.ReceiptHandle;
    expect(await bodies(q, { VisibilityTimeout: 3 })).toEqual(["test"]);
    await h.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: q, ReceiptHandle: first, VisibilityTimeout: 0 }));
    const again = (await receive(q, { VisibilityTimeout: 1 }))[0]?.ReceiptHandle;
    await h.clock.advance(2000);
    await h.client.send(new ChangeMessageVisibilityCommand({ QueueUrl: q, ReceiptHandle: again, VisibilityTimeout: 60 }));
    expect(await receive(q)).toEqual([]);
  });
});

describe("CreateQueue after DeleteQueue", () => {
  it("refuses a deleted queue's name for 60 seconds", async () => {
    // test_create_queue_recently_deleted (snapshot recorded on AWS)
    const QueueName = "recorded-recreated";
    const { QueueUrl } = await h.client.send(new CreateQueueCommand({ QueueName }));
    await h.client.send(new DeleteQueueCommand({ QueueUrl }));
    const message = "You must wait 60 seconds after deleting a queue before you can create another with the same name.";
    await expect(h.client.send(new CreateQueueCommand({ QueueName }))).rejects.toMatchObject({ name: "QueueDeletedRecently", message, $metadata: { httpStatusCode: 400 } });
    const viaQuery = await query(h.url, { Action: "CreateQueue", QueueName });
    expect(viaQuery.status).toBe(400);
    expect(viaQuery.body).toContain(`<Code>AWS.SimpleQueueService.QueueDeletedRecently</Code><Message>${message}</Message>`);
    await h.clock.advance(59_999);
    await expect(h.client.send(new CreateQueueCommand({ QueueName }))).rejects.toMatchObject({ name: "QueueDeletedRecently" });
    await h.clock.advance(1);
    expect((await h.client.send(new CreateQueueCommand({ QueueName }))).QueueUrl).toBe(QueueUrl);
  });
});

describe("queue attributes", () => {
  it("refuses RedrivePolicy with a dead-letter target that is no queue ARN, quoting the policy as sent", async () => {
    // test_invalid_dead_letter_arn_rejected_before_lookup (snapshot error_response)
    const RedrivePolicy = '{"deadLetterTargetArn": "dummy", "maxReceiveCount": 42}';
    await expect(h.client.send(new CreateQueueCommand({ QueueName: "redrive-dummy", Attributes: { RedrivePolicy } }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: `Value ${RedrivePolicy} for parameter RedrivePolicy is invalid. Reason: Invalid value for deadLetterTargetArn.`,
    });
  });

  it("refuses KMS and SQS-managed encryption together", async () => {
    // test_sse_kms_and_sqs_are_mutually_exclusive
    const q = await queue(false);
    await expect(h.client.send(new SetQueueAttributesCommand({ QueueUrl: q, Attributes: { KmsMasterKeyId: "testKeyId", SqsManagedSseEnabled: "true" } }))).rejects.toMatchObject({
      name: "InvalidAttributeName",
      message: "You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
    });
    // test_sse_queue_attributes: KMS settings come back as set.
    await h.client.send(new SetQueueAttributesCommand({ QueueUrl: q, Attributes: { KmsMasterKeyId: "testKeyId", KmsDataKeyReusePeriodSeconds: "6000", SqsManagedSseEnabled: "false" } }));
    const got = await h.client.send(new GetQueueAttributesCommand({ QueueUrl: q, AttributeNames: ["KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled"] }));
    expect(got.Attributes).toEqual({ KmsMasterKeyId: "testKeyId", KmsDataKeyReusePeriodSeconds: "6000", SqsManagedSseEnabled: "false" });
  });
});

describe("message attributes", () => {
  it("words an empty string attribute as AWS does", async () => {
    // test_send_message_with_empty_string_attribute
    const q = await queue(false);
    await expect(h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "test", MessageAttributes: { ErrorDetails: { StringValue: "", DataType: "String" } } })))
      .rejects.toMatchObject({ name: "InvalidParameterValue", message: "Message (user) attribute 'ErrorDetails' must contain a non-empty value of type 'String'." });
  });

  it("takes names in any script and refuses reserved names, bad characters and bad values", async () => {
    // test_send_message_with_invalid_string_attributes; test_invalid_string_attributes_cause_invalid_parameter_value_error
    const q = await queue(false);
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "test", MessageAttributes: { "attr.1øßä": { StringValue: "Valida", DataType: "String" } } }));
    const invalid: Array<Record<string, { StringValue: string; DataType: string }>> = [
      { attr1: { StringValue: "Invalid-\u0008,\u000b", DataType: "String" } },
      { "aWs.-Invalid-attr": { StringValue: "Valid", DataType: "String" } },
      { "AMAZON.-Invalid-attr": { StringValue: "Valid", DataType: "String" } },
      { "Invalid.": { StringValue: "Valid", DataType: "String" } },
      { "Invalid-!-attr": { StringValue: "Valid", DataType: "String" } },
      { ["L".repeat(257)]: { StringValue: "Valid", DataType: "String" } },
      { Attribute_name: { StringValue: "Valid", DataType: `Number.${"L".repeat(256)}` } },
    ];
    for (const MessageAttributes of invalid) {
      await expect(h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "test", MessageAttributes }))).rejects.toMatchObject({ name: "InvalidParameterValue" });
    }
  });

  it("filters received attributes by All, *, .*, names and prefix.*, ignoring reserved names", async () => {
    // test_receive_message_message_attribute_names_filters (snapshot, JSON protocol)
    const q = await queue(false, { VisibilityTimeout: "0" });
    await h.client.send(new SendMessageCommand({ QueueUrl: q, MessageBody: "msg", MessageAttributes: {
      "Help.Me": { DataType: "String", StringValue: "Me" }, Hello: { DataType: "String", StringValue: "There" }, General: { DataType: "String", StringValue: "Kenobi" },
    } }));
    const get = async (MessageAttributeNames: string[]) => {
      const m = (await receive(q, { MessageAttributeNames }))[0];
      return [m?.MD5OfMessageAttributes, m?.MessageAttributes === undefined ? undefined : Object.keys(m.MessageAttributes).sort()];
    };
    expect(await get(["*"])).toEqual(["4c360f3fdafd970e05fae2f149d997f5", ["General", "Hello", "Help.Me"]]);
    expect(await get(["Hel.*"])).toEqual(["83fee93c1bcd8b9a5a923ffacdc636c7", ["Hello", "Help.Me"]]);
    expect(await get(["Foo", "Help"])).toEqual([undefined, []]);
    expect(await get(["AWS."])).toEqual([undefined, undefined]);
    expect(await get(["..foo"])).toEqual([undefined, undefined]);
  });
});

describe("Query/XML protocol", () => {
  const get = async (path: string, params: Record<string, string>) => {
    const res = await fetch(`${h.url}${path}?${new URLSearchParams(params).toString()}`, {
      headers: { authorization: "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=x" },
    });
    return { status: res.status, body: await res.text() };
  };

  it("names an unknown action", async () => {
    // TestSqsQueryApi test_invalid_action_raises_exception
    const res = await query(h.url, { Action: "FooBar" });
    expect(res.status).toBe(400);
    expect(res.body).toContain("<Type>Sender</Type><Code>InvalidAction</Code><Message>The action FooBar is not valid for this endpoint.</Message>");
  });

  it("answers a request without an action with 404 UnknownOperationException", async () => {
    // TestSqsQueryApi test_get_without_query_returns_unknown_operation
    const q = await queue(false);
    const res = await get(new URL(q).pathname, {});
    expect(res.status).toBe(404);
    expect(res.body).toContain("<UnknownOperationException");
  });

  it("refuses CreateQueue and ListQueues on a queue's URL, and takes GetQueueUrl there", async () => {
    // TestSqsQueryApi test_get_create_queue_fails / test_get_list_queues_fails / test_get_queue_url_work_for_different_queue
    const q = await queue(false);
    const other = await queue(false);
    const path = new URL(q).pathname;
    for (const Action of ["CreateQueue", "ListQueues"]) {
      const res = await get(path, { Action, QueueName: "another" });
      expect(res.status).toBe(400);
      expect(res.body).toContain(`<Code>InvalidAction</Code><Message>The action ${Action} is not valid for this endpoint.</Message>`);
    }
    const url = await get(path, { Action: "GetQueueUrl", QueueName: other.split("/").pop() ?? "" });
    expect(url.body).toContain(`<QueueUrl>${h.url}/${ACCOUNT}/${other.split("/").pop() ?? ""}</QueueUrl>`);
  });
});

describe("message move tasks (localstack test_sqs_move_task.py, snapshot recorded on AWS)", () => {
  const arnOf = (url: string) => `arn:aws:sqs:us-east-1:${ACCOUNT}:${url.split("/").pop() ?? ""}`;
  /** A queue whose dead-letter queue holds `count` messages, and an empty destination queue. */
  async function pipe(count: number): Promise<{ source: string; dlq: string; destination: string }> {
    const dlq = await queue(false);
    const source = await queue(false, { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: 1 }) });
    for (let i = 0; i < count; i++) await send(source, `message-${i}`);
    for (let i = 0; i < count * 2; i++) await receive(source, { VisibilityTimeout: 0 });
    return { source, dlq, destination: await queue(false) };
  }
  async function drain(QueueUrl: string): Promise<string[]> {
    const got: string[] = [];
    for (let messages = await receive(QueueUrl, { MaxNumberOfMessages: 10 }); messages.length > 0; messages = await receive(QueueUrl, { MaxNumberOfMessages: 10 })) {
      for (const m of messages) {
        got.push(m.Body ?? "");
        await h.client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
      }
    }
    return got.sort();
  }
  const list = async (dlq: string) => (await h.client.send(new ListMessageMoveTasksCommand({ SourceArn: arnOf(dlq) }))).Results ?? [];

  it("moves a dead-letter queue's messages and reports the task COMPLETED", async () => {
    // test_basic_move_task_workflow
    const { dlq, destination } = await pipe(2);
    const { TaskHandle } = await h.client.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), DestinationArn: arnOf(destination) }));
    expect(JSON.parse(Buffer.from(TaskHandle ?? "", "base64").toString("utf8"))).toEqual({ taskId: expect.stringMatching(/^[0-9a-f-]{36}$/), sourceArn: arnOf(dlq) });
    await until(async () => (await list(dlq))[0]?.Status === "COMPLETED");
    expect(await drain(destination)).toEqual(["message-0", "message-1"]);
    expect(await list(dlq)).toEqual([{
      Status: "COMPLETED", SourceArn: arnOf(dlq), DestinationArn: arnOf(destination),
      ApproximateNumberOfMessagesMoved: 2, ApproximateNumberOfMessagesToMove: 2, StartedTimestamp: h.clock.now(),
    }]);
  });

  it("keeps to MaxNumberOfMessagesPerSecond on the clock, and cancels", async () => {
    // test_move_task_with_throughput_limit, test_move_task_cancel
    const { dlq, destination } = await pipe(10);
    const { TaskHandle } = await h.client.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), DestinationArn: arnOf(destination), MaxNumberOfMessagesPerSecond: 1 }));
    await until(async () => (await list(dlq))[0]?.ApproximateNumberOfMessagesMoved === 1);
    await h.clock.advance(1000);
    expect((await drain(destination)).length).toBe(2);
    expect((await list(dlq))[0]).toMatchObject({ Status: "RUNNING", TaskHandle, MaxNumberOfMessagesPerSecond: 1, ApproximateNumberOfMessagesToMove: 10 });
    await expect(h.client.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), DestinationArn: arnOf(destination) }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "There is already a task running. Only one active task is allowed for a source queue arn at a given time.",
    });
    expect((await h.client.send(new CancelMessageMoveTaskCommand({ TaskHandle }))).ApproximateNumberOfMessagesMoved).toBe(2);
    await h.clock.advance(5000);
    const after = (await list(dlq))[0];
    expect(after).toMatchObject({ Status: "CANCELLED", ApproximateNumberOfMessagesMoved: 2 });
    expect(after?.TaskHandle).toBeUndefined();
    expect(await drain(destination)).toEqual([]);
  });

  it("fails the task when its destination queue is deleted", async () => {
    // test_move_task_delete_destination_queue_while_running
    const { dlq, destination } = await pipe(3);
    await h.client.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), DestinationArn: arnOf(destination), MaxNumberOfMessagesPerSecond: 1 }));
    await until(async () => (await list(dlq))[0]?.ApproximateNumberOfMessagesMoved === 1);
    await h.client.send(new DeleteQueueCommand({ QueueUrl: destination }));
    await h.clock.advance(1000);
    expect((await list(dlq))[0]).toMatchObject({ Status: "FAILED", FailureReason: "AWS.SimpleQueueService.NonExistentQueue" });
  });

  it("words AWS's errors", async () => {
    // test_source_needs_redrive_policy, test_destination_needs_to_exist, test_cancel_with_invalid_*
    const plain = await queue(false);
    await expect(h.client.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(plain) }))).rejects.toMatchObject({
      name: "InvalidParameterValue", message: "Source queue must be configured as a Dead Letter Queue.",
    });
    const { dlq } = await pipe(0);
    await expect(h.client.send(new StartMessageMoveTaskCommand({ SourceArn: arnOf(dlq), DestinationArn: `${arnOf(plain)}doesntexist` }))).rejects.toMatchObject({
      name: "ResourceNotFoundException", message: "The resource that you specified for the DestinationArn parameter doesn't exist.", $metadata: { httpStatusCode: 404 },
    });
    await expect(h.client.send(new CancelMessageMoveTaskCommand({ TaskHandle: "foobared" }))).rejects.toMatchObject({
      name: "InvalidParameterValue", message: "Value for parameter TaskHandle is invalid.",
    });
    const handle = (sourceArn: string) => Buffer.from(JSON.stringify({ taskId: "10f57157-fc38-4da9-a113-4de7e12d05aa", sourceArn })).toString("base64");
    await expect(h.client.send(new CancelMessageMoveTaskCommand({ TaskHandle: handle(`arn:aws:sqs:us-east-1:${ACCOUNT}:no-such-queue`) }))).rejects.toMatchObject({
      name: "ResourceNotFoundException", message: "The resource that you specified for the SourceArn parameter doesn't exist.",
    });
    await expect(h.client.send(new CancelMessageMoveTaskCommand({ TaskHandle: handle(arnOf(dlq)) }))).rejects.toMatchObject({
      name: "ResourceNotFoundException", message: "Task does not exist.",
    });
  });
});

describe("AddPermission / RemovePermission", () => {
  it("keeps one Policy statement per label and drops the Policy with the last one", async () => {
    // test_sqs_permission_lifecycle (snapshot recorded on AWS)
    const q = await queue(false);
    const arn = `arn:aws:sqs:us-east-1:${ACCOUNT}:${q.split("/").pop() ?? ""}`;
    const policy = async () => {
      const got = await h.client.send(new GetQueueAttributesCommand({ QueueUrl: q, AttributeNames: ["Policy"] }));
      return got.Attributes?.Policy === undefined ? got.Attributes : (JSON.parse(got.Attributes.Policy) as unknown);
    };
    const statement = (Sid: string, AWS: string | string[]) => ({ Sid, Effect: "Allow", Principal: { AWS }, Action: "SQS:ReceiveMessage", Resource: arn });
    await h.client.send(new AddPermissionCommand({ QueueUrl: q, AWSAccountIds: [ACCOUNT, "668614515564"], Actions: ["ReceiveMessage"], Label: "crossaccountpermission" }));
    expect(await policy()).toEqual({
      Version: "2008-10-17",
      Id: `${arn}/SQSDefaultPolicy`,
      Statement: [statement("crossaccountpermission", [`arn:aws:iam::${ACCOUNT}:root`, "arn:aws:iam::668614515564:root"])],
    });
    await h.client.send(new RemovePermissionCommand({ QueueUrl: q, Label: "crossaccountpermission" }));
    // The Policy is gone; a name asked for but unset answers an empty map.
    expect(await policy()).toEqual({});
    await h.client.send(new AddPermissionCommand({ QueueUrl: q, AWSAccountIds: [ACCOUNT], Actions: ["ReceiveMessage"], Label: "first" }));
    await expect(h.client.send(new AddPermissionCommand({ QueueUrl: q, AWSAccountIds: ["668614515564"], Actions: ["ReceiveMessage"], Label: "first" }))).rejects.toMatchObject({
      name: "InvalidParameterValue", message: "Value first for parameter Label is invalid. Reason: Already exists.",
    });
    await h.client.send(new AddPermissionCommand({ QueueUrl: q, AWSAccountIds: [ACCOUNT], Actions: ["ReceiveMessage"], Label: "second" }));
    await h.client.send(new RemovePermissionCommand({ QueueUrl: q, Label: "first" }));
    expect(await policy()).toMatchObject({ Statement: [statement("second", `arn:aws:iam::${ACCOUNT}:root`)] });
    await h.client.send(new RemovePermissionCommand({ QueueUrl: q, Label: "second" }));
    await expect(h.client.send(new RemovePermissionCommand({ QueueUrl: q, Label: "second" }))).rejects.toMatchObject({
      name: "InvalidParameterValue", message: "Value second for parameter Label is invalid. Reason: can't find label.",
    });
  });
});
