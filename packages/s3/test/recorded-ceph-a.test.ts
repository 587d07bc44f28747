/**
 * Behaviours found by running ceph/s3-tests itself (s3tests_boto3/functional/test_s3.py, the tests
 * outside acl/policy/tagging/lifecycle/cors/encryption/lock/logging/website/...) against the sandbox,
 * where the suite's expectation is S3's own. Each case names the suite's test and the AWS source.
 */
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, HeadObjectCommand, UploadPartCommand } from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBucket, failure, startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;

beforeAll(async () => {
  f = await startS3();
});
afterAll(async () => {
  await f?.close();
});

const newBucket = (): Promise<string> => createBucket(f.client);

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest();

describe("CompleteMultipartUpload", () => {
  /** A one-part SHA256 (composite) upload of "A" x 1024, and the composite S3 makes of it. */
  async function compositeUpload(bucket: string, key: string) {
    const body = Buffer.alloc(1024, "A");
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ChecksumAlgorithm: "SHA256" }));
    const part = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: body, ChecksumAlgorithm: "SHA256" }));
    const composite = `${sha256(sha256(body)).toString("base64")}-1`;
    const complete = (ChecksumSHA256: string) => f.client.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: key, UploadId, ChecksumSHA256,
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumSHA256: part.ChecksumSHA256 }] },
    }));
    return { composite, complete };
  }

  it("holds a composite checksum the completion names to the parts' own: BadDigest when it differs, InvalidRequest when it is none", async () => {
    // ceph test_multipart_checksum_sha256 ("should reject the bad request checksum"); S3 User Guide, "Checking
    // object integrity": "If the two values don't match, S3 fails the request with a BadDigest error".
    const bucket = await newBucket();
    const { composite, complete } = await compositeUpload(bucket, "k");
    for (const wrong of [`${sha256(Buffer.from("other")).toString("base64")}-1`, sha256(Buffer.from("other")).toString("base64")]) {
      const error = await failure(complete(wrong));
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.name).toBe("BadDigest");
      expect(error.message).toBe("The SHA256 you specified did not match the calculated checksum.");
    }
    // A value that is no SHA256 at all ("bad", as the suite sends) is refused as PutObject refuses one (S3's text, versitygw#1189).
    const malformed = await failure(complete("bad"));
    expect([malformed.$metadata.httpStatusCode, malformed.name]).toEqual([400, "InvalidRequest"]);
    expect(malformed.message).toBe("Value for x-amz-checksum-sha256 header is invalid.");
    // The upload is still there to complete with the right value ("Ok6Cs5b96ux6+MWQkJO7UBT5sKPBeXBLwvj/hK89smg=-1" in the suite).
    expect(composite).toBe("Ok6Cs5b96ux6+MWQkJO7UBT5sKPBeXBLwvj/hK89smg=-1");
    const done = await complete(composite);
    expect([done.ChecksumSHA256, done.ChecksumType]).toEqual([composite, "COMPOSITE"]);
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "k", ChecksumMode: "ENABLED" }));
    expect(head.ChecksumSHA256).toBe(composite);
  });

  it("refuses a malformed whole-object checksum on a FULL_OBJECT completion with InvalidRequest", async () => {
    // Same rule for FULL_OBJECT (the malformed value was dropped before and the completion went through).
    const bucket = await newBucket();
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "k", ChecksumAlgorithm: "CRC32", ChecksumType: "FULL_OBJECT" }));
    const part = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "k", UploadId, PartNumber: 1, Body: "abc", ChecksumAlgorithm: "CRC32" }));
    const error = await failure(f.client.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: "k", UploadId, ChecksumCRC32: "bad", ChecksumType: "FULL_OBJECT",
      MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 }] },
    })));
    expect([error.$metadata.httpStatusCode, error.name]).toEqual([400, "InvalidRequest"]);
    expect(error.message).toBe("Value for x-amz-checksum-crc32 header is invalid.");
  });
});
