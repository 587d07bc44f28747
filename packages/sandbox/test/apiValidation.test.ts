import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSandbox, type RunningSandbox } from "@sam-sandbox/sandbox";

const fixture = join(import.meta.dirname, "fixtures", "api-validation");
const SIGNED = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20261126/us-east-1/execute-api/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123";

let sandbox: RunningSandbox;
const warnings: string[] = [];
beforeAll(async () => {
  const logger = { info() {}, debug() {}, error() {}, warn: (m: string) => warnings.push(m) };
  sandbox = await createSandbox({ template: fixture, port: 0, edgePort: 0, inMemory: true, logger });
});
afterAll(async () => {
  await sandbox?.stop();
});

const send = (path: string, init: RequestInit = {}) => fetch(`${sandbox.apiUrl}${path}`, init);
const json = (method: string, body: string, headers: Record<string, string> = {}) => ({ method, body, headers: { "content-type": "application/json", ...headers } });

describe("REST API request validation from a template", () => {
  it("SAM RequestModel ValidateBody: 400 Invalid request body before the function, 200 for a valid body", async () => {
    const bad = await send("/pets", json("POST", '{"name":"rex","price":-2}'));
    expect(bad.status).toBe(400);
    expect(bad.headers.get("x-amzn-errortype")).toBe("BadRequestException");
    expect(await bad.text()).toBe('{"message": "Invalid request body"}');
    const ok = await send("/pets", json("POST", '{"name":"rex","price":2}'));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { body: string }).body).toBe('{"name":"rex","price":2}');
  });

  it("SAM RequestParameters Required with ValidateParameters: 400 naming the missing ones", async () => {
    const missing = await send("/pets/search");
    expect(missing.status).toBe(400);
    // Named in the order of their sorted keys, header before querystring (localstack test_api_gateway_request_validator snapshot, AWS-recorded).
    expect(await missing.text()).toBe('{"message": "Missing required request parameters: [x-tenant, q]"}');
    const ok = await send("/pets/search?q=dog", { headers: { "x-tenant": "t1" } });
    expect(ok.status).toBe(200);
  });

  it("CloudFormation Model + RequestValidator + RequestParameters (behind AWS_IAM)", async () => {
    const headers = { Authorization: SIGNED };
    const params = await send("/orders", json("POST", '{"sku":"ABC-1"}', headers));
    expect(params.status).toBe(400);
    expect(await params.text()).toBe('{"message": "Missing required request parameters: [store]"}');
    const body = await send("/orders?store=s1", json("POST", '{"sku":"abc"}', headers));
    expect(body.status).toBe(400);
    expect(await body.text()).toBe('{"message": "Invalid request body"}');
    const ok = await send("/orders?store=s1", json("POST", '{"sku":"ABC-1","quantity":2}', headers));
    expect(ok.status).toBe(200);
  });

  it("OpenAPI x-amazon-apigateway-request-validator with a requestBody $ref schema", async () => {
    const params = await send("/spec/7", json("PUT", '{"title":"a"}'));
    expect(await params.text()).toBe('{"message": "Missing required request parameters: [version]"}');
    const body = await send("/spec/7?version=2", json("PUT", '{"title":""}'));
    expect(body.status).toBe(400);
    expect(await body.text()).toBe('{"message": "Invalid request body"}');
    expect((await send("/spec/7?version=2", json("PUT", '{"title":"a"}'))).status).toBe(200);
  });

  it("no longer warns that validation is not emulated", () => {
    expect(warnings.filter((w) => /not emulated/.test(w) && /validat|AWS_IAM/.test(w))).toEqual([]);
  });
});

describe("AWS_IAM authorization from a template", () => {
  it("REST: 403 Missing Authentication Token unsigned (before validation); a signed caller is in requestContext.identity", async () => {
    const unsigned = await send("/private");
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await unsigned.text()).toBe('{"message":"Missing Authentication Token"}');
    const unsignedOrder = await send("/orders", json("POST", "{}"));
    expect(unsignedOrder.status).toBe(403);

    const signed = await send("/private", { headers: { Authorization: SIGNED } });
    expect(signed.status).toBe(200);
    const { requestContext } = (await signed.json()) as { requestContext: { identity: Record<string, unknown> } };
    expect(requestContext.identity).toMatchObject({
      accessKey: "AKIAIOSFODNN7EXAMPLE",
      accountId: sandbox.app.accountId,
      caller: "AKIAIOSFODNN7EXAMPLE",
      userArn: `arn:aws:iam::${sandbox.app.accountId}:user/AKIAIOSFODNN7EXAMPLE`,
    });
  });

  it("HTTP API: 403 Forbidden unsigned; requestContext.authorizer.iam when signed", async () => {
    const unsigned = await send("/private-http");
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toBe('{"message":"Forbidden"}');
    const signed = await send("/private-http", { headers: { Authorization: SIGNED } });
    expect(signed.status).toBe(200);
    const { requestContext } = (await signed.json()) as { requestContext: { authorizer: { iam: Record<string, unknown> } } };
    expect(requestContext.authorizer.iam).toMatchObject({ accessKey: "AKIAIOSFODNN7EXAMPLE", accountId: sandbox.app.accountId, userId: "AKIAIOSFODNN7EXAMPLE" });
  });
});
