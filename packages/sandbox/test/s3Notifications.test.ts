import {
  CreateBucketCommand, DeleteObjectCommand, GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, S3Client, S3ServiceException,
} from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const credentials = { accessKeyId: "x", secretAccessKey: "x" };
const ARN = (name: string) => `arn:aws:sqs:us-east-1:000000000000:${name}`;

let sandbox: RunningSandbox;
let s3: S3Client;
let sqs: SQSClient;
let sns: SNSClient;

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "s3-notify"), port: 0, edgePort: 0, inMemory: true });
  s3 = new S3Client({ endpoint: sandbox.endpoint, region: "us-east-1", credentials, forcePathStyle: true });
  sqs = new SQSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
  sns = new SNSClient({ endpoint: sandbox.endpoint, region: "us-east-1", credentials });
});

afterAll(async () => {
  s3?.destroy();
  sqs?.destroy();
  sns?.destroy();
  await sandbox?.stop();
});

const queueUrl = async (name: string) => (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl ?? "";

/** The bodies of the next `count` messages of a queue (deliveries follow the S3 answer, so it polls). */
async function receive(name: string, count: number): Promise<Record<string, unknown>[]> {
  const url = await queueUrl(name);
  const bodies: Record<string, unknown>[] = [];
  for (let attempt = 0; attempt < 20 && bodies.length < count; attempt++) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 60 }));
    bodies.push(...Messages.map((m) => JSON.parse(m.Body ?? "{}") as Record<string, unknown>));
  }
  return bodies;
}

/** Nothing more arrives in a queue within a second. */
async function expectEmpty(name: string): Promise<void> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: await queueUrl(name), WaitTimeSeconds: 1 }));
  expect(Messages.map((m) => m.Body)).toEqual([]);
}

type Records = { Records: { eventName: string; s3: { configurationId: string; bucket: { name: string }; object: { key: string; size?: number } } }[] };

describe("S3 notifications to SQS, SNS and EventBridge from a template", () => {
  it("answers the template bucket's configuration", async () => {
    const config = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: "notify-uploads" }));
    expect(config.QueueConfigurations).toEqual([
      { Id: "UploadsQueue1", QueueArn: ARN("notify-uploads-queue"), Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "Prefix", Value: "incoming/" }] } } },
    ]);
    expect(config.TopicConfigurations).toEqual([{ Id: "UploadsTopic1", TopicArn: "arn:aws:sns:us-east-1:000000000000:notify-removed", Events: ["s3:ObjectRemoved:*"] }]);
    expect(config.EventBridgeConfiguration).toEqual({});
  });

  it("sent the queue S3's test event when the bucket was configured", async () => {
    const [test] = await receive("notify-uploads-queue", 1);
    expect(test).toMatchObject({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: "notify-uploads" });
  });

  it("sends the queue the event message of a matching key only, the topic's subscriber the removal, EventBridge both", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "notify-uploads", Key: "elsewhere/skipped.txt", Body: "no" }));
    await s3.send(new PutObjectCommand({ Bucket: "notify-uploads", Key: "incoming/photo 1.jpg", Body: "jpeg" }));
    await s3.send(new DeleteObjectCommand({ Bucket: "notify-uploads", Key: "incoming/photo 1.jpg" }));

    const queued = (await receive("notify-uploads-queue", 1)) as Records[];
    expect(queued.map((m) => m.Records.map((r) => [r.eventName, r.s3.configurationId, r.s3.bucket.name, r.s3.object.key, r.s3.object.size]))).toEqual([
      [["ObjectCreated:Put", "UploadsQueue1", "notify-uploads", "incoming/photo+1.jpg", 4]],
    ]);
    await expectEmpty("notify-uploads-queue");

    // The topic's own s3:TestEvent may come first, when its subscription existed before the bucket.
    const notification = (await receive("notify-topic-inbox", 1)).find((m) => String(m.Message).includes("Records")) ?? (await receive("notify-topic-inbox", 1))[0];
    expect(notification).toMatchObject({ Type: "Notification", Subject: "Amazon S3 Notification", TopicArn: "arn:aws:sns:us-east-1:000000000000:notify-removed" });
    const removed = JSON.parse(String(notification.Message)) as Records;
    expect(removed.Records[0]).toMatchObject({ eventName: "ObjectRemoved:Delete", s3: { configurationId: "UploadsTopic1", object: { key: "incoming/photo+1.jpg" } } });

    const events = await receive("notify-events-inbox", 3);
    expect(events.map((e) => [e.source, e["detail-type"], (e.detail as { object: { key: string } }).object.key])).toEqual([
      ["aws.s3", "Object Created", "elsewhere/skipped.txt"],
      ["aws.s3", "Object Created", "incoming/photo 1.jpg"],
      ["aws.s3", "Object Deleted", "incoming/photo 1.jpg"],
    ]);
    expect(events[1]).toMatchObject({ account: "000000000000", region: "us-east-1", resources: ["arn:aws:s3:::notify-uploads"], detail: { reason: "PutObject", bucket: { name: "notify-uploads" } } });
  });
});

