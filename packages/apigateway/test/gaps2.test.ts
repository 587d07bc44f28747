/**
 * REST API gaps (2): $context.authorizer in the mapping templates of non-proxy integrations
 * ("API Gateway mapping template and access logging variable reference": $context.authorizer.principalId,
 * $context.authorizer.<key>, $context.authorizer.claims.<name>) and an integration's contentHandling
 * ("Content type conversions in API Gateway").
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type KeyLike, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteConfig } from "../src/index.js";
import { type Harness, restApi, START, startGateway } from "./helpers.js";

const ALLOW = { Version: "2012-10-17", Statement: [{ Action: "execute-api:Invoke", Effect: "Allow", Resource: "*" }] };

describe("$context.authorizer in mapping templates", () => {
  let h: Harness;
  beforeAll(async () => {
    const authorization = { authorizer: "TokenAuth" };
    const mock: RouteConfig = {
      method: "GET",
      path: "/mock",
      functionName: "",
      payloadFormatVersion: "1.0",
      authorization,
      awsIntegration: {
        service: "mock",
        requestTemplates: { "application/json": '{"statusCode": #if($context.authorizer.tier == "gold")200#{else}403#end}' },
        responses: [
          {
            statusCode: "200",
            responseTemplates: {
              "application/json": '{"principal":"$context.authorizer.principalId","tier":"$context.authorizer.tier","count":"$context.authorizer.count","missing":"$!context.authorizer.nothing"}',
            },
          },
          { statusCode: "403", selectionPattern: "403", responseTemplates: { "application/json": '{"denied":"$context.authorizer.principalId"}' } },
        ],
      },
    };
    const lambda: RouteConfig = {
      method: "POST",
      path: "/lambda",
      functionName: "worker",
      payloadFormatVersion: "1.0",
      authorization,
      awsIntegration: {
        service: "lambda",
        requestTemplates: { "application/json": '{"user":"$context.authorizer.principalId","tier":"$context.authorizer.tier","body":$input.json(\'$\')}' },
        responses: [{ statusCode: "200" }],
      },
    };
    const open: RouteConfig = {
      method: "GET",
      path: "/open",
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: { service: "mock", requestTemplates: { "application/json": '{"statusCode":200}' }, responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"principal":"$!context.authorizer.principalId"}' } }] },
    };
    h = await startGateway([
      restApi([mock, lambda, open], {
        authorizers: [{ name: "TokenAuth", type: "TOKEN", functionName: "auth", identitySources: ["method.request.header.Authorization"], ttlSeconds: 0 }],
      }),
    ]);
    h.lambda.script("auth", (event) => {
      const token = String(event.authorizationToken);
      if (token === "gold") return { principalId: "user-1", policyDocument: ALLOW, context: { tier: "gold", count: 3 } };
      if (token === "silver") return { principalId: "user-2", policyDocument: ALLOW, context: { tier: "silver" } };
      throw new Error("Unauthorized");
    });
    h.lambda.script("worker", (event) => ({ received: event }));
  });
  afterAll(() => h.close());

  it("gives a response template the Lambda authorizer's principalId and context keys (as strings)", async () => {
    const res = await fetch(`${h.url}/mock`, { headers: { Authorization: "gold" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ principal: "user-1", tier: "gold", count: "3", missing: "" });
  });

  it("gives a request template the authorizer's context (a MOCK integration's status chosen by it)", async () => {
    const res = await fetch(`${h.url}/mock`, { headers: { Authorization: "silver" } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ denied: "user-2" });
  });

  it("maps $context.authorizer into a non-proxy Lambda integration's event", async () => {
    const res = await fetch(`${h.url}/lambda`, { method: "POST", headers: { Authorization: "gold", "content-type": "application/json" }, body: '{"a":1}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: { user: "user-1", tier: "gold", body: { a: 1 } } });
  });

  it("leaves $context.authorizer empty on a route without an authorizer", async () => {
    const res = await fetch(`${h.url}/open`);
    expect(await res.json()).toEqual({ principal: "" });
  });
});

describe("$context.authorizer.claims of a Cognito user pool authorizer", () => {
  let h: Harness;
  let issuer: Server;
  let privateKey: KeyLike;
  let issuerUrl = "";
  const now = Math.floor(START / 1000);

  beforeAll(async () => {
    const keys = await generateKeyPair("RS256");
    privateKey = keys.privateKey;
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    issuer = createServer((req, res) => {
      if (req.url?.endsWith("/.well-known/jwks.json")) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => issuer.listen(0, "127.0.0.1", resolve));
    issuerUrl = `http://127.0.0.1:${(issuer.address() as AddressInfo).port}/us-east-1_Pool1`;
    const route: RouteConfig = {
      method: "GET",
      path: "/me",
      functionName: "",
      payloadFormatVersion: "1.0",
      authorization: { authorizer: "Pool" },
      awsIntegration: {
        service: "mock",
        requestTemplates: { "application/json": '{"statusCode":200}' },
        responses: [{ statusCode: "200", responseTemplates: { "application/json": '{"sub":"$context.authorizer.claims.sub","email":"$context.authorizer.claims.email","groups":"$context.authorizer.claims[\'cognito:groups\']"}' } }],
      },
    };
    h = await startGateway(
      [restApi([route], { authorizers: [{ name: "Pool", type: "COGNITO_USER_POOLS", providerArns: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool1"] }] })],
      { cognitoIssuer: () => issuerUrl },
    );
  });
  afterAll(async () => {
    await h.close();
    await new Promise<void>((resolve) => issuer.close(() => resolve()));
  });

  it("gives the template the ID token's claims (strings; a list comma-separated)", async () => {
    const token = await new SignJWT({ token_use: "id", email: "a@example.com", "cognito:groups": ["admins", "dev"] })
      .setProtectedHeader({ alg: "RS256", kid: "k1" })
      .setIssuer(issuerUrl)
      .setSubject("sub-42")
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey);
    const res = await fetch(`${h.url}/me`, { headers: { Authorization: token } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sub: "sub-42", email: "a@example.com", groups: "admins,dev" });
  });
});

describe("contentHandling of non-proxy integrations", () => {
  let h: Harness;
  let backend: Server;
  const received = new Map<string, Buffer>();
  /** Bytes no UTF-8 round trip keeps. */
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80]);

  beforeAll(async () => {
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        received.set(req.url ?? "", Buffer.concat(chunks));
        if (req.url === "/image") res.writeHead(200, { "content-type": "image/png" }).end(PNG);
        else res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const http = (method: string, path: string, extra: Partial<NonNullable<RouteConfig["awsIntegration"]>>, response: Record<string, unknown> = {}): RouteConfig => ({
      method,
      path,
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: { service: "http", uri: `${base}${path}`, httpMethod: method, responses: [{ statusCode: "200", ...response }], ...extra },
    });
    h = await startGateway([
      restApi(
        [
          http("POST", "/to-text", { contentHandling: "CONVERT_TO_TEXT", requestTemplates: { "image/png": '{"data":"$input.body"}' } }),
          http("POST", "/raw", {}),
          {
            method: "POST",
            path: "/upload",
            functionName: "uploader",
            payloadFormatVersion: "1.0",
            awsIntegration: { service: "lambda", contentHandling: "CONVERT_TO_TEXT", requestTemplates: { "image/png": '{"content":"$input.body"}' }, responses: [{ statusCode: "200" }] },
          },
          http("POST", "/to-binary", { contentHandling: "CONVERT_TO_BINARY" }),
          http("GET", "/image", {}, { contentHandling: "CONVERT_TO_TEXT", responseTemplates: { "application/json": '{"image":"$input.body"}' } }),
          {
            method: "GET",
            path: "/mock-binary",
            functionName: "",
            payloadFormatVersion: "1.0",
            awsIntegration: {
              service: "mock",
              requestTemplates: { "application/json": '{"statusCode":200}' },
              responses: [{ statusCode: "200", contentHandling: "CONVERT_TO_BINARY", responseTemplates: { "application/json": "aGVsbG8gd29ybGQ=" } }],
            },
          },
        ],
        { binaryMediaTypes: ["image/png"] },
      ),
    ]);
    h.lambda.script("uploader", (event) => ({ size: Buffer.from(String(event.content), "base64").length, content: event.content }));
  });
  afterAll(async () => {
    await h.close();
    await new Promise<void>((resolve) => backend.close(() => resolve()));
  });

  it("CONVERT_TO_TEXT gives the request template a binary body as base64", async () => {
    const res = await fetch(`${h.url}/to-text`, { method: "POST", headers: { "content-type": "image/png" }, body: PNG });
    expect(res.status).toBe(200);
    expect(JSON.parse(String(received.get("/to-text")))).toEqual({ data: PNG.toString("base64") });
  });

  it("CONVERT_TO_TEXT hands a non-proxy Lambda integration a binary upload as base64", async () => {
    const res = await fetch(`${h.url}/upload`, { method: "POST", headers: { "content-type": "image/png" }, body: PNG });
    expect(await res.json()).toEqual({ size: PNG.length, content: PNG.toString("base64") });
  });

  it("passes a binary body (binaryMediaTypes) through unchanged without contentHandling", async () => {
    await fetch(`${h.url}/raw`, { method: "POST", headers: { "content-type": "image/png" }, body: PNG });
    expect(received.get("/raw")).toEqual(PNG);
  });

  it("CONVERT_TO_BINARY base64-decodes a text body", async () => {
    await fetch(`${h.url}/to-binary`, { method: "POST", headers: { "content-type": "text/plain" }, body: PNG.toString("base64") });
    expect(received.get("/to-binary")).toEqual(PNG);
  });

  it("CONVERT_TO_TEXT on the integration response gives the response template the binary answer as base64", async () => {
    const res = await fetch(`${h.url}/image`, { headers: { accept: "application/json" } });
    expect(await res.json()).toEqual({ image: PNG.toString("base64") });
  });

  it("CONVERT_TO_BINARY on the integration response base64-decodes the mapped answer", async () => {
    const res = await fetch(`${h.url}/mock-binary`);
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe("hello world");
  });
});

describe("binaryMediaTypes without contentHandling on the integration response", () => {
  let h: Harness;
  let backend: Server;
  const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);

  beforeAll(async () => {
    backend = createServer((_req, res) => res.writeHead(200, { "content-type": "image/png" }).end(PNG));
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const uri = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/image`;
    h = await startGateway([
      restApi([{ method: "GET", path: "/image", functionName: "", payloadFormatVersion: "1.0", awsIntegration: { service: "http", uri, httpMethod: "GET", responses: [{ statusCode: "200" }] } }], {
        binaryMediaTypes: ["image/png"],
      }),
    ]);
  });
  afterAll(async () => {
    await h.close();
    await new Promise<void>((resolve) => backend.close(() => resolve()));
  });

  it("answers a binary Accept with the bytes", async () => {
    const res = await fetch(`${h.url}/image`, { headers: { accept: "image/png" } });
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
  });

  it("answers a text Accept with the bytes base64-encoded", async () => {
    const res = await fetch(`${h.url}/image`, { headers: { accept: "application/json" } });
    expect(await res.text()).toBe(PNG.toString("base64"));
  });
});
