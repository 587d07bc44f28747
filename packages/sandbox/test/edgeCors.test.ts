/**
 * Browsers calling the edge port with the AWS SDKs: a signed call's preflight is answered as
 * AWS's JSON endpoints answer it (dynamodb, cognito-idp, cognito-identity recorded by the AWS SDK
 * team's cors-test): 200, no body, Access-Control-Allow-Origin "*", the requested method and
 * headers echoed — an Allow-Headers "*" would not cover Authorization — and Max-Age 172800.
 * (test/browser/edge.test.ts runs the same calls in Chromium.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const ORIGIN = "http://localhost:5173";
/** What @aws-sdk/client-dynamodb asks to send from a browser. */
const SDK_HEADERS = "amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-content-sha256,x-amz-date,x-amz-target,x-amz-user-agent";

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ template: false, port: 0, edgePort: 0, inMemory: true });
});
afterAll(async () => {
  await sandbox?.stop();
});

const preflight = (path: string, method: string, headers: string) =>
  fetch(`${sandbox.endpoint}${path}`, { method: "OPTIONS", headers: { origin: ORIGIN, "access-control-request-method": method, "access-control-request-headers": headers } });

describe("the edge's CORS preflights", () => {
  it("echoes a DynamoDB call's method and headers, Authorization included", async () => {
    const res = await preflight("/", "POST", SDK_HEADERS);
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toBe(SDK_HEADERS);
    expect(res.headers.get("access-control-allow-methods")).toBe("POST");
    expect(res.headers.get("access-control-max-age")).toBe("172800");
    expect(res.headers.get("x-amzn-requestid")).toMatch(/\S/);
    expect(await res.text()).toBe("");
  });

  it("answers amazon-cognito-identity-js's unsigned call (X-Amz-Target, Content-Type) the same way", async () => {
    const res = await preflight("/", "POST", "content-type,x-amz-target,x-amz-user-agent");
    expect(res.headers.get("access-control-allow-headers")).toBe("content-type,x-amz-target,x-amz-user-agent");
    expect(res.headers.get("access-control-allow-methods")).toBe("POST");
  });

  it("echoes a REST-JSON call's method (Lambda's DELETE)", async () => {
    const res = await preflight("/2015-03-31/functions/f", "DELETE", "authorization,x-amz-date");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-methods")).toBe("DELETE");
    expect(res.headers.get("access-control-allow-headers")).toBe("authorization,x-amz-date");
  });

  // Alternator's test_cors.py::test_cors_not_used (run against DynamoDB): no Origin, no CORS headers.
  it("answers an OPTIONS without an Origin (no CORS request) without Access-Control-* headers", async () => {
    const res = await fetch(`${sandbox.endpoint}/`, { method: "OPTIONS" });
    expect(res.status).toBe(200);
    expect([...res.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
  });

  it("lets the page read the request id and error type of an actual answer", async () => {
    const res = await fetch(`${sandbox.endpoint}/`, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.DescribeTable", authorization: "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0" },
      body: JSON.stringify({ TableName: "missing" }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-expose-headers")?.split(",")).toEqual(expect.arrayContaining(["x-amzn-requestid", "x-amzn-errortype", "x-amzn-errormessage", "date"]));
  });
});
