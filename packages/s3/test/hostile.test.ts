// DESIGN.md rule 4 for S3: malformed XML, broken aws-chunked framing, bad headers and odd
// paths get an AWS-shaped client error, never a 5xx.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3, type S3Fixture } from "./helpers.js";

let f: S3Fixture;
const AUTH = "AWS4-HMAC-SHA256 Credential=x/20261125/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";

beforeAll(async () => {
  f = await startS3();
  await fetch(`${f.url}/hostile`, { method: "PUT", headers: { authorization: AUTH } });
  await fetch(`${f.url}/hostile/k`, { method: "PUT", headers: { authorization: AUTH }, body: "v" });
});

afterAll(async () => {
  await f?.close();
});

const GARBAGE = ["", "{}", "<", "<Delete>", "<?xml version='1.0'?><Wrong/>", "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber></Part></CompleteMultipartUpload>", "\u0000\u00ff"];

const CASES: [string, string, Record<string, string>?][] = [
  ["PUT", "/hostile2"],
  ["PUT", "/hostile/k?tagging"],
  ["POST", "/hostile?delete"],
  ["PUT", "/hostile?notification"],
  ["POST", "/hostile/k?uploadId=nope"],
  ["PUT", "/hostile/k?partNumber=0&uploadId=nope"],
  ["PUT", "/hostile/k?partNumber=abc&uploadId=nope"],
  ["PUT", "/hostile/k", { "content-encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER" }],
  ["PUT", "/hostile/k", { "x-amz-checksum-crc32": "not base64!" }],
  ["PUT", "/hostile/k", { "x-amz-sdk-checksum-algorithm": "MD7" }],
  ["PUT", "/hostile/k", { "content-md5": "xyz" }],
  ["PUT", "/hostile/k", { "x-amz-tagging": "a=1&a=2" }],
  ["PUT", "/hostile/c", { "x-amz-copy-source": "%%%" }],
  ["PUT", "/hostile/c", { "x-amz-copy-source": "/hostile" }],
  ["GET", "/hostile?list-type=2&max-keys=-1"],
  ["GET", "/hostile?list-type=2&continuation-token=%%%"],
  ["GET", "/hostile?list-type=2&encoding-type=base64"],
  ["GET", "/hostile/k", { range: "bytes=99-" }],
  ["GET", "/hostile/%E0%A4%A"],
  ["GET", "/hostile?policy"],
  ["DELETE", "/hostile/k?uploadId="],
  ["GET", `/hostile/${"k".repeat(2000)}`],
];

