import {
  CreateBucketCommand, PutBucketVersioningCommand, DeleteObjectCommand, GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand,
  type NotificationConfiguration,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventBridgeEntry } from "../src/index.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBucket, failure, runOnDisk, startS3, type S3Fixture } from "./helpers.js";

const QUEUE = "arn:aws:sqs:us-east-1:000000000000:uploads";
const OTHER_QUEUE = "arn:aws:sqs:us-east-1:000000000000:audit";
const TOPIC = "arn:aws:sns:us-east-1:000000000000:uploaded";
const MISSING_QUEUE = "arn:aws:sqs:us-east-1:000000000000:my-queue";
const MISSING_TOPIC = "arn:aws:sns:us-east-1:000000000000:my-topic";

let f: S3Fixture;
let sent: { arn: string; body: string }[] = [];
let published: { arn: string; subject: string; message: string }[] = [];
let events: EventBridgeEntry[] = [];

beforeAll(async () => {
  f = await startS3({
    queues: { exists: (arn) => arn === QUEUE || arn === OTHER_QUEUE, send: async (arn, body) => void sent.push({ arn, body }) },
    topics: { exists: async (arn) => arn === TOPIC, publish: async (arn, subject, message) => void published.push({ arn, subject, message }) },
    eventBridge: { putEvents: async (entries) => void events.push(...entries) },
    functions: { exists: (arn) => arn.endsWith(":function:thumbnails") },
  });
});

afterAll(async () => {
  await f?.close();
});

beforeEach(() => {
  sent = [];
  published = [];
  events = [];
});

const newBucket = (): Promise<string> => createBucket(f.client);

const put = (Bucket: string, NotificationConfiguration: NotificationConfiguration, SkipDestinationValidation?: boolean) =>
  f.client.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration, ...(SkipDestinationValidation ? { SkipDestinationValidation } : {}) }));

type Records = { Records: { eventName: string; s3: { configurationId: string; bucket: { name: string }; object: { key: string; size?: number } } }[] };

