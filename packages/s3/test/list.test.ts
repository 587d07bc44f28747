import { CreateBucketCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectVersionsCommand, ListObjectsCommand, ListObjectsV2Command, PutObjectCommand, paginateListObjectsV2 } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;
let bucket: string;
const KEYS = ["a.txt", "photos/2025/a.jpg", "photos/2025/b.jpg", "photos/2026/c.jpg", "photos/d.jpg", "z.txt", "my file+.txt"];

beforeAll(async () => {
  f = await startS3();
  bucket = bucketName();
  await f.client.send(new CreateBucketCommand({ Bucket: bucket }));
  for (const key of KEYS) await f.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
});

afterAll(async () => {
  await f?.close();
});

describe("ListObjectsV2", () => {
  it("lists keys in order with their size and ETag", async () => {
    const out = await f.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(out.Contents?.map((c) => c.Key)).toEqual([...KEYS].sort());
    expect(out.KeyCount).toBe(KEYS.length);
    expect(out.IsTruncated).toBe(false);
    expect(out.Contents?.[0].Size).toBe("a.txt".length);
  });

  it("rolls keys up to the delimiter into CommonPrefixes", async () => {
    const top = await f.client.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/" }));
    expect(top.Contents?.map((c) => c.Key)).toEqual(["a.txt", "my file+.txt", "z.txt"]);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["photos/"]);
    const photos = await f.client.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: "/", Prefix: "photos/" }));
    expect(photos.Contents?.map((c) => c.Key)).toEqual(["photos/d.jpg"]);
    expect(photos.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["photos/2025/", "photos/2026/"]);
  });

  it("pages with MaxKeys and ContinuationToken, a common prefix counting as one", async () => {
    const keys: string[] = [];
    for await (const page of paginateListObjectsV2({ client: f.client, pageSize: 2 }, { Bucket: bucket, Delimiter: "/" })) {
      expect((page.Contents?.length ?? 0) + (page.CommonPrefixes?.length ?? 0)).toBeLessThanOrEqual(2);
      keys.push(...(page.Contents ?? []).map((c) => c.Key ?? ""), ...(page.CommonPrefixes ?? []).map((p) => p.Prefix ?? ""));
    }
    expect(keys.sort()).toEqual(["a.txt", "my file+.txt", "photos/", "z.txt"]);
  });

  it("starts after StartAfter", async () => {
    const out = await f.client.send(new ListObjectsV2Command({ Bucket: bucket, StartAfter: "photos/2026/c.jpg" }));
    expect(out.Contents?.map((c) => c.Key)).toEqual(["photos/d.jpg", "z.txt"]);
  });

  it("URL-encodes keys with EncodingType url", async () => {
    const out = await f.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: "my", EncodingType: "url" }));
    expect(out.Contents?.map((c) => c.Key)).toEqual(["my%20file%2B.txt"]);
  });
});

describe("keys holding CR and LF (XML-related object key constraints)", () => {
  const KEY = "notes/line\r\nbreak\rcr\nlf & <tag>";

  it("lists them as stored: S3 sends CR and LF as character references", async () => {
    const own = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: own }));
    await f.client.send(new PutObjectCommand({ Bucket: own, Key: KEY, Body: "x" }));
    const out = await f.client.send(new ListObjectsV2Command({ Bucket: own }));
    expect(out.Contents?.map((c) => c.Key)).toEqual([KEY]);
    const raw = await (await fetch(`${f.url}/${own}?list-type=2`)).text();
    expect(raw).toContain("<Key>notes/line&#13;&#10;break&#13;cr&#10;lf &amp; &lt;tag&gt;</Key>");
    const prefixes = await f.client.send(new ListObjectsV2Command({ Bucket: own, Delimiter: "\r" }));
    expect(prefixes.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["notes/line\r"]);
  });

  it("reads them in a DeleteObjects body and answers them back", async () => {
    const own = bucketName();
    await f.client.send(new CreateBucketCommand({ Bucket: own }));
    await f.client.send(new PutObjectCommand({ Bucket: own, Key: KEY, Body: "x" }));
    const out = await f.client.send(new DeleteObjectsCommand({ Bucket: own, Delete: { Objects: [{ Key: KEY }] } }));
    expect(out.Deleted?.map((d) => d.Key)).toEqual([KEY]);
    expect((await f.client.send(new ListObjectsV2Command({ Bucket: own }))).KeyCount).toBe(0);
  });

  it("names them in an error body", async () => {
    const error = await f.client.send(new GetObjectCommand({ Bucket: bucket, Key: KEY })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NoSuchKey", Key: KEY });
  });
});

describe("ListObjects (v1)", () => {
  it("pages with Marker and gives NextMarker with a delimiter", async () => {
    const first = await f.client.send(new ListObjectsCommand({ Bucket: bucket, MaxKeys: 2, Delimiter: "/" }));
    expect(first.IsTruncated).toBe(true);
    expect(first.Contents?.map((c) => c.Key)).toEqual(["a.txt", "my file+.txt"]);
    expect(first.NextMarker).toBe("my file+.txt");
    const second = await f.client.send(new ListObjectsCommand({ Bucket: bucket, Marker: first.NextMarker, Delimiter: "/" }));
    expect(second.CommonPrefixes?.map((p) => p.Prefix)).toEqual(["photos/"]);
    expect(second.Contents?.map((c) => c.Key)).toEqual(["z.txt"]);
  });
});

describe("ListObjectVersions", () => {
  it("lists an unversioned bucket's objects as their only, latest version \"null\"", async () => {
    const out = await f.client.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: "photos/2025/" }));
    expect(out.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest])).toEqual([
      ["photos/2025/a.jpg", "null", true],
      ["photos/2025/b.jpg", "null", true],
    ]);
  });
});
