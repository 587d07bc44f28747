/**
 * REST API Lambda proxy events compared with events recorded on real AWS
 * (localstack's tests/aws/services/apigateway/test_apigateway_lambda.snapshot.json,
 * test_lambda_aws_proxy_integration: the function echoes its event), and proxy results
 * mapped as AWS-validated tests assert (test_aws_proxy_response_payload_format_validation for
 * REST APIs, its _v1 and _v2 variants for HTTP APIs).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, httpApi, rawRequest, restApi, startGateway } from "./helpers.js";

const INTERNAL_HTTP = '{"message":"Internal Server Error"}';
const INTERNAL_REST = '{"message": "Internal server error"}';

describe("REST API proxy event, as recorded on AWS", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi([
        { method: "ANY", path: "/{proxy+}", functionName: "proxy", payloadFormatVersion: "1.0" },
        { method: "GET", path: "/hardcoded", functionName: "hardcoded", payloadFormatVersion: "1.0" },
      ]),
    ]);
    h.lambda.script("proxy", () => ({ statusCode: 200, body: "ok" }));
    h.lambda.script("hardcoded", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  it("carries requestContext.deploymentId, the same for every request of the stage", async () => {
    await fetch(`${h.url}/Prod/test-path`);
    const first = h.lambda.lastEvent().requestContext as Record<string, unknown>;
    await fetch(`${h.url}/Prod/other`);
    const second = h.lambda.lastEvent().requestContext as Record<string, unknown>;
    expect(first.deploymentId).toMatch(/^[a-z0-9]{6}$/);
    expect(second.deploymentId).toBe(first.deploymentId);
    expect(Object.keys(first)).toContain("deploymentId");
  });

  it('writes "authorization" and "user-agent" as Authorization and User-Agent, other names as sent', async () => {
    await rawRequest(h.url, {
      path: "/Prod/test-path",
      headers: ["user-agent", "python-requests/testing", "tEsT-HEADeR", "aValUE", "aUThorization", "Bearer token123;API key456"],
    });
    const event = h.lambda.lastEvent();
    expect(event.headers).toMatchObject({ "User-Agent": "python-requests/testing", "tEsT-HEADeR": "aValUE", Authorization: "Bearer token123;API key456" });
    expect(event.multiValueHeaders).toMatchObject({ Authorization: ["Bearer token123;API key456"], "tEsT-HEADeR": ["aValUE"] });
    const names = Object.keys(event.headers as object);
    expect(names).not.toContain("aUThorization");
    expect(names).not.toContain("user-agent");
    expect((event.requestContext as { identity: { userAgent: string } }).identity.userAgent).toBe("python-requests/testing");
  });

  it("keeps percent-encoding and plus signs of the path, decodes the query string", async () => {
    await fetch(`${h.url}/Prod/test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com`);
    expect(h.lambda.lastEvent()).toMatchObject({
      path: "/test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com",
      pathParameters: { proxy: "test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com" },
      requestContext: { path: "/Prod/test-path/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com" },
    });
    const query = "dateTimeOffset=2023-06-12T18:05:10.123456+00:00&email=test%2Balias@gmail.com&plus=test+alias@gmail.com&url=https://www.google.com/&whitespace=foo%20bar&zhash=abort/";
    await fetch(`${h.url}/Prod/test-path/api?${query}`);
    expect(h.lambda.lastEvent()).toMatchObject({
      queryStringParameters: {
        dateTimeOffset: "2023-06-12T18:05:10.123456 00:00",
        email: "test+alias@gmail.com",
        plus: "test alias@gmail.com",
        url: "https://www.google.com/",
        whitespace: "foo bar",
        zhash: "abort/",
      },
      multiValueQueryStringParameters: { email: ["test+alias@gmail.com"], plus: ["test alias@gmail.com"] },
    });
  });

  it("keeps the last value of a repeated parameter and all values in the multi-value map", async () => {
    await fetch(`${h.url}/Prod/test-path?category=electronics&category=books&price=10&price=20&price=30`, { method: "POST", body: '{"message": "hello world"}' });
    expect(h.lambda.lastEvent()).toMatchObject({
      httpMethod: "POST",
      queryStringParameters: { category: "books", price: "30" },
      multiValueQueryStringParameters: { category: ["electronics", "books"], price: ["10", "20", "30"] },
      body: '{"message": "hello world"}',
      isBase64Encoded: false,
    });
  });

  it("keeps doubled slashes inside a greedy path", async () => {
    await rawRequest(h.url, { path: "/Prod/proxy-value//double-slash", headers: [] });
    expect(h.lambda.lastEvent()).toMatchObject({
      path: "/proxy-value//double-slash",
      pathParameters: { proxy: "proxy-value//double-slash" },
      requestContext: { path: "/Prod/proxy-value//double-slash", resourcePath: "/{proxy+}" },
    });
  });

  it("collapses slashes before the stage everywhere", async () => {
    await rawRequest(h.url, { path: "//Prod/proxy-value", headers: [] });
    expect(h.lambda.lastEvent()).toMatchObject({
      path: "/proxy-value",
      pathParameters: { proxy: "proxy-value" },
      requestContext: { path: "/Prod/proxy-value" },
    });
  });

  it("collapses slashes after the stage for matching and path, not for requestContext.path", async () => {
    await rawRequest(h.url, { path: "/Prod//proxy-value", headers: [] });
    expect(h.lambda.lastEvent()).toMatchObject({
      resource: "/{proxy+}",
      path: "/proxy-value",
      pathParameters: { proxy: "proxy-value" },
      requestContext: { path: "/Prod//proxy-value" },
    });
    const res = await rawRequest(h.url, { path: "/Prod//hardcoded", headers: [] });
    expect(res.status).toBe(200);
    expect(h.lambda.calls.at(-1)?.functionName).toBe("hardcoded");
    expect(h.lambda.lastEvent()).toMatchObject({
      resource: "/hardcoded",
      path: "/hardcoded",
      pathParameters: null,
      requestContext: { path: "/Prod//hardcoded", resourcePath: "/hardcoded" },
    });
  });

  it("serves the same at the root, without the stage in the URL", async () => {
    const res = await rawRequest(h.url, { path: "//hardcoded", headers: [] });
    expect(res.status).toBe(200);
    expect(h.lambda.lastEvent()).toMatchObject({ resource: "/hardcoded", path: "/hardcoded", requestContext: { path: "/Prod//hardcoded" } });
  });
});

/** Status and body for each result a function returns, through one route. */
async function answers(h: Harness, path: string, results: unknown[], set: (value: unknown) => void): Promise<Array<[number, string]>> {
  const out: Array<[number, string]> = [];
  for (const value of results) {
    set(value);
    const res = await fetch(`${h.url}${path}`);
    out.push([res.status, await res.text()]);
  }
  return out;
}

