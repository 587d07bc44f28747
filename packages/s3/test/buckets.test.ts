import { Agent, type AgentOptions } from "node:http";
import type { LookupAddress } from "node:dns";
import {
  DeletePublicAccessBlockCommand, GetObjectCommand, ListObjectsV2Command,
  CreateBucketCommand, DeleteBucketCommand, GetBucketAclCommand, GetBucketLocationCommand, PutBucketAclCommand, HeadBucketCommand, ListBucketsCommand, PutObjectCommand, S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, CREDENTIALS, startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;

beforeAll(async () => {
  f = await startS3();
});

afterAll(async () => {
  await f?.close();
});

describe("CreateBucket", () => {
  it("creates a bucket that ListBuckets and HeadBucket see", async () => {
    const name = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: name }));
    const list = await f.client.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => b.Name)).toContain(name);
    const head = await f.client.send(new HeadBucketCommand({ Bucket: name }));
    expect(head.BucketRegion).toBe("us-east-1");
    expect((await f.client.send(new GetBucketLocationCommand({ Bucket: name }))).LocationConstraint).toBeUndefined();
  });

  it("answers 200 to re-creating a bucket you own in us-east-1, BucketAlreadyOwnedByYou elsewhere", async () => {
    const name = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: name }));
    await f.client.send(new CreateBucketCommand({ Bucket: name }));
    const eu = new S3Client({ endpoint: f.url, region: "eu-west-1", credentials: CREDENTIALS, forcePathStyle: true });
    const other = bucketName();
    await eu.send(new CreateBucketCommand({ Bucket: other, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    expect((await eu.send(new GetBucketLocationCommand({ Bucket: other }))).LocationConstraint).toBe("eu-west-1");
    const error = await failure(eu.send(new CreateBucketCommand({ Bucket: other, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } })));
    expect(error.name).toBe("BucketAlreadyOwnedByYou");
    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(error.message).toBe("Your previous request to create the named bucket succeeded and you already own it.");
    const elsewhere = await failure(eu.send(new CreateBucketCommand({ Bucket: bucketName(), CreateBucketConfiguration: { LocationConstraint: "ap-northeast-1" } })));
    expect(elsewhere.name).toBe("IllegalLocationConstraintException");
    expect(elsewhere.message).toBe("The ap-northeast-1 location constraint is incompatible for the region specific endpoint this request was sent to.");
    eu.destroy();
  });

  it("resets the bucket's ACL when a bucket you own is re-created in us-east-1", async () => {
    const name = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: name, ObjectOwnership: "ObjectWriter" }));
    await f.client.send(new DeletePublicAccessBlockCommand({ Bucket: name }));
    await f.client.send(new PutBucketAclCommand({ Bucket: name, ACL: "public-read" }));
    expect((await f.client.send(new GetBucketAclCommand({ Bucket: name }))).Grants).toHaveLength(2);
    await f.client.send(new CreateBucketCommand({ Bucket: name }));
    const acl = await f.client.send(new GetBucketAclCommand({ Bucket: name }));
    expect(acl.Grants?.map((g) => [g.Grantee?.Type, g.Permission])).toEqual([["CanonicalUser", "FULL_CONTROL"]]);
  });

  it.each(["ab", "UpperCase", "under_score", "-leading", "trailing-", "two..dots", "192.168.5.4", "xn--punycode", "a".repeat(64)])(
    "rejects the name %s with InvalidBucketName",
    async (name) => {
      const error = await failure(f.client.send(new CreateBucketCommand({ Bucket: name })));
      expect(error.name).toBe("InvalidBucketName");
      expect(error.message).toBe("The specified bucket is not valid.");
    },
  );
});

describe("DeleteBucket", () => {
  it("refuses a bucket that holds objects with BucketNotEmpty, then deletes it once empty", async () => {
    const name = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: name }));
    await f.client.send(new PutObjectCommand({ Bucket: name, Key: "k", Body: "v" }));
    const error = await failure(f.client.send(new DeleteBucketCommand({ Bucket: name })));
    expect(error.name).toBe("BucketNotEmpty");
    expect(error.$metadata.httpStatusCode).toBe(409);
    expect(error.message).toBe("The bucket you tried to delete is not empty");
  });

  it("answers a missing bucket with NoSuchBucket (and HeadBucket with a bodiless 404)", async () => {
    const error = await failure(f.client.send(new DeleteBucketCommand({ Bucket: "missing-bucket-x" })));
    expect(error.name).toBe("NoSuchBucket");
    const head = await failure(f.client.send(new HeadBucketCommand({ Bucket: "missing-bucket-x" })));
    expect(head.$metadata.httpStatusCode).toBe(404);
    expect(head.name).toBe("NotFound");
  });
});

describe("addressing", () => {
  it("serves the SDK in virtual-hosted style (forcePathStyle false, endpoint http://s3.localhost:<port>)", async () => {
    // *.localhost may not resolve on this machine: send every name to 127.0.0.1, as a browser does.
    const lookup = ((_host: string, options: unknown, callback: (e: null, address: string | LookupAddress[], family?: number) => void) => {
      if (typeof options === "object" && options !== null && (options as { all?: boolean }).all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
      else callback(null, "127.0.0.1", 4);
    }) as unknown as AgentOptions["lookup"];
    const hosted = new S3Client({
      endpoint: `http://s3.localhost:${f.port}`,
      region: "us-east-1",
      credentials: CREDENTIALS,
      forcePathStyle: false,
      requestHandler: { httpAgent: new Agent({ lookup }) },
    });
    const name = bucketName();
    await hosted.send(new CreateBucketCommand({ Bucket: name }));
    await hosted.send(new PutObjectCommand({ Bucket: name, Key: "dir/v.txt", Body: "virtual" }));
    const got = await f.client.send(new GetObjectCommand({ Bucket: name, Key: "dir/v.txt" }));
    expect(await got.Body?.transformToString()).toBe("virtual");
    const listed = await hosted.send(new ListObjectsV2Command({ Bucket: name }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(["dir/v.txt"]);
    hosted.destroy();
  });

  it("serves virtual-hosted requests by their Host header (bucket.s3.localhost, bucket.localhost)", async () => {
    const name = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: name }));
    for (const host of [`${name}.s3.localhost:${f.port}`, `${name}.localhost:${f.port}`, `${name}.s3.us-east-1.amazonaws.com`]) {
      const put = await fetchWithHost(`${f.url}/hosted.txt`, host, { method: "PUT", body: host });
      expect(put.status).toBe(200);
      const got = await fetchWithHost(`${f.url}/hosted.txt`, host, {});
      expect(await got.text()).toBe(host);
    }
    const list = await fetchWithHost(`${f.url}/?list-type=2`, `${name}.s3.localhost:${f.port}`, {});
    expect(await list.text()).toContain("<Key>hosted.txt</Key>");
  });
});

/** fetch() cannot set Host; node:http can. */
async function fetchWithHost(url: string, host: string, init: { method?: string; body?: string }): Promise<{ status: number; text(): Promise<string> }> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: async () => Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}
