import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, httpApi, RawPayload, rawRequest, restApi, startGateway } from "./helpers.js";

const INTERNAL_HTTP = '{"message":"Internal Server Error"}';
const INTERNAL_REST = '{"message": "Internal server error"}';

describe("payload format 2.0 responses (HTTP API)", () => {
  let h: Harness;
  let result: unknown;
  beforeAll(async () => {
    h = await startGateway([
      httpApi([
        { method: "GET", path: "/fn", functionName: "fn", payloadFormatVersion: "2.0" },
        { method: "GET", path: "/v1", functionName: "v1", payloadFormatVersion: "1.0" },
        { method: "GET", path: "/slow", functionName: "slow", payloadFormatVersion: "2.0" },
        { method: "GET", path: "/quick", functionName: "slow", payloadFormatVersion: "2.0", timeoutMs: 5000 },
        { method: "GET", path: "/missing", functionName: "nobody", payloadFormatVersion: "2.0" },
        { method: "POST", path: "/big", functionName: "fn", payloadFormatVersion: "2.0" },
      ]),
    ]);
    h.lambda.script("fn", () => result);
    h.lambda.script("v1", () => result);
  });
  afterAll(() => h.close());

  it("infers a 200 JSON response from a string, as API Gateway documents", async () => {
    result = "Hello from Lambda!";
    const res = await fetch(`${h.url}/fn`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.text()).toBe("Hello from Lambda!");
  });

  it("infers a 200 JSON response from an object without statusCode, a number or null", async () => {
    for (const [value, body] of [[{ message: "Hello from Lambda!" }, '{"message":"Hello from Lambda!"}'], [42, "42"], [null, "null"]] as const) {
      result = value;
      const res = await fetch(`${h.url}/fn`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(await res.text()).toBe(body);
    }
  });

  it("maps statusCode, headers, cookies and body", async () => {
    result = { statusCode: 201, headers: { "X-Custom": "yes", "x-count": 3 }, cookies: ["a=1; Path=/", "b=2; HttpOnly"], body: "created" };
    const res = await fetch(`${h.url}/fn`);
    expect(res.status).toBe(201);
    expect(res.headers.get("x-custom")).toBe("yes");
    expect(res.headers.get("x-count")).toBe("3");
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; HttpOnly"]);
    // No Content-Type from the function: HTTP APIs send text/plain.
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(res.headers.get("content-length")).toBe("7");
    expect(res.headers.get("apigw-requestid")).toMatch(/=$/);
    expect(await res.text()).toBe("created");
  });

  it("decodes a base64 body", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    result = { statusCode: 200, headers: { "content-type": "image/png" }, body: png.toString("base64"), isBase64Encoded: true };
    const res = await fetch(`${h.url}/fn`);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await res.arrayBuffer())).toEqual(png);
  });

  it("answers 500 when the function fails, cannot be invoked, or returns something unmappable", async () => {
    const cases: Array<[string, unknown]> = [
      ["/fn", new Error("boom")],
      ["/fn", { statusCode: "abc", body: "x" }],
      ["/fn", { statusCode: 200, body: { not: "a string" } }],
      ["/fn", new RawPayload(Buffer.from("not json"))],
      ["/missing", undefined],
      // Format 1.0 on an HTTP API: no statusCode is a failure (unknown members are ignored, recorded.test.ts).
      ["/v1", { body: "x", unexpected: true }],
      ["/v1", new Error("boom")],
    ];
    for (const [path, value] of cases) {
      h.lambda.script("fn", () => {
        if (value instanceof Error) throw value;
        return value;
      });
      h.lambda.script("v1", () => {
        if (value instanceof Error) throw value;
        return value;
      });
      const res = await fetch(`${h.url}${path}`);
      expect(res.status, JSON.stringify(value)).toBe(500);
      expect(await res.text()).toBe(INTERNAL_HTTP);
      expect(res.headers.get("content-type")).toBe("application/json");
    }
    h.lambda.script("fn", () => result);
    h.lambda.script("v1", () => result);
  });

  it('answers 503 {"message":"Service Unavailable"} after the 30 s integration timeout', async () => {
    let release = () => {};
    h.lambda.script("slow", () => new Promise((resolve) => (release = () => resolve("late"))));
    const called = h.lambda.nextCall();
    const pending = fetch(`${h.url}/slow`);
    await called;
    await h.clock.advance(29_999);
    await h.clock.advance(1);
    const res = await pending;
    release();
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('{"message":"Service Unavailable"}');
    expect(res.headers.get("content-type")).toBeNull();
  });

  it("honours the route's TimeoutInMillis", async () => {
    let release = () => {};
    h.lambda.script("slow", () => new Promise((resolve) => (release = () => resolve("late"))));
    const called = h.lambda.nextCall();
    const pending = fetch(`${h.url}/quick`);
    await called;
    await h.clock.advance(5000);
    const res = await pending;
    release();
    expect(res.status).toBe(503);
  });

  it('answers 413 {"message":"Request Entity Too Large"} over the 10 MB payload quota', async () => {
    result = "ok";
    const res = await fetch(`${h.url}/big`, { method: "POST", headers: { "content-type": "text/plain" }, body: Buffer.alloc(10 * 1024 * 1024 + 1, 97) });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('{"message":"Request Entity Too Large"}');
    const atLimit = await fetch(`${h.url}/big`, { method: "POST", headers: { "content-type": "text/plain" }, body: Buffer.alloc(10 * 1024 * 1024, 97) });
    expect(atLimit.status).toBe(200);
  });

  it("publishes one request event per request", async () => {
    const seen: Array<{ method: string; path: string; status: number; source: string }> = [];
    const listener = (e: { method: string; path: string; status: number; source: "api" | "edge" }) => seen.push(e);
    h.events.on("request", listener);
    result = "ok";
    await fetch(`${h.url}/fn?x=1`);
    await fetch(`${h.url}/nope`);
    h.events.off("request", listener);
    expect(seen).toEqual([
      expect.objectContaining({ source: "api", method: "GET", path: "/fn?x=1", status: 200, durationMs: expect.any(Number) }),
      expect.objectContaining({ source: "api", method: "GET", path: "/nope", status: 404 }),
    ]);
  });
});