describe("proxy results, as AWS validates them", () => {
  let h: Harness;
  let result: unknown;
  const set = (value: unknown) => {
    result = value;
  };
  beforeAll(async () => {
    h = await startGateway([
      httpApi([
        { method: "GET", path: "/v1", functionName: "fn", payloadFormatVersion: "1.0" },
        { method: "GET", path: "/v2", functionName: "fn", payloadFormatVersion: "2.0" },
      ]),
      restApi([{ method: "GET", path: "/rest", functionName: "fn", payloadFormatVersion: "1.0" }]),
    ]);
    h.lambda.script("fn", () => result);
  });
  afterAll(() => h.close());

  it("REST API: a multiValueHeaders value that is not a list is malformed (502)", async () => {
    expect(await answers(h, "/Prod/rest", [{ statusCode: 200, multiValueHeaders: { "test-multi-invalid": "value1" } }], set)).toEqual([[502, INTERNAL_REST]]);
    expect(await answers(h, "/Prod/rest", [{ statusCode: 200, multiValueHeaders: { "test-multi": ["value1", "value2"] } }], set)).toEqual([[200, ""]]);
  });

  it("REST API: refuses unknown members, takes a missing statusCode as 200, statusCode as a numeric string", async () => {
    expect(
      await answers(h, "/Prod/rest", [{ statusCode: 200, wrongValue: "value" }, { headers: { "test-header": "value" } }, { statusCode: "201" }, { statusCode: "test" }, "justAString"], set),
    ).toEqual([
      [502, INTERNAL_REST],
      [200, ""],
      [201, ""],
      [502, INTERNAL_REST],
      [502, INTERNAL_REST],
    ]);
  });

  it("HTTP API, format 1.0: ignores unknown members and fails without statusCode (500)", async () => {
    expect(
      await answers(
        h,
        "/v1",
        [
          { statusCode: 200, wrongValue: "value" },
          {},
          { headers: { "test-header": "value" } },
          { statusCode: 200, multiValueHeaders: { "test-multi-invalid": "value1" } },
          { statusCode: "test" },
          { statusCode: "201" },
          "justAString",
        ],
        set,
      ),
    ).toEqual([
      [200, ""],
      [500, INTERNAL_HTTP],
      [500, INTERNAL_HTTP],
      [500, INTERNAL_HTTP],
      [500, INTERNAL_HTTP],
      [201, ""],
      [500, INTERNAL_HTTP],
    ]);
  });

  it("HTTP API, format 1.0: decodes a base64 body only when isBase64Encoded says so", async () => {
    const encoded = Buffer.from("test-data").toString("base64");
    expect(await answers(h, "/v1", [{ statusCode: 200, body: encoded, isBase64Encoded: true }, { statusCode: 200, body: encoded }], set)).toEqual([
      [200, "test-data"],
      [200, encoded],
    ]);
  });

  it("HTTP API, format 2.0: takes a Lambda-error-shaped object for a failure, other values as the body", async () => {
    expect(
      await answers(
        h,
        "/v2",
        [{ errorMessage: "test fake error message" }, {}, { statusCode: 200, wrongValue: "value" }, "errorMessage", { random: { "json-body": "value" } }, { statusCode: 200, cookies: { "test-cookies-invalid": "value1" } }],
        set,
      ),
    ).toEqual([
      [500, INTERNAL_HTTP],
      [200, "{}"],
      [200, ""],
      [200, "errorMessage"],
      [200, '{"random":{"json-body":"value"}}'],
      [500, INTERNAL_HTTP],
    ]);
  });
});

