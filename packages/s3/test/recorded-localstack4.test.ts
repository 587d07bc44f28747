/**
 * Behaviours from LocalStack's AWS-recorded S3 suites not replayed before (tests/aws/services/s3/*.snapshot.json,
 * recorded against real S3; the neighbouring test_*.py shows the requests), through the SDK against the sandbox.
 * Each describe names its snapshot file, each case its test.
 */
import {
  CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, DeleteObjectTaggingCommand, GetBucketNotificationConfigurationCommand, ListBucketsCommand,
  PutBucketNotificationConfigurationCommand, PutBucketOwnershipControlsCommand, PutBucketVersioningCommand, PutObjectAclCommand, PutObjectCommand,
  PutObjectTaggingCommand, DeletePublicAccessBlockCommand, ListObjectsV2Command, CopyObjectCommand, CreateMultipartUploadCommand, UploadPartCommand, CompleteMultipartUploadCommand, ListObjectVersionsCommand, HeadObjectCommand, GetObjectAttributesCommand, GetBucketAclCommand, GetBucketCorsCommand, PutBucketCorsCommand, type CORSRule, GetObjectAclCommand, PutBucketAclCommand, type Event, type NotificationConfiguration,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { EventBridgeEntry } from "../src/index.js";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

const QUEUE = "arn:aws:sqs:us-east-1:000000000000:recorded";
const FN = "arn:aws:lambda:us-east-1:000000000000:function:recorded";

let f: S3Fixture;
let sent: string[] = [];
let traces: (string | undefined)[] = [];
let events: EventBridgeEntry[] = [];

beforeAll(async () => {
  f = await startS3({
    queues: {
      exists: (arn) => arn === QUEUE,
      send: async (_arn, body, traceHeader) => {
        sent.push(body);
        traces.push(traceHeader);
      },
    },
    eventBridge: { putEvents: async (entries) => void events.push(...entries) },
    functions: { exists: (arn) => arn === FN },
  });
});
afterAll(async () => {
  await f?.close();
});
beforeEach(() => {
  sent = [];
  traces = [];
  events = [];
});

interface EventRecord {
  eventVersion: string;
  eventName: string;
  eventSource: string;
  awsRegion: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: Record<string, string>;
  s3: { s3SchemaVersion: string; configurationId: string; bucket: { name: string; arn: string; ownerIdentity: { principalId: string } }; object: Record<string, unknown> };
}

/** The records the queue was sent, the s3:TestEvent left out (as the recording's sqs_collect_s3_events does). */
const records = (): EventRecord[] => sent.flatMap((body) => (JSON.parse(body) as { Records?: EventRecord[] }).Records ?? []);

async function newBucket(versioned = false): Promise<string> {
  const bucket = bucketName();
  await f.client.send(new CreateBucketCommand({ Bucket: bucket }));
  if (versioned) await f.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
  return bucket;
}

const notify = (Bucket: string, NotificationConfiguration: NotificationConfiguration, SkipDestinationValidation?: boolean) =>
  f.client.send(new PutBucketNotificationConfigurationCommand({ Bucket, NotificationConfiguration, ...(SkipDestinationValidation ? { SkipDestinationValidation } : {}) }));

/** A bucket whose events of `events` go to the queue, the queue's test event cleared. */
async function notifiedBucket(events: Event[], versioned = false): Promise<string> {
  const bucket = await newBucket(versioned);
  await notify(bucket, { QueueConfigurations: [{ Id: "config-1", QueueArn: QUEUE, Events: events }] });
  sent = [];
  traces = [];
  return bucket;
}

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

describe("S3 to SQS (test_s3_notifications_sqs.snapshot.json)", () => {
  it("sends ObjectCreated:Put with the version id in a versioned bucket (test_object_created_put)", async () => {
    const bucket = await notifiedBucket(["s3:ObjectCreated:Put"], true);
    const obj0 = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "my_key_0", Body: "something" }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "my_key_1", Body: "something else" }));
    await vi.waitFor(() => expect(records()).toHaveLength(2), { timeout: 10_000 });
    const [first, second] = records().sort((a, b) => Number(a.s3.object.size) - Number(b.s3.object.size));
    expect(first).toEqual({
      eventVersion: "2.1", eventSource: "aws:s3", awsRegion: "us-east-1", eventTime: expect.any(String), eventName: "ObjectCreated:Put",
      userIdentity: { principalId: expect.any(String) }, requestParameters: { sourceIPAddress: expect.any(String) },
      responseElements: { "x-amz-request-id": expect.any(String), "x-amz-id-2": expect.any(String) },
      s3: {
        s3SchemaVersion: "1.0", configurationId: "config-1",
        bucket: { name: bucket, ownerIdentity: { principalId: expect.any(String) }, arn: `arn:aws:s3:::${bucket}` },
        object: { key: "my_key_0", size: 9, eTag: "437b930db84b8079c2dd804a71936b5f", versionId: obj0.VersionId, sequencer: expect.any(String) },
      },
    });
    expect(second.s3.object).toMatchObject({ key: "my_key_1", size: 14, eTag: "6c7ba9c5a141421e1c03cb9807c97c74" });
  });

  it("sends ObjectRemoved:Delete for every key DeleteObjects names, there or not, without size or eTag (test_delete_objects)", async () => {
    const bucket = await notifiedBucket(["s3:ObjectRemoved:*"]);
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "key-1", Body: "something" }));
    await f.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "key-1" }, { Key: "dummy1" }, { Key: "dummy2" }], Quiet: true } }));
    await vi.waitFor(() => expect(records()).toHaveLength(3), { timeout: 10_000 });
    const removed = records().sort((a, b) => String(a.s3.object.key).localeCompare(String(b.s3.object.key)));
    expect(removed.map((r) => [r.eventName, r.eventVersion, r.s3.object])).toEqual(["dummy1", "dummy2", "key-1"].map((key) => ["ObjectRemoved:Delete", "2.1", { key, sequencer: expect.any(String) }]));
  });

  it("URL-encodes the key (test_key_encoding)", async () => {
    const bucket = await notifiedBucket(["s3:ObjectCreated:*"]);
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "a@b", Body: "something" }));
    await vi.waitFor(() => expect(records()).toHaveLength(1), { timeout: 10_000 });
    expect(records()[0].s3.object).toMatchObject({ key: "a%40b", size: 9 });
  });

  it("sends ObjectTagging:Put, event version 2.3, the object's key and eTag only (test_object_tagging_put_event)", async () => {
    const bucket = await notifiedBucket(["s3:ObjectTagging:Put"]);
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "key-dest", Body: "FooBarBlitz" }));
    await f.client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "key-dest", Tagging: { TagSet: [{ Key: "swallow_type", Value: "african" }] } }));
    await vi.waitFor(() => expect(records()).toHaveLength(1), { timeout: 10_000 });
    const [tagged] = records();
    expect([tagged.eventName, tagged.eventVersion, tagged.eventSource, tagged.s3.configurationId]).toEqual(["ObjectTagging:Put", "2.3", "aws:s3", "config-1"]);
    expect(tagged.s3.object).toEqual({ key: "key-dest", eTag: "f3e6da48d914f3f04f6bd9cb092c044d" });
  });

  it("sends ObjectTagging:Delete for DeleteObjectTagging, and nothing for the put before it (test_object_tagging_delete_event)", async () => {
    const bucket = await notifiedBucket(["s3:ObjectTagging:Delete"]);
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "key-dest", Body: "FooBarBlitz" }));
    await f.client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "key-dest", Tagging: { TagSet: [{ Key: "swallow_type", Value: "african" }] } }));
    await f.client.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: "key-dest" }));
    await vi.waitFor(() => expect(records()).toHaveLength(1), { timeout: 10_000 });
    const [untagged] = records();
    expect([untagged.eventName, untagged.eventVersion, untagged.s3.object]).toEqual(["ObjectTagging:Delete", "2.3", { key: "key-dest", eTag: "f3e6da48d914f3f04f6bd9cb092c044d" }]);
  });

  it("names the version in a tagging event of a versioned bucket", async () => {
    const bucket = await notifiedBucket(["s3:ObjectTagging:*"], true);
    const { VersionId } = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "v", Body: "FooBarBlitz" }));
    await f.client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "v", Tagging: { TagSet: [{ Key: "k", Value: "v" }] } }));
    await vi.waitFor(() => expect(records()).toHaveLength(1), { timeout: 10_000 });
    expect(records()[0].s3.object).toEqual({ key: "v", eTag: "f3e6da48d914f3f04f6bd9cb092c044d", versionId: VersionId });
  });

  it("sends ObjectAcl:Put when the ACL changes, not for the private ACL the object has (test_object_put_acl)", async () => {
    const bucket = await notifiedBucket(["s3:ObjectAcl:Put"]);
    await f.client.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } }));
    await f.client.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "my_key_acl", Body: "something" }));
    const { Owner } = await f.client.send(new ListBucketsCommand({}));
    await f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "my_key_acl", ACL: "private" }));
    await f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "my_key_acl", ACL: "public-read" }));
    await f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "my_key_acl", GrantRead: 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"' }));
    await f.client.send(new PutObjectAclCommand({
      Bucket: bucket, Key: "my_key_acl",
      AccessControlPolicy: {
        Owner,
        Grants: [
          { Grantee: { ID: Owner?.ID, Type: "CanonicalUser" }, Permission: "FULL_CONTROL" },
          { Grantee: { URI: "http://acs.amazonaws.com/groups/s3/LogDelivery", Type: "Group" }, Permission: "WRITE" },
        ],
      },
    }));
    await vi.waitFor(() => expect(records()).toHaveLength(3), { timeout: 10_000 });
    expect(records().map((r) => [r.eventName, r.eventVersion, r.s3.object])).toEqual(
      Array.from({ length: 3 }, () => ["ObjectAcl:Put", "2.3", { key: "my_key_acl", eTag: "437b930db84b8079c2dd804a71936b5f" }]),
    );
  });

  it("keeps two configurations of one queue, normalizes filter rule names, and sends only what the filter takes (test_notifications_with_filter)", async () => {
    const bucket = await newBucket();
    const filter = { Key: { FilterRules: [{ Name: "prefix" as const, Value: "testupload/" }, { Name: "suffix" as const, Value: "testfile.txt" }] } };
    await notify(bucket, {
      QueueConfigurations: [
        { Id: "id0001", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"], Filter: filter },
        { Id: "id0002", QueueArn: QUEUE, Events: ["s3:ObjectTagging:*"], Filter: filter },
      ],
    });
    const config = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    const recordedFilter = { Key: { FilterRules: [{ Name: "Prefix", Value: "testupload/" }, { Name: "Suffix", Value: "testfile.txt" }] } };
    expect(config.QueueConfigurations).toEqual([
      { Id: "id0001", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"], Filter: recordedFilter },
      { Id: "id0002", QueueArn: QUEUE, Events: ["s3:ObjectTagging:*"], Filter: recordedFilter },
    ]);
    sent = [];
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "/testdata", Body: '{"test": "bucket_notification1"}' }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "testupload/dir1/testfile.txt", Body: '{"test": "bucket_notification2"}' }));
    await vi.waitFor(() => expect(records()).toHaveLength(1), { timeout: 10_000 });
    expect(records()[0].s3.object).toMatchObject({ key: "testupload/dir1/testfile.txt", size: 32, eTag: md5('{"test": "bucket_notification2"}') });

    await notify(bucket, {});
    const empty = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect([empty.QueueConfigurations, empty.TopicConfigurations, empty.LambdaFunctionConfigurations, empty.$metadata.httpStatusCode]).toEqual([undefined, undefined, undefined, 200]);
    await notify(bucket, { QueueConfigurations: [{ Id: "id123456", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "testupload/" }] } } }] });
    const updated = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect(updated.QueueConfigurations).toEqual([{ Id: "id123456", QueueArn: QUEUE, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "Prefix", Value: "testupload/" }] } } }]);
  });

  it("passes the request's X-Amzn-Trace-Id on as AWSTraceHeader, and names the request's ids (test_xray_header)", async () => {
    const bucket = await notifiedBucket(["s3:ObjectCreated:*"]);
    const trace = "Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1";
    const put = new PutObjectCommand({ Bucket: bucket, Key: "test-data", Body: "something" });
    put.middlewareStack.add((next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers["x-amzn-trace-id"] = trace;
      return next(args);
    }, { step: "build" });
    const out = await f.client.send(put);
    await vi.waitFor(() => expect(records()).toHaveLength(1), { timeout: 10_000 });
    expect(traces).toEqual([trace]);
    expect(records()[0].responseElements["x-amz-request-id"]).toBe(out.$metadata.requestId);
    expect(records()[0].responseElements["x-amz-id-2"]).toBe(out.$metadata.extendedRequestId);
    expect(records()[0].requestParameters.sourceIPAddress).toBe("127.0.0.1");
    // Without the header, none.
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "untraced", Body: "something" }));
    await vi.waitFor(() => expect(records()).toHaveLength(2), { timeout: 10_000 });
    expect(traces[1]).toBeUndefined();
  });

  it("names the first ARN that does not parse, before any destination is checked (test_multiple_invalid_sqs_arns)", async () => {
    const bucket = await newBucket();
    const config = (first: string, second: string) => ({
      QueueConfigurations: [{ Id: "id1", Events: ["s3:ObjectCreated:*" as const], QueueArn: first }, { Id: "id2", Events: ["s3:ObjectRemoved:*" as const], QueueArn: second }],
    });
    const twoInvalid = (await failure(notify(bucket, config("invalid_arn", "invalid_arn_2")))) as unknown as Record<string, unknown>;
    expect([twoInvalid.name, twoInvalid.message, twoInvalid.ArgumentName, twoInvalid.ArgumentValue]).toEqual(["InvalidArgument", "The ARN could not be parsed", "Queue", "invalid_arn"]);
    const missing = "arn:aws:sqs:us-east-1:000000000000:my-queue";
    const oneInvalid = (await failure(notify(bucket, config(missing, "invalid_arn_2")))) as unknown as Record<string, unknown>;
    expect([oneInvalid.message, oneInvalid.ArgumentName, oneInvalid.ArgumentValue]).toEqual(["The ARN could not be parsed", "Queue", "invalid_arn_2"]);
    const missing2 = "arn:aws:sqs:us-east-1:000000000000:my-queue-2";
    const twoMissing = (await failure(notify(bucket, config(missing, missing2)))) as unknown as Record<string, unknown>;
    expect([twoMissing.message, twoMissing.ArgumentName1, twoMissing.ArgumentValue1, twoMissing.ArgumentName2, twoMissing.ArgumentValue2]).toEqual([
      "Unable to validate the following destination configurations", missing, "The destination queue does not exist", missing2, "The destination queue does not exist",
    ]);
  });
});

