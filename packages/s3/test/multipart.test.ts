import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand, DeleteObjectTaggingCommand,
  GetObjectCommand, GetObjectTaggingCommand, GetBucketTaggingCommand, PutBucketTaggingCommand, DeleteBucketTaggingCommand, HeadObjectCommand, ListPartsCommand, PutObjectCommand,
  PutObjectTaggingCommand, UploadPartCommand,
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
    // Created without a ChecksumAlgorithm: S3 adds its default, the whole object's CRC64NVME.
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "big.bin", ChecksumMode: "ENABLED" }));
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "big-put.bin", Body: Buffer.concat([part1, part2]), ChecksumAlgorithm: "CRC64NVME" }));
    expect([head.ChecksumCRC64NVME, head.ChecksumType]).toEqual([put.ChecksumCRC64NVME, "FULL_OBJECT"]);
  });

  it("rejects a part under 5 MiB that is not the last with EntityTooSmall", async () => {
    const { UploadId } = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "small.bin" }));
    const p1 = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "small.bin", UploadId, PartNumber: 1, Body: "tiny" }));
    const p2 = await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: "small.bin", UploadId, PartNumber: 2, Body: "tiny" }));
    const error = await failure(f.client.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: "small.bin", UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: p1.ETag }, { PartNumber: 2, ETag: p2.ETag }] },
    })));
    expect(error.name).toBe("EntityTooSmall");
    // localstack test_s3.snapshot.json test_multipart_complete_multipart_too_small (AWS-recorded).
    expect(error.message).toBe("Your proposed upload is smaller than the minimum allowed size");
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

/** CRC32 (IEEE), base64 of the big-endian value, as S3 reports it. */
function crc32(data: Buffer): string {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString("base64");
}

