import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GetQueueAttributesCommand, ListQueueTagsCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  UpdateEventSourceMappingCommand,
} from "@aws-sdk/client-lambda";
import { CreateQueueCommand, DeleteMessageCommand } from "@aws-sdk/client-sqs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("SQS queues and `Events: Type: SQS` from a template", () => {
  let sandbox: RunningSandbox;
  let sqs: SQSClient;
  let lambda: LambdaClient;
  const output = (name: string) => sandbox.app.outputs[name].value;

  beforeAll(async () => {
    sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "sqs"), port: 0, edgePort: 0, inMemory: true });
    sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    lambda = new LambdaClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    sqs?.destroy();
    lambda?.destroy();
    await sandbox?.stop();
  });

  it("creates the queues, with URLs on the edge and the template's attributes and tags", async () => {
    expect(output("WorkQueueUrl")).toMatch(new RegExp(`^${sandbox.endpoint}/000000000000/sqs-WorkQueue-[A-Z0-9]+$`));
    expect(output("DeadLettersUrl")).toBe(`${sandbox.endpoint}/000000000000/work-dead-letters`);
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: output("WorkQueueUrl"), AttributeNames: ["QueueArn", "VisibilityTimeout", "RedrivePolicy"] }));
    expect(attrs.Attributes).toEqual({
      QueueArn: output("WorkQueueArn"),
      VisibilityTimeout: "5",
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:us-east-1:000000000000:work-dead-letters", maxReceiveCount: 1 }),
    });
    expect((await sqs.send(new ListQueueTagsCommand({ QueueUrl: output("WorkQueueUrl") }))).Tags).toEqual({ team: "orders" });
  });

  it("lists the mapping in Lambda's API", async () => {
    const mappings = await lambda.send(new ListEventSourceMappingsCommand({ EventSourceArn: output("WorkQueueArn") }));
    expect(mappings.EventSourceMappings).toHaveLength(1);
    expect(mappings.EventSourceMappings?.[0]).toMatchObject({ BatchSize: 5, FunctionResponseTypes: ["ReportBatchItemFailures"], State: "Enabled" });
  });

  it("maps a queue to a function through Lambda's API, as AWS takes an SQS mapping (no StartingPosition)", async () => {
    const functions = await lambda.send(new ListFunctionsCommand({}));
    const worker = functions.Functions?.find((f) => f.FunctionName?.includes("Worker"))?.FunctionName ?? "";
    const created = await sqs.send(new CreateQueueCommand({ QueueName: "api-mapped" }));
    const arn = "arn:aws:sqs:us-east-1:000000000000:api-mapped";
    const refused = (input: Record<string, unknown>) =>
      lambda.send(new CreateEventSourceMappingCommand({ FunctionName: worker, EventSourceArn: arn, ...input })).then(
        () => "accepted",
        (error: Error) => `${error.name}: ${error.message}`,
      );
    expect(await refused({ StartingPosition: "LATEST" })).toBe("InvalidParameterValueException: StartingPosition is not valid for SQS event sources.");
    expect(await refused({ BatchSize: 20 })).toBe(
      "InvalidParameterValueException: Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10",
    );
    expect(await refused({ EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:no-such-queue" })).toBe(
      "InvalidParameterValueException: Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist or you do not have access to it.",
    );

    const mapping = await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: worker, EventSourceArn: arn }));
    try {
      const described = await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }));
      expect(described).toMatchObject({ BatchSize: 10, MaximumBatchingWindowInSeconds: 0, EventSourceArn: arn, State: "Enabled", StateTransitionReason: "USER_INITIATED" });
      expect(described.StartingPosition).toBeUndefined();
      expect(described.MaximumRetryAttempts).toBeUndefined();
      await sqs.send(new SendMessageCommand({ QueueUrl: created.QueueUrl, MessageBody: "through the API" }));
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("OutQueueUrl"), WaitTimeSeconds: 20 }));
      expect(JSON.parse(got.Messages?.[0]?.Body ?? "{}")).toMatchObject({ seen: "through the API", source: arn });
      await sqs.send(new DeleteMessageCommand({ QueueUrl: output("OutQueueUrl"), ReceiptHandle: got.Messages?.[0]?.ReceiptHandle }));
    } finally {
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
    }
  });

  it("keeps a queue mapping's ScalingConfig and MetricsConfig as set, and an empty one removes them", async () => {
    const functions = await lambda.send(new ListFunctionsCommand({}));
    const worker = functions.Functions?.find((f) => f.FunctionName?.includes("Worker"))?.FunctionName ?? "";
    await sqs.send(new CreateQueueCommand({ QueueName: "api-scaled" }));
    const mapping = await lambda.send(
      new CreateEventSourceMappingCommand({
        FunctionName: worker,
        EventSourceArn: "arn:aws:sqs:us-east-1:000000000000:api-scaled",
        Enabled: false,
        ScalingConfig: { MaximumConcurrency: 5 },
        MetricsConfig: { Metrics: ["EventCount"] },
      }),
    );
    try {
      expect(await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }))).toMatchObject({ ScalingConfig: { MaximumConcurrency: 5 }, MetricsConfig: { Metrics: ["EventCount"] } });
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, ScalingConfig: { MaximumConcurrency: 10 } }));
      expect((await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }))).ScalingConfig).toEqual({ MaximumConcurrency: 10 });
      await lambda.send(new UpdateEventSourceMappingCommand({ UUID: mapping.UUID, ScalingConfig: {}, MetricsConfig: { Metrics: [] } }));
      const cleared = await lambda.send(new GetEventSourceMappingCommand({ UUID: mapping.UUID }));
      expect(cleared.ScalingConfig).toBeUndefined();
      expect(cleared.MetricsConfig).toBeUndefined();
    } finally {
      await lambda.send(new DeleteEventSourceMappingCommand({ UUID: mapping.UUID }));
    }
  });

  it("invokes the function with each message; the function's SDK reaches the queue by its !Ref URL", async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: output("WorkQueueUrl"), MessageBody: "hello", MessageAttributes: { kind: { DataType: "String", StringValue: "greeting" } } }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("OutQueueUrl"), WaitTimeSeconds: 20 }));
    expect(JSON.parse(got.Messages?.[0]?.Body ?? "{}")).toEqual({ seen: "hello", source: output("WorkQueueArn"), kind: "greeting" });
    // The batch is deleted once the function has returned.
    const work = () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: output("WorkQueueUrl"), AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] }));
    await expect.poll(async () => (await work()).Attributes, { timeout: 10_000 }).toEqual({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0" });
  });

  it("sends a message the function reports as failed to the dead-letter queue after the visibility timeout", async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: output("WorkQueueUrl"), MessageBody: "please fail" }));
    const inFlight = async () =>
      (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: output("WorkQueueUrl"), AttributeNames: ["ApproximateNumberOfMessagesNotVisible"] }))).Attributes
        ?.ApproximateNumberOfMessagesNotVisible;
    const deadline = Date.now() + 20_000;
    while ((await inFlight()) !== "1" && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await inFlight()).toBe("1");
    // Skip the 5-second visibility timeout on the sandbox's clock.
    const advanced = await fetch(`${sandbox.endpoint}/_sandbox/time`, { method: "POST", body: JSON.stringify({ advance: "6s" }) });
    expect(advanced.status).toBe(200);
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("DeadLettersUrl"), WaitTimeSeconds: 20, MessageSystemAttributeNames: ["DeadLetterQueueSourceArn"] }));
    expect(dead.Messages?.[0]?.Body).toBe("please fail");
    expect(dead.Messages?.[0]?.Attributes).toEqual({ DeadLetterQueueSourceArn: output("WorkQueueArn") });
  });

  it("delivers an SNS topic's messages to its sqs subscriptions: the notification document, or the raw message with its attributes", async () => {
    const sns = new SNSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const published = await sns.send(new PublishCommand({
        TopicArn: output("NoticesArn"), Message: "restock", Subject: "Stock", MessageAttributes: { sku: { DataType: "String", StringValue: "A-1" } },
      }));
      const wrapped = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("FanoutUrl"), WaitTimeSeconds: 10 }));
      expect(JSON.parse(wrapped.Messages?.[0]?.Body ?? "{}")).toMatchObject({
        Type: "Notification",
        MessageId: published.MessageId,
        TopicArn: output("NoticesArn"),
        Subject: "Stock",
        Message: "restock",
        MessageAttributes: { sku: { Type: "String", Value: "A-1" } },
      });
      const raw = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("RawFanoutUrl"), WaitTimeSeconds: 10, MessageAttributeNames: ["All"] }));
      expect(raw.Messages?.[0]?.Body).toBe("restock");
      expect(raw.Messages?.[0]?.MessageAttributes).toEqual({ sku: { DataType: "String", StringValue: "A-1" } });
      // SAM's SqsSubscription: topic → a queue SAM makes → the function (the SNS document in the record's body).
      const digest = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("DigestOutUrl"), WaitTimeSeconds: 10 }));
      const forwarded = JSON.parse(digest.Messages?.[0]?.Body ?? "{}") as { seen: string; source: string };
      expect(forwarded.source).toMatch(/^arn:aws:sqs:us-east-1:000000000000:sqs-DigestNoticeQueue-[A-Z0-9]{12}$/);
      expect(JSON.parse(forwarded.seen)).toMatchObject({ Type: "Notification", Message: "restock", TopicArn: output("NoticesArn") });
    } finally {
      sns.destroy();
    }
  });

  it("sends a message from a state machine (arn:aws:states:::sqs:sendMessage), a JSON MessageBody as its text", async () => {
    const sfn = new SFNClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
    try {
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: output("EnqueueArn"), input: JSON.stringify({ order: 1 }) }));
      await expect.poll(async () => (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status, { timeout: 10_000 }).toBe("SUCCEEDED");
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(JSON.parse(described.output ?? "{}")).toMatchObject({ MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/), MD5OfMessageBody: expect.any(String) });
      const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("SfnQueueUrl"), WaitTimeSeconds: 10 }));
      expect(got.Messages?.[0]?.Body).toBe('{"order":1}');
    } finally {
      sfn.destroy();
    }
  });

  it("is reachable through the dispatcher, as Step Functions' aws-sdk:sqs:* integrations call it", async () => {
    const sent = await sandbox.dispatcher.call("sqs", "SendMessage", { QueueUrl: output("SfnQueueUrl"), MessageBody: "via sdk" }, { sdkNames: true });
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl: output("SfnQueueUrl"), WaitTimeSeconds: 5 }));
    expect(got.Messages?.[0]?.Body).toBe("via sdk");
  });
});
