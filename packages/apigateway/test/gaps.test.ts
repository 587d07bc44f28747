/**
 * REST API gaps: a request template's $context.requestOverride (header, querystring, path) reaching
 * the integration, $context.responseOverride, and a usage plan's per-method throttle
 * ("Override your API's request and response parameters and status codes for REST APIs";
 * AWS::ApiGateway::UsagePlan ApiStage.Throttle).
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteConfig } from "../src/index.js";
import { type Harness, restApi, startGateway } from "./helpers.js";

interface Seen {
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}

describe("$context.requestOverride in an integration request template", () => {
  let h: Harness;
  let backend: Server;
  const seen: Seen[] = [];
  beforeAll(async () => {
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://x");
        seen.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const http = (path: string, uri: string, template: string, requestParameters: Record<string, string> = {}): RouteConfig => ({
      method: "POST",
      path,
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: { service: "http", uri, httpMethod: "POST", requestParameters, requestTemplates: { "application/json": template }, responses: [{ statusCode: "200" }] },
    });
    const sqs: RouteConfig = {
      method: "POST",
      path: "/queue",
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: {
        service: "sqs",
        path: "123456789012/orders",
        requestTemplates: { "application/json": '#set($context.requestOverride.querystring.MessageBody = $input.json(\'$.order\'))Action=SendMessage' },
        responses: [{ statusCode: "200" }],
      },
    };
    const sqsByTenant: RouteConfig = {
      method: "POST",
      path: "/tenants/{tenant}/queue",
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: {
        service: "sqs",
        path: "123456789012/{queue}",
        requestTemplates: { "application/json": "#set($context.requestOverride.path.queue = \"$input.params('tenant')-orders\")Action=SendMessage&MessageBody=hi" },
        responses: [{ statusCode: "200" }],
      },
    };
    h = await startGateway([
      restApi(
        [
          sqsByTenant,
          http(
            "/items/{id}",
            `${base}/things/{thing}`,
            '#set($context.requestOverride.header.X-Combined = "$input.params(\'id\')-$input.params(\'tenant\')")' +
              '#set($context.requestOverride.querystring.tenant = $input.params(\'tenant\').toUpperCase())' +
              '#set($context.requestOverride.path.thing = "over-$input.params(\'id\')")' +
              '#set($context.requestOverride.header.X-Mapped = "from-template"){"id":"$input.params(\'id\')"}',
            {
              "integration.request.path.thing": "method.request.path.id",
              "integration.request.querystring.tenant": "method.request.querystring.tenant",
              "integration.request.header.X-Mapped": "'from-parameters'",
            },
          ),
          http("/twice", `${base}/twice`, '#set($context.requestOverride.header.X-A = "1")#set($context.requestOverride.header.X-A = "2"){}'),
          sqs,
        ],
        { stageName: "test" },
      ),
    ]);
  });
  afterAll(async () => {
    await h.close();
    await new Promise((resolve) => backend.close(resolve));
  });

  it("overrides the HTTP integration's header, query string and path parameters after RequestParameters", async () => {
    const res = await fetch(`${h.url}/test/items/42?tenant=acme`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
    const last = seen[seen.length - 1];
    expect(last.path).toBe("/things/over-42");
    expect(last.query).toEqual({ tenant: "ACME" });
    expect(last.headers["x-combined"]).toBe("42-acme");
    expect(last.headers["x-mapped"]).toBe("from-template");
    expect(JSON.parse(last.body)).toEqual({ id: "42" });
  });

  it("answers a 500 when the template overrides one parameter twice (overrides are final)", async () => {
    const before = seen.length;
    const res = await fetch(`${h.url}/test/twice`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: "Internal server error" });
    expect(seen).toHaveLength(before);
    expect(h.warnings.join("\n")).toMatch(/override X-A set twice/);
  });

  it("adds a querystring override to an SQS integration's parameters", async () => {
    h.dispatcher.answer = () => ({ MessageId: "m-1", MD5OfMessageBody: "x" });
    const res = await fetch(`${h.url}/test/queue`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ order: { id: 7 } }) });
    expect(res.status).toBe(200);
    const call = h.dispatcher.calls[h.dispatcher.calls.length - 1];
    expect(call).toMatchObject({ service: "sqs", action: "SendMessage", input: { MessageBody: '{"id":7}', QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/orders" } });
  });

  it("fills {name} in an SQS path integration from a path override", async () => {
    h.dispatcher.answer = () => ({ MessageId: "m-2", MD5OfMessageBody: "x" });
    const res = await fetch(`${h.url}/test/tenants/acme/queue`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
    const call = h.dispatcher.calls[h.dispatcher.calls.length - 1];
    expect(call.input).toMatchObject({ MessageBody: "hi", QueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/acme-orders" });
  });
});

describe("$context.responseOverride in an integration response template", () => {
  let h: Harness;
  beforeAll(async () => {
    const mock = (path: string, template: string): RouteConfig => ({
      method: "GET",
      path,
      functionName: "",
      payloadFormatVersion: "1.0",
      awsIntegration: {
        service: "mock",
        requestTemplates: { "application/json": '{"statusCode": 200}' },
        responses: [{ statusCode: "200", responseParameters: { "method.response.header.X-Kind": "'default'" }, responseTemplates: { "application/json": template } }],
      },
    });
    h = await startGateway([
      restApi([
        mock("/over", '#set($context.responseOverride.status = 418)#set($context.responseOverride.header.X-Kind = "teapot"){"overridden":true}'),
        mock("/twice", '#set($context.responseOverride.status = 400)#set($context.responseOverride.status = 401){}'),
      ]),
    ]);
  });
  afterAll(() => h.close());

  it("replaces the method response's status and a mapped header", async () => {
    const res = await fetch(`${h.url}/Prod/over`);
    expect(res.status).toBe(418);
    expect(res.headers.get("x-kind")).toBe("teapot");
    expect(await res.json()).toEqual({ overridden: true });
  });

  it("answers a 500 when the status is overridden twice", async () => {
    const res = await fetch(`${h.url}/Prod/twice`);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ message: "Internal server error" });
  });
});

describe("usage plan per-method throttle (ApiStages[].Throttle)", () => {
  let h: Harness;
  const KEY = "method-key-0123456789";
  beforeAll(async () => {
    const route = (method: string, path: string): RouteConfig => ({ method, path, functionName: "fn", payloadFormatVersion: "1.0", authorization: { apiKeyRequired: true } });
    h = await startGateway([
      restApi([route("GET", "/slow"), route("GET", "/fast")], {
        apiKeys: [
          {
            id: "k1abcdefgh",
            value: KEY,
            enabled: true,
            throttle: { rateLimit: 10, burstLimit: 3 },
            methodThrottles: { "/slow/GET": { rateLimit: 1, burstLimit: 1 } },
          },
        ],
      }),
    ]);
    h.lambda.script("fn", () => ({ statusCode: 200, body: "ok" }));
  });
  afterAll(() => h.close());

  const get = (path: string) => fetch(`${h.url}/Prod${path}`, { headers: { "x-api-key": KEY } });

  it('refuses a method over its own throttle with 429 {"message":"Too Many Requests"}, while the plan still admits other methods', async () => {
    expect((await get("/slow")).status).toBe(200);
    const refused = await get("/slow");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-amzn-errortype")).toBe("TooManyRequestsException");
    expect(await refused.text()).toBe('{"message":"Too Many Requests"}');
    // The refused request took no token from the plan's bucket: two of its three remain.
    expect((await get("/fast")).status).toBe(200);
    expect((await get("/fast")).status).toBe(200);
    expect((await get("/fast")).status).toBe(429);
    await h.clock.advance(1000);
    expect((await get("/slow")).status).toBe(200);
  });
});