describe("PutBucketNotificationConfiguration with queues, topics and EventBridge", () => {
  it("keeps every kind of configuration and answers them as S3 does", async () => {
    const bucket = await newBucket();
    await put(bucket, {
      QueueConfigurations: [{ Id: "to-queue", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "in/" }, { Name: "SUFFIX" as "suffix", Value: ".txt" }] } } }],
      TopicConfigurations: [{ Id: "to-topic", TopicArn: TOPIC, Events: ["s3:ObjectRemoved:*"] }],
      EventBridgeConfiguration: {},
    });
    const config = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect(config.QueueConfigurations).toEqual([
      { Id: "to-queue", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "Prefix", Value: "in/" }, { Name: "Suffix", Value: ".txt" }] } } },
    ]);
    expect(config.TopicConfigurations).toEqual([{ Id: "to-topic", TopicArn: TOPIC, Events: ["s3:ObjectRemoved:*"] }]);
    expect(config.EventBridgeConfiguration).toEqual({});
    expect(config.LambdaFunctionConfigurations).toBeUndefined();
  });

  it("sends each queue and topic its s3:TestEvent message first", async () => {
    const bucket = await newBucket();
    await put(bucket, {
      QueueConfigurations: [{ QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"] }],
      TopicConfigurations: [{ TopicArn: TOPIC, Events: ["s3:ObjectRemoved:*"] }],
    });
    expect(sent.map((s) => s.arn)).toEqual([QUEUE]);
    expect(JSON.parse(sent[0].body)).toMatchObject({ Service: "Amazon S3", Event: "s3:TestEvent", Bucket: bucket });
    expect(Object.keys(JSON.parse(sent[0].body))).toEqual(["Service", "Event", "Time", "Bucket", "RequestId", "HostId"]);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ arn: TOPIC, subject: "Amazon S3 Notification" });
    expect(JSON.parse(published[0].message)).toMatchObject({ Event: "s3:TestEvent", Bucket: bucket });
  });

  it("delivers the event message to the queue and the topic, and sends EventBridge its events", async () => {
    const bucket = await newBucket();
    await put(bucket, {
      QueueConfigurations: [{ Id: "q", QueueArn: QUEUE, Events: ["s3:ObjectCreated:Put"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "in/" }] } } }],
      TopicConfigurations: [{ Id: "t", TopicArn: TOPIC, Events: ["s3:ObjectRemoved:*"] }],
      EventBridgeConfiguration: {},
    });
    sent = [];
    published = [];
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "in/a b.txt", Body: "abc" }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "out/skipped.txt", Body: "abc" }));
    await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "in/a b.txt" }));
    await vi.waitFor(() => expect(events).toHaveLength(3), { timeout: 10_000 });
    await vi.waitFor(() => expect(published).toHaveLength(1), { timeout: 10_000 });
    const queued = sent.map((s) => JSON.parse(s.body) as Records);
    expect(queued.map((m) => m.Records.map((r) => [r.eventName, r.s3.configurationId, r.s3.object.key]))).toEqual([[["ObjectCreated:Put", "q", "in/a+b.txt"]]]);
    expect(queued[0].Records[0].s3.object.size).toBe(3);
    expect(published[0].subject).toBe("Amazon S3 Notification");
    expect((JSON.parse(published[0].message) as Records).Records[0]).toMatchObject({ eventName: "ObjectRemoved:Delete", s3: { configurationId: "t", object: { key: "in/a+b.txt" } } });
    expect(events.map((e) => [e.Source, e.DetailType, e.Resources])).toEqual([
      ["aws.s3", "Object Created", [`arn:aws:s3:::${bucket}`]],
      ["aws.s3", "Object Created", [`arn:aws:s3:::${bucket}`]],
      ["aws.s3", "Object Deleted", [`arn:aws:s3:::${bucket}`]],
    ]);
    const created = JSON.parse(events[0].Detail) as Record<string, unknown>;
    expect(created).toMatchObject({ version: "0", bucket: { name: bucket }, object: { key: "in/a b.txt", size: 3, etag: "900150983cd24fb0d6963f7d28e17f72" }, reason: "PutObject", requester: "000000000000" });
    expect(JSON.parse(events[2].Detail)).toMatchObject({ reason: "DeleteObject", "deletion-type": "Permanently Deleted", object: { key: "in/a b.txt" } });
  });

  it("rejects destinations that do not exist, naming each (ArgumentName1, ArgumentValue1, …)", async () => {
    const bucket = await newBucket();
    const error = await failure(put(bucket, {
      QueueConfigurations: [{ QueueArn: MISSING_QUEUE, Events: ["s3:ObjectCreated:*"] }],
      TopicConfigurations: [{ TopicArn: MISSING_TOPIC, Events: ["s3:ObjectRemoved:*"] }],
    }));
    expect(error.name).toBe("InvalidArgument");
    expect(error.message).toBe("Unable to validate the following destination configurations");
    expect(error.$metadata.httpStatusCode).toBe(400);
    const raw = error as unknown as Record<string, unknown>;
    expect([raw.ArgumentName1, raw.ArgumentValue1, raw.ArgumentName2, raw.ArgumentValue2]).toEqual([
      MISSING_QUEUE, "The destination queue does not exist", MISSING_TOPIC, "The destination topic does not exist",
    ]);
    expect(sent).toEqual([]);
    const config = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect(config.QueueConfigurations).toBeUndefined();
  });

  it("rejects a function that does not exist", async () => {
    const bucket = await newBucket();
    const missing = "arn:aws:lambda:us-east-1:000000000000:function:missing";
    const error = await failure(put(bucket, { LambdaFunctionConfigurations: [{ LambdaFunctionArn: missing, Events: ["s3:ObjectCreated:*"] }] }));
    const raw = error as unknown as Record<string, unknown>;
    // AWS-recorded (LocalStack test_s3_notifications_lambda.snapshot.json test_invalid_lambda_arn).
    expect([error.message, raw.ArgumentName1, raw.ArgumentValue1]).toEqual([
      "Unable to validate the following destination configurations", `${missing}, null`, `Not authorized to invoke function [${missing}]`,
    ]);
    await put(bucket, { LambdaFunctionConfigurations: [{ LambdaFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:thumbnails", Events: ["s3:ObjectCreated:*"] }] });
  });

  it("skips the check and the test event with x-amz-skip-destination-validation", async () => {
    const bucket = await newBucket();
    await put(bucket, { QueueConfigurations: [{ Id: "id123", QueueArn: MISSING_QUEUE, Events: ["s3:ObjectCreated:*"] }] }, true);
    const config = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect(config.QueueConfigurations).toEqual([{ Id: "id123", QueueArn: MISSING_QUEUE, Events: ["s3:ObjectCreated:*"] }]);
    expect(sent).toEqual([]);
  });

  it("rejects an ARN that does not parse", async () => {
    const bucket = await newBucket();
    const error = await failure(put(bucket, { QueueConfigurations: [{ QueueArn: "invalid-queue", Events: ["s3:ObjectCreated:*"] }] }));
    expect([error.name, error.message]).toEqual(["InvalidArgument", "The ARN could not be parsed"]);
    const raw = error as unknown as Record<string, unknown>;
    expect([raw.ArgumentName, raw.ArgumentValue]).toEqual(["Queue", "invalid-queue"]);
  });

  it("rejects an event S3 does not know", async () => {
    const bucket = await newBucket();
    const error = await failure(put(bucket, { QueueConfigurations: [{ QueueArn: QUEUE, Events: ["notarealeventname" as "s3:ObjectCreated:*"] }] }));
    expect([error.name, error.message]).toEqual(["InvalidArgument", "The event is not supported for notifications"]);
  });

  it("rejects a filter rule other than prefix or suffix", async () => {
    const bucket = await newBucket();
    const error = await failure(put(bucket, {
      QueueConfigurations: [{ QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "INVALID" as "prefix", Value: "x" }] } } }],
    }));
    expect([error.name, error.message]).toEqual(["InvalidArgument", "filter rule name must be either prefix or suffix"]);
    const raw = error as unknown as Record<string, unknown>;
    expect([raw.ArgumentName, raw.ArgumentValue]).toEqual(["FilterRule.Name", "INVALID"]);
  });

  it("rejects configurations one event could match twice, and accepts disjoint prefixes", async () => {
    const bucket = await newBucket();
    const error = await failure(put(bucket, {
      QueueConfigurations: [{ QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "in/" }] } } }],
      TopicConfigurations: [{ TopicArn: TOPIC, Events: ["s3:ObjectCreated:Put"] }],
    }));
    expect([error.name, error.message]).toEqual([
      "InvalidArgument", "Configuration is ambiguously defined. Cannot have overlapping suffixes in two rules if the prefixes are overlapping for the same event type.",
    ]);
    await put(bucket, {
      QueueConfigurations: [
        { QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "in/" }] } } },
        { QueueArn: OTHER_QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "out/" }] } } },
      ],
      TopicConfigurations: [{ TopicArn: TOPIC, Events: ["s3:ObjectRemoved:*"] }],
    });
    const config = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect(config.QueueConfigurations?.map((c) => c.QueueArn)).toEqual([QUEUE, OTHER_QUEUE]);
  });

  it("an empty configuration removes every destination", async () => {
    const bucket = await newBucket();
    await put(bucket, { QueueConfigurations: [{ QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"] }], EventBridgeConfiguration: {} });
    await put(bucket, {});
    const config = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect([config.QueueConfigurations, config.EventBridgeConfiguration]).toEqual([undefined, undefined]);
  });

  it("tells EventBridge a delete marker was created in a versioned bucket, with the version ids", async () => {
    const bucket = await newBucket();
    await f.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    await put(bucket, { EventBridgeConfiguration: {} });
    const { VersionId } = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "v.txt", Body: "1" }));
    await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "v.txt" }));
    await vi.waitFor(() => expect(events).toHaveLength(2), { timeout: 10_000 });
    expect(JSON.parse(events[0].Detail)).toMatchObject({ object: { key: "v.txt", "version-id": VersionId } });
    expect(JSON.parse(events[1].Detail)).toMatchObject({ reason: "DeleteObject", "deletion-type": "Delete Marker Created" });
  });

  it("keeps queue, topic and EventBridge configurations across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "s3-notify-"));
    try {
      await runOnDisk(dir, async (client) => {
        await client.send(new CreateBucketCommand({ Bucket: "kept" }));
        await client.send(new PutBucketNotificationConfigurationCommand({
          Bucket: "kept",
          NotificationConfiguration: { QueueConfigurations: [{ Id: "q", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"] }], TopicConfigurations: [{ Id: "t", TopicArn: TOPIC, Events: ["s3:ObjectRemoved:*"] }], EventBridgeConfiguration: {} },
        }));
      });
      const config = await runOnDisk(dir, (client) => client.send(new GetBucketNotificationConfigurationCommand({ Bucket: "kept" })));
      expect([config.QueueConfigurations, config.TopicConfigurations, config.EventBridgeConfiguration]).toEqual([
        [{ Id: "q", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"] }], [{ Id: "t", TopicArn: TOPIC, Events: ["s3:ObjectRemoved:*"] }], {},
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