describe("HTTP API payload 1.0 event, as captured on AWS", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([httpApi([{ method: "ANY", path: "/handler/{proxy+}", functionName: "v1", payloadFormatVersion: "1.0" }])]);
    h.lambda.script("v1", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  it("lower-cases the client's header names but writes the gateway's own in canonical case", async () => {
    await rawRequest(h.url, {
      method: "POST",
      path: "/handler/",
      headers: ["Host", "localhost", "User-Agent", "curl/7.77.0", "Accept", "*/*", "X-Custom", "a", "x-custom", "b", "content-length", "0"],
    });
    const event = h.lambda.lastEvent();
    const headers = event.headers as Record<string, string>;
    expect(Object.keys(headers).sort()).toEqual(
      ["Content-Length", "Host", "User-Agent", "X-Amzn-Trace-Id", "X-Forwarded-For", "X-Forwarded-Port", "X-Forwarded-Proto", "accept", "x-custom"].sort(),
    );
    expect(headers).toMatchObject({ accept: "*/*", "x-custom": "b", Host: "localhost", "User-Agent": "curl/7.77.0", "Content-Length": "0" });
    expect(event.multiValueHeaders).toMatchObject({ accept: ["*/*"], "x-custom": ["a", "b"] });
    expect((event.requestContext as { identity: { userAgent: string } }).identity.userAgent).toBe("curl/7.77.0");
  });
});