describe("S3 to Lambda (test_s3_notifications_lambda.snapshot.json test_invalid_lambda_arn)", () => {
  it("names an unparsable function ARN CloudFunction, with or without destination validation", async () => {
    const bucket = await newBucket();
    const config = (arn: string) => ({ LambdaFunctionConfigurations: [{ Id: "id123", Events: ["s3:ObjectCreated:*" as const], LambdaFunctionArn: arn }] });
    for (const skip of [false, true]) {
      const error = (await failure(notify(bucket, config("invalid-queue"), skip))) as unknown as Record<string, unknown> & { $metadata: { httpStatusCode?: number } };
      expect([error.name, error.message, error.ArgumentName, error.ArgumentValue, error.$metadata.httpStatusCode]).toEqual([
        "InvalidArgument", "The ARN could not be parsed", "CloudFunction", "invalid-queue", 400,
      ]);
    }
  });

  it("answers a function that does not exist as one S3 may not invoke, and keeps it when validation is skipped", async () => {
    const bucket = await newBucket();
    const missing = "arn:aws:lambda:us-east-1:000000000000:function:my-lambda";
    const config = { LambdaFunctionConfigurations: [{ Id: "id123", Events: ["s3:ObjectCreated:*" as const], LambdaFunctionArn: missing }] };
    const error = (await failure(notify(bucket, config))) as unknown as Record<string, unknown>;
    expect([error.name, error.message, error.ArgumentName1, error.ArgumentValue1]).toEqual([
      "InvalidArgument", "Unable to validate the following destination configurations", `${missing}, null`, `Not authorized to invoke function [${missing}]`,
    ]);
    await notify(bucket, config, true);
    const kept = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket }));
    expect(kept.LambdaFunctionConfigurations).toEqual([{ Id: "id123", Events: ["s3:ObjectCreated:*"], LambdaFunctionArn: missing }]);
  });
});

