/**
 * Cases recorded against real S3 (localstack's AWS-validated snapshots, S3 error
 * responses quoted in issues), replayed through the SDK and fetch against the sandbox.
 */
import {
  CopyObjectCommand, CreateBucketCommand, DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, PutBucketCorsCommand,
  PutBucketVersioningCommand, PutObjectCommand, S3Client, type CopyObjectCommandInput,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { MemoryStore, VirtualClock, serveHandler, silentLogger } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createS3, type S3 } from "../src/index.js";
import { CREDENTIALS, failure } from "./helpers.js";

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const BUCKET = "recorded-bucket";

let s3: S3;
let clock: VirtualClock;
let client: S3Client;
let url: string;
let closeServer: () => Promise<void>;

beforeAll(async () => {
  clock = new VirtualClock(NOW);
  // One virtual clock for the sandbox and for the wall clock clients sign with.
  s3 = await createS3({ store: new MemoryStore(), clock, wallClock: clock, logger: silentLogger, region: "us-east-1", accountId: "000000000000" });
  const server = await serveHandler(s3.service.handle);
  url = server.url;
  closeServer = () => server.close();
  client = new S3Client({ endpoint: url, region: "us-east-1", credentials: CREDENTIALS, forcePathStyle: true });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: "hello.txt", Body: "hello" }));
});

afterAll(async () => {
  client?.destroy();
  await closeServer?.();
  await s3?.close();
});

/** An element of an S3 XML error body. */
function element(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

describe("presigned URLs", () => {
  it("answers an expired SigV4 URL with 403 AccessDenied \"Request has expired\", X-Amz-Expires, Expires and ServerTime", async () => {
    const signed = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: "hello.txt" }), { expiresIn: 60, signingDate: new Date(NOW - 3600_000) });
    const res = await fetch(signed);
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(element(xml, "Code")).toBe("AccessDenied");
    expect(element(xml, "Message")).toBe("Request has expired");
    expect(element(xml, "X-Amz-Expires")).toBe("60");
    expect(element(xml, "Expires")).toBe("2026-11-25T11:01:00Z");
    expect(element(xml, "ServerTime")).toBe("2026-11-25T12:00:00Z");
  });

  it("serves a URL still inside its window", async () => {
    const signed = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: "hello.txt" }), { expiresIn: 60, signingDate: new Date(NOW - 30_000) });
    const res = await fetch(signed);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("hello");
  });

  it("refuses X-Amz-Expires past a week with AuthorizationQueryParametersError", async () => {
    const signed = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: "hello.txt" }), { expiresIn: 60, signingDate: new Date(NOW) });
    const res = await fetch(signed.replace("X-Amz-Expires=60", "X-Amz-Expires=604801"));
    expect(res.status).toBe(400);
    const xml = await res.text();
    expect(element(xml, "Code")).toBe("AuthorizationQueryParametersError");
    expect(element(xml, "Message")).toBe(
      "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds",
    );
  });
});

describe("presigned URLs after sandbox time advances", () => {
  it("judges expiry by the wall clock clients sign with, not by the advanced sandbox clock", async () => {
    const advanced = await createS3({
      store: new MemoryStore(), clock: new VirtualClock(NOW + 86_400_000), wallClock: new VirtualClock(NOW), logger: silentLogger, region: "us-east-1", accountId: "000000000000",
    });
    const server = await serveHandler(advanced.service.handle);
    const other = new S3Client({ endpoint: server.url, region: "us-east-1", credentials: CREDENTIALS, forcePathStyle: true });
    try {
      await other.send(new CreateBucketCommand({ Bucket: BUCKET }));
      await other.send(new PutObjectCommand({ Bucket: BUCKET, Key: "fresh.txt", Body: "fresh" }));
      const signed = await getSignedUrl(other, new GetObjectCommand({ Bucket: BUCKET, Key: "fresh.txt" }), { expiresIn: 60, signingDate: new Date(NOW - 30_000) });
      const res = await fetch(signed);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("fresh");
    } finally {
      other.destroy();
      await server.close();
      await advanced.close();
    }
  });
});

describe("presigned URLs, SigV2", () => {
  it("answers an expired Expires with 403 AccessDenied \"Request has expired\", Expires and ServerTime", async () => {
    const expires = Math.floor(NOW / 1000) - 60;
    const res = await fetch(`${url}/${BUCKET}/hello.txt?AWSAccessKeyId=x&Expires=${expires}&Signature=abc`);
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(element(xml, "Code")).toBe("AccessDenied");
    expect(element(xml, "Message")).toBe("Request has expired");
    expect(element(xml, "Expires")).toBe("2026-11-25T11:59:00Z");
    expect(element(xml, "ServerTime")).toBe("2026-11-25T12:00:00Z");
    expect(element(xml, "X-Amz-Expires")).toBeUndefined();
  });
});

