// Browser uploads to S3 the way front ends do them: a PUT to a presigned URL, a form POST with
// a presigned POST policy, then a GET, all cross-origin. S3 answers preflights from the bucket's
// CORS rules (Amazon S3 User Guide, "Using cross-origin resource sharing (CORS)"); a bucket
// without rules refuses them with 403 AccessForbidden, and the browser blocks the upload.
import { createHash, createHmac } from "node:crypto";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noChromium, startRig, type BrowserRig } from "./browser.js";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const region = "us-east-1";

interface Seen {
  status?: number;
  body?: string;
  etag?: string | null;
  blocked?: string;
}

/** What the page sees of fetch(url, {method, body: Blob}), a form POST, or a GET. */
function upload(page: Page, url: string, method: string, body: string | null, contentType?: string): Promise<Seen> {
  return page.evaluate(async ([u, m, b, type]) => {
    try {
      const init: RequestInit = { method: m };
      if (b !== null) init.body = new Blob([b], type ? { type } : {});
      const res = await fetch(u, init);
      return { status: res.status, body: await res.text(), etag: res.headers.get("etag") };
    } catch (error) {
      return { blocked: String(error) };
    }
  }, [url, method, body, contentType] as const);
}

/** A SigV4 POST policy for `bucket`, keys under `prefix` (what createPresignedPost makes). */
function presignedPost(url: string, bucket: string, prefix: string): { url: string; fields: Record<string, string> } {
  const now = new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const credential = `${credentials.accessKeyId}/${day}/${region}/s3/aws4_request`;
  const policy = Buffer.from(JSON.stringify({
    expiration: new Date(now.getTime() + 3600_000).toISOString(),
    conditions: [{ bucket }, ["starts-with", "$key", prefix], { "x-amz-algorithm": "AWS4-HMAC-SHA256" }, { "x-amz-credential": credential }, { "x-amz-date": amzDate }, { success_action_status: "201" }],
  })).toString("base64");
  const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), "s3"), "aws4_request");
  return {
    url: `${url}/${bucket}`,
    fields: {
      key: `${prefix}form.txt`,
      success_action_status: "201",
      "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
      "X-Amz-Credential": credential,
      "X-Amz-Date": amzDate,
      Policy: policy,
      "X-Amz-Signature": createHmac("sha256", signingKey).update(policy).digest("hex"),
    },
  };
}

describe.skipIf(noChromium)("S3 CORS in a browser", () => {
  let rig: BrowserRig;
  let page: Page;
  let s3: S3Client;

  beforeAll(async () => {
    rig = await startRig();
    page = rig.page;
    s3 = new S3Client({ endpoint: rig.sandbox.endpoint, region, credentials, forcePathStyle: true });
  });
  afterAll(async () => {
    s3?.destroy();
    await rig?.close();
  });

  it("PUT to a presigned URL passes the preflight; a presigned GET reads it back with its exposed ETag", async () => {
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: "browser-cors", Key: "uploads/put.txt", ContentType: "text/plain" }), { expiresIn: 600 });
    const put = await upload(page, putUrl, "PUT", "hello from a page", "text/plain");
    expect(put.blocked).toBeUndefined();
    expect(put.status).toBe(200);
    const etag = `"${createHash("md5").update("hello from a page").digest("hex")}"`;
    expect(put.etag).toBe(etag);

    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: "browser-cors", Key: "uploads/put.txt" }), { expiresIn: 600 });
    const got = await upload(page, getUrl, "GET", null);
    expect(got).toEqual({ status: 200, body: "hello from a page", etag });
  });

  it("a form POST with a presigned POST policy is readable (201 PostResponse)", async () => {
    const post = presignedPost(rig.sandbox.endpoint, "browser-cors", "uploads/");
    const seen = await page.evaluate(async ({ url, fields }) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, value);
      form.append("file", new Blob(["posted from a form"], { type: "text/plain" }), "form.txt");
      try {
        const res = await fetch(url, { method: "POST", body: form });
        return { status: res.status, body: await res.text() };
      } catch (error) {
        return { blocked: String(error) };
      }
    }, post);
    expect(seen.blocked).toBeUndefined();
    expect(seen.status).toBe(201);
    expect(seen.body).toContain("<Key>uploads/form.txt</Key>");
    const got = await s3.send(new GetObjectCommand({ Bucket: "browser-cors", Key: "uploads/form.txt" }));
    expect(await got.Body?.transformToString()).toBe("posted from a form");
  });

  it("a bucket without CORS: the preflight is 403 AccessForbidden and the browser blocks the PUT", async () => {
    const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: "browser-plain", Key: "a.txt", ContentType: "text/plain" }), { expiresIn: 600 });
    const seen = await upload(page, putUrl, "PUT", "nope", "text/plain");
    expect(seen.blocked).toMatch(/^TypeError: Failed to fetch/);

    const preflight = await fetch(putUrl, { method: "OPTIONS", headers: { origin: rig.origin, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const xml = await preflight.text();
    expect(xml).toContain("<Code>AccessForbidden</Code><Message>CORSResponse: CORS is not enabled for this bucket.</Message><Method>PUT</Method><ResourceType>BUCKET</ResourceType>");
  });

  it("a GET of a bucket without CORS is blocked too (no Access-Control-Allow-Origin)", async () => {
    await s3.send(new PutObjectCommand({ Bucket: "browser-plain", Key: "b.txt", Body: "hidden" }));
    const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: "browser-plain", Key: "b.txt" }), { expiresIn: 600 });
    expect((await upload(page, getUrl, "GET", null)).blocked).toMatch(/^TypeError/);
  });
});