describe("S3 to EventBridge (test_s3_notifications_eventbridge.snapshot.json)", () => {
  const details = () => events.map((e) => ({ type: e.DetailType, source: e.Source, resources: e.Resources, detail: JSON.parse(e.Detail) as Record<string, unknown> }));

  async function eventBridgeBucket(): Promise<string> {
    const bucket = await newBucket();
    await notify(bucket, { EventBridgeConfiguration: {} });
    return bucket;
  }

  it("sends Object Created and Object Deleted, each with its own request id (test_object_created_put)", async () => {
    const bucket = await eventBridgeBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "key-name", Body: "test" }));
    await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "key-name" }));
    await vi.waitFor(() => expect(events).toHaveLength(2), { timeout: 10_000 });
    const [created, deleted] = details();
    expect(created).toEqual({
      type: "Object Created", source: "aws.s3", resources: [`arn:aws:s3:::${bucket}`],
      detail: {
        version: "0", bucket: { name: bucket }, object: { key: "key-name", size: 4, etag: "098f6bcd4621d373cade4e832627b4f6", sequencer: expect.any(String) },
        "request-id": expect.any(String), requester: expect.any(String), "source-ip-address": expect.any(String), reason: "PutObject",
      },
    });
    expect(deleted).toEqual({
      type: "Object Deleted", source: "aws.s3", resources: [`arn:aws:s3:::${bucket}`],
      detail: {
        version: "0", bucket: { name: bucket }, object: { key: "key-name", sequencer: expect.any(String) },
        "request-id": expect.any(String), requester: expect.any(String), "source-ip-address": expect.any(String), reason: "DeleteObject", "deletion-type": "Permanently Deleted",
      },
    });
    expect(created.detail["request-id"]).not.toBe(deleted.detail["request-id"]);
  });

  it("sends Object ACL Updated for each ACL change, naming the object's key and etag (test_object_put_acl)", async () => {
    const bucket = await eventBridgeBucket();
    await f.client.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } }));
    await f.client.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "my_key_acl", Body: "something" }));
    await f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "my_key_acl", ACL: "private" }));
    await f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "my_key_acl", ACL: "public-read" }));
    await f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "my_key_acl", GrantRead: 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"' }));
    await vi.waitFor(() => expect(events).toHaveLength(3), { timeout: 10_000 });
    const [, ...updated] = details();
    for (const event of updated) {
      expect(event).toEqual({
        type: "Object ACL Updated", source: "aws.s3", resources: [`arn:aws:s3:::${bucket}`],
        detail: {
          version: "0", bucket: { name: bucket }, object: { key: "my_key_acl", etag: "437b930db84b8079c2dd804a71936b5f" },
          "request-id": expect.any(String), requester: expect.any(String), "source-ip-address": expect.any(String),
        },
      });
    }
  });

  it("sends Object Tags Added and Object Tags Deleted", async () => {
    const bucket = await eventBridgeBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "tagged", Body: "FooBarBlitz" }));
    await f.client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "tagged", Tagging: { TagSet: [{ Key: "k", Value: "v" }] } }));
    await f.client.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }));
    await vi.waitFor(() => expect(events).toHaveLength(3), { timeout: 10_000 });
    expect(details().map((d) => [d.type, d.detail.object])).toEqual([
      ["Object Created", expect.anything()],
      ["Object Tags Added", { key: "tagged", etag: "f3e6da48d914f3f04f6bd9cb092c044d" }],
      ["Object Tags Deleted", { key: "tagged", etag: "f3e6da48d914f3f04f6bd9cb092c044d" }],
    ]);
  });
});

