// The AWS SDK v3's high-level helpers (lib-storage, s3-request-presigner, lib-dynamodb
// paginators, waiters) against the sandbox's edge, exactly as an application calls them.
import { createHash, randomBytes } from "node:crypto";
import { lookup } from "node:dns";
import { Agent, type AgentOptions } from "node:http";
import { join } from "node:path";
import {
  CreateBucketCommand, GetObjectAttributesCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client,
  waitUntilObjectExists, waitUntilObjectNotExists,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, paginateQuery, paginateScan, BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { createSandbox, type RunningSandbox } from "sam-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const credentials = { accessKeyId: "x", secretAccessKey: "x" };
let sandbox: RunningSandbox;
let s3: S3Client;
let ddb: DynamoDBClient;

beforeAll(async () => {
  sandbox = await createSandbox({ template: join(import.meta.dirname, "fixtures", "minimal.yaml"), port: 0, edgePort: 0, inMemory: true });
  const config = { endpoint: sandbox.endpoint, region: "us-east-1", credentials };
  s3 = new S3Client({ ...config, forcePathStyle: true });
  ddb = new DynamoDBClient(config);
  await s3.send(new CreateBucketCommand({ Bucket: "sdk-helpers" }));
});

afterAll(async () => {
  s3?.destroy();
  ddb?.destroy();
  await sandbox?.stop();
});

const text = async (body: { transformToString(): Promise<string> } | undefined) => (body ? body.transformToString() : "");

describe("@aws-sdk/lib-storage Upload", () => {
  it("uploads 12 MB in 5 MB parts with CRC32 checksums and reads it back whole", async () => {
    const data = randomBytes(12 * 1024 * 1024);
    const upload = new Upload({
      client: s3,
      params: { Bucket: "sdk-helpers", Key: "big.bin", Body: data, ChecksumAlgorithm: "CRC32" },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    });
    const parts: number[] = [];
    upload.on("httpUploadProgress", (p) => { if (p.part !== undefined) parts.push(p.part); });
    const done = await upload.done();
    expect(done.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);
    expect(done.Key).toBe("big.bin");
    expect(done.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/]{6}==-3$/);
    expect(new Set(parts)).toEqual(new Set([1, 2, 3]));
    const got = await s3.send(new GetObjectCommand({ Bucket: "sdk-helpers", Key: "big.bin" }));
    const bytes = Buffer.from(await (got.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(createHash("sha256").update(data).digest("hex"));
    const attributes = await s3.send(new GetObjectAttributesCommand({ Bucket: "sdk-helpers", Key: "big.bin", ObjectAttributes: ["ObjectParts", "Checksum", "ObjectSize"] }));
    expect(attributes.ObjectSize).toBe(data.length);
    expect(attributes.ObjectParts?.TotalPartsCount).toBe(3);
  });

  it("sends a small body as one PutObject", async () => {
    const done = await new Upload({ client: s3, params: { Bucket: "sdk-helpers", Key: "small.txt", Body: "tiny", ContentType: "text/plain" } }).done();
    expect(done.ETag).toBe(`"${createHash("md5").update("tiny").digest("hex")}"`);
    const head = await s3.send(new HeadObjectCommand({ Bucket: "sdk-helpers", Key: "small.txt" }));
    expect(head.ContentType).toBe("text/plain");
    expect(head.ContentLength).toBe(4);
  });
});

describe("virtual-hosted-style S3", () => {
  it("serves <bucket>.localhost:<port> with forcePathStyle off", async () => {
    // Not every resolver answers *.localhost (glibc without nss-myhostname): resolve it as localhost.
    const localhostLookup: AgentOptions["lookup"] = (host, options, callback) =>
      lookup(host.endsWith(".localhost") ? "127.0.0.1" : host, options, callback);
    const endpoint = sandbox.endpoint.replace("127.0.0.1", "localhost");
    const virtual = new S3Client({ endpoint, region: "us-east-1", credentials, forcePathStyle: false, requestHandler: { httpAgent: new Agent({ lookup: localhostLookup }) } });
    try {
      const hosts: string[] = [];
      virtual.middlewareStack.add((next) => async (args) => {
        hosts.push((args.request as { hostname?: string }).hostname ?? "");
        return next(args);
      }, { step: "finalizeRequest" });
      await virtual.send(new PutObjectCommand({ Bucket: "sdk-helpers", Key: "virtual.txt", Body: "by host" }));
      const got = await virtual.send(new GetObjectCommand({ Bucket: "sdk-helpers", Key: "virtual.txt" }));
      expect(await text(got.Body)).toBe("by host");
      expect(hosts).toEqual(["sdk-helpers.localhost", "sdk-helpers.localhost"]);
    } finally {
      virtual.destroy();
    }
  });
});

describe("@aws-sdk/s3-request-presigner", () => {
  it("presigns a GET that plain fetch can follow", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "sdk-helpers", Key: "signed/get.txt", Body: "presigned body" }));
    const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: "sdk-helpers", Key: "signed/get.txt" }), { expiresIn: 60 });
    expect(url).toContain("X-Amz-Signature=");
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("presigned body");
  });

  it("presigns a PUT with a content type that plain fetch can upload through", async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: "sdk-helpers", Key: "signed/put.json", ContentType: "application/json" }), { expiresIn: 60 });
    // SDK ≥ 3.729 signs the CRC32 of the empty body it presigned; S3 does not check checksums
    // in a presigned URL's query (S3 User Guide, "Uploading objects with presigned URLs"), so the upload succeeds.
    expect(new URL(url).searchParams.get("x-amz-checksum-crc32")).toBe("AAAAAA==");
    const res = await fetch(url, { method: "PUT", body: '{"ok":true}', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    const got = await s3.send(new GetObjectCommand({ Bucket: "sdk-helpers", Key: "signed/put.json" }));
    expect(got.ContentType).toBe("application/json");
    expect(await text(got.Body)).toBe('{"ok":true}');
  });
});