describe("CopyObject directives", () => {
  it("refuses a metadata directive other than COPY or REPLACE with InvalidArgument", async () => {
    const error = await failure(client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "copy", CopySource: `${BUCKET}/hello.txt`, MetadataDirective: "replace" as "REPLACE" })));
    expect(error.name).toBe("InvalidArgument");
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toBe("Unknown metadata directive.");
    expect(error).toMatchObject({ ArgumentName: "x-amz-metadata-directive", ArgumentValue: "replace" });
  });

  it("refuses a tagging directive other than COPY or REPLACE with InvalidArgument", async () => {
    const error = await failure(client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "copy", CopySource: `${BUCKET}/hello.txt`, TaggingDirective: "MERGE" as "REPLACE" })));
    expect(error.name).toBe("InvalidArgument");
    expect(error.message).toBe("Unknown tagging directive.");
    expect(error).toMatchObject({ ArgumentName: "x-amz-tagging-directive", ArgumentValue: "MERGE" });
    await expect(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "copy" }))).rejects.toMatchObject({ name: "NotFound" });
  });
});

describe("CORS preflight without a configuration (localstack test_s3_cors, AWS-validated)", () => {
  const preflight = (path: string, headers: Record<string, string>) => fetch(`${url}${path}`, { method: "OPTIONS", headers });

  it("names the BUCKET and the requested method on an object URL", async () => {
    const res = await preflight(`/${BUCKET}/hello.txt`, { Origin: "whatever", "Access-Control-Request-Method": "PUT" });
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(element(xml, "Code")).toBe("AccessForbidden");
    expect(element(xml, "Message")).toBe("CORSResponse: CORS is not enabled for this bucket.");
    expect(element(xml, "Method")).toBe("PUT");
    expect(element(xml, "ResourceType")).toBe("BUCKET");
  });

  it("answers OPTIONS as the method when no Access-Control-Request-Method came", async () => {
    const res = await preflight(`/${BUCKET}/hello.txt`, { Origin: "whatever" });
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(element(xml, "Message")).toBe("CORSResponse: CORS is not enabled for this bucket.");
    expect(element(xml, "Method")).toBe("OPTIONS");
    expect(element(xml, "ResourceType")).toBe("BUCKET");
  });

  it("answers \"Bucket not found\" for a bucket that does not exist", async () => {
    const res = await preflight("/fake-bucket-that-is-not-there/key", { Origin: "whatever" });
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(element(xml, "Code")).toBe("AccessForbidden");
    expect(element(xml, "Message")).toBe("CORSResponse: Bucket not found");
    expect(element(xml, "Method")).toBe("OPTIONS");
    expect(element(xml, "ResourceType")).toBe("BUCKET");
  });

  it("still reads the method once the bucket has rules", async () => {
    await client.send(new CreateBucketCommand({ Bucket: "recorded-cors" }));
    await client.send(new PutBucketCorsCommand({ Bucket: "recorded-cors", CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["*"], AllowedMethods: ["GET"] }] } }));
    const res = await preflight("/recorded-cors/key", { Origin: "whatever" });
    expect(res.status).toBe(400);
    expect(element(await res.text(), "Message")).toBe("Invalid Access-Control-Request-Method: null");
  });
});

describe("POST Object policy", () => {
  const upload = (expiration: string) => {
    // A SigV4 form as createPresignedPost makes it: every field but the signature named by a condition.
    const signing = { "x-amz-algorithm": "AWS4-HMAC-SHA256", "x-amz-credential": "x/20261125/us-east-1/s3/aws4_request", "x-amz-date": "20261125T120000Z" };
    const conditions = [{ bucket: BUCKET }, ["eq", "$key", "posted"], ...Object.entries(signing).map(([k, v]) => ({ [k]: v }))];
    const form = new FormData();
    form.append("key", "posted");
    for (const [name, value] of Object.entries(signing)) form.append(name, value);
    form.append("Policy", Buffer.from(JSON.stringify({ expiration, conditions })).toString("base64"));
    form.append("x-amz-signature", "0".repeat(64));
    form.append("file", new Blob(["posted"]), "posted.txt");
    return fetch(`${url}/${BUCKET}`, { method: "POST", body: form });
  };

  it("refuses a policy whose expiration has passed with 403 AccessDenied \"Invalid according to Policy: Policy expired.\"", async () => {
    const res = await upload("2026-11-25T11:59:59.000Z");
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(element(xml, "Code")).toBe("AccessDenied");
    expect(element(xml, "Message")).toBe("Invalid according to Policy: Policy expired.");
    await expect(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "posted" }))).rejects.toMatchObject({ name: "NotFound" });
  });

  it("takes the upload while the policy is valid", async () => {
    expect((await upload("2026-11-25T12:05:00Z")).status).toBe(204);
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "posted" }));
    expect(head.ContentLength).toBe(6);
  });
});

