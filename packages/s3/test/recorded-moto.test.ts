/**
 * Behaviours from moto's S3 tests that moto runs against real S3 (@s3_aws_verified /
 * @aws_verified in getmoto/moto tests/test_s3), replayed through the SDK against the sandbox.
 */
import {
  CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutBucketTaggingCommand,
  PutObjectCommand, PutObjectTaggingCommand, S3Client, UploadPartCommand, type BucketLocationConstraint,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, createBucket, CREDENTIALS, failure, startS3, type S3Fixture } from "./helpers.js";

/** The SDK's BucketLocationConstraint leaves us-east-1 out; S3 still receives it from clients that send it. */
const US_EAST_1 = String("us-east-1") as BucketLocationConstraint;

let f: S3Fixture;
beforeAll(async () => {
  f = await startS3();
});
afterAll(async () => {
  await f?.close();
});

const newBucket = (): Promise<string> => createBucket(f.client);

describe("conditional completion (test_s3_conditionals.py)", () => {
  it("refuses CompleteMultipartUpload with If-None-Match: * when the key exists, naming the condition", async () => {
    // moto test_multipart_upload__if_none_match__put_object, @s3_aws_verified
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "key.txt", Body: "" }));
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "key.txt" }));
    const part = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "key.txt", UploadId, PartNumber: 1, Body: "1" }));
    const error = await failure(f.client.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: "key.txt", UploadId, IfNoneMatch: "*", MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
    })));
    expect(error.name).toBe("PreconditionFailed");
    expect(error.$metadata.httpStatusCode).toBe(412);
    expect(error.message).toBe("At least one of the pre-conditions you specified did not hold");
    expect(error).toMatchObject({ Condition: "If-None-Match" });
  });
});

describe("tagging (test_s3_tagging.py)", () => {
  it("refuses system tags and more than 10 object tags with S3's texts", async () => {
    // moto test_put_object_with_tagging, test_put_bucket_tagging, test_put_object_tagging, @s3_aws_verified
    const bucket = await newBucket();
    const onPut = await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x", Tagging: "aws:foo=bar" })));
    expect(onPut.name).toBe("InvalidTag");
    expect(onPut.message).toBe("Your TagKey cannot be prefixed with aws:");
    const onBucket = await failure(f.client.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: "aws:sometag", Value: "nope" }] } })));
    expect(onBucket.name).toBe("InvalidTag");
    expect(onBucket.message).toBe("System tags cannot be added/updated by requester");
    await f.client.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: "something:aws:stuff", Value: "this is fine" }] } }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "x" }));
    const tooMany = await failure(f.client.send(new PutObjectTaggingCommand({
      Bucket: bucket, Key: "k", Tagging: { TagSet: Array.from({ length: 11 }, (_, i) => ({ Key: `tag${i}`, Value: "too_many" })) },
    })));
    expect(tooMany.name).toBe("BadRequest");
    expect(tooMany.message).toBe("Object tags cannot be greater than 10");
  });
});

describe("headers and parts (test_s3.py, test_s3_response_headers.py)", () => {
  it("names application/xml as HeadBucket's content type", async () => {
    // moto test_header_content_type, @s3_aws_verified
    const bucket = await newBucket();
    const res = await f.client.send(new HeadBucketCommand({ Bucket: bucket }));
    expect(res.$metadata.httpStatusCode).toBe(200);
    const raw = await fetch(`${f.url}/${bucket}`, { method: "HEAD" });
    expect(raw.headers.get("content-type")).toBe("application/xml");
  });

  it("answers part 1 of a plain object as a 206 of all of it, and 416 for part 2", async () => {
    // moto test_head_object / test_get_object, @s3_aws_verified
    const bucket = await newBucket();
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "hello.txt", Body: "x".repeat(10) }));
    const part = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "hello.txt", PartNumber: 1 }));
    expect(part.$metadata.httpStatusCode).toBe(206);
    expect(part.ContentRange).toBe("bytes 0-9/10");
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "hello.txt", PartNumber: 1 }));
    expect(head.ContentLength).toBe(10);
    const error = await failure(f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "hello.txt", PartNumber: 2 })));
    expect(error.$metadata.httpStatusCode).toBe(416);
  });

  it("refuses a us-east-1 constraint on a regional endpoint as IllegalLocationConstraintException", async () => {
    // moto test_create_bucket_with_wrong_location_constraint, @aws_verified
    const west = new S3Client({ endpoint: f.url, region: "us-west-2", credentials: CREDENTIALS, forcePathStyle: true });
    try {
      const error = await failure(west.send(new CreateBucketCommand({ Bucket: bucketName(), CreateBucketConfiguration: { LocationConstraint: US_EAST_1 } })));
      expect(error.name).toBe("IllegalLocationConstraintException");
      expect(error.message).toBe("The us-east-1 location constraint is incompatible for the region specific endpoint this request was sent to.");
    } finally {
      west.destroy();
    }
  });
});