describe("waiters", () => {
  it("waitUntilObjectExists and waitUntilObjectNotExists settle on the object's state", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "sdk-helpers", Key: "waited", Body: "x" }));
    const exists = await waitUntilObjectExists({ client: s3, maxWaitTime: 5, minDelay: 1 }, { Bucket: "sdk-helpers", Key: "waited" });
    expect(exists.state).toBe("SUCCESS");
    const gone = await waitUntilObjectNotExists({ client: s3, maxWaitTime: 5, minDelay: 1 }, { Bucket: "sdk-helpers", Key: "never-written" });
    expect(gone.state).toBe("SUCCESS");
  });

  it("waitUntilTableExists sees a new table become ACTIVE", async () => {
    await ddb.send(new CreateTableCommand({
      TableName: "sdk-waited", BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
      AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }, { AttributeName: "sk", AttributeType: "N" }],
    }));
    const result = await waitUntilTableExists({ client: ddb, maxWaitTime: 30, minDelay: 1 }, { TableName: "sdk-waited" });
    expect(result.state).toBe("SUCCESS");
  });
});

describe("@aws-sdk/lib-dynamodb paginators", () => {
  it("paginateQuery and paginateScan walk every page of a table", async () => {
    const doc = DynamoDBDocumentClient.from(ddb);
    for (let start = 0; start < 50; start += 25) {
      const items = Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: "p", sk: start + i, data: { nested: [start + i] } } } }));
      await doc.send(new BatchWriteCommand({ RequestItems: { "sdk-waited": items } }));
    }
    const queried: number[] = [];
    let pages = 0;
    for await (const page of paginateQuery({ client: doc, pageSize: 7 }, { TableName: "sdk-waited", KeyConditionExpression: "pk = :p AND sk >= :from", ExpressionAttributeValues: { ":p": "p", ":from": 10 } })) {
      pages++;
      for (const item of page.Items ?? []) queried.push(item.sk as number);
    }
    expect(queried).toEqual(Array.from({ length: 40 }, (_, i) => i + 10));
    expect(pages).toBe(6);
    let scanned = 0;
    for await (const page of paginateScan({ client: doc, pageSize: 9 }, { TableName: "sdk-waited" })) scanned += page.Count ?? 0;
    expect(scanned).toBe(50);
  });
});