describe("version ids S3 could not have issued (localstack test_s3_api, AWS-validated)", () => {
  /** Well formed (32 URL-safe characters), yet not an id S3 wrote. */
  const FAKE = "HPniJFCxqTsMuIH9KX8K8wEjNUgmABCD";

  it("refuses one on GetObject and DeleteObject in a bucket never versioned with InvalidArgument", async () => {
    for (const call of [
      () => client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "hello.txt", VersionId: FAKE })),
      () => client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: "hello.txt", VersionId: FAKE })),
    ]) {
      const error = await failure(call());
      expect(error.name).toBe("InvalidArgument");
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.message).toBe("Invalid version id specified");
      expect(error).toMatchObject({ ArgumentName: "versionId", ArgumentValue: FAKE });
    }
    const nullVersion = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "hello.txt", VersionId: "null" }));
    expect(await nullVersion.Body?.transformToString()).toBe("hello");
  });

  it("reports one in DeleteObjects as NoSuchVersion", async () => {
    const out = await client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: "hello.txt", VersionId: FAKE }] } }));
    expect(out.Deleted).toBeUndefined();
    expect(out.Errors).toEqual([{ Key: "hello.txt", VersionId: FAKE, Code: "NoSuchVersion", Message: "The specified version does not exist." }]);
  });

  it("tells a tampered id (InvalidArgument) from a deleted one (NoSuchVersion) in a versioned bucket", async () => {
    const bucket = "recorded-versions";
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await client.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    const { VersionId = "" } = await client.send(new PutObjectCommand({ Bucket: bucket, Key: "k", Body: "test-delete" }));
    const tampered = `${VersionId.slice(0, -4)}${VersionId.endsWith("ABCD") ? "ABCE" : "ABCD"}`;
    const bad = await failure(client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k", VersionId: tampered })));
    expect(bad.name).toBe("InvalidArgument");
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: "k", VersionId }));
    const gone = await failure(client.send(new GetObjectCommand({ Bucket: bucket, Key: "k", VersionId })));
    expect(gone.name).toBe("NoSuchVersion");
    expect(gone).toMatchObject({ Key: "k", VersionId });
  });
});

