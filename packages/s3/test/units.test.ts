import { describe, expect, it } from "vitest";
import { isValidBucketName } from "../src/engine/names.js";
import { encodeEventKey, matchesEvent, matchesFilter } from "../src/engine/notifications.js";
import { parseRange } from "../src/engine/range.js";
import { bucketFromHost } from "../src/wire/address.js";
import { decodeAwsChunked, isAwsChunked } from "../src/wire/chunked.js";
import { routeOf } from "../src/wire/route.js";

describe("event notifications", () => {
  it("matches events by name or by wildcard", () => {
    expect(matchesEvent(["s3:ObjectCreated:*"], "ObjectCreated:Put")).toBe(true);
    expect(matchesEvent(["s3:ObjectCreated:Put"], "ObjectCreated:Copy")).toBe(false);
    expect(matchesEvent(["s3:ObjectRemoved:*"], "ObjectCreated:Put")).toBe(false);
  });

  it("filters keys by prefix and suffix together", () => {
    const config = { Id: "x", LambdaFunctionArn: "f", Events: [], FilterRules: [{ Name: "prefix" as const, Value: "images/" }, { Name: "suffix" as const, Value: ".jpg" }] };
    expect(matchesFilter(config, "images/cat.jpg")).toBe(true);
    expect(matchesFilter(config, "images/cat.png")).toBe(false);
    expect(matchesFilter(config, "docs/cat.jpg")).toBe(false);
  });

  it("URL-encodes keys as form values, keeping slashes", () => {
    expect(encodeEventKey("images/my cat (1).jpg")).toBe("images/my+cat+%281%29.jpg");
    expect(encodeEventKey("a+b=c")).toBe("a%2Bb%3Dc");
  });
});

describe("bucket names", () => {
  it.each(["my-bucket", "a.b.c", "abc", "0-9"])("accepts %s", (name) => expect(isValidBucketName(name)).toBe(true));
  it.each(["ab", "My-bucket", "a..b", "a.-b", "-ab", "ab-", "10.0.0.1", "sthree-x", "x-s3alias"])("rejects %s", (name) => expect(isValidBucketName(name)).toBe(false));
});

describe("Range", () => {
  it("reads first-last, open-ended and suffix ranges, clamped to the object", () => {
    expect(parseRange("bytes=0-4", 10)).toEqual({ start: 0, end: 4 });
    expect(parseRange("bytes=5-", 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange("bytes=-3", 10)).toEqual({ start: 7, end: 9 });
    expect(parseRange("bytes=8-100", 10)).toEqual({ start: 8, end: 9 });
  });

  it("ignores ranges S3 does not read and rejects one past the end", () => {
    expect(parseRange("bytes=0-1,3-4", 10)).toBeUndefined();
    expect(parseRange("items=0-1", 10)).toBeUndefined();
    expect(() => parseRange("bytes=10-", 10)).toThrow("The requested range is not satisfiable");
  });
});

describe("virtual-hosted addressing", () => {
  it.each([
    ["photos.s3.localhost:4566", "photos"],
    ["photos.localhost:4566", "photos"],
    ["my.dotted.bucket.s3.us-east-1.amazonaws.com", "my.dotted.bucket"],
    ["photos.s3-us-west-2.amazonaws.com", "photos"],
    ["photos.s3.localhost.localstack.cloud:4566", "photos"],
  ])("reads the bucket from %s", (host, bucket) => expect(bucketFromHost(host)).toBe(bucket));

  it.each(["localhost:4566", "127.0.0.1:4566", "s3.localhost:4566", "s3.amazonaws.com", "s3.us-east-1.amazonaws.com", "[::1]:4566"])(
    "takes %s as path style",
    (host) => expect(bucketFromHost(host)).toBeUndefined(),
  );
});

describe("aws-chunked bodies", () => {
  it("decodes signed chunks and trailing checksums", () => {
    const raw = Buffer.from("5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n0;chunk-signature=0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n");
    expect(isAwsChunked({ "content-encoding": "aws-chunked" })).toBe(true);
    expect(isAwsChunked({ "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER" })).toBe(true);
    const { body, trailers } = decodeAwsChunked(raw);
    expect(body.toString()).toBe("hello world");
    expect(trailers).toEqual({ "x-amz-checksum-crc32": "DUoRhQ==" });
  });

  it("rejects a body cut short with IncompleteBody", () => {
    expect(() => decodeAwsChunked(Buffer.from("a\r\nhello"))).toThrow("The request body terminated unexpectedly");
  });

  it("rejects broken framing: no size, a size past the body, garbage after the size, no line end", () => {
    for (const frame of ["zz\r\nhello\r\n0\r\n\r\n", "ffffffffffffffffffff\r\nx", "5 x\r\nhello\r\n0\r\n\r\n", "5;chunk-signature=x", "0", "3\r\nhello\r\n0\r\n\r\n", ""]) {
      expect(() => decodeAwsChunked(Buffer.from(frame)), JSON.stringify(frame)).toThrow("The request body terminated unexpectedly");
    }
    expect(decodeAwsChunked(Buffer.from(" 5 \r\nhello\r\n0\r\n\r\n")).body.toString()).toBe("hello");
  });

  it("decodes millions of 1-byte chunks in one pass (18 MB of framing once blocked the event loop for seconds)", () => {
    const raw = Buffer.from(`${"1\r\nx\r\n".repeat(3_000_000)}0\r\n\r\n`);
    const started = performance.now();
    const { body } = decodeAwsChunked(raw);
    expect(body.length).toBe(3_000_000);
    expect(body.every((b) => b === 0x78)).toBe(true);
    // Linear: tens of milliseconds; the old per-chunk string handling took 4.6 s.
    expect(performance.now() - started).toBeLessThan(1_500);
  });
});

describe("routing", () => {
  const q = (s: string) => new URLSearchParams(s);
  it.each([
    ["GET", "service", "", {}, "ListBuckets"],
    ["GET", "bucket", "list-type=2&prefix=a", {}, "ListObjectsV2"],
    ["GET", "bucket", "prefix=a", {}, "ListObjects"],
    ["GET", "bucket", "location", {}, "GetBucketLocation"],
    ["POST", "bucket", "delete", {}, "DeleteObjects"],
    ["PUT", "object", "", {}, "PutObject"],
    ["PUT", "object", "", { "x-amz-copy-source": "/b/k" }, "CopyObject"],
    ["PUT", "object", "partNumber=1&uploadId=u", {}, "UploadPart"],
    ["PUT", "object", "partNumber=1&uploadId=u", { "x-amz-copy-source": "/b/k" }, "UploadPartCopy"],
    ["GET", "object", "uploadId=u", {}, "ListParts"],
    ["DELETE", "object", "uploadId=u", {}, "AbortMultipartUpload"],
    ["POST", "object", "uploads", {}, "CreateMultipartUpload"],
    ["POST", "object", "uploadId=u", {}, "CompleteMultipartUpload"],
    ["GET", "object", "tagging", {}, "GetObjectTagging"],
    ["GET", "bucket", "policy", {}, "GetBucketPolicy"],
  ] as const)("%s %s ?%s → %s", (method, level, query, headers, action) => {
    expect(routeOf(method, level, q(query), headers)).toBe(action);
  });
});