describe("ACLs set by grant headers (test_s3.snapshot.json test_s3_bucket_acl, test_s3_object_acl)", () => {
  const LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";

  async function aclBucket(): Promise<string> {
    const bucket = await newBucket();
    await f.client.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } }));
    await f.client.send(new DeletePublicAccessBlockCommand({ Bucket: bucket }));
    return bucket;
  }

  it("keeps exactly the grants the headers name, the owner's own grant not added (get-bucket-grant-acl)", async () => {
    const bucket = await aclBucket();
    const { Owner } = await f.client.send(new ListBucketsCommand({}));
    await f.client.send(new PutBucketAclCommand({ Bucket: bucket, GrantRead: `uri="${LOG_DELIVERY}"` }));
    const acl = await f.client.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect([acl.Owner, acl.Grants]).toEqual([Owner, [{ Grantee: { Type: "Group", URI: LOG_DELIVERY }, Permission: "READ" }]]);
  });

  it("does the same for an object, after a canned ACL (get-object-acl, get-object-grant-acl)", async () => {
    const bucket = await aclBucket();
    const { Owner } = await f.client.send(new ListBucketsCommand({}));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "object-key-acl" }));
    await f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "object-key-acl", ACL: "public-read" }));
    const canned = await f.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: "object-key-acl" }));
    expect(canned.Grants).toEqual([
      { Grantee: { Type: "CanonicalUser", ID: Owner?.ID, DisplayName: Owner?.DisplayName }, Permission: "FULL_CONTROL" },
      { Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" }, Permission: "READ" },
    ]);
    await f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "object-key-acl", GrantRead: `uri="${LOG_DELIVERY}"`, GrantFullControl: `id="${Owner?.ID}"` }));
    const granted = await f.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: "object-key-acl" }));
    expect(granted.Grants).toEqual(expect.arrayContaining([
      { Grantee: { Type: "Group", URI: LOG_DELIVERY }, Permission: "READ" },
      { Grantee: { Type: "CanonicalUser", ID: Owner?.ID, DisplayName: Owner?.DisplayName }, Permission: "FULL_CONTROL" },
    ]));
    expect(granted.Grants).toHaveLength(2);
  });

  it("refuses a public ACL while the bucket blocks public ACLs, as the allow_bucket_acl fixture's deletions show (403 AccessDenied)", async () => {
    // S3 User Guide, "Blocking public access to your Amazon S3 storage": with BlockPublicAcls, PutBucketAcl, PutObjectAcl and
    // PutObject "fail" with a public ACL (AWS answers 403 AccessDenied "Access Denied", as aws-sdk-js#3048 reports); ACLs that
    // name no public group still pass.
    const bucket = await newBucket();
    await f.client.send(new PutBucketOwnershipControlsCommand({ Bucket: bucket, OwnershipControls: { Rules: [{ ObjectOwnership: "ObjectWriter" }] } }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    for (const attempt of [
      () => f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", ACL: "public-read" })),
      () => f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "k", ACL: "authenticated-read" })),
      () => f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "k", GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' })),
      () => f.client.send(new PutBucketAclCommand({ Bucket: bucket, ACL: "public-read-write" })),
    ]) {
      const error = await failure(attempt());
      expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual(["AccessDenied", "Access Denied", 403]);
    }
    await f.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: "k", GrantRead: 'uri="http://acs.amazonaws.com/groups/s3/LogDelivery"' }));
    expect((await f.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: "k" }))).Grants?.map((g) => g.Grantee?.URI)).toEqual(["http://acs.amazonaws.com/groups/s3/LogDelivery"]);
  });

  it("gives a copy and a completed multipart upload the ACL their request asked for, never the source's, checked as PutObject's is", async () => {
    const enforced = await newBucket();
    const refused = await failure(f.client.send(new CreateMultipartUploadCommand({ Bucket: enforced, Key: "big", ACL: "public-read" })));
    expect([refused.name, refused.message]).toEqual(["AccessControlListNotSupported", "The bucket does not allow ACLs"]);
    const bucket = await aclBucket();
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "big", ACL: "public-read" }));
    const part = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "big", UploadId, PartNumber: 1, Body: "data" }));
    await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "big", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    const uploaded = await f.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: "big" }));
    expect(uploaded.Grants?.map((g) => g.Grantee?.URI)).toEqual([undefined, "http://acs.amazonaws.com/groups/global/AllUsers"]);
    await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "private-copy", CopySource: `${bucket}/big` }));
    expect((await f.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: "private-copy" }))).Grants).toHaveLength(1);
    await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "logged-copy", CopySource: `${bucket}/big`, GrantRead: `uri="${LOG_DELIVERY}"` }));
    expect((await f.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: "logged-copy" }))).Grants?.map((g) => g.Grantee?.URI)).toEqual([LOG_DELIVERY]);
  });

  it("takes a browser form's acl field as PutObject takes x-amz-acl: refused where the bucket refuses it, else kept", async () => {
    const post = (bucket: string, acl: string) => {
      const form = new FormData();
      form.append("key", "form.txt");
      form.append("acl", acl);
      form.append("file", new Blob(["from a form"]), "form.txt");
      return fetch(`${f.url}/${bucket}`, { method: "POST", body: form });
    };
    const enforced = await newBucket();
    const refused = await post(enforced, "public-read");
    expect([refused.status, await refused.text()]).toEqual([400, expect.stringContaining("<Code>AccessControlListNotSupported</Code>")]);
    const bucket = await aclBucket();
    expect((await post(bucket, "public-read")).status).toBe(204);
    const acl = await f.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: "form.txt" }));
    expect(acl.Grants?.map((g) => g.Grantee?.URI)).toEqual([undefined, "http://acs.amazonaws.com/groups/global/AllUsers"]);
  });

  it("keeps the ACL a PutObject asks for with x-amz-acl, as a later PutObjectAcl would set it", async () => {
    const bucket = await aclBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "public", Body: "x", ACL: "public-read" }));
    const acl = await f.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: "public" }));
    expect(acl.Grants?.map((g) => [g.Grantee?.Type, g.Grantee?.URI, g.Permission])).toEqual([
      ["CanonicalUser", undefined, "FULL_CONTROL"], ["Group", "http://acs.amazonaws.com/groups/global/AllUsers", "READ"],
    ]);
  });
});