describe("hostile requests", () => {
  it.each(CASES)("%s %s answers a client error in S3's shape", async (method, path, headers = {}) => {
    for (const body of method === "GET" || method === "DELETE" ? [undefined] : GARBAGE) {
      const res = await fetch(`${f.url}${path}`, { method, headers: { authorization: AUTH, ...headers }, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      // 501 NotImplemented names an S3 action the sandbox does not emulate.
      expect(res.status < 500 || res.status === 501, `${method} ${path} ${JSON.stringify(body)}: ${res.status} ${text}`).toBe(true);
      if (res.status >= 400) expect(text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>\w+<\/Code><Message>/);
    }
  });
});

describe("bodies that repeat one element or field endlessly are refused for what they are, without parsing them", () => {
  const send = async (method: string, path: string, body: string, headers: Record<string, string> = {}) => {
    const started = performance.now();
    const res = await fetch(`${f.url}${path}`, { method, headers: { authorization: AUTH, ...headers }, body });
    const text = await res.text();
    return { status: res.status, code: /<Code>([^<]+)/.exec(text)?.[1], text, ms: performance.now() - started };
  };

  it("DeleteObjects naming 200,000 keys: MalformedXML (at most 1,000); on a missing bucket, NoSuchBucket first", async () => {
    const body = `<Delete>${"<Object><Key>nothing</Key></Object>".repeat(200_000)}</Delete>`;
    expect(await send("POST", "/hostile?delete", body)).toMatchObject({ status: 400, code: "MalformedXML" });
    expect(await send("POST", "/no-such-bucket-here?delete", body)).toMatchObject({ status: 404, code: "NoSuchBucket" });
  });

  it("reads XML's own references in a body, and refuses an HTML entity or a reference to a character XML forbids", async () => {
    const tagging = (value: string) => `<Tagging><TagSet><Tag><Key>k</Key><Value>${value}</Value></Tag></TagSet></Tagging>`;
    // Character references only (a tag may not hold "&" or "<": S3Tag pattern, AWS-recorded InvalidTag for ",").
    expect(await send("PUT", "/hostile/k?tagging", tagging("a&#x41;&#66;&#x3D;"))).toMatchObject({ status: 200 });
    const read = await fetch(`${f.url}/hostile/k?tagging`, { headers: { authorization: AUTH } });
    expect(await read.text()).toContain("<Value>aAB=</Value>");
    expect(await send("PUT", "/hostile/k?tagging", tagging("a&amp;b&lt;"))).toMatchObject({ status: 400, code: "InvalidTag" });
    for (const value of ["a&nbsp;b", "&copy;", "&#0;", "&#x1;"]) {
      expect(await send("PUT", "/hostile/k?tagging", tagging(value))).toMatchObject({ status: 400, code: "MalformedXML" });
    }
  });

  it("tagging with 100,000 tags: S3's code and text for objects (BadRequest) and buckets", async () => {
    const body = `<Tagging><TagSet>${"<Tag><Key>k</Key><Value>v</Value></Tag>".repeat(100_000)}</TagSet></Tagging>`;
    const object = await send("PUT", "/hostile/k?tagging", body);
    // moto test_put_object_tagging (@s3_aws_verified): BadRequest for more than 10 object tags.
    expect(object).toMatchObject({ status: 400, code: "BadRequest" });
    expect(object.text).toContain("<Message>Object tags cannot be greater than 10</Message>");
    const bucket = await send("PUT", "/hostile?tagging", body);
    expect(bucket.text).toContain("<Message>Bucket tag count cannot be greater than 50</Message>");
    expect(await send("PUT", "/hostile/missing?tagging", body)).toMatchObject({ status: 404, code: "NoSuchKey" });
  });

  it("CompleteMultipartUpload listing 100,000 parts: InvalidPartOrder (part numbers run 1 to 10,000); an unknown upload: NoSuchUpload", async () => {
    const created = await send("POST", "/hostile/mp?uploads", "");
    const uploadId = /<UploadId>([^<]+)/.exec(created.text)?.[1] ?? "";
    const body = `<CompleteMultipartUpload>${"<Part><PartNumber>1</PartNumber><ETag>x</ETag></Part>".repeat(100_000)}</CompleteMultipartUpload>`;
    expect(await send("POST", `/hostile/mp?uploadId=${uploadId}`, body)).toMatchObject({ status: 400, code: "InvalidPartOrder" });
    expect(await send("POST", "/hostile/mp?uploadId=nope", body)).toMatchObject({ status: 404, code: "NoSuchUpload" });
  });

  it("a form upload with more than 20 KB of fields before the file: MaxPostPreDataLengthExceeded, as S3 words it", async () => {
    const field = (name: string, value: string) => `--xx\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const many = Array.from({ length: 300_000 }, (_, i) => field(`f${i}`, "v")).join("");
    const res = await fetch(`${f.url}/hostile`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xx" },
      body: `${field("key", "form")}${many}--xx\r\nContent-Disposition: form-data; name="file"\r\n\r\ndata\r\n--xx--`,
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(text).toContain("<Code>MaxPostPreDataLengthExceeded</Code><Message>Your POST request fields preceeding the upload file was too large.</Message><MaxPostPreDataLengthBytes>20480</MaxPostPreDataLengthBytes>");
    // Within the limit, and with fields after the file (ignored), the upload works.
    const ok = await fetch(`${f.url}/hostile`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=xx" },
      body: `${field("key", "form")}--xx\r\nContent-Disposition: form-data; name="file"\r\n\r\ndata\r\n${field("after", "x".repeat(100_000))}--xx--`,
    });
    expect(ok.status).toBe(204);
  });
});

describe("aws-chunked bodies and x-amz-decoded-content-length", () => {
  it("a decoded body shorter or longer than declared is IncompleteBody with both byte counts, as S3 answers", async () => {
    const headers = { authorization: AUTH, "content-encoding": "aws-chunked", "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER" };
    const body = "5\r\nhello\r\n0\r\n\r\n";
    const short = await fetch(`${f.url}/hostile/chunked`, { method: "PUT", headers: { ...headers, "x-amz-decoded-content-length": "3" }, body });
    const text = await short.text();
    expect(short.status).toBe(400);
    expect(text).toContain("<Code>IncompleteBody</Code><Message>You did not provide the number of bytes specified by the Content-Length HTTP header</Message><NumberBytesExpected>3</NumberBytesExpected><NumberBytesProvided>5</NumberBytesProvided>");
    const right = await fetch(`${f.url}/hostile/chunked`, { method: "PUT", headers: { ...headers, "x-amz-decoded-content-length": "5" }, body });
    expect(right.status).toBe(200);
  });
});

describe("stored or requested header values HTTP cannot carry", () => {
  const form = (fields: [string, string][]) => ({
    method: "POST",
    headers: { "content-type": "multipart/form-data; boundary=xx" },
    body: `${fields.map(([n, v]) => `--xx\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`).join("")}--xx\r\nContent-Disposition: form-data; name="file"\r\n\r\nd\r\n--xx--`,
  });

  it("GetObject's response-* overrides with CR LF, NUL or emoji: 200, the value RFC 2047-encoded (once a 500)", async () => {
    await fetch(`${f.url}/hostile/plain`, { method: "PUT", headers: { authorization: AUTH }, body: "v" });
    for (const query of ["response-content-type=a%0D%0Ab", "response-content-disposition=%F0%9F%98%80", "response-cache-control=%00"]) {
      const res = await fetch(`${f.url}/hostile/plain?${query}`, { headers: { authorization: AUTH } });
      expect(res.status, query).toBe(200);
      expect(await res.text()).toBe("v");
    }
    const res = await fetch(`${f.url}/hostile/plain?response-content-disposition=%F0%9F%98%80`, { headers: { authorization: AUTH } });
    expect(res.headers.get("content-disposition")).toBe(`=?UTF-8?B?${Buffer.from("😀").toString("base64")}?=`);
  });

  it("metadata and headers a form upload stored with emoji, CR LF or a name that is no token: GET and HEAD answer 200 (once a 500)", async () => {
    const posted = await fetch(`${f.url}/hostile`, form([["key", "formed"], ["x-amz-meta-smile", "😀"], ["x-amz-meta-bad name", "x"], ["Content-Disposition", "a\r\nb"], ["x-amz-website-redirect-location", "ü😀"]]));
    expect(posted.status).toBe(204);
    for (const method of ["GET", "HEAD"]) {
      const res = await fetch(`${f.url}/hostile/formed`, { method, headers: { authorization: AUTH } });
      expect(res.status, method).toBe(200);
      expect(res.headers.get("x-amz-meta-smile")).toBe(`=?UTF-8?B?${Buffer.from("😀").toString("base64")}?=`);
      expect(res.headers.get("content-disposition")).toBe(`=?UTF-8?B?${Buffer.from("a\r\nb").toString("base64")}?=`);
    }
  });
});

describe("keys past 1,024 bytes", () => {
  it("GET, HEAD and DELETE answer KeyTooLongError (400) with Size and MaxSizeAllowed, as PUT does, not NoSuchKey", async () => {
    const key = "ü".repeat(513); // 1,026 bytes of UTF-8
    for (const method of ["GET", "DELETE", "PUT"]) {
      const res = await fetch(`${f.url}/hostile/${encodeURIComponent(key)}`, { method, headers: { authorization: AUTH }, ...(method === "PUT" ? { body: "v" } : {}) });
      expect(res.status, method).toBe(400);
      expect(await res.text()).toContain("<Code>KeyTooLongError</Code><Message>Your key is too long</Message><Size>1026</Size><MaxSizeAllowed>1024</MaxSizeAllowed>");
    }
    const head = await fetch(`${f.url}/hostile/${encodeURIComponent(key)}`, { method: "HEAD", headers: { authorization: AUTH } });
    expect(head.status).toBe(400);
  });
});
