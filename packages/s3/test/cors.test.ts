import { CreateBucketCommand, DeleteBucketCorsCommand, GetBucketCorsCommand, PutBucketCorsCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketName, failure, startS3, type S3Fixture } from "./helpers.js";

let s3: S3Fixture;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(() => s3.close());

const VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method";
const NOT_ALLOWED =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

async function newBucket(): Promise<string> {
  const name = bucketName();
  await s3.client.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

const SITE_RULES = [
  {
    ID: "site",
    AllowedOrigins: ["http://localhost:5173", "https://*.example.com"],
    AllowedMethods: ["GET", "PUT", "POST"],
    AllowedHeaders: ["content-type", "x-amz-*"],
    ExposeHeaders: ["ETag", "x-amz-request-id"],
    MaxAgeSeconds: 3000,
  },
  { AllowedOrigins: ["*"], AllowedMethods: ["GET", "HEAD"] },
];

function preflight(url: string, headers: Record<string, string>) {
  return fetch(url, { method: "OPTIONS", headers });
}

describe("PutBucketCors / GetBucketCors / DeleteBucketCors", () => {
  it("stores the rules and answers them in S3's element order", async () => {
    const bucket = await newBucket();
    await s3.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: SITE_RULES } }));
    const out = await s3.client.send(new GetBucketCorsCommand({ Bucket: bucket }));
    expect(out.CORSRules).toEqual([SITE_RULES[0], { AllowedOrigins: ["*"], AllowedMethods: ["GET", "HEAD"] }]);
    const raw = await (await fetch(`${s3.url}/${bucket}?cors`)).text();
    expect(raw).toContain("<CORSRule><ID>site</ID><AllowedMethod>GET</AllowedMethod>");
  });

  it("answers NoSuchCORSConfiguration before a configuration and after DeleteBucketCors", async () => {
    const bucket = await newBucket();
    const before = await failure(s3.client.send(new GetBucketCorsCommand({ Bucket: bucket })));
    expect(before.name).toBe("NoSuchCORSConfiguration");
    expect(before.message).toBe("The CORS configuration does not exist");
    expect(before.$metadata.httpStatusCode).toBe(404);
    await s3.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: SITE_RULES } }));
    await s3.client.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    expect((await failure(s3.client.send(new GetBucketCorsCommand({ Bucket: bucket })))).name).toBe("NoSuchCORSConfiguration");
    // Deleting again succeeds.
    await s3.client.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
  });

  it.each([
    [[{ AllowedOrigins: ["*"], AllowedMethods: ["PATCH"] }], "Found unsupported HTTP method in CORS config. Unsupported method is PATCH"],
    [[{ AllowedOrigins: ["https://*.*.com"], AllowedMethods: ["GET"] }], 'AllowedOrigin "https://*.*.com" can not have more than one wildcard.'],
    [[{ AllowedOrigins: ["*"], AllowedMethods: ["GET"], AllowedHeaders: ["x-*-*"] }], 'AllowedHeader "x-*-*" can not have more than one wildcard.'],
    [[{ AllowedOrigins: ["*"], AllowedMethods: ["GET"], ExposeHeaders: ["x-amz-*"] }], 'ExposeHeader "x-amz-*" contains wildcard. We currently do not support wildcard for ExposeHeader.'],
  ])("refuses %j with InvalidRequest", async (rules, message) => {
    const bucket = await newBucket();
    const error = await failure(s3.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } })));
    expect(error.name).toBe("InvalidRequest");
    expect(error.message).toBe(message);
  });

  it("refuses no rule, a rule without AllowedOrigin and 101 rules with MalformedXML", async () => {
    const bucket = await newBucket();
    for (const rules of [[], [{ AllowedOrigins: [], AllowedMethods: ["GET"] }], Array.from({ length: 101 }, () => ({ AllowedOrigins: ["*"], AllowedMethods: ["GET"] }))]) {
      const error = await failure(s3.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } })));
      expect(error.name).toBe("MalformedXML");
    }
  });

  it("answers NoSuchBucket for a bucket that does not exist", async () => {
    const error = await failure(s3.client.send(new GetBucketCorsCommand({ Bucket: bucketName() })));
    expect(error.name).toBe("NoSuchBucket");
  });
});

