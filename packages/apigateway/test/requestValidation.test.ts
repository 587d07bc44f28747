import { SandboxError } from "@sam-sandbox/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateApis } from "../src/config.js";
import { type Harness, httpApi, restApi, startGateway } from "./helpers.js";

const PET = {
  $schema: "http://json-schema.org/draft-04/schema#",
  type: "object",
  required: ["name", "price"],
  properties: { name: { type: "string" }, price: { type: "number", minimum: 0 } },
};

describe("REST API request validation", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi([
        {
          method: "POST",
          path: "/pets",
          functionName: "pets",
          payloadFormatVersion: "1.0",
          validation: { validateBody: true, validateParameters: false, models: { "application/json": PET } },
        },
        {
          method: "GET",
          path: "/pets/{id}",
          functionName: "pets",
          payloadFormatVersion: "1.0",
          validation: {
            validateBody: false,
            validateParameters: true,
            requiredParameters: ["method.request.querystring.name", "method.request.header.x-tenant", "method.request.path.id"],
          },
        },
        {
          method: "PUT",
          path: "/any",
          functionName: "pets",
          payloadFormatVersion: "1.0",
          validation: { validateBody: true, validateParameters: false, models: { $default: PET } },
        },
        {
          method: "DELETE",
          path: "/pets",
          functionName: "pets",
          payloadFormatVersion: "1.0",
          validation: { validateBody: true, validateParameters: false, models: { "application/json": { type: "object", properties: { force: { type: "boolean" } } } } },
        },
        {
          method: "PATCH",
          path: "/unvalidated",
          functionName: "pets",
          payloadFormatVersion: "1.0",
          // A model without a validator that validates bodies: nothing is checked.
          validation: { validateBody: false, validateParameters: false, models: { "application/json": PET }, requiredParameters: ["method.request.querystring.q"] },
        },
      ]),
    ]);
    h.lambda.script("pets", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  const calls = () => h.lambda.calls.length;
  const post = (path: string, body: string, contentType = "application/json", method = "POST") =>
    fetch(`${h.url}${path}`, { method, headers: { "content-type": contentType }, body });

  it("answers 400 Invalid request body, with x-amzn-ErrorType BadRequestException, before calling the function", async () => {
    const before = calls();
    for (const body of ['{"name":"rex"}', '{"name":"rex","price":-1}', "not json", ""]) {
      const res = await post("/pets", body);
      expect(res.status).toBe(400);
      expect(res.headers.get("x-amzn-errortype")).toBe("BadRequestException");
      expect(res.headers.get("content-type")).toBe("application/json");
      expect(await res.text()).toBe('{"message": "Invalid request body"}');
    }
    expect(calls()).toBe(before);
  });

  it("passes a body that matches the model", async () => {
    const res = await post("/pets", '{"name":"rex","price":3}');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
  });

  it("skips body validation for a content type without a model", async () => {
    const res = await post("/pets", "plain text", "text/plain");
    expect(res.status).toBe(200);
  });

  it("validates an empty body as {}", async () => {
    expect((await post("/pets", "", "application/json", "DELETE")).status).toBe(200);
    expect((await post("/pets", '{"force":"yes"}', "application/json", "DELETE")).status).toBe(400);
  });

  it("uses the $default model for any content type", async () => {
    expect((await post("/any", "plain text", "text/plain", "PUT")).status).toBe(400);
    expect((await post("/any", '{"name":"a","price":1}', "application/json; charset=utf-8", "PUT")).status).toBe(200);
  });

  it("names every missing or blank required parameter, in the order of their sorted keys (header before querystring)", async () => {
    const before = calls();
    let res = await fetch(`${h.url}/pets/7`);
    expect(res.status).toBe(400);
    expect(res.headers.get("x-amzn-errortype")).toBe("BadRequestException");
    expect(await res.text()).toBe('{"message": "Missing required request parameters: [x-tenant, name]"}');
    res = await fetch(`${h.url}/pets/7?name=`, { headers: { "X-Tenant": "t1" } });
    expect(await res.text()).toBe('{"message": "Missing required request parameters: [name]"}');
    expect(calls()).toBe(before);
    res = await fetch(`${h.url}/pets/7?name=rex`, { headers: { "X-Tenant": "t1" } });
    expect(res.status).toBe(200);
  });

  it("checks nothing when the method's validator validates neither", async () => {
    expect((await post("/unvalidated", "{}", "application/json", "PATCH")).status).toBe(200);
  });

  it("refuses a model that is not JSON Schema draft 4 at start-up, naming the route", () => {
    const api = restApi([
      { method: "POST", path: "/x", functionName: "f", payloadFormatVersion: "1.0", validation: { validateBody: true, validateParameters: false, models: { "application/json": { type: "nonsense" } } } },
    ]);
    expect(() => validateApis([api])).toThrow(SandboxError);
    expect(() => validateApis([api])).toThrow(/route POST \/x, model for application\/json/);
  });
});