describe("CORS (test_s3_cors.snapshot.json)", () => {
  const ORIGIN = "https://localhost:4200";
  const VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
  const NOT_ALLOWED =
    "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource&apos;s CORS spec.";

  async function corsObject(rules: CORSRule[]): Promise<string> {
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-cors", Body: "test-cors" }));
    await f.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }));
    return `${f.url}/${bucket}/test-cors`;
  }

  /** The Access-Control-* and Vary headers of an answer. */
  const corsHeaders = (res: Response) => Object.fromEntries([...res.headers.entries()].filter(([name]) => name.startsWith("access-control-") || name === "vary"));

  it("answers a GET from an allowed origin with the rule's headers, and others without any (test_cors_match_origins)", async () => {
    const url = await corsObject([{ AllowedOrigins: [ORIGIN], AllowedMethods: ["GET", "PUT"], MaxAgeSeconds: 3000, AllowedHeaders: ["*"] }]);
    const ruleHeaders = {
      "access-control-allow-credentials": "true", "access-control-allow-methods": "GET, PUT", "access-control-allow-origin": ORIGIN, "access-control-max-age": "3000", vary: VARY,
    };
    const noOrigin = await fetch(url, { method: "OPTIONS" });
    expect([noOrigin.status, await noOrigin.text()]).toEqual([400, expect.stringContaining("<Code>BadRequest</Code><Message>Insufficient information. Origin request header needed.</Message>")]);
    const referer = await fetch(url, { method: "OPTIONS", headers: { referer: ORIGIN, "Access-Control-Request-Method": "PUT" } });
    expect(referer.status).toBe(400);
    const plain = await fetch(url, { headers: { referer: ORIGIN } });
    expect([plain.status, corsHeaders(plain), await plain.text()]).toEqual([200, {}, "test-cors"]);
    const preflight = await fetch(url, { method: "OPTIONS", headers: { Origin: ORIGIN, "Access-Control-Request-Method": "PUT" } });
    expect([preflight.status, corsHeaders(preflight)]).toEqual([200, ruleHeaders]);
    const get = await fetch(url, { headers: { Origin: ORIGIN } });
    expect([get.status, corsHeaders(get), await get.text()]).toEqual([200, ruleHeaders, "test-cors"]);
    const wrong = await fetch(url, { method: "OPTIONS", headers: { Origin: "http://localhost:4200", "Access-Control-Request-Method": "PUT" } });
    const wrongBody = await wrong.text();
    expect([wrong.status, corsHeaders(wrong)]).toEqual([403, {}]);
    expect(wrongBody).toContain(`<Code>AccessForbidden</Code><Message>${NOT_ALLOWED}</Message><Method>PUT</Method><ResourceType>OBJECT</ResourceType>`);
    const wrongGet = await fetch(url, { headers: { Origin: "http://localhost:4200" } });
    expect([wrongGet.status, corsHeaders(wrongGet)]).toEqual([200, {}]);
  });

  it("answers any origin with * and no credentials under an AllowedOrigin of * (opt-random-wildcard-origin)", async () => {
    const url = await corsObject([{ AllowedOrigins: ["*"], AllowedMethods: ["GET", "PUT"], MaxAgeSeconds: 3000, AllowedHeaders: ["*"] }]);
    const wildcard = { "access-control-allow-methods": "GET, PUT", "access-control-allow-origin": "*", "access-control-max-age": "3000", vary: VARY };
    const preflight = await fetch(url, { method: "OPTIONS", headers: { Origin: "http://random:1234", "Access-Control-Request-Method": "PUT" } });
    expect([preflight.status, corsHeaders(preflight)]).toEqual([200, wildcard]);
    const get = await fetch(url, { headers: { Origin: "http://random:1234" } });
    expect([get.status, corsHeaders(get)]).toEqual([200, wildcard]);
  });

  it("treats a GET carrying preflight headers as a preflight: no CORS headers when they are not allowed (test_cors_match_methods, test_cors_match_headers)", async () => {
    const url = await corsObject([{ AllowedOrigins: [ORIGIN], AllowedMethods: ["GET"], MaxAgeSeconds: 3000, AllowedHeaders: ["x-amz-expected-bucket-owner"] }]);
    const wrongOp = await fetch(url, { headers: { Origin: ORIGIN, "Access-Control-Request-Method": "PUT" } });
    expect([wrongOp.status, corsHeaders(wrongOp), await wrongOp.text()]).toEqual([200, {}, "test-cors"]);
    const withHeaders = await fetch(url, { headers: { Origin: ORIGIN, "Access-Control-Request-Headers": "x-amz-request-payer" } });
    expect([withHeaders.status, corsHeaders(withHeaders)]).toEqual([200, {}]);
    // A header the rule does not list, sent on the GET itself, is not checked (get-non-allowed).
    const sent = await fetch(url, { headers: { Origin: ORIGIN, "x-amz-request-payer": "requester" } });
    expect(corsHeaders(sent)).toEqual({
      "access-control-allow-credentials": "true", "access-control-allow-methods": "GET", "access-control-allow-origin": ORIGIN, "access-control-max-age": "3000", vary: VARY,
    });
  });

  it("echoes the requested headers a rule allows, lower-cased, and refuses one it does not list (test_cors_match_headers)", async () => {
    const url = await corsObject([{ AllowedOrigins: [ORIGIN], AllowedMethods: ["GET"], MaxAgeSeconds: 3000, AllowedHeaders: ["*"] }]);
    const two = await fetch(url, { method: "OPTIONS", headers: { Origin: ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-amz-request-payer, x-amz-expected-bucket-owner" } });
    expect(two.headers.get("access-control-allow-headers")).toBe("x-amz-request-payer, x-amz-expected-bucket-owner");
    const bucket = url.slice(f.url.length + 1, url.lastIndexOf("/"));
    const allowed = ["x-amz-expected-bucket-owner", "x-amz-server-side-encryption-customer-algorithm", "x-AMZ-server-SIDE-encryption"];
    await f.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: [ORIGIN], AllowedMethods: ["GET"], MaxAgeSeconds: 3000, AllowedHeaders: allowed }] } }));
    // get-bucket-cors-casing: the header names as they were put.
    expect((await f.client.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules?.[0].AllowedHeaders).toEqual(allowed);
    const refused = await fetch(url, { method: "OPTIONS", headers: { Origin: ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-amz-request-payer" } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("<Method>GET</Method><ResourceType>OBJECT</ResourceType>");
    const casing = await fetch(url, {
      method: "OPTIONS", headers: { Origin: ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "X-Amz-Expected-Bucket-Owner, x-amz-server-side-encryption" },
    });
    expect([casing.status, casing.headers.get("access-control-allow-headers")]).toEqual([200, "x-amz-expected-bucket-owner, x-amz-server-side-encryption"]);
  });

  it("lists ExposeHeaders, and answers no Max-Age and no headers a rule does not set (test_cors_expose_headers, test_put_cors_default_values)", async () => {
    const url = await corsObject([{ AllowedOrigins: ["*"], AllowedMethods: ["GET"], ExposeHeaders: ["x-amz-id-2", "x-amz-request-id", "x-amz-request-payer"] }]);
    const exposed = await fetch(url, { method: "OPTIONS", headers: { Origin: "localhost:4566", "Access-Control-Request-Method": "GET" } });
    expect([exposed.status, corsHeaders(exposed)]).toEqual([200, {
      "access-control-allow-methods": "GET", "access-control-allow-origin": "*", "access-control-expose-headers": "x-amz-id-2, x-amz-request-id, x-amz-request-payer", vary: VARY,
    }]);
    const withHeaders = await fetch(url, { method: "OPTIONS", headers: { Origin: "localhost:4566", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "x-amz-request-payer" } });
    expect(withHeaders.status).toBe(403);
  });

  it("refuses a method S3 does not know and an empty rule list; keeps an empty origin (test_put_cors_invalid_rules, test_put_cors_empty_origin)", async () => {
    const bucket = await newBucket();
    const unknown = await failure(f.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["*", "https://test.com"], AllowedMethods: ["GET", "PUT", "HEAD", "MYMETHOD"] }] } })));
    expect([unknown.name, unknown.message, unknown.$metadata.httpStatusCode]).toEqual(["InvalidRequest", "Found unsupported HTTP method in CORS config. Unsupported method is MYMETHOD", 400]);
    const empty = await failure(f.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [] } })));
    expect([empty.name, empty.message]).toEqual(["MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema"]);
    await f.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [{ AllowedOrigins: [""], AllowedMethods: ["GET", "PUT", "HEAD"] }] } }));
    expect((await f.client.send(new GetBucketCorsCommand({ Bucket: bucket }))).CORSRules).toEqual([{ AllowedOrigins: [""], AllowedMethods: ["GET", "PUT", "HEAD"] }]);
  });

  it("matches an origin against a rule's wildcard (test_cors_options_match_partial_origin)", async () => {
    const url = await corsObject([{ AllowedOrigins: ["http://*.origin.com"], AllowedMethods: ["GET", "PUT"], MaxAgeSeconds: 3000, AllowedHeaders: ["*"] }]);
    const matched = await fetch(url, { method: "OPTIONS", headers: { Origin: "http://test.origin.com", "Access-Control-Request-Method": "GET" } });
    expect([matched.status, corsHeaders(matched)]).toEqual([200, {
      "access-control-allow-credentials": "true", "access-control-allow-methods": "GET, PUT", "access-control-allow-origin": "http://test.origin.com", "access-control-max-age": "3000", vary: VARY,
    }]);
    const refused = await fetch(url.slice(0, url.lastIndexOf("/")), { method: "OPTIONS", headers: { Origin: "http://test.other.com", "Access-Control-Request-Method": "GET" } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("<Method>GET</Method><ResourceType>BUCKET</ResourceType>");
  });
});