describe("OPTIONS preflight", () => {
  it("answers from the first matching rule, for bucket and object URLs", async () => {
    const bucket = await newBucket();
    await s3.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: SITE_RULES } }));
    const res = await preflight(`${s3.url}/${bucket}/uploads/a.png`, {
      Origin: "http://localhost:5173",
      "Access-Control-Request-Method": "PUT",
      "Access-Control-Request-Headers": "Content-Type,X-Amz-Date",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, PUT, POST");
    expect(res.headers.get("access-control-allow-headers")).toBe("content-type, x-amz-date");
    expect(res.headers.get("access-control-expose-headers")).toBe("ETag, x-amz-request-id");
    expect(res.headers.get("access-control-max-age")).toBe("3000");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("vary")).toBe(VARY);

    const any = await preflight(`${s3.url}/${bucket}`, { Origin: "https://elsewhere.org", "Access-Control-Request-Method": "GET" });
    expect(any.status).toBe(200);
    expect(any.headers.get("access-control-allow-origin")).toBe("*");
    expect(any.headers.get("access-control-allow-methods")).toBe("GET, HEAD");
    expect(any.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("refuses what no rule allows with 403 AccessForbidden", async () => {
    const bucket = await newBucket();
    await s3.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: SITE_RULES } }));
    const cases: Record<string, string>[] = [
      { Origin: "https://elsewhere.org", "Access-Control-Request-Method": "PUT" },
      { Origin: "http://localhost:5173", "Access-Control-Request-Method": "DELETE" },
      { Origin: "http://localhost:5173", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization" },
    ];
    for (const headers of cases) {
      const res = await preflight(`${s3.url}/${bucket}/k`, headers);
      expect(res.status).toBe(403);
      const body = await res.text();
      expect(body).toContain("<Code>AccessForbidden</Code>");
      expect(body).toContain(`<Message>${NOT_ALLOWED.replace(/'/g, "&apos;")}</Message>`);
      expect(body).toContain(`<Method>${headers["Access-Control-Request-Method"]}</Method><ResourceType>OBJECT</ResourceType>`);
    }
  });

  it("refuses a bucket without CORS, and requests without Origin or method", async () => {
    const bucket = await newBucket();
    const none = await preflight(`${s3.url}/${bucket}`, { Origin: "http://localhost:5173", "Access-Control-Request-Method": "GET" });
    expect(none.status).toBe(403);
    expect(await none.text()).toContain("<Message>CORSResponse: CORS is not enabled for this bucket.</Message><Method>GET</Method><ResourceType>BUCKET</ResourceType>");
    const noOrigin = await preflight(`${s3.url}/${bucket}`, { "Access-Control-Request-Method": "GET" });
    expect(noOrigin.status).toBe(400);
    expect(await noOrigin.text()).toContain("<Code>BadRequest</Code><Message>Insufficient information. Origin request header needed.</Message>");
    // Without a configuration the method is not read: "OPTIONS" stands for a missing one (AWS-recorded).
    const noMethod = await preflight(`${s3.url}/${bucket}`, { Origin: "http://localhost:5173" });
    expect(await noMethod.text()).toContain("<Message>CORSResponse: CORS is not enabled for this bucket.</Message><Method>OPTIONS</Method><ResourceType>BUCKET</ResourceType>");
    const patch = await preflight(`${s3.url}/${bucket}`, { Origin: "http://localhost:5173", "Access-Control-Request-Method": "PATCH" });
    expect(await patch.text()).toContain("<Message>CORSResponse: CORS is not enabled for this bucket.</Message><Method>PATCH</Method><ResourceType>BUCKET</ResourceType>");
  });
});

describe("CORS on actual requests", () => {
  it("adds the matching rule's headers to a presigned PUT from a browser origin, and none for another origin", async () => {
    const bucket = await newBucket();
    await s3.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [SITE_RULES[0]] } }));
    const url = await getSignedUrl(s3.client, new PutObjectCommand({ Bucket: bucket, Key: "photo.png" }), { expiresIn: 300 });
    const put = await fetch(url, { method: "PUT", body: "png", headers: { Origin: "https://app.example.com" } });
    expect(put.status).toBe(200);
    expect(put.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
    expect(put.headers.get("access-control-expose-headers")).toBe("ETag, x-amz-request-id");
    expect(put.headers.get("vary")).toBe(VARY);
    const get = await fetch(`${s3.url}/${bucket}/photo.png`, { headers: { Origin: "https://other.org" } });
    expect(get.status).toBe(200);
    expect(get.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("adds them to an error answer as well", async () => {
    const bucket = await newBucket();
    await s3.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: [SITE_RULES[1]] } }));
    const res = await fetch(`${s3.url}/${bucket}/missing`, { headers: { Origin: "https://any.org" } });
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });
});