const SIGNED = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE123/20261126/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";

describe("AWS_IAM authorization", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi([{ method: "GET", path: "/private", functionName: "fn", payloadFormatVersion: "1.0", authorization: { iam: true } }]),
      httpApi([
        { method: "GET", path: "/iam", functionName: "fn", payloadFormatVersion: "2.0", authorization: { iam: true } },
        { method: "GET", path: "/iam1", functionName: "fn", payloadFormatVersion: "1.0", authorization: { iam: true } },
      ]),
    ]);
    h.lambda.script("fn", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  it("REST: answers 403 Missing Authentication Token to an unsigned request", async () => {
    const before = h.lambda.calls.length;
    const res = await fetch(`${h.url}/private`);
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await res.text()).toBe('{"message":"Missing Authentication Token"}');
    // A bearer token is no SigV4 signature.
    expect((await fetch(`${h.url}/private`, { headers: { Authorization: "Bearer x" } })).status).toBe(403);
    expect(h.lambda.calls.length).toBe(before);
  });

  it("REST: lets a signed request through and fills requestContext.identity", async () => {
    const res = await fetch(`${h.url}/private`, { headers: { Authorization: SIGNED } });
    expect(res.status).toBe(200);
    const identity = (h.lambda.lastEvent().requestContext as Record<string, unknown>).identity as Record<string, unknown>;
    expect(identity).toMatchObject({
      accessKey: "AKIAEXAMPLE123",
      accountId: "123456789012",
      caller: "AKIAEXAMPLE123",
      user: "AKIAEXAMPLE123",
      userArn: "arn:aws:iam::123456789012:user/AKIAEXAMPLE123",
      sourceIp: "127.0.0.1",
    });
  });

  it("REST: accepts a presigned query", async () => {
    const query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAQUERY%2F20261126%2Fus-east-1%2Fexecute-api%2Faws4_request&X-Amz-Signature=abc";
    const res = await fetch(`${h.url}/private?${query}`);
    expect(res.status).toBe(200);
    expect(((h.lambda.lastEvent().requestContext as Record<string, unknown>).identity as Record<string, unknown>).accessKey).toBe("AKIAQUERY");
  });

  it("HTTP API: answers 403 Forbidden unsigned, and sets requestContext.authorizer.iam when signed", async () => {
    const res = await fetch(`${h.url}/iam`);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('{"message":"Forbidden"}');
    const ok = await fetch(`${h.url}/iam`, { headers: { Authorization: SIGNED } });
    expect(ok.status).toBe(200);
    const authorizer = (h.lambda.lastEvent().requestContext as Record<string, unknown>).authorizer;
    expect(authorizer).toEqual({
      iam: {
        accessKey: "AKIAEXAMPLE123",
        accountId: "123456789012",
        callerId: "AKIAEXAMPLE123",
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: "arn:aws:iam::123456789012:user/AKIAEXAMPLE123",
        userId: "AKIAEXAMPLE123",
      },
    });
  });

  it("HTTP API payload 1.0: fills requestContext.identity", async () => {
    const ok = await fetch(`${h.url}/iam1`, { headers: { Authorization: SIGNED } });
    expect(ok.status).toBe(200);
    expect(((h.lambda.lastEvent().requestContext as Record<string, unknown>).identity as Record<string, unknown>).accessKey).toBe("AKIAEXAMPLE123");
  });
});