describe("CopyObject source preconditions (localstack test_s3_preconditions, AWS-validated)", () => {
  const SOURCE = "precondition-source";
  let etag = "";

  beforeAll(async () => {
    etag = (await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: SOURCE, Body: "data" }))).ETag ?? "";
    // The recorded test waits 3 seconds so that "now" is after the source's Last-Modified.
    await clock.advance(3000);
  });

  const copy = (conditions: Partial<Pick<CopyObjectCommandInput, "CopySourceIfMatch" | "CopySourceIfNoneMatch" | "CopySourceIfModifiedSince" | "CopySourceIfUnmodifiedSince">>) =>
    client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: "precondition-dest", CopySource: `${BUCKET}/${SOURCE}`, ...conditions }));

  it("checks If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since in that order, each a 412 naming its header", async () => {
    const now = new Date(NOW + 3000);
    const dayBefore = new Date(NOW + 3000 - 86_400_000);
    const cases: [Parameters<typeof copy>[0], string][] = [
      [{ CopySourceIfModifiedSince: now, CopySourceIfUnmodifiedSince: dayBefore, CopySourceIfMatch: "etag123", CopySourceIfNoneMatch: etag }, "x-amz-copy-source-If-Match"],
      [{ CopySourceIfModifiedSince: now, CopySourceIfUnmodifiedSince: dayBefore, CopySourceIfNoneMatch: etag }, "x-amz-copy-source-If-Unmodified-Since"],
      [{ CopySourceIfModifiedSince: now, CopySourceIfNoneMatch: etag }, "x-amz-copy-source-If-None-Match"],
      [{ CopySourceIfModifiedSince: now }, "x-amz-copy-source-If-Modified-Since"],
      [{ CopySourceIfNoneMatch: etag.replace(/"/g, "") }, "x-amz-copy-source-If-None-Match"],
    ];
    for (const [conditions, condition] of cases) {
      const error = await failure(copy(conditions));
      expect(error.name).toBe("PreconditionFailed");
      expect(error.$metadata.httpStatusCode).toBe(412);
      expect(error.message).toBe("At least one of the pre-conditions you specified did not hold");
      expect(error).toMatchObject({ Condition: condition });
    }
  });

  it("ignores an If-Modified-Since in the future and copies when every condition holds", async () => {
    const now = NOW + 3000;
    await expect(copy({ CopySourceIfModifiedSince: new Date(now + 86_400_000) })).resolves.toMatchObject({ CopyObjectResult: { ETag: etag } });
    const all = await copy({
      CopySourceIfMatch: etag.replace(/"/g, ""),
      CopySourceIfNoneMatch: "etag123",
      CopySourceIfModifiedSince: new Date(now - 86_400_000),
      CopySourceIfUnmodifiedSince: new Date(now),
    });
    expect(all.CopyObjectResult?.ETag).toBe(etag);
  });

  it("applies the same rule to GetObject: a future If-Modified-Since is ignored, a past one still answers 304", async () => {
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: SOURCE, IfModifiedSince: new Date(NOW + 86_400_000) }));
    expect(await got.Body?.transformToString()).toBe("data");
    const notModified = await failure(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: SOURCE, IfModifiedSince: new Date(NOW + 3000) })));
    expect(notModified.$metadata.httpStatusCode).toBe(304);
  });

  it("fails If-Modified-Since equal to the source's Last-Modified and passes If-Unmodified-Since equal to it", async () => {
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: SOURCE }));
    const lastModified = head.LastModified ?? new Date(0);
    const error = await failure(copy({ CopySourceIfModifiedSince: lastModified }));
    expect(error).toMatchObject({ Condition: "x-amz-copy-source-If-Modified-Since" });
    await expect(copy({ CopySourceIfModifiedSince: new Date(lastModified.getTime() - 60_000) })).resolves.toBeDefined();
    await expect(copy({ CopySourceIfUnmodifiedSince: lastModified })).resolves.toBeDefined();
  });
});

describe("default checksum (localstack test_s3_cors put-op, AWS-validated)", () => {
  it("gives a PUT without a checksum a full-object CRC64NVME and answers it", async () => {
    const empty = await fetch(`${url}/${BUCKET}/no-checksum-empty`, { method: "PUT", body: "" });
    expect(empty.status).toBe(200);
    expect(empty.headers.get("x-amz-checksum-crc64nvme")).toBe("AAAAAAAAAAA=");
    expect(empty.headers.get("x-amz-checksum-type")).toBe("FULL_OBJECT");
    // CRC-64/NVME's check value: "123456789" → 0xae8b14860a799888.
    const digits = await fetch(`${url}/${BUCKET}/no-checksum-digits`, { method: "PUT", body: "123456789" });
    expect(digits.headers.get("x-amz-checksum-crc64nvme")).toBe(Buffer.from("ae8b14860a799888", "hex").toString("base64"));
    // The SDK validates the value it gets back.
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: "no-checksum-digits", ChecksumMode: "ENABLED" }));
    expect(await got.Body?.transformToString()).toBe("123456789");
    expect(got.ChecksumCRC64NVME).toBe("rosUhgp5mIg=");
    expect(got.ChecksumType).toBe("FULL_OBJECT");
  });
});

describe("a preflight to a presigned URL", () => {
  it("is answered from the CORS rules even when the URL has expired (a preflight is not authenticated)", async () => {
    await client.send(new CreateBucketCommand({ Bucket: "recorded-preflight" }));
    await client.send(new PutBucketCorsCommand({ Bucket: "recorded-preflight", CORSConfiguration: { CORSRules: [{ AllowedOrigins: ["*"], AllowedMethods: ["PUT"] }] } }));
    const signed = await getSignedUrl(client, new PutObjectCommand({ Bucket: "recorded-preflight", Key: "k" }), { expiresIn: 60, signingDate: new Date(NOW - 3_600_000) });
    const res = await fetch(signed, { method: "OPTIONS", headers: { Origin: "https://app.example", "Access-Control-Request-Method": "PUT" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect((await fetch(signed, { method: "PUT", body: "x" })).status).toBe(403);
  });
});
