import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectsCommand,
  GetBucketNotificationConfigurationCommand, PutBucketNotificationConfigurationCommand, PutObjectCommand, UploadPartCommand,
} from "@aws-sdk/client-s3";
import type { LambdaInvokeRequest, LambdaInvoker } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;
const invoked: LambdaInvokeRequest[] = [];
const invoker: LambdaInvoker = {
  invoke: async (request) => {
    invoked.push(request);
    return { statusCode: 202, payload: Buffer.alloc(0), executedVersion: "$LATEST" };
  },
};
const FN = "arn:aws:lambda:us-east-1:000000000000:function:thumbnails";

beforeAll(async () => {
  f = await startS3({ invoker });
  await f.client.send(new CreateBucketCommand({ Bucket: "notified" }));
});

afterAll(async () => {
  await f?.close();
});

type EventRecord = { eventName: string; s3: { configurationId: string; object: { key: string; size?: number; eTag?: string } } };
const records = () => invoked.flatMap((r) => (JSON.parse(r.payload.toString()) as { Records: EventRecord[] }).Records);

describe("bucket notifications to Lambda", () => {
  it("keeps the configuration PutBucketNotificationConfiguration sets", async () => {
    await f.client.send(new PutBucketNotificationConfigurationCommand({
      Bucket: "notified",
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          { Id: "created", LambdaFunctionArn: FN, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "prefix", Value: "in/" }] } } },
          { Id: "removed", LambdaFunctionArn: FN, Events: ["s3:ObjectRemoved:*"] },
        ],
      },
    }));
    const config = await f.client.send(new GetBucketNotificationConfigurationCommand({ Bucket: "notified" }));
    // S3 answers filter rule names capitalized (AWS-recorded, localstack test_filter_rules_case_insensitive).
    expect(config.LambdaFunctionConfigurations).toEqual([
      { Id: "created", LambdaFunctionArn: FN, Events: ["s3:ObjectCreated:*"], Filter: { Key: { FilterRules: [{ Name: "Prefix", Value: "in/" }] } } },
      { Id: "removed", LambdaFunctionArn: FN, Events: ["s3:ObjectRemoved:*"] },
    ]);
  });

  it("invokes the function asynchronously for each matching event: Put, Copy, CompleteMultipartUpload, Delete", async () => {
    await f.client.send(new PutObjectCommand({ Bucket: "notified", Key: "in/a.txt", Body: "abc" }));
    await f.client.send(new PutObjectCommand({ Bucket: "notified", Key: "out/skipped.txt", Body: "abc" }));
    await f.client.send(new CopyObjectCommand({ Bucket: "notified", Key: "in/b.txt", CopySource: "notified/in/a.txt" }));
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: "notified", Key: "in/c.bin" }));
    const part = await f.client.send(new UploadPartCommand({ Bucket: "notified", Key: "in/c.bin", UploadId, PartNumber: 1, Body: "only part" }));
    await f.client.send(new CompleteMultipartUploadCommand({ Bucket: "notified", Key: "in/c.bin", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    await f.client.send(new DeleteObjectsCommand({ Bucket: "notified", Delete: { Objects: [{ Key: "in/a.txt" }] } }));
    expect(invoked.every((r) => r.invocationType === "Event" && r.functionName === FN)).toBe(true);
    expect(records().map((r) => [r.eventName, r.s3.configurationId, r.s3.object.key])).toEqual([
      ["ObjectCreated:Put", "created", "in/a.txt"],
      ["ObjectCreated:Copy", "created", "in/b.txt"],
      ["ObjectCreated:CompleteMultipartUpload", "created", "in/c.bin"],
      ["ObjectRemoved:Delete", "removed", "in/a.txt"],
    ]);
    expect(records()[0].s3.object).toMatchObject({ size: 3, eTag: "900150983cd24fb0d6963f7d28e17f72" });
  });
});
