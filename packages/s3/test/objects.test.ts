import {
  CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand,
} from "@aws-sdk/client-s3";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;
let bucket: string;

beforeAll(async () => {
  f = await startS3();
  bucket = bucketName();
  await f.client.send(new CreateBucketCommand({ Bucket: bucket }));
});

afterAll(async () => {
  await f?.close();
});

describe("PutObject / GetObject", () => {
  it("stores a body uploaded with the SDK's default checksum (aws-chunked, trailing CRC32) and returns it with its MD5 ETag", async () => {
    const body = "hello, sandbox";
    const put = await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "greeting.txt", Body: body, ContentType: "text/plain", Metadata: { owner: "alice" } }));
    const md5 = createHash("md5").update(body).digest("hex");
    expect(put.ETag).toBe(`"${md5}"`);
    const got = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "greeting.txt" }));
    expect(await got.Body?.transformToString()).toBe(body);
    expect(got.ContentType).toBe("text/plain");
    expect(got.Metadata).toEqual({ owner: "alice" });
    expect(got.ETag).toBe(`"${md5}"`);
    expect(got.ContentLength).toBe(body.length);
  });

  it("answers a Range with 206 and the bytes asked for", async () => {
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "digits", Body: "0123456789" }));
    const got = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "digits", Range: "bytes=2-4" }));
    expect(got.$metadata.httpStatusCode).toBe(206);
    expect(got.ContentRange).toBe("bytes 2-4/10");
    expect(await got.Body?.transformToString()).toBe("234");
    const tail = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "digits", Range: "bytes=-3" }));
    expect(await tail.Body?.transformToString()).toBe("789");
  });

  it("rejects a range past the end with InvalidRange (416)", async () => {
    const error = await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "digits", Range: "bytes=20-30" })));
    expect(error.name).toBe("InvalidRange");
    expect(error.$metadata.httpStatusCode).toBe(416);
    expect(error.message).toBe("The requested range is not satisfiable");
  });

  it("answers If-None-Match with 304 and a failed If-Match with 412", async () => {
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "digits" }));
    const notModified = await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "digits", IfNoneMatch: head.ETag })));
    expect(notModified.$metadata.httpStatusCode).toBe(304);
    const failed = await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "digits", IfMatch: '"0000"' })));
    expect(failed.name).toBe("PreconditionFailed");
    expect(failed.$metadata.httpStatusCode).toBe(412);
    // Not a future date: S3 ignores one (RFC 7232), see recorded.test.ts.
    const since = await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "digits", IfModifiedSince: new Date() })));
    expect(since.$metadata.httpStatusCode).toBe(304);
  });

  it("overrides response headers with ResponseContentType and friends", async () => {
    const got = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "digits", ResponseContentType: "application/json", ResponseContentDisposition: "attachment" }));
    expect(got.ContentType).toBe("application/json");
    expect(got.ContentDisposition).toBe("attachment");
  });

  it("answers a missing key with NoSuchKey and AWS's message", async () => {
    const error = await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "nope" })));
    expect(error.name).toBe("NoSuchKey");
    expect(error.message).toBe("The specified key does not exist.");
    expect(error.$metadata.httpStatusCode).toBe(404);
    const head = await failure(f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "nope" })));
    expect(head.name).toBe("NotFound");
  });

  it("answers a missing bucket with NoSuchBucket", async () => {
    const error = await failure(f.client.send(new PutObjectCommand({ Bucket: "no-such-bucket-here", Key: "k", Body: "x" })));
    expect(error.name).toBe("NoSuchBucket");
    expect(error.message).toBe("The specified bucket does not exist");
  });

  it("rejects a body whose checksum does not match with BadDigest", async () => {
    const error = await failure(f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "bad", Body: "abc", ChecksumCRC32: "AAAAAA==" })));
    expect(error.name).toBe("BadDigest");
    expect(error.message).toBe("The CRC32 you specified did not match the calculated checksum.");
  });

  it("returns the stored checksum when asked (ChecksumMode ENABLED)", async () => {
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "sha", Body: "abc", ChecksumAlgorithm: "SHA256" }));
    const head = await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "sha", ChecksumMode: "ENABLED" }));
    expect(head.ChecksumSHA256).toBe(createHash("sha256").update("abc").digest("base64"));
    const got = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "sha", ChecksumMode: "ENABLED" }));
    expect(await got.Body?.transformToString()).toBe("abc");
  });
});