describe("form uploads (test_s3.snapshot.json TestS3PresignedPost)", () => {
  it("refuses a POST to a bucket that is not multipart/form-data with 412, naming the condition (test_post_object_with_wrong_content_type)", async () => {
    const bucket = await newBucket();
    const res = await fetch(`${f.url}/${bucket}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "key=test-key&x-amz-meta-a=b" });
    expect(res.status).toBe(412);
    const body = await res.text();
    expect(body).toContain(
      "<Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>Bucket POST must be of the enclosure-type multipart/form-data</Condition>",
    );
  });
});

describe("CopyObject (test_s3.snapshot.json TestS3)", () => {
  it("names the null version a copy into a suspended bucket wrote, and no null source version (test_s3_copy_object_in_place_suspended_only)", async () => {
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: '{"key": "value"}', ContentType: "application/json", Metadata: { key: "value" } }));
    const plain = await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "k", CopySource: `${bucket}/k`, MetadataDirective: "REPLACE" }));
    expect([plain.VersionId, plain.CopySourceVersionId, plain.CopyObjectResult?.ETag]).toEqual([undefined, undefined, '"88bac95f31528d13a072c05f2a1cf371"']);
    await f.client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Suspended" } }));
    for (let copy = 0; copy < 2; copy++) {
      const suspended = await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "k", CopySource: `${bucket}/k`, MetadataDirective: "REPLACE" }));
      expect([suspended.VersionId, suspended.CopySourceVersionId]).toEqual(["null", undefined]);
    }
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }));
    expect([head.ContentType, head.Metadata, head.VersionId]).toEqual(["binary/octet-stream", {}, "null"]);
  });

  it("refuses a copy source without a key (test_s3_copy_object_wrong_format)", async () => {
    const bucket = await newBucket();
    const error = (await failure(f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "dest", CopySource: "x-amz-copy-source" })))) as unknown as Record<string, unknown>;
    expect([error.name, error.message, error.ArgumentName, error.ArgumentValue]).toEqual(["InvalidArgument", "Invalid copy source object key", "x-amz-copy-source", "x-amz-copy-source"]);
  });

  it("copies a version onto its key with REPLACE, its content type then binary/octet-stream (test_s3_copy_object_in_place_versioned)", async () => {
    const bucket = await newBucket(true);
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: '{"key": "value"}', ContentType: "application/json", Metadata: { key: "value" } }));
    const unchanged = await failure(f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "k", CopySource: `${bucket}/k` })));
    expect([unchanged.name, unchanged.message]).toEqual([
      "InvalidRequest",
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    ]);
    const copied = await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "k", CopySource: `${bucket}/k?versionId=${put.VersionId}`, MetadataDirective: "REPLACE" }));
    expect([copied.CopyObjectResult?.ETag, copied.CopySourceVersionId, copied.VersionId === put.VersionId]).toEqual(['"88bac95f31528d13a072c05f2a1cf371"', put.VersionId, false]);
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k" }));
    expect([head.ContentType, head.Metadata, head.VersionId]).toEqual(["binary/octet-stream", {}, copied.VersionId]);
  });
});

describe("presigned URLs (test_s3.snapshot.json TestS3PresignedUrl)", () => {
  it("refuses a credential whose slashes were encoded twice (test_presigned_double_encoded_credentials)", async () => {
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test.txt", Body: "test-value" }));
    const amzDate = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    const credential = encodeURIComponent(`test/${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`);
    const query = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(credential)}&X-Amz-Date=${amzDate}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=abc`;
    const res = await fetch(`${f.url}/${bucket}/test.txt?${query}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      "<Code>AuthorizationQueryParametersError</Code><Message>Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting &quot;&lt;YOUR-AKID&gt;/YYYYMMDD/REGION/SERVICE/aws4_request&quot;.</Message>",
    );
    const once = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${credential}&X-Amz-Date=${amzDate}&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=abc`;
    const ok = await fetch(`${f.url}/${bucket}/test.txt?${once}`);
    expect([ok.status, await ok.text()]).toEqual([200, "test-value"]);
  });
});

describe("GetObjectAttributes (test_s3.snapshot.json test_get_object_attributes_with_space)", () => {
  it("reads an attribute list with spaces after its commas", async () => {
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "data.txt", Body: "test-data", ChecksumAlgorithm: "SHA256" }));
    const authorization = "AWS4-HMAC-SHA256 Credential=x/20261126/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";
    for (const attributes of ["ETag, Checksum, ObjectSize, StorageClass", "ETag,Checksum,ObjectSize,StorageClass"]) {
      const res = await fetch(`${f.url}/${bucket}/data.txt?attributes`, { headers: { authorization, "x-amz-object-attributes": attributes } });
      const xml = await res.text();
      expect(res.status).toBe(200);
      const sha256 = createHash("sha256").update("test-data").digest("base64");
      for (const part of [`<ETag>${md5("test-data")}</ETag>`, "<ObjectSize>9</ObjectSize>", "<StorageClass>STANDARD</StorageClass>", `<ChecksumSHA256>${sha256}</ChecksumSHA256>`]) {
        expect(xml).toContain(part);
      }
    }
  });
});