describe("multipart checksums (ChecksumType)", () => {
  const part1 = Buffer.alloc(5 * MiB, "x");
  const part2 = Buffer.from("tail");

  async function upload(key: string, create: { ChecksumAlgorithm: "CRC32" | "CRC64NVME"; ChecksumType?: "FULL_OBJECT" | "COMPOSITE" }) {
    const created = await f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...create }));
    const UploadId = created.UploadId;
    const sent = [];
    for (const [i, Body] of [part1, part2].entries()) {
      sent.push(await f.client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: i + 1, Body, ChecksumAlgorithm: create.ChecksumAlgorithm })));
    }
    const Parts = sent.map((p, i) => ({ PartNumber: i + 1, ETag: p.ETag, ChecksumCRC32: p.ChecksumCRC32, ChecksumCRC64NVME: p.ChecksumCRC64NVME }));
    return { created, UploadId, Parts };
  }

  it("makes a COMPOSITE CRC32 by default: the checksum of the parts' checksums, -N", async () => {
    const { created, UploadId, Parts } = await upload("composite.bin", { ChecksumAlgorithm: "CRC32" });
    expect(created.ChecksumType).toBe("COMPOSITE");
    const done = await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "composite.bin", UploadId, MultipartUpload: { Parts } }));
    const joined = Buffer.concat(Parts.map((p) => Buffer.from(p.ChecksumCRC32 ?? "", "base64")));
    expect([done.ChecksumCRC32, done.ChecksumType]).toEqual([`${crc32(joined)}-2`, "COMPOSITE"]);
  });

  it("makes a FULL_OBJECT CRC32 when asked: the CRC32 of the whole object, as a PutObject's", async () => {
    const { created, UploadId, Parts } = await upload("full.bin", { ChecksumAlgorithm: "CRC32", ChecksumType: "FULL_OBJECT" });
    expect([created.ChecksumAlgorithm, created.ChecksumType]).toEqual(["CRC32", "FULL_OBJECT"]);
    const listed = await f.client.send(new ListPartsCommand({ Bucket: bucket, Key: "full.bin", UploadId }));
    expect([listed.ChecksumAlgorithm, listed.ChecksumType]).toEqual(["CRC32", "FULL_OBJECT"]);
    const whole = crc32(Buffer.concat([part1, part2]));
    const done = await f.client.send(new CompleteMultipartUploadCommand({
      Bucket: bucket, Key: "full.bin", UploadId, ChecksumCRC32: whole, ChecksumType: "FULL_OBJECT", MultipartUpload: { Parts },
    }));
    expect([done.ChecksumCRC32, done.ChecksumType]).toEqual([whole, "FULL_OBJECT"]);
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "full.bin", ChecksumMode: "ENABLED" }));
    expect([head.ChecksumCRC32, head.ChecksumType]).toEqual([whole, "FULL_OBJECT"]);
  });

  it("makes CRC64NVME FULL_OBJECT by default", async () => {
    const { created, UploadId, Parts } = await upload("nvme.bin", { ChecksumAlgorithm: "CRC64NVME" });
    expect(created.ChecksumType).toBe("FULL_OBJECT");
    const done = await f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "nvme.bin", UploadId, MultipartUpload: { Parts } }));
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "nvme-put.bin", Body: Buffer.concat([part1, part2]), ChecksumAlgorithm: "CRC64NVME" }));
    expect([done.ChecksumCRC64NVME, done.ChecksumType]).toEqual([put.ChecksumCRC64NVME, "FULL_OBJECT"]);
  });

  it("refuses a checksum type without an algorithm, or one the algorithm has no form of", async () => {
    const create = (input: Partial<{ ChecksumAlgorithm: "SHA256" | "CRC64NVME"; ChecksumType: "FULL_OBJECT" | "COMPOSITE" }>) =>
      failure(f.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: "refused.bin", ...input })));
    const noAlgorithm = await create({ ChecksumType: "FULL_OBJECT" });
    expect([noAlgorithm.name, noAlgorithm.message]).toEqual(["InvalidRequest", "The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header."]);
    const sha = await create({ ChecksumAlgorithm: "SHA256", ChecksumType: "FULL_OBJECT" });
    expect([sha.name, sha.message]).toEqual(["InvalidRequest", "The FULL_OBJECT checksum type cannot be used with the sha256 checksum algorithm."]);
    const nvme = await create({ ChecksumAlgorithm: "CRC64NVME", ChecksumType: "COMPOSITE" });
    expect([nvme.name, nvme.message]).toEqual(["InvalidRequest", "The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm."]);
  });

  it("refuses a CompleteMultipartUpload in another checksum mode, or with a whole-object value that does not match", async () => {
    const { UploadId, Parts } = await upload("checked.bin", { ChecksumAlgorithm: "CRC32", ChecksumType: "FULL_OBJECT" });
    const complete = (extra: { ChecksumType?: "COMPOSITE"; ChecksumCRC32?: string }) =>
      failure(f.client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: "checked.bin", UploadId, MultipartUpload: { Parts }, ...extra })));
    const mode = await complete({ ChecksumType: "COMPOSITE" });
    expect([mode.name, mode.message, mode.$metadata.httpStatusCode]).toEqual([
      "InvalidRequest", "The upload was created using the FULL_OBJECT checksum mode. The complete request must use the same checksum mode.", 400,
    ]);
    const digest = await complete({ ChecksumCRC32: crc32(Buffer.from("something else")) });
    expect([digest.name, digest.message]).toEqual(["BadDigest", "The CRC32 you specified did not match the calculated checksum."]);
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

  it("keeps a template bucket's system (aws:) tags: PutBucketTagging must repeat them", async () => {
    const system = [{ Key: "aws:cloudformation:logical-id", Value: "Bucket" }];
    await f.s3.engine.tagTemplateBucket({ Bucket: bucket, TagSet: [{ Key: "env", Value: "dev" }], SystemTags: system });
    const removed = await failure(f.client.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: "env", Value: "prod" }] } })));
    expect([removed.name, removed.message]).toEqual(["InvalidTag", "System Tags cannot be removed by requester"]);
    await f.client.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [...system, { Key: "env", Value: "prod" }] } }));
    expect((await f.client.send(new GetBucketTaggingCommand({ Bucket: bucket }))).TagSet).toEqual([{ Key: "env", Value: "prod" }, ...system]);
    await f.client.send(new DeleteBucketTaggingCommand({ Bucket: bucket }));
  });
});
