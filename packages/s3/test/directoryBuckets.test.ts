import { CreateBucketCommand, ListBucketsCommand, ListDirectoryBucketsCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, startS3, type S3Fixture } from "./helpers.js";

let s3: S3Fixture;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.close());

describe("ListDirectoryBuckets", () => {
  it("lists no directory bucket, while ListBuckets lists the general purpose ones", async () => {
    const name = bucketName();
    await s3.client.send(new CreateBucketCommand({ Bucket: name }));
    const directory = await s3.client.send(new ListDirectoryBucketsCommand({}));
    expect(directory.$metadata.httpStatusCode).toBe(200);
    expect(directory.Buckets ?? []).toEqual([]);
    expect((await s3.client.send(new ListBucketsCommand({}))).Buckets?.map((b) => b.Name)).toContain(name);
  });
});
