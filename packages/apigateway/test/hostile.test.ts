import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EventBus, serveHandler, silentLogger, VirtualClock } from "@sam-sandbox/core";
import { globMatches as wildcard } from "@sam-sandbox/core";
import { createApiGateway, MAX_PAYLOAD_BYTES } from "../src/index.js";
import { FakeLambda, type Harness, httpApi, restApi, START, startGateway } from "./helpers.js";

const INTERNAL_HTTP = '{"message":"Internal Server Error"}';
const INTERNAL_REST = '{"message": "Internal server error"}';

/**
 * Lambda proxy results HTTP cannot carry: header names that are no token, values with CR LF,
 * NUL or characters past Latin-1, a 1xx status. They are malformed Lambda proxy responses
 * ("Malformed Lambda proxy response": 502 on REST APIs, 500 on HTTP APIs), never an injected
 * header, nor the server's own TypeError text in a 500 (as they were).
 */
const UNCARRIABLE: Array<[string, Record<string, unknown>]> = [
  ["a header name with a space", { statusCode: 200, headers: { "bad name": "x" }, body: "x" }],
  ["an empty header name", { statusCode: 200, headers: { "": "x" }, body: "x" }],
  ["CR LF in a value", { statusCode: 200, headers: { "x-a": "a\r\nInjected: 1" }, body: "x" }],
  ["NUL in a value", { statusCode: 200, headers: { "x-a": "a\u0000b" }, body: "x" }],
  ["characters past Latin-1", { statusCode: 200, headers: { "x-a": "日本" }, body: "x" }],
  ["status 100", { statusCode: 100, body: "x" }],
  ["status 101", { statusCode: "101", body: "x" }],
];