describe("PutBucketNotificationConfiguration through the SDK", () => {
  it("tests a new queue and a topic with s3:TestEvent, then delivers to them", async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: "sdk-notified" }));
    const inbox = await sqs.send(new CreateQueueCommand({ QueueName: "sdk-topic-inbox" }));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: "sdk-topic" }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: ARN("sdk-topic-inbox"), Attributes: { RawMessageDelivery: "true" } }));
    expect(inbox.QueueUrl).toBeDefined();
    await s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: "notify-plain",
      NotificationConfiguration: {
        QueueConfigurations: [{ Id: "sdk", QueueArn: ARN("sdk-notified"), Events: ["s3:ObjectCreated:Put"], Filter: { Key: { FilterRules: [{ Name: "suffix", Value: ".csv" }] } } }],
        TopicConfigurations: [{ Id: "sdk-topic", TopicArn, Events: ["s3:ObjectRemoved:Delete"] }],
      },
    }));
    const [queueTest] = await receive("sdk-notified", 1);
    expect(queueTest).toMatchObject({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: "notify-plain" });
    const [topicTest] = await receive("sdk-topic-inbox", 1);
    expect(topicTest).toMatchObject({ Event: "s3:TestEvent", Bucket: "notify-plain" });

    await s3.send(new PutObjectCommand({ Bucket: "notify-plain", Key: "report.txt", Body: "filtered out" }));
    await s3.send(new PutObjectCommand({ Bucket: "notify-plain", Key: "report.csv", Body: "a,b" }));
    const queued = (await receive("sdk-notified", 1)) as Records[];
    expect(queued.flatMap((m) => m.Records.map((r) => r.s3.object.key))).toEqual(["report.csv"]);
    await expectEmpty("sdk-notified");
  });

  it("refuses a queue or a function that does not exist, as S3 does", async () => {
    const error = await s3
      .send(new PutBucketNotificationConfigurationCommand({
        Bucket: "notify-plain",
        NotificationConfiguration: { QueueConfigurations: [{ QueueArn: ARN("no-such-queue"), Events: ["s3:ObjectCreated:*"] }] },
      }))
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(S3ServiceException);
    const s3Error = error as S3ServiceException & Record<string, unknown>;
    expect([s3Error.name, s3Error.message, s3Error.$metadata.httpStatusCode]).toEqual(["InvalidArgument", "Unable to validate the following destination configurations", 400]);
    expect([s3Error.ArgumentName1, s3Error.ArgumentValue1]).toEqual([ARN("no-such-queue"), "The destination queue does not exist"]);

    const missingFunction = "arn:aws:lambda:us-east-1:000000000000:function:no-such-function";
    const noFunction = (await s3
      .send(new PutBucketNotificationConfigurationCommand({
        Bucket: "notify-plain",
        NotificationConfiguration: { LambdaFunctionConfigurations: [{ LambdaFunctionArn: missingFunction, Events: ["s3:ObjectCreated:*"] }] },
      }))
      .then(() => undefined, (e: unknown) => e)) as S3ServiceException & Record<string, unknown>;
    // AWS-recorded (LocalStack test_s3_notifications_lambda.snapshot.json test_invalid_lambda_arn).
    expect([noFunction.ArgumentName1, noFunction.ArgumentValue1]).toEqual([`${missingFunction}, null`, `Not authorized to invoke function [${missingFunction}]`]);
  });
});

describe("an S3 request's trace header", () => {
  // LocalStack test_s3_notifications_sqs.snapshot.json test_xray_header (AWS-recorded): the message S3 sends has the
  // request's X-Amzn-Trace-Id as its AWSTraceHeader attribute.
  it("reaches the queue as the message's AWSTraceHeader", async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: "traced-events" }));
    await s3.send(new CreateBucketCommand({ Bucket: "traced-uploads" }));
    await s3.send(new PutBucketNotificationConfigurationCommand({
      Bucket: "traced-uploads",
      NotificationConfiguration: { QueueConfigurations: [{ QueueArn: ARN("traced-events"), Events: ["s3:ObjectCreated:*"] }] },
      SkipDestinationValidation: true,
    }));
    const trace = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1";
    const put = new PutObjectCommand({ Bucket: "traced-uploads", Key: "test-data", Body: "something" });
    put.middlewareStack.add((next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers["x-amzn-trace-id"] = trace;
      return next(args);
    }, { step: "build" });
    await s3.send(put);
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5, MessageSystemAttributeNames: ["AWSTraceHeader"] }));
    expect(Messages.map((m) => m.Attributes?.AWSTraceHeader)).toEqual([trace]);
    expect(JSON.parse(Messages[0].Body ?? "{}")).toMatchObject({ Records: [{ eventName: "ObjectCreated:Put", s3: { object: { key: "test-data" } } }] });
  });
});

describe("a template notifying a queue that does not exist", () => {
  it("does not start, naming the bucket and the queue", async () => {
    const started = createSandbox({ template: join(import.meta.dirname, "fixtures", "s3-notify-missing"), port: 0, edgePort: 0, inMemory: true });
    await expect(started).rejects.toThrow(
      "Bucket Uploads (notify-missing) could not be created: Unable to validate the following destination configurations " +
        "(arn:aws:sqs:us-east-1:000000000000:not-in-this-template: The destination queue does not exist)",
    );
  });
});

describe("a restart with the same template", () => {
  it("sends the queue no second s3:TestEvent", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "s3-notify-restart-"));
    const start = () => createSandbox({ template: join(import.meta.dirname, "fixtures", "s3-notify"), port: 0, edgePort: 0, dataDir });
    try {
      const first = await start();
      await first.stop();
      const second = await start();
      try {
        const client = new SQSClient({ endpoint: second.endpoint, region: "us-east-1", credentials });
        const url = `${second.endpoint}/000000000000/notify-uploads-queue`;
        const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        client.destroy();
        expect(Messages.map((m) => (JSON.parse(m.Body ?? "{}") as { Event?: string }).Event)).toEqual(["s3:TestEvent"]);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