describe("conditional writes (test_s3_api.snapshot.json TestS3ObjectWritePrecondition)", () => {
  const complete = async (Bucket: string, UploadId: string, conditions: { IfMatch?: string; IfNoneMatch?: string }) => {
    const part = await f.client.send(new UploadPartCommand({ Bucket, Key: "test-precondition", UploadId, PartNumber: 1, Body: "test" }));
    return f.client.send(new CompleteMultipartUploadCommand({ Bucket, Key: "test-precondition", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] }, ...conditions }));
  };
  const create = async (Bucket: string) => (await f.client.send(new CreateMultipartUploadCommand({ Bucket, Key: "test-precondition" }))).UploadId ?? "";

  it("answers NoSuchKey for If-Match once the key is deleted, and 409 once it is written again during the upload (test_multipart_if_match_with_delete)", async () => {
    const bucket = await newBucket();
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "test" }));
    const uploadId = await create(bucket);
    await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "test-precondition" }));
    const deleted = (await failure(complete(bucket, uploadId, { IfMatch: put.ETag }))) as unknown as Record<string, unknown> & { $metadata: { httpStatusCode?: number } };
    expect([deleted.name, deleted.$metadata.httpStatusCode, deleted.Key]).toEqual(["NoSuchKey", 404, "test-precondition"]);
    const again = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "test" }));
    const conflict = (await failure(complete(bucket, uploadId, { IfMatch: again.ETag }))) as unknown as Record<string, unknown>;
    expect([conflict.name, conflict.Condition, conflict.Key]).toEqual(["ConditionalRequestConflict", "If-Match", "test-precondition"]);
  });

  it("answers 412 for If-Match naming the ETag replaced before completion, and 409 even for an identical rewrite (test_multipart_if_match_with_put, _identical)", async () => {
    const bucket = await newBucket();
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "test" }));
    const uploadId = await create(bucket);
    const during = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "test-during" }));
    const before = (await failure(complete(bucket, uploadId, { IfMatch: put.ETag }))) as unknown as Record<string, unknown> & { $metadata: { httpStatusCode?: number } };
    expect([before.name, before.$metadata.httpStatusCode, before.Condition]).toEqual(["PreconditionFailed", 412, "If-Match"]);
    const conflict = (await failure(complete(bucket, uploadId, { IfMatch: during.ETag }))) as unknown as Record<string, unknown>;
    expect([conflict.name, conflict.Condition]).toEqual(["ConditionalRequestConflict", "If-Match"]);
    const restarted = await complete(bucket, await create(bucket), { IfMatch: during.ETag });
    expect(restarted.ETag).toBe('"60cd54a928cbbcbb6e7b5595bab46a9e-1"');

    const identical = await create(bucket);
    const same = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "test" }));
    const sameConflict = (await failure(complete(bucket, identical, { IfMatch: same.ETag }))) as unknown as Record<string, unknown>;
    expect([sameConflict.name, sameConflict.Condition]).toEqual(["ConditionalRequestConflict", "If-Match"]);
  });

  it("answers 412 for If-None-Match: * on a key written during the upload (test_multipart_if_none_match_with_put)", async () => {
    const bucket = await newBucket();
    const uploadId = await create(bucket);
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "" }));
    const error = (await failure(complete(bucket, uploadId, { IfNoneMatch: "*" }))) as unknown as Record<string, unknown> & { $metadata: { httpStatusCode?: number } };
    expect([error.name, error.$metadata.httpStatusCode, error.Condition]).toEqual(["PreconditionFailed", 412, "If-None-Match"]);
  });

  it("answers NoSuchKey for PutObject If-Match on a missing key or one under a delete marker (test_put_object_if_match_validation, _versioned_bucket)", async () => {
    const bucket = await newBucket(true);
    const missing = (await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "x", IfMatch: "abcdef" })))) as unknown as Record<string, unknown>;
    expect([missing.name, missing.Key]).toEqual(["NoSuchKey", "test-precondition"]);
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "test" }));
    const wrong = (await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "x", IfMatch: '"abcdef"' })))) as unknown as Record<string, unknown>;
    expect([wrong.name, wrong.Condition]).toEqual(["PreconditionFailed", "If-Match"]);
    await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "test-precondition" }));
    const marked = (await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "x", IfMatch: put.ETag })))) as unknown as Record<string, unknown>;
    expect([marked.name, marked.Key]).toEqual(["NoSuchKey", "test-precondition"]);
    const after = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "after delete" }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "test-precondition", Body: "if match put", IfMatch: after.ETag }));
    const versions = await f.client.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect([versions.Versions?.length, versions.DeleteMarkers?.length]).toEqual([3, 1]);
  });
});