describe("Lambda proxy results HTTP cannot carry", () => {
  let http: Harness;
  let rest: Harness;
  let result: unknown;
  beforeAll(async () => {
    http = await startGateway([
      httpApi([
        { method: "GET", path: "/v2", functionName: "fn", payloadFormatVersion: "2.0" },
        { method: "GET", path: "/v1", functionName: "fn", payloadFormatVersion: "1.0" },
      ]),
    ]);
    rest = await startGateway([restApi([{ method: "GET", path: "/fn", functionName: "fn", payloadFormatVersion: "1.0" }])]);
    http.lambda.script("fn", () => result);
    rest.lambda.script("fn", () => result);
  });
  afterAll(async () => {
    await http.close();
    await rest.close();
  });

  it('answers 500 {"message":"Internal Server Error"} on an HTTP API, for either payload format', async () => {
    for (const [what, value] of UNCARRIABLE) {
      result = value;
      for (const path of ["/v2", "/v1"]) {
        const res = await fetch(`${http.url}${path}`);
        expect(res.status, `${what} ${path}`).toBe(500);
        expect(await res.text()).toBe(INTERNAL_HTTP);
        expect(res.headers.get("injected")).toBeNull();
      }
    }
  });

  it('answers 502 {"message": "Internal server error"} on a REST API', async () => {
    for (const [what, value] of UNCARRIABLE) {
      result = value;
      const res = await fetch(`${rest.url}/fn`);
      expect(res.status, what).toBe(502);
      expect(await res.text()).toBe(INTERNAL_REST);
      expect(res.headers.get("x-amzn-errortype")).toBe("InternalServerErrorException");
    }
  });

  it("refuses CR LF in multiValueHeaders (format 1.0) and in cookies (format 2.0) alike", async () => {
    result = { statusCode: 200, multiValueHeaders: { "x-a": ["ok", "a\nb"] }, body: "x" };
    expect((await fetch(`${rest.url}/fn`)).status).toBe(502);
    expect((await fetch(`${http.url}/v1`)).status).toBe(500);
    result = { statusCode: 200, cookies: ["a=b\r\nSet-Cookie: evil=1"], body: "x" };
    const res = await fetch(`${http.url}/v2`);
    expect(res.status).toBe(500);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("still sends Latin-1 header values and tokens with punctuation as given", async () => {
    result = { statusCode: 200, headers: { "x-odd_name!#$%&'*+.^`|~": "caf\u00e9\tok" }, body: "x" };
    const res = await fetch(`${http.url}/v2`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-odd_name!#$%&'*+.^`|~")).toBe("caf\u00e9\tok");
  });
});

describe("a Lambda authorizer's policy wildcards against a long request path", () => {
  it("matches in time proportional to pattern × path, not by backtracking (once minutes, the sandbox frozen)", () => {
    const started = performance.now();
    expect(wildcard("*a*a*a*a*a*a*b", "a".repeat(8000))).toBe(false);
    expect(wildcard("arn:*/GET/*a*a*a*a*a*a*b", `arn:x/GET/${"a".repeat(8000)}b`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("keeps IAM's meaning: * any run (slashes and none included), ? one character, everything else literal", () => {
    const arn = "arn:aws:execute-api:us-east-1:123456789012:abc/Prod/GET/pets/1";
    expect(wildcard("*", "")).toBe(true);
    expect(wildcard("arn:aws:execute-api:*:*:abc/*/GET/*", arn)).toBe(true);
    expect(wildcard("arn:aws:execute-api:*:*:abc/*/POST/*", arn)).toBe(false);
    expect(wildcard("arn:aws:execute-api:us-east-1:123456789012:abc/Prod/GET/pets/?", arn)).toBe(true);
    expect(wildcard("arn:aws:execute-api:us-east-1:123456789012:abc/Prod/GET/pets/??", arn)).toBe(false);
    expect(wildcard("arn:aws:execute-api:us-east-1:123456789012:abc/Prod/GET/pets/1*", arn)).toBe(true);
    expect(wildcard("arn:aws:execute-api:us-east-1:123456789012:abc/Prod/GET/pets", arn)).toBe(false);
    expect(wildcard("a.c", "abc")).toBe(false);
    expect(wildcard("a(b)+", "a(b)+")).toBe(true);
    expect(wildcard("*/1", arn)).toBe(true);
    expect(wildcard("**?", "x")).toBe(true);
    expect(wildcard("**?", "")).toBe(false);
  });
});

describe("bodies past the 10 MB payload quota, behind a serveHandler bounded to it", () => {
  it("answers 413 from the first 10 MB + 1 byte, without holding the rest (a 30 MB body)", async () => {
    const lambda = new FakeLambda();
    lambda.script("fn", () => ({ statusCode: 200, body: "ok" }));
    const events = new EventBus();
    const common = { invoker: lambda, region: "us-east-1", accountId: "123456789012", clock: new VirtualClock(START), logger: silentLogger, events };
    const http = createApiGateway({ ...common, apis: [httpApi([{ method: "POST", path: "/fn", functionName: "fn", payloadFormatVersion: "2.0" }])] });
    const rest = createApiGateway({ ...common, apis: [restApi([{ method: "POST", path: "/fn", functionName: "fn", payloadFormatVersion: "1.0" }])] });
    const seen: number[] = [];
    const serve = (gateway: typeof http) =>
      serveHandler(
        (req) => {
          seen.push(req.body.length);
          return gateway.handle(req);
        },
        { maxBodyBytes: MAX_PAYLOAD_BYTES },
      );
    const [h, r] = await Promise.all([serve(http), serve(rest)]);
    try {
      const body = Buffer.alloc(30 * 1024 * 1024);
      const res = await fetch(`${h.url}/fn`, { method: "POST", body });
      expect(res.status).toBe(413);
      expect(await res.text()).toBe('{"message":"Request Entity Too Large"}');
      const restRes = await fetch(`${r.url}/fn`, { method: "POST", body });
      expect(restRes.status).toBe(413);
      expect(await restRes.text()).toBe(`HTTP content length exceeded ${MAX_PAYLOAD_BYTES} bytes.`);
      expect(seen).toEqual([MAX_PAYLOAD_BYTES + 1, MAX_PAYLOAD_BYTES + 1]);
      // Exactly 10 MB still reaches the function.
      expect((await fetch(`${h.url}/fn`, { method: "POST", body: Buffer.alloc(MAX_PAYLOAD_BYTES) })).status).toBe(200);
    } finally {
      await Promise.all([h.close(), r.close()]);
    }
  });
});