describe("CopyObject", () => {
  it("copies an object with its metadata, or replaces the metadata with REPLACE", async () => {
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "src", Body: "copy me", Metadata: { a: "1" }, ContentType: "text/plain" }));
    const copied = await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "dst", CopySource: `${bucket}/src` }));
    expect(copied.CopyObjectResult?.ETag).toBe(`"${createHash("md5").update("copy me").digest("hex")}"`);
    const dst = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "dst" }));
    expect(await dst.Body?.transformToString()).toBe("copy me");
    expect(dst.Metadata).toEqual({ a: "1" });
    expect(dst.ContentType).toBe("text/plain");
    await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "dst", CopySource: `${bucket}/src`, MetadataDirective: "REPLACE", Metadata: { b: "2" } }));
    expect((await f.client.send(new HeadObjectCommand({ Bucket: bucket, Key: "dst" }))).Metadata).toEqual({ b: "2" });
  });

  it("refuses to copy an object onto itself without changes", async () => {
    const error = await failure(f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "src", CopySource: `${bucket}/src` })));
    expect(error.name).toBe("InvalidRequest");
  });

  it("copies keys with spaces and unicode (URL-encoded copy source)", async () => {
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "dir/my file ü.txt", Body: "x" }));
    await f.client.send(new CopyObjectCommand({ Bucket: bucket, Key: "copy.txt", CopySource: encodeURIComponent(`${bucket}/dir/my file ü.txt`) }));
    expect(await (await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "copy.txt" }))).Body?.transformToString()).toBe("x");
  });
});

describe("DeleteObject / DeleteObjects", () => {
  it("deletes one key (a missing key too) and many at once", async () => {
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "d1", Body: "1" }));
    await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: "d2", Body: "2" }));
    const one = await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "d1" }));
    expect(one.$metadata.httpStatusCode).toBe(204);
    await f.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "never-was" }));
    const many = await f.client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: "d2" }, { Key: "d3" }] } }));
    expect(many.Deleted?.map((d) => d.Key)).toEqual(["d2", "d3"]);
    const error = await failure(f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "d2" })));
    expect(error.name).toBe("NoSuchKey");
  });
});

describe("POST Object (browser form upload)", () => {
  it("stores the form's file under its key (${filename} filled in), with its Content-Type and metadata", async () => {
    const form = new FormData();
    form.append("key", "uploads/${filename}");
    form.append("Content-Type", "text/plain");
    form.append("x-amz-meta-source", "form");
    form.append("success_action_status", "201");
    form.append("file", new Blob(["from a form"]), "note.txt");
    const res = await fetch(`${f.url}/${bucket}`, { method: "POST", body: form });
    expect(res.status).toBe(201);
    expect(await res.text()).toContain("<Key>uploads/note.txt</Key>");
    const got = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: "uploads/note.txt" }));
    expect(await got.Body?.transformToString()).toBe("from a form");
    expect(got.ContentType).toBe("text/plain");
    expect(got.Metadata).toEqual({ source: "form" });
  });

  it("answers 204 by default, and InvalidArgument without a key", async () => {
    const ok = new FormData();
    ok.append("key", "plain");
    ok.append("file", new Blob([new Uint8Array([0, 1, 2])]));
    expect((await fetch(`${f.url}/${bucket}`, { method: "POST", body: ok })).status).toBe(204);
    const bad = new FormData();
    bad.append("file", new Blob(["x"]));
    const res = await fetch(`${f.url}/${bucket}`, { method: "POST", body: bad });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("<Code>InvalidArgument</Code>");
  });
});
