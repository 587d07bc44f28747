/**
 * The `minio` npm package (MinIO's JavaScript S3 client, minio-js) against the S3 wire, path-style,
 * us-east-1: the calls its users make, and the behaviours minio-js's functional suite
 * (tests/functional/functional.test.js, run against this sandbox: 209 of 212 steps pass; the rest
 * are AWS behaviours minio-js does not expect of AWS — Block Public Access refusing its public policy,
 * PutBucketTagging's 204 — and MinIO's own STS) checks, each case naming the minio-js step it keeps.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { DeletePublicAccessBlockCommand, GetBucketTaggingCommand, PutBucketTaggingCommand, PutObjectCommand, SelectObjectContentCommand, type SelectObjectContentCommandInput } from "@aws-sdk/client-s3";
import { gzipSync } from "node:zlib";
import * as Minio from "minio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

const MIB = 1024 * 1024;
let f: S3Fixture;
let client: Minio.Client;
let dir: string;

beforeAll(async () => {
  f = await startS3();
  // minio-js's functional suite sets a part size; 5 MiB (S3's minimum) keeps the multipart case small.
  client = new Minio.Client({ endPoint: "127.0.0.1", port: f.port, useSSL: false, accessKey: "test", secretKey: "test", region: "us-east-1", partSize: 5 * MIB });
  dir = mkdtempSync(join(tmpdir(), "s3-minio-"));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await f.close();
});

const md5 = (data: Buffer | string) => createHash("md5").update(data).digest("hex");

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function collect<T>(stream: NodeJS.ReadableStream): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item as T);
  return items;
}

/** The S3 error code a minio call fails with. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error("expected the call to fail");
}

async function newBucket(opts?: Minio.MakeBucketOpt): Promise<string> {
  const name = bucketName();
  await client.makeBucket(name, "us-east-1", opts);
  return name;
}

describe("minio client: buckets and objects", () => {
  it("makes, finds, lists and removes buckets (listBuckets, bucketExists, removeBucket NoSuchBucket)", async () => {
    const name = await newBucket();
    expect(await client.bucketExists(name)).toBe(true);
    expect(await client.bucketExists(`${name}-random`)).toBe(false);
    expect((await client.listBuckets()).map((b) => b.name)).toContain(name);
    expect(await codeOf(client.removeBucket(`${name}-random`))).toBe("NoSuchBucket");
    await client.removeBucket(name);
    expect(await client.bucketExists(name)).toBe(false);
  });

  it("puts a stream with metadata and reads it back (putObject, statObject metadata, getObject, getPartialObject)", async () => {
    const b = await newBucket();
    const body = Buffer.from("0123456789".repeat(300));
    const put = await client.putObject(b, "path/to/obj", Readable.from([body]), body.length, { "Content-Type": "text/html", "Content-Language": "en", "X-Amz-Meta-Testing": 1234, randomstuff: 5678 });
    expect(put.etag).toBe(md5(body));
    expect(put.versionId).toBeNull();

    const stat = await client.statObject(b, "path/to/obj");
    expect(stat.size).toBe(body.length);
    expect(stat.etag).toBe(md5(body));
    // minio-js "statObject(...)_65mb": user metadata comes back without its x-amz-meta- prefix.
    expect(stat.metaData).toMatchObject({ "content-type": "text/html", "content-language": "en", testing: "1234", randomstuff: "5678" });

    expect(md5(await drain(await client.getObject(b, "path/to/obj")))).toBe(md5(body));
    expect((await drain(await client.getPartialObject(b, "path/to/obj", 1024, 1024))).equals(body.subarray(1024, 2048))).toBe(true);
    expect((await drain(await client.getPartialObject(b, "path/to/obj", 1024))).equals(body.subarray(1024))).toBe(true);
    // "getObject(bucketName, objectName, cb)_non-existent object"
    expect(await codeOf(client.getObject(b, "an-object-that-does-not-exist"))).toBe("NoSuchKey");
  });

  it("uploads files with the content type their extension or the metadata names (fPutObject, fGetObject)", async () => {
    const b = await newBucket();
    const plain = join(dir, "datafile");
    const txt = join(dir, "datafile.txt");
    writeFileSync(plain, "abc");
    writeFileSync(txt, "abc");
    await client.fPutObject(b, "k", plain);
    expect((await client.statObject(b, "k")).metaData["content-type"]).toBe("application/octet-stream");
    await client.fPutObject(b, "k", txt);
    expect((await client.statObject(b, "k")).metaData["content-type"]).toBe("text/plain");
    await client.fPutObject(b, "k", txt, { "Content-Type": "text/html" });
    expect((await client.statObject(b, "k")).metaData["content-type"]).toBe("text/html");
    const out = join(dir, "download");
    await client.fGetObject(b, "k", out);
    expect(md5(await drain(await client.getObject(b, "k")))).toBe(md5("abc"));
  });

  it("uploads a stream of unknown length past the part size as a multipart upload (putObject 65 MB step, smaller)", async () => {
    const b = await newBucket();
    const chunk = Buffer.alloc(MIB, 7);
    const size = 6 * MIB + 5;
    const stream = Readable.from((function* () {
      for (let i = 0; i < 6; i++) yield chunk;
      yield Buffer.alloc(5, 1);
    })());
    const put = await client.putObject(b, "big", stream);
    expect(put.etag).toMatch(/^[0-9a-f]{32}-2$/);
    expect((await client.statObject(b, "big")).size).toBe(size);
    const whole = await drain(await client.getObject(b, "big"));
    expect(whole.length).toBe(size);
    expect(whole.subarray(size - 5).equals(Buffer.alloc(5, 1))).toBe(true);
  });

  it("copies with conditions and refuses a failed precondition (copyObject + CopyConditions)", async () => {
    const b = await newBucket();
    await client.putObject(b, "src", "hello", undefined, { "Content-Type": "text/html" });
    const { etag, lastModified } = await client.statObject(b, "src");
    const source = `/${b}/src`;
    const copied = await client.copyObject(b, "dst", source);
    expect(copied).toMatchObject({ etag: md5("hello") });

    const except = new Minio.CopyConditions();
    except.setMatchETagExcept("TestEtag");
    await client.copyObject(b, "dst", source, except);
    const match = new Minio.CopyConditions();
    match.setMatchETag(etag);
    await client.copyObject(b, "dst", source, match);
    const unmodified = new Minio.CopyConditions();
    unmodified.setUnmodified(lastModified);
    await client.copyObject(b, "dst", source, unmodified);

    const exceptCorrect = new Minio.CopyConditions();
    exceptCorrect.setMatchETagExcept(etag);
    expect(await codeOf(client.copyObject(b, "dst", source, exceptCorrect))).toBe("PreconditionFailed");
    const old = new Minio.CopyConditions();
    old.setUnmodified(new Date("2010-03-26T12:00:00Z"));
    expect(await codeOf(client.copyObject(b, "dst", source, old))).toBe("PreconditionFailed");
    expect((await client.statObject(b, "dst")).metaData["content-type"]).toBe("text/html");
  });

  it("composes parts into one object (composeObject)", async () => {
    const b = await newBucket();
    await client.putObject(b, "p1", Buffer.alloc(5 * MIB, 1));
    await client.putObject(b, "p2", Buffer.alloc(1024, 2));
    await client.composeObject(new Minio.CopyDestinationOptions({ Bucket: b, Object: "whole" }), [
      new Minio.CopySourceOptions({ Bucket: b, Object: "p1" }),
      new Minio.CopySourceOptions({ Bucket: b, Object: "p2" }),
    ]);
    const stat = await client.statObject(b, "whole");
    expect(stat.size).toBe(5 * MIB + 1024);
    expect(stat.etag).toMatch(/-2$/);
  });

  it("lists objects and prefixes with listObjects / listObjectsV2, keys of special characters included", async () => {
    const b = await newBucket();
    // minio-js "Special Characters test on a prefix and an object"
    const special = "SpecialMenùäöüexPrefix/äöüex ®©µÄÆÐÕæŒƕƩǅ 01000000 0x40 @ amȡȹɆple&0a!-_.*'()&$@=;:+,?<>.pdf";
    const names = ["miniojsPrefix.0", "miniojsPrefix.1", "miniojsPrefix.2"];
    for (const name of [...names, special]) await client.putObject(b, name, "x");

    const recursive = await collect<Minio.BucketItem>(client.listObjects(b, "miniojsPrefix", true));
    expect(recursive.map((o) => o.name)).toEqual(names);
    const v2 = await collect<Minio.BucketItem>(client.listObjectsV2(b, "", true, ""));
    // UTF-8 byte order: "S…" before "m…".
    expect(v2.map((o) => o.name)).toEqual([special, ...names]);
    expect(v2[1]).toMatchObject({ name: "miniojsPrefix.0", size: 1, etag: md5("x") });

    const top = await collect<Minio.BucketItem>(client.listObjects(b, "", false));
    // minio emits a page's objects, then its common prefixes.
    expect(top.at(-1)).toEqual({ prefix: "SpecialMenùäöüexPrefix/", size: 0 });
    const topV2 = await collect<Minio.BucketItem>(client.listObjectsV2(b, "", false));
    expect(topV2.at(-1)).toEqual({ prefix: "SpecialMenùäöüexPrefix/", size: 0 });
    expect((await client.statObject(b, special)).size).toBe(1);
  });

  it("removes many objects at once, non-Latin names included (removeObjects)", async () => {
    const b = await newBucket();
    for (const name of ["a", "b", "fileΩ"]) await client.putObject(b, name, "x");
    await client.removeObjects(b, ["a", "b"]);
    await client.removeObjects(b, ["fileΩ"]);
    expect(await collect(client.listObjects(b, "", true))).toEqual([]);
    await client.removeBucket(b);
  });

  it("lists and removes incomplete uploads (initiateNewMultipartUpload, listIncompleteUploads, removeIncompleteUpload)", async () => {
    const b = await newBucket();
    const key = "SpecialMenùäöüexPrefix/äöüex.pdf";
    const uploadId = await client.initiateNewMultipartUpload(b, key, { "Content-Type": "text/html" });
    const byKey = await collect<Minio.IncompleteUploadedBucketItem>(client.listIncompleteUploads(b, key, true));
    expect(byKey).toMatchObject([{ key, uploadId }]);
    // minio-js "listIncompleteUploads(...)_recursive: false_": the upload's folder comes back as a prefix.
    const top = await collect<{ prefix?: string }>(client.listIncompleteUploads(b, "", false));
    expect(top).toEqual([expect.objectContaining({ prefix: "SpecialMenùäöüexPrefix/" })]);
    await client.removeIncompleteUpload(b, key);
    expect(await collect(client.listIncompleteUploads(b, "", true))).toEqual([]);
  });
});

describe("minio client: presigned requests over HTTP", () => {
  let b: string;
  beforeAll(async () => {
    b = await newBucket();
  });

  it("PUTs and GETs through presignedPutObject / presignedGetObject / presignedUrl", async () => {
    const putUrl = await client.presignedPutObject(b, "datafile-1-b", 1000);
    expect((await fetch(putUrl, { method: "PUT", body: Buffer.alloc(1, 0) })).status).toBe(200);
    const get = await fetch(await client.presignedGetObject(b, "datafile-1-b", 1000));
    expect(get.status).toBe(200);
    expect(Buffer.from(await get.arrayBuffer()).equals(Buffer.alloc(1, 0))).toBe(true);

    // "presignedUrl(...)_requestDate:StartOfDay_": signed earlier today, still valid for a day.
    const startOfDay = new Date();
    startOfDay.setHours(0, 0, 0, 0);
    expect((await fetch(await client.presignedUrl("GET", b, "datafile-1-b", 86400, {}, startOfDay))).status).toBe(200);

    // "presignedUrl(httpMethod, bucketName, '', expires, reqParams)": a signed ListObjects.
    const list = await fetch(await client.presignedUrl("GET", b, "", 1000, { prefix: "data", "max-keys": "1000" }));
    expect(await list.text()).toContain("<Key>datafile-1-b</Key>");
  });

  it("overrides response headers, special characters included (presignedGetObject with respHeaders)", async () => {
    await client.putObject(b, "h", "x");
    const headers = {
      "response-content-type": "text/html",
      "response-content-language": "en",
      "response-expires": "Sun, 07 Jun 2020 16:07:58 GMT",
      "response-cache-control": "No-cache",
      "response-content-disposition": "attachment; filename=\"abc|\"@#$%&/(<>)/=?!{['']}+*-_:,;def.png\"; filename*=UTF-8''t&21st&20ng.png",
      "response-content-encoding": "gzip",
    };
    const res = await fetch(await client.presignedGetObject(b, "h", 1000, headers));
    expect(res.status).toBe(200);
    for (const [param, value] of Object.entries(headers)) expect(res.headers.get(param.slice("response-".length))).toBe(value);
  });

  it("deletes through a presigned DELETE (presignedUrl DELETE answers 204)", async () => {
    await client.putObject(b, "gone", "x");
    expect((await fetch(await client.presignedUrl("DELETE", b, "gone", 1000), { method: "DELETE" })).status).toBe(204);
    expect(await codeOf(client.statObject(b, "gone"))).toBe("NotFound");
  });

  it("uploads browser forms signed by presignedPostPolicy (content type, disposition, user metadata)", async () => {
    const policy = client.newPostPolicy();
    policy.setBucket(b);
    policy.setKey("posted");
    policy.setContentTypeStartsWith("text/");
    policy.setContentDisposition("attachment; filename=  My* Docume!  nt.json");
    policy.setUserMetaData({ key: "my-value", anotherKey: "another-value" });
    policy.setExpires(new Date(Date.now() + 10 * 24 * 3600 * 1000));
    const { postURL, formData } = await client.presignedPostPolicy(policy);
    const form = new FormData();
    for (const [k, v] of Object.entries(formData)) form.append(k, v);
    form.append("file", new Blob([Buffer.from("hello")]), "test");
    const res = await fetch(postURL, { method: "POST", body: form });
    expect(res.status).toBe(204);
    const stat = await client.statObject(b, "posted");
    // The form's Content-Type field is the policy's starts-with value itself.
    expect(stat.metaData).toMatchObject({ "content-type": "text/", "content-disposition": "attachment; filename=  My* Docume!  nt.json", key: "my-value", anotherkey: "another-value" });
  });
});

describe("minio client: bucket configurations", () => {
  it("enables versioning and addresses versions (setBucketVersioning, putObject versionId, listObjects IncludeVersion, removeObjects of versions)", async () => {
    const b = await newBucket();
    // Never versioned: an empty <VersioningConfiguration/>, which minio parses to "".
    expect(await client.getBucketVersioning(b)).toBe("");
    await client.setBucketVersioning(b, { Status: "Enabled" });
    expect(await client.getBucketVersioning(b)).toEqual({ Status: "Enabled" });
    const v1 = await client.putObject(b, "Prefix1/obj", "one");
    const v2 = await client.putObject(b, "Prefix1/obj", "two");
    expect(v1.versionId).toBeTruthy();
    expect(v2.versionId).not.toBe(v1.versionId);
    const first = await client.getObject(b, "Prefix1/obj", { versionId: v1.versionId ?? "" });
    expect((await drain(first)).toString()).toBe("one");

    const versions = await collect<{ name: string; versionId: string; isLatest: boolean }>(client.listObjects(b, "Prefix1", true, { IncludeVersion: true }));
    expect(versions.map((v) => [v.versionId, v.isLatest])).toEqual([[v2.versionId, true], [v1.versionId, false]]);
    await client.removeObjects(b, versions.map((v) => ({ name: v.name, versionId: v.versionId })));
    expect(await collect(client.listObjects(b, "", true, { IncludeVersion: true }))).toEqual([]);
    await client.setBucketVersioning(b, { Status: "Suspended" });
    expect(await client.getBucketVersioning(b)).toEqual({ Status: "Suspended" });
  });

  it("tags objects and versions (setObjectTagging, getObjectTagging, removeObjectTagging)", async () => {
    const b = await newBucket();
    await client.setBucketVersioning(b, { Status: "Enabled" });
    const { versionId } = await client.putObject(b, "o", "x");
    await client.setObjectTagging(b, "o", { "test-tag-key-obj": "test-tag-value-obj" }, { versionId: versionId ?? "" });
    expect(await client.getObjectTagging(b, "o", { versionId: versionId ?? "" })).toEqual([{ Key: "test-tag-key-obj", Value: "test-tag-value-obj" }]);
    await client.removeObjectTagging(b, "o", { versionId: versionId ?? "" });
    expect(await client.getObjectTagging(b, "o")).toEqual([]);
  });

  it("reads and removes bucket tags; S3 answers PutBucketTagging 204, which minio's setBucketTagging (expecting 200) does not take", async () => {
    const b = await newBucket();
    // moto's aws_verified test_put_bucket_tagging: AWS answers PutBucketTagging with 204 No Content.
    expect(await codeOf(client.setBucketTagging(b, { "test-tag-key": "test-tag-value" }))).toBe("");
    expect((await f.client.send(new GetBucketTaggingCommand({ Bucket: b }))).TagSet).toEqual([{ Key: "test-tag-key", Value: "test-tag-value" }]);
    await f.client.send(new PutBucketTaggingCommand({ Bucket: b, Tagging: { TagSet: [{ Key: "k", Value: "v" }] } }));
    expect(await client.getBucketTagging(b)).toEqual([{ Key: "k", Value: "v" }]);
    await client.removeBucketTagging(b);
    expect(await codeOf(client.getBucketTagging(b))).toBe("NoSuchTagSet");
  });

  it("sets, reads and removes a lifecycle configuration (setBucketLifecycle)", async () => {
    const b = await newBucket();
    await client.setBucketLifecycle(b, { Rule: [{ ID: "Transition and Expiration Rule", Status: "Enabled", Filter: { Prefix: "" }, Expiration: { Days: 3650 } }] });
    const config = await client.getBucketLifecycle(b);
    expect(config?.Rule).toMatchObject({ ID: "Transition and Expiration Rule", Status: "Enabled", Filter: { Prefix: "" }, Expiration: { Days: 3650 } });
    await client.removeBucketLifecycle(b);
    expect(await codeOf(client.getBucketLifecycle(b))).toBe("NoSuchLifecycleConfiguration");
  });

  it("reads the default encryption and replaces it (getBucketEncryption, setBucketEncryption, removeBucketEncryption)", async () => {
    const b = await newBucket();
    // Buckets are encrypted with SSE-S3 by default (since January 2023).
    expect(await client.getBucketEncryption(b)).toMatchObject({ ServerSideEncryptionConfiguration: { Rule: { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" }, BucketKeyEnabled: false } } });
    await client.setBucketEncryption(b, { Rule: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] });
    await client.putObject(b, "o", "x");
    expect((await client.statObject(b, "o")).metaData["x-amz-server-side-encryption"]).toBe("AES256");
    await client.removeBucketEncryption(b);
  });

  it("refuses a public policy while Block Public Access stands, then sets it (setBucketPolicy, getBucketPolicy)", async () => {
    const b = await newBucket();
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Action: ["s3:GetObject"], Effect: "Allow", Principal: { AWS: ["*"] }, Resource: [`arn:aws:s3:::${b}/*`], Sid: "" }] });
    // New buckets block public policies (April 2023): minio-js's "setBucketPolicy" step fails on AWS too.
    expect(await codeOf(client.setBucketPolicy(b, policy))).toBe("AccessDenied");
    await f.client.send(new DeletePublicAccessBlockCommand({ Bucket: b }));
    await client.setBucketPolicy(b, policy);
    expect(JSON.parse(await client.getBucketPolicy(b))).toMatchObject({ Statement: [{ Effect: "Allow", Action: ["s3:GetObject"] }] });
  });

  it("locks objects: lock configuration, retention, legal hold, governance bypass (Object Lock and retention steps)", async () => {
    const b = await newBucket({ ObjectLocking: true });
    expect(await client.getObjectLockConfig(b)).toEqual({ objectLockEnabled: "Enabled" });
    await client.setObjectLockConfig(b, { mode: "GOVERNANCE", unit: "Years", validity: 2 });
    expect(await client.getObjectLockConfig(b)).toEqual({ objectLockEnabled: "Enabled", mode: "GOVERNANCE", unit: "Years", validity: 2 });
    // minio-js "Set lock config on a bucket": an empty configuration removes the default retention.
    await client.setObjectLockConfig(b, {} as Omit<Minio.ObjectLockInfo, "objectLockEnabled">);
    expect(await client.getObjectLockConfig(b)).toEqual({ objectLockEnabled: "Enabled" });

    await client.putObject(b, "RetentionObject", Buffer.alloc(1, 0));
    const { versionId } = await client.statObject(b, "RetentionObject");
    const until = new Date(Date.now() + 24 * 3600 * 1000);
    until.setUTCHours(0, 0, 0, 0);
    await client.putObjectRetention(b, "RetentionObject", { governanceBypass: true, mode: "GOVERNANCE", retainUntilDate: until.toISOString(), versionId: versionId ?? "" });
    expect(await client.getObjectRetention(b, "RetentionObject", { versionId: versionId ?? "" })).toEqual({ mode: "GOVERNANCE", retainUntilDate: until.toISOString() });
    expect(await codeOf(client.removeObject(b, "RetentionObject", { versionId: versionId ?? "" }))).toBe("AccessDenied");

    await client.setObjectLegalHold(b, "RetentionObject", { status: "ON", versionId: versionId ?? "" });
    expect(await client.getObjectLegalHold(b, "RetentionObject", { versionId: versionId ?? "" })).toEqual({ Status: "ON" });
    await client.setObjectLegalHold(b, "RetentionObject", { status: "OFF", versionId: versionId ?? "" });
    expect(await client.getObjectLegalHold(b, "RetentionObject")).toEqual({ Status: "OFF" });

    await client.removeObject(b, "RetentionObject", { versionId: versionId ?? "", governanceBypass: true });
    await client.removeBucket(b);
  });
});

describe("minio client: SelectObjectContent (S3 Select)", () => {
  const csv =
    "Name,PhoneNumber,City,Occupation\n" +
    "Sam,(949) 123-45567,Irvine,Solutions Architect\n" +
    "Vinod,(949) 123-4556,Los Angeles,Solutions Architect\n" +
    "Jeff,(949) 123-45567,Seattle,AWS Evangelist\n" +
    "Jane,(949) 123-45567,Chicago,Developer\n" +
    "Sean,(949) 123-45567,Chicago,Developer\n" +
    "Mary,(949) 123-45567,Chicago,Developer\n" +
    "Kate,(949) 123-45567,Chicago,Developer";
  let b: string;
  beforeAll(async () => {
    b = await newBucket();
    await client.putObject(b, "SelectObjectContent", csv);
  });

  it("answers minio-js's query over a CSV with a header (selectObjectContent, records and stats)", async () => {
    const result = await client.selectObjectContent(b, "SelectObjectContent", {
      expression: "SELECT * FROM s3object s where s.\"Name\" = 'Jane'",
      expressionType: "SQL",
      // minio-js writes the header mode as "Use".
      inputSerialization: { CSV: { FileHeaderInfo: "Use" as "USE", RecordDelimiter: "\n", FieldDelimiter: "," }, CompressionType: "NONE" },
      outputSerialization: { CSV: { RecordDelimiter: "\n", FieldDelimiter: "," } },
      requestProgress: { Enabled: true },
    });
    if (!result || !("getRecords" in result)) throw new Error("no select result");
    expect(String(result.getRecords())).toBe("Jane,(949) 123-45567,Chicago,Developer\n");
    // minio keeps the Stats event's XML as it came.
    expect(String(result.getStats())).toContain(`<BytesScanned>${csv.length}</BytesScanned><BytesProcessed>${csv.length}</BytesProcessed><BytesReturned>39</BytesReturned>`);
  });

  /** The SDK's event stream, decoded: the Records text and the events' names in order. */
  async function select(input: Omit<SelectObjectContentCommandInput, "Bucket" | "ExpressionType"> & { Bucket?: string }): Promise<{ records: string; events: string[]; stats?: unknown }> {
    const out = await f.client.send(new SelectObjectContentCommand({ Bucket: b, ExpressionType: "SQL", ...input }));
    let records = "";
    const events: string[] = [];
    let stats: unknown;
    for await (const event of out.Payload ?? []) {
      const name = Object.keys(event).find((k) => k !== "$unknown") ?? "";
      events.push(name);
      if (event.Records?.Payload) records += Buffer.from(event.Records.Payload).toString("utf8");
      if (event.Stats) stats = event.Stats.Details;
    }
    return { records, events, stats };
  }

  it("streams Records, Progress when asked, Stats and End through SDK v3", async () => {
    const out = await select({
      Key: "SelectObjectContent",
      Expression: "SELECT s.Name, s.City FROM S3Object s WHERE s.Occupation = 'Developer' AND s.Name LIKE 'S%'",
      InputSerialization: { CSV: { FileHeaderInfo: "USE" } },
      OutputSerialization: { CSV: {} },
      RequestProgress: { Enabled: true },
    });
    expect(out.records).toBe("Sean,Chicago\n");
    expect(out.events).toEqual(["Records", "Progress", "Stats", "End"]);
    expect(out.stats).toEqual({ BytesScanned: csv.length, BytesProcessed: csv.length, BytesReturned: 13 });
  });

  it("reads positional columns, counts, limits and casts", async () => {
    const query = (Expression: string, FileHeaderInfo: "IGNORE" | "NONE" | "USE" = "IGNORE") =>
      select({ Key: "SelectObjectContent", Expression, InputSerialization: { CSV: { FileHeaderInfo } }, OutputSerialization: { CSV: {} } }).then((r) => r.records);
    expect(await query("SELECT s._1 FROM S3Object s WHERE s._3 = 'Chicago' LIMIT 2")).toBe("Jane\nSean\n");
    expect(await query("SELECT COUNT(*) FROM S3Object")).toBe("7\n");
    expect(await query("SELECT COUNT(*) FROM S3Object", "NONE")).toBe("8\n");
    expect(await query("SELECT UPPER(s._1), CHAR_LENGTH(s._4) FROM S3Object s WHERE s._1 IN ('Sam', 'Kate')")).toBe("SAM,19\nKATE,9\n");
    expect(await query("SELECT s._1 FROM S3Object s WHERE CAST(SUBSTRING(s._2, 2, 3) AS INT) = 949 AND s._4 = 'AWS Evangelist'")).toBe("Jeff\n");
    // A field holding the delimiter is quoted as needed.
    expect(await query("SELECT s._3 || ', CA' FROM S3Object s WHERE s._1 = 'Sam'")).toBe('"Irvine, CA"\n');
  });

  it("selects from JSON lines and gzip documents into JSON records (aggregates, nested paths, S3Object[*])", async () => {
    const lines = ['{"name":"a","n":1,"tags":{"x":"1"}}', '{"name":"b","n":2}', '{"name":"c","n":3,"tags":{"x":"3"}}'].join("\n");
    await f.client.send(new PutObjectCommand({ Bucket: b, Key: "lines.json", Body: lines }));
    const json = (Key: string, Expression: string, Type: "LINES" | "DOCUMENT", CompressionType: "NONE" | "GZIP" = "NONE") =>
      select({ Key, Expression, InputSerialization: { JSON: { Type }, CompressionType }, OutputSerialization: { JSON: {} } }).then((r) => r.records);
    expect(await json("lines.json", "SELECT s.name, s.tags.x FROM S3Object s WHERE s.n >= 2", "LINES")).toBe('{"name":"b"}\n{"name":"c","x":"3"}\n');
    expect(await json("lines.json", "SELECT SUM(s.n) AS total, AVG(s.n), MAX(s.name) FROM S3Object s", "LINES")).toBe('{"total":6,"_2":2,"_3":"c"}\n');
    expect(await json("lines.json", "SELECT * FROM S3Object s WHERE s.tags IS MISSING", "LINES")).toBe('{"name":"b","n":2}\n');

    await f.client.send(new PutObjectCommand({ Bucket: b, Key: "doc.json.gz", Body: gzipSync(JSON.stringify({ items: [{ id: 1 }, { id: 2 }, { id: 3 }] })) }));
    expect(await json("doc.json.gz", "SELECT d.id FROM S3Object[*].items[*] d WHERE d.id BETWEEN 2 AND 3", "DOCUMENT", "GZIP")).toBe('{"id":2}\n{"id":3}\n');
  });

  it("refuses what it cannot run with S3's Select errors", async () => {
    const run = (Expression: string, ExpressionType?: string) =>
      f.client.send(new SelectObjectContentCommand({ Bucket: b, Key: "SelectObjectContent", Expression, ExpressionType: (ExpressionType ?? "SQL") as "SQL", InputSerialization: { CSV: {} }, OutputSerialization: { CSV: {} } }));
    const syntax = await failure(run("SELEC * FROM S3Object"));
    expect([syntax.name, syntax.message, syntax.$metadata.httpStatusCode]).toEqual(["UnsupportedSyntax", "We encountered syntax that is not valid.", 400]);
    const type = await failure(run("SELECT * FROM S3Object", "XPATH"));
    expect([type.name, type.message]).toEqual(["InvalidExpressionType", "The ExpressionType is invalid. Only SQL expressions are supported."]);
    const cast = await failure(run("SELECT CAST(s._1 AS INT) FROM S3Object s"));
    expect(cast.name).toBe("CastFailed");
    expect((await failure(f.client.send(new SelectObjectContentCommand({ Bucket: b, Key: "missing", Expression: "SELECT * FROM S3Object", ExpressionType: "SQL", InputSerialization: { CSV: {} }, OutputSerialization: { CSV: {} } })))).name).toBe("NoSuchKey");
  });
});
