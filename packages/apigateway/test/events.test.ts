import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, httpApi, rawRequest, restApi, startGateway } from "./helpers.js";

const API_REQUEST_ID = /^[A-Za-z0-9_-]{15}=$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TRACE = /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/;

describe("payload format 2.0 (HTTP API)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      httpApi([
        { method: "GET", path: "/items/{id}", functionName: "items", payloadFormatVersion: "2.0" },
        { method: "POST", path: "/upload", functionName: "upload", payloadFormatVersion: "2.0" },
        { method: "GET", path: "/plain", functionName: "plain", payloadFormatVersion: "2.0" },
      ]),
    ]);
    for (const name of ["items", "upload", "plain"]) h.lambda.script(name, () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  it("builds the event field by field, in AWS's order", async () => {
    const res = await fetch(`${h.url}/items/a%20b?color=red&color=blue&size=L&empty`, {
      headers: { "X-Custom": "one", Cookie: "session=abc; theme=dark", "User-Agent": "tester/1.0" },
    });
    expect(res.status).toBe(200);
    const event = h.lambda.lastEvent();
    expect(Object.keys(event)).toEqual([
      "version", "routeKey", "rawPath", "rawQueryString", "cookies", "headers",
      "queryStringParameters", "requestContext", "pathParameters", "isBase64Encoded",
    ]);
    expect(event).toEqual({
      version: "2.0",
      routeKey: "GET /items/{id}",
      rawPath: "/items/a%20b",
      rawQueryString: "color=red&color=blue&size=L&empty",
      cookies: ["session=abc", "theme=dark"],
      headers: expect.objectContaining({
        "x-custom": "one",
        "user-agent": "tester/1.0",
        host: new URL(h.url).host,
        "x-amzn-trace-id": expect.stringMatching(TRACE),
        "x-forwarded-for": "127.0.0.1",
        "x-forwarded-port": new URL(h.url).port,
        "x-forwarded-proto": "http",
      }),
      queryStringParameters: { color: "red,blue", size: "L", empty: "" },
      requestContext: {
        accountId: "123456789012",
        apiId: "abcde12345",
        domainName: "abcde12345.execute-api.us-east-1.amazonaws.com",
        domainPrefix: "abcde12345",
        http: { method: "GET", path: "/items/a%20b", protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "tester/1.0" },
        requestId: expect.stringMatching(API_REQUEST_ID),
        routeKey: "GET /items/{id}",
        stage: "$default",
        time: "25/Nov/2026:12:00:00 +0000",
        timeEpoch: Date.UTC(2026, 10, 25, 12, 0, 0),
      },
      pathParameters: { id: "a b" },
      isBase64Encoded: false,
    });
    expect(Object.keys(event.requestContext as object)).toEqual([
      "accountId", "apiId", "domainName", "domainPrefix", "http", "requestId", "routeKey", "stage", "time", "timeEpoch",
    ]);
    // Header names are lower-cased; the Cookie header moves to `cookies`.
    const headers = event.headers as Record<string, string>;
    expect(Object.keys(headers).every((k) => k === k.toLowerCase())).toBe(true);
    expect(headers.cookie).toBeUndefined();
    // Hop-by-hop headers stop at API Gateway.
    expect(headers.connection).toBeUndefined();
    // The id in the event is the one in the apigw-requestid response header.
    expect(res.headers.get("apigw-requestid")).toBe((event.requestContext as { requestId: string }).requestId);
    expect(h.lambda.calls.at(-1)?.traceHeader).toBe(headers["x-amzn-trace-id"]);
  });

  it("leaves out cookies, queryStringParameters, body and pathParameters when there are none", async () => {
    await fetch(`${h.url}/plain`);
    const event = h.lambda.lastEvent();
    expect(Object.keys(event)).toEqual(["version", "routeKey", "rawPath", "rawQueryString", "headers", "requestContext", "isBase64Encoded"]);
    expect(event.rawQueryString).toBe("");
  });

  it("comma-joins repeated headers", async () => {
    await rawRequest(h.url, { path: "/plain", headers: ["Host", "localhost", "X-Multi", "a", "x-multi", "b", "X-Multi", "c, d"] });
    const headers = h.lambda.lastEvent().headers as Record<string, string>;
    expect(headers["x-multi"]).toBe("a,b,c, d");
  });

  it("passes a text body as is and a binary body base64-encoded", async () => {
    await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1}' });
    expect(h.lambda.lastEvent()).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "image/png" }, body: png });
    expect(h.lambda.lastEvent()).toMatchObject({ body: png.toString("base64"), isBase64Encoded: true });

    // HTTP APIs treat form posts as binary too (Slack slash commands arrive base64-encoded).
    await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=1&b=2" });
    expect(h.lambda.lastEvent()).toMatchObject({ body: Buffer.from("a=1&b=2").toString("base64"), isBase64Encoded: true });
  });

  it("puts the stage in rawPath on a named stage", async () => {
    const staged = await startGateway([
      httpApi([{ method: "GET", path: "/hello", functionName: "hello", payloadFormatVersion: "2.0" }], { stageName: "dev" }),
    ]);
    try {
      staged.lambda.script("hello", () => "hi");
      for (const path of ["/hello", "/dev/hello"]) {
        expect((await fetch(`${staged.url}${path}`)).status).toBe(200);
        const event = staged.lambda.lastEvent();
        expect(event.rawPath).toBe("/dev/hello");
        expect(event.requestContext).toMatchObject({ stage: "dev", http: { path: "/dev/hello" } });
      }
    } finally {
      await staged.close();
    }
  });
});