describe("listings (test_s3_list_operations.snapshot.json TestS3ListObjectsV2)", () => {
  const authorization = "AWS4-HMAC-SHA256 Credential=x/20261126/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";
  const get = async (path: string) => {
    const res = await fetch(`${f.url}${path}`, { headers: { authorization } });
    return { status: res.status, xml: await res.text() };
  };

  it("refuses an encoding type other than url, or an empty one, in all four listings (test_list_ops_encoding_type_validation)", async () => {
    const bucket = await newBucket();
    for (const listing of ["list-type=2&", "", "versions&", "uploads&"]) {
      for (const value of ["value", ""]) {
        const { status, xml } = await get(`/${bucket}?${listing}encoding-type=${value}`);
        expect(status).toBe(400);
        expect(xml).toContain(`<Code>InvalidArgument</Code><Message>Invalid Encoding Method specified in Request</Message><ArgumentName>encoding-type</ArgumentName><ArgumentValue>${value}</ArgumentValue>`);
      }
    }
  });

  it("encodes StartAfter and keys, '=' included, and pages on from a continuation token (test_list_objects_v2_continuation_token_safe_chars)", async () => {
    const bucket = await newBucket();
    for (const Key of ["a/\u{1F600}/", "date=2026-01-01/", "date=2026-02-01/", "date=2026-03-01/", "date=2026-05-01/", "file/name", "test key/", "test%123"]) {
      await f.client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: "" }));
    }
    const encoded = await get(`/${bucket}?list-type=2&encoding-type=url&max-keys=2&start-after=${encodeURIComponent("date=2026-02-01/")}`);
    expect(encoded.xml.match(/<Key>[^<]*/g)).toEqual(["<Key>date%3D2026-03-01/", "<Key>date%3D2026-05-01/"]);
    expect(encoded.xml.match(/<(StartAfter|KeyCount|IsTruncated)>[^<]*/g)?.sort()).toEqual(["<IsTruncated>true", "<KeyCount>2", "<StartAfter>date%3D2026-02-01/"]);
    const literal = await get(`/${bucket}?list-type=2&encoding-type=url&max-keys=2&start-after=${encodeURIComponent("date%3D2026-02-01/")}`);
    expect(literal.xml.match(/<Key>[^<]*/g)).toEqual(["<Key>date%3D2026-01-01/", "<Key>date%3D2026-02-01/"]);
    const token = /<NextContinuationToken>([^<]*)/.exec(literal.xml)?.[1] ?? "";
    const next = await get(`/${bucket}?list-type=2&encoding-type=url&max-keys=2&continuation-token=${encodeURIComponent(token)}`);
    expect(next.xml.match(/<Key>[^<]*/g)).toEqual(["<Key>date%3D2026-03-01/", "<Key>date%3D2026-05-01/"]);
    expect(next.xml).not.toContain("<StartAfter>");
  });
});

describe("concurrency (test_s3_concurrency.py)", () => {
  it("creates a bucket twice and lists while writing, in parallel, without an error (test_parallel_bucket_creation, test_parallel_object_creation_and_listing)", async () => {
    const buckets = Array.from({ length: 10 }, () => bucketName());
    await Promise.all(buckets.map(async (Bucket) => {
      await f.client.send(new CreateBucketCommand({ Bucket }));
      await f.client.send(new CreateBucketCommand({ Bucket }));
    }));
    const [bucket] = buckets;
    await Promise.all(Array.from({ length: 20 }, (_, runner) =>
      runner % 2 ? f.client.send(new ListObjectsV2Command({ Bucket: bucket })) : f.client.send(new PutObjectCommand({ Bucket: bucket, Key: `random-key-${runner}`, Body: "random" }))));
    expect((await f.client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(10);
  });
});
