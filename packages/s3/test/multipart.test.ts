import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectTaggingCommand,
  GetObjectCommand, GetObjectTaggingCommand, GetBucketTaggingCommand, PutBucketTaggingCommand, DeleteBucketTaggingCommand, ListPartsCommand, PutObjectCommand, PutObjectTaggingCommand, UploadPartCommand,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;
let bucket: string;
const MiB = 1024 * 1024;

beforeAll(async () => {
  f = await startS3();
  bucket = bucketName();
  await f.client.send(new CreateBucketCommand({ Bucket: bucket }));
});

afterAll(async () => {
  await f?.close();
});

const md5 = (data: Buffer) => createHash("md5").update(data).digest();

describe("multipart uploads", () => {
  it("joins the parts into one object whose ETag is the MD5 of the parts' MD5s, -N", async () => {
    const part1 = Buffer.alloc(5 * MiB, "a");
    const part2 = Buffer.from("the end");
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "big.bin", ContentType: "application/x-test" }));
    const p1 = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "big.bin", UploadId, PartNumber: 1, Body: part1 }));
    const p2 = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "big.bin", UploadId, PartNumber: 2, Body: part2 }));
    const parts = await f.client.send(new ListPartsCommand({ Bucket: bucket, Key: "big.bin", UploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, 5 * MiB], [2, part2.length]]);
    const done = await f.client.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: "big.bin", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
    }));
    expect(done.ETag).toBe(`"${createHash("md5").update(Buffer.concat([md5(part1), md5(part2)])).digest("hex")}-2"`);
    const got = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "big.bin" }));
    expect(got.ContentLength).toBe(part1.length + part2.length);
    expect(got.ContentType).toBe("application/x-test");
    const bytes = Buffer.from(await got.Body?.transformToByteArray() ?? []);
    expect(bytes.subarray(-part2.length).toString()).toBe("the end");
  });

  it("rejects a part under 5 MiB that is not the last with EntityTooSmall", async () => {
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "small.bin" }));
    const p1 = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "small.bin", UploadId, PartNumber: 1, Body: "tiny" }));
    const p2 = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "small.bin", UploadId, PartNumber: 2, Body: "tiny" }));
    const error = await failure(f.client.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: "small.bin", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
    })));
    expect(error.name).toBe("EntityTooSmall");
    expect(error.message).toBe("Your proposed upload is smaller than the minimum allowed object size.");
  });

  it("rejects an unknown part with InvalidPart and an aborted upload with NoSuchUpload", async () => {
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "x.bin" }));
    const bad = await failure(f.client.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: "x.bin", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0"' }] },
    })));
    expect(bad.name).toBe("InvalidPart");
    await f.client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "x.bin", UploadId }));
    const gone = await failure(f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "x.bin", UploadId, PartNumber: 1, Body: "x" })));
    expect(gone.name).toBe("NoSuchUpload");
  });
});

describe("object tagging", () => {
  it("puts, gets and deletes an object's tags (and takes them from x-amz-tagging on PutObject)", async () => {
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "tagged", Body: "x", Tagging: "team=blue&tier=gold" }));
    expect((await f.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }))).TagSet).toEqual([
      { Key: "team", Value: "blue" },
      { Key: "tier", Value: "gold" },
    ]);
    await f.client.send(new PutObjectTaggingCommand({ Bucket: bucket, Key: "tagged", Tagging: { TagSet: [{ Key: "k", Value: "v" }] } }));
    expect((await f.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }))).TagSet).toEqual([{ Key: "k", Value: "v" }]);
    await f.client.send(new DeleteObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }));
    expect((await f.client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: "tagged" }))).TagSet).toEqual([]);
  });
});

describe("bucket tagging", () => {
  it("puts, gets and deletes a bucket's tags; an untagged bucket answers NoSuchTagSet", async () => {
    const missing = await failure(f.client.send(new GetBucketTaggingCommand({ Bucket: bucket })));
    expect(missing.name).toBe("NoSuchTagSet");
    expect(missing.message).toBe("The TagSet does not exist");
    await f.client.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: "env", Value: "dev" }] } }));
    expect((await f.client.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet).toEqual([{ Key: "env", Value: "dev" }]);
    await f.client.send(new DeleteBucketTaggingCommand({ Bucket: bucket }));
    expect((await failure(f.client.send(new GetBucketTaggingCommand({ Bucket: bucket })))).name).toBe("NoSuchTagSet");
  });
});