describe("payload format 1.0 (REST API)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          { method: "GET", path: "/items/{id}", functionName: "items", payloadFormatVersion: "1.0" },
          { method: "ANY", path: "/{proxy+}", functionName: "proxy", payloadFormatVersion: "1.0" },
        ],
        { stageVariables: { table: "items-dev" } },
      ),
    ]);
    h.lambda.script("items", () => ({ statusCode: 200, body: "ok" }));
    h.lambda.script("proxy", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  it("builds the event field by field, in AWS's order", async () => {
    const res = await rawRequest(h.url, {
      path: "/items/a%20b?color=red&color=blue&size=L",
      headers: ["Host", "example.test:3000", "User-Agent", "curl/8.4.0", "Accept", "*/*", "X-Multi", "a", "X-Multi", "b"],
    });
    expect(res.status).toBe(200);
    const event = h.lambda.lastEvent();
    expect(Object.keys(event)).toEqual([
      "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
      "multiValueQueryStringParameters", "pathParameters", "stageVariables", "requestContext", "body", "isBase64Encoded",
    ]);
    const trace = (event.headers as Record<string, string>)["X-Amzn-Trace-Id"];
    expect(trace).toMatch(TRACE);
    expect(event).toEqual({
      resource: "/items/{id}",
      path: "/items/a%20b",
      httpMethod: "GET",
      headers: {
        Host: "example.test:3000",
        "User-Agent": "curl/8.4.0",
        Accept: "*/*",
        "X-Multi": "b",
        "X-Amzn-Trace-Id": trace,
        "X-Forwarded-For": "127.0.0.1",
        "X-Forwarded-Port": "3000",
        "X-Forwarded-Proto": "http",
      },
      multiValueHeaders: {
        Host: ["example.test:3000"],
        "User-Agent": ["curl/8.4.0"],
        Accept: ["*/*"],
        "X-Multi": ["a", "b"],
        "X-Amzn-Trace-Id": [trace],
        "X-Forwarded-For": ["127.0.0.1"],
        "X-Forwarded-Port": ["3000"],
        "X-Forwarded-Proto": ["http"],
      },
      queryStringParameters: { color: "blue", size: "L" },
      multiValueQueryStringParameters: { color: ["red", "blue"], size: ["L"] },
      // REST APIs pass path parameters as received, percent-encoding and all.
      pathParameters: { id: "a%20b" },
      stageVariables: { table: "items-dev" },
      requestContext: {
        resourceId: expect.stringMatching(/^[a-z0-9]{6}$/),
        resourcePath: "/items/{id}",
        httpMethod: "GET",
        extendedRequestId: expect.stringMatching(API_REQUEST_ID),
        requestTime: "25/Nov/2026:12:00:00 +0000",
        path: "/Prod/items/a%20b",
        accountId: "123456789012",
        protocol: "HTTP/1.1",
        stage: "Prod",
        domainPrefix: "fghij67890",
        requestTimeEpoch: Date.UTC(2026, 10, 25, 12, 0, 0),
        requestId: expect.stringMatching(UUID),
        identity: {
          cognitoIdentityPoolId: null,
          accountId: null,
          cognitoIdentityId: null,
          caller: null,
          sourceIp: "127.0.0.1",
          principalOrgId: null,
          accessKey: null,
          cognitoAuthenticationType: null,
          cognitoAuthenticationProvider: null,
          userArn: null,
          userAgent: "curl/8.4.0",
          user: null,
        },
        domainName: "fghij67890.execute-api.us-east-1.amazonaws.com",
        deploymentId: expect.stringMatching(/^[a-z0-9]{6}$/),
        apiId: "fghij67890",
      },
      body: null,
      isBase64Encoded: false,
    });
    const context = event.requestContext as Record<string, unknown>;
    expect(Object.keys(context)).toEqual([
      "resourceId", "resourcePath", "httpMethod", "extendedRequestId", "requestTime", "path", "accountId", "protocol",
      "stage", "domainPrefix", "requestTimeEpoch", "requestId", "identity", "domainName", "deploymentId", "apiId",
    ]);
    expect(Object.keys(context.identity as object)).toEqual([
      "cognitoIdentityPoolId", "accountId", "cognitoIdentityId", "caller", "sourceIp", "principalOrgId", "accessKey",
      "cognitoAuthenticationType", "cognitoAuthenticationProvider", "userArn", "userAgent", "user",
    ]);
    // REST responses carry the same ids as the event.
    expect(res.headers["x-amzn-requestid"]).toBe(context.requestId);
    expect(res.headers["x-amz-apigw-id"]).toBe(context.extendedRequestId);
    expect(res.headers["x-amzn-trace-id"]).toBe(trace);
  });

  it("sends null for empty maps and body, and keeps a client's trace header", async () => {
    const clientTrace = "Root=1-6920a2c0-0123456789abcdef01234567";
    await fetch(`${h.url}/items/1`, { headers: { "X-Amzn-Trace-Id": clientTrace } });
    const event = h.lambda.lastEvent();
    expect(event).toMatchObject({ queryStringParameters: null, multiValueQueryStringParameters: null, body: null, isBase64Encoded: false });
    expect(h.lambda.calls.at(-1)?.traceHeader).toBe(clientTrace);
  });

  it("accepts stage-prefixed paths copied from AWS", async () => {
    await fetch(`${h.url}/Prod/items/7`);
    expect(h.lambda.lastEvent()).toMatchObject({ resource: "/items/{id}", path: "/items/7", requestContext: { path: "/Prod/items/7" } });
  });

  it("gives a greedy path the rest of the path, trailing slash stripped", async () => {
    await fetch(`${h.url}/a/b%2Bc/d/`);
    expect(h.lambda.lastEvent()).toMatchObject({
      resource: "/{proxy+}",
      path: "/a/b%2Bc/d/",
      pathParameters: { proxy: "a/b%2Bc/d" },
      requestContext: { resourcePath: "/{proxy+}", path: "/Prod/a/b%2Bc/d/" },
    });
  });

  it("passes every body as UTF-8 text when the API names no binaryMediaTypes, as AWS documents", async () => {
    await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=1&b=%C3%A9" });
    expect(h.lambda.lastEvent()).toMatchObject({ body: "a=1&b=%C3%A9", isBase64Encoded: false });
    // Bytes that are not UTF-8 arrive mangled, as on AWS (binary.test.ts has the binaryMediaTypes cases).
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "image/jpeg" }, body: bytes });
    expect(h.lambda.lastEvent()).toMatchObject({ body: bytes.toString("utf8"), isBase64Encoded: false });
  });

  it("base64-encodes exactly the binaryMediaTypes when the API names them", async () => {
    const typed = await startGateway([
      restApi([{ method: "POST", path: "/up", functionName: "up", payloadFormatVersion: "1.0" }], { binaryMediaTypes: ["image/*"] }),
    ]);
    try {
      typed.lambda.script("up", () => ({ statusCode: 204 }));
      await fetch(`${typed.url}/up`, { method: "POST", headers: { "content-type": "image/gif" }, body: "GIF89a" });
      expect(typed.lambda.lastEvent()).toMatchObject({ body: Buffer.from("GIF89a").toString("base64"), isBase64Encoded: true });
      await fetch(`${typed.url}/up`, { method: "POST", headers: { "content-type": "text/csv" }, body: "a,b" });
      expect(typed.lambda.lastEvent()).toMatchObject({ body: "a,b", isBase64Encoded: false });
    } finally {
      await typed.close();
    }
  });
});

