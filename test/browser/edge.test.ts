// The AWS SDK v3 in a browser, calling the edge port directly: every call is signed
// (Authorization, X-Amz-Date, X-Amz-Target, amz-sdk-*), so the browser preflights it. AWS's
// JSON endpoints answer such a preflight 200 with Access-Control-Allow-Origin "*", the
// requested method and headers echoed, and Max-Age 172800 (recorded from dynamodb and
// cognito-idp by the AWS SDK team's cors-test, 2020). An Allow-Headers "*" would not do: the
// Fetch standard never lets it cover Authorization (browsers that follow it refuse the call;
// Chromium, this test's browser, still lets it through, so the preflight is checked on the wire too).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundle, noChromium, probe, startRig, type BrowserRig } from "./browser.js";

type DynamoSeen = { item?: Record<string, { S?: string }>; requestId?: string | null; error?: string; status?: number | null };

describe.skipIf(noChromium)("the edge port from a browser", () => {
  let rig: BrowserRig;
  let page: Page;

  beforeAll(async () => {
    rig = await startRig({ "/sdk.js": await bundle("sdk") });
    page = rig.page;
  });
  afterAll(async () => {
    await rig?.close();
  });

  const dynamo = (table: string) =>
    page.evaluate(([endpoint, t]) => (globalThis as unknown as { dynamo(e: string, t: string): Promise<DynamoSeen> }).dynamo(endpoint, t), [rig.sandbox.endpoint, table] as const);

  it("DynamoDB PutItem and GetItem through @aws-sdk/client-dynamodb in the page", async () => {
    const seen = await dynamo("browser-notes");
    expect(seen.error).toBeUndefined();
    expect(seen.item).toEqual({ id: { S: "from-the-page" }, text: { S: "hello" } });
    // x-amzn-RequestId is exposed, so the SDK's $metadata has it.
    expect(seen.requestId).toMatch(/\S/);
  });

  it("an AWS error reaches the page as the SDK's named exception, not a CORS failure", async () => {
    const seen = await dynamo("no-such-table");
    expect(seen.error).toMatch(/^ResourceNotFoundException: /);
    expect(seen.status).toBe(400);
  });

  it("answers a signed call's preflight as AWS's JSON endpoints do", async () => {
    const requested = "amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-date,x-amz-target,x-amz-user-agent";
    const preflight = await fetch(`${rig.sandbox.endpoint}/`, {
      method: "OPTIONS",
      headers: { origin: rig.origin, "access-control-request-method": "POST", "access-control-request-headers": requested },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toBe(requested);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("POST");
    expect(preflight.headers.get("access-control-max-age")).toBe("172800");
    expect(await preflight.text()).toBe("");
  });

  it("a Lambda function URL with Cors: the page POSTs JSON through its preflight and reads an exposed header", async () => {
    // Chromium resolves <url-id>.lambda-url.<region>.localhost to this machine by itself.
    const url = rig.sandbox.functionUrls.find((u) => u.functionName === "browser-url-echo")?.url ?? "";
    const seen = await probe(page, url, { method: "POST", headers: { "content-type": "application/json" }, body: "{\"from\":\"page\"}" });
    expect(seen.blocked).toBeUndefined();
    expect(seen.status).toBe(200);
    expect(JSON.parse(seen.body ?? "")).toMatchObject({ method: "POST", body: "{\"from\":\"page\"}" });
    expect(seen.headers?.["x-request-tag"]).toBe("tag-1");
    expect(seen.headers?.["x-hidden"]).toBeUndefined();
    // A method the URL's AllowMethods does not list fails at its preflight.
    expect((await probe(page, url, { method: "DELETE" })).blocked).toMatch(/^TypeError/);
  });

  it("S3 through @aws-sdk/client-s3 in the page, path-style and virtual-hosted (<bucket>.localhost)", async () => {
    const roundtrip = (endpoint: string, key: string) =>
      page.evaluate(([e, k]) => (globalThis as unknown as { s3Roundtrip(e: string, b: string, k: string): Promise<Record<string, string | null>> }).s3Roundtrip(e, "browser-cors", k), [endpoint, key] as const);
    const pathStyle = await roundtrip(rig.sandbox.endpoint, "sdk/path.txt");
    expect(pathStyle).toEqual({ etag: expect.stringMatching(/^"[0-9a-f]{32}"$/), body: "via the SDK" });
    const virtualHosted = await roundtrip(rig.sandbox.endpoint.replace("127.0.0.1", "localhost"), "sdk/virtual.txt");
    expect(virtualHosted).toEqual({ etag: expect.stringMatching(/^"[0-9a-f]{32}"$/), body: "via the SDK" });
  });
});
