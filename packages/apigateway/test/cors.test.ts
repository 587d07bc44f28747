import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, httpApi, restApi, startGateway } from "./helpers.js";

const ORIGIN = "https://app.example.com";

function preflight(url: string, origin = ORIGIN, method = "POST"): Promise<Response> {
  return fetch(url, { method: "OPTIONS", headers: { Origin: origin, "Access-Control-Request-Method": method } });
}

describe("HTTP API CorsConfiguration", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      httpApi(
        [
          { method: "GET", path: "/items", functionName: "items", payloadFormatVersion: "2.0" },
          { method: "ANY", path: "/any/{proxy+}", functionName: "items", payloadFormatVersion: "2.0" },
          { method: "OPTIONS", path: "/custom", functionName: "options", payloadFormatVersion: "2.0" },
        ],
        {
          cors: {
            allowOrigins: [ORIGIN, "http://*"],
            allowMethods: ["GET", "POST"],
            allowHeaders: ["content-type", "authorization"],
            exposeHeaders: ["x-total"],
            allowCredentials: true,
            maxAge: 300,
          },
        },
      ),
    ]);
    // The function's own CORS headers are ignored when the API configures CORS.
    h.lambda.script("items", () => ({ statusCode: 200, headers: { "Access-Control-Allow-Origin": "*", "x-total": "3" }, body: "[]" }));
    h.lambda.script("options", () => ({ statusCode: 200, body: "own options" }));
  });
  afterAll(() => h.close());

  it("answers a preflight itself with 204 and the configured headers", async () => {
    for (const path of ["/items", "/any/thing", "/not/a/route"]) {
      const res = await preflight(`${h.url}${path}`);
      expect(res.status, path).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(res.headers.get("access-control-allow-methods")).toBe("GET,POST");
      expect(res.headers.get("access-control-allow-headers")).toBe("content-type,authorization");
      expect(res.headers.get("access-control-allow-credentials")).toBe("true");
      expect(res.headers.get("access-control-max-age")).toBe("300");
      expect(res.headers.get("apigw-requestid")).toMatch(/=$/);
      expect(await res.text()).toBe("");
    }
    expect(h.lambda.calls).toHaveLength(0);
  });

  it("accepts scheme wildcards and leaves the CORS headers out for an origin it does not allow", async () => {
    expect((await preflight(`${h.url}/items`, "http://localhost:5173")).headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const denied = await preflight(`${h.url}/items`, "https://evil.example");
    expect(denied.status).toBe(204);
    expect(denied.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("adds the CORS headers to an integration's response for an allowed Origin", async () => {
    const res = await fetch(`${h.url}/items`, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("access-control-expose-headers")).toBe("x-total");
    expect(res.headers.get("x-total")).toBe("3");

    const noOrigin = await fetch(`${h.url}/items`);
    expect(noOrigin.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("leaves OPTIONS without Access-Control-Request-Method, and OPTIONS routes, to the routes", async () => {
    const plain = await fetch(`${h.url}/items`, { method: "OPTIONS", headers: { Origin: ORIGIN } });
    expect(plain.status).toBe(404);
    const own = await preflight(`${h.url}/custom`);
    expect(await own.text()).toBe("own options");
  });
});

describe("REST API Cors (SAM's OPTIONS mock method)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startGateway([
      restApi(
        [
          { method: "GET", path: "/items", functionName: "items", payloadFormatVersion: "1.0" },
          { method: "POST", path: "/items", functionName: "items", payloadFormatVersion: "1.0" },
          { method: "ANY", path: "/things/{id}", functionName: "items", payloadFormatVersion: "1.0" },
        ],
        { cors: { allowOrigins: ["'*'"], allowMethods: [], allowHeaders: ["'Content-Type,X-Api-Key'"], exposeHeaders: [], allowCredentials: false, maxAge: 600 } },
      ),
    ]);
    h.lambda.script("items", () => ({ statusCode: 200, body: "[]" }));
  });
  afterAll(() => h.close());

  it("answers OPTIONS on every resource with 200 and the resource's methods", async () => {
    const res = await fetch(`${h.url}/items`, { method: "OPTIONS" });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-methods")).toBe("GET,OPTIONS,POST");
    expect(res.headers.get("access-control-allow-headers")).toBe("Content-Type,X-Api-Key");
    expect(res.headers.get("access-control-max-age")).toBe("600");
    expect(res.headers.get("content-type")).toBe("application/json");
    // SAM's response template is "{}\n", rendered as written.
    expect(await res.text()).toBe("{}\n");

    const any = await preflight(`${h.url}/Prod/things/1`);
    expect(any.headers.get("access-control-allow-methods")).toBe("DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT");
    expect(h.lambda.calls).toHaveLength(0);
  });

  it("adds nothing to other methods: the function sets its own CORS headers", async () => {
    const res = await fetch(`${h.url}/items`, { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers OPTIONS on an unknown resource with 403", async () => {
    const res = await preflight(`${h.url}/nothing`);
    expect(res.status).toBe(403);
  });
});