describe("payload format 1.0 (HTTP API)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([httpApi([{ method: "ANY", path: "/handler/{proxy+}", functionName: "v1", payloadFormatVersion: "1.0" }])]);
    h.lambda.script("v1", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  it("builds the HTTP API flavour: version first, route key as resourceId, the apigw id as requestId", async () => {
    await rawRequest(h.url, { method: "POST", path: "/handler/?q=1", headers: ["Host", "localhost", "User-Agent", "curl/8.4.0", "Content-Length", "0"] });
    const event = h.lambda.lastEvent();
    expect(Object.keys(event)).toEqual([
      "version", "resource", "path", "httpMethod", "headers", "multiValueHeaders", "queryStringParameters",
      "multiValueQueryStringParameters", "requestContext", "pathParameters", "stageVariables", "body", "isBase64Encoded",
    ]);
    const context = event.requestContext as Record<string, unknown>;
    expect(event).toMatchObject({
      version: "1.0",
      resource: "/handler/{proxy+}",
      path: "/handler/",
      httpMethod: "POST",
      headers: { Host: "localhost", "User-Agent": "curl/8.4.0", "Content-Length": "0" },
      queryStringParameters: { q: "1" },
      multiValueQueryStringParameters: { q: ["1"] },
      pathParameters: { proxy: "" },
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
    });
    expect(context).toMatchObject({
      extendedRequestId: context.requestId,
      path: "/handler/",
      resourceId: "ANY /handler/{proxy+}",
      resourcePath: "/handler/{proxy+}",
      stage: "$default",
    });
    expect(context.requestId).toMatch(API_REQUEST_ID);
    expect(Object.keys(context)).toEqual([
      "accountId", "apiId", "domainName", "domainPrefix", "extendedRequestId", "httpMethod", "identity", "path",
      "protocol", "requestId", "requestTime", "requestTimeEpoch", "resourceId", "resourcePath", "stage",
    ]);
    expect(Object.keys(context.identity as object)).toContain("cognitoAmr");
  });
});
