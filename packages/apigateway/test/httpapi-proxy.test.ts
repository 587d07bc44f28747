/**
 * HTTP API HTTP_PROXY integrations ("Create HTTP proxy integrations for HTTP APIs"): real HTTP
 * through the gateway to a node:http endpoint started here, which records what it received.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteConfig } from "../src/index.js";
import { type Harness, httpApi, rawRequest, startGateway } from "./helpers.js";

interface Received {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

const BINARY = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f, 0xc3, 0x28]);

describe("HTTP API HTTP_PROXY integration", () => {
  let h: Harness;
  let upstream: Server;
  let base: string;
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  let arrived: (() => void) | undefined;

  function answer(req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    received.push({ method: req.method ?? "", url: req.url ?? "", rawHeaders: req.rawHeaders, body });
    arrived?.();
    if (req.url?.startsWith("/slow")) {
      held.push(res);
      return;
    }
    if (req.url?.startsWith("/gzip")) {
      res.writeHead(200, { "Content-Type": "text/plain", "Content-Encoding": "gzip" });
      res.end(gzipSync("compressed"));
      return;
    }
    res.writeHead(201, [["X-Upstream", "yes"], ["Set-Cookie", "a=1"], ["Set-Cookie", "b=2"], ["Content-Type", "application/octet-stream"]]);
    res.end(BINARY);
  }

  const last = (): Received => {
    const r = received[received.length - 1];
    if (!r) throw new Error("the endpoint received nothing");
    return r;
  };
  const header = (r: Received, name: string): string[] => {
    const out: string[] = [];
    for (let i = 0; i + 1 < r.rawHeaders.length; i += 2) if (r.rawHeaders[i].toLowerCase() === name) out.push(r.rawHeaders[i + 1]);
    return out;
  };

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => answer(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    const route = (method: string, path: string, uri: string, extra: Partial<RouteConfig> = {}): RouteConfig => ({
      method, path, functionName: "", payloadFormatVersion: "1.0", httpProxy: { uri }, ...extra,
    });
    h = await startGateway([
      httpApi(
        [
          route("ANY", "/proxy/{proxy+}", `${base}/petstore/{proxy}`),
          route("GET", "/items/{id}", `${base}/things/extended/{id}`, { httpProxy: { uri: `${base}/things/extended/{id}`, method: "POST" } }),
          route("GET", "/gzip", `${base}/gzip`),
          route("GET", "/mapped", `${base}/ignored`, {
            parameterMapping: {
              request: { "append:header.x-added": "static", "overwrite:path": "/rewritten/$request.querystring.to", "remove:querystring.to": "''", "append:querystring.from": "$request.header.x-from" },
              response: { "201": { "overwrite:statuscode": "202", "append:header.x-mapped": "$response.header.X-Upstream" } },
            },
          }),
          route("ANY", "$default", `${base}/`, { parameterMapping: { request: { "overwrite:path": "$request.path" } } }),
          route("GET", "/slow", `${base}/slow`, { timeoutMs: 5000 }),
          route("GET", "/down", "http://127.0.0.1:1/nothing"),
        ],
        { cors: { allowOrigins: ["https://app.example"], allowMethods: ["*"], allowHeaders: [], exposeHeaders: [], allowCredentials: false } },
      ),
    ]);
  });

  afterAll(async () => {
    for (const res of held) res.destroy();
    await h.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it("passes the method, the greedy path, the query string, the headers and the body bytes to {proxy}", async () => {
    const res = await rawRequest(h.url, {
      method: "PUT",
      path: "/proxy/a/b%20c/d?x=1&x=2&y=%2F",
      headers: ["Host", "api.example", "Content-Type", "application/octet-stream", "X-Custom", "one", "X-Custom", "two", "Connection", "keep-alive", "Keep-Alive", "timeout=5", "Authorization", "Bearer t"],
      body: BINARY,
    });
    const r = last();
    expect(r.method).toBe("PUT");
    expect(r.url).toBe("/petstore/a/b%20c/d?x=1&x=2&y=%2F");
    expect(header(r, "x-custom")).toEqual(["one", "two"]);
    expect(header(r, "authorization")).toEqual(["Bearer t"]);
    expect(header(r, "host")).toEqual([new URL(base).host]);
    expect(header(r, "x-amzn-trace-id")[0]).toMatch(/^Root=1-/);
    expect(header(r, "forwarded")).toEqual(["by=127.0.0.1;for=127.0.0.1;host=api.example;proto=http"]);
    expect(header(r, "via")).toEqual(["HTTP/1.1 AmazonAPIGateway"]);
    expect(header(r, "keep-alive")).toEqual([]);
    expect(header(r, "content-length")).toEqual([String(BINARY.length)]);
    expect(r.body.equals(BINARY)).toBe(true);

    expect(res.status).toBe(201);
    expect(res.headers["x-upstream"]).toBe("yes");
    expect(res.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(res.headers["content-type"]).toBe("application/octet-stream");
    expect(res.headers["apigw-requestid"]).toBeDefined();
    expect(res.body.equals(BINARY)).toBe(true);
  });

  it("uses IntegrationMethod unless it is ANY, and fills path variables", async () => {
    const res = await fetch(`${h.url}/items/42%2F7`);
    expect(res.status).toBe(201);
    expect(last().method).toBe("POST");
    expect(last().url).toBe("/things/extended/42%2F7");
  });

  it("returns the endpoint's body as it came, Content-Encoding and all", async () => {
    const res = await rawRequest(h.url, { path: "/gzip", headers: [] });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.body.equals(gzipSync("compressed"))).toBe(true);
  });

  it("applies RequestParameters and ResponseParameters", async () => {
    const res = await fetch(`${h.url}/mapped?to=target&keep=1`, { headers: { "x-from": "client" } });
    const r = last();
    expect(r.url).toBe("/rewritten/target?keep=1&from=client");
    expect(header(r, "x-added")).toEqual(["static"]);
    expect(res.status).toBe(202);
    expect(res.headers.get("x-mapped")).toBe("yes");
  });

  it("sends the request's own path where overwrite:path maps $request.path (a $default route)", async () => {
    const res = await fetch(`${h.url}/any/where?q=1`, { method: "DELETE" });
    expect(res.status).toBe(201);
    expect(last().method).toBe("DELETE");
    expect(last().url).toBe("/any/where?q=1");
  });

  it("adds the API's CORS headers to the endpoint's answer", async () => {
    const res = await fetch(`${h.url}/proxy/cors`, { headers: { origin: "https://app.example" } });
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example");
  });

  it("answers 500 Internal Server Error when the endpoint cannot be reached", async () => {
    const res = await fetch(`${h.url}/down`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('{"message":"Internal Server Error"}');
  });

  it("answers 504 when the endpoint outlasts TimeoutInMillis", async () => {
    const reached = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const pending = fetch(`${h.url}/slow`);
    await reached;
    arrived = undefined;
    await h.clock.advance(5000);
    const res = await pending;
    expect(res.status).toBe(504);
    expect(await res.text()).toBe('{"message":"Service Unavailable"}');
    expect(h.warnings.filter((w) => w.includes("/slow"))).toEqual([`${base}/slow did not answer GET /slow within 5000 ms (integration timeout)`]);
  });
});