describe("payload format 1.0 responses (REST API)", () => {
  let h: Harness;
  let result: unknown;
  beforeAll(async () => {
    h = await startGateway([
      restApi([
        { method: "GET", path: "/fn", functionName: "fn", payloadFormatVersion: "1.0" },
        { method: "GET", path: "/slow", functionName: "slow", payloadFormatVersion: "1.0" },
        { method: "POST", path: "/big", functionName: "fn", payloadFormatVersion: "1.0" },
      ]),
    ]);
    h.lambda.script("fn", () => {
      if (result instanceof Error) throw result;
      return result;
    });
  });
  afterAll(() => h.close());

  it("merges headers and multiValueHeaders; multiValueHeaders win a name in both", async () => {
    result = {
      statusCode: 200,
      headers: { "X-Single": "one", "X-Both": "from-headers", "X-Flag": true },
      multiValueHeaders: { "X-Both": ["m1", "m2"], "Set-Cookie": ["a=1", "b=2"] },
      body: '{"ok":true}',
      isBase64Encoded: false,
    };
    const res = await rawRequest(h.url, { path: "/fn", headers: ["Host", "localhost"] });
    expect(res.status).toBe(200);
    expect(res.headers["x-single"]).toBe("one");
    expect(res.headers["x-flag"]).toBe("true");
    expect(res.headers["x-both"]).toBe("m1, m2");
    expect(res.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    // No Content-Type from the function: REST APIs send application/json.
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["content-length"]).toBe("11");
    expect(res.headers["x-amzn-requestid"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers["x-amz-apigw-id"]).toMatch(/=$/);
    expect(res.headers["x-amzn-trace-id"]).toMatch(/^Root=1-/);
    expect(res.body.toString()).toBe('{"ok":true}');
  });

  it("treats a missing statusCode as 200 and, without binaryMediaTypes, sends a base64 body as the text it is", async () => {
    const encoded = Buffer.from("bin\u0000ary").toString("base64");
    result = { body: encoded, isBase64Encoded: true, headers: { "Content-Type": "application/octet-stream" } };
    const res = await fetch(`${h.url}/fn`, { headers: { accept: "application/octet-stream" } });
    expect(res.status).toBe(200);
    // AWS-validated (test_aws_proxy_binary_response): no binaryMediaTypes, no decoding (binary.test.ts).
    expect(await res.text()).toBe(encoded);
  });

  it('answers 502 {"message": "Internal server error"} for a failed function or a malformed response', async () => {
    for (const value of [
      new Error("boom"),
      "just a string",
      { statusCode: 200, body: "x", extra: 1 },
      { statusCode: 200, headers: { "X-Number": 1 }, body: "x" },
      { statusCode: 200, body: { not: "a string" } },
      [1, 2],
    ]) {
      result = value;
      const res = await fetch(`${h.url}/fn`);
      expect(res.status, JSON.stringify(value)).toBe(502);
      expect(await res.text()).toBe(INTERNAL_REST);
      expect(res.headers.get("x-amzn-errortype")).toBe("InternalServerErrorException");
      expect(res.headers.get("content-type")).toBe("application/json");
    }
  });

  it('answers 504 {"message": "Endpoint request timed out"} after 29 s', async () => {
    let release = () => {};
    h.lambda.script("slow", () => new Promise((resolve) => (release = () => resolve({ statusCode: 200 }))));
    const called = h.lambda.nextCall();
    const pending = fetch(`${h.url}/slow`);
    await called;
    await h.clock.advance(28_999);
    expect(h.clock.pendingTimers()).toBe(1);
    await h.clock.advance(1);
    const res = await pending;
    release();
    expect(res.status).toBe(504);
    expect(await res.text()).toBe('{"message": "Endpoint request timed out"}');
  });

  it("refuses a body over 10 MB in plain text, as the REST front door does", async () => {
    const res = await fetch(`${h.url}/big`, { method: "POST", body: Buffer.alloc(10 * 1024 * 1024 + 1) });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe("HTTP content length exceeded 10485760 bytes.");
  });

  it("returns a base64 body as text unless binaryMediaTypes match, when the API names them", async () => {
    const typed = await startGateway([
      restApi([{ method: "GET", path: "/img", functionName: "img", payloadFormatVersion: "1.0" }], { binaryMediaTypes: ["image/png"] }),
    ]);
    try {
      const encoded = Buffer.from("PNGDATA").toString("base64");
      typed.lambda.script("img", () => ({ statusCode: 200, headers: { "Content-Type": "text/plain" }, body: encoded, isBase64Encoded: true }));
      expect(await (await fetch(`${typed.url}/img`)).text()).toBe(encoded);
      expect(await (await fetch(`${typed.url}/img`, { headers: { accept: "image/png" } })).text()).toBe("PNGDATA");
    } finally {
      await typed.close();
    }
  });
});
