/** Behaviours from moto's SQS tests: aws_verified cases (tests/test_sqs/test_sqs.py, run against AWS), and moto's move-task texts where noted. */
import { CreateQueueCommand, ListMessageMoveTasksCommand, ReceiveMessageCommand, SendMessageCommand, StartMessageMoveTaskCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSqs, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await startSqs();
});
afterAll(() => h.close());

describe("SendMessage DelaySeconds on FIFO queues", () => {
  // moto test_send_message_delay_seconds_validation (aws_verified), with and without a queue delay.
  const configs: Array<Record<string, string>> = [{ FifoQueue: "true" }, { FifoQueue: "true", DelaySeconds: "10" }];
  it.each(configs)("refuses a delay, takes 0 or none (%j)", async (Attributes) => {
    const QueueName = `moto-delay-${Attributes.DelaySeconds ?? "none"}.fifo`;
    await h.client.send(new CreateQueueCommand({ QueueName, Attributes }));
    // The queue's name alone serves as its QueueUrl.
    const message = { QueueUrl: QueueName, MessageBody: "test", MessageGroupId: "test" };
    await expect(h.client.send(new SendMessageCommand({ ...message, DelaySeconds: 5, MessageDeduplicationId: "a" }))).rejects.toMatchObject({
      name: "InvalidParameterValue",
      message: "Value 5 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.",
    });
    await h.client.send(new SendMessageCommand({ ...message, DelaySeconds: 0, MessageDeduplicationId: "b" }));
    await h.client.send(new SendMessageCommand({ ...message, MessageDeduplicationId: "c" }));
    if (Attributes.DelaySeconds === undefined) {
      const got = await h.client.send(new ReceiveMessageCommand({ QueueUrl: QueueName, MaxNumberOfMessages: 10 }));
      expect(got.Messages?.length).toBe(2);
    }
  });
});

describe("message move task parameters", () => {
  // moto tests/test_sqs/test_sqs_message_move_tasks.py (moto's wording; not marked aws_verified).
  it("refuses a rate outside 1–500, MaxResults outside 1–10, and reports a message with no source queue", async () => {
    const dlq = (await h.client.send(new CreateQueueCommand({ QueueName: "moto-dlq" }))).QueueUrl ?? "";
    const arn = "arn:aws:sqs:us-east-1:000000000000:moto-dlq";
    await h.client.send(new CreateQueueCommand({ QueueName: "moto-src", Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: arn, maxReceiveCount: 1 }) } }));
    for (const rate of [0, 501]) {
      await expect(h.client.send(new StartMessageMoveTaskCommand({ SourceArn: arn, MaxNumberOfMessagesPerSecond: rate }))).rejects.toMatchObject({
        name: "InvalidParameterValue", message: `Value ${rate} for parameter MaxNumberOfMessagesPerSecond is invalid. Reason: Must be between 1 and 500.`,
      });
    }
    for (const MaxResults of [0, 11]) {
      await expect(h.client.send(new ListMessageMoveTasksCommand({ SourceArn: arn, MaxResults }))).rejects.toMatchObject({
        name: "InvalidParameterValue", message: `Value ${MaxResults} for parameter MaxResults is invalid. Reason: Must be between 1 and 10.`,
      });
    }
    // Sent straight to the dead-letter queue: no queue to move it back to.
    await h.client.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: "direct" }));
    await h.client.send(new StartMessageMoveTaskCommand({ SourceArn: arn }));
    const task = (await h.client.send(new ListMessageMoveTasksCommand({ SourceArn: arn }))).Results?.[0];
    expect(task).toMatchObject({ Status: "FAILED", FailureReason: "CouldNotDetermineMessageSource", ApproximateNumberOfMessagesMoved: 0 });
  });
});
